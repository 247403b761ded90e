/**
 * Stage 4 (SPEC §3): the destination peer — the workload listening on host:port (or the ad-hoc
 * `--to-attr` peer) and the identity that selects it in its daemon's scope. No listener: an external
 * endpoint, which no daemon manages.
 */
import { nearestMisses } from '../near-miss';
import { describeWorkload, type IdentityEntry } from '../snapshot';
import { record, ref, type Evaluation } from './evaluation';

/** Outcome: the destination's identity, or null when it is not Riptides-managed. */
export function destinationPeerStage(ev: Evaluation): IdentityEntry | null {
  const t = ev.trace;
  const query = ev.query;
  if (query.toPeer) ev.destination = describeWorkload(ev.snapshot, query.toPeer);
  else {
    const l = ev.resolved.listener;
    if (l) {
      ev.destination = l.workload;
      const r = l.workload.peer.ref;
      if (t && r) ev.listenRef = { origin: r.origin, path: `${r.path}/listen/${l.listen}` };
    } else ev.external = true;
  }
  const dst = ev.destination;
  const id = dst ? dst.resolution.identity : null;
  ev.destinationIdentity = id;
  ev.destinationSpiffeID = dst && id ? dst.spiffeID : null;
  if (dst && id && dst.resolution.tied.length > 0) ev.reasons.push('ambiguous-identity');
  if (t) {
    const endpoint = query.to;
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
    } else if (!id) {
      record(
        t,
        'destination-peer',
        'info',
        'peer-unselected',
        { peer: dst.peer, endpoint },
        ev.listenRef ? [ev.listenRef] : dst.peer.ref ? [dst.peer.ref] : [],
        { nearestMisses: nearestMisses(ev.snapshot, dst.peer, null) },
      );
    } else {
      record(
        t,
        'destination-peer',
        'pass',
        'peer-selected',
        { peer: dst.peer, endpoint, identity: id.key, spiffeID: ev.destinationSpiffeID! },
        [ref(id.origin, 'spec', 'selectors', dst.resolution.entry), ...(ev.listenRef ? [ev.listenRef] : [])],
      );
      if (dst.resolution.tied.length > 0)
        record(
          t,
          'destination-peer',
          'info',
          'peer-ambiguous',
          { tied: dst.resolution.tied.map((i) => i.key), chosen: id.key },
          dst.resolution.tied.map((i) => ref(i.origin, 'spec', 'selectors')),
          { reason: 'ambiguous-identity' },
        );
    }
  }
  return id;
}
