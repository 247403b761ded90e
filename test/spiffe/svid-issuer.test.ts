import fs from 'node:fs';
import path from 'node:path';
import { parseTrustBundle } from '../../src/core/spiffe/bundle';
import { inspectSvidBytes } from '../../src/core/spiffe/verify';
import { loadOrCreateJwtSigningKey, signJwtSvid } from '../../src/server/jwt-keys';
import { IssuanceError, issueX509Svid, MAX_CSR_CHARS } from '../../src/server/svid-issuer';
import { tempDir } from '../helpers/cli';
import { createCsr, issuingAuthorityOf, TestCa } from '../helpers/test-ca';

const NOW = new Date();
let ca: TestCa;
beforeAll(async () => {
  ca = await TestCa.create({ now: NOW, intermediate: true });
});

const issue = (csrPem: string, ttlMs?: number) =>
  issueX509Svid(issuingAuthorityOf(ca), {
    csrPem,
    spiffeID: 'spiffe://example.com/myapp/frontend',
    ttlMs,
    now: NOW,
  });

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof IssuanceError) return err.code;
    throw err;
  }
  throw new Error('expected an IssuanceError');
}

describe('X.509-SVID issuance', () => {
  test.each(['EC', 'RSA', 'Ed25519'] as const)(
    'a %s CSR yields an SVID that passes every rule',
    async (keyType) => {
      const { csrPem } = await createCsr(keyType);
      const svid = await issue(csrPem);
      const r = inspectSvidBytes(Buffer.from(svid.chainPem), {
        now: NOW,
        bundle: parseTrustBundle(ca.bundlePem),
      });
      expect(r.findings).toEqual([]);
      expect(r.spiffeID).toBe('spiffe://example.com/myapp/frontend');
      expect(r.chain).toHaveLength(2);
      expect(r.chain[0].keyUsage).toEqual(['digitalSignature']);
      expect(r.chain[0].keyUsageCritical).toBe(true);
      expect(r.chain[0].extKeyUsage).toEqual(['serverAuth', 'clientAuth']);
      expect(r.chain[0].sans.uri).toEqual(['spiffe://example.com/myapp/frontend']);
      expect(r.chain[0].key.type).toBe(keyType);
    },
  );

  test('default TTL 1 h, configurable, bounded; random serials', async () => {
    const { csrPem } = await createCsr();
    const a = await issue(csrPem);
    expect(a.notAfter.getTime() - NOW.getTime()).toBe(3_600_000);
    const b = await issue(csrPem, 10 * 60_000);
    expect(b.notAfter.getTime() - NOW.getTime()).toBe(600_000);
    expect(a.serial).not.toBe(b.serial);
    expect(await failure(issue(csrPem, 1000))).toBe('invalid-ttl');
    expect(await failure(issue(csrPem, 30 * 86_400_000))).toBe('invalid-ttl');
  });

  test('a weak key, a tampered CSR and garbage are refused', async () => {
    expect(await failure(issue((await createCsr('RSA-1024')).csrPem))).toBe('csr-weak-key');
    const { csrPem } = await createCsr();
    const der = Buffer.from(csrPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[der.length - 5] ^= 0xff; // inside the signature
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    expect(await failure(issue(tampered))).toBe('csr-signature-invalid');
    expect(await failure(issue('not a csr'))).toBe('invalid-csr');
  });
});

describe('JWT-SVID signing key and tokens', () => {
  test('the key is created once (0600) and reused with the same kid', () => {
    const dir = tempDir();
    const a = loadOrCreateJwtSigningKey(dir);
    const b = loadOrCreateJwtSigningKey(dir);
    expect(a.kid).toBe(b.kid);
    expect(a.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(path.join(dir, 'jwt-signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(a.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'jwt-svid', alg: 'ES256' });
    expect(a.publicJwk).not.toHaveProperty('d');
  });

  test('a signed JWT-SVID passes every rule against a bundle with the key', async () => {
    const key = loadOrCreateJwtSigningKey(tempDir());
    const { token, expiresAt } = await signJwtSvid(key, {
      spiffeID: 'spiffe://example.com/myapp/frontend',
      audience: ['billing'],
      now: NOW,
    });
    const bundle = parseTrustBundle(JSON.stringify({ keys: [key.publicJwk] }), {
      trustDomain: 'example.com',
    });
    const r = inspectSvidBytes(Buffer.from(token), { now: NOW, bundle, audience: ['billing'] });
    expect(r.findings).toEqual([]);
    expect(r.jwt?.header).toMatchObject({ alg: 'ES256', kid: key.kid, typ: 'JWT' });
    expect(expiresAt.getTime() - NOW.getTime()).toBeLessThanOrEqual(300_000);
  });
});

describe('CSR input is bounded and scanned linearly (issue 10)', () => {
  test('a CSR over MAX_CSR_CHARS is refused before parsing', async () => {
    const { csrPem } = await createCsr();
    expect(await failure(issue(csrPem + ' '.repeat(MAX_CSR_CHARS)))).toBe('invalid-csr');
  });

  test('BEGIN CERTIFICATE REQUEST repeated without END: refused at once', async () => {
    const line = '-----BEGIN CERTIFICATE REQUEST-----\n';
    const started = performance.now();
    expect(await failure(issue(line.repeat(Math.floor(MAX_CSR_CHARS / line.length))))).toBe('invalid-csr');
    expect(await failure(issue(line.repeat(30_000)))).toBe('invalid-csr');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('a CSR after unclosed BEGIN lines is still found', async () => {
    const { csrPem } = await createCsr();
    const svid = await issue('-----BEGIN FOO-----\n-----END BAR-----\n' + csrPem);
    expect(svid.spiffeID).toBe('spiffe://example.com/myapp/frontend');
  });
});
