/**
 * `simulate --flows` on a large regular file with more than one core: worker threads
 * (src/io/flow-scan-worker.ts) scan byte ranges of the file (cut at newlines) through the fast path
 * while this thread loads the manifests, and this thread replays their lines in file order — the
 * same calls, in the same order, with the same line numbers as the one-thread loop
 * (replayFlowSource), so the report is the same. A line's bytes are read again (pread) only when the
 * replay needs its record: a cache miss, a disagreement, a pair's first flow, a slow-path line.
 * RIPTIDES_FLOW_THREADS=1 keeps everything on one thread; =N (N ≥ 2) uses N workers at any size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { oversizeFlowLine, parseFlowLine, type FlowRecord, type FlowReplay } from '../core/flows';
import type { Verdict } from '../core/manifest/types';
import { lineCuts, readError, statSource } from '../io/flow-lines';
import { KIND_OK, KIND_OVERSIZE, KIND_SLOW, type ScanBatch, type ScanMessage } from '../io/flow-scan-worker';

/** Files smaller than this are scanned on the main thread (a worker's start-up would cost more). */
const PARALLEL_MIN_BYTES = 32 << 20;
/** At most this many scanning workers. */
const MAX_WORKERS = 4;
/** A worker's young generation (MiB): its garbage is short-lived; a small one keeps the RSS down. */
const WORKER_YOUNG_MB = 4;
/** Progress is reported at most this often. */
const PROGRESS_MS = 250;

const VERDICTS: readonly Verdict[] = ['MTLS', 'TLS', 'PLAINTEXT', 'REJECTED'];

/** The worker's script next to this module's build output (dist/io; the bundle is in dist/bundle). */
function workerScript(): string | undefined {
  const file = path.join(__dirname, '..', 'io', 'flow-scan-worker.js');
  return fs.existsSync(file) ? file : undefined;
}

/** How many workers for a file of `size` bytes (0: scan on this thread). */
function workerCount(size: number): number {
  const env = process.env.RIPTIDES_FLOW_THREADS;
  if (env !== undefined && env !== '') {
    const n = Math.floor(Number(env));
    return n >= 2 ? Math.min(n, 16) : 0;
  }
  if (size < PARALLEL_MIN_BYTES) return 0;
  const cores = os.availableParallelism();
  return cores >= 2 ? Math.min(cores, MAX_WORKERS) : 0;
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
  const script = n >= 2 ? workerScript() : undefined;
  if (!script) return undefined;
  let fd: number;
  let cuts: number[];
  try {
    fd = fs.openSync(source, 'r');
    cuts = lineCuts(fd, stat.size, n);
  } catch {
    return undefined;
  }
  const queues: WorkerQueue[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
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
