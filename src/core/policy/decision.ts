/**
 * The inputs and the output of one evaluation (SPEC §3): the connection asked about and the
 * Decision — what every stage decided, and the result built from it (verdict, reasons, trace).
 */
import type { EgressEntry, ResolvedEndpoint, ServiceEntry, Snapshot, WorkloadEntry } from './snapshot';
import type { ConnectionResult, Endpoint, Peer } from './types';

export interface ConnectionQuery {
  /** A scenario workload name, a resolved scenario workload, or an ad-hoc peer. */
  from: string | Peer | WorkloadEntry;
  /** The destination; simulate passes endpoints resolved once with `resolveEndpoint`. */
  to: Endpoint | ResolvedEndpoint;
  /**
   * An ad-hoc destination peer listening on `to` (`--to-attr`), or one already resolved with
   * `describeWorkload` (the flow replay resolves each peer once); default: the scenario's listener.
   */
  toPeer?: Peer | WorkloadEntry;
}

export interface EvaluateOptions {
  /** Record the trace's steps, nearest misses and fixes (explain). Default true. */
  trace?: boolean;
}

/** Everything the evaluation decided, for trace rendering and fixes. */
export interface Decision {
  snapshot: Snapshot;
  source: WorkloadEntry;
  destination: WorkloadEntry | null;
  endpoint: Endpoint;
  external: boolean;
  service: ServiceEntry | null;
  serviceAddress: number;
  egress: EgressEntry | null;
  egressEntry: number;
  result: ConnectionResult;
}
