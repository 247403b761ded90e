/**
 * The per-replica daemon-token cache (src/server/index.ts): a known token is trusted for 10 s, an
 * unknown one for 1 s, concurrent lookups share one query, and non-daemon tokens never reach the store.
 */
import { cachedDaemonLookup, DAEMON_TOKEN_CACHE } from '../../src/server/index';

function setup(maxEntries = DAEMON_TOKEN_CACHE.maxEntries) {
  let t = 0;
  const names = new Map<string, string>();
  const asked: string[] = [];
  const lookup = cachedDaemonLookup(
    async (token) => {
      asked.push(token);
      await new Promise((r) => setImmediate(r));
      return names.get(token);
    },
    () => t,
    { ...DAEMON_TOKEN_CACHE, maxEntries },
  );
  return { lookup, names, asked, advance: (ms: number) => (t += ms) };
}

test('a known token is asked once per 10 s; a revoked one keeps working until then', async () => {
  const s = setup();
  s.names.set('rtd_a', 'node-1');
  expect(await s.lookup('rtd_a')).toBe('node-1');
  s.names.delete('rtd_a'); // revoked in the database
  s.advance(9_999);
  expect(await s.lookup('rtd_a')).toBe('node-1');
  expect(s.asked).toEqual(['rtd_a']);
  s.advance(2);
  expect(await s.lookup('rtd_a')).toBeUndefined();
  expect(s.asked).toEqual(['rtd_a', 'rtd_a']);
});

test('an unknown token is asked again after 1 s: a token minted meanwhile works within a second', async () => {
  const s = setup();
  expect(await s.lookup('rtd_new')).toBeUndefined();
  s.names.set('rtd_new', 'node-2');
  s.advance(500);
  expect(await s.lookup('rtd_new')).toBeUndefined();
  s.advance(501);
  expect(await s.lookup('rtd_new')).toBe('node-2');
  expect(s.asked).toEqual(['rtd_new', 'rtd_new']);
});

test('concurrent lookups share one query; other tokens never reach the store; the cache is bounded', async () => {
  const s = setup(3);
  s.names.set('rtd_a', 'node-1');
  expect(await Promise.all([s.lookup('rtd_a'), s.lookup('rtd_a'), s.lookup('rtd_a')])).toEqual([
    'node-1',
    'node-1',
    'node-1',
  ]);
  expect(s.asked).toEqual(['rtd_a']);
  expect(await s.lookup('an-admin-token')).toBeUndefined();
  expect(s.asked).toEqual(['rtd_a']);
  for (const t of ['rtd_1', 'rtd_2', 'rtd_3']) await s.lookup(t);
  // Full: emptied, so rtd_a is asked again (and the memory stays bounded under random tokens).
  await s.lookup('rtd_a');
  expect(s.asked).toEqual(['rtd_a', 'rtd_1', 'rtd_2', 'rtd_3', 'rtd_a']);
});
