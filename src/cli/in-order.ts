/**
 * Requests to the control plane sent together (a few round trips instead of one per request to a
 * remote control plane) that still fail as if sent one after another: the first failure in the
 * requests' order is the one reported, whichever answer comes first.
 */

/**
 * `fn` over `items` with at most `lanes` calls running at once; the results in the items' order.
 * After a failure no further item is started, and the failure thrown is the first in the items'
 * order (as one call after another would have met it).
 */
export async function mapInOrder<T, R>(
  items: readonly T[],
  lanes: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const settled: PromiseSettledResult<R>[] = [];
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        settled[i] = { status: 'fulfilled', value: await fn(items[i]) };
      } catch (reason) {
        settled[i] = { status: 'rejected', reason };
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  for (const s of settled) if (s?.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}

/**
 * Wait for every promise, then give their values in order, or throw the first failure in the
 * promises' order (not the first in time): requests sent together fail with the same error
 * whichever answer comes first, as when they were sent one after another.
 */
export async function settledInOrder<T extends readonly unknown[]>(promises: {
  [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const settled = await Promise.allSettled(promises as readonly Promise<unknown>[]);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
