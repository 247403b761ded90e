/** Issuance round trip over HTTPS: svid issue → svid inspect --workload → verify with the served bundle. */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';
import { startHarness, wi, type Harness } from '../server/harness';

let h: Harness;
let env: Record<string, string>;
let out: string;

beforeAll(async () => {
  h = await startHarness({ trustDomain: 'acme.test' });
  await h.call('PUT', '/v1/namespaces/myapp/workloadidentities/frontend', {
    body: wi('frontend', { namespace: 'myapp', workloadID: 'myapp/frontend' }),
  });
  await h.call('PUT', '/v1/namespaces/myapp/workloadidentities/idle', {
    body: wi('idle', { namespace: 'myapp', workloadID: 'myapp/idle' }),
  });
  env = { RIPTIDES_SERVER: h.url, RIPTIDES_TOKEN: h.cp.adminToken, RIPTIDES_CA_FILE: h.cp.paths.caFile };
  out = path.join(tempDir('riptides-issue-'), 'frontend');
});
afterAll(() => h.close());

type Json = Record<string, unknown> & { findings: { code: string }[] };

test('svid issue writes svid.pem, key.pem (0600), bundle.pem; the key never leaves the machine', async () => {
  const r = await runCli(
    ['svid', 'issue', '--workload', 'myapp/frontend', '--out', out, '--ttl', '30m', '-o', 'json'],
    { env },
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const res = JSON.parse(r.stdout) as {
    spiffeID: string;
    serial: string;
    notAfter: string;
    verification: { valid: boolean };
  };
  expect(res.spiffeID).toBe('spiffe://acme.test/myapp/frontend');
  expect(res.verification.valid).toBe(true);
  expect(Date.parse(res.notAfter) - Date.now()).toBeLessThanOrEqual(30 * 60_000);
  expect(fs.statSync(path.join(out, 'key.pem')).mode & 0o777).toBe(0o600);
  expect(fs.readFileSync(path.join(out, 'svid.pem'), 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  // The control plane recorded the certificate, never a key.
  const list = await h.call<{ items: { serial: string; certificate: string }[] }>(
    'GET',
    '/v1/svids?workloadID=myapp/frontend',
  );
  expect(list.body.items[0].serial).toBe(res.serial);
  expect(JSON.stringify(list.body)).not.toMatch(/PRIVATE KEY/);
  const key = fs.readFileSync(path.join(out, 'key.pem'), 'utf8');
  expect(JSON.stringify(list.body)).not.toContain(key.split('\n')[1]);
});

test('svid inspect --workload shows the newest issued SVID, verified with the served bundle', async () => {
  const r = await runCli(['svid', 'inspect', '--workload', 'myapp/frontend', '-o', 'json'], { env });
  expect(r.code).toBe(0);
  const res = JSON.parse(r.stdout) as Json & { verifiedBy: unknown; spiffeID: string };
  expect(res.spiffeID).toBe('spiffe://acme.test/myapp/frontend');
  expect(res.verifiedBy).not.toBeNull();
  expect(res.findings).toEqual([]);
});

test('the written files verify offline with bundle.pem, and with the context bundle', async () => {
  const offline = await runCli([
    'svid',
    'inspect',
    path.join(out, 'svid.pem'),
    '--bundle',
    path.join(out, 'bundle.pem'),
    '--offline',
    '-o',
    'json',
  ]);
  expect(offline.code).toBe(0);
  expect((JSON.parse(offline.stdout) as Json).findings).toEqual([]);
  const ctx = await runCli(['svid', 'inspect', path.join(out, 'svid.pem'), '-o', 'json'], { env });
  expect(ctx.code).toBe(0);
  expect((JSON.parse(ctx.stdout) as { verifiedBy: unknown }).verifiedBy).not.toBeNull();
});

test('svid issue --jwt prints a JWT-SVID that verifies for its audience', async () => {
  const r = await runCli(
    ['svid', 'issue', '--workload', 'myapp/frontend', '--jwt', '--audience', 'billing'],
    { env },
  );
  expect(r.code).toBe(0);
  const token = r.stdout.trim();
  const ok = await runCli(['svid', 'inspect', '-', '--audience', 'billing', '-o', 'json'], {
    env,
    input: token,
  });
  expect(ok.code).toBe(0);
  expect(JSON.parse(ok.stdout)).toMatchObject({
    kind: 'SvidReport',
    type: 'jwt-svid',
    valid: true,
    spiffeID: 'spiffe://acme.test/myapp/frontend',
  });
  const wrong = await runCli(['svid', 'inspect', '-', '--audience', 'reports', '-o', 'json'], {
    env,
    input: token,
  });
  expect(wrong.code).toBe(1);
  expect((JSON.parse(wrong.stdout) as Json).findings.map((f) => f.code)).toEqual(['RT4011']);
});

test('errors: unknown workload 1, nothing issued yet 1, bad flags 2, unreachable control plane 3', async () => {
  const ghost = await runCli(['svid', 'issue', '--workload', 'myapp/ghost', '--out', tempDir()], { env });
  expect(ghost.code).toBe(1);
  expect(ghost.stderr).toContain('myapp/ghost');
  const idle = await runCli(['svid', 'inspect', '--workload', 'myapp/idle'], { env });
  expect(idle.code).toBe(1);
  expect(idle.stderr).toContain('svid issue --workload myapp/idle');
  for (const args of [
    ['--workload', '/abs/path'],
    ['--workload', 'a', '--ttl', 'soon'],
    ['--workload', 'a', '--jwt'],
    ['--workload', 'a', '--audience', 'x'],
  ]) {
    expect((await runCli(['svid', 'issue', ...args], { env })).code).toBe(2);
  }
  const down = await runCli(['svid', 'issue', '--workload', 'myapp/frontend', '--out', tempDir()], {
    env: { ...env, RIPTIDES_SERVER: 'https://127.0.0.1:1' },
  });
  expect(down.code).toBe(3);
});

test('svid issue refuses to replace existing files without --force (exit 2, nothing issued); --force replaces them', async () => {
  const dir = tempDir('riptides-issue-force-');
  const first = await runCli(['svid', 'issue', '--workload', 'myapp/frontend', '--out', dir], { env });
  expect(first.code).toBe(0);
  const key = fs.readFileSync(path.join(dir, 'key.pem'), 'utf8');
  const count = async () =>
    (await h.call<{ items: unknown[] }>('GET', '/v1/svids?workloadID=myapp/frontend')).body.items.length;
  const before = await count();
  const again = await runCli(['svid', 'issue', '--workload', 'myapp/frontend', '--out', dir], { env });
  expect(again.code).toBe(2);
  expect(again.stderr).toContain(path.join(dir, 'key.pem'));
  expect(again.stderr).toContain('--force');
  expect(fs.readFileSync(path.join(dir, 'key.pem'), 'utf8')).toBe(key);
  expect(await count()).toBe(before);
  // Only a key left behind is enough to refuse.
  const onlyKey = tempDir('riptides-issue-key-');
  fs.writeFileSync(path.join(onlyKey, 'key.pem'), 'precious');
  const refused = await runCli(['svid', 'issue', '--workload', 'myapp/frontend', '--out', onlyKey], { env });
  expect(refused.code).toBe(2);
  expect(fs.readFileSync(path.join(onlyKey, 'key.pem'), 'utf8')).toBe('precious');
  const forced = await runCli(['svid', 'issue', '--workload', 'myapp/frontend', '--out', dir, '--force'], {
    env,
  });
  expect(forced.code).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'key.pem'), 'utf8')).not.toBe(key);
  expect(await count()).toBe(before + 1);
});
