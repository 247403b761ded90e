/**
 * Write logic shared by every store: a write is a generator that yields each store operation's
 * result (a value from SQLite, a promise from PostgreSQL) and gets it back. `runStepsSync` drives it
 * inside a synchronous SQLite transaction (no promise, no tick: as fast as plain calls);
 * `runStepsAsync` awaits each yielded promise inside a PostgreSQL transaction. One copy of the logic
 * (validation, 409s, created/configured/unchanged) serves both.
 */

/** A write's steps: `const x = (yield tx.get(...)) as Record | undefined`. */
export type Steps<T> = Generator<unknown, T, unknown>;

/** Run steps whose every yielded value is already a value (not a promise). */
export function runStepsSync<T>(steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) {
    if (isPromise(next.value)) {
      // A bug in the store adapter: a synchronous store must not hand out promises.
      throw new Error('a synchronous store operation returned a promise');
    }
    next = steps.next(next.value);
  }
  return next.value;
}

/** Run steps, awaiting every yielded promise; a rejected promise is thrown into the generator. */
export async function runStepsAsync<T>(steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    let value: unknown;
    try {
      value = isPromise(next.value) ? await next.value : next.value;
    } catch (err) {
      next = steps.throw(err);
      continue;
    }
    next = steps.next(value);
  }
  return next.value;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
