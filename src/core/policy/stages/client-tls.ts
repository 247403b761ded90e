/**
 * Stage 6 (SPEC §3): TLS on the client side. Implicit path: STRICT mTLS, TLS 1.3. Explicit path, by
 * the egress rule's mode: MUTUAL needs a managed peer in the trusted trust domain (else REJECTED);
 * SIMPLE is server-authenticated TLS (an external server by its own PKI); PERMISSIVE is mTLS with a
 * managed peer, else plain TCP.
 */
import type { Step } from '../trace';
import { none, record, ref, reject, type Evaluation, type Wire } from './evaluation';

/** Outcome: what the client puts on the wire (`refused`: it does not connect). */
export function clientTlsStage(ev: Evaluation): Wire {
  if (ev.path === 'implicit') {
    ev.wire = 'mtls';
    ev.mode = 'MUTUAL';
    ev.version = '1.3';
  } else if (ev.path === 'explicit') {
    const mode = ev.egress!.mode;
    const managed = ev.destinationIdentity !== null;
    ev.mode = mode;
    if (mode === 'MUTUAL') {
      if (ev.sameTrustDomain) {
        ev.wire = 'mtls';
        ev.version = '1.3';
      } else {
        ev.wire = 'refused';
        reject(ev, managed ? 'trust-domain-mismatch' : 'peer-unmanaged');
      }
    } else if (mode === 'SIMPLE') {
      if (!managed) {
        ev.wire = 'tls';
        ev.version = '1.2+';
      } else if (ev.sameTrustDomain) {
        ev.wire = 'tls';
        ev.version = '1.3';
      } else {
        ev.wire = 'refused';
        reject(ev, 'trust-domain-mismatch');
      }
    } else if (ev.sameTrustDomain) {
      ev.wire = 'mtls';
      ev.version = '1.3';
    } else {
      ev.wire = 'plain';
      ev.reasons.push('permissive-fallback');
      ev.reasons.push(managed ? 'trust-domain-mismatch' : 'peer-unmanaged');
    }
  }
  if (ev.trace) recordClientTls(ev, ev.trace);
  return ev.wire;
}

/** The step for the decision above (read back from the evaluation's state). */
function recordClientTls(ev: Evaluation, t: Step[]): void {
  if (ev.path === 'implicit') return void record(t, 'tls', 'pass', 'tls-implicit', none(), []);
  if (ev.path === 'none') return void record(t, 'tls', 'skip', 'tls-not-intercepted', none(), []);
  const rule = ev.egress!;
  const srcId = ev.sourceIdentity!;
  const managed = ev.destinationIdentity !== null;
  const refs = [
    ref(
      srcId.origin,
      ...(rule.modeSet
        ? ['spec', 'egress', rule.index, 'connection', 'tls', 'mode']
        : ['spec', 'egress', rule.index]),
    ),
  ];
  const sourceTrustDomain = ev.source.trustDomain;
  const peerTrustDomain = ev.destination ? ev.destination.trustDomain : '';
  const modeSet = rule.modeSet;
  if (rule.mode === 'MUTUAL') {
    if (ev.sameTrustDomain) record(t, 'tls', 'pass', 'tls-mutual', { modeSet }, refs);
    else if (managed)
      record(
        t,
        'tls',
        'fail',
        'tls-mutual-untrusted',
        { modeSet, sourceTrustDomain, peerTrustDomain },
        refs,
        {
          reason: 'trust-domain-mismatch',
        },
      );
    else
      record(t, 'tls', 'fail', 'tls-mutual-unmanaged', { modeSet, endpoint: ev.query.to }, refs, {
        reason: 'peer-unmanaged',
      });
  } else if (rule.mode === 'SIMPLE') {
    if (!managed) record(t, 'tls', 'pass', 'tls-simple-external', none(), refs);
    else if (ev.sameTrustDomain)
      record(t, 'tls', 'pass', 'tls-simple', { spiffeID: ev.destinationSpiffeID! }, refs);
    else
      record(t, 'tls', 'fail', 'tls-simple-untrusted', { sourceTrustDomain, peerTrustDomain }, refs, {
        reason: 'trust-domain-mismatch',
      });
  } else if (ev.sameTrustDomain) record(t, 'tls', 'pass', 'tls-permissive', none(), refs);
  else
    record(
      t,
      'tls',
      'fail',
      'tls-permissive-fallback',
      { peerTrustDomain: managed ? peerTrustDomain : null },
      refs,
      { reason: 'permissive-fallback' },
    );
}
