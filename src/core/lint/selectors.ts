/**
 * Selector and scope semantics the rules share (SPEC §2): an entry is an AND of exact key=value
 * matches, a list of entries is an OR; an absent scope covers every daemon.
 */
import type { Scope, SelectorEntry } from '../manifest/types';
import { K8S_LABEL_SELECTOR_PREFIX, KNOWN_SELECTOR_KEYS } from '../manifest/types';

const known = new Set<string>(KNOWN_SELECTOR_KEYS);

/** `process:name`, …, or `k8s:label:<non-empty key>`. */
export function isKnownSelectorKey(key: string): boolean {
  return (
    known.has(key) ||
    (key.startsWith(K8S_LABEL_SELECTOR_PREFIX) && key.length > K8S_LABEL_SELECTOR_PREFIX.length)
  );
}

/** Can one process satisfy both AND-entries? Yes unless some key is required with two different values. */
export function entriesCompatible(a: SelectorEntry, b: SelectorEntry): boolean {
  const [small, large] = Object.keys(a).length <= Object.keys(b).length ? [a, b] : [b, a];
  for (const key of Object.keys(small)) {
    if (Object.prototype.hasOwnProperty.call(large, key) && large[key] !== small[key]) return false;
  }
  return true;
}

/** Does an AND-entry match these attributes? The engine's own test, so lint and explain agree. */
export { entryMatches } from '../policy/snapshot';

/** `daemonGroup:<id>`, `daemon:<id>`, or undefined for "every daemon". */
export function scopeKey(scope: Scope | undefined): string | undefined {
  if (!scope) return undefined;
  if ('daemonGroup' in scope && scope.daemonGroup) return `daemonGroup:${scope.daemonGroup.id}`;
  if ('daemon' in scope && scope.daemon) return `daemon:${scope.daemon.id}`;
  return undefined;
}

/**
 * Do two scopes certainly share a daemon? An absent scope covers all; otherwise only the same
 * daemonGroup or the same daemon. Whether a daemon belongs to a group is not in the manifests, so
 * daemon-vs-daemonGroup is not treated as overlapping (no finding on a guess).
 */
export function scopesOverlap(a: Scope | undefined, b: Scope | undefined): boolean {
  const ka = scopeKey(a);
  const kb = scopeKey(b);
  return ka === undefined || kb === undefined || ka === kb;
}

/**
 * A stable key for a host:port: the engine's canonical endpoint (DNS names without case or a
 * trailing dot, IP addresses as addresses), so lint and explain agree on what is one endpoint.
 */
export { endpointKey as addressKey } from '../policy/endpoint';
