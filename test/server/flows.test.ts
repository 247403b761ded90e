/**
 * POST/GET /v1/flows on a real control plane over HTTPS: batches and NDJSON, per-item errors with the
 * good records kept, the 10,000 limit, filters and paging newest first, the retention window, and
 * daemon tokens (post flows and read policy; 403 on resource writes). Every response is checked
 * against schemas/openapi.yaml, and every flows operation it declares must be exercised here.
 * ./flows-postgres.test.ts runs the same cases on the PostgreSQL store.
 */
import { flow } from '../helpers/flows';
import { startHarness, svc, type Harness, type Json } from './harness';
import { loadOpenApiChecker } from './openapi-conformance';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ flowRetention: { maxCount: 50, maxAgeMs: 3_600_000 } });
});
afterAll(() => h.close());

const at = (s: number) => `2026-11-30T10:00:${String(s).padStart(2, '0')}Z`;

describe('POST /v1/flows', () => {
  test('a batch: every valid record stored with an id; bad ones reported per item, good ones kept', async () => {
    const bad1 = { ...flow('legacy', 'frontend', 'PLAINTEXT'), extra: true };
    const bad2 = flow('legacy', 'frontend', 'PLAINTEXT') as Json;
    delete bad2.observed.verdict;
    const bad3 = flow('legacy', 'frontend', 'PLAINTEXT') as Json;
    bad3.source.spiffeID = 'spiffe://UPPER/x';
    const bad4 = flow('legacy', 'frontend', 'PLAINTEXT') as Json;
    bad4.source.attributes['k8s:label:big'] = 'x'.repeat(1 << 20);
    const bad5 = { ...flow('legacy', 'frontend', 'PLAINTEXT'), time: 1 };
    const items = [
      flow('frontend', 'backend', 'PLAINTEXT', { time: at(1) }),
      bad1,
      bad2,
      bad3,
      bad4,
      bad5,
      flow('legacy', 'frontend', 'PLAINTEXT', { time: at(2) }),
    ];
    const r = await h.call('POST', '/v1/flows', { body: { items } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 2, rejected: 5 });
    expect(r.body.ids).toHaveLength(2);
    expect(r.body.errors.map((e: Json) => e.index)).toEqual([1, 2, 3, 4, 5]);
    expect(r.body.errors.map((e: Json) => e.errors[0].pointer)).toEqual([
      '/items/1/extra',
      '/items/2/observed/verdict',
      '/items/3/source/spiffeID',
      '/items/4/source/attributes/k8s:label:big',
      '/items/5/time',
    ]);
    const stored = await h.call('GET', `/v1/flows/${r.body.ids[0]}`);
    expect(stored.body).toMatchObject({ id: r.body.ids[0], observed: { verdict: 'PLAINTEXT' } });
  });

  test('NDJSON: per-line errors carry the line; nothing valid is 422', async () => {
    const ndjson = [
      JSON.stringify(flow('legacy', 'backend', 'REJECTED', { time: at(3) })),
      '',
      '{bad json',
      '[]',
    ].join('\n');
    const r = await h.call('POST', '/v1/flows', {
      rawBody: ndjson,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 1, rejected: 2 });
    expect(r.body.errors.map((e: Json) => [e.index, e.line])).toEqual([
      [1, 3],
      [2, 4],
    ]);
    const stored = await h.call('GET', `/v1/flows/${r.body.ids[0]}`);
    expect(stored.body).toEqual({
      id: r.body.ids[0],
      ...flow('legacy', 'backend', 'REJECTED', { time: at(3) }),
    });
    const none = await h.call('POST', '/v1/flows', {
      rawBody: '{}\n',
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('invalid');
  });

  test('more than 10,000 records is 413; a malformed body is 400', async () => {
    const one = flow('legacy', 'frontend', 'PLAINTEXT');
    const r = await h.call('POST', '/v1/flows', {
      body: { items: Array.from({ length: 10_001 }, () => one) },
    });
    expect(r.status).toBe(413);
    expect((await h.call('POST', '/v1/flows', { body: [one] })).status).toBe(400);
    expect((await h.call('POST', '/v1/flows', { body: { items: [], more: 1 } })).status).toBe(400);
  });
});

describe('GET /v1/flows', () => {
  test('newest first, filters, and continue pages', async () => {
    const items = Array.from({ length: 12 }, (_, i) =>
      flow(i % 2 ? 'frontend' : 'legacy', 'backend', i % 3 ? 'MTLS' : 'REJECTED', {
        time: at(10 + i),
        srcId: i % 2 ? 'spiffe://example.com/myapp/app/frontend' : null,
      }),
    );
    expect((await h.call('POST', '/v1/flows', { body: { items } })).body.accepted).toBe(12);
    const all = await h.call('GET', '/v1/flows?limit=1000');
    const times = all.body.items.map((f: Json) => f.time);
    expect([...times].sort().reverse()).toEqual(times);
    const rejected = await h.call(
      'GET',
      '/v1/flows?verdict=REJECTED&since=2026-11-30T10:00:10Z&until=2026-11-30T10:00:30Z',
    );
    expect(rejected.body.items.map((f: Json) => f.time)).toEqual([at(19), at(16), at(13), at(10)]);
    const bySource = await h.call('GET', '/v1/flows?source=spiffe://example.com/myapp/app/frontend');
    expect(bySource.body.items).toHaveLength(6);
    const byDest = await h.call('GET', '/v1/flows?destination=frontend.myapp.svc.cluster.local:8080');
    expect(byDest.body.items.every((f: Json) => f.destination.port === 8080)).toBe(true);
    expect(byDest.body.items.length).toBeGreaterThan(0);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await h.call('GET', `/v1/flows?limit=5${token ? `&continue=${token}` : ''}`);
      seen.push(...page.body.items.map((f: Json) => f.id));
      token = page.body.metadata.continue;
    } while (token);
    expect(seen).toEqual(all.body.items.map((f: Json) => f.id));
  });

  test('bad parameters are 400; an unknown id is 404', async () => {
    expect((await h.call('GET', '/v1/flows?verdict=GREEN')).status).toBe(400);
    expect((await h.call('GET', '/v1/flows?since=yesterday')).status).toBe(400);
    expect((await h.call('GET', '/v1/flows?limit=0')).status).toBe(400);
    expect((await h.call('GET', '/v1/flows?continue=@@')).status).toBe(400);
    expect((await h.call('GET', '/v1/flows/999999')).status).toBe(404);
  });

  test('the window keeps the newest 50 by arrival: older ones are dropped first, writes go on', async () => {
    const items = Array.from({ length: 60 }, (_, i) =>
      flow('legacy', 'frontend', 'PLAINTEXT', { time: at(i % 60) }),
    );
    const r = await h.call('POST', '/v1/flows', { body: { items } });
    expect(r.body.accepted).toBe(60);
    expect(await h.cp.datastore.countFlows()).toBe(50);
    expect((await h.call('GET', `/v1/flows/${r.body.ids[9]}`)).status).toBe(404);
    expect((await h.call('GET', `/v1/flows/${r.body.ids[10]}`)).status).toBe(200);
  });
});

describe('daemon tokens', () => {
  let token: string;
  beforeAll(async () => {
    token = await h.cp.datastore.createDaemonToken('node-7', new Date());
  });

  test('a daemon token posts flows and reads policy', async () => {
    const r = await h.call('POST', '/v1/flows', {
      token,
      body: { items: [flow('legacy', 'frontend', 'PLAINTEXT')] },
    });
    expect(r.status).toBe(200);
    expect((await h.call('GET', '/v1/namespaces/riptides-system/services', { token })).status).toBe(200);
    expect((await h.call('GET', '/v1/info', { token })).status).toBe(200);
  });

  test('the same token cannot write resources (403) nor read flows', async () => {
    const put = await h.call('PUT', '/v1/namespaces/riptides-system/services/a', { token, body: svc('a') });
    expect(put.status).toBe(403);
    expect(put.body.code).toBe('forbidden');
    expect((await h.call('POST', '/v1/apply', { token, body: { items: [svc('b')] } })).status).toBe(403);
    expect((await h.call('DELETE', '/v1/namespaces/riptides-system/services/a', { token })).status).toBe(403);
    expect((await h.call('GET', '/v1/flows', { token })).status).toBe(403);
    expect((await h.call('GET', '/v1/flows', { token: 'rtd_unknown' })).status).toBe(401);
  });
});

test('every flows operation in the OpenAPI document was exercised above', () => {
  const checker = loadOpenApiChecker();
  const declared = checker
    .operations()
    .filter((o) => o.tags.includes('flows'))
    .map((o) => `${o.method.toUpperCase()} ${o.path}`);
  expect(declared.length).toBe(3);
  expect(declared.filter((op) => !checker.seen.has(op))).toEqual([]);
});
