/**
 * rfc3339 (second precision, UTC) remembers the last second it wrote: every answer must still be the
 * one the definition gives, in any order of calls.
 */
import { rfc3339 } from '../../src/server/store';

const definition = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

test('the same text as the definition, for times in and out of order, before and after 1970', () => {
  const times = [
    Date.UTC(2026, 0, 2, 3, 4, 5, 0),
    Date.UTC(2026, 0, 2, 3, 4, 5, 999),
    Date.UTC(2026, 0, 2, 3, 4, 6, 0),
    Date.UTC(2026, 0, 2, 3, 4, 5, 500),
    -1,
    -1000,
    -1001,
    0,
    999,
    1000,
  ];
  let seed = 7;
  for (let i = 0; i < 2000; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    times.push(Date.UTC(2026, 11, 3) + (seed % 5000) - 2500);
  }
  for (const t of times) expect(rfc3339(new Date(t))).toBe(definition(new Date(t)));
});

test('an invalid date throws as toISOString does', () => {
  expect(() => rfc3339(new Date(NaN))).toThrow(RangeError);
});
