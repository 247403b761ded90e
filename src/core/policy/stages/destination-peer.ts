/**
 * Stage 4 (SPEC §3): the destination peer — the workload listening on host:port (or the ad-hoc
 * `--to-attr` peer) and the identity that selects it in its daemon's scope. No listener: an external
 * endpoint, which no daemon manages.
 */
import { nearestMisses } from '../near-miss';
import { describeWorkload, isWorkloadEntry, type IdentityEntry } from '../snapshot';
import type { Step } from '../trace';
import { record, recordTie, ref, type Evaluation } from './evaluation';

/** Outcome: the destination's identity, or null when it is not Riptides-managed. */
export function destinationPeerStage(ev: Evaluation): IdentityEntry | null {
  const query = ev.query;
  const toPeer = query.toPeer;
  if (toPeer) ev.destination = isWorkloadEntry(toPeer) ? toPeer : describeWorkload(ev.snapshot, toPeer);
  else {
    const l = ev.resolved.listener;
    if (l) ev.destination = l.workload;
    else ev.external = true;
  }
  const dst = ev.destination;
  const id = dst ? dst.resolution.identity : null;
  ev.destinationIdentity = id;
  ev.destinationSpiffeID = dst && id ? dst.spiffeID : null;
  if (dst && id && dst.resolution.tied.length > 0) ev.reasons.push('ambiguous-identity');
  if (ev.trace) recordDestinationPeer(ev, ev.trace);
  return id;
}

function recordDestinationPeer(ev: Evaluation, t: Step[]): void {
  const endpoint = ev.query.to;
  const dst = ev.destination;
  const id = ev.destinationIdentity;
  if (!dst) {
    const e = ev.snapshot.externals.get(ev.resolved.key);
    record(
      t,
      'destination-peer',
      'info',
      e ? 'peer-external' : 'peer-unknown',
      { endpoint },
      e?.ref ? [e.ref] : [],
    );
    return;
  }
  // The scenario's listen entry the destination was found by.
  const l = ev.query.toPeer ? undefined : ev.resolved.listener;
  const r = dst.peer.ref;
  const listenRef = l && r ? { origin: r.origin, path: `${r.path}/listen/${l.listen}` } : undefined;
  if (!id) {
    record(
      t,
      'destination-peer',
      'info',
      'peer-unselected',
      { peer: dst.peer, endpoint },
      listenRef ? [listenRef] : r ? [r] : [],
      { nearestMisses: nearestMisses(ev.snapshot, dst.peer, null) },
    );
    return;
  }
  record(
    t,
    'destination-peer',
    'pass',
    'peer-selected',
    { peer: dst.peer, endpoint, identity: id.key, spiffeID: ev.destinationSpiffeID! },
    [ref(id.origin, 'spec', 'selectors', dst.resolution.entry), ...(listenRef ? [listenRef] : [])],
  );
  recordTie(t, 'peer-ambiguous', dst.resolution.tied, id);
}
