/**
 * A worker thread of `simulate --flows` on a large regular file (src/cli/flow-scan-parallel.ts): it
 * reads one byte range of the file (cut at newlines), runs each line through the byte-level fast path
 * (FlowLineScanner) and posts the lines back in batches of typed arrays — per line its kind (blank,
 * slow, oversize, or a fast-path record with its observed verdict), its cache key as a small number
 * (the key strings are sent once, when first seen), its time and its byte range in the file. The main
 * thread replays them in file order; it reads a record's bytes again only when the replay needs it.
 * Started with workerData `{ file, start, end }`; posts `batch` messages, then `done` (or `error`).
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readLineRange } from './flow-lines';
import { FlowLineScanner, SCAN_BLANK, SCAN_OK } from '../core/flows/scan';

/** Line kinds in a batch; a fast-path record is KIND_OK + its verdict's index (MTLS, TLS, PLAINTEXT, REJECTED). */
export const KIND_BLANK = 0;
export const KIND_SLOW = 1;
export const KIND_OVERSIZE = 2;
export const KIND_OK = 4;

/** Lines in a batch. */
export const BATCH_LINES = 32_768;
/** Distinct keys a worker numbers before it starts over (`reset`), so its table stays bounded. */
export const MAX_WORKER_KEYS = 1 << 20;

export interface ScanBatch {
  t: 'batch';
  /** Lines in the batch. */
  n: number;
  kinds: Uint8Array;
  /** Key numbers of KIND_OK lines. */
  keys: Int32Array;
  /** FlowLineScanner.variant() of KIND_OK lines (numbered by this worker). */
  variants: Int32Array;
  /** Epoch ms of KIND_OK lines. */
  times: Float64Array;
  /** Byte offset in the file of each line's first byte. */
  offsets: Float64Array;
  /** Bytes of each line (without its newline); of an oversize line, its size. */
  lengths: Int32Array;
  /** The worker's key table was cleared before this batch: numbering starts over. */
  reset: boolean;
  /** Keys first numbered in this batch, in number order (after the last batch's). */
  newKeys: string[];
}

export type ScanMessage = ScanBatch | { t: 'done' } | { t: 'error'; message: string };

const VERDICT_INDEX: Record<string, number> = { MTLS: 0, TLS: 1, PLAINTEXT: 2, REJECTED: 3 };

function run(file: string, start: number, end: number): void {
  const port = parentPort!;
  const scanner = new FlowLineScanner();
  const table = new Map<string, number>();
  // Variants: numbered by their text; per key, the last one (a key's flows mostly repeat it).
  const variants = new Map<string, number>();
  let lastText: string[] = [];
  let lastNo: number[] = [];
  let batch = newBatch(false);
  let i = 0;
  let next = start;
  const flush = (reset: boolean) => {
    batch.n = i;
    port.postMessage(batch, [
      batch.kinds.buffer as ArrayBuffer,
      batch.keys.buffer as ArrayBuffer,
      batch.variants.buffer as ArrayBuffer,
      batch.times.buffer as ArrayBuffer,
      batch.offsets.buffer as ArrayBuffer,
      batch.lengths.buffer as ArrayBuffer,
    ]);
    batch = newBatch(reset);
    i = 0;
  };
  const fd = fs.openSync(file, 'r');
  try {
    readLineRange(fd, start, end, {
      line(buf, s, e) {
        const r = scanner.scan(buf, s, e);
        let id = 0;
        if (r === SCAN_OK) {
          const key = scanner.key;
          const known = table.get(key);
          if (known === undefined) {
            if (table.size >= MAX_WORKER_KEYS) {
              flush(true);
              table.clear();
              lastText = [];
              lastNo = [];
            }
            id = table.size;
            table.set(key, id);
            batch.newKeys.push(key);
          } else id = known;
        }
        if (i === BATCH_LINES) flush(false);
        if (r === SCAN_OK) {
          batch.kinds[i] = KIND_OK + VERDICT_INDEX[scanner.verdict];
          batch.keys[i] = id;
          const t = lastText[id];
          if (t !== undefined && scanner.variantIs(t)) batch.variants[i] = lastNo[id];
          else {
            const text = scanner.variantText();
            let n = variants.get(text);
            if (n === undefined) {
              n = variants.size < MAX_WORKER_KEYS ? variants.size : -1;
              if (n >= 0) variants.set(text, n);
            }
            lastText[id] = text;
            lastNo[id] = n;
            batch.variants[i] = n;
          }
          batch.times[i] = scanner.timeMs;
        } else batch.kinds[i] = r === SCAN_BLANK ? KIND_BLANK : KIND_SLOW;
        batch.offsets[i] = next;
        batch.lengths[i] = e - s;
        next += e - s + 1;
        i++;
      },
      oversize(_line, bytes) {
        if (i === BATCH_LINES) flush(false);
        batch.offsets[i] = next;
        batch.lengths[i] = bytes;
        next += bytes + 1;
        batch.kinds[i++] = KIND_OVERSIZE;
      },
    });
  } finally {
    fs.closeSync(fd);
  }
  if (i > 0) flush(false);
  port.postMessage({ t: 'done' } satisfies ScanMessage);
}

function newBatch(reset: boolean): ScanBatch {
  return {
    t: 'batch',
    n: 0,
    kinds: new Uint8Array(BATCH_LINES),
    keys: new Int32Array(BATCH_LINES),
    variants: new Int32Array(BATCH_LINES),
    times: new Float64Array(BATCH_LINES),
    offsets: new Float64Array(BATCH_LINES),
    lengths: new Int32Array(BATCH_LINES),
    reset,
    newKeys: [],
  };
}

if (parentPort && (workerData as { kind?: string } | undefined)?.kind === 'flow-scan') {
  const { file, start, end } = workerData as { file: string; start: number; end: number };
  try {
    run(file, start, end);
  } catch (err) {
    parentPort.postMessage({ t: 'error', message: (err as Error).message } satisfies ScanMessage);
  }
}
