/**
 * Stage 5 (SPEC §3): the path — explicit (an egress rule applies) › implicit (both peers managed in
 * the same trust domain: STRICT mTLS) › none (not intercepted; plain TCP, observed only).
 */
import type { Step } from '../trace';
import type { ConnectionPath } from '../types';
import { none, record, ref, type Evaluation } from './evaluation';

export function pathStage(ev: Evaluation): ConnectionPath {
  const srcId = ev.sourceIdentity;
  const dstId = ev.destinationIdentity;
  const sameTd = dstId !== null && ev.source.trustDomain === ev.destination!.trustDomain;
  const path: ConnectionPath = ev.egress ? 'explicit' : srcId && dstId && sameTd ? 'implicit' : 'none';
  ev.sameTrustDomain = sameTd;
  ev.path = path;
  if (path === 'none') {
    if (!dstId) ev.reasons.push('peer-unmanaged');
    else if (srcId && !sameTd) ev.reasons.push('trust-domain-mismatch');
    if (srcId && !dstId) ev.reasons.push(ev.resolved.services ? 'no-egress-rule' : 'no-service');
  }
  if (ev.trace) recordPath(ev, ev.trace);
  return path;
}

function recordPath(ev: Evaluation, t: Step[]): void {
  const srcId = ev.sourceIdentity;
  const dstId = ev.destinationIdentity;
  const path = ev.path;
  // A missing egress rule matters only when nothing else secures the connection.
  const eg = t.find((s) => s.stage === 'egress-rule' && s.reason === 'no-egress-rule');
  if (eg && path === 'none' && !dstId) eg.outcome = 'fail';
  else if (eg) delete eg.reason;
  if (path === 'explicit')
    record(t, 'path', 'pass', 'path-explicit', { identity: srcId!.key, index: ev.egress!.index }, [
      ref(srcId!.origin, 'spec', 'egress', ev.egress!.index),
    ]);
  else if (path === 'implicit')
    record(t, 'path', 'pass', 'path-implicit', { trustDomain: ev.source.trustDomain }, []);
  else if (!srcId)
    record(t, 'path', 'fail', 'path-none-source-unmanaged', none(), [], { reason: 'no-identity' });
  else if (!dstId)
    record(t, 'path', 'fail', 'path-none-peer-unmanaged', none(), [], { reason: 'peer-unmanaged' });
  else
    record(
      t,
      'path',
      'fail',
      'path-none-trust-domain',
      { sourceTrustDomain: ev.source.trustDomain, peerTrustDomain: ev.destination!.trustDomain },
      ev.destination!.peer.ref ? [ev.destination!.peer.ref] : [],
      { reason: 'trust-domain-mismatch' },
    );
}
