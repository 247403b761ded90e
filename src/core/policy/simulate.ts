/**
 * Many connections at once: the scenario's `connections`, or every workload × every endpoint;
 * expectations, coverage and change impact against a baseline. Pure: callers supply snapshots.
 * A plan is compact (index arrays), verdicts and main reasons are kept for every pair in typed
 * arrays, and full results only for the pairs a printer needs — 4 million pairs fit in ~100 MB.
 */
import type { Verdict } from '../manifest/types';
import { VERDICTS } from '../manifest/types';
import { canonicalHost, formatEndpoint } from './endpoint';
import { evaluateConnection } from './evaluate';
import { mainReason, REASONS, type ReasonCode } from './reasons';
import {
  endpointKey,
  resolveEndpoint,
  type ResolvedEndpoint,
  type Snapshot,
  type WorkloadEntry,
} from './snapshot';
import type { ConnectionResult, Endpoint, LazyRef } from './types';

export interface PlannedPair {
  from: string;
  to: Endpoint;
  expect?: Verdict;
  /** The scenario's `connections[i]`, when the pair came from there. */
  ref?: LazyRef;
}

/** The pairs to evaluate, as indexes into `workloads` and `endpoints` (independent of any snapshot). */
export interface PairPlan {
  workloads: string[];
  endpoints: Endpoint[];
  from: Uint32Array;
  to: Uint32Array;
  /** Per pair, when the pairs came from the scenario's connections. */
  expect: (Verdict | undefined)[] | null;
  refs: (LazyRef | undefined)[] | null;
}

export interface SimulatedPair extends PlannedPair {
  /** Index of the pair in the plan. */
  index: number;
  /** `host:port` as written. */
  toText: string;
  result: ConnectionResult;
  /** Undefined when the pair has no expectation. */
  expectation?: 'passed' | 'failed';
}

export interface Coverage {
  endpoints: { total: number; withExpectation: number; share: number };
  identityPairs: { total: number; withExpectation: number; share: number };
}

/**
 * What a verdict change does (docs/explain.md, "Change impact"): `security` newly admits a connection
 * or lowers its protection; `availability` newly refuses one; `improvement` raises protection.
 */
export type ChangeKind = 'security' | 'availability' | 'improvement';

/** The kinds `--fail-on-regression` can gate on; `any` is both. */
export type RegressionGate = 'security' | 'availability' | 'any';

export interface VerdictChange {
  from: string;
  to: string;
  before: Verdict;
  after: Verdict;
  /** True for a security or an availability regression. */
  regression: boolean;
  kind: ChangeKind;
  reason: ReasonCode | null;
}

export interface Simulation {
  plan: PairPlan;
  /** Every endpoint of the matrix, in order: listen addresses, external endpoints, Service addresses. */
  endpoints: string[];
  workloads: string[];
  /** Number of pairs evaluated. */
  total: number;
  /** Index into VERDICTS, per pair. */
  verdicts: Uint8Array;
  /** Index into REASONS of the main reason (255: none), per pair. */
  reasons: Uint8Array;
  /** Pairs kept with their full result: all of them, or (retain 'notable') expectations and a sample of non-MTLS pairs. */
  pairs: SimulatedPair[];
  /** Non-MTLS pairs without an expectation that were not kept (retain 'notable'). */
  omitted: number;
  summary: Record<Verdict, number> & { expectations: { passed: number; failed: number } };
  coverage: Coverage;
}

const text = (e: Endpoint) => formatEndpoint(e.address, e.port);
const NO_REASON = 255;
const reasonIndex = new Map<string, number>(REASONS.map((r, i) => [r.code, i]));
const verdictIndex = new Map<Verdict, number>(VERDICTS.map((v, i) => [v, i]));

/** Every endpoint the matrix has a column for, deduplicated by address:port. */
export function listEndpoints(snapshot: Snapshot): Endpoint[] {
  const seen = new Set<string>();
  const out: Endpoint[] = [];
  const add = (e: Endpoint) => {
    const k = endpointKey(e.address, e.port);
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ address: canonicalHost(e.address), port: e.port });
  };
  for (const w of snapshot.workloads) for (const l of w.peer.listen ?? []) add(l);
  for (const e of snapshot.externals.values()) add(e);
  for (const s of snapshot.services) for (const a of s.resource.spec.addresses ?? []) add(a);
  return out;
}

/** The scenario's connections, or every workload × every endpoint except its own listen addresses. */
export function planPairs(snapshot: Snapshot, connections: PlannedPair[] | undefined): PairPlan {
  const endpoints = listEndpoints(snapshot);
  const workloads = snapshot.workloads.map((w) => w.peer.name!);
  if (connections && connections.length > 0) {
    const wIndex = new Map(workloads.map((w, i) => [w, i]));
    const eIndex = new Map(endpoints.map((e, i) => [endpointKey(e.address, e.port), i]));
    const from = new Uint32Array(connections.length);
    const to = new Uint32Array(connections.length);
    connections.forEach((c, i) => {
      from[i] = wIndex.get(c.from)!;
      const k = endpointKey(c.to.address, c.to.port);
      let e = eIndex.get(k);
      if (e === undefined) {
        e = endpoints.length;
        endpoints.push({ address: canonicalHost(c.to.address), port: c.to.port });
        eIndex.set(k, e);
      }
      to[i] = e;
    });
    return {
      workloads,
      endpoints,
      from,
      to,
      expect: connections.map((c) => c.expect),
      refs: connections.map((c) => c.ref),
    };
  }
  const listenerOf = endpoints.map((e) => snapshot.listeners.get(endpointKey(e.address, e.port))?.workload);
  let n = 0;
  for (const w of snapshot.workloads) for (const l of listenerOf) if (l !== w) n++;
  const from = new Uint32Array(n);
  const to = new Uint32Array(n);
  let i = 0;
  snapshot.workloads.forEach((w, wi) => {
    for (let ei = 0; ei < endpoints.length; ei++) {
      if (listenerOf[ei] === w) continue;
      from[i] = wi;
      to[i] = ei;
      i++;
    }
  });
  return { workloads, endpoints, from, to, expect: null, refs: null };
}

export interface SimulateOptions {
  /** Build traces and fixes for the kept pairs (JSON output). */
  trace?: boolean;
  /** `all` (default): keep every pair's result; `notable`: expectations and up to `sample` non-MTLS pairs. */
  retain?: 'all' | 'notable';
  sample?: number;
  /** Called every 65,536 pairs (and at the end) so the CLI can show progress on a terminal. */
  onProgress?: (done: number, total: number) => void;
}

export function simulate(snapshot: Snapshot, plan: PairPlan, options: SimulateOptions = {}): Simulation {
  const total = plan.from.length;
  const summary: Simulation['summary'] = {
    MTLS: 0,
    TLS: 0,
    PLAINTEXT: 0,
    REJECTED: 0,
    expectations: { passed: 0, failed: 0 },
  };
  const verdicts = new Uint8Array(total);
  const reasons = new Uint8Array(total);
  const froms: (WorkloadEntry | undefined)[] = plan.workloads.map((w) => snapshot.workloadsByName.get(w));
  const tos: ResolvedEndpoint[] = plan.endpoints.map((e) => resolveEndpoint(snapshot, e));
  const keepAll = options.retain !== 'notable';
  const sample = options.sample ?? 200;
  const pairs: SimulatedPair[] = [];
  let omitted = 0;
  let sampled = 0;
  for (let i = 0; i < total; i++) {
    const from = froms[plan.from[i]];
    const to = tos[plan.to[i]];
    const expect = plan.expect?.[i];
    const fast = !keepAll && expect === undefined;
    let result = evaluateConnection(
      snapshot,
      { from: from ?? plan.workloads[plan.from[i]], to },
      { trace: options.trace === true && !fast },
    );
    summary[result.verdict]++;
    verdicts[i] = verdictIndex.get(result.verdict)!;
    const main = result.verdict === 'MTLS' ? undefined : mainReason(result.verdict, result.reasons);
    reasons[i] = main === undefined ? NO_REASON : reasonIndex.get(main)!;
    let expectation: SimulatedPair['expectation'];
    if (expect) {
      expectation = result.verdict === expect ? 'passed' : 'failed';
      summary.expectations[expectation]++;
    }
    let keep = keepAll || expect !== undefined;
    if (!keep && result.verdict !== 'MTLS') {
      if (sampled < sample) {
        keep = true;
        sampled++;
        if (options.trace) result = evaluateConnection(snapshot, { from: from!, to }, { trace: true });
      } else omitted++;
    }
    if (keep) {
      const pair: SimulatedPair = {
        index: i,
        from: plan.workloads[plan.from[i]],
        to: plan.endpoints[plan.to[i]],
        toText: text(plan.endpoints[plan.to[i]]),
        result,
      };
      if (expect) {
        pair.expect = expect;
        pair.expectation = expectation;
      }
      const ref = plan.refs?.[i];
      if (ref) pair.ref = ref;
      pairs.push(pair);
    }
    if (options.onProgress && ((i + 1) & 0xffff) === 0) options.onProgress(i + 1, total);
  }
  options.onProgress?.(total, total);
  return {
    plan,
    endpoints: plan.endpoints.map(text),
    workloads: plan.workloads,
    total,
    verdicts,
    reasons,
    pairs,
    omitted,
    summary,
    coverage: computeCoverage(snapshot, plan),
  };
}

const share = (n: number, d: number) => (d === 0 ? 1 : Math.round((n / d) * 1000) / 1000);

/**
 * Share of endpoints and of (source identity, destination identity) pairs that have an expectation.
 * Identity pairs: a managed scenario workload's identity × a managed listener's identity, except a
 * pair only reachable as a workload with itself.
 */
export function computeCoverage(snapshot: Snapshot, plan: PairPlan): Coverage {
  const endpoints = listEndpoints(snapshot);
  const endpointKeys = new Set(endpoints.map((e) => endpointKey(e.address, e.port)));
  const coveredEndpoints = new Set<string>();
  const sources = new Map<string, Set<WorkloadEntry>>();
  for (const w of snapshot.workloads) {
    const id = w.resolution.identity;
    if (!id) continue;
    let s = sources.get(id.key);
    if (!s) sources.set(id.key, (s = new Set()));
    s.add(w);
  }
  const targets = new Map<string, Set<WorkloadEntry>>();
  for (const e of endpoints) {
    const l = snapshot.listeners.get(endpointKey(e.address, e.port));
    const id = l?.workload.resolution.identity;
    if (!l || !id) continue;
    let s = targets.get(id.key);
    if (!s) targets.set(id.key, (s = new Set()));
    s.add(l.workload);
  }
  const onlySelf = (a: string, b: string) => {
    const sw = sources.get(a)!;
    const tw = targets.get(b)!;
    return sw.size === 1 && tw.size === 1 && [...sw][0] === [...tw][0];
  };
  let total = sources.size * targets.size;
  for (const a of sources.keys()) if (targets.has(a) && onlySelf(a, a)) total--;
  const coveredPairs = new Set<string>();
  if (plan.expect) {
    for (let i = 0; i < plan.from.length; i++) {
      if (!plan.expect[i]) continue;
      const e = plan.endpoints[plan.to[i]];
      const k = endpointKey(e.address, e.port);
      if (endpointKeys.has(k)) coveredEndpoints.add(k);
      const a = snapshot.workloadsByName.get(plan.workloads[plan.from[i]])?.resolution.identity?.key;
      const b = snapshot.listeners.get(k)?.workload.resolution.identity?.key;
      if (a && b && sources.has(a) && targets.has(b) && !onlySelf(a, b)) coveredPairs.add(a + '\0' + b);
    }
  }
  return {
    endpoints: {
      total: endpoints.length,
      withExpectation: coveredEndpoints.size,
      share: share(coveredEndpoints.size, endpoints.length),
    },
    identityPairs: { total, withExpectation: coveredPairs.size, share: share(coveredPairs.size, total) },
  };
}

/** How much a verdict protects an admitted connection: PLAINTEXT < TLS < MTLS. */
const PROTECTION: Record<Exclude<Verdict, 'REJECTED'>, number> = { PLAINTEXT: 0, TLS: 1, MTLS: 2 };

/**
 * Classify one verdict change (before ≠ after). Becoming REJECTED newly refuses a connection
 * (availability); leaving REJECTED newly admits one, whatever its protection (security); between
 * admitted verdicts, less protection is a security regression and more is an improvement.
 */
export function classifyChange(before: Verdict, after: Verdict): ChangeKind {
  if (after === 'REJECTED') return 'availability';
  if (before === 'REJECTED') return 'security';
  return PROTECTION[after] < PROTECTION[before] ? 'security' : 'improvement';
}

/** Whether a change trips `--fail-on-regression GATE`. */
export function failsGate(change: VerdictChange, gate: RegressionGate): boolean {
  if (change.kind === 'improvement') return false;
  return gate === 'any' || change.kind === gate;
}

/** Number of security and availability regressions among the changes. */
export function countRegressions(changes: readonly VerdictChange[]): {
  security: number;
  availability: number;
} {
  let security = 0;
  let availability = 0;
  for (const c of changes) {
    if (c.kind === 'security') security++;
    else if (c.kind === 'availability') availability++;
  }
  return { security, availability };
}

/**
 * Every pair whose verdict differs from the baseline's (both simulated with the same plan), each
 * classified by `classifyChange`.
 */
export function compareSimulations(baseline: Simulation, current: Simulation): VerdictChange[] {
  const changes: VerdictChange[] = [];
  const plan = current.plan;
  for (let i = 0; i < current.total; i++) {
    if (baseline.verdicts[i] === current.verdicts[i]) continue;
    const before = VERDICTS[baseline.verdicts[i]];
    const after = VERDICTS[current.verdicts[i]];
    const kind = classifyChange(before, after);
    const r = current.reasons[i];
    changes.push({
      from: plan.workloads[plan.from[i]],
      to: text(plan.endpoints[plan.to[i]]),
      before,
      after,
      regression: kind !== 'improvement',
      kind,
      reason: r === NO_REASON ? null : REASONS[r].code,
    });
  }
  return changes;
}
