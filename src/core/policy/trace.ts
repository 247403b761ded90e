/**
 * The evaluation trace as data (SPEC §3): every stage of the engine records steps — a stage, an
 * outcome, an event code with its parameters and the manifest refs that decided it. The engine writes
 * no sentences: the printers word each event (src/printers/trace-text.ts), as OPA's trace events.
 * Every event code is defined here, with the stage that emits it.
 */
import type { DocumentOrigin } from '../manifest/document';
import type { TlsMode } from '../manifest/types';
import type { ReasonCode } from './reasons';

/** A place in a manifest, resolved to file:line:column only when a result is shown. */
export interface LazyRef {
  origin: DocumentOrigin;
  /** JSON pointer of the deciding node inside its document. */
  path: string;
}

/** What a step says of a peer (a `Peer` of types.ts): its name and what its identity is chosen by. */
export interface PeerDescription {
  name?: string;
  attributes: Record<string, string>;
  daemon?: string;
  daemonGroup?: string;
}

/** A destination as asked for (host and port as given). */
export interface Endpoint {
  address: string;
  port: number;
}

/**
 * An identity's scope that does not cover a peer: the scope (`kind` and `id`) and the peer's daemon
 * group or daemon of that kind (`peerId`, null when the peer has none). The printers word it.
 */
export interface ScopeMiss {
  kind: 'daemonGroup' | 'daemon';
  id: string;
  peerId: string | null;
}

/** Why a WorkloadIdentity did not select a peer: one per candidate, ranked by closeness. */
export interface NearMiss {
  /** `namespace/name` */
  identity: string;
  /** Index of the closest selector entry. */
  entry: number;
  /** Keys of that entry whose value matched. */
  matched: string[];
  /** Keys of that entry the peer does not have at all. */
  missing: { key: string; expected: string }[];
  /** Keys present with another value. */
  mismatched: { key: string; expected: string; actual: string }[];
  /** The identity's scope does not cover the peer's daemon / daemon group. */
  scope: ScopeMiss | null;
  /** Number of problems (missing + mismatched + scope): 0 would be a match. */
  distance: number;
  ref: LazyRef;
}

export type StepOutcome = 'pass' | 'fail' | 'skip' | 'info';
export type Stage =
  | 'source-identity'
  | 'destination-service'
  | 'egress-rule'
  | 'destination-peer'
  | 'path'
  | 'tls'
  | 'client-authorization'
  | 'identity-confirmation'
  | 'server-authorization';

export const STAGES: readonly Stage[] = [
  'source-identity',
  'destination-service',
  'egress-rule',
  'destination-peer',
  'path',
  'tls',
  'client-authorization',
  'identity-confirmation',
  'server-authorization',
];

/** Which side of the connection a step is about. */
export type Role = 'source' | 'destination';

/**
 * The parameters of every event, by code. Values are references to what the engine already holds
 * (peers, endpoints, sets): recording a step formats nothing.
 */
export interface TraceEventParams {
  // 1. source identity
  'source-unselected': { peer: PeerDescription };
  'source-selected': {
    peer: PeerDescription;
    identity: string;
    spiffeID: string;
    entry: number;
    score: number;
    scope: { kind: string; id: string } | null;
  };
  'source-ambiguous': { tied: readonly string[]; chosen: string };
  // 2. destination service
  'service-none': { endpoint: Endpoint };
  /** `others`: the other Services claiming the address, null when only one does. */
  'service-found': {
    endpoint: Endpoint;
    service: string;
    others: readonly string[] | null;
    labels: Record<string, string>;
  };
  // 3. egress rule
  'egress-no-identity': Record<string, never>;
  'egress-no-service': Record<string, never>;
  'egress-selected': { identity: string; index: number; entry: number; service: string };
  'egress-none': { identity: string };
  'egress-unmatched': { identity: string; rules: number; labels: Record<string, string> };
  // 4. destination peer
  'peer-external': { endpoint: Endpoint };
  'peer-unknown': { endpoint: Endpoint };
  'peer-unselected': { peer: PeerDescription; endpoint: Endpoint };
  'peer-selected': { peer: PeerDescription; endpoint: Endpoint; identity: string; spiffeID: string };
  'peer-ambiguous': { tied: readonly string[]; chosen: string };
  // 5. path
  'path-explicit': { identity: string; index: number };
  'path-implicit': { trustDomain: string };
  'path-none-source-unmanaged': Record<string, never>;
  'path-none-peer-unmanaged': Record<string, never>;
  'path-none-trust-domain': { sourceTrustDomain: string; peerTrustDomain: string };
  // 6. TLS on the client side; `modeSet`: false when MUTUAL is the default
  'tls-implicit': Record<string, never>;
  'tls-mutual': { modeSet: boolean };
  'tls-mutual-untrusted': { modeSet: boolean; sourceTrustDomain: string; peerTrustDomain: string };
  'tls-mutual-unmanaged': { modeSet: boolean; endpoint: Endpoint };
  'tls-simple-external': Record<string, never>;
  'tls-simple': { spiffeID: string };
  'tls-simple-untrusted': { sourceTrustDomain: string; peerTrustDomain: string };
  'tls-permissive': Record<string, never>;
  /** `peerTrustDomain`: null when the peer is not managed. */
  'tls-permissive-fallback': { peerTrustDomain: string | null };
  'tls-not-intercepted': Record<string, never>;
  // 7a. client-side authorization
  'egress-list-allowed': { spiffeID: string; index: number };
  'egress-list-denied': { spiffeID: string; index: number; allowed: ReadonlySet<string> };
  'outbound-list-allowed': { spiffeID: string; identity: string };
  'outbound-list-denied': { spiffeID: string; identity: string; allowed: ReadonlySet<string> };
  'client-unrestricted': { implicit: boolean };
  'egress-list-bypassed': { identity: string; index: number };
  'outbound-list-bypassed': { identity: string };
  'client-external-server': Record<string, never>;
  'client-no-svid': Record<string, never>;
  // 7b. identity confirmation (announced identity = certificate SAN)
  'identity-presented': { role: Role; peer: PeerDescription; spiffeID: string };
  'identity-announced': { role: Role; peer: PeerDescription; spiffeID: string };
  'identity-announced-mismatch': { role: Role; peer: PeerDescription; spiffeID: string; announced: string };
  'identity-external-server': Record<string, never>;
  'identity-no-certificates': Record<string, never>;
  // 7c. server-side authorization, by the destination's inbound posture
  'server-client-refused': Record<string, never>;
  'server-unmanaged': Record<string, never>;
  'inbound-list-allowed': { spiffeID: string; identity: string };
  'inbound-list-denied': { spiffeID: string; identity: string; allowed: ReadonlySet<string> };
  'ingress-list-allowed': { spiffeID: string; identity: string; index: number; port: number };
  'ingress-list-denied': { spiffeID: string; identity: string; index: number; port: number };
  'ingress-list-not-applied': { identity: string; index: number; port: number };
  'mtls-accepted': { identity: string; posture: TlsMode | null };
  'server-tls-to-mutual': { identity: string };
  'server-tls-accepted': { identity: string; posture: TlsMode | null };
  'plaintext-refused': { identity: string; posture: 'MUTUAL' | 'SIMPLE' };
  'plaintext-accepted': { identity: string; posture: TlsMode | null };
  'inbound-list-bypassed': { identity: string; wire: 'tls' | 'plain' };
  'ingress-list-bypassed': { identity: string; index: number; port: number; wire: 'tls' | 'plain' };
}

export type TraceEvent = keyof TraceEventParams;

/** Every event code and the stage that emits it (printers and tests iterate over this). */
export const TRACE_EVENTS: { readonly [E in TraceEvent]: Stage } = {
  'source-unselected': 'source-identity',
  'source-selected': 'source-identity',
  'source-ambiguous': 'source-identity',
  'service-none': 'destination-service',
  'service-found': 'destination-service',
  'egress-no-identity': 'egress-rule',
  'egress-no-service': 'egress-rule',
  'egress-selected': 'egress-rule',
  'egress-none': 'egress-rule',
  'egress-unmatched': 'egress-rule',
  'peer-external': 'destination-peer',
  'peer-unknown': 'destination-peer',
  'peer-unselected': 'destination-peer',
  'peer-selected': 'destination-peer',
  'peer-ambiguous': 'destination-peer',
  'path-explicit': 'path',
  'path-implicit': 'path',
  'path-none-source-unmanaged': 'path',
  'path-none-peer-unmanaged': 'path',
  'path-none-trust-domain': 'path',
  'tls-implicit': 'tls',
  'tls-mutual': 'tls',
  'tls-mutual-untrusted': 'tls',
  'tls-mutual-unmanaged': 'tls',
  'tls-simple-external': 'tls',
  'tls-simple': 'tls',
  'tls-simple-untrusted': 'tls',
  'tls-permissive': 'tls',
  'tls-permissive-fallback': 'tls',
  'tls-not-intercepted': 'tls',
  'egress-list-allowed': 'client-authorization',
  'egress-list-denied': 'client-authorization',
  'outbound-list-allowed': 'client-authorization',
  'outbound-list-denied': 'client-authorization',
  'client-unrestricted': 'client-authorization',
  'egress-list-bypassed': 'client-authorization',
  'outbound-list-bypassed': 'client-authorization',
  'client-external-server': 'client-authorization',
  'client-no-svid': 'client-authorization',
  'identity-presented': 'identity-confirmation',
  'identity-announced': 'identity-confirmation',
  'identity-announced-mismatch': 'identity-confirmation',
  'identity-external-server': 'identity-confirmation',
  'identity-no-certificates': 'identity-confirmation',
  'server-client-refused': 'server-authorization',
  'server-unmanaged': 'server-authorization',
  'inbound-list-allowed': 'server-authorization',
  'inbound-list-denied': 'server-authorization',
  'ingress-list-allowed': 'server-authorization',
  'ingress-list-denied': 'server-authorization',
  'ingress-list-not-applied': 'server-authorization',
  'mtls-accepted': 'server-authorization',
  'server-tls-to-mutual': 'server-authorization',
  'server-tls-accepted': 'server-authorization',
  'plaintext-refused': 'server-authorization',
  'plaintext-accepted': 'server-authorization',
  'inbound-list-bypassed': 'server-authorization',
  'ingress-list-bypassed': 'server-authorization',
};

interface StepBase {
  stage: Stage;
  outcome: StepOutcome;
  refs: LazyRef[];
  /** The reason code this step raised, when it raised one. */
  reason?: ReasonCode;
  /** Identity resolution that failed or was ambiguous: the candidates, closest first. */
  nearestMisses?: NearMiss[];
}

/** One step of the trace: an event with its parameters (a union discriminated by `event`). */
export type Step = { [E in TraceEvent]: StepBase & { event: E; params: TraceEventParams[E] } }[TraceEvent];
