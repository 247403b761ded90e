/**
 * A worker thread for the stateless half of `POST /v1/apply` (src/server/apply-prepare.ts): while
 * the main thread writes one batch, the worker parses, validates and fingerprints the next. The
 * worker's script is the CLI layer's (src/cli/apply-worker.ts: it loads the schema validators);
 * `controlplane serve` hands its path over. Requests are answered in the order they were sent.
 */
import type { Problem } from '../core/wire/types';
import type { PrepareInput, PreparedApply } from './apply-prepare';
import { ProblemError } from './problem';

export interface ApplyPreparer {
  /** Prepare on the worker. Rejects with WorkerUnavailable once the worker is gone. */
  prepare(input: PrepareInput): Promise<PreparedApply>;
  /** Whether the worker has started (loaded its modules and the validators) and is still there. */
  ready(): boolean;
  /** Settles when the worker has started (true) or is gone before it did (false). */
  started: Promise<boolean>;
  close(): Promise<void>;
}

/** What the main thread sends the worker. */
export interface WorkerRequest {
  id: number;
  input: PrepareInput;
}

/**
 * What the worker says: that it is ready (once, first), or the answer to a request: the prepared
 * batch, the request's problem, or an unexpected error.
 */
export type WorkerAnswer =
  | { ready: true }
  | { id: number; prepared: PreparedApply }
  | { id: number; problem: Problem; extensions: Record<string, unknown> }
  | { id: number; error: string };

/** The worker exited or failed: the caller prepares the request on its own thread instead. */
export class WorkerUnavailable extends Error {
  constructor(reason: string) {
    super(`the apply worker is unavailable: ${reason}`);
    this.name = 'WorkerUnavailable';
  }
}

/**
 * How long the worker may go without answering while requests wait for it (ms). It answers in
 * order, a batch in tens of milliseconds (a 4 MiB body in well under a second): silence this long
 * means it is stuck, and it is stopped.
 */
export const WORKER_SILENCE_LIMIT_MS = 30_000;

/** Start the worker (`script`: the compiled src/cli/apply-worker.js). */
export function startApplyWorker(script: string, options: { silenceLimitMs?: number } = {}): ApplyPreparer {
  const silenceLimitMs = options.silenceLimitMs ?? WORKER_SILENCE_LIMIT_MS;
  const threads = require('node:worker_threads') as typeof import('node:worker_threads');
  const worker = new threads.Worker(script);
  // The server's socket keeps the process alive; the worker alone must not.
  worker.unref();
  const pending = new Map<number, { resolve: (p: PreparedApply) => void; reject: (e: Error) => void }>();
  let gone: string | undefined;
  let started = false;
  let settleStarted!: (ok: boolean) => void;
  const startedPromise = new Promise<boolean>((resolve) => (settleStarted = resolve));
  let nextId = 1;
  /** Fires when requests have waited `silenceLimitMs` with no answer; re-armed by every answer. */
  let watchdog: NodeJS.Timeout | undefined;
  const watch = () => {
    clearTimeout(watchdog);
    watchdog = undefined;
    if (pending.size === 0 || gone !== undefined) return;
    watchdog = setTimeout(() => {
      fail(`it answered nothing for ${silenceLimitMs / 1000} s and was stopped`);
      void worker.terminate();
    }, silenceLimitMs);
    watchdog.unref();
  };
  const fail = (reason: string) => {
    clearTimeout(watchdog);
    gone ??= reason;
    settleStarted(false);
    for (const p of pending.values()) p.reject(new WorkerUnavailable(gone));
    pending.clear();
  };
  worker.on('message', (answer: WorkerAnswer) => {
    if ('ready' in answer) {
      started = true;
      settleStarted(true);
      return;
    }
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    pending.delete(answer.id);
    watch();
    if ('prepared' in answer) waiting.resolve(answer.prepared);
    else if ('problem' in answer) waiting.reject(new ProblemError(answer.problem, answer.extensions));
    else waiting.reject(new Error(answer.error));
  });
  worker.on('error', (err) => fail(err.message));
  worker.on('exit', (code) => fail(`it exited with code ${code}`));
  return {
    ready: () => started && gone === undefined,
    started: startedPromise,
    prepare(input) {
      if (gone !== undefined) return Promise.reject(new WorkerUnavailable(gone));
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, input } satisfies WorkerRequest);
        // A stream of new requests must not keep a stuck worker alive: armed once, not per request.
        if (watchdog === undefined) watch();
      });
    },
    async close() {
      fail('the control plane is closing');
      await worker.terminate();
    },
  };
}
