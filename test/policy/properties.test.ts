/**
 * Property tests of the engine (fast-check): evaluation is deterministic and independent of resource
 * order, and removing an allowedSPIFFEIDs restriction never turns an accepted connection into a rejected one.
 */
import fc from 'fast-check';
import { syntheticOrigin } from '../../src/core/manifest/document';
import type { Resource, Service, WorkloadIdentity } from '../../src/core/manifest/types';
import {
  buildSnapshot,
  evaluateConnection,
  listEndpoints,
  type LocatedResource,
  type ScenarioInput,
} from '../../src/core/policy';
import { connectionResultToJson } from '../../src/printers/connection-json';

const TD = 'example.com';
const hosts = ['h0', 'h1', 'h2', 'h3'];
const ports = [80, 443];
const ids = ['w0', 'w1', 'w2', 'w3'].map((w) => `spiffe://${TD}/${w}`);
const attrKeys = ['process:name', 'k8s:label:app', 'k8s:pod:namespace'];
const vals = ['a', 'b', 'c'];
const mode = fc.option(fc.constantFrom('MUTUAL' as const, 'PERMISSIVE' as const, 'SIMPLE' as const), {
  nil: undefined,
});
const idList = fc.option(fc.subarray(ids), { nil: undefined });
const selectorEntry = fc.dictionary(fc.constantFrom(...attrKeys), fc.constantFrom(...vals), {
  minKeys: 1,
  maxKeys: 2,
});
const labelEntry = fc.dictionary(fc.constantFrom('tier', 'app'), fc.constantFrom('x', 'y'), {
  minKeys: 1,
  maxKeys: 2,
});

const identity = (i: number) =>
  fc
    .record({
      workloadID: fc.constantFrom('w0', 'w1', 'w2', 'w3'),
      selectors: fc.array(selectorEntry, { minLength: 1, maxLength: 2 }),
      group: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }),
      mode,
      inbound: idList,
      outbound: idList,
      egress: fc.array(
        fc.record({ selectors: fc.array(labelEntry, { minLength: 1, maxLength: 2 }), mode, allowed: idList }),
        { maxLength: 2 },
      ),
      ingress: fc.array(fc.record({ port: fc.constantFrom(...ports), allowed: idList }), { maxLength: 1 }),
    })
    .map((r): WorkloadIdentity => {
      const spec: WorkloadIdentity['spec'] = { workloadID: r.workloadID, selectors: r.selectors };
      if (r.group) spec.scope = { daemonGroup: { id: r.group } };
      if (r.mode) spec.connection = { tls: { mode: r.mode } };
      if (r.inbound || r.outbound) spec.allowedSPIFFEIDs = { inbound: r.inbound, outbound: r.outbound };
      if (r.egress.length)
        spec.egress = r.egress.map((e) => ({
          selectors: e.selectors,
          ...(e.mode ? { connection: { tls: { mode: e.mode } } } : {}),
          ...(e.allowed ? { allowedSPIFFEIDs: e.allowed } : {}),
        }));
      if (r.ingress.length)
        spec.ingress = r.ingress.map((g) => ({
          port: g.port,
          ...(g.allowed ? { allowedSPIFFEIDs: g.allowed } : {}),
        }));
      return {
        apiVersion: 'core.riptides.io/v1alpha1',
        kind: 'WorkloadIdentity',
        metadata: { name: `id${i}` },
        spec,
      };
    });

const service = (i: number) =>
  fc
    .record({ host: fc.constantFrom(...hosts), port: fc.constantFrom(...ports), labels: labelEntry })
    .map((r): Service => ({
      apiVersion: 'core.riptides.io/v1alpha1',
      kind: 'Service',
      metadata: { name: `svc${i}` },
      spec: { addresses: [{ address: r.host, port: r.port }], labels: r.labels },
    }));

const world = fc.record({
  identities: fc
    .integer({ min: 1, max: 6 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => identity(i)))),
  services: fc
    .integer({ min: 0, max: 3 })
    .chain((n) =>
      n === 0 ? fc.constant([] as Service[]) : fc.tuple(...Array.from({ length: n }, (_, i) => service(i))),
    ),
  workloads: fc.array(
    fc.record({
      attributes: fc.dictionary(fc.constantFrom(...attrKeys), fc.constantFrom(...vals), { maxKeys: 3 }),
      group: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }),
      listen: fc.option(fc.record({ address: fc.constantFrom(...hosts), port: fc.constantFrom(...ports) }), {
        nil: undefined,
      }),
      otherTd: fc.boolean(),
      announces: fc.option(fc.constantFrom(...ids), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
});

type World = {
  identities: WorkloadIdentity[];
  services: Service[];
  workloads: {
    attributes: Record<string, string>;
    group?: string;
    listen?: { address: string; port: number };
    otherTd: boolean;
    announces?: string;
  }[];
};

function scenarioOf(w: World): ScenarioInput {
  return {
    trustDomain: TD,
    workloads: w.workloads.map((x, i) => ({
      name: `n${i}`,
      attributes: x.attributes,
      daemonGroup: x.group,
      listen: x.listen ? [x.listen] : [],
      trustDomain: x.otherTd && i % 3 === 0 ? 'other.org' : undefined,
      announces: i % 2 === 0 ? x.announces : undefined,
    })),
    external: [{ address: 'h3', port: 443 }],
  };
}

const located = (resources: Resource[]): LocatedResource[] =>
  resources.map((resource, i) => ({ resource, origin: syntheticOrigin(`r${i}`) }));

function evaluateAll(resources: Resource[], w: World) {
  const snapshot = buildSnapshot(located(resources), scenarioOf(w));
  const out: unknown[] = [];
  for (const wl of snapshot.workloads)
    for (const e of listEndpoints(snapshot)) {
      const r = evaluateConnection(snapshot, { from: wl, to: e }, { trace: false });
      out.push({
        from: wl.peer.name,
        to: `${e.address}:${e.port}`,
        verdict: r.verdict,
        path: r.path,
        reasons: r.reasons,
        tls: r.tls,
        source: r.source,
        destination: r.destination,
      });
    }
  // Matrix columns follow input order (Service addresses last); the results per pair must not.
  return (out as { from: string; to: string; verdict: string }[]).sort((a, b) =>
    a.from + '\0' + a.to < b.from + '\0' + b.to ? -1 : 1,
  );
}

describe('engine properties', () => {
  test('deterministic and independent of resource order', () => {
    fc.assert(
      fc.property(world, fc.infiniteStream(fc.nat()), (w, seeds) => {
        const resources: Resource[] = [...w.identities, ...w.services];
        const first = evaluateAll(resources, w);
        expect(evaluateAll(resources, w)).toEqual(first);
        const shuffled = resources
          .map((r) => [seeds.next().value as number, r] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([, r]) => r);
        expect(evaluateAll(shuffled, w)).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  test('removing an allowedSPIFFEIDs restriction never turns an accepted connection into a rejected one', () => {
    fc.assert(
      fc.property(world, fc.nat(), (w, pick) => {
        const resources: Resource[] = [...w.identities, ...w.services];
        const before = evaluateAll(resources, w);
        // Every list that can be removed, one at a time.
        const removals: ((ids: WorkloadIdentity[]) => void)[] = [];
        w.identities.forEach((id, i) => {
          if (id.spec.allowedSPIFFEIDs?.inbound)
            removals.push((xs) => delete xs[i].spec.allowedSPIFFEIDs!.inbound);
          if (id.spec.allowedSPIFFEIDs?.outbound)
            removals.push((xs) => delete xs[i].spec.allowedSPIFFEIDs!.outbound);
          (id.spec.egress ?? []).forEach(
            (e, j) =>
              e.allowedSPIFFEIDs && removals.push((xs) => delete xs[i].spec.egress![j].allowedSPIFFEIDs),
          );
          (id.spec.ingress ?? []).forEach(
            (g, j) =>
              g.allowedSPIFFEIDs && removals.push((xs) => delete xs[i].spec.ingress![j].allowedSPIFFEIDs),
          );
        });
        if (removals.length === 0) return;
        const copy = structuredClone(w.identities);
        removals[pick % removals.length](copy);
        const after = evaluateAll([...copy, ...w.services], w);
        after.forEach((a, k) => {
          if (before[k].verdict !== 'REJECTED') expect(a.verdict).not.toBe('REJECTED');
        });
      }),
      { numRuns: 300 },
    );
  });
  test('every traced PLAINTEXT or REJECTED result carries a fix with YAML, and traces serialise', () => {
    fc.assert(
      fc.property(world, (w) => {
        const snapshot = buildSnapshot(located([...w.identities, ...w.services]), scenarioOf(w));
        for (const wl of snapshot.workloads)
          for (const e of listEndpoints(snapshot)) {
            const r = evaluateConnection(snapshot, { from: wl, to: e });
            const fast = evaluateConnection(snapshot, { from: wl, to: e }, { trace: false });
            expect([fast.verdict, fast.path, fast.reasons]).toEqual([r.verdict, r.path, r.reasons]);
            if (r.verdict === 'PLAINTEXT' || r.verdict === 'REJECTED') {
              expect(r.hints.some((h) => h.snippet !== undefined)).toBe(true);
            }
            expect(() => JSON.stringify(connectionResultToJson(r))).not.toThrow();
          }
      }),
      { numRuns: 300 },
    );
  });
});
