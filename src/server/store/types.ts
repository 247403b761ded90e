/**
 * The control plane's storage contract, implemented by SQLite (./sqlite-datastore, one process, the
 * default) and PostgreSQL (./postgres, any number of replicas on one database). Routes only see
 * `Datastore`. A write is a generator of steps over `TxOps` (./steps), so that one copy of the write
 * logic runs synchronously on SQLite and asynchronously on PostgreSQL.
 *
 * Adding a kind of data (e.g. flows) means: a method pair here, a table in both migrations.
 */
import type { StoredResource } from '../../core/wire/types';
import type { FlowRecord } from '../../core/flows';
import type { FlowColumns, FlowPage, FlowQuery, FlowRetention } from './flows';
import type { Steps } from './steps';
import type {
  IdempotencyBudget,
  IdempotencyRecord,
  IssuedSvidRecord,
  ListQuery,
  ResourceRecord,
} from './sqlite';

/** A value now (SQLite) or later (PostgreSQL). */
export type Maybe<T> = T | Promise<T>;

/** What a write transaction can do. Yield every call's result (see ./steps). */
export interface TxOps {
  get(kind: string, namespace: string, name: string): Maybe<ResourceRecord | undefined>;
  /**
   * Create (`created`) or replace; the store assigns the next cluster-wide `resourceVersion`.
   * `created` says which watch event (ADDED or MODIFIED) the write is.
   */
  put(record: Omit<ResourceRecord, 'resourceVersion'>, created: boolean): Maybe<ResourceRecord>;
  /** The deleted row, or undefined when there was none. */
  delete(kind: string, namespace: string, name: string): Maybe<ResourceRecord | undefined>;
  newUid(): string;
  /** Read ahead the rows a batch will touch (one query instead of one per item); optional. */
  prefetch?(keys: Array<{ kind: string; namespace: string; name: string }>): Maybe<void>;
  putIdempotency(record: IdempotencyRecord): Maybe<void>;
  /**
   * Forget idempotency records created before `before` (RFC 3339), then the oldest beyond `budget`
   * (most records, most characters of stored answers in all).
   */
  pruneIdempotency(before: string, budget?: IdempotencyBudget): Maybe<void>;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change of the feed (`GET /v1/watch`). */
export interface WatchEvent {
  type: WatchEventType;
  resourceVersion: string;
  /** The resource after the change (DELETED: as it was, with the deletion's resourceVersion). */
  object: StoredResource;
}

export interface WatchFilter {
  kind?: string;
  namespace?: string;
}

export interface Datastore {
  readonly backend: 'sqlite' | 'postgres';
  /**
   * Run `steps` in one transaction: all its writes or none. `group` (single-object writes) lets a
   * store commit several concurrent writes together (SQLite group commit). The promise settles after
   * the commit.
   */
  write<T>(steps: (tx: TxOps) => Steps<T>, options?: { group?: boolean }): Promise<T>;
  get(kind: string, namespace: string, name: string): Promise<ResourceRecord | undefined>;
  /** Visit rows in (namespace, name) order until `visit` returns false. */
  scan(query: ListQuery, visit: (record: ResourceRecord) => boolean): Promise<void>;
  /** Applied WorkloadIdentities with this `spec.workloadID`, as returned by the API. */
  findWorkloadIdentitiesByWorkloadId(workloadID: string): Promise<StoredResource[]>;
  recordIssuedSvid(svid: IssuedSvidRecord): Promise<number>;
  listIssuedSvids(workloadID?: string, limit?: number): Promise<IssuedSvidRecord[]>;
  getIdempotency(key: string): Promise<IdempotencyRecord | undefined>;
  /** The newest resourceVersion handed out ("0" on an empty store). */
  currentResourceVersion(): Promise<string>;
  /**
   * Changes after `resourceVersion`, oldest first, or 'gone' when some of them are no longer kept
   * (the caller answers 410 and the client lists again).
   */
  changesSince(resourceVersion: bigint, filter: WatchFilter): Promise<WatchEvent[] | 'gone'>;
  /** Called with every committed change, from whichever replica made it, in resourceVersion order. */
  subscribe(listener: (event: WatchEvent) => void): () => void;
  /** The window of stored flows (count and age) applied by `insertFlows`. */
  readonly flowRetention: FlowRetention;
  /**
   * Store valid flow records (SPEC §4.1), as their columns and text (`flowColumns`, or the scanner's
   * `storedFields`), in one transaction, then drop what fell out of the window, oldest first. Returns
   * their ids in request order.
   */
  insertFlows(rows: readonly FlowColumns[], receivedAt: number): Promise<string[]>;
  /** Flows newest first (time, then id), filtered, at most `limit`, with where to continue. */
  listFlows(query: FlowQuery): Promise<FlowPage>;
  getFlow(id: string): Promise<FlowRecord | undefined>;
  countFlows(): Promise<number>;
  /** Mint a daemon token named `name`; only its SHA-256 digest is stored. The token is returned once. */
  createDaemonToken(name: string, now: Date): Promise<string>;
  /**
   * Delete every daemon token named `name`; returns how many. Replicas that looked a token up lately
   * keep accepting it until their cache entry expires (10 s).
   */
  revokeDaemonTokens(name: string): Promise<number>;
  /** The daemon a token belongs to, or undefined (not a daemon token, or unknown). */
  daemonForToken(token: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export function matchesWatchFilter(event: WatchEvent, filter: WatchFilter): boolean {
  if (filter.kind !== undefined && event.object.kind !== filter.kind) return false;
  if (filter.namespace !== undefined && event.object.metadata.namespace !== filter.namespace) return false;
  return true;
}
