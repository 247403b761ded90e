/**
 * `Datastore` over the SQLite store (./sqlite): writes run synchronously inside its transactions
 * (group commit for single-object writes, as before), reads are plain calls, and the change feed is
 * an in-process ChangeHub fed after each commit.
 */
import { ChangeHub, deletionEvent } from './change-hub';
import { DEFAULT_FLOW_RETENTION, type FlowRetention } from './flows';
import { openSqliteFlows } from './sqlite-flows';
import {
  toStoredResource,
  type IdempotencyBudget,
  type IdempotencyRecord,
  type ResourceRecord,
  type ResourceStore,
} from './sqlite';
import { runStepsSync, type Steps } from './steps';
import type { Datastore, TxOps, WatchEvent } from './types';

/** An event whose object is built (JSON parsed) only when a watcher reads it: writes stay as cheap as before. */
class LazyEvent implements WatchEvent {
  private built: WatchEvent['object'] | undefined;
  readonly resourceVersion: string;
  constructor(
    readonly type: WatchEvent['type'],
    private readonly record: ResourceRecord,
  ) {
    this.resourceVersion = record.resourceVersion;
  }
  get object(): WatchEvent['object'] {
    return (this.built ??= toStoredResource(this.record));
  }
}

/**
 * The operations one write's steps run inside a transaction, collecting its watch events. A class:
 * one object per write, where an object literal of closures cost a closure (and, in the bundle, a
 * name-keeping call) per operation on every PUT.
 */
class SqliteTx implements TxOps {
  constructor(
    private readonly store: ResourceStore,
    private readonly events: WatchEvent[],
  ) {}
  get(kind: string, namespace: string, name: string): ResourceRecord | undefined {
    return this.store.get(kind, namespace, name);
  }
  put(record: Omit<ResourceRecord, 'resourceVersion'>, created: boolean): ResourceRecord {
    const stored = this.store.put(record);
    this.events.push(new LazyEvent(created ? 'ADDED' : 'MODIFIED', stored));
    return stored;
  }
  delete(kind: string, namespace: string, name: string): ResourceRecord | undefined {
    const store = this.store;
    const record = store.get(kind, namespace, name);
    if (!record || !store.delete(kind, namespace, name)) return undefined;
    // The deletion took the next version (saved in settings so that it is never reused).
    const resourceVersion = store.getSetting('resourceVersion') ?? record.resourceVersion;
    this.events.push(deletionEvent(record, resourceVersion));
    return record;
  }
  newUid(): string {
    return this.store.newUid();
  }
  putIdempotency(record: IdempotencyRecord): void {
    this.store.putIdempotency(record);
  }
  pruneIdempotency(before: string, budget?: IdempotencyBudget): void {
    this.store.pruneIdempotency(before, budget);
  }
}

export function sqliteDatastore(
  store: ResourceStore,
  options: { keepChanges?: number; flowRetention?: FlowRetention } = {},
): Datastore {
  const flowRetention = options.flowRetention ?? DEFAULT_FLOW_RETENTION;
  const flows = openSqliteFlows(store.db, flowRetention);
  const currentVersion = (): bigint => {
    const row = store.db
      .prepare(
        "SELECT max(coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'resourceVersion'), 0), coalesce((SELECT max(resource_version) FROM resources), 0)) AS v",
      )
      .get() as { v: number | bigint };
    return BigInt(row.v);
  };
  const hub = new ChangeHub(currentVersion(), options.keepChanges);

  return {
    backend: 'sqlite',
    write<T>(steps: (tx: TxOps) => Steps<T>, options?: { group?: boolean }): Promise<T> {
      const events: WatchEvent[] = [];
      const tx = new SqliteTx(store, events);
      let committed: Promise<T>;
      // The callbacks are written inline (not a named const): the bundle keeps names by a call per
      // named function created, and this runs on every write.
      if (options?.group) {
        committed = store.queuedTransaction(() => runStepsSync(steps(tx)));
      } else {
        try {
          committed = Promise.resolve(store.transaction(() => runStepsSync(steps(tx))));
        } catch (err) {
          return Promise.reject(err);
        }
      }
      return committed.then((result) => {
        for (const event of events) hub.publish(event);
        return result;
      });
    },
    get: async (kind, namespace, name) => store.get(kind, namespace, name),
    async scan(query, visit) {
      for (const record of store.iterate(query)) if (!visit(record)) break;
    },
    findWorkloadIdentitiesByWorkloadId: async (workloadID) =>
      store.findWorkloadIdentitiesByWorkloadId(workloadID),
    recordIssuedSvid: async (svid) => store.transaction(() => store.recordIssuedSvid(svid)),
    listIssuedSvids: async (workloadID, limit) => store.listIssuedSvids(workloadID, limit),
    getIdempotency: async (key) => store.getIdempotency(key),
    currentResourceVersion: async () => String(currentVersion()),
    changesSince: async (resourceVersion, filter) => hub.since(resourceVersion, filter),
    subscribe: (listener) => hub.subscribe(listener),
    flowRetention,
    async insertFlows(rows, receivedAt) {
      return rows.length === 0 ? [] : store.transaction(() => flows.insert(rows, receivedAt));
    },
    listFlows: async (query) => flows.list(query),
    getFlow: async (id) => flows.get(id),
    countFlows: async () => flows.count(),
    createDaemonToken: async (name, now) => store.transaction(() => flows.createDaemonToken(name, now)),
    revokeDaemonTokens: async (name) => store.transaction(() => flows.revokeDaemonTokens(name)),
    daemonForToken: async (token) => flows.daemonForToken(token),
    async close() {
      store.close();
    },
  };
}
