/**
 * Examples of the SVID findings (RT3xxx): a certificate made by the test for each run (its recipe is
 * in test/helpers/code-example-inputs.ts; `made` says what it is) and `svid inspect` over it. The
 * page shows the finding as `svid inspect` prints it.
 */
import type { CodeExample } from './types';

const BUNDLE = 'the CA certificate of the test trust domain example.com';

/** `svid inspect svid.pem --bundle bundle.pem`, svid.pem being a leaf that is `what`. */
const leaf = (
  what: string,
  options: { exit?: number; bundle?: string; args?: string[]; note?: string } = {},
): CodeExample => ({
  made: {
    'svid.pem': `an X.509-SVID issued by the test CA of example.com: ${what}`,
    'bundle.pem': options.bundle ?? BUNDLE,
  },
  args: ['svid', 'inspect', 'svid.pem', '--bundle', 'bundle.pem', ...(options.args ?? [])],
  exit: options.exit ?? 1,
  show: 'code-block',
  ...(options.note ? { note: options.note } : {}),
});

/** `svid inspect svid.pem --bundle bundle.pem`, svid.pem being a leaf and its intermediate (`what`). */
const chain = (what: string): CodeExample => ({
  made: { 'svid.pem': what, 'bundle.pem': 'the root certificate of that test CA (example.com)' },
  args: ['svid', 'inspect', 'svid.pem', '--bundle', 'bundle.pem'],
  exit: 1,
  show: 'code-block',
});

const TOKEN =
  'a JWT-SVID for spiffe://example.com/workload, signed (ES256) by the key of kid test-key-1, audience test-aud, valid for 5 minutes from now';

/** `svid inspect token.jwt --bundle bundle.json --audience test-aud`, the token being `what`. */
const token = (
  what: string,
  options: { bundle?: string; args?: string[]; audience?: false; note?: string; exit?: number } = {},
): CodeExample => ({
  made: {
    'token.jwt': what === 'as usual' ? TOKEN : `${TOKEN}, except: ${what}`,
    'bundle.json': options.bundle ?? 'a SPIFFE bundle with the JWT authority test-key-1 (its public key)',
  },
  args: [
    'svid',
    'inspect',
    'token.jwt',
    '--bundle',
    'bundle.json',
    ...(options.audience === false ? [] : ['--audience', 'test-aud']),
    ...(options.args ?? []),
  ],
  exit: options.exit ?? 1,
  show: 'code-block',
  ...(options.note ? { note: options.note } : {}),
});

/** A JWT authority's public key (EC P-256), as a bundle carries it. */
const JWK = {
  kty: 'EC',
  crv: 'P-256',
  x: 'id2ssjY7ZA7UGQI2vMYHT9jDLcKVPsOd8MI-5IOvgRE',
  y: '-hTJA3QrDLPv_65tQ-Tu2m1ITxVe_n8Kok-Sj5HxIB8',
};

/** A SPIFFE bundle JSON with these keys. */
const jwtBundle = (
  key: Record<string, unknown>,
  second?: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): string =>
  `${JSON.stringify({ keys: second ? [key, second] : [key], spiffe_sequence: 1, spiffe_refresh_hint: 300, ...extra }, null, 2)}\n`;

/** `svid inspect bundle.json` over this bundle text. */
const bundle = (text: string, exit = 1): CodeExample => ({
  files: { 'bundle.json': text },
  args: ['svid', 'inspect', 'bundle.json', '--offline'],
  exit,
  show: 'code-block',
});

/** `svid inspect bundle.json` over a bundle whose X.509 authority is `what`. */
const x509 = (what: string, options: { args?: string[]; exit?: number } = {}): CodeExample => ({
  made: { 'bundle.json': `a SPIFFE bundle whose x509-svid key holds ${what}` },
  args: ['svid', 'inspect', 'bundle.json', '--offline', ...(options.args ?? [])],
  exit: options.exit ?? 1,
  show: 'code-block',
});

export const SVID_EXAMPLES: Record<string, CodeExample> = {
  RT3003: leaf('no URI SAN, only the DNS SAN backend.example.com'),
  RT3004: leaf('two URI SANs, spiffe://example.com/shop/backend and spiffe://example.com/shop/api'),
  RT3005: leaf('the URI SAN https://example.com/shop/backend'),
  RT3006: leaf('the URI SAN spiffe://example.com (no path)'),
  RT3007: leaf('basicConstraints CA=true'),
  RT3008: leaf('no key usage extension'),
  RT3009: leaf('key usage digitalSignature, not marked critical'),
  RT3010: leaf('key usage keyEncipherment only'),
  RT3011: leaf('key usage digitalSignature and keyCertSign'),
  RT3012: leaf('extended key usage clientAuth only'),
  RT3013: leaf('no extended key usage extension', { exit: 0 }),
  RT3021: leaf('a valid leaf', { bundle: 'the CA certificate of another test CA, also for example.com' }),
  RT3022: leaf('a valid leaf', { bundle: 'the CA certificate of a test CA for the trust domain other.org' }),
  RT3024: leaf('SPIFFE ID spiffe://example.com/shop/backend', {
    args: ['--expect-spiffe-id', 'spiffe://example.com/shop/api'],
  }),
  RT3025: leaf('an RSA key of 1024 bits', { exit: 0 }),
  RT3001: {
    files: { 'svid.pem': 'spiffe://example.com/shop/backend\n' },
    args: ['svid', 'inspect', 'svid.pem', '--offline'],
    exit: 1,
    show: 'code-block',
  },
  RT3002: {
    files: {
      'svid.pem':
        '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIFcAAAAAEwCgYIKoZIzj0EAwIwOzEcMBoGA1UEAwwTZXhh\n-----END CERTIFICATE-----\n',
    },
    args: ['svid', 'inspect', 'svid.pem', '--offline'],
    exit: 1,
    show: 'code-block',
    note: 'The certificate was cut off after its first line.',
  },
  RT3014: chain(
    'a leaf issued by an intermediate certificate that has basicConstraints CA=false, then that intermediate',
  ),
  RT3015: chain(
    'a leaf issued by an intermediate certificate whose key usage is digitalSignature only (no keyCertSign), then that intermediate',
  ),
  RT3016: chain(
    'a leaf issued by an intermediate certificate with the URI SAN spiffe://example.com/issuer (a path), then that intermediate',
  ),
  RT3017: leaf('valid only from 2099-01-01 to 2099-02-01'),
  RT3018: leaf('valid from 2020-01-01 to 2020-02-01'),
  RT3019: leaf('valid until 2099-01-01T00:00:00Z', {
    args: ['--fail-if-expires-within', '30000d'],
    note: 'The window is 30,000 days so that the example shows the same output on every run; in practice it is hours or days (`--fail-if-expires-within 24h`).',
  }),
  RT3020: {
    made: {
      'svid.pem':
        'a leaf issued by the test CA of example.com, followed by the root certificate of another test CA (also for example.com)',
      'bundle.pem': BUNDLE,
    },
    args: ['svid', 'inspect', 'svid.pem', '--bundle', 'bundle.pem'],
    exit: 1,
    show: 'code-block',
  },
  RT3023: {
    made: { 'svid.pem': 'a valid X.509-SVID issued by the test CA of example.com' },
    args: ['svid', 'inspect', 'svid.pem', '--offline'],
    exit: 0,
    show: 'code-block',
  },
  RT3026: {
    made: {
      'svid.pem':
        'a valid X.509-SVID issued by the test CA of example.com, followed by its private key (PEM PRIVATE KEY)',
    },
    args: ['svid', 'inspect', 'svid.pem', '--offline'],
    exit: 0,
    show: 'code-block',
  },
  RT3027: leaf('an empty subject and a subjectAltName extension not marked critical'),
  // JWT-SVIDs (RT40xx): a token made for each run, checked against a SPIFFE bundle with its key.
  RT4001: {
    files: {
      'token.jwt':
        'eyJhbGciOiJFUzI1NiIsImtpZCI6InRlc3Qta2V5LTEiLCJ0eXAiOiJKV1QifQ.bm90IEpTT04.c2lnbmF0dXJl\n',
    },
    args: ['svid', 'inspect', 'token.jwt', '--offline'],
    exit: 1,
    show: 'code-block',
    note: 'The header is JSON, the claims part is base64url of the text `not JSON`.',
  },
  RT4002: token('signed with HS256 (a shared secret) instead of the key'),
  RT4003: token('the header has typ "at+jwt"'),
  RT4004: token('the header has no kid'),
  RT4005: token('the header names the kid "retired-key"', {
    bundle: 'a SPIFFE bundle with the JWT authority test-key-1 only',
  }),
  RT4006: token('as usual', {
    bundle:
      'a SPIFFE bundle with a JWT authority of kid test-key-1 that is another key than the one that signed',
  }),
  RT4007: token('no sub claim'),
  RT4008: token('sub is shop/backend (a workload ID, not a SPIFFE ID)'),
  RT4009: token('sub is spiffe://other.org/workload', { args: ['--trust-domain', 'example.com'] }),
  RT4010: token('no aud claim'),
  RT4011: token('aud is ["billing"]'),
  RT4012: token('as usual', { audience: false, exit: 0 }),
  RT4013: token('no exp claim'),
  RT4014: token('issued 2020-01-01T00:00:00Z, expired five minutes later'),
  RT4015: token('nbf 2099-01-01T00:00:00Z (not valid before then)'),
  RT4016: token('iat 2099-01-01T00:00:00Z (issued in the future)', { exit: 0 }),
  RT4017: {
    made: { 'token.jwt': `${TOKEN}` },
    args: ['svid', 'inspect', 'token.jwt', '--audience', 'test-aud', '--offline'],
    exit: 0,
    show: 'code-block',
  },
  RT4018: token('as usual', { args: ['--expect-spiffe-id', 'spiffe://example.com/shop/api'] }),
  RT4019: token('exp 2099-01-01T00:00:00Z', {
    args: ['--fail-if-expires-within', '30000d'],
    note: 'The window is 30,000 days so that the example shows the same output on every run; in practice it is minutes (`--fail-if-expires-within 2m`).',
  }),
  RT4020: token('aud is ["test-aud", "billing"]', { exit: 0 }),
  RT4021: token('the header also has jku "https://example.com/keys.json"'),
  // SPIFFE bundles (RT41xx): `svid inspect` over the bundle itself.
  RT4101: bundle('{"keys": ["MIIBszCCAVmgAwIBAgIFcAAAAAEwCgYIKoZIzj0EAwIw"], "spiffe_sequence": 1}\n'),
  RT4102: bundle(jwtBundle({ ...JWK, use: 'jwt' }), 0),
  RT4103: bundle(jwtBundle({ ...JWK, use: 'x509-svid' })),
  RT4104: bundle(jwtBundle({ ...JWK, use: 'x509-svid', x5c: ['not-a-certificate!'] })),
  RT4105: x509('the root certificate of the test CA of example.com, with "kid": "root-2026"', { exit: 0 }),
  RT4106: x509(
    'the root certificate of the test CA of example.com and, as a second x5c value, the root of another test CA',
    { exit: 0 },
  ),
  RT4107: x509('a leaf certificate (not a CA) in x5c'),
  RT4108: bundle(jwtBundle({ ...JWK, use: 'jwt-svid' })),
  RT4109: bundle(
    jwtBundle({ ...JWK, use: 'jwt-svid', kid: 'key-1' }, { ...JWK, use: 'jwt-svid', kid: 'key-1' }),
  ),
  RT4110: bundle(jwtBundle({ kty: 'oct', k: 'c2hhcmVkLXNlY3JldA', use: 'jwt-svid', kid: 'key-1' })),
  RT4111: bundle(jwtBundle({ ...JWK, use: 'jwt-svid', kid: 'key-1' }, undefined, { spiffe_sequence: -1 }), 0),
  RT4112: bundle(
    jwtBundle({ ...JWK, use: 'jwt-svid', kid: 'key-1' }, undefined, { spiffe_refresh_hint: '5m' }),
    0,
  ),
  RT4113: bundle('{"keys": [], "spiffe_sequence": 1}\n', 0),
  RT4114: {
    made: {
      'svid.pem': 'an X.509-SVID for spiffe://example.com/workload issued by a test CA',
      'bundle.pem':
        'the root certificate of that CA, which has no URI SAN (it does not name its trust domain)',
    },
    args: ['svid', 'inspect', 'svid.pem', '--bundle', 'bundle.pem'],
    exit: 0,
    show: 'code-block',
  },
  RT4115: x509('the root certificate of a test CA of example.com made on 2020-01-01, valid for a year', {
    exit: 0,
  }),
  RT4116: x509('the root certificate of the test CA of example.com', {
    args: ['--trust-domain', 'other.org'],
    exit: 0,
  }),
};
