/** Bad input never throws out of the verifier: mutated, truncated or random bytes become findings. */
import fc from 'fast-check';
import { parseTrustBundle } from '../../src/core/spiffe/bundle';
import { inspectSvidBytes } from '../../src/core/spiffe/verify';
import { createJwtKey, signJwt, spiffeBundleJson, TestCa } from '../helpers/test-ca';

const NOW = new Date();
let chainDer: Buffer;
let chainPem: string;
let token: string;
let bundleJson: string;

beforeAll(async () => {
  const ca = await TestCa.create({ now: NOW, intermediate: true });
  const leaf = await ca.issueLeaf();
  chainPem = leaf.chainPem;
  chainDer = Buffer.concat([Buffer.from(leaf.cert.rawData), Buffer.from(ca.intermediate!.cert.rawData)]);
  const key = createJwtKey();
  token = signJwt(key, 'example.com');
  bundleJson = spiffeBundleJson(ca, [key]);
});

const check = (bytes: Uint8Array) => {
  const r = inspectSvidBytes(bytes, {
    now: NOW,
    bundle: parseTrustBundle(bundleJson),
    audience: ['test-aud'],
  });
  expect(typeof r.valid).toBe('boolean');
  for (const f of r.findings) expect(f.code).toMatch(/^RT[34]\d{3}$/);
  return r;
};

test('flipped bytes in a DER chain: a report, never an exception; a changed signed byte never verifies', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
      (flips) => {
        const bytes = Buffer.from(chainDer);
        for (const [at, x] of flips) bytes[at % bytes.length] ^= x;
        const r = check(bytes);
        // Every byte is under a signature or the structure: a changed chain never verifies.
        if (!bytes.equals(chainDer)) expect(r.valid && r.verifiedBy !== null).toBe(false);
      },
    ),
    { numRuns: 1000 },
  );
});

test('truncated DER, PEM, JWT and bundle JSON: findings, never exceptions', () => {
  fc.assert(
    fc.property(fc.nat(), (n) => {
      check(chainDer.subarray(0, n % chainDer.length));
      check(Buffer.from(chainPem.slice(0, n % chainPem.length)));
      check(Buffer.from(token.slice(0, n % token.length)));
      check(Buffer.from(bundleJson.slice(0, n % bundleJson.length)));
    }),
    { numRuns: 300 },
  );
});

test('random bytes and strings: findings, never exceptions', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (b) => void check(b)),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => void check(Buffer.from(s))),
    { numRuns: 500 },
  );
});
