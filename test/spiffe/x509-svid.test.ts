import { parseTrustBundle } from '../../src/core/spiffe/bundle';
import { inspectSvidBytes, inspectX509Svid, type InspectOptions } from '../../src/core/spiffe/verify';
import { parsePemCertificates } from '../../src/core/spiffe/x509-svid';
import { EKU_CLIENT, KU, TestCa, type LeafOptions } from '../helpers/test-ca';

const NOW = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;

let ca: TestCa;
let caWithIntermediate: TestCa;
let otherCa: TestCa;

beforeAll(async () => {
  [ca, caWithIntermediate, otherCa] = await Promise.all([
    TestCa.create({ now: NOW }),
    TestCa.create({ now: NOW, intermediate: true }),
    TestCa.create({ now: NOW, trustDomain: 'other.org' }),
  ]);
});

function inspectPem(pem: string, options: Partial<InspectOptions> & { bundlePem?: string } = {}) {
  const { bundlePem, ...rest } = options;
  const bundle =
    bundlePem === undefined ? undefined : parseTrustBundle(bundlePem, { trustDomain: rest.trustDomain });
  return inspectSvidBytes(Buffer.from(pem), { now: NOW, bundle, ...rest });
}

const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code).sort();
const errorCodes = (r: { findings: { code: string; severity: string }[] }) =>
  r.findings
    .filter((f) => f.severity === 'error')
    .map((f) => f.code)
    .sort();

async function leafReport(options: LeafOptions, inspect: Partial<InspectOptions> = {}) {
  const leaf = await ca.issueLeaf(options);
  return inspectPem(leaf.chainPem, { bundlePem: ca.bundlePem, ...inspect });
}

describe('valid X.509-SVIDs', () => {
  test.each(['EC', 'RSA', 'Ed25519'] as const)(
    'a %s leaf verifies against its bundle with no finding',
    async (keyType) => {
      const r = await leafReport({ keyType });
      expect(r.kind).toBe('x509-svid');
      expect(r.findings).toEqual([]);
      expect(r.valid).toBe(true);
      expect(r.spiffeID).toBe('spiffe://example.com/workload');
      expect(r.trustDomain).toBe('example.com');
      expect(r.verifiedBy?.role).toBe('authority');
      expect(r.chain[0].key.type).toBe(keyType);
    },
  );

  test('key details: EC P-256, RSA 2048', async () => {
    expect((await leafReport({ keyType: 'EC' })).chain[0].key).toEqual({
      type: 'EC',
      curve: 'P-256',
      bits: 256,
    });
    expect((await leafReport({ keyType: 'RSA' })).chain[0].key).toEqual({ type: 'RSA', bits: 2048 });
  });

  test('a leaf with an intermediate verifies to the root', async () => {
    const leaf = await caWithIntermediate.issueLeaf();
    const r = inspectPem(leaf.chainPem, { bundlePem: caWithIntermediate.bundlePem });
    expect(r.findings).toEqual([]);
    expect(r.chain.map((c) => c.role)).toEqual(['leaf', 'intermediate']);
    expect(r.verifiedBy?.subject).toContain('test root');
  });

  test('the same leaf as DER and as base64 DER', async () => {
    const leaf = await ca.issueLeaf();
    const der = Buffer.from(leaf.cert.rawData);
    const bundle = parseTrustBundle(ca.bundlePem);
    expect(inspectSvidBytes(der, { now: NOW, bundle }).findings).toEqual([]);
    expect(inspectSvidBytes(Buffer.from(der.toString('base64')), { now: NOW, bundle }).findings).toEqual([]);
  });

  test('JSON details: SANs, key usage, EKU, fingerprints, validity', async () => {
    const r = await leafReport({ dns: ['workload.example.com'] });
    const leaf = r.chain[0];
    expect(leaf.sans).toEqual({
      uri: ['spiffe://example.com/workload'],
      dns: ['workload.example.com'],
      ip: [],
      email: [],
    });
    expect(leaf.keyUsage).toEqual(['digitalSignature']);
    expect(leaf.keyUsageCritical).toBe(true);
    expect(leaf.extKeyUsage).toEqual(['serverAuth', 'clientAuth']);
    expect(leaf.fingerprintSHA256).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    expect(r.notAfter).toBe(new Date(NOW.getTime() + HOUR).toISOString());
  });
});

describe('each X.509-SVID rule broken on its own', () => {
  const cases: [string, LeafOptions, Partial<InspectOptions>, string[]][] = [
    ['no URI SAN', { uris: [], dns: ['x.example.com'] }, {}, ['RT3003']],
    ['two URI SANs', { uris: ['spiffe://example.com/a', 'spiffe://example.com/b'] }, {}, ['RT3004']],
    ['URI SAN not a SPIFFE ID', { uris: ['https://example.com/a'] }, {}, ['RT3005']],
    ['SPIFFE ID with bad characters', { uris: ['spiffe://Example.com/a'] }, {}, ['RT3005']],
    ['leaf SPIFFE ID without path', { uris: ['spiffe://example.com'] }, {}, ['RT3006']],
    ['leaf CA=true', { ca: true }, {}, ['RT3007']],
    ['no key usage', { keyUsage: null }, {}, ['RT3008']],
    ['key usage not critical', { keyUsageCritical: false }, {}, ['RT3009']],
    ['no digitalSignature', { keyUsage: KU.keyEncipherment }, {}, ['RT3010']],
    ['keyCertSign on a leaf', { keyUsage: KU.digitalSignature | KU.keyCertSign }, {}, ['RT3011']],
    ['cRLSign on a leaf', { keyUsage: KU.digitalSignature | KU.cRLSign }, {}, ['RT3011']],
    ['EKU without serverAuth', { extKeyUsage: [EKU_CLIENT] }, {}, ['RT3012']],
    [
      'not yet valid',
      { notBefore: new Date(NOW.getTime() + HOUR), notAfter: new Date(NOW.getTime() + 2 * HOUR) },
      {},
      ['RT3017'],
    ],
    [
      'expired',
      { notBefore: new Date(NOW.getTime() - 2 * HOUR), notAfter: new Date(NOW.getTime() - HOUR) },
      {},
      ['RT3018'],
    ],
    ['expires within the window', {}, { expiresWithin: 2 * HOUR }, ['RT3019']],
    ['another SPIFFE ID expected', {}, { expectSpiffeId: 'spiffe://example.com/other' }, ['RT3024']],
  ];
  test.each(cases)('%s', async (_name, leafOptions, inspect, expected) => {
    const r = await leafReport(leafOptions, inspect);
    expect(errorCodes(r)).toEqual(expected);
    expect(r.valid).toBe(false);
  });

  test('no EKU is a warning only (SHOULD)', async () => {
    const r = await leafReport({ extKeyUsage: null });
    expect(codes(r)).toEqual(['RT3013']);
    expect(r.valid).toBe(true);
  });

  test('an RSA-1024 leaf is a weak-key warning', async () => {
    const r = await leafReport({ keyType: 'RSA-1024' });
    expect(codes(r)).toEqual(['RT3025']);
  });

  test('signed by another CA: untrusted chain', async () => {
    const leaf = await otherCa.issueLeaf({ uris: ['spiffe://example.com/workload'] });
    const r = inspectPem(leaf.chainPem, { bundlePem: ca.bundlePem });
    expect(errorCodes(r)).toEqual(['RT3021']);
  });

  test("verified against another trust domain's bundle", async () => {
    const leaf = await ca.issueLeaf();
    const r = inspectPem(leaf.chainPem, { bundlePem: otherCa.bundlePem });
    expect(errorCodes(r)).toEqual(['RT3022']);
  });

  test('--trust-domain naming a PEM bundle of another trust domain', async () => {
    const leaf = await ca.issueLeaf();
    const r = inspectPem(leaf.chainPem, { bundlePem: ca.bundlePem, trustDomain: 'elsewhere.io' });
    expect(errorCodes(r)).toEqual(['RT3022']);
    expect(codes(r)).toContain('RT4116');
  });

  test('chain in the wrong order', async () => {
    const leaf = await caWithIntermediate.issueLeaf();
    const r = inspectPem(`${caWithIntermediate.intermediate!.pem}\n${leaf.pem}`, {
      bundlePem: caWithIntermediate.bundlePem,
    });
    expect(errorCodes(r)).toEqual(expect.arrayContaining(['RT3007', 'RT3020']));
  });

  test('intermediate missing from the file: untrusted', async () => {
    const leaf = await caWithIntermediate.issueLeaf();
    const r = inspectPem(leaf.pem, { bundlePem: caWithIntermediate.bundlePem });
    expect(errorCodes(r)).toEqual(['RT3021']);
  });

  test('intermediate that is not a CA, lacks keyCertSign and has a path', async () => {
    const bad = await TestCa.create({
      now: NOW,
      intermediateOptions: { ca: false, keyUsage: KU.digitalSignature, uris: ['spiffe://example.com/ca'] },
    });
    const leaf = await bad.issueLeaf();
    const r = inspectPem(leaf.chainPem, { bundlePem: bad.bundlePem });
    expect(errorCodes(r)).toEqual(['RT3014', 'RT3015', 'RT3016']);
  });

  test('intermediate naming another trust domain', async () => {
    const bad = await TestCa.create({ now: NOW, intermediateOptions: { uris: ['spiffe://other.org'] } });
    const leaf = await bad.issueLeaf();
    const r = inspectPem(leaf.chainPem, { bundlePem: bad.bundlePem });
    expect(errorCodes(r)).toEqual(['RT3016']);
  });

  test('every broken rule is reported at once', async () => {
    const r = await leafReport(
      {
        uris: ['spiffe://example.com', 'spiffe://example.com/b'],
        ca: true,
        keyUsage: KU.keyCertSign,
        keyUsageCritical: false,
        extKeyUsage: [EKU_CLIENT],
        notBefore: new Date(NOW.getTime() - 2 * HOUR),
        notAfter: new Date(NOW.getTime() - HOUR),
      },
      { expectSpiffeId: 'spiffe://example.com/x' },
    );
    expect(errorCodes(r)).toEqual([
      'RT3004',
      'RT3006',
      'RT3007',
      'RT3009',
      'RT3010',
      'RT3011',
      'RT3012',
      'RT3018',
      'RT3024',
    ]);
    for (const f of r.findings) expect(f.fix).toBeTruthy();
  });
});

describe('trust and inputs', () => {
  test('no bundle: a warning, still valid', async () => {
    const leaf = await ca.issueLeaf();
    const r = inspectPem(leaf.chainPem);
    expect(codes(r)).toEqual(['RT3023']);
    expect(r.valid).toBe(true);
  });

  test('a PEM bundle whose root names its trust domain (spiffe://td SAN)', async () => {
    const leaf = await ca.issueLeaf();
    const r = inspectPem(leaf.chainPem, { bundlePem: ca.bundlePem });
    expect(r.bundle?.trustDomain).toBe('example.com');
    expect(codes(r)).toEqual([]);
  });

  test("a PEM bundle that names no trust domain: the SVID's is assumed (info)", async () => {
    const anonymous = await TestCa.create({ now: NOW, anonymousRoot: true });
    const leaf = await anonymous.issueLeaf();
    const r = inspectPem(leaf.chainPem, { bundlePem: anonymous.bundlePem });
    expect(codes(r)).toEqual(['RT4114']);
    expect(r.valid).toBe(true);
    const named = inspectPem(leaf.chainPem, { bundlePem: anonymous.bundlePem, trustDomain: 'example.com' });
    expect(codes(named)).toEqual([]);
  });

  test('garbage and empty input are RT3001', () => {
    expect(codes(inspectSvidBytes(Buffer.from('hello world'), { now: NOW }))).toEqual(['RT3001']);
    expect(codes(inspectSvidBytes(Buffer.alloc(0), { now: NOW }))).toEqual(['RT3001']);
  });

  test('a truncated PEM certificate is RT3002', async () => {
    const leaf = await ca.issueLeaf();
    const lines = leaf.pem.trim().split('\n');
    const broken = [...lines.slice(0, 4), lines[lines.length - 1]].join('\n');
    const r = inspectSvidBytes(Buffer.from(broken), { now: NOW });
    expect(codes(r)).toEqual(['RT3002']);
    expect(r.valid).toBe(false);
  });

  test('a private key next to the certificate is reported, not read', async () => {
    const leaf = await ca.issueLeaf();
    const r = inspectPem(`${leaf.pem}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n`, {
      bundlePem: ca.bundlePem,
    });
    expect(codes(r)).toEqual(['RT3026']);
  });

  test('a PEM of CA certificates only is inspected as a bundle', () => {
    const r = inspectSvidBytes(Buffer.from(ca.bundlePem), { now: NOW });
    expect(r.kind).toBe('bundle');
    expect(r.trustDomain).toBe('example.com');
    expect(r.valid).toBe(true);
  });

  test('the chain from the API response JSON ({svid}) is inspected', async () => {
    const leaf = await ca.issueLeaf();
    const r = inspectSvidBytes(Buffer.from(JSON.stringify({ svid: leaf.chainPem })), {
      now: NOW,
      bundle: parseTrustBundle(ca.bundlePem),
    });
    expect(r.kind).toBe('x509-svid');
    expect(r.findings).toEqual([]);
  });

  test('inspectX509Svid takes parsed certificates', async () => {
    const leaf = await caWithIntermediate.issueLeaf();
    const { certs } = parsePemCertificates(leaf.chainPem);
    const r = inspectX509Svid(certs, { now: NOW, bundle: parseTrustBundle(caWithIntermediate.bundlePem) });
    expect(r.valid).toBe(true);
  });
});

describe('issue 9: trailing bytes in PEM, SAN criticality, unverified results', () => {
  test('a PEM certificate with trailing bytes inside its block is RT3002 (like DER), not VALID', async () => {
    const leaf = await ca.issueLeaf({});
    const der = Buffer.from(leaf.cert.rawData);
    const withJunk = Buffer.concat([der, Buffer.from('junk!')]);
    const pem = `-----BEGIN CERTIFICATE-----\n${withJunk.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
    const r = inspectPem(pem, { bundlePem: ca.bundlePem });
    expect(r.valid).toBe(false);
    expect(errorCodes(r)).toContain('RT3002');
    expect(r.findings.find((f) => f.code === 'RT3002')?.message).toContain('5 trailing byte(s)');
    // The same certificate without the junk is fine, and the DER path agrees.
    expect(inspectPem(leaf.pem, { bundlePem: ca.bundlePem }).valid).toBe(true);
    expect(errorCodes(inspectSvidBytes(withJunk, { now: NOW }))).toContain('RT3002');
  });

  test('an empty subject with a non-critical SAN is RT3027 (RFC 5280 §4.1.2.6); critical, or a subject, is fine', async () => {
    const bad = await leafReport({ subject: '', sanCritical: false });
    expect(errorCodes(bad)).toEqual(['RT3027']);
    expect(bad.findings[0].path).toBe('/chain/0');
    expect((await leafReport({ subject: '', sanCritical: true })).findings).toEqual([]);
    expect((await leafReport({ sanCritical: false })).findings).toEqual([]);
  });

  test('without a bundle the result is valid but not verified; --require-verified makes RT3023 an error', async () => {
    const leaf = await ca.issueLeaf({});
    const unverified = inspectPem(leaf.chainPem);
    expect(unverified.valid).toBe(true);
    expect(unverified.verified).toBe(false);
    expect(codes(unverified)).toEqual(['RT3023']);
    const required = inspectPem(leaf.chainPem, { requireVerified: true });
    expect(required.valid).toBe(false);
    expect(errorCodes(required)).toEqual(['RT3023']);
    const verified = inspectPem(leaf.chainPem, { bundlePem: ca.bundlePem, requireVerified: true });
    expect(verified.valid).toBe(true);
    expect(verified.verified).toBe(true);
    // A bundle that did not issue it: invalid, and not verified either.
    const wrong = inspectPem(leaf.chainPem, { bundlePem: otherCa.bundlePem, trustDomain: 'example.com' });
    expect(wrong.verified).toBe(false);
  });
});
