/**
 * The one trust-domain inference, shared by `validate` (the rules' default) and `explain`/`simulate`:
 * when no flag, lint config, control plane or Scenario says which trust domain the manifests are
 * for, it is the one trust domain every SPIFFE ID in their allowedSPIFFEIDs lists uses; with SPIFFE
 * IDs of two or more trust domains there is no inference (and RT2019 warns).
 */
import type { LocatedResource } from '../manifest/located';
import type { WorkloadIdentity } from '../manifest/types';
import type { LocatedIdentity } from './located';
import { spiffeIdListsOf } from './walk';

const TRUST_DOMAIN = /^spiffe:\/\/([^/?#]+)/;

/** Every trust domain the allowedSPIFFEIDs lists name, with how many entries name it (insertion order). */
export function trustDomainsOf(resources: readonly LocatedResource[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const r of resources) {
    if (r.resource.kind !== 'WorkloadIdentity') continue;
    for (const { list } of spiffeIdListsOf(r as LocatedResource<WorkloadIdentity> as LocatedIdentity)) {
      for (const id of list) {
        const m = typeof id === 'string' ? TRUST_DOMAIN.exec(id) : null;
        if (m) seen.set(m[1], (seen.get(m[1]) ?? 0) + 1);
      }
    }
  }
  return seen;
}

/** The trust domain when nothing configures one: the manifests' only one, else undefined. */
export function inferTrustDomain(resources: readonly LocatedResource[]): string | undefined {
  const seen = trustDomainsOf(resources);
  return seen.size === 1 ? [...seen.keys()][0] : undefined;
}

/** The trust domain most entries use (ties: the first in name order), when several are used. */
export function majorityTrustDomain(seen: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  for (const [td, n] of seen) {
    const b = best === undefined ? -1 : seen.get(best)!;
    if (n > b || (n === b && td < best!)) best = td;
  }
  return best;
}
