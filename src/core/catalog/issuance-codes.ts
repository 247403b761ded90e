/**
 * Why the control plane refused an SVID request: the `reason` of its 422 `invalid` answer to
 * `POST /v1/svids/x509` (and, for a bad ttl, `POST /v1/svids/jwt`). The server (src/server/svid-issuer.ts,
 * src/server/svid-routes.ts) sends these values and nothing else; `svid issue` fails with the reason as
 * its code (`Code: invalid-ttl`), so the page `riptides-cli docs CODE` prints is the refusal's own.
 * The wire value is the catalog id: one id space (docs/svid.md, "Refusals").
 */

export interface IssuanceReasonInfo {
  title: string;
  summary: string;
  fix: string;
}

export const ISSUANCE_REASONS = {
  'invalid-csr': {
    title: 'The certificate signing request cannot be read',
    summary:
      'The `csr` of `POST /v1/svids/x509` is not a PKCS#10 certificate signing request: neither PEM (`BEGIN CERTIFICATE REQUEST`) nor base64 DER, DER that is not a well-formed request, or over 65,536 characters.',
    fix: 'Send a PEM PKCS#10 request, e.g. `openssl req -new -key key.pem -subj /O=Riptides -out req.pem`; `svid issue` makes one itself.',
  },
  'csr-signature-invalid': {
    title: 'The certificate signing request’s signature does not verify',
    summary:
      'A CSR is signed with the private key whose public key it carries: the proof that the requester holds that key. This one’s signature does not verify with its own public key (the request was changed after it was signed, or signed with another key, or with an algorithm the control plane does not take).',
    fix: 'Make the CSR again with the key it is for, and send it unchanged; `svid issue` makes and signs one itself.',
  },
  'csr-weak-key': {
    title: 'The certificate signing request’s key is weak or of an unusual type',
    summary:
      'The control plane issues SVIDs for EC P-256, P-384 and P-521 keys, RSA keys of 2048 bits or more, and Ed25519 keys; the key in this CSR is another (an RSA key under 2048 bits, another curve, another key type). The same keys are what `svid inspect` warns about in a certificate as [RT3025](RT3025.md) weak-key. This reason was sent as `weak-key` before; that name is RT3025’s, and `svid issue` still reports it from an older control plane as `csr-weak-key`.',
    fix: 'Generate an EC P-256 (the default of `svid issue --key-type`), P-384, RSA ≥ 2048 or Ed25519 key and make the CSR with it.',
  },
  'invalid-ttl': {
    title: 'The requested lifetime is out of range',
    summary:
      'The `ttl` of the request is not a duration, or is outside what the control plane issues: 1 minute to 7 days for an X.509-SVID, 1 second to 24 hours for a JWT-SVID.',
    fix: 'Ask for a lifetime in range (`svid issue --ttl 1h`), or leave `--ttl` out for the default (1 h for X.509, 5 min for JWT).',
  },
} as const satisfies Record<string, IssuanceReasonInfo>;

export type IssuanceReason = keyof typeof ISSUANCE_REASONS;

/**
 * The reasons an older control plane sent under another name, → the current one. `weak-key` is the
 * name of RT3025; a reason must not share it.
 */
const FORMER_REASONS: Readonly<Record<string, IssuanceReason>> = { 'weak-key': 'csr-weak-key' };

/** The catalogued reason a control plane's `reason` names (a former name mapped), else undefined. */
export function issuanceReason(reason: unknown): IssuanceReason | undefined {
  if (typeof reason !== 'string') return undefined;
  if (Object.hasOwn(ISSUANCE_REASONS, reason)) return reason as IssuanceReason;
  return Object.hasOwn(FORMER_REASONS, reason) ? FORMER_REASONS[reason] : undefined;
}
