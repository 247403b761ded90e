/**
 * Data shapes of the connection engine: peers, endpoints, the indexed snapshot's inputs and the
 * result of one evaluation (verdict, path, TLS, identities, reason codes, trace steps, fixes).
 */
import type { ServiceAddress, TlsMode, Verdict } from '../manifest/types';
import type { ReasonCode } from './reasons';
import type { YamlValue } from './yaml-snippet';
import type { Endpoint, LazyRef, ScopeMiss, Step } from './trace';

export type {
  Endpoint,
  LazyRef,
  NearMiss,
  ScopeMiss,
  Stage,
  Step,
  StepOutcome,
  TraceEvent,
  TraceEventParams,
} from './trace';
export { STAGES, TRACE_EVENTS } from './trace';

/** A resource with the document it came from (src/core/manifest/located.ts). */
export type { LocatedResource } from '../manifest/located';

/** A running process as the engine sees it (a scenario workload or an ad-hoc `--from-attr` peer). */
export interface Peer {
  /** Scenario workload name; absent for ad-hoc peers. */
  name?: string;
  attributes: Record<string, string>;
  daemonGroup?: string;
  daemon?: string;
  /**
   * The peer's daemon is not known (a flow's destination, described by its own daemon, which already
   * applied its scope): identity scopes are not checked for it.
   */
  scopeUnknown?: boolean;
  /** Overrides the scenario's trust domain (another CA). */
  trustDomain?: string;
  /** The SPIFFE ID it claims at connection setup. */
  announces?: string;
  listen?: ServiceAddress[];
  /** Where the peer is described (scenario workload), when it came from a file. */
  ref?: LazyRef;
  /** Index of this peer in the scenario's workloads (for the resolution cache). */
  index?: number;
}

export interface ScenarioInput {
  trustDomain: string;
  workloads: Peer[];
  external: (Endpoint & { ref?: LazyRef })[];
}

export type ConnectionPath = 'explicit' | 'implicit' | 'none';

/** Who a fix is about: a scenario workload by name, else by its role in the connection. */
export interface HintPeer {
  name?: string;
  role: 'source' | 'destination';
}

/**
 * What a fix says, as data (the sentence is written by the printers, src/printers/hint-text.ts): its
 * kind and the names, indexes and values it needs.
 */
export type HintFix =
  /** A WorkloadIdentity off by one selector key (or by its scope) from the peer. */
  | {
      kind: 'change-identity';
      peer: HintPeer;
      identity: string;
      entry: number;
      mismatched: { key: string; expected: string; actual: string }[];
      missing: { key: string; expected: string }[];
      scope: ScopeMiss | null;
    }
  | { kind: 'enroll'; peer: HintPeer; implicitMtls: boolean }
  | { kind: 'describe-service'; address: string; port: number }
  | { kind: 'add-egress-rule'; identity: string; service: string | null; destinationKnown: boolean }
  | { kind: 'use-simple'; identity: string; egress: number; mode: string; destinationKnown: boolean }
  | { kind: 'same-trust-domain'; peerName?: string; peerTrustDomain: string; sourceTrustDomain: string }
  | {
      kind: 'add-to-list';
      spiffeID: string;
      identity: string;
      list: 'egress' | 'outbound' | 'inbound' | 'ingress';
      /** The egress or ingress rule's index. */
      index?: number;
    }
  | { kind: 'mutual-after-fallback'; identity: string; egress: number }
  | { kind: 'permissive-while-enrolling'; identity: string }
  | { kind: 'use-mutual'; identity: string; egress: number }
  | { kind: 'announce-own-identity'; peerName?: string; announces: string; spiffeID: string }
  | { kind: 'check-with-mtls'; identity: string; egress: number }
  | { kind: 'enforce-inbound-list'; identity: string }
  | { kind: 'distinct-selectors'; identities: string[] }
  | { kind: 'see-failing-step' };

/**
 * The resource a fix changes (the printers name it): a WorkloadIdentity or Service by
 * `namespace/name`, `add` when the fix adds it; or a workload of the Scenario, by name.
 */
export type HintResource =
  | { kind: 'WorkloadIdentity' | 'Service'; name: string; add: boolean }
  | { kind: 'scenario-workload'; name: string };

/** A concrete fix: what to change, where, and the YAML to paste. */
export interface Hint {
  reason: ReasonCode;
  fix: HintFix;
  resource?: HintResource;
  /** Where the field to change is, when it exists. */
  ref?: LazyRef;
  /** What to paste into the manifest, as data (printers write it as YAML). */
  snippet?: YamlValue;
}

export interface TlsInfo {
  /** Client-side mode in effect (implicit path: MUTUAL); null when the connection is not intercepted. */
  mode: TlsMode | null;
  /** Negotiated version: `1.3` between managed peers, `1.2+` with an external server; null without TLS. */
  version: '1.3' | '1.2+' | null;
}

export interface ConnectionResult {
  verdict: Verdict;
  path: ConnectionPath;
  tls: TlsInfo;
  source: { name: string | null; identity: string | null; spiffeID: string | null };
  destination: {
    address: string;
    port: number;
    service: string | null;
    identity: string | null;
    spiffeID: string | null;
  };
  /** Stable reason codes in stage order (see reasons.ts). */
  reasons: ReasonCode[];
  /** Empty unless evaluated with `trace: true`. */
  steps: Step[];
  /** Empty unless evaluated with `trace: true`; every PLAINTEXT/REJECTED result then has at least one. */
  hints: Hint[];
}
