/** simulate(): plans, retention of results, coverage and change impact on a case world. */
import path from 'node:path';
import { classifyChange, compareSimulations, endpointKey, planPairs, simulate } from '../../src/core/policy';
import type { Verdict } from '../../src/core/manifest/types';
import { loadCaseFile, snapshotOf } from './helpers';

const c = loadCaseFile(path.join(__dirname, 'cases', 'plaintext-arrival.yaml'));
const snapshot = snapshotOf(c);

describe('simulate', () => {
  test('the full plan pairs every workload with every endpoint but its own', () => {
    const plan = planPairs(snapshot, undefined);
    const listeners = 5; // five workloads listen, one endpoint each; six workloads
    expect(plan.from.length).toBe(6 * listeners - listeners);
    for (let i = 0; i < plan.from.length; i++) {
      const e = plan.endpoints[plan.to[i]];
      const listener = snapshot.listeners.get(endpointKey(e.address, e.port))?.workload.peer.name;
      expect(listener).not.toBe(plan.workloads[plan.from[i]]);
    }
  });

  test("retain 'notable' keeps the same verdict counts with fewer full results", () => {
    const plan = planPairs(snapshot, undefined);
    const all = simulate(snapshot, plan);
    const notable = simulate(snapshot, plan, { retain: 'notable', sample: 2 });
    expect(notable.summary).toEqual(all.summary);
    expect(Array.from(notable.verdicts)).toEqual(Array.from(all.verdicts));
    expect(notable.pairs.length).toBe(2);
    expect(notable.omitted).toBe(all.total - all.summary.MTLS - 2);
    expect(all.pairs.length).toBe(all.total);
  });

  test('expectations, coverage and baseline changes', () => {
    const to = (s: string) => ({ address: s.split(':')[0], port: Number(s.split(':')[1]) });
    const plan = planPairs(snapshot, [
      { from: 'curl', to: to('mutual.internal:80'), expect: 'REJECTED' },
      { from: 'curl', to: to('permissive.internal:80'), expect: 'MTLS' },
      { from: 'mutual', to: to('unset.internal:80') },
    ]);
    const sim = simulate(snapshot, plan);
    expect(sim.summary.expectations).toEqual({ passed: 1, failed: 1 });
    expect(sim.coverage.endpoints).toEqual({ total: 5, withExpectation: 2, share: 0.4 });
    // Managed sources mutual, simple, permissive, unset × managed listeners of the same four, minus self pairs.
    expect(sim.coverage.identityPairs.total).toBe(4 * 4 - 4);
    expect(sim.coverage.identityPairs.withExpectation).toBe(0); // curl is not managed
    // Baseline without the MUTUAL posture: curl → mutual was PLAINTEXT and is REJECTED now.
    const relaxed = c.resources.map((r) =>
      r.resource.metadata.name === 'mutual'
        ? {
            ...r,
            resource: {
              ...r.resource,
              spec: { ...r.resource.spec, connection: undefined },
            } as typeof r.resource,
          }
        : r,
    );
    const base = simulate(snapshotOf(c, relaxed), plan, { retain: 'notable', sample: 0 });
    expect(compareSimulations(base, sim)).toEqual([
      {
        from: 'curl',
        to: 'mutual.internal:80',
        before: 'PLAINTEXT',
        after: 'REJECTED',
        regression: true,
        kind: 'availability',
        reason: 'plaintext-to-mutual',
      },
    ]);
  });

  test('every verdict change is a security regression, an availability regression or an improvement', () => {
    const V: Verdict[] = ['MTLS', 'TLS', 'PLAINTEXT', 'REJECTED'];
    const table: Record<string, string> = {};
    for (const b of V) for (const a of V) if (a !== b) table[`${b}→${a}`] = classifyChange(b, a);
    expect(table).toEqual({
      'MTLS→TLS': 'security',
      'MTLS→PLAINTEXT': 'security',
      'MTLS→REJECTED': 'availability',
      'TLS→MTLS': 'improvement',
      'TLS→PLAINTEXT': 'security',
      'TLS→REJECTED': 'availability',
      'PLAINTEXT→MTLS': 'improvement',
      'PLAINTEXT→TLS': 'improvement',
      'PLAINTEXT→REJECTED': 'availability',
      'REJECTED→MTLS': 'security',
      'REJECTED→TLS': 'security',
      'REJECTED→PLAINTEXT': 'security',
    });
  });
});
