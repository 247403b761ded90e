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

const SCHEME = 'spiffe://';

/**
 * End of the trust domain of `id` (the first `/`, `?` or `#` after `spiffe://`, or its end), or -1
 * when `id` names none: what /^spiffe:\/\/([^/?#]+)/ captures, without a match array per entry.
 */
export function trustDomainEnd(id: string): number {
  if (!id.startsWith(SCHEME)) return -1;
  let i = SCHEME.length;
  for (; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) break; // / ? #
  }
  return i === SCHEME.length ? -1 : i;
}

/** Every trust domain the allowedSPIFFEIDs lists name, with how many entries name it (insertion order). */
export function trustDomainsOf(resources: readonly LocatedResource[]): Map<string, number> {
  const seen = new Map<string, number>();
  // Nearly every entry names the trust domain the one before it named: compared in place, no slice.
  let last: string | undefined;
  for (let r = 0; r < resources.length; r++) {
    const resource = resources[r];
    if (resource.resource.kind !== 'WorkloadIdentity') continue;
    const lists = spiffeIdListsOf(resource as LocatedResource<WorkloadIdentity> as LocatedIdentity);
    for (let l = 0; l < lists.length; l++) {
      const list = lists[l].list;
      for (let i = 0; i < list.length; i++) {
        const id = list[i];
        if (typeof id !== 'string') continue;
        const end = trustDomainEnd(id);
        if (end === -1) continue;
        const td =
          last !== undefined && end === SCHEME.length + last.length && id.startsWith(last, SCHEME.length)
            ? last
            : (last = id.slice(SCHEME.length, end));
        seen.set(td, (seen.get(td) ?? 0) + 1);
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
