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
  options: { exit?: number; bundle?: string; args?: string[] } = {},
): CodeExample => ({
  made: {
    'svid.pem': `an X.509-SVID issued by the test CA of example.com: ${what}`,
    'bundle.pem': options.bundle ?? BUNDLE,
  },
  args: ['svid', 'inspect', 'svid.pem', '--bundle', 'bundle.pem', ...(options.args ?? [])],
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
};
