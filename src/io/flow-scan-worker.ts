/**
 * A worker thread of `simulate --flows` on a large regular file (src/cli/flow-scan-parallel.ts): it
 * reads one byte range of the file (cut at newlines), runs each line through the byte-level fast path
 * (FlowLineScanner) and posts the lines in batches of typed arrays — per line its kind (blank, slow,
 * oversize, or a fast-path record with its observed verdict), its cache key as a small number (a key's
 * bytes are sent once, when first seen), its time and its byte range in the file. The main thread
 * counts most of them as they come and replays the rest in file order, reading a record's bytes
 * again only then.
 * What it posts is in ./flow-scan-protocol.ts (shared with the main thread, which so never loads this
 * module nor node:worker_threads unless threads are asked for).
 * Started with workerData `{ kind: 'flow-scan', file, start, end, port, signal }`: batches go to
 * `port` (the main thread takes them with receiveMessageOnPort) and each post adds one to
 * `signal[0]` (Atomics.notify), so the main thread can wait for the next without an event loop turn.
 */
import fs from 'node:fs';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { readLineRange } from './flow-lines';
import { FlowKeyTable, hashKeyWords } from '../core/flows/key-table';
import { FlowLineScanner, SCAN_BLANK, SCAN_OK } from '../core/flows/scan';
import {
  batchBuffers,
  BATCH_LINES,
  KIND_BLANK,
  KIND_OK,
  KIND_OVERSIZE,
  KIND_SLOW,
  MAX_WORKER_KEYS,
  type BatchArrays,
  type ScanBatch,
  type ScanMessage,
  type ScanWorkerData,
} from './flow-scan-protocol';

const VERDICT_INDEX: Record<string, number> = { MTLS: 0, TLS: 1, PLAINTEXT: 2, REJECTED: 3 };

/** Post to the main thread, and tell it a message is there (it may be waiting on `signal`). */
function send({ port, signal }: ScanWorkerData, m: ScanMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function run(data: ScanWorkerData): void {
  const { file, start, end, port } = data;
  const post = (m: ScanMessage, transfer?: ArrayBuffer[]) => send(data, m, transfer);
  const scanner = new FlowLineScanner();
  let keys = new FlowKeyTable(MAX_WORKER_KEYS);
  let batch = newBatch(false);
  let i = 0;
  let next = start;
  const flush = (reset: boolean) => {
    batch.n = i;
    post(batch, batchBuffers(batch));
    // the arrays of a batch the main thread has taken, else new ones (a few batches are in flight)
    const back = receiveMessageOnPort(port)?.message as BatchArrays | undefined;
    batch = newBatch(reset, back);
    i = 0;
  };
  const startOver = () => {
    flush(true);
    keys = new FlowKeyTable(MAX_WORKER_KEYS);
  };
  const fd = fs.openSync(file, 'r');
  try {
    readLineRange(fd, start, end, {
      line(buf, s, e) {
        if (i === BATCH_LINES) flush(false);
        const r = scanner.scan(buf, s, e);
        if (r === SCAN_OK) {
          const words = scanner.keyWords;
          const len = scanner.keyLen;
          const hash = hashKeyWords(words, len);
          let id = keys.find(words, len, hash);
          if (id < 0) {
            if (keys.size >= MAX_WORKER_KEYS) startOver();
            id = keys.insert(words, len, hash);
            batch.newKeys.push(words.slice(0, (len + 3) >> 2));
            batch.newKeyLengths.push(len);
          }
          batch.kinds[i] = KIND_OK + VERDICT_INDEX[scanner.verdict];
          batch.keys[i] = id;
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
  post({ t: 'done' });
}

function newBatch(reset: boolean, arrays?: BatchArrays): ScanBatch {
  return {
    t: 'batch',
    n: 0,
    kinds: arrays?.kinds ?? new Uint8Array(BATCH_LINES),
    keys: arrays?.keys ?? new Int32Array(BATCH_LINES),
    times: arrays?.times ?? new Float64Array(BATCH_LINES),
    offsets: arrays?.offsets ?? new Float64Array(BATCH_LINES),
    lengths: arrays?.lengths ?? new Int32Array(BATCH_LINES),
    reset,
    newKeys: [],
    newKeyLengths: [],
  };
}

const data = workerData as ScanWorkerData | undefined;
if (data?.kind === 'flow-scan') {
  try {
    run(data);
  } catch (err) {
    send(data, { t: 'error', message: (err as Error).message });
  }
}
