/**
 * `Datastore` over the SQLite store (./sqlite): writes run synchronously inside its transactions
 * (group commit for single-object writes, as before), reads are plain calls, and the change feed is
 * an in-process ChangeHub fed after each commit.
 */
import { ChangeHub } from './change-hub';
import { DEFAULT_FLOW_RETENTION, type FlowRetention } from './flows';
import { openSqliteFlows } from './sqlite-flows';
import { toStoredResource, type ResourceRecord, type ResourceStore } from './sqlite';
import { runStepsSync } from './steps';
import type { Datastore, TxOps, WatchEvent } from './types';

/** An event whose object is built (JSON parsed) only when a watcher reads it: writes stay as cheap as before. */
function lazyEvent(type: WatchEvent['type'], record: ResourceRecord): WatchEvent {
  let object: WatchEvent['object'] | undefined;
  return {
    type,
    resourceVersion: record.resourceVersion,
    get object() {
      return (object ??= toStoredResource(record));
    },
  };
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

  const txOps = (events: WatchEvent[]): TxOps => ({
    get: (kind, namespace, name) => store.get(kind, namespace, name),
    put(record, created) {
      const stored = store.put(record);
      events.push(lazyEvent(created ? 'ADDED' : 'MODIFIED', stored));
      return stored;
    },
    delete(kind, namespace, name) {
      const record = store.get(kind, namespace, name);
      if (!record || !store.delete(kind, namespace, name)) return undefined;
      // The deletion took the next version (saved in settings so that it is never reused).
      const resourceVersion = store.getSetting('resourceVersion') ?? record.resourceVersion;
      events.push({
        type: 'DELETED',
        resourceVersion,
        object: toStoredResource({ ...record, resourceVersion }),
      });
      return record;
    },
    newUid: () => store.newUid(),
    putIdempotency: (record) => store.putIdempotency(record),
    pruneIdempotency: (before, budget) => store.pruneIdempotency(before, budget),
  });

  return {
    backend: 'sqlite',
    write(steps, options) {
      const events: WatchEvent[] = [];
      const run = () => runStepsSync(steps(txOps(events)));
      let committed: Promise<ReturnType<typeof run>>;
      if (options?.group) {
        committed = store.queuedTransaction(run);
      } else {
        try {
          committed = Promise.resolve(store.transaction(run));
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
