/**
 * Nearest misses of identity resolution: for each WorkloadIdentity that did not select a peer, which
 * selector keys matched, which are missing or differ (expected vs actual), and whether the scope
 * excludes the peer — ranked by closeness. Only computed when a trace is shown.
 */
import { escapePointerToken } from '../manifest/document';
import { scopeCovers, type IdentityEntry, type Snapshot } from './snapshot';
import type { NearMiss, Peer, ScopeMiss } from './types';

/** The identity's scope beside the peer's daemon group or daemon; null when the scope covers the peer. */
function scopeMiss(identity: IdentityEntry, peer: Peer): ScopeMiss | null {
  // An identity without a scope covers every daemon, so a scope that misses is one the identity has.
  if (scopeCovers(identity, peer)) return null;
  const { kind, id } = identity.scope!;
  return { kind, id, peerId: (kind === 'daemonGroup' ? peer.daemonGroup : peer.daemon) ?? null };
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
  const scope = scopeMiss(identity, peer);
  return {
    identity: identity.key,
    ...b,
    scope,
    distance: b.missing.length + b.mismatched.length + (scope ? 1 : 0),
    ref: { origin: identity.origin, path: `/spec/selectors/${escapePointerToken(b.entry)}` },
  };
}

/** Matched keys of the entry `missDistance` chose last (read right after the call). */
let scoredMatched = 0;

/**
 * `nearMissFor(identity, peer).distance` without building the miss (no arrays, no strings): the same
 * entry is chosen (fewest missing or differing keys, then most matched keys, then the first), and its
 * matched-key count is left in `scoredMatched`. The searches below score every identity with it and
 * build the few misses they keep: a traced pair used to build one per identity (2,000 on a large set).
 */
export function missDistance(identity: IdentityEntry, peer: Peer): number {
  let bestProblems = -1;
  let bestMatched = 0;
  const attrs = peer.attributes;
  const selectors = identity.selectors;
  for (let i = 0; i < selectors.length; i++) {
    const sel = selectors[i];
    const keys = identity.selectorKeys[i];
    let matched = 0;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (
        Object.prototype.hasOwnProperty.call(attrs, key) &&
        attrs[key] !== undefined &&
        attrs[key] === sel[key]
      )
        matched++;
    }
    const problems = keys.length - matched;
    if (bestProblems < 0 || problems < bestProblems || (problems === bestProblems && matched > bestMatched)) {
      bestProblems = problems;
      bestMatched = matched;
    }
  }
  scoredMatched = bestMatched;
  return Math.max(bestProblems, 0) + (scopeCovers(identity, peer) ? 0 : 1);
}

/** The first identity off by exactly one (with a key in common), as a miss; undefined if none. */
export function firstMissByOne(snapshot: Snapshot, peer: Peer): NearMiss | undefined {
  for (const identity of snapshot.identities)
    if (missDistance(identity, peer) === 1 && scoredMatched > 0) return nearMissFor(identity, peer);
  return undefined;
}

/** Candidates closest first; those sharing no key with the peer and off by more than one are left out. */
export function nearestMisses(
  snapshot: Snapshot,
  peer: Peer,
  exclude: IdentityEntry | null,
  limit = 5,
): NearMiss[] {
  const candidates: { identity: IdentityEntry; distance: number; matched: number }[] = [];
  for (const identity of snapshot.identities) {
    if (identity === exclude) continue;
    const distance = missDistance(identity, peer);
    if (distance === 0) continue; // a match, not a miss (e.g. a tied identity)
    if (scoredMatched === 0 && distance > 1) continue;
    candidates.push({ identity, distance, matched: scoredMatched });
  }
  candidates.sort(
    (a, b) =>
      a.distance - b.distance ||
      b.matched - a.matched ||
      (a.identity.key < b.identity.key ? -1 : a.identity.key > b.identity.key ? 1 : 0),
  );
  return candidates.slice(0, limit).map((c) => nearMissFor(c.identity, peer));
}
