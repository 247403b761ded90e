/**
 * The storage-failure mapping of issue 10 (503 `unavailable` rather than a 500) on the PostgreSQL
 * store: a real PostgreSQL stopped under a running control plane. Writes, batch applies and reads
 * answer 503 problems (never 500), and /healthz still answers.
 */
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { startHarness, useHarnessPostgres, wi, type Harness, type Json } from './harness';

let pg: TestPostgres;
let h: Harness;
beforeAll(async () => {
  pg = await startPostgres();
  useHarnessPostgres(pg);
  h = await startHarness();
});
afterAll(async () => {
  useHarnessPostgres(undefined);
  await h?.close().catch(() => undefined);
  pg?.stop();
});

const NS = '/v1/namespaces/riptides-system';

test('the database stopped: 503 unavailable problems for writes, applies and reads; healthz answers', async () => {
  expect((await h.call('PUT', `${NS}/workloadidentities/before`, { body: wi('before') })).status).toBe(201);
  pg.stop();
  const put = await h.call<Json>('PUT', `${NS}/workloadidentities/after`, { body: wi('after') });
  expect(put.status).toBe(503);
  expect(put.body.code).toBe('unavailable');
  expect(put.body.detail).toMatch(/database is unavailable/);
  const apply = await h.call<Json>('POST', '/v1/apply', { body: { items: [wi('batch')] } });
  expect(apply.status).toBe(503);
  const get = await h.call<Json>('GET', `${NS}/workloadidentities/before`);
  expect(get.status).toBe(503);
  expect((await h.call('GET', '/healthz', { token: null })).status).toBe(200);
}, 60_000);
