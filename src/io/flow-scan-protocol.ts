/**
 * What the flow-scan worker (./flow-scan-worker.ts) and the main thread (src/cli/flow-scan-parallel.ts)
 * exchange: the line kinds, the batch of typed arrays and the worker's start-up data. Kept apart from
 * the worker so that a replay on one thread loads neither the worker nor node:worker_threads.
 */
import type { MessagePort } from 'node:worker_threads';

/** Line kinds in a batch; a fast-path record is KIND_OK + its verdict's index (MTLS, TLS, PLAINTEXT, REJECTED). */
export const KIND_BLANK = 0;
export const KIND_SLOW = 1;
export const KIND_OVERSIZE = 2;
export const KIND_OK = 4;

/** Lines in a batch. */
export const BATCH_LINES = 16_384;
/** Distinct keys a worker numbers before it starts over (`reset`), so its table stays bounded. */
export const MAX_WORKER_KEYS = 1 << 18;

export interface ScanBatch {
  t: 'batch';
  /** Lines in the batch. */
  n: number;
  kinds: Uint8Array;
  /** Key numbers of KIND_OK lines. */
  keys: Int32Array;
  /** Epoch ms of KIND_OK lines. */
  times: Float64Array;
  /** Byte offset in the file of each line's first byte. */
  offsets: Float64Array;
  /** Bytes of each line (without its newline); of an oversize line, its size. */
  lengths: Int32Array;
  /** The worker's numbering started over before this batch. */
  reset: boolean;
  /** Keys first numbered in this batch, in number order (after the last batch's): their words and byte lengths. */
  newKeys: Int32Array[];
  newKeyLengths: number[];
}

export type ScanMessage = ScanBatch | { t: 'done' } | { t: 'error'; message: string };

/** What the main thread posts back: a taken batch, whose arrays the worker fills again. */
export type BatchArrays = Pick<ScanBatch, 'kinds' | 'keys' | 'times' | 'offsets' | 'lengths'>;

/** The arrays of a batch, for transferring them. */
export const batchBuffers = (b: BatchArrays): ArrayBuffer[] =>
  [b.kinds, b.keys, b.times, b.offsets, b.lengths].map((a) => a.buffer as ArrayBuffer);

export interface ScanWorkerData {
  kind: 'flow-scan';
  file: string;
  start: number;
  end: number;
  port: MessagePort;
  signal: Int32Array;
}
