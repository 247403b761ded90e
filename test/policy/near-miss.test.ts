/**
 * The nearest-miss searches score every identity with `missDistance` and build only the misses they
 * keep: the score must be the distance and matched-key count `nearMissFor` gives, whatever the
 * selectors, attributes and scopes (property test), so that traces and fixes stay the same.
 */
import fc from 'fast-check';
import { syntheticOrigin } from '../../src/core/manifest/document';
import type { WorkloadIdentity } from '../../src/core/manifest/types';
import { buildSnapshot } from '../../src/core/policy';
import { firstMissByOne, missDistance, nearMissFor, nearestMisses } from '../../src/core/policy/near-miss';
import type { Peer } from '../../src/core/policy/types';

const keys = ['process:name', 'k8s:label:app', 'k8s:pod:namespace', 'unix:uid'];
const vals = ['a', 'b', 'c'];
const entry = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...vals), { minKeys: 0, maxKeys: 4 });
const scope = fc.option(
  fc.oneof(
    fc.record({ daemonGroup: fc.record({ id: fc.constantFrom('g1', 'g2') }) }),
    fc.record({ daemon: fc.record({ id: fc.constantFrom('d1', 'd2') }) }),
  ),
  { nil: undefined },
);
const identities = fc.array(fc.record({ selectors: fc.array(entry, { maxLength: 3 }), scope }), {
  minLength: 1,
  maxLength: 8,
});
const peer = fc.record({
  attributes: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...vals), { maxKeys: 4 }),
  daemonGroup: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }),
  daemon: fc.option(fc.constantFrom('d1', 'd2'), { nil: undefined }),
});

function snapshotOf(specs: { selectors: Record<string, string>[]; scope?: object }[]) {
  const resources = specs.map((spec, i) => {
    const resource = {
      apiVersion: 'core.riptides.io/v1alpha1',
      kind: 'WorkloadIdentity',
      metadata: { name: `w${i}`, namespace: 'default' },
      spec: { workloadID: `w${i}`, selectors: spec.selectors, ...(spec.scope ? { scope: spec.scope } : {}) },
    } as unknown as WorkloadIdentity;
    return { resource, origin: syntheticOrigin(`w${i}`) };
  });
  return buildSnapshot(resources, { trustDomain: 'example.com', workloads: [], external: [] });
}

test('missDistance equals nearMissFor’s distance; the searches keep the misses the full search kept', () => {
  fc.assert(
    fc.property(identities, peer, (specs, p) => {
      const snapshot = snapshotOf(specs);
      const thePeer = p as unknown as Peer;
      const full = snapshot.identities.map((identity) => nearMissFor(identity, thePeer));
      snapshot.identities.forEach((identity, i) =>
        expect(missDistance(identity, thePeer)).toBe(full[i].distance),
      );
      // The searches as they were: every identity's miss built, then filtered and sorted.
      const expected = full
        .filter((m) => m.distance !== 0 && !(m.matched.length === 0 && m.distance > 1))
        .sort(
          (a, b) =>
            a.distance - b.distance ||
            b.matched.length - a.matched.length ||
            (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0),
        )
        .slice(0, 5);
      expect(nearestMisses(snapshot, thePeer, null)).toEqual(expected);
      expect(firstMissByOne(snapshot, thePeer)).toEqual(
        full.find((m) => m.distance === 1 && m.matched.length > 0),
      );
    }),
    { numRuns: 2000 },
  );
});
