/**
 * Stage 6 (SPEC §3): TLS on the client side. Implicit path: STRICT mTLS, TLS 1.3. Explicit path, by
 * the egress rule's mode: MUTUAL needs a managed peer in the trusted trust domain (else REJECTED);
 * SIMPLE is server-authenticated TLS (an external server by its own PKI); PERMISSIVE is mTLS with a
 * managed peer, else plain TCP.
 */
import { none, record, ref, reject, type Evaluation, type Wire } from './evaluation';

/** Outcome: what the client puts on the wire (`refused`: it does not connect). */
export function clientTlsStage(ev: Evaluation): Wire {
  const t = ev.trace;
  if (ev.path === 'implicit') {
    ev.wire = 'mtls';
    ev.mode = 'MUTUAL';
    ev.version = '1.3';
    if (t) record(t, 'tls', 'pass', 'tls-implicit', none(), []);
  } else if (ev.path === 'explicit') {
    const rule = ev.egress!;
    const srcId = ev.sourceIdentity!;
    const dstId = ev.destinationIdentity;
    const sameTd = ev.sameTrustDomain;
    const mode = rule.mode;
    ev.mode = mode;
    const modeRefs = () => [
      ref(
        srcId.origin,
        ...(rule.modeSet
          ? ['spec', 'egress', rule.index, 'connection', 'tls', 'mode']
          : ['spec', 'egress', rule.index]),
      ),
    ];
    const srcTd = ev.source.trustDomain;
    const dstTd = ev.destination ? ev.destination.trustDomain : '';
    if (mode === 'MUTUAL') {
      if (sameTd) {
        ev.wire = 'mtls';
        ev.version = '1.3';
        if (t) record(t, 'tls', 'pass', 'tls-mutual', { modeSet: rule.modeSet }, modeRefs());
      } else {
        ev.wire = 'refused';
        const code = dstId ? 'trust-domain-mismatch' : 'peer-unmanaged';
        reject(ev, code);
        if (t) {
          if (dstId)
            record(
              t,
              'tls',
              'fail',
              'tls-mutual-untrusted',
              { modeSet: rule.modeSet, sourceTrustDomain: srcTd, peerTrustDomain: dstTd },
              modeRefs(),
              { reason: code },
            );
          else
            record(
              t,
              'tls',
              'fail',
              'tls-mutual-unmanaged',
              { modeSet: rule.modeSet, endpoint: ev.query.to },
              modeRefs(),
              { reason: code },
            );
        }
      }
    } else if (mode === 'SIMPLE') {
      if (!dstId) {
        ev.wire = 'tls';
        ev.version = '1.2+';
        if (t) record(t, 'tls', 'pass', 'tls-simple-external', none(), modeRefs());
      } else if (sameTd) {
        ev.wire = 'tls';
        ev.version = '1.3';
        if (t) record(t, 'tls', 'pass', 'tls-simple', { spiffeID: ev.destinationSpiffeID! }, modeRefs());
      } else {
        ev.wire = 'refused';
        reject(ev, 'trust-domain-mismatch');
        if (t)
          record(
            t,
            'tls',
            'fail',
            'tls-simple-untrusted',
            { sourceTrustDomain: srcTd, peerTrustDomain: dstTd },
            modeRefs(),
            { reason: 'trust-domain-mismatch' },
          );
      }
    } else if (sameTd) {
      ev.wire = 'mtls';
      ev.version = '1.3';
      if (t) record(t, 'tls', 'pass', 'tls-permissive', none(), modeRefs());
    } else {
      ev.wire = 'plain';
      ev.reasons.push('permissive-fallback');
      ev.reasons.push(dstId ? 'trust-domain-mismatch' : 'peer-unmanaged');
      if (t)
        record(
          t,
          'tls',
          'fail',
          'tls-permissive-fallback',
          { peerTrustDomain: dstId ? dstTd : null },
          modeRefs(),
          { reason: 'permissive-fallback' },
        );
    }
  } else if (t) {
    record(t, 'tls', 'skip', 'tls-not-intercepted', none(), []);
  }
  return ev.wire;
}
