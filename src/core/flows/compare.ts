/**
 * SPEC §4.1: a flow record becomes the connection the engine evaluates (the flow's attributes,
 * daemon, daemon group and addresses are the peers; no Scenario needed), and the prediction is
 * compared with what was observed: `agree`, `drift`, or — against a staged manifest set — `changes`.
 * A disagreement comes with what could explain it, each with a stable code (FLOW_EXPLANATIONS) and
 * the values its sentence needs: the printers write the sentence (src/printers/flow-explanation-text.ts).
 */
import type { Verdict } from '../manifest/types';
import type { ConnectionQuery } from '../policy/evaluate';
import { describeWorkload, type Snapshot, type WorkloadEntry } from '../policy/snapshot';
import type { ConnectionResult, Endpoint, Peer } from '../policy/types';
import type { FlowRecord } from './record';

export type FlowStatus = 'agree' | 'drift' | 'changes';
export const FLOW_STATUSES: readonly FlowStatus[] = ['agree', 'drift', 'changes'];

/** The catalog of explanation codes for a disagreement (docs/flows.md lists them). Codes never change meaning. */
export const FLOW_EXPLANATIONS = {
  'silent-downgrade': 'The manifests predict (m)TLS but the connection ran as plain TCP',
  'daemon-reason': 'The daemon reported its own reason for the outcome',
  'source-not-enrolled': 'The source presented no SPIFFE ID: it was not enrolled when the flow happened',
  'peer-not-enrolled': 'The destination was not on a managed node (or not enrolled) when the flow happened',
  'source-identity-differs': 'The source presented another SPIFFE ID than the manifests give it',
  'peer-identity-differs': 'The destination presented another SPIFFE ID than the manifests give it',
  'peer-unknown-to-manifests': 'The destination presented a SPIFFE ID, but no WorkloadIdentity selects it',
  'missing-service': 'No Service has the destination address: the connection is not on an explicit path',
  'staged-change': 'The staged manifests would change the outcome of this connection',
} as const;
export type FlowExplanationCode = keyof typeof FLOW_EXPLANATIONS;

/**
 * The parameters of every explanation, by code: values the flow and the prediction already hold
 * (verdicts, SPIFFE IDs, the destination), so that explaining formats nothing.
 */
export interface FlowExplanationParams {
  /** `predicted`: the (m)TLS verdict of the manifests. */
  'silent-downgrade': { predicted: Verdict };
  /** The daemon's own words (`observed.reason`). */
  'daemon-reason': { reason: string };
  /** `expected`: the SPIFFE ID the manifests give the source. */
  'source-not-enrolled': { expected: string };
  'source-identity-differs': { presented: string; expected: string };
  /**
   * `expected`: the SPIFFE ID the manifests give the destination; `managedNode`: false when the flow
   * carries no destination attributes (the destination was not on a managed node), true when it was
   * but presented no SPIFFE ID.
   */
  'peer-not-enrolled': { expected: string; destination: Endpoint; managedNode: boolean };
  'peer-identity-differs': { presented: string; expected: string };
  'peer-unknown-to-manifests': { presented: string };
  'missing-service': { destination: Endpoint; observed: Verdict };
  'staged-change': { predicted: Verdict; staged: Verdict };
}

/** One explanation of a disagreement: a code with its parameters (a union discriminated by `code`). */
export type FlowExplanation = {
  [C in FlowExplanationCode]: { code: C; params: FlowExplanationParams[C] };
}[FlowExplanationCode];

export interface FlowComparison {
  status: FlowStatus;
  observed: Verdict;
  /** The verdict of the current manifests (the baseline, or -f without a baseline). */
  predicted: Verdict;
  /** The verdict of the staged manifests, when a staged set was given. */
  staged?: Verdict;
  explanations: FlowExplanation[];
}

/** The source peer of a flow: the reporting daemon's view of the process. */
export function flowSourcePeer(flow: FlowRecord): Peer {
  return {
    attributes: flow.source.attributes,
    daemon: flow.daemon ?? undefined,
    daemonGroup: flow.daemonGroup ?? undefined,
  };
}

/**
 * The connection of a flow. The destination is a candidate peer only when the flow carries its
 * attributes (it runs on a managed node); its own daemon already applied its scope, so identity
 * scopes are not checked for it (`scopeUnknown`).
 */
export function flowQuery(flow: FlowRecord): ConnectionQuery {
  const to = { address: flow.destination.address, port: flow.destination.port };
  const attrs = flow.destination.attributes;
  return {
    from: flowSourcePeer(flow),
    to,
    toPeer: attrs ? { attributes: attrs, scopeUnknown: true, listen: [to] } : undefined,
  };
}

/**
 * `flowQuery` with both peers resolved against `snapshot` once per distinct peer. A replay evaluates
 * each distinct (source, destination) key once, but its sources and destinations repeat across keys
 * (2,000 workloads make 16,000 keys in the bench), and resolving the two peers was about half of a
 * verdict-only evaluation. Each map holds at most `max` peers (then starts over).
 */
export class FlowQueries {
  private readonly sources = new Map<string, WorkloadEntry>();
  private readonly destinations = new Map<string, WorkloadEntry>();

  constructor(
    private readonly snapshot: Snapshot,
    private readonly max = 65_536,
  ) {}

  query(flow: FlowRecord): ConnectionQuery {
    const q = flowQuery(flow);
    const d = flow.destination;
    return {
      from: this.resolve(
        this.sources,
        JSON.stringify([flow.daemon, flow.daemonGroup, flow.source.attributes]),
        q.from as Peer,
      ),
      to: q.to,
      toPeer:
        q.toPeer &&
        this.resolve(this.destinations, JSON.stringify([d.address, d.port, d.attributes]), q.toPeer as Peer),
    };
  }

  private resolve(cache: Map<string, WorkloadEntry>, key: string, peer: Peer): WorkloadEntry {
    let w = cache.get(key);
    if (w === undefined) {
      if (cache.size >= this.max) cache.clear();
      cache.set(key, (w = describeWorkload(this.snapshot, peer)));
    }
    return w;
  }
}

/**
 * Key of a flow's (source, destination) for the evaluation cache: everything the engine reads. Built
 * with one join (a flat string hashes much faster in a Map than a chain of concatenations).
 */
export function flowCacheKey(flow: FlowRecord): string {
  const parts: string[] = [flow.daemon ?? '', flow.daemonGroup ?? ''];
  const a = flow.source.attributes;
  for (const key in a) parts.push(key, a[key]);
  parts.push('\u0002', flow.destination.address.toLowerCase(), String(flow.destination.port));
  const d = flow.destination.attributes;
  if (d) for (const key in d) parts.push(key, d[key]);
  else parts.push('\u0003');
  return parts.join('\u0001');
}

const encrypted = (v: Verdict) => v === 'MTLS' || v === 'TLS';

/**
 * Compare the observation with the predictions. `drift`: the current manifests predict another
 * verdict than observed. `changes`: the current manifests agree with the observation, the staged
 * ones would not. Otherwise `agree`. A drift stays a drift with a staged set (the observation
 * already differs from today's policy; `staged` still says what the staged set predicts).
 */
export function compareFlow(
  flow: FlowRecord,
  predicted: ConnectionResult,
  staged?: ConnectionResult,
): FlowComparison {
  const observed = flow.observed.verdict;
  const status: FlowStatus =
    predicted.verdict !== observed ? 'drift' : staged && staged.verdict !== observed ? 'changes' : 'agree';
  const out: FlowComparison = {
    status,
    observed,
    predicted: predicted.verdict,
    explanations:
      status === 'agree' ? [] : explainDisagreement(flow, status === 'drift' ? predicted : staged!),
  };
  if (staged) out.staged = staged.verdict;
  if (status === 'changes')
    out.explanations.unshift({
      code: 'staged-change',
      params: { predicted: predicted.verdict, staged: staged!.verdict },
    });
  return out;
}

/**
 * What a disagreement's explanation codes read of a flow: the observed verdict, whether the daemon gave
 * a reason, the SPIFFE IDs presented, whether the destination carries attributes (the fast path reads
 * these from the line's bytes, without parsing the record).
 */
export interface DisagreementView {
  observed: Verdict;
  hasReason: boolean;
  sourceSpiffeID: string | null;
  destinationSpiffeID: string | null;
  destinationAttributes: boolean;
}

export function disagreementView(flow: FlowRecord): DisagreementView {
  return {
    observed: flow.observed.verdict,
    hasReason: Boolean(flow.observed.reason),
    sourceSpiffeID: flow.source.spiffeID ?? null,
    destinationSpiffeID: flow.destination.spiffeID ?? null,
    destinationAttributes: flow.destination.attributes != null,
  };
}

/** The codes that explain a disagreement with one prediction: all but `staged-change` (compareFlow's own). */
export type DisagreementCode = Exclude<FlowExplanationCode, 'staged-change'>;

/** The explanation codes of a flow that disagrees with `result`, in the order explainDisagreement gives them. */
export function disagreementCodes(v: DisagreementView, result: ConnectionResult): DisagreementCode[] {
  const out: DisagreementCode[] = [];
  const observed = v.observed;
  if (encrypted(result.verdict) && observed === 'PLAINTEXT') out.push('silent-downgrade');
  if (v.hasReason) out.push('daemon-reason');
  const presentedSrc = v.sourceSpiffeID;
  if (result.source.spiffeID && presentedSrc === null && observed !== 'MTLS') out.push('source-not-enrolled');
  else if (result.source.spiffeID && presentedSrc && presentedSrc !== result.source.spiffeID)
    out.push('source-identity-differs');
  const presentedDst = v.destinationSpiffeID;
  if (result.destination.spiffeID) {
    if (!v.destinationAttributes) out.push('peer-not-enrolled');
    else if (presentedDst === null && observed !== 'MTLS') out.push('peer-not-enrolled');
    else if (presentedDst && presentedDst !== result.destination.spiffeID) out.push('peer-identity-differs');
  } else if (presentedDst) out.push('peer-unknown-to-manifests');
  if (result.reasons.includes('no-service') && observed !== 'PLAINTEXT') out.push('missing-service');
  return out;
}

/** The explanations of a flow that disagrees with `result`: disagreementCodes, each with its parameters. */
export function explainDisagreement(flow: FlowRecord, result: ConnectionResult): FlowExplanation[] {
  const destination: Endpoint = { address: flow.destination.address, port: flow.destination.port };
  const explain = (code: DisagreementCode): FlowExplanation => {
    switch (code) {
      case 'silent-downgrade':
        return { code, params: { predicted: result.verdict } };
      case 'daemon-reason':
        return { code, params: { reason: flow.observed.reason! } };
      case 'source-not-enrolled':
        return { code, params: { expected: result.source.spiffeID! } };
      case 'source-identity-differs':
        return { code, params: { presented: flow.source.spiffeID!, expected: result.source.spiffeID! } };
      case 'peer-not-enrolled':
        return {
          code,
          params: {
            expected: result.destination.spiffeID!,
            destination,
            managedNode: flow.destination.attributes != null,
          },
        };
      case 'peer-identity-differs':
        return {
          code,
          params: { presented: flow.destination.spiffeID!, expected: result.destination.spiffeID! },
        };
      case 'peer-unknown-to-manifests':
        return { code, params: { presented: flow.destination.spiffeID! } };
      case 'missing-service':
        return { code, params: { destination, observed: flow.observed.verdict } };
    }
  };
  return disagreementCodes(disagreementView(flow), result).map(explain);
}

/**
 * compareFlow's status and explanation codes from what they read (DisagreementView): the replay keeps
 * codes only, so a flow the fast path read needs no parsed record for them.
 */
export function compareCodes(
  v: DisagreementView,
  predicted: ConnectionResult,
  staged?: ConnectionResult,
): { status: FlowStatus; codes: FlowExplanationCode[] } {
  const observed = v.observed;
  const status: FlowStatus =
    predicted.verdict !== observed ? 'drift' : staged && staged.verdict !== observed ? 'changes' : 'agree';
  if (status === 'agree') return { status, codes: [] };
  const codes: FlowExplanationCode[] = disagreementCodes(v, status === 'drift' ? predicted : staged!);
  if (status === 'changes') codes.unshift('staged-change');
  return { status, codes };
}
