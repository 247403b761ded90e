import { parseTrustBundle } from '../../src/core/spiffe/bundle';
import { inspectJwtSvid, inspectSvidBytes, type InspectOptions } from '../../src/core/spiffe/verify';
import { createJwtKey, signJwt, spiffeBundleJson, type JwtKey, type TokenOptions } from '../helpers/test-ca';

const NOW = new Date('2026-06-01T12:00:00Z');
const nowSec = NOW.getTime() / 1000;
const TD = 'example.com';

let key: JwtKey;
let rsaKey: JwtKey;
let otherKey: JwtKey;
let bundleText: string;

beforeAll(() => {
  key = createJwtKey('key-ec');
  rsaKey = createJwtKey('key-rsa', 'RSA');
  otherKey = createJwtKey('key-other');
  bundleText = spiffeBundleJson(undefined, [key, rsaKey]);
});

function inspect(token: string, options: Partial<InspectOptions> = {}) {
  return inspectJwtSvid(token, {
    now: NOW,
    bundle: parseTrustBundle(bundleText, { trustDomain: TD }),
    audience: ['test-aud'],
    ...options,
  });
}
const tokenOf = (o: TokenOptions = {}, k = key) => signJwt(k, TD, { now: NOW, ...o });
const errorCodes = (r: { findings: { code: string; severity: string }[] }) =>
  r.findings
    .filter((f) => f.severity === 'error')
    .map((f) => f.code)
    .sort();
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code).sort();

describe('valid JWT-SVIDs', () => {
  test('ES256 with kid, sub, aud, exp verifies', () => {
    const r = inspect(tokenOf());
    expect(r.kind).toBe('jwt-svid');
    expect(r.findings).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.spiffeID).toBe('spiffe://example.com/workload');
    expect(r.trustDomain).toBe(TD);
    expect(r.notAfter).toBe(new Date((nowSec + 300) * 1000).toISOString());
  });

  test('RS256 verifies; typ JOSE and no typ are fine', () => {
    expect(inspect(tokenOf({}, rsaKey)).findings).toEqual([]);
    expect(inspect(tokenOf({ header: { typ: 'JOSE' } })).findings).toEqual([]);
    expect(inspect(tokenOf({ omitHeader: ['typ'] })).findings).toEqual([]);
  });

  test('aud as a plain string; "Bearer " prefix and surrounding whitespace are accepted', () => {
    expect(inspect(tokenOf({ claims: { aud: 'test-aud' } })).findings).toEqual([]);
    const r = inspectSvidBytes(Buffer.from(`  Bearer ${tokenOf()}\n`), {
      now: NOW,
      bundle: parseTrustBundle(bundleText, { trustDomain: TD }),
      audience: ['test-aud'],
    });
    expect(r.kind).toBe('jwt-svid');
    expect(r.findings).toEqual([]);
  });
});

describe('each JWT-SVID rule broken on its own', () => {
  const cases: [string, () => string, Partial<InspectOptions>, string[]][] = [
    ['alg none', () => tokenOf({ alg: 'none' }), {}, ['RT4002']],
    ['alg HS256', () => tokenOf({ alg: 'HS256' }), {}, ['RT4002']],
    ['alg missing', () => tokenOf({ omitHeader: ['alg'] }), {}, ['RT4002']],
    ['typ wrong', () => tokenOf({ header: { typ: 'at+jwt' } }), {}, ['RT4003']],
    ['kid missing', () => tokenOf({ omitHeader: ['kid'] }), {}, ['RT4004']],
    ['kid unknown', () => tokenOf({}, otherKey), {}, ['RT4005']],
    [
      'signature by another key under a known kid',
      () => tokenOf({ header: { kid: 'key-ec' } }, otherKey),
      {},
      ['RT4006'],
    ],
    ['sub missing', () => tokenOf({ omitClaims: ['sub'] }), {}, ['RT4007']],
    ['sub not a SPIFFE ID', () => tokenOf({ claims: { sub: 'frontend' } }), {}, ['RT4008']],
    [
      'sub in another trust domain',
      () => tokenOf({ claims: { sub: 'spiffe://other.org/workload' } }),
      {},
      ['RT4009'],
    ],
    ['aud missing', () => tokenOf({ omitClaims: ['aud'] }), {}, ['RT4010']],
    ['aud empty', () => tokenOf({ claims: { aud: [] } }), {}, ['RT4010']],
    ['aud mismatch', () => tokenOf({ claims: { aud: ['billing'] } }), {}, ['RT4011']],
    ['exp missing', () => tokenOf({ omitClaims: ['exp'] }), {}, ['RT4013']],
    ['exp past', () => tokenOf({ claims: { exp: nowSec - 10 } }), {}, ['RT4014']],
    ['nbf future', () => tokenOf({ claims: { nbf: nowSec + 60 } }), {}, ['RT4015']],
    ['expected another SPIFFE ID', () => tokenOf(), { expectSpiffeId: 'spiffe://example.com/x' }, ['RT4018']],
    ['expires within the window', () => tokenOf(), { expiresWithin: 600_000 }, ['RT4019']],
  ];
  test.each(cases)('%s', (_name, make, options, expected) => {
    const r = inspect(make(), options);
    expect(errorCodes(r)).toEqual(expected);
    expect(r.valid).toBe(false);
  });

  test('iat in the future is a warning', () => {
    expect(codes(inspect(tokenOf({ claims: { iat: nowSec + 60 } })))).toEqual(['RT4016']);
  });

  test('several audiences: info; no --audience: warning', () => {
    expect(codes(inspect(tokenOf({ claims: { aud: ['test-aud', 'b'] } })))).toEqual(['RT4020']);
    expect(codes(inspect(tokenOf(), { audience: undefined }))).toEqual(['RT4012']);
  });

  test('no bundle: warning, rules still checked', () => {
    const r = inspect(tokenOf({ alg: 'none' }), { bundle: undefined });
    expect(codes(r)).toEqual(['RT4002', 'RT4017']);
  });

  test('a tampered claims part fails the signature', () => {
    const [h, , s] = tokenOf().split('.');
    const claims = Buffer.from(
      JSON.stringify({ sub: 'spiffe://example.com/admin', aud: ['test-aud'], exp: nowSec + 60 }),
    ).toString('base64url');
    expect(errorCodes(inspect(`${h}.${claims}.${s}`))).toEqual(['RT4006']);
  });

  test('malformed tokens are RT4001', () => {
    expect(codes(inspect('eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln'))).toEqual(['RT4001']);
    expect(codes(inspect('a.b'))).toEqual(['RT4001']);
    expect(inspect('eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln').valid).toBe(false);
  });

  test('every broken rule at once', () => {
    const t = tokenOf({
      alg: 'HS256',
      header: { typ: 'xyz' },
      omitHeader: ['kid'],
      claims: { sub: 'nope', exp: nowSec - 1, nbf: nowSec + 5 },
      omitClaims: ['aud'],
    });
    expect(errorCodes(inspect(t))).toEqual([
      'RT4002',
      'RT4003',
      'RT4004',
      'RT4008',
      'RT4010',
      'RT4014',
      'RT4015',
    ]);
  });
});

describe('issue 9: header parameters and unverified tokens', () => {
  test.each(['jku', 'x5u', 'jwk', 'crit', 'cty', 'x-private'])('a %s header is RT4021', (name) => {
    const r = inspect(tokenOf({ header: { [name]: 'https://attacker.example/keys' } }));
    expect(errorCodes(r)).toEqual(['RT4021']);
    expect(r.findings[0].path).toBe(`/header/${name}`);
    expect(r.valid).toBe(false);
  });

  test('alg, kid and typ alone are fine', () => {
    expect(inspect(tokenOf({ header: { typ: 'JWT' } })).findings).toEqual([]);
  });

  test('a garbage ES256 signature without a bundle is valid in structure but not verified; required: an error', () => {
    const [h, c] = tokenOf().split('.');
    const forged = `${h}.${c}.${Buffer.alloc(64, 7).toString('base64url')}`;
    const noBundle = inspect(forged, { bundle: undefined });
    expect(noBundle.valid).toBe(true);
    expect(noBundle.verified).toBe(false);
    expect(codes(noBundle)).toEqual(['RT4017']);
    const required = inspect(forged, { bundle: undefined, requireVerified: true });
    expect(required.valid).toBe(false);
    expect(errorCodes(required)).toEqual(['RT4017']);
    // With the bundle the forgery is caught; a genuine token verifies.
    expect(errorCodes(inspect(forged))).toEqual(['RT4006']);
    expect(inspect(tokenOf(), { requireVerified: true }).verified).toBe(true);
  });
});
