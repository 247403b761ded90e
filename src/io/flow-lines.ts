/**
 * Reading NDJSON flow files (or stdin, `-`) as a stream of lines in constant memory: chunks are split
 * on newlines as bytes, so a million records never sit in memory at once; a line longer than
 * OVERSIZE_LINE_BYTES is skipped (reported with its size) instead of being buffered.
 */
import fs from 'node:fs';
import { ExitCode, RiptidesError, usageError } from '../core/errors';
import { MAX_FLOW_LINE_BYTES } from '../core/flows/record';

/** Replay reads small chunks (their lines die young, so the heap stays small); a line search reads big ones. */
const CHUNK = 1 << 16;
const SCAN_CHUNK = 1 << 20;
/** Lines above this are not buffered whole (they fail the schema's line limit anyway). */
export const OVERSIZE_LINE_BYTES = 4 * MAX_FLOW_LINE_BYTES;

export interface LineBatch {
  /** The lines of one chunk, in order; an oversize line is '' here and listed in `oversize`. */
  lines: string[];
  /** 1-based line number of `lines[0]`. */
  firstLine: number;
  /** Line number → byte length, for lines longer than OVERSIZE_LINE_BYTES. */
  oversize: Map<number, number> | null;
}

/** Name shown in messages for a flow source. */
export const flowSourceName = (source: string) => (source === '-' ? '<stdin>' : source);

function openStream(source: string, chunk = CHUNK): AsyncIterable<Buffer> {
  if (source === '-') return process.stdin;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    throw usageError(`${source}: no such file`, [
      'give an NDJSON flow file (one record a line), or - for stdin',
    ]);
  }
  if (stat.isDirectory()) throw usageError(`${source} is a directory; --flows takes one NDJSON file or -`);
  return fs.createReadStream(source, { highWaterMark: chunk });
}

function readError(source: string, err: unknown): RiptidesError {
  return new RiptidesError(`${flowSourceName(source)}: cannot read: ${(err as Error).message}`, {
    code: 'unreadable-file',
    exitCode: ExitCode.FINDINGS,
    cause: err,
  });
}

/** Call `onBatch` for every chunk's complete lines, in order; resolves with the number of lines. */
export async function readLineBatches(source: string, onBatch: (batch: LineBatch) => void): Promise<number> {
  let carry: Buffer | null = null;
  let skipping = 0; // bytes of an oversize line being skipped
  let line = 1;
  const flush = (buf: Buffer, end: number) => {
    const text = buf.toString('utf8', 0, end);
    const lines = text.split('\n');
    onBatch({ lines, firstLine: line, oversize: null });
    line += lines.length;
  };
  try {
    for await (const raw of openStream(source)) {
      let chunk = raw as Buffer;
      if (skipping > 0) {
        const nl = chunk.indexOf(10);
        if (nl === -1) {
          skipping += chunk.length;
          continue;
        }
        skipping += nl;
        onBatch({ lines: [''], firstLine: line, oversize: new Map([[line, skipping]]) });
        line++;
        skipping = 0;
        chunk = chunk.subarray(nl + 1);
      }
      const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const last = buf.lastIndexOf(10);
      if (last === -1) {
        if (buf.length > OVERSIZE_LINE_BYTES) {
          skipping = buf.length;
          carry = null;
        } else carry = buf;
        continue;
      }
      flush(buf, last);
      carry = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : null;
    }
  } catch (err) {
    if (err instanceof RiptidesError) throw err;
    throw readError(source, err);
  }
  if (skipping > 0) {
    onBatch({ lines: [''], firstLine: line, oversize: new Map([[line, skipping]]) });
    line++;
  } else if (carry && carry.length > 0) {
    onBatch({ lines: [carry.toString('utf8')], firstLine: line, oversize: null });
    line++;
  }
  return line - 1;
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
 * undefined. Counts newlines as bytes, so finding line 1,000,000 of a large file takes a moment.
 */
export async function readFlowLine(
  source: string,
  line: number | undefined,
): Promise<{ text: string; line: number } | { lines: number }> {
  let current = 1;
  let parts: Buffer[] = [];
  let collecting = line === 1 || line === undefined;
  let size = 0;
  let endsWithNewline = false;
  const done = (): { text: string; line: number } | null => {
    const text = Buffer.concat(parts).toString('utf8');
    if (line === undefined && text.trim() === '') {
      parts = [];
      size = 0;
      current++;
      return null;
    }
    return { text, line: current };
  };
  try {
    for await (const raw of openStream(source, SCAN_CHUNK)) {
      let chunk = raw as Buffer;
      if (chunk.length > 0) endsWithNewline = chunk[chunk.length - 1] === 10;
      let pos = 0;
      while (pos < chunk.length) {
        const nl = chunk.indexOf(10, pos);
        if (collecting) {
          const end = nl === -1 ? chunk.length : nl;
          if (size <= OVERSIZE_LINE_BYTES) parts.push(chunk.subarray(pos, end));
          size += end - pos;
          if (nl === -1) break;
          const r = done();
          if (r) return r;
          pos = nl + 1;
          continue;
        }
        if (nl === -1) break;
        current++;
        pos = nl + 1;
        if (current === line) collecting = true;
      }
      chunk = Buffer.alloc(0);
    }
  } catch (err) {
    if (err instanceof RiptidesError) throw err;
    throw readError(source, err);
  }
  if (collecting && size > 0) {
    const r = done();
    if (r) return r;
  }
  return { lines: endsWithNewline || collecting ? current - 1 : current };
}
