/**
 * Questions about one identity, for `svid inspect --explain`: which WorkloadIdentity has a given
 * SPIFFE ID, and what that identity may reach (egress rules → Services, implicit mTLS).
 */
import { describeResource, type TlsMode } from '../manifest/types';
import { formatEndpoint } from './endpoint';
import { firstMatchingEntry, type IdentityEntry, type Snapshot } from './snapshot';
import type { LazyRef } from './types';

export interface IdentityMatch {
  identity: IdentityEntry;
  /** `WorkloadIdentity riptides-system/frontend` */
  resource: string;
  ref: LazyRef;
}

/**
 * WorkloadIdentities whose SPIFFE ID (in `trustDomain`, default the snapshot's) equals `spiffeID`,
 * in input order. More than one means the manifests give two resources the same workloadID.
 */
export function findIdentitiesBySpiffeId(
  snapshot: Snapshot,
  spiffeID: string,
  trustDomain = snapshot.trustDomain,
): IdentityMatch[] {
  const prefix = `spiffe://${trustDomain}/`;
  if (!spiffeID.startsWith(prefix)) return [];
  const list = snapshot.identitiesByWorkloadID.get(spiffeID.slice(prefix.length)) ?? [];
  return list.map((identity) => ({
    identity,
    resource: describeResource(identity.resource),
    ref: { origin: identity.origin, path: '' },
  }));
}

export interface ReachSummary {
  identity: string;
  spiffeID: string;
  egress: {
    index: number;
    mode: TlsMode;
    allowedSPIFFEIDs: string[] | null;
    /** Services whose labels the rule selects (`namespace/name`) with their addresses. */
    services: { service: string; addresses: string[] }[];
    ref: LazyRef;
  }[];
  outbound: string[] | null;
  inbound: string[] | null;
  /** Inbound posture (connection.tls.mode), null when not set. */
  inboundMode: TlsMode | null;
  /**
   * Implicit mTLS applies to every other managed workload in the same trust domain: top-level lists
   * still apply (`outbound`), per-egress and per-ingress lists do not. The printers word it.
   */
  implicitMtls: { applies: true; trustDomain: string };
}

export function summarizeIdentityReach(
  snapshot: Snapshot,
  identity: IdentityEntry,
  trustDomain = snapshot.trustDomain,
): ReachSummary {
  return {
    identity: identity.key,
    spiffeID: `spiffe://${trustDomain}/${identity.workloadID}`,
    egress: identity.egress.map((rule) => ({
      index: rule.index,
      mode: rule.mode,
      allowedSPIFFEIDs: rule.allowed ? [...rule.allowed] : null,
      services: snapshot.services
        .filter((s) => firstMatchingEntry(rule.selectors, s.labels) !== -1)
        .map((s) => ({
          service: s.key,
          addresses: (s.resource.spec.addresses ?? []).map((a) => formatEndpoint(a.address, a.port)),
        })),
      ref: { origin: identity.origin, path: `/spec/egress/${rule.index}` },
    })),
    outbound: identity.outbound ? [...identity.outbound] : null,
    inbound: identity.inbound ? [...identity.inbound] : null,
    inboundMode: identity.mode,
    implicitMtls: { applies: true, trustDomain },
  };
}
