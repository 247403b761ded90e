/**
 * Lint and explain agree: over the policy cases (test/policy/cases), every connection that a rule
 * calls "always rejected" (RT2008 caller-rejected-by-peer, RT2009 peer-excluded-outbound) is REJECTED
 * when the engine evaluates it, and lint's choice of identity for each scenario workload is the engine's.
 */
import path from 'node:path';
import { LintContext } from '../../src/core/lint/context';
import type { LocatedIdentity, LocatedService } from '../../src/core/lint/located';
import { callerRejectedByPeer } from '../../src/core/lint/rules/caller-rejected-by-peer';
import { peerExcludedOutbound } from '../../src/core/lint/rules/peer-excluded-outbound';
import type { LintFinding } from '../../src/core/lint/types';
import type { WorkloadIdentity } from '../../src/core/manifest/types';
import { endpointKey, evaluateDecision, planPairs, type Decision } from '../../src/core/policy';
import { listCaseFiles, loadCaseFile, snapshotOf } from './helpers';

/** What a finding claims: connections from `caller` through egress[rule] to a peer are rejected. */
interface Claim {
  code: string;
  caller: WorkloadIdentity;
  rule: number;
  /** The peer, as the identity resource or as the SPIFFE ID the egress rule names. */
  peer: { identity: WorkloadIdentity } | { spiffeID: string };
  /** RT2008 is about one Service address (an ingress list is per port). */
  endpoint?: string;
}

function claimOf(code: string, f: LintFinding): Claim {
  const related = f.related ?? [];
  const egress = /^\/spec\/egress\/(\d+)(?:\/allowedSPIFFEIDs\/(\d+))?$/.exec(related[0]?.pointer ?? '');
  if (!egress) throw new Error(`${code}: unexpected related pointer ${related[0]?.pointer}`);
  const rule = Number(egress[1]);
  if (code === 'RT2008') {
    const caller = related[0].subject as LocatedIdentity;
    const service = related[1].subject as LocatedService;
    const a =
      service.resource.spec.addresses[Number(/^\/spec\/addresses\/(\d+)$/.exec(related[1].pointer)![1])];
    return {
      code,
      caller: caller.resource,
      rule,
      peer: { identity: (f.subject as LocatedIdentity).resource },
      endpoint: endpointKey(a.address, a.port),
    };
  }
  const caller = (f.subject as LocatedIdentity).resource;
  if (egress[2] !== undefined)
    return {
      code,
      caller,
      rule,
      peer: { spiffeID: caller.spec.egress![rule].allowedSPIFFEIDs![Number(egress[2])] },
    };
  return { code, caller, rule, peer: { identity: (related[1].subject as LocatedIdentity).resource } };
}

function covers(claim: Claim, d: Decision): boolean {
  if (d.source.resolution.identity?.resource !== claim.caller) return false;
  if (!d.egress || d.egress.index !== claim.rule) return false;
  if (claim.endpoint !== undefined && endpointKey(d.endpoint.address, d.endpoint.port) !== claim.endpoint)
    return false;
  const dst = d.destination?.resolution.identity;
  if ('identity' in claim.peer) return dst?.resource === claim.peer.identity;
  return d.result.destination.spiffeID === claim.peer.spiffeID;
}

let checked = 0;

for (const file of listCaseFiles()) {
  const c = loadCaseFile(file);
  const snapshot = snapshotOf(c);
  const ctx = new LintContext(
    c.resources,
    [{ scenario: c.scenario.data, origin: c.scenario.origin }],
    c.scenario.data.spec.trustDomain,
  );

  describe(path.basename(file), () => {
    test('lint resolves every scenario workload to the engine identity', () => {
      for (const w of c.scenario.data.spec.workloads ?? []) {
        const lint = ctx.identitiesFor(w).map((i) => i.resource);
        const engine = snapshot.workloadsByName.get(w.name)!.resolution.identity;
        expect(lint).toEqual(engine ? [engine.resource] : []);
      }
    });

    test('every connection a rule calls always rejected is REJECTED in explain', () => {
      const claims = [
        ...callerRejectedByPeer.check(ctx).map((f) => claimOf('RT2008', f)),
        ...peerExcludedOutbound.check(ctx).map((f) => claimOf('RT2009', f)),
      ];
      if (claims.length === 0) return;
      const plan = planPairs(snapshot, undefined);
      const ends = [
        ...plan.endpoints,
        ...c.cases.map((x) => ({
          address: x.to.slice(0, x.to.lastIndexOf(':')),
          port: Number(x.to.slice(x.to.lastIndexOf(':') + 1)),
        })),
      ];
      for (const w of snapshot.workloads) {
        for (const to of ends) {
          const d = evaluateDecision(snapshot, { from: w, to }, { trace: false });
          for (const claim of claims) {
            if (!covers(claim, d)) continue;
            checked++;
            expect({ claim: claim.code, from: w.peer.name, to, verdict: d.result.verdict }).toEqual({
              claim: claim.code,
              from: w.peer.name,
              to,
              verdict: 'REJECTED',
            });
          }
        }
      }
    });
  });
}

test('the agreement test checked real connections (it is not vacuous)', () => {
  expect(checked).toBeGreaterThanOrEqual(10);
});
