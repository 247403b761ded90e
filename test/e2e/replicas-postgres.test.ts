/**
 * Replicas: two and three `controlplane serve` processes on one real PostgreSQL (SPEC §4.2): the
 * first sets the cluster up, the others join; reads are the same everywhere; conflicting writers
 * lose no update; a replica killed mid-apply loses no acknowledged write; a failed atomic batch is
 * invisible everywhere; `ctl get --watch` on B follows A's writes and resumes after B restarts;
 * SVIDs from either replica verify against the bundle of either.
 */
import { spawn } from 'node:child_process';
import { parseTrustBundle } from '../../src/core/spiffe/bundle';
import { inspectSvidBytes } from '../../src/core/spiffe/verify';
import { BIN, isolatedEnv } from '../helpers/cli';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { replicaClient, startReplica, tokenFile, type Replica } from '../helpers/replicas';
import { createCsr } from '../helpers/test-ca';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const NS = 'riptides-system';
const wi = (name: string, labels: Record<string, string> = {}, resourceVersion?: string) => ({
  apiVersion: 'core.riptides.io/v1alpha1',
  kind: 'WorkloadIdentity',
  metadata: { name, labels, ...(resourceVersion ? { resourceVersion } : {}) },
  spec: { workloadID: `myapp/${name}`, selectors: [{ 'process:name': name }] },
});
const wiPath = (name: string) => `/v1/namespaces/${NS}/workloadidentities/${name}`;

let pg: TestPostgres;
let a: Replica;
let b: Replica;
let token: string;
let client: ReturnType<typeof replicaClient>;

beforeAll(async () => {
  pg = await startPostgres();
  // Two replicas starting at once: the advisory locks make exactly one of them the first.
  [a, b] = await Promise.all([startReplica(pg), startReplica(pg)]);
  if (a.cluster === 'joined') [a, b] = [b, a];
  token = a.printedToken!;
  client = replicaClient(a.caFile, token);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  pg?.stop();
});

test('the first replica sets up and prints the token once; the other joins; no password is printed', () => {
  expect([a.cluster, b.cluster]).toEqual(['created', 'joined']);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(b.printedToken).toBeUndefined();
  expect(b.stdout).not.toContain(token);
  for (const r of [a, b]) {
    expect(r.stdout + r.stderr()).not.toContain(pg.password);
  }
});

test('apply through A, read through B: identical objects and versions; same bundle everywhere', async () => {
  const applied = await client.call<Json>(a.url, 'POST', '/v1/apply', {
    items: [wi('alpha'), wi('beta', { tier: 'web' })],
  });
  expect(applied.status).toBe(200);
  const viaA = await client.call<Json>(a.url, 'GET', `/v1/namespaces/${NS}/workloadidentities`);
  const viaB = await client.call<Json>(b.url, 'GET', `/v1/namespaces/${NS}/workloadidentities`);
  expect(viaB.body).toEqual(viaA.body);
  expect(viaB.body.items.map((r: Json) => r.metadata.resourceVersion)).toEqual(
    applied.body.items.map((r: Json) => r.resourceVersion),
  );
  const bundleA = await client.call<Json>(a.url, 'GET', '/v1/bundle');
  const bundleB = await client.call<Json>(b.url, 'GET', '/v1/bundle');
  expect(bundleA.status).toBe(200);
  expect(bundleB.body).toEqual(bundleA.body);
});

test('8 writers with conflicting versions through both replicas: each write is acknowledged or 409, none lost', async () => {
  const names = ['c0', 'c1', 'c2', 'c3'];
  await client.call(a.url, 'POST', '/v1/apply', { items: names.map((n) => wi(n)) });
  const acks: Array<{ name: string; rv: bigint; writer: string }> = [];
  const statuses = new Map<number, number>();
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 20; i++) {
        const name = names[(w + i) % names.length];
        const [readVia, writeVia] = (w + i) % 2 === 0 ? [a, b] : [b, a];
        const current = await client.call<Json>(readVia.url, 'GET', wiPath(name));
        const writer = `w${w}-${i}`;
        const res = await client.call<Json>(
          writeVia.url,
          'PUT',
          wiPath(name),
          wi(name, { writer }, current.body.metadata.resourceVersion),
        );
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) acks.push({ name, rv: BigInt(res.body.metadata.resourceVersion), writer });
      }
    }),
  );
  expect([...statuses.keys()].every((s) => s === 200 || s === 409)).toBe(true);
  expect(acks.length).toBeGreaterThan(0);
  expect(new Set(acks.map((x) => x.rv)).size).toBe(acks.length);
  for (const name of names) {
    const mine = acks.filter((x) => x.name === name).sort((x, y) => (x.rv < y.rv ? -1 : 1));
    if (mine.length === 0) continue;
    const last = mine[mine.length - 1];
    for (const via of [a, b]) {
      const final = await client.call<Json>(via.url, 'GET', wiPath(name));
      expect([final.body.metadata.labels.writer, final.body.metadata.resourceVersion]).toEqual([
        last.writer,
        String(last.rv),
      ]);
    }
  }
});

test('an atomic batch that fails on one item stores nothing, seen from every replica', async () => {
  const res = await client.call<Json>(a.url, 'POST', '/v1/apply', {
    atomic: true,
    items: [wi('atomic-1'), wi('atomic-2'), { ...wi('atomic-bad'), spec: { selectors: [] } }],
  });
  expect(res.status).toBe(422);
  for (const via of [a, b]) {
    for (const name of ['atomic-1', 'atomic-2', 'atomic-bad']) {
      expect((await client.call(via.url, 'GET', wiPath(name))).status).toBe(404);
    }
  }
});

test('an Idempotency-Key used on A is honoured on B: the answer is replayed, nothing applied twice', async () => {
  const body = { items: [wi('idem-1'), wi('idem-2')] };
  const first = await client.call<Json>(a.url, 'POST', '/v1/apply', body, {
    'idempotency-key': 'cross-replica-1',
  });
  expect(first.status).toBe(200);
  const replay = await client.call<Json>(b.url, 'POST', '/v1/apply', body, {
    'idempotency-key': 'cross-replica-1',
  });
  expect(replay.headers['idempotency-replayed']).toBe('true');
  expect(replay.body).toEqual(first.body);
  const reused = await client.call<Json>(
    b.url,
    'POST',
    '/v1/apply',
    { items: [wi('idem-3')] },
    {
      'idempotency-key': 'cross-replica-1',
    },
  );
  expect([reused.status, reused.body.code]).toEqual([422, 'idempotency-key-reused']);
  expect((await client.call(b.url, 'GET', wiPath('idem-3'))).status).toBe(404);
});

test('SVIDs issued by A and by B verify against the bundle fetched from either', async () => {
  const { csrPem } = await createCsr();
  const bundles = await Promise.all(
    [a, b].map(async (r) =>
      parseTrustBundle(JSON.stringify((await client.call(r.url, 'GET', '/v1/bundle')).body)),
    ),
  );
  for (const issuer of [a, b]) {
    const x509 = await client.call<Json>(issuer.url, 'POST', '/v1/svids/x509', {
      csr: csrPem,
      workloadID: 'myapp/alpha',
    });
    expect(x509.status).toBe(201);
    const jwt = await client.call<Json>(issuer.url, 'POST', '/v1/svids/jwt', {
      workloadID: 'myapp/alpha',
      audience: ['billing'],
    });
    expect(jwt.status).toBe(201);
    for (const bundle of bundles) {
      const x = inspectSvidBytes(Buffer.from(x509.body.svid as string), { now: new Date(), bundle });
      expect(x.findings).toEqual([]);
      const j = inspectSvidBytes(Buffer.from(jwt.body.token as string), {
        now: new Date(),
        bundle,
        audience: ['billing'],
      });
      expect(j.findings).toEqual([]);
    }
  }
  // Both replicas list both issuances (the records are shared).
  const listed = await client.call<Json>(b.url, 'GET', '/v1/svids?workloadID=myapp/alpha');
  expect(listed.body.items).toHaveLength(4);
});

test('ctl get --watch on B sees every change made through A, in order, and resumes after B restarts', async () => {
  const start = (await client.call<Json>(a.url, 'PUT', wiPath('watch-seed'), wi('watch-seed'))).body.metadata
    .resourceVersion as string;
  const watcher = spawn(
    process.execPath,
    [
      BIN,
      'ctl',
      'get',
      'wi',
      '--watch',
      '--resource-version',
      start,
      '-o',
      'json',
      '--server',
      b.url,
      '--ca-file',
      b.caFile,
      '--token-file',
      tokenFile(token),
    ],
    { env: { ...process.env, ...isolatedEnv(), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  watcher.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  watcher.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const events = () =>
    out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Json);
  const waitForEvents = async (n: number) => {
    const deadline = Date.now() + 20_000;
    while (events().length < n) {
      if (Date.now() > deadline) throw new Error(`watch saw ${events().length} of ${n}: ${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const acked: string[] = [];
  const write = async (name: string) => {
    const res = await client.call<Json>(
      a.url,
      'PUT',
      wiPath(name),
      wi(name, { round: String(acked.length) }),
    );
    acked.push(res.body.metadata.resourceVersion as string);
  };
  try {
    for (let i = 0; i < 10; i++) await write(`watched-${i % 3}`);
    await waitForEvents(10);
    // B dies and comes back on the same port; meanwhile A keeps writing.
    await b.stop('SIGKILL');
    for (let i = 10; i < 15; i++) await write(`watched-${i % 3}`);
    b = await startReplica(pg, { port: b.port, dataDir: b.dataDir });
    expect(b.cluster).toBe('joined');
    for (let i = 15; i < 20; i++) await write(`watched-${i % 3}`);
    await waitForEvents(20);
    const seen = events();
    expect(seen.map((e) => e.resourceVersion)).toEqual(acked);
    expect(seen.every((e) => e.type === 'MODIFIED' || e.type === 'ADDED')).toBe(true);
    expect(err).toMatch(/reconnecting from resourceVersion/);
    // Still watching (not ended by the restart).
    expect(watcher.exitCode).toBeNull();
  } finally {
    const exited =
      watcher.exitCode !== null ? Promise.resolve() : new Promise((r) => watcher.once('exit', r));
    watcher.kill('SIGINT');
    await exited;
  }
  expect(watcher.exitCode).toBe(0);
});

test('kill -9 of A in the middle of a 5,000-resource apply: every acknowledged resource is on B; the client finishes on B', async () => {
  const c = await startReplica(pg);
  expect(c.cluster).toBe('joined');
  const items = Array.from({ length: 5000 }, (_, i) => wi(`bulk-${i}`));
  const batches: Json[][] = [];
  for (let i = 0; i < items.length; i += 100) batches.push(items.slice(i, i + 100));
  const acknowledged: string[] = [];
  let next = 0;
  let killed = false;
  let target = c;
  while (next < batches.length) {
    const key = `bulk-batch-${next}`;
    if (next === 10 && !killed) {
      // Kill while this batch is in flight.
      setTimeout(() => c.child.kill('SIGKILL'), 5);
      killed = true;
    }
    try {
      const res = await client.call<Json>(
        target.url,
        'POST',
        '/v1/apply',
        { items: batches[next] },
        {
          'idempotency-key': key,
        },
      );
      expect(res.status).toBe(200);
      acknowledged.push(...res.body.items.map((r: Json) => r.name as string));
      next++;
    } catch {
      // The replica is gone: retry the same batch (same Idempotency-Key) against B.
      expect(killed).toBe(true);
      target = b;
    }
  }
  await c.stop('SIGKILL');
  expect(killed).toBe(true);
  expect(target).toBe(b);
  expect(new Set(acknowledged).size).toBe(5000);
  const names = new Set<string>();
  let cont: string | undefined;
  do {
    const page = await client.call<Json>(
      b.url,
      'GET',
      `/v1/namespaces/${NS}/workloadidentities?limit=1000${cont ? `&continue=${cont}` : ''}`,
    );
    for (const item of page.body.items) names.add(item.metadata.name);
    cont = page.body.metadata.continue;
  } while (cont);
  for (const name of acknowledged) expect(names.has(name)).toBe(true);
});
