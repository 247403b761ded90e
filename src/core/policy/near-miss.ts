/**
 * Nearest misses of identity resolution: for each WorkloadIdentity that did not select a peer, which
 * selector keys matched, which are missing or differ (expected vs actual), and whether the scope
 * excludes the peer — ranked by closeness. Only computed when a trace is shown.
 */
import { escapePointerToken } from '../manifest/document';
import { scopeCovers, type IdentityEntry, type Snapshot } from './snapshot';
import type { NearMiss, Peer } from './types';

function describeScope(identity: IdentityEntry): string {
  return identity.scope ? `${identity.scope.kind} ${identity.scope.id}` : 'every daemon';
}

function describePeerPlacement(peer: Peer, kind: 'daemonGroup' | 'daemon'): string {
  const id = kind === 'daemonGroup' ? peer.daemonGroup : peer.daemon;
  return id === undefined ? `no ${kind}` : `${kind} ${id}`;
}

export function nearMissFor(identity: IdentityEntry, peer: Peer): NearMiss {
  let best: Omit<NearMiss, 'identity' | 'scope' | 'distance' | 'ref'> | undefined;
  let bestProblems = Infinity;
  identity.selectors.forEach((sel, entry) => {
    const matched: string[] = [];
    const missing: NearMiss['missing'] = [];
    const mismatched: NearMiss['mismatched'] = [];
    for (const key of Object.keys(sel)) {
      const actual = Object.prototype.hasOwnProperty.call(peer.attributes, key)
        ? peer.attributes[key]
        : undefined;
      if (actual === undefined) missing.push({ key, expected: sel[key] });
      else if (actual !== sel[key]) mismatched.push({ key, expected: sel[key], actual });
      else matched.push(key);
    }
    const problems = missing.length + mismatched.length;
    if (
      problems < bestProblems ||
      (problems === bestProblems && best && matched.length > best.matched.length)
    ) {
      best = { entry, matched, missing, mismatched };
      bestProblems = problems;
    }
  });
  const b = best ?? { entry: 0, matched: [], missing: [], mismatched: [] };
  const scope = scopeCovers(identity, peer)
    ? null
    : { expected: describeScope(identity), actual: describePeerPlacement(peer, identity.scope!.kind) };
  return {
    identity: identity.key,
    ...b,
    scope,
    distance: b.missing.length + b.mismatched.length + (scope ? 1 : 0),
    ref: { origin: identity.origin, path: `/spec/selectors/${escapePointerToken(b.entry)}` },
  };
}

/** Candidates closest first; those sharing no key with the peer and off by more than one are left out. */
export function nearestMisses(
  snapshot: Snapshot,
  peer: Peer,
  exclude: IdentityEntry | null,
  limit = 5,
): NearMiss[] {
  const misses: NearMiss[] = [];
  for (const identity of snapshot.identities) {
    if (identity === exclude) continue;
    const m = nearMissFor(identity, peer);
    if (m.distance === 0) continue; // a match, not a miss (e.g. a tied identity)
    if (m.matched.length === 0 && m.distance > 1) continue;
    misses.push(m);
  }
  misses.sort(
    (a, b) =>
      a.distance - b.distance ||
      b.matched.length - a.matched.length ||
      (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0),
  );
  return misses.slice(0, limit);
}
