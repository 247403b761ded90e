/**
 * Stage 1 (SPEC §3): the source's identity — the WorkloadIdentity whose scope covers the source's
 * daemon and whose selectors match it best (resolved once per workload in the snapshot); a tie is
 * `ambiguous-identity`, none is `no-identity` with the nearest misses.
 */
import { nearestMisses } from '../near-miss';
import {
  describeWorkload,
  isWorkloadEntry,
  type IdentityEntry,
  type Snapshot,
  type WorkloadEntry,
} from '../snapshot';
import type { ConnectionQuery } from '../decision';
import type { Step } from '../trace';
import { record, recordTie, ref, type Evaluation } from './evaluation';

export class UnknownWorkloadError extends Error {
  constructor(
    readonly workload: string,
    readonly known: string[],
  ) {
    super(`no workload named "${workload}" in the scenario`);
  }
}

/** The source as a resolved workload: a scenario workload by name, or an ad-hoc peer. */
export function resolveSource(snapshot: Snapshot, from: ConnectionQuery['from']): WorkloadEntry {
  if (typeof from === 'string') {
    const w = snapshot.workloadsByName.get(from);
    if (!w) throw new UnknownWorkloadError(from, [...snapshot.workloadsByName.keys()]);
    return w;
  }
  return isWorkloadEntry(from) ? from : describeWorkload(snapshot, from);
}

/** Outcome: the source's identity, or null when no WorkloadIdentity selects it. */
export function sourceIdentityStage(ev: Evaluation): IdentityEntry | null {
  const src = ev.source;
  const id = src.resolution.identity;
  ev.sourceIdentity = id;
  if (!id) ev.reasons.push('no-identity');
  else if (src.resolution.tied.length > 0) ev.reasons.push('ambiguous-identity');
  if (ev.trace) recordSourceIdentity(ev, ev.trace);
  return id;
}

// Recording is kept out of the stage function: the verdict-only path stays small enough to inline.
function recordSourceIdentity(ev: Evaluation, t: Step[]): void {
  const src = ev.source;
  const id = ev.sourceIdentity;
  const peerRefs = src.peer.ref ? [src.peer.ref] : [];
  if (!id) {
    record(t, 'source-identity', 'fail', 'source-unselected', { peer: src.peer }, peerRefs, {
      reason: 'no-identity',
      nearestMisses: nearestMisses(ev.snapshot, src.peer, null),
    });
    return;
  }
  record(
    t,
    'source-identity',
    'pass',
    'source-selected',
    {
      peer: src.peer,
      identity: id.key,
      spiffeID: src.spiffeID!,
      entry: src.resolution.entry,
      score: src.resolution.score,
      scope: id.scope,
    },
    [
      ref(id.origin, 'spec', 'selectors', src.resolution.entry),
      ...(id.scope ? [ref(id.origin, 'spec', 'scope')] : []),
      ...peerRefs,
    ],
  );
  recordTie(t, 'source-ambiguous', src.resolution.tied, id);
}
