/**
 * Many connections at once: the scenario's `connections`, or every workload × every endpoint;
 * expectations, coverage and change impact against a baseline. Pure: callers supply snapshots.
 */
import type { Verdict } from '../manifest/types';
import { evaluateConnection } from './evaluate';
import { mainReason, type ReasonCode } from './reasons';
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

export interface SimulatedPair extends PlannedPair {
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

export interface VerdictChange {
  from: string;
  to: string;
  before: Verdict;
  after: Verdict;
  regression: boolean;
  reason: ReasonCode | null;
}

export interface Simulation {
  /** Every endpoint of the matrix, in order: listen addresses, external endpoints, Service addresses. */
  endpoints: string[];
  workloads: string[];
  pairs: SimulatedPair[];
  summary: Record<Verdict, number> & { expectations: { passed: number; failed: number } };
  coverage: Coverage;
}

const text = (e: Endpoint) => `${e.address}:${e.port}`;

/** Every endpoint the matrix has a column for, deduplicated by address:port. */
export function listEndpoints(snapshot: Snapshot): Endpoint[] {
  const seen = new Set<string>();
  const out: Endpoint[] = [];
  const add = (e: Endpoint) => {
    const k = endpointKey(e.address, e.port);
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ address: e.address, port: e.port });
  };
  for (const w of snapshot.workloads) for (const l of w.peer.listen ?? []) add(l);
  for (const e of snapshot.externals.values()) add(e);
  for (const s of snapshot.services) for (const a of s.resource.spec.addresses ?? []) add(a);
  return out;
}

/** The pairs to evaluate: the scenario's connections, or every workload × every other endpoint. */
export function planPairs(snapshot: Snapshot, connections: PlannedPair[] | undefined): PlannedPair[] {
  if (connections && connections.length > 0) return connections;
  const endpoints = listEndpoints(snapshot);
  const pairs: PlannedPair[] = [];
  for (const w of snapshot.workloads) {
    for (const e of endpoints) {
      if (snapshot.listeners.get(endpointKey(e.address, e.port))?.workload === w) continue;
      pairs.push({ from: w.peer.name!, to: e });
    }
  }
  return pairs;
}

export interface SimulateOptions {
  /** Build traces and fixes for every pair (JSON output). */
  trace?: boolean;
  /** Called every 65,536 pairs (and at the end) so the CLI can show progress on a terminal. */
  onProgress?: (done: number, total: number) => void;
}

export function simulate(
  snapshot: Snapshot,
  planned: PlannedPair[],
  options: SimulateOptions = {},
): Simulation {
  const summary: Simulation['summary'] = {
    MTLS: 0,
    TLS: 0,
    PLAINTEXT: 0,
    REJECTED: 0,
    expectations: { passed: 0, failed: 0 },
  };
  const pairs: SimulatedPair[] = [];
  const resolved = new Map<Endpoint, ResolvedEndpoint>();
  for (const p of planned) {
    let to = resolved.get(p.to);
    if (!to) resolved.set(p.to, (to = resolveEndpoint(snapshot, p.to)));
    const result = evaluateConnection(snapshot, { from: p.from, to }, { trace: options.trace === true });
    summary[result.verdict]++;
    const pair: SimulatedPair = { ...p, toText: text(p.to), result };
    if (p.expect) {
      pair.expectation = result.verdict === p.expect ? 'passed' : 'failed';
      summary.expectations[pair.expectation]++;
    }
    pairs.push(pair);
    if (options.onProgress && (pairs.length & 0xffff) === 0) options.onProgress(pairs.length, planned.length);
  }
  options.onProgress?.(pairs.length, planned.length);
  return {
    endpoints: listEndpoints(snapshot).map(text),
    workloads: snapshot.workloads.map((w) => w.peer.name!),
    pairs,
    summary,
    coverage: computeCoverage(snapshot, planned),
  };
}

const share = (n: number, d: number) => (d === 0 ? 1 : Math.round((n / d) * 1000) / 1000);

/** Share of endpoints and of (source identity, destination identity) pairs that have an expectation. */
export function computeCoverage(snapshot: Snapshot, planned: PlannedPair[]): Coverage {
  const endpoints = listEndpoints(snapshot);
  const endpointKeys = new Set(endpoints.map((e) => endpointKey(e.address, e.port)));
  const expected = planned.filter((p) => p.expect);
  const coveredEndpoints = new Set(
    expected.map((p) => endpointKey(p.to.address, p.to.port)).filter((k) => endpointKeys.has(k)),
  );

  // Identity pairs: a managed source workload and a managed listener (not the same workload).
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
  let total = 0;
  const universe = new Set<string>();
  for (const [sk, sw] of sources) {
    for (const [tk, tw] of targets) {
      const onlySelf = sw.size === 1 && tw.size === 1 && [...sw][0] === [...tw][0];
      if (onlySelf) continue;
      total++;
      universe.add(sk + '\0' + tk);
    }
  }
  const coveredPairs = new Set<string>();
  for (const p of expected) {
    const w = snapshot.workloadsByName.get(p.from);
    const l = snapshot.listeners.get(endpointKey(p.to.address, p.to.port));
    const a = w?.resolution.identity;
    const b = l?.workload.resolution.identity;
    if (a && b && universe.has(a.key + '\0' + b.key)) coveredPairs.add(a.key + '\0' + b.key);
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

const SECURE = new Set<Verdict>(['MTLS', 'TLS']);

/** Every pair whose verdict differs from the baseline's; a regression loses (m)TLS or becomes REJECTED. */
export function compareSimulations(baseline: Simulation, current: Simulation): VerdictChange[] {
  const before = new Map(
    baseline.pairs.map((p) => [`${p.from}\0${endpointKey(p.to.address, p.to.port)}`, p.result.verdict]),
  );
  const changes: VerdictChange[] = [];
  for (const p of current.pairs) {
    const b = before.get(`${p.from}\0${endpointKey(p.to.address, p.to.port)}`);
    const after = p.result.verdict;
    if (b === undefined || b === after) continue;
    const regression = (SECURE.has(b) && !SECURE.has(after)) || (after === 'REJECTED' && b !== 'REJECTED');
    changes.push({
      from: p.from,
      to: p.toText,
      before: b,
      after,
      regression,
      reason: mainReason(after, p.result.reasons) ?? null,
    });
  }
  return changes;
}
