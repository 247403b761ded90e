import { parseTrustBundle } from '../../src/core/spiffe/bundle';
import { inspectSvidBytes } from '../../src/core/spiffe/verify';
import { createJwtKey, spiffeBundleJson, TestCa } from '../helpers/test-ca';

const NOW = new Date('2026-06-01T12:00:00Z');
let ca: TestCa;
beforeAll(async () => {
  ca = await TestCa.create({ now: NOW });
});
const codes = (fs: { code: string }[]) => fs.map((f) => f.code).sort();

describe('SPIFFE bundle JSON', () => {
  test('x509-svid and jwt-svid keys, sequence and refresh hint are read', () => {
    const k = createJwtKey('k1');
    const b = parseTrustBundle(spiffeBundleJson(ca, [k], { spiffe_sequence: 7, spiffe_refresh_hint: 60 }));
    expect(b.findings).toEqual([]);
    expect(b.format).toBe('jwks');
    expect(b.trustDomain).toBe('example.com');
    expect(b.x509Authorities).toHaveLength(1);
    expect(b.jwtAuthorities.map((a) => a.kid)).toEqual(['k1']);
    expect([b.sequence, b.refreshHint]).toEqual([7, 60]);
  });

  test('inspected on its own: kind bundle, valid', () => {
    const r = inspectSvidBytes(Buffer.from(spiffeBundleJson(ca, [createJwtKey()])), { now: NOW });
    expect(r.kind).toBe('bundle');
    expect(r.valid).toBe(true);
    expect(r.bundle?.jwtAuthorities[0]).toMatchObject({ kid: 'test-key-1', kty: 'EC', crv: 'P-256' });
  });

  test('every defect of a bundle is reported', () => {
    const good = JSON.parse(spiffeBundleJson(ca, [createJwtKey('dup')])) as {
      keys: Record<string, unknown>[];
    };
    const doc = {
      spiffe_sequence: -1,
      spiffe_refresh_hint: 'soon',
      keys: [
        { ...good.keys[0], kid: 'x' }, // RT4105
        { ...good.keys[0], x5c: [...(good.keys[0].x5c as string[]), 'AAAA'] }, // RT4106
        { kty: 'EC', use: 'x509-svid' }, // RT4103
        { kty: 'EC', use: 'x509-svid', x5c: ['bm90IGEgY2VydA=='] }, // RT4104
        { ...good.keys[1], kid: undefined }, // RT4108
        good.keys[1],
        good.keys[1], // RT4109
        { kty: 'oct', use: 'jwt-svid', kid: 'sym', k: 'c2VjcmV0' }, // RT4110
        { kty: 'EC', use: 'enc' }, // RT4102
      ],
    };
    const b = parseTrustBundle(JSON.stringify(doc));
    expect(codes(b.findings)).toEqual([
      'RT4102',
      'RT4103',
      'RT4104',
      'RT4105',
      'RT4106',
      'RT4108',
      'RT4109',
      'RT4110',
      'RT4111',
      'RT4112',
    ]);
    expect(b.findings.find((f) => f.code === 'RT4109')?.path).toBe('/keys/6');
  });

  test('not JSON, no keys array, no usable key', () => {
    expect(codes(parseTrustBundle('{"keys": ').findings)).toEqual(['RT4101']);
    expect(codes(parseTrustBundle('{"x": 1}').findings)).toEqual(['RT4101']);
    expect(codes(parseTrustBundle('{"keys": []}').findings)).toEqual(['RT4113']);
  });

  test('a leaf as authority is RT4107; an expired authority RT4115', async () => {
    const leaf = await ca.issueLeaf();
    const b = parseTrustBundle(leaf.pem);
    expect(codes(b.findings)).toEqual(['RT4107']);
    const old = await TestCa.create({ now: new Date('2020-01-01T00:00:00Z') });
    const r = inspectSvidBytes(Buffer.from(old.bundlePem), { now: NOW });
    expect(r.kind).toBe('bundle');
    expect(codes(r.findings)).toEqual(['RT4115']);
  });
});
