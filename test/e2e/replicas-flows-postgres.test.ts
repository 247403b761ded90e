/**
 * Flows and daemon tokens across replicas (issues 11 and 12): three `controlplane serve` processes on
 * one real PostgreSQL share the flow window and the daemon tokens. A token minted once with
 * `controlplane daemon-token --datastore` works on every replica and is refused resource writes on
 * every replica; flows posted through A are listed, filtered and paged through B and C with the same
 * ids; a bad record in a batch is a per-item error while the good ones are kept; the retention window
 * (`--flow-retention count=40`) holds for the flows every replica wrote.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';
import { flow } from '../helpers/flows';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { replicaClient, startReplica, type Replica } from '../helpers/replicas';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const RETENTION = ['--flow-retention', 'count=40'];
let pg: TestPostgres;
let replicas: Replica[];
let admin: ReturnType<typeof replicaClient>;
let daemon: ReturnType<typeof replicaClient>;
let daemonToken: string;

beforeAll(async () => {
  pg = await startPostgres();
  replicas = await Promise.all([0, 1, 2].map(() => startReplica(pg, { extraArgs: RETENTION })));
  replicas.sort((x, y) => (x.cluster === 'created' ? -1 : y.cluster === 'created' ? 1 : 0));
  admin = replicaClient(replicas[0].caFile, replicas[0].printedToken!);
}, 90_000);

afterAll(async () => {
  await admin?.close();
  await daemon?.close();
  await Promise.all((replicas ?? []).map((r) => r.stop()));
  pg?.stop();
});

const at = (s: number) => `2026-11-30T10:00:${String(s).padStart(2, '0')}Z`;

test("serve's hint names the --datastore; daemon-token --datastore writes a 0600 file and prints no secret", async () => {
  const [a] = replicas;
  const printed = JSON.parse(a.stdout.split('\n')[0]) as Json;
  expect(printed.daemonToken).toContain(`--datastore ${pg.url}`);
  const dir = tempDir('riptides-daemon-');
  const file = path.join(dir, 'node-7.token');
  const r = await runCli(
    ['controlplane', 'daemon-token', 'node-7', '--datastore', pg.url, '--token-file', file],
    { env: { PGPASSWORD: pg.password } },
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  daemonToken = fs.readFileSync(file, 'utf8').trim();
  expect(daemonToken).toMatch(/^rtd_/);
  expect(r.stdout + r.stderr).not.toContain(daemonToken);
  expect(r.stdout + r.stderr).not.toContain(pg.password);
  daemon = replicaClient(a.caFile, daemonToken);

  // The password from a file works too; a wrong one is exit 3 with the URL but never the password.
  const pwFile = path.join(dir, 'pw');
  fs.writeFileSync(pwFile, pg.password + '\n', { mode: 0o600 });
  const viaFile = await runCli([
    'controlplane',
    'daemon-token',
    'node-8',
    '--datastore',
    pg.url,
    '--datastore-password-file',
    pwFile,
    '--token-file',
    path.join(dir, 'node-8.token'),
  ]);
  expect(viaFile.code).toBe(0);
  const wrong = await runCli(
    ['controlplane', 'daemon-token', 'node-9', '--datastore', pg.url, '--token-file', path.join(dir, 'x')],
    { env: { PGPASSWORD: 'not-the-password' } },
  );
  expect(wrong.code).toBe(3);
  expect(wrong.stderr).toContain('datastore');
  expect(wrong.stderr).not.toContain(pg.password);
  expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
});

test('the daemon token made once posts flows and reads policy on every replica, and cannot write resources (403)', async () => {
  for (const r of replicas) {
    const post = await daemon.call<Json>(r.url, 'POST', '/v1/flows', {
      items: [flow('legacy', 'frontend', 'PLAINTEXT', { time: at(1) })],
    });
    expect(post.status).toBe(200);
    expect((await daemon.call(r.url, 'GET', '/v1/namespaces/riptides-system/services')).status).toBe(200);
    const put = await daemon.call<Json>(r.url, 'PUT', '/v1/namespaces/riptides-system/services/x', {
      apiVersion: 'core.riptides.io/v1alpha1',
      kind: 'Service',
      metadata: { name: 'x' },
      spec: { addresses: [{ address: 'x', port: 1 }] },
    });
    expect(put.status).toBe(403);
    expect(put.body.code).toBe('forbidden');
    expect((await daemon.call(r.url, 'GET', '/v1/flows')).status).toBe(403);
  }
  const unknown = replicaClient(replicas[0].caFile, 'rtd_' + 'x'.repeat(43));
  try {
    for (const r of replicas)
      expect((await unknown.call(r.url, 'POST', '/v1/flows', { items: [] })).status).toBe(401);
  } finally {
    await unknown.close();
  }
});

test('daemon-token --revoke --datastore: a replica that never looked the token up refuses it at once', async () => {
  const [a, b] = replicas;
  const file = path.join(tempDir('riptides-daemon-'), 'node-r.token');
  const env = { PGPASSWORD: pg.password };
  const made = await runCli(
    ['controlplane', 'daemon-token', 'node-r', '--datastore', pg.url, '--token-file', file],
    {
      env,
    },
  );
  expect(made.code).toBe(0);
  const revocable = replicaClient(a.caFile, fs.readFileSync(file, 'utf8').trim());
  try {
    expect((await revocable.call(a.url, 'POST', '/v1/flows', { items: [] })).status).toBe(200);
    const revoked = await runCli(
      ['controlplane', 'daemon-token', 'node-r', '--revoke', '--datastore', pg.url],
      {
        env,
      },
    );
    expect(revoked.code).toBe(0);
    expect((await revocable.call(b.url, 'POST', '/v1/flows', { items: [] })).status).toBe(401);
  } finally {
    await revocable.close();
  }
});

test('flows posted through A are listed, filtered and paged through B and C with the same ids; bad records are per item', async () => {
  const [a, b, c] = replicas;
  const bad = { ...flow('legacy', 'frontend', 'PLAINTEXT'), extra: true };
  const items = [
    ...Array.from({ length: 12 }, (_, i) =>
      flow(i % 2 ? 'frontend' : 'legacy', 'backend', i % 3 ? 'MTLS' : 'REJECTED', { time: at(10 + i) }),
    ),
    bad,
  ];
  const posted = await daemon.call<Json>(a.url, 'POST', '/v1/flows', { items });
  expect(posted.status).toBe(200);
  expect(posted.body).toMatchObject({ accepted: 12, rejected: 1 });
  expect(posted.body.errors).toEqual([
    { index: 12, errors: [expect.objectContaining({ pointer: '/items/12/extra' })] },
  ]);
  const since = 'since=2026-11-30T10:00:10Z';
  const viaA = await admin.call<Json>(a.url, 'GET', `/v1/flows?${since}&limit=1000`);
  const viaB = await admin.call<Json>(b.url, 'GET', `/v1/flows?${since}&limit=1000`);
  expect(viaB.body).toEqual(viaA.body);
  expect(viaB.body.items.map((f: Json) => f.id).sort()).toEqual([...posted.body.ids].sort());
  const one = await admin.call<Json>(c.url, 'GET', `/v1/flows/${posted.body.ids[4]}`);
  expect(one.body).toEqual({ id: posted.body.ids[4], ...items[4] });
  const rejected = await admin.call<Json>(c.url, 'GET', `/v1/flows?${since}&verdict=REJECTED`);
  expect(rejected.body.items.map((f: Json) => f.time)).toEqual([at(19), at(16), at(13), at(10)]);
  // Pages through B and C in turn: the continue token of one replica is good on another.
  const seen: string[] = [];
  let token: string | undefined;
  let turn = 0;
  do {
    const via = [b, c][turn++ % 2];
    const page = await admin.call<Json>(
      via.url,
      'GET',
      `/v1/flows?${since}&limit=5${token ? `&continue=${token}` : ''}`,
    );
    seen.push(...page.body.items.map((f: Json) => f.id));
    token = page.body.metadata.continue;
  } while (token);
  expect(seen).toEqual(viaA.body.items.map((f: Json) => f.id));
});

test('the retention window holds for the flows all replicas wrote: the newest 40 arrivals are kept', async () => {
  const ids: string[] = [];
  for (const r of replicas) {
    const batch = Array.from({ length: 20 }, (_, i) =>
      flow('legacy', 'frontend', 'PLAINTEXT', { time: at(30 + i) }),
    );
    const posted = await daemon.call<Json>(r.url, 'POST', '/v1/flows', { items: batch });
    expect(posted.body.accepted).toBe(20);
    ids.push(...posted.body.ids);
  }
  for (const r of replicas) {
    const all = await admin.call<Json>(r.url, 'GET', '/v1/flows?limit=1000');
    expect(all.body.items.map((f: Json) => f.id).sort()).toEqual(ids.slice(20).sort());
  }
});
