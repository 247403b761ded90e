/**
 * The replay's cache index (src/core/flows/key-table.ts) against a Map used the way the replay used
 * it before (first in, first out): the same keys found, the same ids reused, through growth of the
 * slots, the ids and the arena, and eviction; string keys as bytes one-to-one.
 */
import fc from 'fast-check';
import { FlowKeyTable, hashKeyWords, stringKeyBytes, type KeyBytes } from '../../src/core/flows/key-table';
import { FlowLineScanner, SCAN_OK } from '../../src/core/flows/scan';

const bytesOf = (key: string): KeyBytes => {
  const k = stringKeyBytes(key, { words: new Int32Array(2), len: 0 });
  return { words: k.words.slice(), len: k.len };
};

/** Drive a table and a FIFO Map with the same keys: each key found iff the Map has it, under the same id. */
function replayKeys(keys: string[], capacity: number): FlowKeyTable {
  const table = new FlowKeyTable(capacity);
  const model = new Map<string, number>();
  for (const key of keys) {
    const { words, len } = bytesOf(key);
    const hash = hashKeyWords(words, len);
    const id = table.find(words, len, hash);
    if (model.has(key)) {
      expect(id).toBe(model.get(key));
      continue;
    }
    expect(id).toBe(-1);
    if (model.size >= capacity) model.delete(model.keys().next().value as string);
    const next = table.nextId();
    expect(table.insert(words, len, hash)).toBe(next);
    model.set(key, next);
    expect(table.size).toBe(model.size);
  }
  expect(table.liveIds()).toEqual([...model.values()]);
  // every live key is still found, every evicted one is not
  for (const key of new Set(keys)) {
    const { words, len } = bytesOf(key);
    expect(table.find(words, len, hashKeyWords(words, len))).toBe(model.get(key) ?? -1);
  }
  return table;
}

test('random keys with repeats: the same answers as a first-in-first-out Map, with and without eviction', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.nat(), { maxLength: 400 }),
      fc.integer({ min: 1, max: 80 }),
      (pool, picks, capacity) => {
        replayKeys(
          picks.map((i) => pool[i % pool.length]),
          capacity,
        );
      },
    ),
    { numRuns: 300 },
  );
});

test('thousands of keys: slots, ids and arena grow; eviction compacts the arena', () => {
  const pool = Array.from({ length: 3000 }, (_, j) => `key-${j}-${'x'.repeat(j % 300)}`);
  const keys = Array.from({ length: 10_000 }, (_, i) => pool[(i * 7919) % pool.length]);
  replayKeys(keys, 1500);
  replayKeys(keys, 100_000);
});

test('keys that differ only in length or trailing zero bytes are different keys', () => {
  replayKeys(
    ['', '\u0000', '\u0000\u0000', 'a', 'a\u0000', 'a\u0000\u0000\u0000', 'a\u0000\u0000\u0000\u0000'],
    10,
  );
});

test('string keys as bytes: ASCII as is, one-to-one otherwise', () => {
  const ascii = bytesOf('ab\u0001c');
  expect([...new Uint8Array(ascii.words.buffer, 0, 8)]).toEqual([97, 98, 1, 99, 0, 0, 0, 0]);
  expect(ascii.len).toBe(4);
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      (a, b) => {
        const x = bytesOf(a);
        const y = bytesOf(b);
        const same =
          x.len === y.len &&
          Buffer.compare(Buffer.from(x.words.buffer, 0, x.len), Buffer.from(y.words.buffer, 0, y.len)) === 0;
        expect(same).toBe(a === b);
      },
    ),
    { numRuns: 2000 },
  );
  // lone surrogates and code units past U+3FFF stay apart
  const odd = ['\ud800', '\udc00', '\uffff', '\u3fff', '\u4000', '\u0080', '\u00ff'];
  expect(new Set(odd.map((s) => Buffer.from(bytesOf(s).words.buffer, 0, 3).toString('hex'))).size).toBe(
    odd.length,
  );
});

test("the scanner's key bytes are the string key's bytes", () => {
  const line = Buffer.from(
    JSON.stringify({
      time: '2026-11-30T10:00:00.000Z',
      daemon: 'node-1',
      source: { attributes: { 'process:name': 'p1', 'k8s:pod:namespace': 'ns' } },
      destination: { address: 'W1.Svc', port: 8080 },
      observed: { verdict: 'MTLS' },
    }),
  );
  const scanner = new FlowLineScanner();
  expect(scanner.scan(line, 0, line.length)).toBe(SCAN_OK);
  const mine = bytesOf(scanner.key);
  expect(scanner.keyLen).toBe(mine.len);
  const n = (mine.len + 3) >> 2;
  expect([...scanner.keyWords.subarray(0, n)]).toEqual([...mine.words.subarray(0, n)]);
});
