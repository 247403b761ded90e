/** Issuance round trip over HTTPS: svid issue → svid inspect --workload → verify with the served bundle. */
import { createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { issueServerCertificate, loadOrCreateCertificateAuthority } from '../../src/server/ca';
import { runCli, tempDir } from '../helpers/cli';
import {
  createCsr,
  createJwtKey,
  issuingAuthorityOf,
  signJwt,
  spiffeBundleJson,
  TestCa,
  type JwtKey,
} from '../helpers/test-ca';
import { issueX509Svid } from '../../src/server/svid-issuer';
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
  // Without --key-type: an EC P-256 key.
  const made = createPrivateKey(fs.readFileSync(path.join(out, 'key.pem')));
  expect([made.asymmetricKeyType, made.asymmetricKeyDetails?.namedCurve]).toEqual(['ec', 'prime256v1']);
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

describe('svid issue --csr FILE (bring your own key)', () => {
  const spkiOf = (pem: string) =>
    new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

  test('sends the CSR: svid.pem holds its key, bundle.pem is written, no key.pem; PEM and DER files alike', async () => {
    const { csrPem, keys } = await createCsr('EC');
    const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey)).toString('base64');
    const dir = tempDir('riptides-issue-csr-');
    const pemFile = path.join(dir, 'frontend.csr');
    fs.writeFileSync(pemFile, csrPem);
    const derFile = path.join(dir, 'frontend.der');
    fs.writeFileSync(derFile, Buffer.from(csrPem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    for (const [name, file] of [
      ['pem', pemFile],
      ['der', derFile],
    ]) {
      const out = path.join(dir, name);
      const r = await runCli(
        ['svid', 'issue', '--workload', 'myapp/frontend', '--csr', file, '--out', out, '-o', 'json'],
        { env },
      );
      expect({ name, code: r.code, stderr: r.stderr }).toEqual({ name, code: 0, stderr: '' });
      const res = JSON.parse(r.stdout) as { files: Record<string, string>; verification: { valid: boolean } };
      expect(res.files).toEqual({ svid: path.join(out, 'svid.pem'), bundle: path.join(out, 'bundle.pem') });
      expect(res.verification.valid).toBe(true);
      expect(fs.readdirSync(out).sort()).toEqual(['bundle.pem', 'svid.pem']);
      expect(spkiOf(fs.readFileSync(path.join(out, 'svid.pem'), 'utf8'))).toBe(spki);
    }
    // From stdin, as piped from openssl.
    const piped = await runCli(
      ['svid', 'issue', '--workload', 'myapp/frontend', '--csr', '-', '--out', path.join(dir, 'stdin')],
      { env, input: csrPem },
    );
    expect(piped.code).toBe(0);
    expect(spkiOf(fs.readFileSync(path.join(dir, 'stdin', 'svid.pem'), 'utf8'))).toBe(spki);
    const junk = await runCli(
      ['svid', 'issue', '--workload', 'myapp/frontend', '--csr', '-', '--out', path.join(dir, 'junk')],
      { env, input: 'hello\n' },
    );
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain('--csr - is neither a PEM certificate request nor DER');
    // The text output says where the key is.
    const text = await runCli(
      ['svid', 'issue', '--workload', 'myapp/frontend', '--csr', pemFile, '--out', path.join(dir, 'text')],
      { env },
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('no key.pem: the key stays where the CSR was made');
  });

  test('a key.pem in --out is left alone: the CSR may have been made with it there', async () => {
    const dir = tempDir('riptides-issue-csr-own-key-');
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    const { csrPem, keys } = await createCsr('EC');
    const keyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(
      await webcrypto.subtle.exportKey('pkcs8', keys.privateKey),
    ).toString('base64')}\n-----END PRIVATE KEY-----\n`;
    fs.writeFileSync(path.join(out, 'key.pem'), keyPem, { mode: 0o600 });
    fs.writeFileSync(path.join(out, 'app.csr'), csrPem);
    const csr = path.join(out, 'app.csr');
    const first = await runCli(
      ['svid', 'issue', '--workload', 'myapp/frontend', '--csr', csr, '--out', out],
      {
        env,
      },
    );
    expect(first.code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'key.pem'), 'utf8')).toBe(keyPem);
    // Renewing: svid.pem and bundle.pem exist now, so --force; the key is still left alone.
    const again = await runCli(
      ['svid', 'issue', '--workload', 'myapp/frontend', '--csr', csr, '--out', out],
      {
        env,
      },
    );
    expect(again.code).toBe(2);
    expect(again.stderr).not.toContain('key.pem');
    const forced = await runCli(
      ['svid', 'issue', '--workload', 'myapp/frontend', '--csr', csr, '--out', out, '--force'],
      { env },
    );
    expect(forced.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['app.csr', 'bundle.pem', 'key.pem', 'svid.pem']);
    expect(fs.readFileSync(path.join(out, 'key.pem'), 'utf8')).toBe(keyPem);
  });

  test('a request the control plane refuses: exit 1 with its reason as the code; nothing written', async () => {
    const dir = tempDir('riptides-issue-csr-bad-');
    const weak = path.join(dir, 'weak.csr');
    fs.writeFileSync(weak, (await createCsr('RSA-1024')).csrPem);
    const tampered = path.join(dir, 'tampered.csr');
    const der = Buffer.from((await createCsr('EC')).csrPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[der.length - 1] ^= 0x01;
    fs.writeFileSync(tampered, der);
    const junk = path.join(dir, 'junk.csr');
    fs.writeFileSync(
      junk,
      '-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgcmVxdWVzdA==\n-----END CERTIFICATE REQUEST-----\n',
    );
    for (const [file, reason] of [
      [weak, 'csr-weak-key'],
      [tampered, 'csr-signature-invalid'],
      [junk, 'invalid-csr'],
    ]) {
      const out = path.join(dir, `out-${reason}`);
      const r = await runCli(['svid', 'issue', '--workload', 'myapp/frontend', '--csr', file, '--out', out], {
        env,
      });
      expect({ reason, code: r.code }).toEqual({ reason, code: 1 });
      expect(r.stderr).toContain(`Code: ${reason}`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  test('usage: a missing CSR file, a directory, a certificate or key instead, text, or --csr with --jwt: exit 2', async () => {
    const dir = tempDir('riptides-issue-csr-usage-');
    const cert = path.join(dir, 'cert.pem');
    fs.writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nMAo=\n-----END CERTIFICATE-----\n');
    const key = path.join(dir, 'key.pem');
    fs.writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nMAo=\n-----END PRIVATE KEY-----\n');
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'not a certificate request\n');
    for (const [file, message] of [
      [cert, 'holds a CERTIFICATE, not a CERTIFICATE REQUEST'],
      [key, 'holds a PRIVATE KEY, not a CERTIFICATE REQUEST'],
      [text, 'is neither a PEM certificate request nor DER'],
    ]) {
      const out = path.join(dir, 'out');
      const r = await runCli(['svid', 'issue', '--workload', 'myapp/frontend', '--csr', file, '--out', out], {
        env,
      });
      expect({ file, code: r.code }).toEqual({ file, code: 2 });
      expect(fs.existsSync(out)).toBe(false);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain('openssl req -new -key key.pem');
    }
    const missing = await runCli(
      [
        'svid',
        'issue',
        '--workload',
        'myapp/frontend',
        '--csr',
        path.join(dir, 'nope.csr'),
        '--out',
        `${dir}/o`,
      ],
      { env },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.csr: no such file');
    const directory = await runCli(['svid', 'issue', '--workload', 'myapp/frontend', '--csr', dir], { env });
    expect(directory.code).toBe(2);
    const jwt = await runCli(
      ['svid', 'issue', '--workload', 'myapp/frontend', '--csr', 'x.csr', '--jwt', '--audience', 'a'],
      { env },
    );
    expect(jwt.code).toBe(2);
    expect(jwt.stderr).toContain('--csr applies to X.509-SVIDs');
  });

  test('a flag that would do nothing is refused (exit 2), not ignored: --key-type with --csr or --jwt, --out or --force with --jwt', async () => {
    const dir = tempDir('riptides-issue-idle-flags-');
    const csr = path.join(dir, 'req.csr');
    fs.writeFileSync(csr, 'unread: the flags are checked first\n');
    const out = path.join(dir, 'out');
    const jwt = ['--jwt', '--audience', 'billing'];
    for (const [args, message, fix] of [
      [
        ['--csr', csr, '--key-type', 'rsa-3072'],
        'the CSR holds its own key',
        'drop --key-type, or drop --csr',
      ],
      [[...jwt, '--key-type', 'ed25519'], '--key-type applies to X.509-SVIDs', 'drop --key-type'],
      [[...jwt, '--out', out], '--out: --jwt writes no files', 'drop --out, or drop --jwt'],
      [[...jwt, '--force'], '--force: --jwt writes no files', 'drop --force'],
      [
        [...jwt, '--out', out, '--force'],
        '--out and --force: --jwt writes no files',
        'drop --out and --force',
      ],
    ] as const) {
      const r = await runCli(['svid', 'issue', '--workload', 'myapp/frontend', ...args], { env });
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain(fix);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(fs.existsSync(out)).toBe(false);
    // Given without --csr or --jwt, --key-type is used (the first test checks the ec-p256 default).
    const rsa = await runCli(
      ['svid', 'issue', '--workload', 'myapp/frontend', '--key-type', 'ed25519', '--out', out, '-o', 'json'],
      { env },
    );
    expect(rsa.code).toBe(0);
    const key = createPrivateKey(fs.readFileSync(path.join(out, 'key.pem')));
    expect(key.asymmetricKeyType).toBe('ed25519');
  });
});

/**
 * A fake control plane over HTTPS (its CA in DIR/ca.pem) whose SVID answers `answer` makes from the
 * request, with a bundle of `svidCa` (and `jwtKeys`).
 */
async function fakeControlPlane(
  dir: string,
  svidCa: TestCa,
  jwtKeys: JwtKey[],
  answer: (request: { csr?: string; audience?: string[] }) => Promise<Record<string, string>>,
): Promise<{ env: Record<string, string>; close(): void }> {
  fs.mkdirSync(path.join(dir, '.ca'));
  const serverCa = await loadOrCreateCertificateAuthority(path.join(dir, '.ca'), 'example.com');
  fs.writeFileSync(path.join(dir, 'ca.pem'), serverCa.rootPem);
  const tls = await issueServerCertificate(serverCa, '127.0.0.1');
  const server = https.createServer({ cert: tls.certChainPem, key: tls.keyPem }, (req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const json = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(text);
      };
      if (req.url === '/v1/bundle') json(200, spiffeBundleJson(svidCa, jwtKeys));
      else
        answer(JSON.parse(body) as { csr?: string }).then(
          (a) => json(201, JSON.stringify(a)),
          () => json(500, '{}'),
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    env: { RIPTIDES_SERVER: url, RIPTIDES_TOKEN: 't', RIPTIDES_CA_FILE: path.join(dir, 'ca.pem') },
    close: () => server.close(),
  };
}

const svidAnswer = (
  chainPem: string,
  spiffeID: string,
  cert: { serial: string; notBefore: Date; notAfter: Date },
) => ({
  svid: chainPem,
  spiffeID,
  serial: cert.serial,
  notBefore: cert.notBefore.toISOString(),
  notAfter: cert.notAfter.toISOString(),
});

test('a control plane that certifies another key than the CSR’s: exit 3 bad-response, nothing written', async () => {
  const dir = tempDir('riptides-issue-other-key-');
  const svidCa = await TestCa.create({ trustDomain: 'acme.test' });
  const other = await svidCa.issueLeaf({ uris: ['spiffe://acme.test/myapp/frontend'] });
  const fake = await fakeControlPlane(dir, svidCa, [], async () =>
    svidAnswer(other.chainPem, 'spiffe://acme.test/myapp/frontend', {
      serial: other.cert.serialNumber,
      notBefore: other.cert.notBefore,
      notAfter: other.cert.notAfter,
    }),
  );
  try {
    const out = path.join(dir, 'out');
    const r = await runCli(['svid', 'issue', '--workload', 'myapp/frontend', '--out', out], {
      env: fake.env,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('issued a certificate for another key than the one the CSR holds');
    expect(r.stderr).toContain('Code: bad-response');
    expect(fs.existsSync(out)).toBe(false);
  } finally {
    fake.close();
  }
});

test('a control plane that issues for another workload than asked: exit 1, RT3024 (expected the asked-for ID)', async () => {
  const dir = tempDir('riptides-issue-other-id-');
  const svidCa = await TestCa.create({ trustDomain: 'acme.test' });
  const fake = await fakeControlPlane(dir, svidCa, [], async ({ csr }) => {
    const issued = await issueX509Svid(issuingAuthorityOf(svidCa), {
      csrPem: csr!,
      spiffeID: 'spiffe://acme.test/myapp/admin',
      now: new Date(),
    });
    return svidAnswer(issued.chainPem, issued.spiffeID, issued);
  });
  try {
    const r = await runCli(
      ['svid', 'issue', '--workload', 'myapp/frontend', '--out', path.join(dir, 'out'), '-o', 'json'],
      { env: fake.env },
    );
    expect(r.code).toBe(1);
    const res = JSON.parse(r.stdout) as {
      verification: { valid: boolean; findings: { code: string; message: string }[] };
    };
    expect(res.verification.valid).toBe(false);
    const rt3024 = res.verification.findings.find((f) => f.code === 'RT3024');
    expect(rt3024?.message).toContain('expected spiffe://acme.test/myapp/frontend');
  } finally {
    fake.close();
  }
});

test('svid issue --jwt verifies the token: -o json carries the verification; a token no bundle key signed exits 1', async () => {
  const good = await runCli(
    ['svid', 'issue', '--workload', 'myapp/frontend', '--jwt', '--audience', 'billing', '-o', 'json'],
    { env },
  );
  expect(good.code).toBe(0);
  const res = JSON.parse(good.stdout) as { verification: { valid: boolean; spiffeID: string } };
  expect(res.verification).toMatchObject({ valid: true, spiffeID: 'spiffe://acme.test/myapp/frontend' });

  const dir = tempDir('riptides-issue-jwt-bad-');
  const svidCa = await TestCa.create({ trustDomain: 'acme.test' });
  const served = createJwtKey('served');
  const stranger = createJwtKey('served'); // the same kid, another key: the signature cannot verify
  const fake = await fakeControlPlane(dir, svidCa, [served], async ({ audience }) => {
    const token = signJwt(stranger, 'acme.test', {
      claims: { sub: 'spiffe://acme.test/myapp/frontend', aud: audience },
    });
    return {
      token,
      spiffeID: 'spiffe://acme.test/myapp/frontend',
      expiresAt: new Date(Date.now() + 300_000).toISOString(),
    };
  });
  try {
    const bad = await runCli(
      ['svid', 'issue', '--workload', 'myapp/frontend', '--jwt', '--audience', 'billing'],
      {
        env: fake.env,
      },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('the issued JWT-SVID does NOT verify');
  } finally {
    fake.close();
  }
});
