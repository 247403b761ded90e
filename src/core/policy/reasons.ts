/**
 * The one catalog of connection reason codes. Codes are stable kebab-case strings that never change
 * meaning; each has a page in docs/codes/<code>.md (generated from the one catalog, src/core/catalog/codes.ts). `effect` says what the reason does to a verdict.
 */

export type ReasonEffect = 'rejects' | 'plaintext' | 'note';

export interface ReasonEntry {
  code: string;
  /** `rejects`: the connection is refused; `plaintext`: it runs as plain TCP; `note`: informative. */
  effect: ReasonEffect;
  title: string;
  docs: string;
}

const entry = (code: string, effect: ReasonEffect, title: string): ReasonEntry => ({
  code,
  effect,
  title,
  docs: `docs/codes/${code}.md`,
});

export const REASONS = [
  entry(
    'no-identity',
    'plaintext',
    'No WorkloadIdentity selects the source workload: it is not Riptides-managed',
  ),
  entry('ambiguous-identity', 'note', 'Several WorkloadIdentities select the workload equally well'),
  entry('no-service', 'plaintext', 'No Service has the destination address and port'),
  entry(
    'no-egress-rule',
    'plaintext',
    "No egress rule of the source's identity selects the destination Service",
  ),
  entry('peer-unmanaged', 'plaintext', 'The destination is not Riptides-managed'),
  entry('trust-domain-mismatch', 'plaintext', 'Source and destination are in different trust domains (CAs)'),
  entry('not-allowed-egress', 'rejects', "The peer's SPIFFE ID is not in the egress rule's allowedSPIFFEIDs"),
  entry(
    'not-allowed-outbound',
    'rejects',
    "The peer's SPIFFE ID is not in the source's allowedSPIFFEIDs.outbound",
  ),
  entry(
    'not-allowed-inbound',
    'rejects',
    "The caller's SPIFFE ID is not in the destination's allowedSPIFFEIDs.inbound",
  ),
  entry(
    'not-allowed-ingress',
    'rejects',
    "The caller's SPIFFE ID is not in the destination's ingress rule for the port",
  ),
  entry('plaintext-to-mutual', 'rejects', 'Plain TCP arrives at a destination whose inbound mode is MUTUAL'),
  entry('plaintext-to-simple', 'rejects', 'Plain TCP arrives at a destination whose inbound mode is SIMPLE'),
  entry(
    'tls-to-mutual',
    'rejects',
    'Server-only TLS (SIMPLE egress) arrives at a destination whose inbound mode is MUTUAL',
  ),
  entry('identity-mismatch', 'rejects', "The announced identity differs from the certificate's SPIFFE SAN"),
  entry('permissive-fallback', 'plaintext', 'A PERMISSIVE egress rule fell back to plain TCP'),
  entry('ingress-not-applied-implicit', 'note', 'Per-port ingress lists do not apply on the implicit path'),
  entry(
    'inbound-not-checked-tls',
    'note',
    'Server-only TLS carries no client certificate: inbound lists cannot be checked',
  ),
  entry(
    'ingress-not-checked-tls',
    'note',
    "Server-only TLS carries no client certificate: the port's ingress[].allowedSPIFFEIDs cannot be checked",
  ),
  entry(
    'egress-not-checked-plaintext',
    'note',
    'A PERMISSIVE egress rule fell back to plain TCP: its allowedSPIFFEIDs is not checked',
  ),
  entry(
    'outbound-not-checked-plaintext',
    'note',
    "The connection runs as plain TCP: the source's allowedSPIFFEIDs.outbound is not checked",
  ),
  entry(
    'inbound-not-checked-plaintext',
    'note',
    "Plain TCP is accepted: the destination's allowedSPIFFEIDs.inbound is not checked",
  ),
  entry(
    'ingress-not-checked-plaintext',
    'note',
    "Plain TCP is accepted: the port's ingress[].allowedSPIFFEIDs is not checked",
  ),
] as const satisfies readonly ReasonEntry[];

export type ReasonCode = (typeof REASONS)[number]['code'];

const byCode = new Map<string, ReasonEntry>(REASONS.map((r) => [r.code, r]));

export function reasonEntry(code: string): ReasonEntry | undefined {
  return byCode.get(code);
}

/** The reason that best explains a result: the first that rejects for REJECTED, else the first non-note. */
export function mainReason(verdict: string, reasons: readonly ReasonCode[]): ReasonCode | undefined {
  if (verdict === 'REJECTED') {
    const r = reasons.find((c) => byCode.get(c)?.effect === 'rejects');
    if (r) return r;
  }
  return reasons.find((c) => byCode.get(c)?.effect !== 'note') ?? reasons[0];
}
