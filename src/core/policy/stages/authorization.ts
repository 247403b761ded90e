/**
 * Stage 7 (SPEC §3): authorization, in three steps. Client side: the peer's SPIFFE ID must be in the
 * egress rule's and the source's outbound allowedSPIFFEIDs (when set). Identity confirmation: an
 * announced identity must equal the certificate's SPIFFE SAN. Server side, by the destination's
 * inbound posture: the caller must be in its inbound list and (explicit path only) the port's ingress
 * list; plain TCP or server-only TLS arriving may be refused. Lists a connection cannot check (no
 * certificate) are noted with a reason of effect `note`.
 */
import type { IdentityEntry, WorkloadEntry } from '../snapshot';
import type { Role, Step } from '../trace';
import { none, record, ref, reject, type Evaluation } from './evaluation';

/** Outcome: false when a list of the source refuses the peer. */
export function clientAuthorizationStage(ev: Evaluation): boolean {
  const wire = ev.wire;
  const egress = ev.egress;
  const srcId = ev.sourceIdentity;
  const dstSpiffe = ev.destinationSpiffeID;
  let allowed = true;
  // The peer's SPIFFE ID is known only when it presents an SVID.
  if ((wire === 'mtls' || wire === 'tls') && dstSpiffe !== null) {
    if (egress && egress.allowed && !egress.allowed.has(dstSpiffe)) {
      allowed = false;
      reject(ev, 'not-allowed-egress');
    }
    if (srcId!.outbound && !srcId!.outbound.has(dstSpiffe)) {
      allowed = false;
      reject(ev, 'not-allowed-outbound');
    }
  } else if (wire === 'plain' && srcId) {
    // Plain TCP: the peer presents no SVID, so the source's lists are bypassed; say which.
    if (egress && egress.allowed) ev.reasons.push('egress-not-checked-plaintext');
    if (srcId.outbound) ev.reasons.push('outbound-not-checked-plaintext');
  }
  if (ev.trace) recordClientAuthorization(ev, ev.trace);
  return allowed;
}

// Recording is kept out of the stage functions (the verdict-only path stays small enough to
// inline); each reads the decision back from the evaluation's state.
function recordClientAuthorization(ev: Evaluation, t: Step[]): void {
  const wire = ev.wire;
  const egress = ev.egress;
  const srcId = ev.sourceIdentity;
  const spiffeID = ev.destinationSpiffeID;
  if ((wire === 'mtls' || wire === 'tls') && spiffeID !== null) {
    let any = false;
    if (egress && egress.allowed) {
      any = true;
      const refs = [ref(srcId!.origin, 'spec', 'egress', egress.index, 'allowedSPIFFEIDs')];
      if (egress.allowed.has(spiffeID))
        record(
          t,
          'client-authorization',
          'pass',
          'egress-list-allowed',
          { spiffeID, index: egress.index },
          refs,
        );
      else
        record(
          t,
          'client-authorization',
          'fail',
          'egress-list-denied',
          { spiffeID, index: egress.index, allowed: egress.allowed },
          refs,
          { reason: 'not-allowed-egress' },
        );
    }
    if (srcId!.outbound) {
      any = true;
      const refs = [ref(srcId!.origin, 'spec', 'allowedSPIFFEIDs', 'outbound')];
      if (srcId!.outbound.has(spiffeID))
        record(
          t,
          'client-authorization',
          'pass',
          'outbound-list-allowed',
          { spiffeID, identity: srcId!.key },
          refs,
        );
      else
        record(
          t,
          'client-authorization',
          'fail',
          'outbound-list-denied',
          { spiffeID, identity: srcId!.key, allowed: srcId!.outbound },
          refs,
          { reason: 'not-allowed-outbound' },
        );
    }
    if (!any)
      record(
        t,
        'client-authorization',
        'pass',
        'client-unrestricted',
        { implicit: ev.path === 'implicit' },
        [],
      );
  } else if (wire === 'plain' && srcId && ((egress && egress.allowed) || srcId.outbound)) {
    if (egress && egress.allowed)
      record(
        t,
        'client-authorization',
        'info',
        'egress-list-bypassed',
        { identity: srcId.key, index: egress.index },
        [ref(srcId.origin, 'spec', 'egress', egress.index, 'allowedSPIFFEIDs')],
        { reason: 'egress-not-checked-plaintext' },
      );
    if (srcId.outbound)
      record(
        t,
        'client-authorization',
        'info',
        'outbound-list-bypassed',
        { identity: srcId.key },
        [ref(srcId.origin, 'spec', 'allowedSPIFFEIDs', 'outbound')],
        { reason: 'outbound-not-checked-plaintext' },
      );
  } else {
    record(
      t,
      'client-authorization',
      'skip',
      wire === 'tls' ? 'client-external-server' : 'client-no-svid',
      none(),
      [],
    );
  }
}

/** The announced identity (if any) equals the certificate's SPIFFE SAN. */
const announcesOwn = (w: WorkloadEntry, san: string) =>
  w.peer.announces === undefined || w.peer.announces === san;

/** Outcome: false when an announced identity differs from its certificate. */
export function identityConfirmationStage(ev: Evaluation): boolean {
  const wire = ev.wire;
  let confirmed = true;
  if (wire === 'mtls' || wire === 'tls') {
    const dst = ev.destination;
    const san = ev.destinationSpiffeID;
    if (dst && san && !announcesOwn(dst, san)) {
      confirmed = false;
      reject(ev, 'identity-mismatch');
    }
    if (wire === 'mtls' && !announcesOwn(ev.source, ev.source.spiffeID!)) {
      confirmed = false;
      reject(ev, 'identity-mismatch');
    }
  }
  if (ev.trace) recordIdentityConfirmation(ev, ev.trace);
  return confirmed;
}

function recordIdentityConfirmation(ev: Evaluation, t: Step[]): void {
  const wire = ev.wire;
  if (wire !== 'mtls' && wire !== 'tls')
    return void record(t, 'identity-confirmation', 'skip', 'identity-no-certificates', none(), []);
  let checked = false;
  const dst = ev.destination;
  const san = ev.destinationSpiffeID;
  if (dst && san) {
    checked = true;
    recordConfirmation(t, dst, san, 'destination');
  }
  if (wire === 'mtls') {
    checked = true;
    recordConfirmation(t, ev.source, ev.source.spiffeID!, 'source');
  }
  if (!checked) record(t, 'identity-confirmation', 'skip', 'identity-external-server', none(), []);
}

function recordConfirmation(t: Step[], w: WorkloadEntry, san: string, role: Role): void {
  const announced = w.peer.announces;
  const refs = w.peer.ref
    ? [
        {
          origin: w.peer.ref.origin,
          path: `${w.peer.ref.path}${announced === undefined ? '' : '/announces'}`,
        },
      ]
    : [];
  if (announcesOwn(w, san))
    record(
      t,
      'identity-confirmation',
      'pass',
      announced === undefined ? 'identity-presented' : 'identity-announced',
      { role, peer: w.peer, spiffeID: san },
      refs,
    );
  else
    record(
      t,
      'identity-confirmation',
      'fail',
      'identity-announced-mismatch',
      { role, peer: w.peer, spiffeID: san, announced: announced! },
      refs,
      { reason: 'identity-mismatch' },
    );
}

/** Outcome: false when the destination refuses the connection. */
export function serverAuthorizationStage(ev: Evaluation): boolean {
  const wire = ev.wire;
  const dstId = ev.destinationIdentity;
  let accepted = true;
  // Only a managed destination enforces an inbound posture, and only on what the client sends.
  if (wire !== 'refused' && dstId) {
    const port = ev.query.to.port;
    const posture = dstId.mode;
    if (wire === 'mtls') {
      const caller = ev.source.spiffeID!;
      if (dstId.inbound && !dstId.inbound.has(caller)) {
        accepted = false;
        reject(ev, 'not-allowed-inbound');
      }
      const ingress = dstId.ingressByPort.get(port);
      if (ingress && ingress.allowed) {
        if (ev.path !== 'explicit') ev.reasons.push('ingress-not-applied-implicit');
        else if (!ingress.allowed.has(caller)) {
          accepted = false;
          reject(ev, 'not-allowed-ingress');
        }
      }
    } else if (wire === 'tls') {
      if (posture === 'MUTUAL') {
        accepted = false;
        reject(ev, 'tls-to-mutual');
      } else noteBypassedLists(ev, dstId, port, 'tls');
    } else if (posture === 'MUTUAL' || posture === 'SIMPLE') {
      accepted = false;
      reject(ev, posture === 'MUTUAL' ? 'plaintext-to-mutual' : 'plaintext-to-simple');
    } else noteBypassedLists(ev, dstId, port, 'plain');
  }
  if (ev.trace) recordServerAuthorization(ev, ev.trace);
  return accepted;
}

/**
 * A connection accepted without a client certificate (server-only TLS or plain TCP) bypasses the
 * destination's allowedSPIFFEIDs.inbound and the port's ingress[].allowedSPIFFEIDs: say so, per list.
 */
function noteBypassedLists(ev: Evaluation, dstId: IdentityEntry, port: number, wire: 'tls' | 'plain'): void {
  if (dstId.inbound)
    ev.reasons.push(wire === 'tls' ? 'inbound-not-checked-tls' : 'inbound-not-checked-plaintext');
  const ingress = dstId.ingressByPort.get(port);
  if (ingress && ingress.allowed)
    ev.reasons.push(wire === 'tls' ? 'ingress-not-checked-tls' : 'ingress-not-checked-plaintext');
}

function recordServerAuthorization(ev: Evaluation, t: Step[]): void {
  const wire = ev.wire;
  const dstId = ev.destinationIdentity;
  if (wire === 'refused')
    return void record(t, 'server-authorization', 'skip', 'server-client-refused', none(), []);
  if (!dstId) return void record(t, 'server-authorization', 'skip', 'server-unmanaged', none(), []);
  const port = ev.query.to.port;
  const posture = dstId.mode;
  const identity = dstId.key;
  const postureRefs = () => [
    ref(dstId.origin, ...(posture ? ['spec', 'connection', 'tls', 'mode'] : ['spec'])),
  ];
  if (wire === 'mtls') {
    const spiffeID = ev.source.spiffeID!;
    let any = false;
    if (dstId.inbound) {
      any = true;
      const refs = [ref(dstId.origin, 'spec', 'allowedSPIFFEIDs', 'inbound')];
      if (dstId.inbound.has(spiffeID))
        record(t, 'server-authorization', 'pass', 'inbound-list-allowed', { spiffeID, identity }, refs);
      else
        record(
          t,
          'server-authorization',
          'fail',
          'inbound-list-denied',
          { spiffeID, identity, allowed: dstId.inbound },
          refs,
          { reason: 'not-allowed-inbound' },
        );
    }
    const ingress = dstId.ingressByPort.get(port);
    if (ingress && ingress.allowed) {
      const refs = [ref(dstId.origin, 'spec', 'ingress', ingress.index, 'allowedSPIFFEIDs')];
      const params = { spiffeID, identity, index: ingress.index, port };
      if (ev.path !== 'explicit')
        record(
          t,
          'server-authorization',
          'info',
          'ingress-list-not-applied',
          { identity, index: ingress.index, port },
          refs,
          { reason: 'ingress-not-applied-implicit' },
        );
      else {
        any = true;
        if (ingress.allowed.has(spiffeID))
          record(t, 'server-authorization', 'pass', 'ingress-list-allowed', params, refs);
        else
          record(t, 'server-authorization', 'fail', 'ingress-list-denied', params, refs, {
            reason: 'not-allowed-ingress',
          });
      }
    }
    if (!any)
      record(t, 'server-authorization', 'pass', 'mtls-accepted', { identity, posture }, postureRefs());
  } else if (wire === 'tls') {
    if (posture === 'MUTUAL')
      record(t, 'server-authorization', 'fail', 'server-tls-to-mutual', { identity }, postureRefs(), {
        reason: 'tls-to-mutual',
      });
    else {
      record(t, 'server-authorization', 'pass', 'server-tls-accepted', { identity, posture }, postureRefs());
      recordBypassedLists(t, dstId, port, 'tls');
    }
  } else if (posture === 'MUTUAL' || posture === 'SIMPLE')
    record(t, 'server-authorization', 'fail', 'plaintext-refused', { identity, posture }, postureRefs(), {
      reason: posture === 'MUTUAL' ? 'plaintext-to-mutual' : 'plaintext-to-simple',
    });
  else {
    record(t, 'server-authorization', 'pass', 'plaintext-accepted', { identity, posture }, postureRefs());
    recordBypassedLists(t, dstId, port, 'plain');
  }
}

function recordBypassedLists(t: Step[], dstId: IdentityEntry, port: number, wire: 'tls' | 'plain'): void {
  if (dstId.inbound)
    record(
      t,
      'server-authorization',
      'info',
      'inbound-list-bypassed',
      { identity: dstId.key, wire },
      [ref(dstId.origin, 'spec', 'allowedSPIFFEIDs', 'inbound')],
      { reason: wire === 'tls' ? 'inbound-not-checked-tls' : 'inbound-not-checked-plaintext' },
    );
  const ingress = dstId.ingressByPort.get(port);
  if (ingress && ingress.allowed)
    record(
      t,
      'server-authorization',
      'info',
      'ingress-list-bypassed',
      { identity: dstId.key, index: ingress.index, port, wire },
      [ref(dstId.origin, 'spec', 'ingress', ingress.index, 'allowedSPIFFEIDs')],
      { reason: wire === 'tls' ? 'ingress-not-checked-tls' : 'ingress-not-checked-plaintext' },
    );
}
