/**
 * Reading NDJSON flow files (or stdin, `-`) line by line in constant memory: bytes are split on
 * newlines in one reused buffer, so a million records never sit in memory at once; a line longer
 * than OVERSIZE_LINE_BYTES is skipped (reported with its size) instead of being buffered.
 */
import fs from 'node:fs';
import { ExitCode, RiptidesError, usageError } from '../core/errors';
import { MAX_FLOW_LINE_BYTES } from '../core/flows/record';

/**
 * One reused buffer: lines are handed out as byte ranges of it, never copied into strings here, so
 * reading a million records allocates next to nothing (the stream's chunks are copied into it too).
 * It must hold a whole line of up to OVERSIZE_LINE_BYTES plus a read.
 */
const BUFFER_BYTES = 1 << 20;
/** Lines above this are not buffered whole (they fail the schema's line limit anyway). */
export const OVERSIZE_LINE_BYTES = 4 * MAX_FLOW_LINE_BYTES;

/** Receives the lines of a flow source in order. */
export interface LineSink {
  /**
   * Line `line` (1-based) is `buf[start, end)`, without its `\n` (a `\r` before it stays). The bytes
   * are overwritten after the call returns. Return `false` to stop reading.
   */
  line(buf: Buffer, start: number, end: number, line: number): boolean | void;
  /** Line `line` is longer than OVERSIZE_LINE_BYTES: `bytes` long, skipped without being buffered. */
  oversize(line: number, bytes: number): boolean | void;
}

/** Name shown in messages for a flow source. */
export const flowSourceName = (source: string) => (source === '-' ? '<stdin>' : source);

export function statSource(source: string): fs.Stats | undefined {
  if (source === '-') return undefined;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    throw usageError(`${source}: no such file`, [
      'give an NDJSON flow file (one record a line), or - for stdin',
    ]);
  }
  if (stat.isDirectory()) throw usageError(`${source} is a directory; --flows takes one NDJSON file or -`);
  return stat;
}

export function readError(source: string, err: unknown): RiptidesError {
  return new RiptidesError(`${flowSourceName(source)}: cannot read: ${(err as Error).message}`, {
    code: 'unreadable-file',
    exitCode: ExitCode.USAGE,
    cause: err,
  });
}

/** Splits bytes written into its buffer into lines for a sink; an incomplete line is carried over. */
class LineSplitter {
  readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  /** Bytes of an incomplete line at buf[0, have). */
  have = 0;
  /** Bytes so far of an oversize line being skipped, or -1. */
  private skipping = -1;
  private lineNo = 1;
  stopped = false;

  constructor(private readonly sink: LineSink) {}

  get lines(): number {
    return this.lineNo - 1;
  }

  /** `n` new bytes were written at buf[have, have + n). */
  commit(n: number): void {
    const end = this.have + n;
    const view = this.buf.subarray(0, end);
    const sink = this.sink;
    let pos = 0;
    let scan = this.have; // the carried bytes hold no newline
    if (this.skipping >= 0) {
      const nl = view.indexOf(10);
      if (nl === -1) {
        this.skipping += n;
        this.have = 0;
        return;
      }
      const bytes = this.skipping + nl;
      this.skipping = -1;
      pos = scan = nl + 1;
      if (sink.oversize(this.lineNo++, bytes) === false) return this.stop();
    }
    for (;;) {
      const nl = view.indexOf(10, scan);
      if (nl === -1) break;
      const r =
        nl - pos > OVERSIZE_LINE_BYTES
          ? sink.oversize(this.lineNo++, nl - pos)
          : sink.line(view, pos, nl, this.lineNo++);
      pos = scan = nl + 1;
      if (r === false) return this.stop();
    }
    const rest = end - pos;
    if (rest > OVERSIZE_LINE_BYTES) {
      this.skipping = rest;
      this.have = 0;
    } else {
      if (pos > 0 && rest > 0) this.buf.copyWithin(0, pos, end);
      this.have = rest;
    }
  }

  /** Copy a chunk of a stream in (in pieces when it does not fit). */
  push(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length && !this.stopped) {
      const n = Math.min(BUFFER_BYTES - this.have, chunk.length - off);
      chunk.copy(this.buf, this.have, off, off + n);
      off += n;
      this.commit(n);
    }
  }

  /** End of input: a last line without a newline is a line too. */
  finish(): void {
    if (this.stopped) return;
    if (this.skipping >= 0) this.sink.oversize(this.lineNo++, this.skipping);
    else if (this.have > 0) this.sink.line(this.buf.subarray(0, this.have), 0, this.have, this.lineNo++);
    this.skipping = -1;
    this.have = 0;
  }

  private stop(): void {
    this.stopped = true;
  }
}

/**
 * Hand the lines of bytes [start, end) of a regular file to `sink` (the first numbered 1); `start` must
 * be a line's first byte and `end` the end of the file or a line's first byte, so that the ranges of a
 * file cut with `lineCuts` give the lines `readLines` gives. Returns the number of lines. Synchronous
 * (the scanning worker threads read this way); throws the read's own error.
 */
export function readLineRange(fd: number, start: number, end: number, sink: LineSink): number {
  const split = new LineSplitter(sink);
  let pos = start;
  while (!split.stopped && pos < end) {
    const want = Math.min(BUFFER_BYTES - split.have, end - pos);
    const n = fs.readSync(fd, split.buf, split.have, want, pos);
    if (n === 0) break;
    pos += n;
    split.commit(n);
  }
  split.finish();
  return split.lines;
}

/**
 * Byte offsets cutting a regular file of `size` bytes near the positions `at` (ascending), each cut
 * just after a newline: [0, c1, …, size] (a cut that would fall in the last line, or on a previous
 * cut, is left out).
 */
export function lineCuts(fd: number, size: number, at: readonly number[]): number[] {
  const cuts = [0];
  const buf = Buffer.allocUnsafe(65536);
  for (const want of at) {
    let pos = Math.max(Math.floor(want), cuts[cuts.length - 1]);
    let cut = -1;
    while (pos < size) {
      const n = fs.readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
      if (n === 0) break;
      const nl = buf.subarray(0, n).indexOf(10);
      if (nl !== -1) {
        cut = pos + nl + 1;
        break;
      }
      pos += n;
    }
    if (cut === -1 || cut >= size) break;
    if (cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  cuts.push(size);
  return cuts;
}

/**
 * Hand every line of a flow source to `sink`, in order, until it returns `false`; resolves with the
 * number of lines read. A regular file is read synchronously into the splitter's buffer (no stream,
 * no chunk allocations); stdin and other non-regular files through a stream.
 */
export async function readLines(source: string, sink: LineSink): Promise<number> {
  const stat = statSource(source);
  const split = new LineSplitter(sink);
  try {
    if (stat?.isFile()) {
      const fd = fs.openSync(source, 'r');
      try {
        while (!split.stopped) {
          const n = fs.readSync(fd, split.buf, split.have, BUFFER_BYTES - split.have, null);
          if (n === 0) break;
          split.commit(n);
        }
      } finally {
        fs.closeSync(fd);
      }
    } else {
      const stream = source === '-' ? process.stdin : fs.createReadStream(source);
      for await (const chunk of stream) {
        split.push(chunk as Buffer);
        if (split.stopped) break;
      }
    }
  } catch (err) {
    if (err instanceof RiptidesError) throw err;
    throw readError(source, err);
  }
  split.finish();
  return split.lines;
}

/** `FILE:LINE` → file and line (`FILE` alone: line undefined). A path that exists as given wins. */
export function parseFlowSpec(spec: string): { source: string; line?: number } {
  if (spec === '-' || fs.existsSync(spec)) return { source: spec };
  const m = /^(.*):(\d+)$/.exec(spec);
  if (!m) return { source: spec };
  const line = Number(m[2]);
  if (line < 1) throw usageError(`--flow ${spec}: line numbers start at 1`);
  return { source: m[1], line };
}

/**
 * The text of line `line` (1-based) of a flow file, or of its first non-blank line when `line` is
 * undefined; reading stops there (nothing after it is read). A line longer than OVERSIZE_LINE_BYTES
 * comes back as its size only. `{ lines }` when there is no such line.
 */
export async function readFlowLine(
  source: string,
  line: number | undefined,
): Promise<{ text: string; line: number } | { bytes: number; line: number } | { lines: number }> {
  let found: { text: string; line: number } | { bytes: number; line: number } | undefined;
  const total = await readLines(source, {
    line(buf, start, end, n) {
      if (line !== undefined && n !== line) return true;
      const text = buf.toString('utf8', start, end);
      if (line === undefined && text.trim() === '') return true;
      found = { text, line: n };
      return false;
    },
    oversize(n, bytes) {
      if (line !== undefined && n !== line) return true;
      found = { bytes, line: n };
      return false;
    },
  });
  return found ?? { lines: total };
}
