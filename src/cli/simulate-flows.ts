/**
 * `simulate --flows FILE|-`: replay observed flows against the manifests, streaming (constant memory,
 * bounded cache), with `changes` against a staged set, an mTLS coverage gate and --fail-on.
 * Which manifests are "current" and which "staged": --baseline B -f S → B and S; --live -f S → the
 * control plane's resources and those overlaid with S; otherwise -f (or --live) alone is current.
 */
import { usageError } from '../core/errors';
import { buildFlowReport, decidingRef, FlowReplay, type FlowReport } from '../core/flows';
import type { LocatedResource } from '../core/manifest/located';
import { buildSnapshot, type Simulation, type Snapshot } from '../core/policy';
import { pairCoverageGate, type PairCoverageGate } from '../core/policy/mtls-coverage';
import { flowSourceName, readLines } from '../io/flow-lines';
import type { FlowFailure } from '../printers/simulate-flows';
import type { SimulateFlowsResult } from '../printers/simulate-result';
import type { ConnectionFlagValues } from './context';
import { flowTrustDomain } from './explain-flow';
import { replaySink, startParallelScan, type ParallelScan } from './flow-scan-parallel';
import { loadPolicyInputs } from './load-policy-inputs';

export type FailOn = 'drift' | 'changes' | 'any';

export interface SimulateFlowsFlags {
  /** A file or `-`; undefined with `flowsLive`. */
  flows?: string;
  'flows-live'?: boolean;
  since?: string;
  filename?: string[];
  recursive?: boolean;
  live?: boolean;
  baseline?: string[];
  'trust-domain'?: string;
  'fail-on'?: FailOn;
  'min-mtls-coverage'?: number;
  output: string;
}

export interface SimulateFlowsIo {
  connection: ConnectionFlagValues;
}

async function loadSets(flags: SimulateFlowsFlags, io: SimulateFlowsIo) {
  const files = flags.filename ?? [];
  if (flags.baseline) {
    if (files.length === 0)
      throw usageError('--baseline compares with the staged manifests: give them with -f');
    const base = await loadPolicyInputs(flags.baseline, { recursive: flags.recursive });
    const staged = await loadPolicyInputs(files, {
      recursive: flags.recursive,
      live: flags.live ? io.connection : undefined,
    });
    return {
      current: base.resources,
      staged: staged.resources,
      live: staged.liveTrustDomain,
      warnings: base.warnings.length + staged.warnings.length,
    };
  }
  if (flags.live && files.length > 0) {
    const live = await loadPolicyInputs([], { live: io.connection });
    const staged = await loadPolicyInputs(files, { recursive: flags.recursive, live: io.connection });
    return {
      current: live.resources,
      staged: staged.resources,
      live: live.liveTrustDomain,
      warnings: staged.warnings.length,
    };
  }
  const one = await loadPolicyInputs(files, {
    recursive: flags.recursive,
    live: flags.live ? io.connection : undefined,
  });
  return {
    current: one.resources,
    staged: undefined,
    live: one.liveTrustDomain,
    warnings: one.warnings.length,
  };
}

const snapshotOf = (resources: readonly LocatedResource[], trustDomain: string): Snapshot =>
  buildSnapshot(resources, { trustDomain, workloads: [], external: [] });

/**
 * Replay an NDJSON flow file or stdin into `replay` on this thread (replaySink: the fast path, else
 * parseFlowLine, which gives the errors); `onProgress` is called at most a few times a second.
 */
export async function replayFlowSource(
  source: string,
  replay: FlowReplay,
  onProgress?: (lines: number) => void,
): Promise<void> {
  await readLines(source, replaySink(replay, onProgress));
}

/**
 * The replay allocates short-lived garbage at a high rate (records of disagreeing flows, keys), and
 * V8 answers by doubling the young generation up to its maximum (--max-semi-space-size): on the
 * 2,000-workload set that was ≈ 110 MiB of the 320 MiB peak RSS, most of it committed and empty.
 * With a growth factor of 1 the young generation stays at its initial size (measured: the same CPU
 * time within the machine's noise). Node applies --max-semi-space-size only at start-up, but V8 reads
 * the growth factor when it grows the space, so setting it here works.
 */
function keepYoungGenerationSmall(): void {
  if (process.env.RIPTIDES_FLOW_YOUNG_GROWTH === '0') return;
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--semi-space-growth-factor=1');
}

export async function runSimulateFlows(
  flags: SimulateFlowsFlags,
  io: SimulateFlowsIo,
): Promise<SimulateFlowsResult> {
  if (flags.flows === '-' && flags.filename?.includes('-'))
    throw usageError('--flows - and -f - both read stdin; put the manifests or the flows in a file');
  if (!['text', 'table', 'json', 'sarif'].includes(flags.output))
    throw usageError(`-o ${flags.output} is not an output of simulate --flows`, [
      'use -o text, -o json or -o sarif',
    ]);
  const pct = flags['min-mtls-coverage'];
  if (pct !== undefined && (!(pct >= 0) || pct > 100))
    throw usageError(`--min-mtls-coverage ${pct}: give a percentage 0–100`);
  keepYoungGenerationSmall();
  // On worker threads when asked for (RIPTIDES_FLOW_THREADS): they scan while this one loads the manifests.
  const parallel = flags['flows-live'] ? undefined : startParallelScan(flags.flows!);
  try {
    return await replayAndReport(flags, io, parallel);
  } finally {
    await parallel?.close();
  }
}

async function replayAndReport(
  flags: SimulateFlowsFlags,
  io: SimulateFlowsIo,
  parallel: ParallelScan | undefined,
): Promise<SimulateFlowsResult> {
  const pct = flags['min-mtls-coverage'];
  const sets = await loadSets(flags, io);
  if (flags['fail-on'] === 'changes' && !sets.staged)
    throw usageError(
      '--fail-on changes needs a staged set: --baseline CURRENT -f STAGED, or --live -f STAGED',
    );
  const td = flowTrustDomain(flags['trust-domain'], sets.live, [...sets.current, ...(sets.staged ?? [])]);
  const current = snapshotOf(sets.current, td);
  const staged = sets.staged ? snapshotOf(sets.staged, td) : undefined;
  const replay = new FlowReplay({ current, staged });
  const tty = process.stderr.isTTY === true;
  const progress = tty
    ? (n: number) => process.stderr.write(`\rreplaying flows: ${n.toLocaleString('en-US')}`)
    : undefined;
  if (flags['flows-live']) {
    const { replayLiveFlows, parseSince } = require('./live-flows') as typeof import('./live-flows');
    await replayLiveFlows(io.connection, replay, parseSince(flags.since, new Date()), progress);
  } else if (parallel) await parallel.replay(replay, progress);
  else await replayFlowSource(flags.flows!, replay, progress);
  if (tty) process.stderr.write('\r\x1b[K');
  const report = buildFlowReport(replay.finish(), { current, staged, minMtlsCoverage: pct });
  const source = flags['flows-live'] ? 'the control plane' : flowSourceName(flags.flows!);
  return {
    kind: 'flows',
    report,
    source,
    warnings: sets.warnings,
    failures: failures(report, flags['fail-on']),
  };
}

/** Why the replay fails (exit 1): invalid records, --fail-on statuses, coverage below the gate. */
function failures(report: FlowReport, fo: FailOn | undefined): FlowFailure[] {
  const s = report.summary;
  const failed: FlowFailure[] = [];
  if (s.invalid > 0) failed.push({ kind: 'invalid-records', count: s.invalid });
  if ((fo === 'drift' || fo === 'any') && s.status.drift > 0)
    failed.push({ kind: 'drift', count: s.status.drift });
  if ((fo === 'changes' || fo === 'any') && s.status.changes > 0)
    failed.push({ kind: 'changes', count: s.status.changes });
  if (report.coverage && !report.coverage.passed)
    failed.push({
      kind: 'coverage',
      percent: report.coverage.percent,
      threshold: report.coverage.threshold,
    });
  return failed;
}

/**
 * `--min-mtls-coverage` of a scenario simulation: the share of predicted pairs that are MTLS. The
 * printer reports it on stderr (the matrix, JSON or graph on stdout keep their shape); below the
 * gate, exit 1.
 */
export function checkPairCoverage(snapshot: Snapshot, sim: Simulation, threshold: number): PairCoverageGate {
  return pairCoverageGate(snapshot, sim, threshold, decidingRef);
}
