/**
 * Hostile input against a real control plane over HTTPS (issues 9 and 10): every request is
 * answered per request, bounded in time and size, with a problem (never a 500), and the server keeps
 * answering others meanwhile. Limits: docs/limits.md.
 */
import { MAX_APPLY_ITEMS, MAX_ERRORS_PER_RESPONSE } from '../../src/server/writes';
import { MAX_ERRORS_PER_ITEM } from '../../src/server/validation';
import { IDEMPOTENCY_BUDGET } from '../../src/server/routes/apply';
import { RESOURCE_BODY_LIMIT } from '../../src/server/index';
import type { PostgresDatastore } from '../../src/server/store/postgres';
import { harnessBackend, startHarness, svc, wi, type Harness, type Json } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const NS = '/v1/namespaces/riptides-system';

/** One row of the idempotency table, from whichever store the harness runs on (SQLite or PostgreSQL). */
async function idempotencyQuery(sql: string, params: string[]): Promise<Record<string, number>> {
  if (harnessBackend() === 'postgres') {
    const pool = (h.cp.datastore as PostgresDatastore).pool;
    let n = 0;
    const row = (
      await pool.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows[0];
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  }
  return h.cp.store.db.prepare(sql).get(...params) as Record<string, number>;
}

/** A Service whose every address is invalid (two errors each). */
const badService = (name: string, addresses: number, junk = '') => ({
  apiVersion: 'core.riptides.io/v1alpha1',
  kind: 'Service',
  metadata: { name },
  spec: { addresses: Array.from({ length: addresses }, () => ({ address: 'not valid!' + junk, port: 0 })) },
});

describe('POST /v1/apply is bounded', () => {
  test(`more than ${MAX_APPLY_ITEMS} items: 413 before any work`, async () => {
    const res = await h.call<Json>('POST', '/v1/apply', {
      body: { items: new Array(MAX_APPLY_ITEMS + 1).fill(0) },
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload-too-large');
    // 2 million items, just under the body limit: the same answer, at once.
    const huge = '{"items":[' + '0,'.repeat(2_000_000) + '0]}';
    expect(huge.length).toBeLessThan(RESOURCE_BODY_LIMIT);
    const started = performance.now();
    const big = await h.call<Json>('POST', '/v1/apply', {
      rawBody: huge,
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect(big.body.errors[0].pointer).toBe('/items');
    expect(performance.now() - started).toBeLessThan(5_000);
    // 8 million (16 MiB, the limit before): over the body limit of the apply route.
    const over = await h.call<Json>('POST', '/v1/apply', {
      rawBody: '{"items":[' + '0,'.repeat(8_000_000) + '0]}',
      headers: { 'content-type': 'application/json' },
    });
    expect(over.status).toBe(413);
  }, 30_000);

  test(`${MAX_APPLY_ITEMS} items is accepted (the CLI sends 500)`, async () => {
    const items = Array.from({ length: MAX_APPLY_ITEMS }, (_, i) => svc(`cap-${i}`));
    const res = await h.call<Json>('POST', '/v1/apply', { body: { items, dryRun: true } });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(MAX_APPLY_ITEMS);
  });

  test('errors are capped per item and per answer; echoed text is clipped; the answer stays small', async () => {
    const long = 'x'.repeat(5_000);
    const items = Array.from({ length: 200 }, (_, i) => ({
      ...badService(`bad-${i}`, 30),
      metadata: { name: `Bad_${long}`, labels: { [`k${long}`]: long } },
    }));
    const res = await h.call<Json>('POST', '/v1/apply', { body: { items } });
    expect(res.status).toBe(200);
    const results = res.body.items as Json[];
    expect(results).toHaveLength(200);
    expect(results.every((r) => r.action === 'error')).toBe(true);
    expect(results[0].error.errors).toHaveLength(MAX_ERRORS_PER_ITEM);
    expect(results[0].error.detail).toMatch(/first 20 are listed/);
    const listed = results.reduce((n, r) => n + (r.error.errors?.length ?? 0), 0);
    expect(listed).toBeLessThanOrEqual(MAX_ERRORS_PER_RESPONSE);
    expect(results[results.length - 1].error.errors).toBeUndefined();
    expect(results[0].name.length).toBeLessThanOrEqual(253);
    expect(res.text.length).toBeLessThan(2 * 1024 * 1024);
  }, 60_000);

  test('the same kind/namespace/name twice in one batch: both reported, neither stored', async () => {
    const res = await h.call<Json>('POST', '/v1/apply', {
      body: { items: [wi('twin'), svc('twin'), wi('twin', { workloadID: 'other/twin' }), wi('single')] },
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: Json) => r.action)).toEqual(['error', 'created', 'error', 'created']);
    expect(res.body.items[0].error.errors[0].pointer).toBe('/metadata/name');
    expect(res.body.items[0].error.detail).toMatch(/\/items\/2/);
    expect((await h.call('GET', `${NS}/workloadidentities/twin`)).status).toBe(404);
  });

  test('one Service with 40,000 invalid addresses is answered quickly (validation is linear)', async () => {
    const started = performance.now();
    const res = await h.call<Json>('PUT', `${NS}/services/many`, { body: badService('many', 40_000) });
    expect(res.status).toBe(422);
    expect(res.body.errors.length).toBeLessThanOrEqual(MAX_ERRORS_PER_ITEM);
    expect(res.body.errors.some((e: Json) => /at most 1000/.test(e.message))).toBe(true);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('malformed requests are 400 problems, never 500', () => {
  test('a repeated query parameter', async () => {
    const res = await h.call<Json>('GET', `${NS}/workloadidentities?labelSelector=a&labelSelector=b`);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/labelSelector/);
  });

  test('a body nested 10,000 levels deep, with an Idempotency-Key', async () => {
    const deep = '{"items":[' + '['.repeat(10_000) + ']'.repeat(10_000) + ']}';
    const res = await h.call<Json>('POST', '/v1/apply', {
      rawBody: deep,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'deep' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('bad-request');
  });

  test('a malformed % escape in the path gets problem+json', async () => {
    const res = await h.call<Json>('GET', `${NS}/workloadidentities/%zz`, { conform: false });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('bad-request');
  });

  test('an undocumented method answers 405 with Allow', async () => {
    const res = await h.call<Json>('POST', `${NS}/services/db`, { body: {}, conform: false });
    expect(res.status).toBe(405);
    expect(res.body.code).toBe('method-not-allowed');
    expect(res.headers.allow).toMatch(/DELETE/);
    expect(res.headers.allow).toMatch(/PUT/);
    const apply = await h.call<Json>('GET', '/v1/apply', { conform: false });
    expect(apply.status).toBe(405);
    expect(apply.headers.allow).toBe('POST');
    expect((await h.call('GET', '/v1/nothing-here', { conform: false })).status).toBe(404);
  });

  test.each(['UPPER', 'a_b', '-x', 'x'.repeat(64)])('namespace %s in the URL is refused', async (ns) => {
    const doc = svc('db');
    const put = await h.call<Json>('PUT', `/v1/namespaces/${ns}/services/db`, { body: doc });
    expect(put.status).toBe(400);
    expect((await h.call('GET', `/v1/namespaces/${ns}/services`)).status).toBe(400);
    expect((await h.call('GET', `/v1/namespaces/${ns}/services/db`)).status).toBe(400);
    expect((await h.call('DELETE', `/v1/namespaces/${ns}/services/db`)).status).toBe(400);
  });

  test('a name in the URL that no resource can have is refused', async () => {
    expect((await h.call('GET', `${NS}/services/Bad_Name`)).status).toBe(400);
  });

  test.each(['1e3', '0x10', '+5', ' 7', '5.0', '0', '1001'])('svids limit=%s is refused', async (limit) => {
    const res = await h.call<Json>('GET', `/v1/svids?limit=${encodeURIComponent(limit)}`);
    expect(res.status).toBe(400);
  });

  test('DELETE with a bad dryRun is a documented 400', async () => {
    expect((await h.call('DELETE', `${NS}/services/db?dryRun=yes`)).status).toBe(400);
  });
});

describe('Idempotency-Key', () => {
  test('the fingerprint does not depend on key order', async () => {
    const key = 'reordered-1';
    const doc = svc('ordered');
    const first = await h.call('POST', '/v1/apply', {
      body: { items: [doc], atomic: false },
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(200);
    const reordered = {
      spec: { labels: doc.spec.labels, addresses: doc.spec.addresses },
      metadata: doc.metadata,
      kind: doc.kind,
      apiVersion: doc.apiVersion,
    };
    const retry = await h.call('POST', '/v1/apply', {
      body: { atomic: false, items: [reordered] },
      headers: { 'idempotency-key': key },
    });
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotency-replayed']).toBe('true');
  });

  test('a large failing batch stores a bounded record; the store keeps a bounded total', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => badService(`idem-${i}`, 25, 'y'.repeat(100)));
    const key = 'big-failure';
    const res = await h.call<Json>('POST', '/v1/apply', {
      body: { items },
      headers: { 'idempotency-key': key },
    });
    expect(res.status).toBe(200);
    const row = await idempotencyQuery('SELECT length(body) AS n, status FROM idempotency WHERE key = ?', [
      key,
    ]);
    expect(row.n).toBeLessThanOrEqual(1024 * 1024);
    // The same request again runs again or replays: same outcome either way.
    const again = await h.call<Json>('POST', '/v1/apply', {
      body: { items },
      headers: { 'idempotency-key': key },
    });
    expect(again.body.items.map((r: Json) => r.action)).toEqual(res.body.items.map((r: Json) => r.action));
    // Another request under the key is still refused.
    const other = await h.call<Json>('POST', '/v1/apply', {
      body: { items: [svc('z')] },
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(422);
    const total = await idempotencyQuery(
      'SELECT count(*) AS n, coalesce(sum(length(body)), 0) AS chars FROM idempotency',
      [],
    );
    expect(total.n).toBeLessThanOrEqual(IDEMPOTENCY_BUDGET.maxRecords);
    expect(total.chars).toBeLessThanOrEqual(IDEMPOTENCY_BUDGET.maxChars);
  }, 60_000);
});
