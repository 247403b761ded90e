/**
 * `simulate --flows` on a large regular file with more than one core: worker threads
 * (src/io/flow-scan-worker.ts) scan the front of the file in byte ranges (cut at newlines) through the
 * fast path while this thread loads the manifests; this thread replays their lines in file order,
 * then reads and replays the rest of the file itself (a worker costs ≈ 30 MiB of RSS, and on two
 * cores this thread would otherwise wait). The same calls, in the same order, with the same line
 * numbers as the one-thread loop, so the report is the same. A worker's line is read again (pread)
 * only when the replay needs its record: a cache miss, a disagreement it cannot count by its variant,
 * a pair's first flow, a slow-path line.
 * Off unless asked for: RIPTIDES_FLOW_THREADS=N: N threads in all (1: no worker), at any file size;
 * RIPTIDES_FLOW_THREADS_AUTO=1: one worker per spare core (at most 3) for files of 32 MiB or more.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { oversizeFlowLine, parseFlowLine, type FlowRecord, type FlowReplay } from '../core/flows';
import type { Verdict } from '../core/manifest/types';
import { lineCuts, readError, readLineRange, statSource, type LineSink } from '../io/flow-lines';
import { FlowLineScanner, SCAN_OK, SCAN_SLOW } from '../core/flows/scan';
import { KIND_OK, KIND_OVERSIZE, KIND_SLOW, type ScanBatch, type ScanMessage } from '../io/flow-scan-worker';

/** Files smaller than this are scanned on the main thread (a worker's start-up would cost more). */
const PARALLEL_MIN_BYTES = 32 << 20;
/** At most this many scanning workers. */
const MAX_WORKERS = 3;
/**
 * The share of the file this thread reads itself, after replaying the workers' lines, with one
 * worker (with k workers, this / k): it also loads the manifests and replays every line (≈ 0.4 µs a
 * line against ≈ 3.5 µs to scan one), so the worker takes the larger part.
 */
const MAIN_SHARE = 0.35;
/** A worker's young generation (MiB): its garbage is short-lived; a small one keeps the RSS down. */
const WORKER_YOUNG_MB = 4;
/** Progress is reported at most this often. */
const PROGRESS_MS = 250;

const VERDICTS: readonly Verdict[] = ['MTLS', 'TLS', 'PLAINTEXT', 'REJECTED'];

/** The worker's script next to this module's build output (dist/io; the bundle is in dist/bundle). */
function workerScript(): string | undefined {
  try {
    const file = path.join(__dirname, '..', 'io', 'flow-scan-worker.js');
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined; // no __dirname (a single-executable build): one thread
  }
}

/** How many workers for a file of `size` bytes (0: scan on this thread). */
function workerCount(size: number): number {
  const env = process.env.RIPTIDES_FLOW_THREADS;
  if (env !== undefined && env !== '') {
    const n = Math.floor(Number(env));
    return n >= 2 ? Math.min(n - 1, 16) : 0;
  }
  // Opt-in: on the reference machine (2 cores, quiet) the threads gave no wall-clock gain over one
  // thread (4.4–4.8 s against 4.2–6.3 s on the 2,000-workload set, slower on the quickstart) for more
  // CPU and ≈ 17 MiB more peak RSS (docs/performance.md), so one thread is the default.
  if (process.env.RIPTIDES_FLOW_THREADS_AUTO !== '1' || size < PARALLEL_MIN_BYTES) return 0;
  return Math.min(os.availableParallelism() - 1, MAX_WORKERS);
}

/** One worker's messages, taken in order. */
class WorkerQueue {
  private readonly queue: ScanMessage[] = [];
  private waiting: ((m: ScanMessage) => void) | undefined;

  constructor(readonly worker: Worker) {
    worker.on('message', (m: ScanMessage) => this.push(m));
    worker.on('error', (err: Error) => this.push({ t: 'error', message: err.message }));
    worker.on('exit', (code) => {
      if (code !== 0) this.push({ t: 'error', message: `the scanning thread stopped (exit code ${code})` });
    });
  }

  private push(m: ScanMessage): void {
    const w = this.waiting;
    if (w) {
      this.waiting = undefined;
      w(m);
    } else this.queue.push(m);
  }

  next(): Promise<ScanMessage> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

/** A line's record, read again from the file when the replay asks for it. */
class LineRecord {
  offset = 0;
  length = 0;
  private variantNo = -1;
  private parsed: FlowRecord | null = null;
  private buf = Buffer.allocUnsafe(1 << 16);

  constructor(private readonly fd: number) {}

  at(offset: number, length: number, variant = -1): this {
    this.offset = offset;
    this.length = length;
    this.variantNo = variant;
    this.parsed = null;
    return this;
  }

  /** FlowLineScanner.variant() of the line, made unique across the workers. */
  variant(): number {
    return this.variantNo;
  }

  /** The line's bytes, in a buffer reused by the next call. */
  bytes(): Buffer {
    if (this.buf.length < this.length) this.buf = Buffer.allocUnsafe(this.length);
    let got = 0;
    while (got < this.length) {
      const n = fs.readSync(this.fd, this.buf, got, this.length - got, this.offset + got);
      if (n === 0) throw new Error('the file became shorter while it was read');
      got += n;
    }
    return this.buf;
  }

  /** As FlowLineScanner.record(): the fast path checked it, printable ASCII. */
  record(): FlowRecord {
    if (!this.parsed) this.parsed = JSON.parse(this.bytes().toString('latin1', 0, this.length)) as FlowRecord;
    return this.parsed;
  }
}

export interface ParallelScan {
  /** Replay every line into `replay`, in file order; `onProgress(lines)` now and then. */
  replay(replay: FlowReplay, onProgress?: (lines: number) => void): Promise<void>;
  /** Stop the workers (after `replay`, or when the command fails before it). */
  close(): Promise<void>;
}

/**
 * Start scanning `source` on worker threads when it is a regular file large enough (or
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
    const workersEnd = size * (1 - MAIN_SHARE / n);
    cuts = lineCuts(
      fd,
      size,
      Array.from({ length: n }, (_, i) => (workersEnd * (i + 1)) / n),
    );
  } catch {
    return undefined;
  }
  // the last range is this thread's
  const mainStart = cuts[cuts.length - 2];
  const queues: WorkerQueue[] = [];
  for (let i = 0; i + 2 < cuts.length; i++) {
    const worker = new Worker(script, {
      workerData: { kind: 'flow-scan', file: source, start: cuts[i], end: cuts[i + 1] },
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      stdout: false,
      stderr: false,
    });
    queues.push(new WorkerQueue(worker));
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.all(queues.map((q) => q.worker.terminate()));
    fs.closeSync(fd);
  };
  return {
    close,
    async replay(replay, onProgress) {
      const rec = new LineRecord(fd);
      let line = 0;
      let lastProgress = Date.now();
      for (let w = 0; w < queues.length; w++) {
        const q = queues[w];
        const keys: string[] = [];
        for (;;) {
          const m = await q.next();
          if (m.t === 'done') break;
          if (m.t === 'error') throw readError(source, new Error(m.message));
          line = replayBatch(m, keys, line, replay, rec, w, queues.length);
          if (onProgress && Date.now() - lastProgress >= PROGRESS_MS) {
            lastProgress = Date.now();
            onProgress(line);
          }
        }
        await q.worker.terminate(); // its memory back before the report
      }
      try {
        readLineRange(fd, mainStart, size, replaySink(replay, onProgress, line));
      } catch (err) {
        throw readError(source, err);
      }
    },
  };
}

/** Replay one batch (its new keys first); returns the last line number. */
function replayBatch(
  b: ScanBatch,
  table: string[],
  line: number,
  replay: FlowReplay,
  rec: LineRecord,
  worker: number,
  workers: number,
): number {
  if (b.reset) table.length = 0;
  for (const k of b.newKeys) table.push(k);
  const { kinds, keys, variants, times, offsets, lengths } = b;
  for (let i = 0; i < b.n; i++) {
    line++;
    const kind = kinds[i];
    if (kind >= KIND_OK) {
      const v = variants[i];
      rec.at(offsets[i], lengths[i], v < 0 ? -1 : v * workers + worker);
      replay.addKeyed(table[keys[i]], VERDICTS[kind - KIND_OK], times[i], line, rec);
    } else if (kind === KIND_SLOW) {
      rec.at(offsets[i], lengths[i]);
      const parsed = parseFlowLine(rec.bytes().toString('utf8', 0, lengths[i]), line);
      if (parsed.ok === true) replay.add(parsed.flow, line);
      else if (parsed.ok === false) replay.addError(parsed.error);
    } else if (kind === KIND_OVERSIZE) replay.addError(oversizeFlowLine(line, lengths[i]));
  }
  return line;
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
): LineSink {
  const scanner = new FlowLineScanner();
  let nextCheck = PROGRESS_LINES;
  let lastProgress = Date.now();
  return {
    line(buf, start, end, n) {
      const line = base + n;
      const r = scanner.scan(buf, start, end);
      if (r === SCAN_OK)
        replay.addKeyBytes(scanner.keyWords, scanner.keyLen, scanner.verdict, scanner.timeMs, line, scanner);
      else if (r === SCAN_SLOW) {
        const parsed = parseFlowLine(buf.toString('utf8', start, end), line);
        if (parsed.ok === true) replay.add(parsed.flow, line);
        else if (parsed.ok === false) replay.addError(parsed.error);
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
