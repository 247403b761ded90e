/**
 * The sentence of a fix (`Hint`): the engine returns what to change as data (`HintFix`, and the
 * resource as `HintResource`), and explain's text and JSON outputs print them with these functions.
 */
import { formatEndpoint } from '../core/policy/endpoint';
import type { Hint, HintFix, HintPeer, HintResource } from '../core/policy/types';
import { scopeMissWords } from './trace-text';

/** `"frontend"` for a scenario workload, else `the source` / `the destination`. */
const who = (p: HintPeer) => (p.name ? `"${p.name}"` : `the ${p.role}`);

const LIST_NAMES: Record<Extract<HintFix, { kind: 'add-to-list' }>['list'], (i?: number) => string> = {
  egress: (i) => `egress[${i}].allowedSPIFFEIDs`,
  outbound: () => 'allowedSPIFFEIDs.outbound',
  inbound: () => 'allowedSPIFFEIDs.inbound',
  ingress: (i) => `ingress[${i}].allowedSPIFFEIDs`,
};

/** The resource a fix changes: `WorkloadIdentity ns/name`, `Service ns/name (new)`, `Scenario workload frontend`. */
export function describeHintResource(r: HintResource): string {
  return r.kind === 'scenario-workload'
    ? `Scenario workload ${r.name}`
    : `${r.kind} ${r.name}${r.add ? ' (new)' : ''}`;
}

export function describeHint(h: Hint): string {
  const f = h.fix;
  switch (f.kind) {
    case 'change-identity': {
      const scope = f.scope && scopeMissWords(f.scope);
      const changes = [
        ...f.mismatched.map((m) => `${m.key}: "${m.expected}" → "${m.actual}"`),
        ...f.missing.map(
          (m) =>
            `${who(f.peer)} has no ${m.key} (expected "${m.expected}"): add it to the workload or drop the key`,
        ),
        ...(scope ? [`scope: ${scope.expected} does not cover ${scope.actual}`] : []),
      ];
      return `If ${who(f.peer)} should be WorkloadIdentity ${f.identity} (one difference: ${changes.join('; ')}), change selectors[${f.entry}]${f.scope ? '/scope' : ''} of that identity as below, or fix the workload's ${f.scope ? 'placement' : 'attributes'} instead`;
    }
    case 'enroll':
      return `Enroll ${who(f.peer)} in Riptides: add a WorkloadIdentity whose selectors match it${f.implicitMtls ? ' (implicit mTLS then applies between the two)' : ''}`;
    case 'describe-service':
      return `Describe ${formatEndpoint(f.address, f.port)} with a Service so that an egress rule can select it`;
    case 'add-egress-rule':
      return `Add an egress rule to WorkloadIdentity ${f.identity} selecting ${f.service ? `Service ${f.service}` : 'that Service'}; SIMPLE when the server speaks TLS itself (verified by its own PKI)${f.destinationKnown ? ', or enroll the destination for mTLS' : ''}`;
    case 'use-simple':
      return `${f.destinationKnown ? 'Enroll the destination, or if' : 'If'} the server speaks TLS itself, use SIMPLE on egress[${f.egress}] of ${f.identity} (${f.mode} needs a Riptides-managed peer)`;
    case 'same-trust-domain':
      return `${f.peerName ? `"${f.peerName}"` : 'The destination'} gets its certificate from trust domain ${f.peerTrustDomain}, the source from ${f.sourceTrustDomain}: issue both from the same CA (trust domain), e.g. in the scenario`;
    case 'add-to-list':
      return `Add ${f.spiffeID} to ${LIST_NAMES[f.list](f.index)} of WorkloadIdentity ${f.identity} (if this connection is intended)`;
    case 'mutual-after-fallback':
      return `The egress rule fell back to plain TCP; make the destination reachable over mTLS (same trust domain, managed), or set egress[${f.egress}] of ${f.identity} to MUTUAL`;
    case 'permissive-while-enrolling':
      return `Or, only while callers are being enrolled, let WorkloadIdentity ${f.identity} accept plain TCP (PERMISSIVE is a transitional setting; switch back to MUTUAL once every caller is enrolled)`;
    case 'use-mutual':
      return `Use mTLS for this destination: set egress[${f.egress}] of ${f.identity} to MUTUAL (the destination requires client certificates)`;
    case 'announce-own-identity':
      return `${f.peerName ? `"${f.peerName}"` : 'The peer'} announces ${f.announces} but holds a certificate for ${f.spiffeID}. If this is a spoofing test, the rejection is the expected outcome; otherwise make it announce its own identity`;
    case 'check-with-mtls':
      return `To have the caller checked against the destination's lists, use mTLS: set egress[${f.egress}] of ${f.identity} to MUTUAL`;
    case 'enforce-inbound-list':
      return `The allow-list of WorkloadIdentity ${f.identity} holds only for mTLS callers; to enforce it on every caller, set its inbound mode to MUTUAL once every caller is enrolled`;
    case 'distinct-selectors':
      return `Make the selectors of ${f.identities.join(' and ')} distinct: add a key to the one that should win (more matching keys wins)`;
    case 'see-failing-step':
      return 'See the failing step above and the reason pages in docs/codes/.';
  }
}
