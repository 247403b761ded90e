/**
 * The mTLS coverage gate of a scenario simulation (`simulate --min-mtls-coverage PCT` without flows):
 * the share of predicted pairs that are MTLS, and every non-MTLS pair with the manifest place that
 * decides its verdict (a traced evaluation per listed pair, at most `listLimit`).
 */
import { VERDICTS, type Verdict } from '../manifest/types';
import { joinHostPort } from './endpoint';
import { evaluateConnection } from './evaluate';
import { mainReason, type ReasonCode } from './reasons';
import type { Simulation } from './simulate';
import type { Snapshot } from './snapshot';
import type { ConnectionResult, LazyRef } from './types';

export interface NonMtlsPair {
  from: string;
  to: string;
  verdict: Verdict;
  mainReason?: ReasonCode;
  decidedBy?: LazyRef;
}

export interface PairCoverageGate {
  threshold: number;
  basis: 'pairs';
  mtls: number;
  total: number;
  percent: number;
  passed: boolean;
  nonMtls: NonMtlsPair[];
  /** Non-MTLS pairs beyond `listLimit`. */
  omitted: number;
}

/** The manifest place that decides a traced result (see src/core/flows/replay.ts decidingRef). */
export type DecidingRef = (result: ConnectionResult) => LazyRef | undefined;

export function pairCoverageGate(
  snapshot: Snapshot,
  sim: Simulation,
  threshold: number,
  decidingRef: DecidingRef,
  listLimit = 1000,
): PairCoverageGate {
  const total = sim.total;
  const mtls = sim.summary.MTLS;
  const percent = total === 0 ? 100 : (mtls / total) * 100;
  const nonMtls: NonMtlsPair[] = [];
  let omitted = 0;
  const mtlsIndex = VERDICTS.indexOf('MTLS');
  for (let i = 0; i < total; i++) {
    if (sim.verdicts[i] === mtlsIndex) continue;
    if (nonMtls.length >= listLimit) {
      omitted++;
      continue;
    }
    const to = sim.plan.endpoints[sim.plan.to[i]];
    const from = sim.plan.workloads[sim.plan.from[i]];
    const r = evaluateConnection(snapshot, { from, to }, { trace: true });
    nonMtls.push({
      from,
      to: joinHostPort(to.address, to.port),
      verdict: r.verdict,
      mainReason: mainReason(r.verdict, r.reasons),
      decidedBy: decidingRef(r),
    });
  }
  return { threshold, basis: 'pairs', mtls, total, percent, passed: percent >= threshold, nonMtls, omitted };
}
