/**
 * Reading many input files on another core: a worker thread (read-ahead-worker.ts) reads them in
 * order and posts their texts back in batches while this thread parses and checks the ones before.
 * Only texts cross between the threads (a copy, cheap); parsing stays here, so documents, positions
 * and findings are exactly those of one thread.
 *
 * This thread never waits for the worker: `take(i)` gives file i when the worker has posted it, else
 * undefined and the caller reads the file itself (the worker then skips past it). So a worker that
 * starts late, runs slowly or fails costs nothing but its own core. Only for many files (a thread
 * costs ≈ 30 ms to start), when this process may use more than one core, and when the worker script
 * is beside this module (dist/io); `RIPTIDES_NO_WORKERS=1` turns it off.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Fewer files than this are read on this thread only. */
export const READ_AHEAD_MIN_FILES = 200;

/**
 * One file as the worker read it: its text, too large (`seen` bytes), unreadable (`error`), or not a
 * regular file (`skip`: the caller reads it, as it would without the worker).
 */
export type ReadAheadItem = { text: string } | { seen: number } | { error: string } | { skip: true };

export interface ReadAheadRequest {
  paths: readonly string[];
  max: number;
  /** Int32Array over a SharedArrayBuffer: [0] is the index this thread is taking (-1 before the first). */
  position: Int32Array;
  port: import('node:worker_threads').MessagePort;
}

/** A batch from the worker: the items of paths[from], paths[from + 1], … */
export interface ReadAheadBatch {
  from: number;
  items: ReadAheadItem[];
}

export interface ReadAhead {
  /** File i of the list (in increasing i), if the worker has read it; undefined: read it yourself. */
  take(i: number): Exclude<ReadAheadItem, { skip: true }> | undefined;
  /** Stop the worker (the files not taken are not needed). */
  close(): void;
}

/** The compiled worker script, beside this module (dist/io) or the bundle (dist/bundle). */
const WORKER_SCRIPT = path.join(__dirname, '..', 'io', 'read-ahead-worker.js');

/** Start reading `files` (paths of files, in the order they will be taken) on a worker, or undefined. */
export function startReadAhead(files: readonly string[], max: number): ReadAhead | undefined {
  if (files.length < READ_AHEAD_MIN_FILES || process.env.RIPTIDES_NO_WORKERS === '1') return undefined;
  if (os.availableParallelism() < 2 || !fs.existsSync(WORKER_SCRIPT)) return undefined;
  const threads = require('node:worker_threads') as typeof import('node:worker_threads');
  const position = new Int32Array(new SharedArrayBuffer(4));
  position[0] = -1;
  const { port1, port2 } = new threads.MessageChannel();
  let worker: import('node:worker_threads').Worker;
  try {
    const request: ReadAheadRequest = { paths: files, max, position, port: port2 };
    worker = new threads.Worker(WORKER_SCRIPT, {
      workerData: request,
      transferList: [port2],
      stdout: false,
      stderr: false,
    });
  } catch {
    port1.close();
    return undefined;
  }
  // Errors only mean fewer files come from the worker: this thread reads the rest.
  worker.on('error', () => undefined);
  worker.unref();
  port1.unref();
  const items: (ReadAheadItem | undefined)[] = new Array(files.length);
  let open = true;
  return {
    take(i) {
      if (!open) return undefined;
      Atomics.store(position, 0, i);
      if (items[i] === undefined) {
        // Synchronously: whatever the worker has posted so far (no turn of the event loop needed).
        for (let m = threads.receiveMessageOnPort(port1); m; m = threads.receiveMessageOnPort(port1)) {
          const batch = m.message as ReadAheadBatch;
          for (let k = 0; k < batch.items.length; k++) items[batch.from + k] = batch.items[k];
        }
      }
      const item = items[i];
      items[i] = undefined;
      return item === undefined || 'skip' in item ? undefined : item;
    },
    close() {
      if (!open) return;
      open = false;
      port1.close();
      void worker.terminate();
    },
  };
}
