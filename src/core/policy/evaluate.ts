/**
 * SPEC §3: evaluate one connection against a snapshot, as a pipeline of one function per stage
 * (./stages). One code path serves both the verdict-only mode (simulate: millions of pairs) and the
 * traced mode (explain): steps are recorded only when tracing, as data (trace.ts) — the sentences are
 * written by the printers — so the verdict-only mode allocates almost nothing.
 */
import type { Verdict } from '../manifest/types';
import type { ConnectionQuery, Decision, EvaluateOptions } from './decision';
import { suggestFixes } from './fixes';
import type { ReasonCode } from './reasons';
import { resolveEndpoint, type ResolvedEndpoint, type Snapshot } from './snapshot';
// Imported from each module, not through ./stages/index: a re-export compiles to a getter, and a
// getter call per stage per pair costs the verdict-only mode a measurable share (docs/performance.md).
import {
  clientAuthorizationStage,
  identityConfirmationStage,
  serverAuthorizationStage,
} from './stages/authorization';
import { clientTlsStage } from './stages/client-tls';
import { destinationPeerStage } from './stages/destination-peer';
import { destinationServiceStage } from './stages/destination-service';
import { egressRuleStage } from './stages/egress-rule';
import { startEvaluation } from './stages/evaluation';
import { pathStage } from './stages/path';
import { resolveSource, sourceIdentityStage } from './stages/source-identity';
import type { ConnectionResult, Endpoint } from './types';

export type { ConnectionQuery, Decision, EvaluateOptions } from './decision';
export { UnknownWorkloadError } from './stages/source-identity';

const isResolved = (e: Endpoint | ResolvedEndpoint): e is ResolvedEndpoint =>
  (e as ResolvedEndpoint).key !== undefined;

export function evaluateConnection(
  snapshot: Snapshot,
  query: ConnectionQuery,
  options: EvaluateOptions = {},
): ConnectionResult {
  return evaluateDecision(snapshot, query, options).result;
}

export function evaluateDecision(
  snapshot: Snapshot,
  query: ConnectionQuery,
  options: EvaluateOptions = {},
): Decision {
  const source = resolveSource(snapshot, query.from);
  const resolved = isResolved(query.to) ? query.to : resolveEndpoint(snapshot, query.to);
  const ev = startEvaluation(snapshot, query, source, resolved, options.trace !== false);
  sourceIdentityStage(ev); // 1
  destinationServiceStage(ev); // 2
  egressRuleStage(ev); // 3
  destinationPeerStage(ev); // 4
  pathStage(ev); // 5
  clientTlsStage(ev); // 6
  clientAuthorizationStage(ev); // 7a
  identityConfirmationStage(ev); // 7b
  serverAuthorizationStage(ev); // 7c

  const wire = ev.wire;
  const verdict: Verdict = ev.rejected
    ? 'REJECTED'
    : wire === 'mtls'
      ? 'MTLS'
      : wire === 'tls'
        ? 'TLS'
        : 'PLAINTEXT';
  const srcId = ev.sourceIdentity;
  const dstId = ev.destinationIdentity;
  const result: ConnectionResult = {
    verdict,
    path: ev.path,
    tls: { mode: ev.mode, version: verdict === 'MTLS' || verdict === 'TLS' ? ev.version : null },
    source: { name: source.peer.name ?? null, identity: srcId ? srcId.key : null, spiffeID: source.spiffeID },
    destination: {
      address: resolved.address,
      port: query.to.port,
      service: ev.service ? ev.service.key : null,
      identity: dstId ? dstId.key : null,
      spiffeID: ev.destinationSpiffeID,
    },
    reasons: dedupe(ev.reasons),
    steps: ev.trace ?? [],
    hints: [],
  };
  ev.result = result;
  if (ev.trace) result.hints = suggestFixes(ev);
  return ev;
}

function dedupe(codes: ReasonCode[]): ReasonCode[] {
  return codes.length < 2 ? codes : codes.filter((c, i) => codes.indexOf(c) === i);
}
