/**
 * The sentence of each trace event (src/core/policy/trace.ts): the one place the engine's steps are
 * worded, for `explain` text and the `message` of every step in JSON output.
 */
import { formatEndpoint } from '../core/policy/endpoint';
import type { Endpoint, PeerDescription, ScopeMiss, Step } from '../core/policy/trace';

/** A workload's name for sentences: `"frontend"`, or the fallback for an unnamed (ad-hoc) peer. */
const label = (peer: PeerDescription, fallback: string) => (peer.name ? `"${peer.name}"` : fallback);

const where = (e: Endpoint) => formatEndpoint(e.address, e.port);

/** `k=v, k=v; daemon X` — what identity selection looked at. */
function describeAttrs(peer: PeerDescription): string {
  const attrs = Object.entries(peer.attributes).map(([k, v]) => `${k}=${v}`);
  const on = peer.daemon
    ? `daemon ${peer.daemon}`
    : peer.daemonGroup
      ? `daemonGroup ${peer.daemonGroup}`
      : 'no daemon group';
  return `${attrs.length ? attrs.join(', ') : 'no attributes'}; ${on}`;
}

const list = (s: ReadonlySet<string>) => [...s].join(', ') || 'empty';
const defaulted = (modeSet: boolean) => (modeSet ? '' : ' (the default when connection.tls.mode is not set)');
const without = (wire: 'tls' | 'plain') =>
  wire === 'tls' ? 'the caller presents no certificate' : 'plain TCP carries no identity';

/**
 * A scope that does not cover a peer, in words: the scope (`daemonGroup X`) and where the peer is
 * (`daemonGroup Y`, or `no daemonGroup`). In explain's near misses (text and JSON) and its fixes.
 */
export function scopeMissWords(s: ScopeMiss): { expected: string; actual: string } {
  return {
    expected: `${s.kind} ${s.id}`,
    actual: s.peerId === null ? `no ${s.kind}` : `${s.kind} ${s.peerId}`,
  };
}

/** The sentence for one step. */
export function describeStep(s: Step): string {
  switch (s.event) {
    case 'source-unselected':
      return `no WorkloadIdentity selects ${label(s.params.peer, 'the source')} (${describeAttrs(s.params.peer)}): it is not Riptides-managed and its connections are not intercepted`;
    case 'source-selected': {
      const p = s.params;
      return `${label(p.peer, 'the source')} is WorkloadIdentity ${p.identity} (${p.spiffeID}): selector entry ${p.entry} matched ${p.score} key(s)${p.scope ? `, in scope ${p.scope.kind} ${p.scope.id}` : ''}`;
    }
    case 'source-ambiguous':
      return `ambiguous: ${s.params.tied.join(', ')} match${s.params.tied.length === 1 ? 'es' : ''} with as many keys; the first by namespace/name (${s.params.chosen}) is used`;
    case 'service-none':
      return `no Service has the address ${where(s.params.endpoint)}`;
    case 'service-found': {
      const p = s.params;
      return `${where(p.endpoint)} is Service ${p.service}${p.others ? ` (also claimed by ${p.others.join(', ')})` : ''}, labels ${JSON.stringify(p.labels)}`;
    }
    case 'egress-no-identity':
      return 'the source has no identity, so it has no egress rules';
    case 'egress-no-service':
      return 'no Service to match egress rules against';
    case 'egress-selected':
      return `egress[${s.params.index}] of ${s.params.identity} selects Service ${s.params.service} (selector entry ${s.params.entry}): the path is explicit`;
    case 'egress-none':
      return `${s.params.identity} has no egress rules`;
    case 'egress-unmatched':
      return `none of the ${s.params.rules} egress rule(s) of ${s.params.identity} selects the labels ${JSON.stringify(s.params.labels)}`;
    case 'peer-external':
      return `${where(s.params.endpoint)} is an external endpoint: no daemon manages it`;
    case 'peer-unknown':
      return `${where(s.params.endpoint)} is not a listen address of any scenario workload: no daemon manages it`;
    case 'peer-unselected':
      return `${label(s.params.peer, 'the destination')} listens on ${where(s.params.endpoint)} but no WorkloadIdentity selects it (${describeAttrs(s.params.peer)}): it is not Riptides-managed`;
    case 'peer-selected':
      return `${label(s.params.peer, 'the destination')} listens on ${where(s.params.endpoint)} and is WorkloadIdentity ${s.params.identity} (${s.params.spiffeID})`;
    case 'peer-ambiguous':
      return `ambiguous: ${s.params.tied.join(', ')} match with as many keys; ${s.params.chosen} is used`;
    case 'path-explicit':
      return `explicit: egress[${s.params.index}] of ${s.params.identity} applies`;
    case 'path-implicit':
      return `implicit mTLS: both peers are Riptides-managed in trust domain ${s.params.trustDomain}; no Service or egress rule is needed`;
    case 'path-none-source-unmanaged':
      return notIntercepted('the source is not Riptides-managed');
    case 'path-none-peer-unmanaged':
      return notIntercepted('the destination is not Riptides-managed and no egress rule applies');
    case 'path-none-trust-domain':
      return notIntercepted(
        `the peers are in different trust domains (${s.params.sourceTrustDomain} vs ${s.params.peerTrustDomain}) and no egress rule applies`,
      );
    case 'tls-implicit':
      return 'implicit path: STRICT mTLS, TLS 1.3 (no plaintext fallback)';
    case 'tls-mutual':
      return `MUTUAL${defaulted(s.params.modeSet)}: mTLS with a Riptides-managed peer, TLS 1.3`;
    case 'tls-mutual-untrusted':
      return `MUTUAL${defaulted(s.params.modeSet)} needs a peer in the trusted trust domain ${s.params.sourceTrustDomain}, but the peer's certificate is from ${s.params.peerTrustDomain}: rejected`;
    case 'tls-mutual-unmanaged':
      return `MUTUAL${defaulted(s.params.modeSet)} needs a Riptides-managed peer that presents an X.509-SVID; ${where(s.params.endpoint)} is not managed: rejected`;
    case 'tls-simple-external':
      return 'SIMPLE: server-authenticated TLS (1.2 or 1.3); the external server is verified by its own PKI, so SPIFFE ID lists do not apply';
    case 'tls-simple':
      return `SIMPLE: server-authenticated TLS 1.3; the peer presents its X.509-SVID (${s.params.spiffeID}), the client presents none`;
    case 'tls-simple-untrusted':
      return `SIMPLE: the peer's certificate is from trust domain ${s.params.peerTrustDomain}, which ${s.params.sourceTrustDomain} does not trust: rejected`;
    case 'tls-permissive':
      return 'PERMISSIVE: the peer is Riptides-managed, so mTLS, TLS 1.3';
    case 'tls-permissive-fallback':
      return `PERMISSIVE: ${s.params.peerTrustDomain !== null ? `the peer is in another trust domain (${s.params.peerTrustDomain})` : 'the peer is not Riptides-managed'}, so the connection falls back to plain TCP`;
    case 'tls-not-intercepted':
      return 'not intercepted: no TLS on the client side';
    case 'egress-list-allowed':
      return `${s.params.spiffeID} is in egress[${s.params.index}].allowedSPIFFEIDs`;
    case 'egress-list-denied':
      return `${s.params.spiffeID} is not in egress[${s.params.index}].allowedSPIFFEIDs (${list(s.params.allowed)})`;
    case 'outbound-list-allowed':
      return `${s.params.spiffeID} is in allowedSPIFFEIDs.outbound of ${s.params.identity}`;
    case 'outbound-list-denied':
      return `${s.params.spiffeID} is not in allowedSPIFFEIDs.outbound of ${s.params.identity} (${list(s.params.allowed)})`;
    case 'client-unrestricted':
      return `no allowedSPIFFEIDs restrict the peer (${s.params.implicit ? 'top-level outbound list not set' : 'neither the egress rule nor allowedSPIFFEIDs.outbound sets one'})`;
    case 'egress-list-bypassed':
      return `egress[${s.params.index}].allowedSPIFFEIDs of ${s.params.identity} is not checked: the PERMISSIVE rule fell back to plain TCP and the peer presents no SVID`;
    case 'outbound-list-bypassed':
      return `allowedSPIFFEIDs.outbound of ${s.params.identity} is not checked: the connection runs as plain TCP and the peer presents no SVID`;
    case 'client-external-server':
      return 'the external server has no SPIFFE ID: allowedSPIFFEIDs lists do not apply';
    case 'client-no-svid':
      return 'no SVID is exchanged, so no SPIFFE ID list is checked';
    case 'identity-presented':
      return `${who(s.params.role, s.params.peer)} presents ${s.params.spiffeID} and announces the same identity (no \`announces\` override)`;
    case 'identity-announced':
      return `${who(s.params.role, s.params.peer)} announces ${s.params.spiffeID}, equal to the SPIFFE SAN of its certificate`;
    case 'identity-announced-mismatch':
      return `${who(s.params.role, s.params.peer)} announces ${s.params.announced} but its certificate's SPIFFE SAN is ${s.params.spiffeID}: rejected before any data is exchanged`;
    case 'identity-external-server':
      return 'the external server is verified by its own PKI';
    case 'identity-no-certificates':
      return 'no certificates are exchanged';
    case 'server-client-refused':
      return 'the client side refused the connection';
    case 'server-unmanaged':
      return 'the destination is not Riptides-managed: nothing enforces an inbound posture';
    case 'inbound-list-allowed':
      return `${s.params.spiffeID} is in allowedSPIFFEIDs.inbound of ${s.params.identity}`;
    case 'inbound-list-denied':
      return `${s.params.spiffeID} is not in allowedSPIFFEIDs.inbound of ${s.params.identity} (${list(s.params.allowed)})`;
    case 'ingress-list-allowed':
      return `${s.params.spiffeID} is in ingress[${s.params.index}] (port ${s.params.port}) of ${s.params.identity}`;
    case 'ingress-list-denied':
      return `${s.params.spiffeID} is not in ingress[${s.params.index}].allowedSPIFFEIDs (port ${s.params.port}) of ${s.params.identity}`;
    case 'ingress-list-not-applied':
      return `ingress[${s.params.index}] (port ${s.params.port}) of ${s.params.identity} is not applied: per-ingress allowedSPIFFEIDs apply only on the explicit path, not to implicit mTLS`;
    case 'mtls-accepted':
      return `mTLS accepted by ${s.params.identity} (inbound mode ${s.params.posture ?? 'not set'}, no inbound SPIFFE ID list for this caller)`;
    case 'server-tls-to-mutual':
      return `server-only TLS arrives at ${s.params.identity}, whose inbound mode is MUTUAL: the caller presents no certificate, rejected`;
    case 'server-tls-accepted':
      return `server-only TLS accepted by ${s.params.identity} (inbound mode ${s.params.posture ?? 'not set'})`;
    case 'plaintext-refused':
      return `plain TCP arrives at ${s.params.identity}, whose inbound mode is ${s.params.posture}: rejected`;
    case 'plaintext-accepted':
      return `plain TCP accepted by ${s.params.identity}: inbound mode ${s.params.posture === 'PERMISSIVE' ? 'PERMISSIVE accepts plaintext' : 'not set accepts plaintext from callers that are not managed (fallback)'}`;
    case 'inbound-list-bypassed':
      return `allowedSPIFFEIDs.inbound of ${s.params.identity} cannot be checked: ${without(s.params.wire)}`;
    case 'ingress-list-bypassed':
      return `ingress[${s.params.index}].allowedSPIFFEIDs (port ${s.params.port}) of ${s.params.identity} cannot be checked: ${without(s.params.wire)}`;
  }
}

function notIntercepted(why: string): string {
  return `none: ${why}; the connection is not intercepted and runs as plain TCP (observed only)`;
}

/** `the source "frontend"`, `the destination`. */
const who = (role: 'source' | 'destination', peer: PeerDescription) =>
  `the ${role} ${peer.name ? `"${peer.name}"` : ''}`.trimEnd();
