/**
 * Worker thread of startReadAhead (read-ahead.ts): reads the files in order, under the same cap as
 * the main thread, and posts their texts in batches. Files the main thread has already reached (it
 * read them itself) are skipped, and so is anything but a regular file (a FIFO's data must reach
 * the main thread's own read: `skip`).
 */
import { workerData } from 'node:worker_threads';
import { readRegularFileText } from './bounded-read';
import type { ReadAheadItem, ReadAheadRequest } from './read-ahead';

/** Files per message: small enough that the main thread rarely finds the next one missing. */
const BATCH = 32;

const { paths, max, position, port } = workerData as ReadAheadRequest;

function readOne(file: string): ReadAheadItem {
  try {
    const read = readRegularFileText(file, max);
    if (read === undefined) return { skip: true };
    return read.ok ? { text: read.text } : { seen: read.seen };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

let i = 0;
while (i < paths.length) {
  // Behind the main thread: it reads those files itself.
  const main = Atomics.load(position, 0);
  if (i <= main) i = main + 1;
  const from = i;
  const items: ReadAheadItem[] = [];
  for (; i < paths.length && items.length < BATCH; i++) items.push(readOne(paths[i]));
  if (items.length) port.postMessage({ from, items });
}
port.close();
