/**
 * SPEC §4.1: a flow record becomes the connection the engine evaluates (the flow's attributes,
 * daemon, daemon group and addresses are the peers; no Scenario needed), and the prediction is
 * compared with what was observed: `agree`, `drift`, or — against a staged manifest set — `changes`.
 * A disagreement comes with what could explain it, each with a stable code (FLOW_EXPLANATIONS).
 */
import type { Verdict } from '../manifest/types';
import type { ConnectionQuery } from '../policy/evaluate';
import { describeWorkload, type Snapshot, type WorkloadEntry } from '../policy/snapshot';
import type { ConnectionResult, Peer } from '../policy/types';
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

export interface FlowExplanation {
  code: FlowExplanationCode;
  message: string;
}

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
      message: `the current manifests predict ${predicted.verdict} as observed; the staged manifests predict ${staged!.verdict}`,
    });
  return out;
}

/** What could explain that the observation differs from `result`. */
export function explainDisagreement(flow: FlowRecord, result: ConnectionResult): FlowExplanation[] {
  const out: FlowExplanation[] = [];
  const observed = flow.observed.verdict;
  if (encrypted(result.verdict) && observed === 'PLAINTEXT')
    out.push({
      code: 'silent-downgrade',
      message: `the manifests predict ${result.verdict}, but the connection ran as plain TCP: traffic the policy protects went unencrypted`,
    });
  if (flow.observed.reason)
    out.push({ code: 'daemon-reason', message: `the daemon reported: ${flow.observed.reason}` });
  const presentedSrc = flow.source.spiffeID ?? null;
  if (result.source.spiffeID && presentedSrc === null && observed !== 'MTLS')
    out.push({
      code: 'source-not-enrolled',
      message: `the manifests give the source ${result.source.spiffeID}, but it presented no SPIFFE ID: its identity was not issued (or not yet enrolled) when the flow happened`,
    });
  else if (result.source.spiffeID && presentedSrc && presentedSrc !== result.source.spiffeID)
    out.push({
      code: 'source-identity-differs',
      message: `the source presented ${presentedSrc}, the manifests give it ${result.source.spiffeID}: the deployed identities differ from these manifests`,
    });
  const presentedDst = flow.destination.spiffeID ?? null;
  if (result.destination.spiffeID) {
    if (flow.destination.attributes == null)
      out.push({
        code: 'peer-not-enrolled',
        message: `the manifests expect ${result.destination.spiffeID} at ${flow.destination.address}:${flow.destination.port}, but the flow says the destination was not on a managed node (destination.attributes is null): it was not enrolled when the flow happened`,
      });
    else if (presentedDst === null && observed !== 'MTLS')
      out.push({
        code: 'peer-not-enrolled',
        message: `the manifests give the destination ${result.destination.spiffeID}, but it presented no SPIFFE ID: it was not enrolled when the flow happened`,
      });
    else if (presentedDst && presentedDst !== result.destination.spiffeID)
      out.push({
        code: 'peer-identity-differs',
        message: `the destination presented ${presentedDst}, the manifests give it ${result.destination.spiffeID}`,
      });
  } else if (presentedDst) {
    out.push({
      code: 'peer-unknown-to-manifests',
      message: `the destination presented ${presentedDst}, but no WorkloadIdentity in these manifests selects it: the manifests are behind what is deployed`,
    });
  }
  if (result.reasons.includes('no-service') && observed !== 'PLAINTEXT')
    out.push({
      code: 'missing-service',
      message: `no Service has the address ${flow.destination.address}:${flow.destination.port}, so no egress rule applies; the observed ${observed} suggests a Service (or an address of one) that these manifests lack`,
    });
  return out;
}
