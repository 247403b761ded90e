/**
 * settledInOrder and mapInOrder (src/cli/in-order.ts): requests sent together report the same failure
 * as when they were sent one after another, whichever answer arrives first.
 */
import { mapInOrder, settledInOrder } from '../../src/cli/in-order';

const after = <T>(ms: number, value: T): Promise<T> => new Promise((r) => setTimeout(() => r(value), ms));
const failAfter = (ms: number, message: string): Promise<never> =>
  new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms));

describe('settledInOrder', () => {
  test('gives the values in the promises’ order, not in the order they settle', async () => {
    await expect(
      settledInOrder<[string, number, boolean]>([after(20, 'a'), after(1, 2), after(10, true)]),
    ).resolves.toEqual(['a', 2, true]);
  });

  test('throws the first failure in the promises’ order, though a later one fails sooner', async () => {
    await expect(
      settledInOrder([after(5, 'info'), failAfter(30, 'first in order'), failAfter(1, 'first in time')]),
    ).rejects.toThrow('first in order');
  });

  test('waits for every promise before it throws (none is left to reject unobserved)', async () => {
    let lateSettled = false;
    const late = after(30, 'late').then((v) => {
      lateSettled = true;
      return v;
    });
    await expect(settledInOrder([failAfter(1, 'early'), late])).rejects.toThrow('early');
    expect(lateSettled).toBe(true);
  });
});

describe('mapInOrder', () => {
  test('runs at most `lanes` calls at once and gives the results in the items’ order', async () => {
    let running = 0;
    let most = 0;
    const delays = [30, 5, 20, 1, 15, 10, 25, 2];
    const out = await mapInOrder(delays, 3, async (ms) => {
      running++;
      most = Math.max(most, running);
      await after(ms, null);
      running--;
      return ms * 2;
    });
    expect(out).toEqual(delays.map((ms) => ms * 2));
    expect(most).toBe(3);
  });

  test('starts nothing after a failure, and throws the first failure in the items’ order', async () => {
    const started: number[] = [];
    const run = mapInOrder([0, 1, 2, 3, 4, 5, 6, 7], 2, async (i) => {
      started.push(i);
      if (i === 1) return failAfter(20, 'item 1');
      if (i === 2) return failAfter(1, 'item 2');
      return after(5, i);
    });
    await expect(run).rejects.toThrow('item 1');
    // 0 and 1 start together; 2 starts when 0 ends and fails at once; nothing starts after that.
    expect(started).toEqual([0, 1, 2]);
  });

  test('no items: no calls', async () => {
    await expect(mapInOrder([], 4, () => Promise.reject(new Error('called')))).resolves.toEqual([]);
  });
});
