/**
 * The report of a replay (simulate --flows): the summary, and for the pairs a reader acts on — those
 * that disagree, and with a coverage gate those that are not MTLS — the manifest place that decides
 * their verdict (a traced evaluation of one sample flow per pair), plus the mTLS coverage gate.
 */
import type { Verdict } from '../manifest/types';
import { evaluateConnection } from '../policy/evaluate';
import { mainReason, type ReasonCode } from '../policy/reasons';
import type { Snapshot } from '../policy/snapshot';
import type { LazyRef } from '../policy/types';
import { flowQuery } from './compare';
import { decidingRef, sampleRecord, type PairSummary, type ReplaySummary } from './replay';

export interface ReportedPair {
  pair: PairSummary;
  /** The manifest place that decides the verdict shown (staged when disagreeing against it). */
  decidedBy?: LazyRef;
  /** The main reason code of that verdict. */
  mainReason?: ReasonCode;
}

export interface CoverageGate {
  /** Required share of MTLS, in percent. */
  threshold: number;
  /** `flows`: weighted by flow counts, on the staged (else current) prediction. */
  basis: 'flows';
  mtls: number;
  total: number;
  /** MTLS share in percent (100 when there are no flows). */
  percent: number;
  passed: boolean;
  /** Every pair with a non-MTLS prediction. */
  nonMtls: ReportedPair[];
}

export interface FlowReport {
  summary: ReplaySummary;
  staged: boolean;
  pairs: ReportedPair[];
  coverage?: CoverageGate;
}

export interface ReportOptions {
  current: Snapshot;
  staged?: Snapshot;
  minMtlsCoverage?: number;
  /** Traced evaluations at most (default 500 pairs: the first in report order, disagreements first). */
  traceLimit?: number;
}

function nonMtlsCount(p: PairSummary): number {
  const c = p.staged ?? p.predicted;
  return p.count - (c.MTLS ?? 0);
}

/** Build the report; the traced evaluations are pure and bounded by `traceLimit`. */
export function buildFlowReport(summary: ReplaySummary, options: ReportOptions): FlowReport {
  let traced = 0;
  const limit = options.traceLimit ?? 500;
  const wantCoverage = options.minMtlsCoverage !== undefined;
  const pairs: ReportedPair[] = summary.pairs.map((pair) => {
    const disagrees = pair.status.drift > 0 || pair.status.changes > 0;
    if ((!disagrees && !(wantCoverage && nonMtlsCount(pair) > 0)) || traced >= limit) return { pair };
    traced++;
    // A drift is decided by the current manifests; a change or a coverage gap by the staged ones.
    const snap = pair.status.drift > 0 || !options.staged ? options.current : options.staged;
    const r = evaluateConnection(snap, flowQuery(sampleRecord(pair.sample)), { trace: true });
    return { pair, decidedBy: decidingRef(r), mainReason: mainReason(r.verdict, r.reasons) };
  });
  const report: FlowReport = { summary, staged: options.staged !== undefined, pairs };
  if (wantCoverage) {
    const counts: Record<Verdict, number> = summary.staged ?? summary.predicted;
    const total = summary.flows;
    const mtls = counts.MTLS;
    const percent = total === 0 ? 100 : (mtls / total) * 100;
    report.coverage = {
      threshold: options.minMtlsCoverage!,
      basis: 'flows',
      mtls,
      total,
      percent,
      passed: percent >= options.minMtlsCoverage!,
      nonMtls: pairs.filter((p) => nonMtlsCount(p.pair) > 0),
    };
  }
  return report;
}
