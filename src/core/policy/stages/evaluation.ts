/**
 * The state one evaluation carries through the stages: the question, the trace being recorded (none
 * in the verdict-only mode), the reason codes so far, and each stage's outcome for the stages after
 * it. It is also the Decision the pipeline returns (one object per evaluation).
 */
import { joinPointer } from '../../manifest/document';
import type { TlsMode } from '../../manifest/types';
import type { ConnectionQuery, Decision } from '../decision';
import type { ReasonCode } from '../reasons';
import type { IdentityEntry, ResolvedEndpoint, Snapshot, WorkloadEntry } from '../snapshot';
import type { LazyRef, Step, TraceEvent, TraceEventParams } from '../trace';
import type { ConnectionPath, TlsInfo } from '../types';

/** What travels on the wire after the client-side TLS stage. */
export type Wire = 'mtls' | 'tls' | 'plain' | 'refused';

export interface Evaluation extends Decision {
  readonly query: ConnectionQuery;
  /** The steps recorded so far; undefined when only the verdict is wanted. */
  readonly trace: Step[] | undefined;
  /** Reason codes in stage order (duplicates are removed at the end). */
  readonly reasons: ReasonCode[];
  /** A stage refused the connection. */
  rejected: boolean;
  /** Stage 1. */
  sourceIdentity: IdentityEntry | null;
  /** Stage 2: the destination with its Services and listener, resolved once. */
  resolved: ResolvedEndpoint;
  /** Stage 4. */
  destinationIdentity: IdentityEntry | null;
  destinationSpiffeID: string | null;
  /** Stage 5. */
  sameTrustDomain: boolean;
  path: ConnectionPath;
  /** Stage 6. */
  wire: Wire;
  mode: TlsMode | null;
  version: TlsInfo['version'];
}

export function startEvaluation(
  snapshot: Snapshot,
  query: ConnectionQuery,
  source: WorkloadEntry,
  resolved: ResolvedEndpoint,
  trace: boolean,
): Evaluation {
  return {
    snapshot,
    source,
    destination: null,
    endpoint: query.to,
    external: false,
    service: null,
    serviceAddress: -1,
    egress: null,
    egressEntry: -1,
    result: undefined!,
    query,
    trace: trace ? [] : undefined,
    reasons: [],
    rejected: false,
    sourceIdentity: null,
    resolved,
    destinationIdentity: null,
    destinationSpiffeID: null,
    sameTrustDomain: false,
    path: 'none',
    wire: 'plain',
    mode: null,
    version: null,
  };
}

/** A ref to a node of a resource document. */
export const ref = (origin: LazyRef['origin'], ...tokens: (string | number)[]): LazyRef => ({
  origin,
  path: joinPointer(...tokens),
});

type StepOf<E extends TraceEvent> = Extract<Step, { event: E }>;

/** Record one step (call only when `ev.trace` is set). */
export function record<E extends TraceEvent>(
  trace: Step[],
  stage: Step['stage'],
  outcome: Step['outcome'],
  event: E,
  params: TraceEventParams[E],
  refs: LazyRef[],
  extra?: { reason?: ReasonCode; nearestMisses?: Step['nearestMisses'] },
): StepOf<E> {
  const step = { stage, outcome, event, params, refs, ...extra } as StepOf<E>;
  trace.push(step);
  return step;
}

/** Several identities select the peer equally well: one info step names them and the one chosen. */
export function recordTie(
  trace: Step[],
  event: 'source-ambiguous' | 'peer-ambiguous',
  tied: readonly IdentityEntry[],
  chosen: IdentityEntry,
): void {
  if (tied.length === 0) return;
  record(
    trace,
    event === 'source-ambiguous' ? 'source-identity' : 'destination-peer',
    'info',
    event,
    { tied: tied.map((i) => i.key), chosen: chosen.key },
    tied.map((i) => ref(i.origin, 'spec', 'selectors')),
    { reason: 'ambiguous-identity' },
  );
}

/** Record a reason that refuses the connection. */
export function reject(ev: Evaluation, code: ReasonCode): void {
  ev.reasons.push(code);
  ev.rejected = true;
}

const NO_PARAMS: Record<string, never> = Object.freeze({}) as Record<string, never>;
/** The parameters of an event that has none (shared, never mutated). */
export const none = (): Record<string, never> => NO_PARAMS;
