import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { runCli, tempDir, REPO_ROOT } from '../helpers/cli';
import { createJwtKey, signJwt, spiffeBundleJson, TestCa } from '../helpers/test-ca';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'svid');

let dir: string;
let ca: TestCa;
let leaf: Awaited<ReturnType<TestCa['issueLeaf']>>;
let keyPem: string;
const jwtKey = createJwtKey('k1');

async function privateKeyPem(keys: Awaited<ReturnType<TestCa['issueLeaf']>>['keys']): Promise<string> {
  const der = Buffer.from(await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
}

beforeAll(async () => {
  dir = tempDir('riptides-svid-');
  ca = await TestCa.create({ intermediate: true });
  leaf = await ca.issueLeaf({ uris: ['spiffe://example.com/myapp/frontend'], dns: ['localhost'] });
  keyPem = await privateKeyPem(leaf.keys);
  fs.writeFileSync(path.join(dir, 'svid.pem'), leaf.chainPem);
  fs.writeFileSync(path.join(dir, 'key.pem'), keyPem);
  fs.writeFileSync(path.join(dir, 'bundle.pem'), ca.bundlePem);
  fs.writeFileSync(path.join(dir, 'bundle.json'), spiffeBundleJson(ca, [jwtKey]));
  fs.writeFileSync(
    path.join(dir, 'token.jwt'),
    signJwt(jwtKey, 'example.com', { claims: { sub: 'spiffe://example.com/myapp/frontend' } }),
  );
});

const p = (name: string) => path.join(dir, name);
const json = (stdout: string) =>
  JSON.parse(stdout) as {
    kind: string;
    type: string;
    valid: boolean;
    spiffeID: string;
    findings: { code: string; severity: string }[];
    chain: unknown[];
  };
const codes = (stdout: string) => json(stdout).findings.map((f) => f.code);

describe('svid inspect (files and stdin)', () => {
  test('a valid chain verified with a PEM bundle: exit 0, text names ID, validity, chain, fingerprints', async () => {
    const r = await runCli(['svid', 'inspect', p('svid.pem'), '--bundle', p('bundle.pem'), '--offline']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('spiffe://example.com/myapp/frontend');
    expect(r.stdout).toMatch(/expires in (59|60) minutes/);
    expect(r.stdout).toContain('trust anchor');
    expect(r.stdout).toMatch(/SHA-256\s+([0-9a-f]{2}:){31}[0-9a-f]{2}/);
  });

  test('-o json has the documented shape', async () => {
    const r = await runCli([
      'svid',
      'inspect',
      p('svid.pem'),
      '--bundle',
      p('bundle.json'),
      '-o',
      'json',
      '--offline',
    ]);
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining([
        'apiVersion',
        'kind',
        'type',
        'valid',
        'spiffeID',
        'trustDomain',
        'notBefore',
        'notAfter',
        'chain',
        'findings',
      ]),
    );
    expect(out).toMatchObject({
      apiVersion: 'cli.riptides.io/v1',
      kind: 'SvidReport',
      type: 'x509-svid',
      valid: true,
      spiffeID: 'spiffe://example.com/myapp/frontend',
      trustDomain: 'example.com',
    });
    expect(out.chain).toHaveLength(2);
  });

  test('stdin (-) and base64 DER from a pipe', async () => {
    const r = await runCli(['svid', 'inspect', '-', '--bundle', p('bundle.pem'), '-o', 'json', '--offline'], {
      input: leaf.chainPem,
    });
    expect(json(r.stdout).valid).toBe(true);
    const b64 = Buffer.from(leaf.cert.rawData).toString('base64');
    const r2 = await runCli(['svid', 'inspect', '-', '-o', 'json', '--offline'], { input: b64 });
    expect(json(r2.stdout).type).toBe('x509-svid');
    expect(codes(r2.stdout)).toEqual(['RT3023']);
  });

  test.each([
    ['wrong-leaf-ca-true.pem', 'RT3007'],
    ['wrong-two-uri-sans.pem', 'RT3004'],
    ['wrong-leaf-no-path.pem', 'RT3006'],
    ['wrong-leaf-key-cert-sign.pem', 'RT3011'],
    ['wrong-jwt-alg-none.jwt', 'RT4002'],
  ])('committed defect %s: exit 1 with %s', async (file, code) => {
    const r = await runCli(['svid', 'inspect', path.join(FIXTURES, file), '-o', 'json', '--offline']);
    expect(r.code).toBe(1);
    expect(codes(r.stdout)).toContain(code);
  });

  test('JWT-SVID with the audience and the SPIFFE bundle', async () => {
    const ok = await runCli([
      'svid',
      'inspect',
      p('token.jwt'),
      '--bundle',
      p('bundle.json'),
      '--audience',
      'test-aud',
      '-o',
      'json',
      '--offline',
    ]);
    expect(ok.code).toBe(0);
    expect(json(ok.stdout)).toMatchObject({
      kind: 'SvidReport',
      type: 'jwt-svid',
      valid: true,
      findings: [],
    });
    const wrongAud = await runCli([
      'svid',
      'inspect',
      p('token.jwt'),
      '--bundle',
      p('bundle.json'),
      '--audience',
      'billing',
      '-o',
      'json',
      '--offline',
    ]);
    expect(wrongAud.code).toBe(1);
    expect(codes(wrongAud.stdout)).toEqual(['RT4011']);
  });

  test('CI gates: --expect-spiffe-id and --fail-if-expires-within', async () => {
    const r = await runCli([
      'svid',
      'inspect',
      p('svid.pem'),
      '--bundle',
      p('bundle.pem'),
      '--offline',
      '-o',
      'json',
      '--expect-spiffe-id',
      'spiffe://example.com/myapp/backend',
      '--fail-if-expires-within',
      '24h',
    ]);
    expect(r.code).toBe(1);
    expect(codes(r.stdout).sort()).toEqual(['RT3019', 'RT3024']);
    const fine = await runCli([
      'svid',
      'inspect',
      p('svid.pem'),
      '--bundle',
      p('bundle.pem'),
      '--offline',
      '--fail-if-expires-within',
      '30m',
    ]);
    expect(fine.code).toBe(0);
  });

  test('a bundle of another trust domain: RT3022', async () => {
    const other = await TestCa.create({ trustDomain: 'other.org' });
    fs.writeFileSync(p('other.pem'), other.bundlePem);
    const r = await runCli([
      'svid',
      'inspect',
      p('svid.pem'),
      '--bundle',
      p('other.pem'),
      '-o',
      'json',
      '--offline',
    ]);
    expect(r.code).toBe(1);
    expect(codes(r.stdout)).toEqual(['RT3022']);
  });

  test('malformed input is exit 1 (RT3001); usage errors are exit 2', async () => {
    fs.writeFileSync(p('garbage.txt'), 'not a certificate');
    const bad = await runCli(['svid', 'inspect', p('garbage.txt'), '-o', 'json', '--offline']);
    expect(bad.code).toBe(1);
    expect(codes(bad.stdout)).toEqual(['RT3001']);
    for (const args of [
      [p('nope.pem')],
      [p('svid.pem'), '--bundle', p('nope.pem')],
      [p('svid.pem'), '--fail-if-expires-within', 'soon'],
      [p('svid.pem'), '--expect-spiffe-id', 'http://x'],
      [p('svid.pem'), '--trust-domain', 'Bad_Domain:1'],
      [p('svid.pem'), '-o', 'yaml'],
      ['--connect', 'nohostport'],
      ['https://example.com/svid.pem'],
    ]) {
      const r = await runCli(['svid', 'inspect', ...args, '--offline']);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(/Error/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  test('--explain -f names the WorkloadIdentity, its position and what it may reach', async () => {
    const fe = await ca.issueLeaf({ uris: ['spiffe://example.com/myapp/app/frontend'] });
    fs.writeFileSync(p('frontend.pem'), fe.chainPem);
    const r = await runCli([
      'svid',
      'inspect',
      p('frontend.pem'),
      '--offline',
      '--explain',
      '-f',
      'examples/quickstart',
      '-o',
      'json',
    ]);
    const out = JSON.parse(r.stdout) as {
      explain: {
        identities: {
          resource: string;
          file: string;
          line: number;
          reach: { egress: { services: { service: string }[] }[] };
        }[];
      };
    };
    expect(out.explain.identities).toHaveLength(1);
    const [identity] = out.explain.identities;
    expect(identity).toMatchObject({ resource: 'WorkloadIdentity riptides-system/frontend', line: 9 });
    expect(identity.file).toMatch(/frontend-workloadidentity\.yaml$/);
    expect(identity.reach.egress[0].services.map((s) => s.service)).toEqual([
      'riptides-system/backend-api-svc',
    ]);
    const none = await runCli([
      'svid',
      'inspect',
      p('svid.pem'),
      '--offline',
      '--explain',
      '-f',
      'examples/quickstart',
      '-o',
      'json',
    ]);
    expect((JSON.parse(none.stdout) as { explain: { identities: unknown[] } }).explain.identities).toEqual(
      [],
    );
  });
});

describe('svid inspect --connect', () => {
  let server: tls.Server;
  let port: number;
  let clientCertSeen: string | undefined;

  beforeAll(async () => {
    server = tls.createServer(
      { cert: leaf.chainPem, key: keyPem, requestCert: true, rejectUnauthorized: false },
      (socket) => {
        const peer = socket.getPeerCertificate();
        clientCertSeen = peer && peer.subjectaltname ? peer.subjectaltname : undefined;
        socket.end();
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('captures and verifies the chain the server presents', async () => {
    const r = await runCli([
      'svid',
      'inspect',
      '--connect',
      `127.0.0.1:${port}`,
      '--bundle',
      p('bundle.pem'),
      '-o',
      'json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      spiffeID: string;
      chain: unknown[];
      handshake: { protocol: string };
      valid: boolean;
    };
    expect(out.spiffeID).toBe('spiffe://example.com/myapp/frontend');
    expect(out.chain).toHaveLength(2);
    expect(out.handshake.protocol).toMatch(/TLSv1\.[23]/);
  });

  test('--cert/--key present a client SVID', async () => {
    clientCertSeen = undefined;
    const r = await runCli([
      'svid',
      'inspect',
      '--connect',
      `127.0.0.1:${port}`,
      '--bundle',
      p('bundle.pem'),
      '--cert',
      p('svid.pem'),
      '--key',
      p('key.pem'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('client certificate sent');
    expect(clientCertSeen).toContain('spiffe://example.com/myapp/frontend');
  });

  test('nothing listening: exit 1 with a message, no stack', async () => {
    const closed = tls.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await runCli([
      'svid',
      'inspect',
      '--connect',
      `127.0.0.1:${freePort}`,
      '--bundle',
      p('bundle.pem'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot complete a TLS handshake/);
  });
});

describe('svid inspect: not verified is not VALID (issue 9)', () => {
  test('without a bundle: NOT VERIFIED with what was and was not checked, exit 0; --require-verified exits 1', async () => {
    const r = await runCli(['svid', 'inspect', p('svid.pem'), '--offline']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\bVALID\b/);
    expect(r.stdout).toContain('NOT VERIFIED');
    expect(r.stdout).toContain('not checked: who signed the chain');
    const j = await runCli(['svid', 'inspect', p('svid.pem'), '--offline', '-o', 'json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ valid: true, verified: false });
    const req = await runCli(['svid', 'inspect', p('svid.pem'), '--offline', '--require-verified']);
    expect(req.code).toBe(1);
    expect(req.stdout).toContain('INVALID');
    expect(req.stdout).toMatch(/error\s+RT3023/);
    const ok = await runCli([
      'svid',
      'inspect',
      p('svid.pem'),
      '--bundle',
      p('bundle.pem'),
      '--require-verified',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/X\.509-SVID\s+VALID/);
  });

  test('a JWT with a forged signature and no bundle is NOT VERIFIED; with --require-verified exit 1', async () => {
    const [h, c] = fs.readFileSync(p('token.jwt'), 'utf8').trim().split('.');
    const forged = `${h}.${c}.${Buffer.alloc(64, 1).toString('base64url')}`;
    const r = await runCli(['svid', 'inspect', '-', '--offline', '--audience', 'test-aud'], {
      input: forged,
    });
    expect(r.stdout).toContain('NOT VERIFIED');
    expect(r.stdout).toContain('not checked: the signature');
    const req = await runCli(['svid', 'inspect', '-', '--offline', '--require-verified', '-o', 'json'], {
      input: forged,
    });
    expect(req.code).toBe(1);
    expect(JSON.parse(req.stdout)).toMatchObject({ valid: false, verified: false });
  });
});
