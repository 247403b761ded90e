/**
 * Stage 7 (SPEC §3): authorization, in three steps. Client side: the peer's SPIFFE ID must be in the
 * egress rule's and the source's outbound allowedSPIFFEIDs (when set). Identity confirmation: an
 * announced identity must equal the certificate's SPIFFE SAN. Server side, by the destination's
 * inbound posture: the caller must be in its inbound list and (explicit path only) the port's ingress
 * list; plain TCP or server-only TLS arriving may be refused. Lists a connection cannot check (no
 * certificate) are noted with a reason of effect `note`.
 */
import type { ReasonCode } from '../reasons';
import type { IdentityEntry, WorkloadEntry } from '../snapshot';
import type { Role } from '../trace';
import { none, record, ref, reject, type Evaluation } from './evaluation';

/** Outcome: false when a list of the source refuses the peer. */
export function clientAuthorizationStage(ev: Evaluation): boolean {
  const t = ev.trace;
  const wire = ev.wire;
  const egress = ev.egress;
  const srcId = ev.sourceIdentity;
  const dstSpiffe = ev.destinationSpiffeID;
  let allowed = true;
  // The peer's SPIFFE ID is known only when it presents an SVID.
  if ((wire === 'mtls' || wire === 'tls') && dstSpiffe !== null) {
    let any = false;
    if (egress && egress.allowed) {
      any = true;
      const ok = egress.allowed.has(dstSpiffe);
      if (!ok) {
        allowed = false;
        reject(ev, 'not-allowed-egress');
      }
      if (t) {
        const refs = [ref(srcId!.origin, 'spec', 'egress', egress.index, 'allowedSPIFFEIDs')];
        if (ok)
          record(
            t,
            'client-authorization',
            'pass',
            'egress-list-allowed',
            { spiffeID: dstSpiffe, index: egress.index },
            refs,
          );
        else
          record(
            t,
            'client-authorization',
            'fail',
            'egress-list-denied',
            { spiffeID: dstSpiffe, index: egress.index, allowed: egress.allowed },
            refs,
            { reason: 'not-allowed-egress' },
          );
      }
    }
    if (srcId!.outbound) {
      any = true;
      const ok = srcId!.outbound.has(dstSpiffe);
      if (!ok) {
        allowed = false;
        reject(ev, 'not-allowed-outbound');
      }
      if (t) {
        const refs = [ref(srcId!.origin, 'spec', 'allowedSPIFFEIDs', 'outbound')];
        if (ok)
          record(
            t,
            'client-authorization',
            'pass',
            'outbound-list-allowed',
            { spiffeID: dstSpiffe, identity: srcId!.key },
            refs,
          );
        else
          record(
            t,
            'client-authorization',
            'fail',
            'outbound-list-denied',
            { spiffeID: dstSpiffe, identity: srcId!.key, allowed: srcId!.outbound },
            refs,
            { reason: 'not-allowed-outbound' },
          );
      }
    }
    if (!any && t)
      record(
        t,
        'client-authorization',
        'pass',
        'client-unrestricted',
        { implicit: ev.path === 'implicit' },
        [],
      );
  } else if (wire === 'plain' && srcId && ((egress && egress.allowed) || srcId.outbound)) {
    // Plain TCP: the peer presents no SVID, so the source's lists are bypassed; say which.
    if (egress && egress.allowed) {
      ev.reasons.push('egress-not-checked-plaintext');
      if (t)
        record(
          t,
          'client-authorization',
          'info',
          'egress-list-bypassed',
          { identity: srcId.key, index: egress.index },
          [ref(srcId.origin, 'spec', 'egress', egress.index, 'allowedSPIFFEIDs')],
          { reason: 'egress-not-checked-plaintext' },
        );
    }
    if (srcId.outbound) {
      ev.reasons.push('outbound-not-checked-plaintext');
      if (t)
        record(
          t,
          'client-authorization',
          'info',
          'outbound-list-bypassed',
          { identity: srcId.key },
          [ref(srcId.origin, 'spec', 'allowedSPIFFEIDs', 'outbound')],
          { reason: 'outbound-not-checked-plaintext' },
        );
    }
  } else if (t) {
    record(
      t,
      'client-authorization',
      'skip',
      wire === 'tls' ? 'client-external-server' : 'client-no-svid',
      none(),
      [],
    );
  }
  return allowed;
}

/** The announced identity (if any) must equal the certificate's SPIFFE SAN. */
function confirmIdentity(ev: Evaluation, w: WorkloadEntry, san: string, role: Role): boolean {
  const announced = w.peer.announces;
  const ok = announced === undefined || announced === san;
  const t = ev.trace;
  if (t) {
    const refs = w.peer.ref
      ? [
          {
            origin: w.peer.ref.origin,
            path: `${w.peer.ref.path}${announced === undefined ? '' : '/announces'}`,
          },
        ]
      : [];
    if (ok)
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
  return ok;
}

/** Outcome: false when an announced identity differs from its certificate. */
export function identityConfirmationStage(ev: Evaluation): boolean {
  const wire = ev.wire;
  let confirmed = true;
  if (wire === 'mtls' || wire === 'tls') {
    let checked = false;
    const dst = ev.destination;
    const dstSpiffe = ev.destinationSpiffeID;
    if (dst && dstSpiffe) {
      checked = true;
      if (!confirmIdentity(ev, dst, dstSpiffe, 'destination')) {
        confirmed = false;
        reject(ev, 'identity-mismatch');
      }
    }
    if (wire === 'mtls') {
      checked = true;
      if (!confirmIdentity(ev, ev.source, ev.source.spiffeID!, 'source')) {
        confirmed = false;
        reject(ev, 'identity-mismatch');
      }
    }
    if (!checked && ev.trace)
      record(ev.trace, 'identity-confirmation', 'skip', 'identity-external-server', none(), []);
  } else if (ev.trace) {
    record(ev.trace, 'identity-confirmation', 'skip', 'identity-no-certificates', none(), []);
  }
  return confirmed;
}

/** Outcome: false when the destination refuses the connection. */
export function serverAuthorizationStage(ev: Evaluation): boolean {
  const t = ev.trace;
  const wire = ev.wire;
  const dstId = ev.destinationIdentity;
  if (wire === 'refused') {
    if (t) record(t, 'server-authorization', 'skip', 'server-client-refused', none(), []);
    return true;
  }
  if (!dstId) {
    if (t) record(t, 'server-authorization', 'skip', 'server-unmanaged', none(), []);
    return true;
  }
  let accepted = true;
  const port = ev.query.to.port;
  const posture = dstId.mode;
  const postureRefs = () => [
    ref(dstId.origin, ...(posture ? ['spec', 'connection', 'tls', 'mode'] : ['spec'])),
  ];
  const caller = ev.source.spiffeID!;
  if (wire === 'mtls') {
    let any = false;
    if (dstId.inbound) {
      any = true;
      const ok = dstId.inbound.has(caller);
      if (!ok) {
        accepted = false;
        reject(ev, 'not-allowed-inbound');
      }
      if (t) {
        const refs = [ref(dstId.origin, 'spec', 'allowedSPIFFEIDs', 'inbound')];
        if (ok)
          record(
            t,
            'server-authorization',
            'pass',
            'inbound-list-allowed',
            { spiffeID: caller, identity: dstId.key },
            refs,
          );
        else
          record(
            t,
            'server-authorization',
            'fail',
            'inbound-list-denied',
            { spiffeID: caller, identity: dstId.key, allowed: dstId.inbound },
            refs,
            { reason: 'not-allowed-inbound' },
          );
      }
    }
    const ingress = dstId.ingressByPort.get(port);
    if (ingress && ingress.allowed) {
      const irefs = () => [ref(dstId.origin, 'spec', 'ingress', ingress.index, 'allowedSPIFFEIDs')];
      const params = { spiffeID: caller, identity: dstId.key, index: ingress.index, port };
      if (ev.path === 'explicit') {
        any = true;
        const ok = ingress.allowed.has(caller);
        if (!ok) {
          accepted = false;
          reject(ev, 'not-allowed-ingress');
        }
        if (t) {
          if (ok) record(t, 'server-authorization', 'pass', 'ingress-list-allowed', params, irefs());
          else
            record(t, 'server-authorization', 'fail', 'ingress-list-denied', params, irefs(), {
              reason: 'not-allowed-ingress',
            });
        }
      } else {
        ev.reasons.push('ingress-not-applied-implicit');
        if (t)
          record(
            t,
            'server-authorization',
            'info',
            'ingress-list-not-applied',
            { identity: dstId.key, index: ingress.index, port },
            irefs(),
            { reason: 'ingress-not-applied-implicit' },
          );
      }
    }
    if (!any && t)
      record(
        t,
        'server-authorization',
        'pass',
        'mtls-accepted',
        { identity: dstId.key, posture },
        postureRefs(),
      );
  } else if (wire === 'tls') {
    if (posture === 'MUTUAL') {
      accepted = false;
      reject(ev, 'tls-to-mutual');
      if (t)
        record(
          t,
          'server-authorization',
          'fail',
          'server-tls-to-mutual',
          { identity: dstId.key },
          postureRefs(),
          { reason: 'tls-to-mutual' },
        );
    } else {
      if (t)
        record(
          t,
          'server-authorization',
          'pass',
          'server-tls-accepted',
          { identity: dstId.key, posture },
          postureRefs(),
        );
      noteBypassedLists(ev, dstId, port, 'tls');
    }
  } else if (posture === 'MUTUAL' || posture === 'SIMPLE') {
    const code: ReasonCode = posture === 'MUTUAL' ? 'plaintext-to-mutual' : 'plaintext-to-simple';
    accepted = false;
    reject(ev, code);
    if (t)
      record(
        t,
        'server-authorization',
        'fail',
        'plaintext-refused',
        { identity: dstId.key, posture },
        postureRefs(),
        { reason: code },
      );
  } else {
    if (t)
      record(
        t,
        'server-authorization',
        'pass',
        'plaintext-accepted',
        { identity: dstId.key, posture },
        postureRefs(),
      );
    noteBypassedLists(ev, dstId, port, 'plain');
  }
  return accepted;
}

/**
 * A connection accepted without a client certificate (server-only TLS or plain TCP) bypasses the
 * destination's allowedSPIFFEIDs.inbound and the port's ingress[].allowedSPIFFEIDs: say so, per list.
 */
function noteBypassedLists(ev: Evaluation, dstId: IdentityEntry, port: number, wire: 'tls' | 'plain'): void {
  const t = ev.trace;
  if (dstId.inbound) {
    const code: ReasonCode = wire === 'tls' ? 'inbound-not-checked-tls' : 'inbound-not-checked-plaintext';
    ev.reasons.push(code);
    if (t)
      record(
        t,
        'server-authorization',
        'info',
        'inbound-list-bypassed',
        { identity: dstId.key, wire },
        [ref(dstId.origin, 'spec', 'allowedSPIFFEIDs', 'inbound')],
        { reason: code },
      );
  }
  const ingress = dstId.ingressByPort.get(port);
  if (ingress && ingress.allowed) {
    const code: ReasonCode = wire === 'tls' ? 'ingress-not-checked-tls' : 'ingress-not-checked-plaintext';
    ev.reasons.push(code);
    if (t)
      record(
        t,
        'server-authorization',
        'info',
        'ingress-list-bypassed',
        { identity: dstId.key, index: ingress.index, port, wire },
        [ref(dstId.origin, 'spec', 'ingress', ingress.index, 'allowedSPIFFEIDs')],
        { reason: code },
      );
  }
}
