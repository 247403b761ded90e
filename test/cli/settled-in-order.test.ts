/**
 * settledInOrder (src/cli/context.ts): requests sent together report the same failure as when they
 * were sent one after another, whichever answer arrives first.
 */
import { settledInOrder } from '../../src/cli/context';

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
