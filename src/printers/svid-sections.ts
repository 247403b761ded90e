/**
 * The extra parts of an `svid inspect` report, returned as data by src/cli/svid-inspect-run.ts: the
 * TLS handshake of `--connect` and the policy of `--explain` (which WorkloadIdentity has the SPIFFE ID
 * and what it may reach). Here they become the text sections ("TLS handshake:", "Policy:") and the
 * policy's JSON (`explain` in the SvidReport document, docs/svid.md).
 */
import type { SourceRef } from '../core/findings';
import { resolveRef } from '../core/policy/json';
import type { ReachSummary } from '../core/policy/reach';
import type { LazyRef } from '../core/policy/types';

/** What was inspected: a file, stdin, a server (`--connect HOST:PORT`) or a workload's newest SVID. */
export interface SvidSource {
  type: 'file' | 'stdin' | 'connect' | 'workload';
  name: string;
}

/** `--connect`: the handshake with the server. */
export interface SvidHandshake {
  protocol: string | null;
  cipher: string | null;
  clientCertificateSent: boolean;
  /** How many certificates the server presented. */
  certificates: number;
}

/** `--explain`: the WorkloadIdentities of the -f manifests with the SVID's SPIFFE ID. */
export interface SvidPolicy {
  spiffeID: string;
  /** The trust domain the SPIFFE ID was looked up in: the Scenario's, else the SVID's ('' if none). */
  trustDomain: string;
  /** The -f paths the manifests came from. */
  paths: string[];
  /** In input order; more than one means the policy is ambiguous. */
  identities: SvidPolicyIdentity[];
}

export interface SvidPolicyIdentity {
  /** `WorkloadIdentity riptides-system/frontend` */
  resource: string;
  /** Its spec.workloadID. */
  ref: LazyRef;
  reach: ReachSummary;
}

/** The "TLS handshake" section: the target, protocol and cipher, then what each side presented. */
export function handshakeSection(target: string, h: SvidHandshake): { title: string; lines: string[] } {
  return {
    title: 'TLS handshake',
    lines: [
      `${target}: ${h.protocol ?? '?'} ${h.cipher ?? ''}`.trim(),
      `server presented ${h.certificates} certificate${h.certificates === 1 ? '' : 's'}; client certificate ${h.clientCertificateSent ? 'sent' : 'not sent'}`,
    ],
  };
}

/**
 * What implicit mTLS means for the identity: the sentence of the "Policy" section and the `note` of
 * `reach.implicitMtls` in JSON. The outbound list (when the identity has one) still restricts it.
 */
export function describeImplicitMtls(reach: ReachSummary): string {
  return `connections to any other Riptides-managed workload in ${reach.implicitMtls.trustDomain} that no egress rule selects use implicit STRICT mTLS (TLS 1.3)${reach.outbound ? ', restricted by allowedSPIFFEIDs.outbound' : ''}; per-egress and per-ingress lists do not apply there`;
}

/** The "Policy" section: each identity with its posture, lists, egress rules and implicit mTLS. */
export function policySection(p: SvidPolicy): { title: string; lines: string[] } {
  const lines: string[] = [];
  for (const m of p.identities) {
    const at = resolveRef(m.ref);
    const reach = m.reach;
    lines.push(`belongs to ${m.resource} (${at.file}:${at.line}:${at.column})`);
    if (reach.inboundMode) lines.push(`  inbound posture: ${reach.inboundMode}`);
    if (reach.inbound) lines.push(`  accepts callers: ${reach.inbound.join(', ') || '(none)'}`);
    if (reach.outbound) lines.push(`  may call: ${reach.outbound.join(', ') || '(none)'}`);
    for (const e of reach.egress) {
      const ref = resolveRef(e.ref);
      const targets =
        e.services.map((s) => `${s.service} (${s.addresses.join(', ')})`).join('; ') || 'no Service matches';
      lines.push(`  egress[${e.index}] ${e.mode} → ${targets}  ${ref.file}:${ref.line}`);
    }
    lines.push(`  ${describeImplicitMtls(reach)}`);
  }
  if (p.identities.length === 0) {
    lines.push(
      `no WorkloadIdentity in ${p.paths.join(', ')} has SPIFFE ID ${p.spiffeID} (trust domain ${p.trustDomain || 'unknown'})`,
    );
  } else if (p.identities.length > 1) {
    lines.push('several identities claim this SPIFFE ID: the policy is ambiguous');
  }
  return { title: 'Policy', lines };
}

/** The JSON of a policy's identities: each with the file:line:column of its workloadID, refs resolved. */
export function svidPolicyJson(p: SvidPolicy) {
  return {
    spiffeID: p.spiffeID,
    trustDomain: p.trustDomain,
    identities: p.identities.map((m) => {
      const at = resolveRef(m.ref);
      return {
        resource: m.resource,
        file: at.file,
        line: at.line,
        column: at.column,
        reach: reachJson(m.reach),
      };
    }),
  };
}

function reachJson(r: ReachSummary) {
  return {
    identity: r.identity,
    spiffeID: r.spiffeID,
    egress: r.egress.map((e): Omit<ReachSummary['egress'][number], 'ref'> & { ref: SourceRef } => ({
      index: e.index,
      mode: e.mode,
      allowedSPIFFEIDs: e.allowedSPIFFEIDs,
      services: e.services,
      ref: resolveRef(e.ref),
    })),
    outbound: r.outbound,
    inbound: r.inbound,
    inboundMode: r.inboundMode,
    implicitMtls: {
      applies: r.implicitMtls.applies,
      trustDomain: r.implicitMtls.trustDomain,
      note: describeImplicitMtls(r),
    },
  };
}
