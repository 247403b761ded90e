/**
 * The change feed (GET /v1/watch) and what daemons fetch (GET /v1/daemongroups/{id}/policy) over
 * real HTTPS, with the store the harness uses (SQLite here; ./watch-policy-postgres.test.ts runs
 * the same tests on PostgreSQL). Every line and answer is checked against schemas/openapi.yaml.
 */
import fs from 'node:fs';
import { Agent, request } from 'undici';
import { loadOpenApiChecker } from './openapi-conformance';
import { startHarness, svc, wi, type Harness, type Json } from './harness';

const NS = 'riptides-system';
const wiPath = (name: string, ns = NS) => `/v1/namespaces/${ns}/workloadidentities/${name}`;

interface Watcher {
  events: Json[];
  /** Resolves when `n` lines (BOOKMARKs included unless `changesOnly`) have arrived. */
  waitFor(n: number, changesOnly?: boolean): Promise<Json[]>;
  close(): void;
}

/** Open GET /v1/watch and collect its lines, each checked against the OpenAPI WatchEvent. */
async function watch(h: Harness, query: string): Promise<{ status: number; watcher?: Watcher; body?: Json }> {
  const checker = loadOpenApiChecker();
  const agent = new Agent({ connect: { ca: fs.readFileSync(h.cp.paths.caFile, 'utf8') } });
  const res = await request(`${h.url}/v1/watch${query}`, {
    headers: { authorization: `Bearer ${h.cp.adminToken}` },
    dispatcher: agent,
  });
  if (res.statusCode !== 200) {
    const body = await res.body.json();
    await agent.close();
    return { status: res.statusCode, body };
  }
  const events: Json[] = [];
  let buffer = '';
  let wake: () => void = () => undefined;
  res.body.setEncoding('utf8');
  res.body.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) !== -1) {
      const event = JSON.parse(buffer.slice(0, nl)) as Json;
      buffer = buffer.slice(nl + 1);
      const problems = checker.check('GET', '/v1/watch', 200, 'application/x-ndjson', event);
      if (problems.length > 0) throw new Error(`watch event does not conform: ${problems.join('; ')}`);
      events.push(event);
    }
    wake();
  });
  res.body.on('error', () => undefined);
  const watcher: Watcher = {
    events,
    async waitFor(n, changesOnly = false) {
      const pick = () => (changesOnly ? events.filter((e) => e.type !== 'BOOKMARK') : events);
      const deadline = Date.now() + 10_000;
      while (pick().length < n) {
        if (Date.now() > deadline)
          throw new Error(`only ${pick().length} of ${n} events: ${JSON.stringify(events)}`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
      return pick();
    },
    close() {
      res.body.destroy();
      void agent.close();
    },
  };
  return { status: 200, watcher };
}

describe('GET /v1/watch', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ watchHeartbeatMs: 200 });
  });
  afterAll(async () => {
    await h.close();
  });

  test('every change after the version, in order, then live ones; DELETED carries the object', async () => {
    const from = await watch(h, '?resourceVersion=0');
    expect(from.status).toBe(200);
    const w = from.watcher!;
    await h.call('PUT', wiPath('a'), { body: wi('a') });
    await h.call('PUT', wiPath('a'), { body: wi('a', { workloadID: 'myapp/a2' }) });
    await h.call('DELETE', wiPath('a'));
    await h.call('POST', '/v1/apply', { body: { items: [wi('b'), svc('c')] } });
    const changes = await w.waitFor(5, true);
    expect(changes.map((e) => [e.type, e.object.kind, e.object.metadata.name, e.resourceVersion])).toEqual([
      ['ADDED', 'WorkloadIdentity', 'a', '1'],
      ['MODIFIED', 'WorkloadIdentity', 'a', '2'],
      ['DELETED', 'WorkloadIdentity', 'a', '3'],
      ['ADDED', 'WorkloadIdentity', 'b', '4'],
      ['ADDED', 'Service', 'c', '5'],
    ]);
    expect(changes[1].object.spec.workloadID).toBe('myapp/a2');
    expect(w.events[0]).toEqual({ type: 'BOOKMARK', resourceVersion: '0' });
    w.close();

    // A later watcher from version 2 gets the backlog after it, then the heartbeat.
    const later = (await watch(h, '?resourceVersion=2')).watcher!;
    const backlog = await later.waitFor(3, true);
    expect(backlog.map((e) => e.resourceVersion)).toEqual(['3', '4', '5']);
    const all = await later.waitFor(6);
    expect(all.filter((e) => e.type === 'BOOKMARK').length).toBeGreaterThanOrEqual(2);
    expect(all[all.length - 1]).toEqual({ type: 'BOOKMARK', resourceVersion: '5' });
    later.close();
  });

  test('kind and namespace filters', async () => {
    const w = (await watch(h, '?kind=services&namespace=team-a')).watcher!;
    await h.call('PUT', wiPath('x', 'team-a'), {
      body: { ...wi('x'), metadata: { name: 'x', namespace: 'team-a' } },
    });
    await h.call('PUT', '/v1/namespaces/team-b/services/s', {
      body: { ...svc('s'), metadata: { name: 's', namespace: 'team-b' } },
    });
    await h.call('PUT', '/v1/namespaces/team-a/services/s', {
      body: { ...svc('s'), metadata: { name: 's', namespace: 'team-a' } },
    });
    const [only] = await w.waitFor(1, true);
    expect([only.object.kind, only.object.metadata.namespace]).toEqual(['Service', 'team-a']);
    await new Promise((r) => setTimeout(r, 300));
    expect(w.events.filter((e) => e.type !== 'BOOKMARK')).toHaveLength(1);
    w.close();
  });

  test('bad parameters are 400 problems', async () => {
    expect((await h.call('GET', '/v1/watch?resourceVersion=abc')).body.code).toBe('bad-request');
    expect((await h.call('GET', '/v1/watch?kind=Pod')).body.code).toBe('bad-request');
    expect((await h.call('GET', '/v1/watch', { token: null })).status).toBe(401);
  });
});

test('GET /v1/watch: 410 Gone for a version older than the kept history', async () => {
  const h = await startHarness({ watchHistory: 5 });
  try {
    // 1010 changes in two batches (one apply takes at most MAX_APPLY_ITEMS = 1000 items).
    const items = Array.from({ length: 1010 }, (_, i) => wi(`w-${i}`));
    for (const batch of [items.slice(0, 505), items.slice(505)])
      expect((await h.call('POST', '/v1/apply', { body: { items: batch } })).status).toBe(200);
    const gone = await h.call('GET', '/v1/watch?resourceVersion=2');
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('gone');
    const recent = (await watch(h, '?resourceVersion=1009')).watcher!;
    const [last] = await recent.waitFor(1, true);
    expect(last.object.metadata.name).toBe('w-1009');
    recent.close();
  } finally {
    await h.close();
  }
});

describe('GET /v1/daemongroups/{id}/policy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const scoped = (name: string, scope: unknown) => ({ ...wi(name), spec: { ...wi(name).spec, scope } });
  const G1 = 'riptides/daemongroup/dev/workers';
  const policyPath = `/v1/daemongroups/${encodeURIComponent(G1)}/policy`;

  test('unscoped and group-scoped identities and every service, with an ETag and 304', async () => {
    await h.call('POST', '/v1/apply', {
      body: {
        items: [
          wi('everywhere'),
          scoped('in-g1', { daemonGroup: { id: G1 } }),
          scoped('in-g2', { daemonGroup: { id: 'riptides/daemongroup/prod/other' } }),
          scoped('on-daemon', { daemon: { id: 'node-7' } }),
          svc('payments'),
        ],
      },
    });
    const first = await h.call('GET', policyPath);
    expect(first.status).toBe(200);
    expect(first.body.daemonGroup).toBe(G1);
    expect(first.body.workloadIdentities.map((r: Json) => r.metadata.name)).toEqual(['everywhere', 'in-g1']);
    expect(first.body.services.map((r: Json) => r.metadata.name)).toEqual(['payments']);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);

    const again = await h.call('GET', policyPath, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');

    // A change the group does not use keeps the ETag; one it uses changes it.
    await h.call('PUT', wiPath('in-g2'), {
      body: scoped('in-g2', { daemonGroup: { id: 'riptides/daemongroup/prod/other' } }),
    });
    await h.call('PUT', wiPath('in-g2'), {
      body: {
        ...scoped('in-g2', { daemonGroup: { id: 'riptides/daemongroup/prod/other' } }),
        metadata: { name: 'in-g2', labels: { x: 'y' } },
      },
    });
    expect((await h.call('GET', policyPath, { headers: { 'if-none-match': etag } })).status).toBe(304);
    await h.call('PUT', wiPath('in-g1'), {
      body: {
        ...scoped('in-g1', { daemonGroup: { id: G1 } }),
        metadata: { name: 'in-g1', labels: { x: 'y' } },
      },
    });
    const changed = await h.call('GET', policyPath, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  test('an unknown group gets the unscoped identities; the token is required', async () => {
    const other = await h.call(
      'GET',
      `/v1/daemongroups/${encodeURIComponent('riptides/daemongroup/none')}/policy`,
    );
    expect(other.body.workloadIdentities.map((r: Json) => r.metadata.name)).toEqual(['everywhere']);
    expect((await h.call('GET', policyPath, { token: null })).status).toBe(401);
  });
});

test('the OpenAPI watch and policy operations were all exercised above', () => {
  const checker = loadOpenApiChecker();
  const declared = checker
    .operations()
    .filter((o) => o.tags.some((t) => ['watch', 'policy'].includes(t)))
    .map((o) => `${o.method.toUpperCase()} ${o.path}`);
  expect(declared).toHaveLength(2);
  expect(declared.filter((op) => !checker.seen.has(op))).toEqual([]);
});
