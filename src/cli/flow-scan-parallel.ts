/**
 * `simulate --flows` on a large regular file with more than one core. Worker threads
 * (src/io/flow-scan-worker.ts) scan the back of the file in byte ranges cut at newlines, while this
 * thread loads the manifests and then replays the front itself. Between its own lines, this thread
 * takes the workers' batches as they come and counts the lines whose effect does not depend on their
 * place (FlowReplay.countInAnyOrder: a cached key, agreeing, its pair and verdict already seen — most
 * lines); every other line of a worker (a new key, a disagreement, a slow-path or bad line) waits, and
 * is replayed in file order once the front is done, with the line numbers of the one-thread loop. So
 * the report is the one-thread report. A worker's line is read again (pread) only when its record is
 * needed.
 * Opt-in, as a worker costs ≈ 30 MiB of RSS, which takes the replay of the 2,000-workload bench past
 * its 200 MB bound, for ≈ 20 % less wall time when the second core is free (docs/performance.md):
 * RIPTIDES_FLOW_THREADS=N sets the number of threads in all (1: no worker) at any file size;
 * RIPTIDES_FLOW_THREADS_AUTO=1 uses one worker per spare core (at most three) from FLOW_THREADS_MIN_BYTES.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MessagePort, Worker } from 'node:worker_threads';
import {
  disagreementView,
  oversizeFlowLine,
  parseFlowLine,
  type DisagreementView,
  type FlowRecord,
  type FlowReplay,
} from '../core/flows';
import { VERDICTS } from '../core/manifest/types';
import { lineCuts, readError, readLineRange, statSource, type LineSink } from '../io/flow-lines';
import { FlowLineScanner, SCAN_OK, SCAN_SLOW } from '../core/flows/scan';
import {
  batchBuffers,
  KIND_BLANK,
  KIND_OK,
  KIND_OVERSIZE,
  type BatchArrays,
  type ScanBatch,
  type ScanMessage,
  type ScanWorkerData,
} from '../io/flow-scan-protocol';

/** Files smaller than this are replayed on this thread alone (a worker's start-up would cost more). */
const FLOW_THREADS_MIN_BYTES = 32 << 20;
/** At most this many scanning workers. */
const MAX_WORKERS = 3;
/**
 * The share of the file this thread replays itself (the front). It also loads the manifests and
 * evaluates the keys (most are first seen in the front), and counts the workers' lines (≈ 0.2 µs a
 * line against ≈ 1.7 µs to scan one), so the workers take the larger part.
 */
const MAIN_SHARE = 0.35;
/** A worker's young generation (MiB): its garbage is short-lived; a small one keeps the RSS down. */
const WORKER_YOUNG_MB = 4;
/** This thread takes the workers' batches every so many of its own lines. */
const TAKE_EVERY_LINES = 8192;
/** Progress is reported at most this often. */
const PROGRESS_MS = 250;

/** The worker's script next to this module's build output (dist/io; the bundle is in dist/bundle). */
function workerScript(): string | undefined {
  try {
    const file = path.join(__dirname, '..', 'io', 'flow-scan-worker.js');
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined; // no __dirname (a single-executable build): one thread
  }
}

/** How many workers for a file of `size` bytes (0: this thread alone). */
function workerCount(size: number): number {
  const env = process.env.RIPTIDES_FLOW_THREADS;
  if (env !== undefined && env !== '') {
    const n = Math.floor(Number(env));
    return n >= 2 ? Math.min(n - 1, 16) : 0;
  }
  if (process.env.RIPTIDES_FLOW_THREADS_AUTO !== '1' || process.env.RIPTIDES_NO_WORKERS === '1') return 0;
  if (size < FLOW_THREADS_MIN_BYTES) return 0;
  return Math.min(os.availableParallelism() - 1, MAX_WORKERS);
}

/** A line's record, read again from the file when the replay asks for it. */
class LineRecord {
  offset = 0;
  length = 0;
  private variantNo = -1;
  private scanOk: boolean | undefined = undefined;
  private parsed: FlowRecord | null = null;
  private lineText: string | undefined = undefined;
  private read = false;
  private buf = Buffer.allocUnsafe(1 << 16);
  /** Scans a line again for its variant and what a disagreement reads. */
  private readonly again = new FlowLineScanner();

  /** `numbering`: the scanner whose variant numbers the replay sees for this thread's own lines. */
  constructor(
    private readonly fd: number,
    private readonly numbering: FlowLineScanner,
  ) {}

  at(offset: number, length: number): this {
    this.offset = offset;
    this.length = length;
    this.scanOk = undefined;
    this.parsed = null;
    this.lineText = undefined;
    this.read = false;
    return this;
  }

  /** The line scanned again, once (for its variant and its view): whether the fast path reads it. */
  private scanned(): boolean {
    if (this.scanOk === undefined) {
      this.scanOk = this.again.scan(this.bytes(), 0, this.length) === SCAN_OK;
      this.variantNo = this.scanOk ? this.numbering.variantNumber(this.again.variantText()) : -1;
    }
    return this.scanOk;
  }

  /** FlowLineScanner.variant() of the line, numbered as this thread's own lines are. */
  variant(): number {
    this.scanned();
    return this.variantNo;
  }

  /** What a disagreement's codes read, from the scan `variant` made (no parse of the record). */
  disagreementView(): DisagreementView {
    return this.scanned() ? this.again.disagreementView() : disagreementView(this.record());
  }

  /** The line's bytes, in a buffer reused for the next line. */
  bytes(): Buffer {
    if (this.read) return this.buf;
    if (this.buf.length < this.length) this.buf = Buffer.allocUnsafe(this.length);
    let got = 0;
    while (got < this.length) {
      const n = fs.readSync(this.fd, this.buf, got, this.length - got, this.offset + got);
      if (n === 0) throw new Error('the file became shorter while it was read');
      got += n;
    }
    this.read = true;
    return this.buf;
  }

  /** As FlowLineScanner.record(): the fast path checked it, printable ASCII. */
  record(): FlowRecord {
    if (!this.parsed) this.parsed = JSON.parse(this.text()) as FlowRecord;
    return this.parsed;
  }

  /** The line's text (what `record()` parses). */
  text(): string {
    return (this.lineText ??= this.bytes().toString('latin1', 0, this.length));
  }
}

/** Lines of a worker kept to be replayed in order: by position, the line's index in the worker's range, kind, key, time and bytes. */
class WaitingLines {
  n = 0;
  index = new Float64Array(1024);
  kind = new Uint8Array(1024);
  keyWords: (Int32Array | null)[] = [];
  keyLength = new Int32Array(1024);
  time = new Float64Array(1024);
  offset = new Float64Array(1024);
  length = new Int32Array(1024);

  push(
    index: number,
    kind: number,
    words: Int32Array | null,
    len: number,
    time: number,
    offset: number,
    length: number,
  ): void {
    const i = this.n++;
    if (i === this.kind.length) this.grow();
    this.index[i] = index;
    this.kind[i] = kind;
    this.keyWords.push(words);
    this.keyLength[i] = len;
    this.time[i] = time;
    this.offset[i] = offset;
    this.length[i] = length;
  }

  private grow(): void {
    const more = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(2 * a.length);
      b.set(a);
      return b;
    };
    this.index = more(this.index);
    this.kind = more(this.kind);
    this.keyLength = more(this.keyLength);
    this.time = more(this.time);
    this.offset = more(this.offset);
    this.length = more(this.length);
  }
}

/** One worker: its batches, taken as they come, and the lines that wait for their turn. */
class WorkerLines {
  done = false;
  failure: string | undefined;
  /** Lines received so far. */
  lines = 0;
  readonly waiting = new WaitingLines();
  /** By the worker's key number: the key's words and bytes, the replay's id for it (or -1) and that id's serial. */
  private keyWords: Int32Array[] = [];
  private keyLengths: number[] = [];
  private ids = new Int32Array(0);
  private serials = new Float64Array(0);

  constructor(
    readonly worker: Worker,
    readonly port: MessagePort,
    readonly signal: Int32Array,
    private readonly receive: typeof import('node:worker_threads').receiveMessageOnPort,
  ) {
    worker.on('error', (err: Error) => (this.failure ??= err.message));
    worker.on('exit', (code) => {
      if (code !== 0 && !this.done) this.failure ??= `the scanning thread stopped (exit code ${code})`;
    });
  }

  /** Take every batch already posted (never waits); false once the worker is done. */
  takeAvailable(replay: FlowReplay): boolean {
    while (!this.done) {
      const m = this.receive(this.port);
      if (!m) return true;
      this.handle(m.message as ScanMessage, replay);
    }
    return false;
  }

  /** Take batches until the worker is done, waiting for them. */
  async takeAll(replay: FlowReplay, source: string): Promise<void> {
    const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const more = this.takeAvailable(replay);
      if (this.failure !== undefined) throw readError(source, new Error(this.failure));
      if (!more) return;
      const w = waitAsync(this.signal, 0, seen, 500);
      if (w.async) await w.value;
    }
  }

  private handle(m: ScanMessage, replay: FlowReplay): void {
    if (m.t === 'done') {
      this.done = true;
      return;
    }
    if (m.t === 'error') {
      this.failure ??= m.message;
      this.done = true;
      return;
    }
    this.take(m, replay);
    // its arrays back to the worker, to be filled again
    const { kinds, keys, times, offsets, lengths } = m;
    const arrays: BatchArrays = { kinds, keys, times, offsets, lengths };
    this.port.postMessage(arrays, batchBuffers(arrays));
  }

  /** Count what may be counted now; keep the rest for its turn. */
  private take(b: ScanBatch, replay: FlowReplay): void {
    if (b.reset) {
      this.keyWords = [];
      this.keyLengths = [];
    }
    for (let j = 0; j < b.newKeys.length; j++) {
      this.keyWords.push(b.newKeys[j]);
      this.keyLengths.push(b.newKeyLengths[j]);
    }
    if (b.reset) this.ids.fill(-1);
    if (this.ids.length < this.keyWords.length) {
      const size = Math.max(1024, 2 * this.keyWords.length);
      const ids = new Int32Array(size).fill(-1);
      ids.set(this.ids);
      this.ids = ids;
      const serials = new Float64Array(size);
      serials.set(this.serials);
      this.serials = serials;
    }
    const { kinds, keys, times, offsets, lengths } = b;
    const ids = this.ids;
    const serials = this.serials;
    const waiting = this.waiting;
    for (let i = 0; i < b.n; i++) {
      const kind = kinds[i];
      if (kind >= KIND_OK) {
        const k = keys[i];
        let id = ids[k];
        if (id < 0 || replay.idSerial(id) !== serials[k]) {
          id = replay.cachedId(this.keyWords[k], this.keyLengths[k]);
          ids[k] = id;
          if (id >= 0) serials[k] = replay.idSerial(id);
        }
        if (id >= 0 && replay.countInAnyOrder(id, kind - KIND_OK, times[i])) continue;
        waiting.push(
          this.lines + i,
          kind,
          this.keyWords[k],
          this.keyLengths[k],
          times[i],
          offsets[i],
          lengths[i],
        );
      } else if (kind !== KIND_BLANK) waiting.push(this.lines + i, kind, null, 0, 0, offsets[i], lengths[i]);
    }
    this.lines += b.n;
  }
}

type WaitAsync = (
  a: Int32Array,
  index: number,
  value: number,
  timeout: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };

export interface ParallelScan {
  /** Replay every line into `replay`, as the one-thread loop would; `onProgress(lines)` now and then. */
  replay(replay: FlowReplay, onProgress?: (lines: number) => void): Promise<void>;
  /** Stop the workers (after `replay`, or when the command fails before it). */
  close(): Promise<void>;
}

/**
 * Start scanning the back of `source` on worker threads when it is a regular file large enough (or
 * RIPTIDES_FLOW_THREADS says so) and the worker's script is there; undefined: use replayFlowSource.
 */
export function startParallelScan(source: string): ParallelScan | undefined {
  if (source === '-') return undefined;
  let stat: fs.Stats | undefined;
  try {
    stat = statSource(source);
  } catch {
    return undefined; // the one-thread path gives the error, after the manifests' own
  }
  if (!stat?.isFile()) return undefined;
  const n = workerCount(stat.size);
  const script = n >= 1 ? workerScript() : undefined;
  if (!script) return undefined;
  const size = stat.size;
  let fd: number;
  let cuts: number[];
  try {
    fd = fs.openSync(source, 'r');
    const front = size * MAIN_SHARE;
    cuts = lineCuts(
      fd,
      size,
      Array.from({ length: n }, (_, i) => front + ((size - front) * i) / n),
    );
  } catch {
    return undefined;
  }
  const threads = require('node:worker_threads') as typeof import('node:worker_threads');
  // the first range is this thread's
  const mainEnd = cuts[1];
  const workers: WorkerLines[] = [];
  for (let i = 1; i + 1 < cuts.length; i++) {
    const { port1, port2 } = new threads.MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const data: ScanWorkerData = {
      kind: 'flow-scan',
      file: source,
      start: cuts[i],
      end: cuts[i + 1],
      port: port2,
      signal,
    };
    const worker = new threads.Worker(script, {
      workerData: data,
      transferList: [port2],
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      stdout: false,
      stderr: false,
    });
    workers.push(new WorkerLines(worker, port1, signal, threads.receiveMessageOnPort));
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.all(
      workers.map((w) => {
        w.port.close();
        return w.worker.terminate();
      }),
    );
    fs.closeSync(fd);
  };
  return {
    close,
    async replay(replay, onProgress) {
      const scanner = new FlowLineScanner();
      const taken = () => workers.reduce((sum, w) => sum + w.lines, 0);
      const progress = onProgress && ((lines: number) => onProgress(lines + taken()));
      const own = replaySink(replay, progress, 0, scanner);
      let countdown = TAKE_EVERY_LINES;
      const takeAvailable = () => {
        countdown = TAKE_EVERY_LINES;
        for (const w of workers) w.takeAvailable(replay);
      };
      let mainLines: number;
      try {
        mainLines = readLineRange(fd, 0, mainEnd, {
          line(buf, start, end, line) {
            own.line(buf, start, end, line);
            if (--countdown === 0) takeAvailable();
          },
          oversize: (line, bytes) => own.oversize(line, bytes),
        });
      } catch (err) {
        throw readError(source, err);
      }
      for (const w of workers) await w.takeAll(replay, source);
      // The waiting lines, in file order: each worker's after the lines before its range.
      const rec = new LineRecord(fd, scanner);
      let base = mainLines;
      let lastProgress = Date.now();
      for (const w of workers) {
        const q = w.waiting;
        for (let i = 0; i < q.n; i++) {
          const line = base + q.index[i] + 1;
          const kind = q.kind[i];
          if (kind >= KIND_OK) {
            rec.at(q.offset[i], q.length[i]);
            replay.addKeyBytes(
              q.keyWords[i]!,
              q.keyLength[i],
              VERDICTS[kind - KIND_OK],
              q.time[i],
              line,
              rec,
            );
          } else if (kind === KIND_OVERSIZE) replay.addError(oversizeFlowLine(line, q.length[i]));
          else {
            rec.at(q.offset[i], q.length[i]);
            let text: string;
            try {
              text = rec.bytes().toString('utf8', 0, q.length[i]);
            } catch (err) {
              throw readError(source, err);
            }
            replaySlowLine(replay, text, line);
          }
          if (onProgress && (i & 4095) === 0 && Date.now() - lastProgress >= PROGRESS_MS) {
            lastProgress = Date.now();
            onProgress(line);
          }
        }
        base += w.lines;
        w.port.close();
        await w.worker.terminate(); // its memory back before the report
      }
    },
  };
}

/** A line the fast path declined, through the full parser and checker (which gives its errors). */
function replaySlowLine(replay: FlowReplay, text: string, line: number): void {
  const parsed = parseFlowLine(text, line);
  if (parsed.ok === true) replay.add(parsed.flow, line);
  else if (parsed.ok === false) replay.addError(parsed.error);
}

/** Progress: the clock is looked at every PROGRESS_LINES lines. */
const PROGRESS_LINES = 16_384;

/**
 * The one-thread replay of lines (numbered from `base` + 1): each through the byte-level fast path
 * (FlowLineScanner) and, when that declines it (an unusual or bad record), through parseFlowLine,
 * which gives the errors; `onProgress` is called at most a few times a second.
 */
export function replaySink(
  replay: FlowReplay,
  onProgress: ((lines: number) => void) | undefined,
  base = 0,
  scanner = new FlowLineScanner(),
): LineSink {
  let nextCheck = PROGRESS_LINES;
  let lastProgress = Date.now();
  return {
    line(buf, start, end, n) {
      const line = base + n;
      const r = scanner.scan(buf, start, end);
      if (r === SCAN_OK)
        replay.addKeyBytes(scanner.keyWords, scanner.keyLen, scanner.verdict, scanner.timeMs, line, scanner);
      else if (r === SCAN_SLOW) {
        replaySlowLine(replay, buf.toString('utf8', start, end), line);
      }
      if (onProgress && n >= nextCheck) {
        nextCheck = n + PROGRESS_LINES;
        const now = Date.now();
        if (now - lastProgress >= PROGRESS_MS) {
          lastProgress = now;
          onProgress(line);
        }
      }
    },
    oversize(n, bytes) {
      replay.addError(oversizeFlowLine(base + n, bytes));
    },
  };
}
