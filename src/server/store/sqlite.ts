/**
 * The control plane's storage: resources, settings, idempotency records and issued SVIDs in one
 * SQLite file (node:sqlite, WAL, synchronous=NORMAL). Every write runs in a transaction; a write that
 * throws rolls back and leaves the store as it was. Process crashes never lose a committed write
 * (the WAL reaches the OS at commit); only an OS crash or power loss could lose the last commits.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { AdvisedError } from '../../core/errors';
import type { StoredResource } from '../../core/wire/types';

const SCHEMA_VERSION = 2;

/** One row of `resources`, as the store hands it around. */
export interface ResourceRecord {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  generation: number;
  creationTimestamp: string;
  updateTimestamp: string;
  /** WorkloadIdentity only: `spec.workloadID`. */
  workloadID: string | null;
  /** The applied manifest without server-set fields, as canonical JSON (sorted keys). */
  body: string;
}

/** An issued SVID as recorded by the issuing routes (never a private key). */
export interface IssuedSvidRecord {
  /** Store-assigned, increasing. */
  id?: number;
  type: 'x509' | 'jwt';
  workloadID: string;
  spiffeID: string;
  /** X.509: the certificate serial (hex); JWT: the `jti` when set. */
  serial?: string;
  /** RFC 3339 */
  notBefore: string;
  /** RFC 3339 */
  notAfter: string;
  /** X.509: the leaf certificate PEM. */
  certificatePem?: string;
  /** JWT: the audiences. */
  audience?: string[];
  /** RFC 3339, set by the store when omitted. */
  issuedAt?: string;
}

/** How many idempotency records are kept, and how many characters of stored answers, at the most. */
export interface IdempotencyBudget {
  maxRecords: number;
  maxChars: number;
}

/** What a store holds of idempotency records: how many, and their stored answers' characters. */
export interface IdempotencyTotals {
  records: number;
  chars: number;
}

export const withinBudget = (t: IdempotencyTotals, budget: IdempotencyBudget): boolean =>
  t.records <= budget.maxRecords && t.chars <= budget.maxChars;

/**
 * The records to forget, from `oldest` (oldest first): as many as it takes for the rest to fit the
 * budget (`totals` is updated as they go). Both stores keep the records within their budget so.
 */
export function overBudget<K>(
  oldest: Iterable<{ key: K; chars: number | bigint }>,
  totals: IdempotencyTotals,
  budget: IdempotencyBudget,
): K[] {
  const drop: K[] = [];
  for (const row of oldest) {
    if (withinBudget(totals, budget)) break;
    drop.push(row.key);
    totals.records--;
    totals.chars -= Number(row.chars);
  }
  return drop;
}

export interface IdempotencyRecord {
  key: string;
  requestHash: string;
  status: number;
  contentType: string;
  body: string;
  createdAt: string;
}

export interface ListQuery {
  kind: string;
  /** Absent: every namespace. */
  namespace?: string;
  /** Resume strictly after this (namespace, name). */
  after?: { namespace: string; name: string };
}

export interface ResourceStore {
  readonly db: DatabaseSync;
  /** Run `fn` in one write transaction (BEGIN IMMEDIATE … COMMIT); rolls back if it throws. Nests as a savepoint. */
  transaction<T>(fn: () => T): T;
  /**
   * Group commit: run `fn` now in its own savepoint of a shared transaction that commits on the next
   * turn of the event loop, together with every other write queued in this turn. The promise
   * settles after that commit, so an answer sent when it resolves is durable. A throwing `fn` is
   * rolled back alone and rejects at once.
   */
  queuedTransaction<T>(fn: () => T): Promise<T>;
  get(kind: string, namespace: string, name: string): ResourceRecord | undefined;
  /** Rows in (namespace, name) order; a generator, so callers can stop early (paging). */
  iterate(query: ListQuery): Iterable<ResourceRecord>;
  /** Create or replace; `resourceVersion` is taken from the store-wide counter. Call inside `transaction`. */
  put(record: Omit<ResourceRecord, 'resourceVersion'>): ResourceRecord;
  delete(kind: string, namespace: string, name: string): boolean;
  /** Next value of the store-wide version counter (call inside a transaction; never reused, even after deletes or restarts). */
  nextResourceVersion(): string;
  newUid(): string;
  /** Applied WorkloadIdentities whose `spec.workloadID` equals `workloadID` (normally one), as returned by the API. */
  findWorkloadIdentitiesByWorkloadId(workloadID: string): StoredResource[];
  /** Record an issued SVID; returns its id. */
  recordIssuedSvid(svid: IssuedSvidRecord): number;
  /** Issued SVIDs for a workload, newest first (all workloads when `workloadID` is undefined). */
  listIssuedSvids(workloadID?: string, limit?: number): IssuedSvidRecord[];
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;
  getIdempotency(key: string): IdempotencyRecord | undefined;
  putIdempotency(record: IdempotencyRecord): void;
  /**
   * Forget idempotency records created before `before` (RFC 3339), and then the oldest ones beyond
   * `budget` (most records, most characters of stored answers in all).
   */
  pruneIdempotency(before: string, budget?: IdempotencyBudget): void;
  /** Checkpoint the WAL into the database file and close. */
  close(): void;
}

/** Build the API representation of a stored row. */
export function toStoredResource(record: ResourceRecord): StoredResource {
  const doc = JSON.parse(record.body) as { metadata: Record<string, unknown> } & Record<string, unknown>;
  // Set on the object just parsed (no copy): the keys come out in the same order as a spread would
  // give. A body without a metadata object (not one writes.ts stores) gets one.
  const metadata =
    typeof doc.metadata === 'object' && doc.metadata !== null && !Array.isArray(doc.metadata)
      ? doc.metadata
      : (doc.metadata = { ...doc.metadata });
  metadata.namespace = record.namespace;
  metadata.uid = record.uid;
  metadata.resourceVersion = record.resourceVersion;
  metadata.generation = record.generation;
  metadata.creationTimestamp = record.creationTimestamp;
  return doc as unknown as StoredResource;
}

/** The metadata toStoredResource adds to a stored body, in its order. */
const SERVER_SET_KEYS = ['"uid":', '"resourceVersion":', '"generation":', '"creationTimestamp":'];

/**
 * Where the top-level `metadata` object of a stored body ends (the index of its `}`), when the body is
 * what writes.ts stores for this record: JSON.stringify of a normalized resource, whose metadata
 * holds the record's namespace and none of the server-set keys. -1 for anything else.
 */
function metadataEnd(body: string, namespace: string): number {
  const namespaceEntry = `"namespace":${JSON.stringify(namespace)}`;
  let depth = 0;
  let inMetadata = false;
  let namespaceSeen = false;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 34 /* " */) {
      // JSON.stringify writes no spaces: a string after `{` or `,` in an object is a key.
      const prev = body.charCodeAt(i - 1);
      const key = prev === 123 /* { */ || prev === 44; /* , */
      if (key && depth === 1 && !inMetadata && body.startsWith('"metadata":{', i)) {
        i += 11; // onto the `{`
        depth = 2;
        inMetadata = true;
        continue;
      }
      if (key && depth === 2 && inMetadata) {
        for (const k of SERVER_SET_KEYS) if (body.startsWith(k, i)) return -1;
        if (body.startsWith('"namespace":', i)) {
          if (!body.startsWith(namespaceEntry, i)) return -1;
          namespaceSeen = true;
        }
      }
      for (i++; i < body.length; i++) {
        const d = body.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
      continue;
    }
    if (c === 123 || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (inMetadata && depth === 1) return namespaceSeen ? i : -1;
    }
  }
  return -1;
}

/**
 * `JSON.stringify(toStoredResource(record))`, the same text, without parsing the stored body: the
 * server-set metadata is written in at the end of its `metadata` object (a list answers thousands of
 * these; parsing and writing each again took 6–12 µs). A body not of the form writes.ts stores is
 * parsed as toStoredResource does.
 */
export function storedResourceJson(record: ResourceRecord): string {
  const end = metadataEnd(record.body, record.namespace);
  if (end < 0) return JSON.stringify(toStoredResource(record));
  return (
    record.body.slice(0, end) +
    `,"uid":${JSON.stringify(record.uid)},"resourceVersion":${JSON.stringify(record.resourceVersion)}` +
    `,"generation":${JSON.stringify(record.generation)},"creationTimestamp":${JSON.stringify(record.creationTimestamp)}` +
    record.body.slice(end)
  );
}

interface Row {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  resource_version: number | bigint;
  generation: number | bigint;
  created_at: string;
  updated_at: string;
  workload_id: string | null;
  body: string;
}

function fromRow(row: Row): ResourceRecord {
  return {
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    uid: row.uid,
    resourceVersion: String(row.resource_version),
    generation: Number(row.generation),
    creationTimestamp: row.created_at,
    updateTimestamp: row.updated_at,
    workloadID: row.workload_id,
    body: row.body,
  };
}

const MIGRATION_1 = `
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resources (
  kind TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  uid TEXT NOT NULL,
  resource_version INTEGER NOT NULL,
  generation INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  workload_id TEXT,
  body TEXT NOT NULL,
  PRIMARY KEY (kind, namespace, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS resources_workload_id ON resources (workload_id) WHERE workload_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idempotency_created ON idempotency (created_at);
CREATE TABLE IF NOT EXISTS svids (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  workload_id TEXT NOT NULL,
  spiffe_id TEXT NOT NULL,
  serial TEXT,
  not_before TEXT NOT NULL,
  not_after TEXT NOT NULL,
  certificate_pem TEXT,
  audience TEXT,
  issued_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS svids_workload ON svids (workload_id, id);
INSERT OR IGNORE INTO settings (key, value) VALUES ('resourceVersion', '0');
`;

/**
 * Schema 2: each idempotency record's answer size in a column of its own, indexed with the record's
 * age, so that keeping the records within their budget reads a small index instead of every stored
 * answer (which, at the budget, took about 100 ms per apply: bench/apply/idempotency.js).
 */
const MIGRATION_2 = `
ALTER TABLE idempotency ADD COLUMN body_chars INTEGER NOT NULL DEFAULT 0;
UPDATE idempotency SET body_chars = length(body);
DROP INDEX IF EXISTS idempotency_created;
CREATE INDEX idempotency_age ON idempotency (created_at, body_chars);
`;

/** The migrations by the schema version they lead to. */
const MIGRATIONS: Record<number, string> = { 1: MIGRATION_1, 2: MIGRATION_2 };

/** Bring the schema to SCHEMA_VERSION in one transaction (another process may have done it first). */
function migrate(db: DatabaseSync): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
    for (let v = Number(row.user_version) + 1; v <= SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

/** Open (creating or migrating) the store in `dbFile`. `now` stamps SVID records that carry no time. */
export function openStore(dbFile: string, now: () => Date = () => new Date()): ResourceStore {
  const { DatabaseSync } = loadSqlite();
  // The database and its -wal/-shm hold every resource: private to the owner, like the token and
  // keys. SQLite creates the side files with the main file's mode, so create that one 0600 first.
  createPrivateFile(dbFile);
  const db = new DatabaseSync(dbFile);
  db.exec('PRAGMA journal_mode = WAL');
  for (const side of [`${dbFile}-wal`, `${dbFile}-shm`]) restrictMode(side);
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA cache_size = -16384');
  // A checkpoint fsyncs; in the middle of a burst of writes it costs more than the writes. Checkpoint
  // when the writes pause (see scheduleCheckpoint) and let SQLite do it inline only past 64 MiB of WAL.
  db.exec('PRAGMA wal_autocheckpoint = 16384');
  const version = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new AdvisedError(
      `${dbFile} was written by a newer riptides-cli (schema ${version}, this one knows ${SCHEMA_VERSION})`,
      [
        'run the newer riptides-cli that wrote it (riptides-cli --version names this one)',
        `or move ${path.dirname(dbFile)} aside to start with empty data (what it holds is then not used)`,
      ],
    );
  }
  if (version < SCHEMA_VERSION) migrate(db);

  const stmt = (sql: string): StatementSync => db.prepare(sql);
  const sGet = stmt('SELECT * FROM resources WHERE kind = ? AND namespace = ? AND name = ?');
  const sListNs = stmt(
    'SELECT * FROM resources WHERE kind = ? AND namespace = ? AND name > ? ORDER BY namespace, name',
  );
  // A row value, so that SQLite seeks to the page's start in the primary key: spelt as
  // `namespace > ? OR (namespace = ? AND name > ?)`, it walked every row of the kind before the page,
  // which made listing all of them quadratic in their number (EXPLAIN QUERY PLAN: `kind=?` alone).
  const sListAll = stmt(
    'SELECT * FROM resources WHERE kind = ? AND (namespace, name) > (?, ?) ORDER BY namespace, name',
  );
  const sUpsert = stmt(
    `INSERT INTO resources (kind, namespace, name, uid, resource_version, generation, created_at, updated_at, workload_id, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (kind, namespace, name) DO UPDATE SET
       resource_version = excluded.resource_version, generation = excluded.generation,
       updated_at = excluded.updated_at, workload_id = excluded.workload_id, body = excluded.body`,
  );
  const sDelete = stmt('DELETE FROM resources WHERE kind = ? AND namespace = ? AND name = ?');
  const sSavedVersion = stmt(
    "SELECT CAST(value AS INTEGER) AS v FROM settings WHERE key = 'resourceVersion'",
  );
  const sMaxVersion = stmt('SELECT max(resource_version) AS v FROM resources');
  const sSaveVersion = stmt("UPDATE settings SET value = ? WHERE key = 'resourceVersion'");
  const sDataVersion = stmt('PRAGMA data_version');
  const sByWorkload = stmt(
    "SELECT * FROM resources WHERE workload_id = ? AND kind = 'WorkloadIdentity' ORDER BY namespace, name",
  );
  const sGetSetting = stmt('SELECT value FROM settings WHERE key = ?');
  const sSetSetting = stmt(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const sGetIdem = stmt('SELECT * FROM idempotency WHERE key = ?');
  const sPutIdem = stmt(
    `INSERT INTO idempotency (key, request_hash, status, content_type, body, created_at, body_chars)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
       content_type = excluded.content_type, body = excluded.body, created_at = excluded.created_at,
       body_chars = excluded.body_chars`,
  );
  const sPruneIdem = stmt('DELETE FROM idempotency WHERE created_at < ?');
  // Both read only the index idempotency_age (created_at, body_chars), never the stored answers.
  const sIdemTotals = stmt('SELECT count(*) AS n, total(body_chars) AS chars FROM idempotency');
  const sIdemOldest = stmt(
    'SELECT rowid AS key, body_chars AS chars FROM idempotency ORDER BY created_at, rowid',
  );
  const sDeleteIdem = stmt('DELETE FROM idempotency WHERE rowid = ?');
  const sInsertSvid = stmt(
    `INSERT INTO svids (type, workload_id, spiffe_id, serial, not_before, not_after, certificate_pem, audience, issued_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const sSvidsFor = stmt('SELECT * FROM svids WHERE workload_id = ? ORDER BY id DESC LIMIT ?');
  const sSvidsAll = stmt('SELECT * FROM svids ORDER BY id DESC LIMIT ?');

  // The statements every write runs, prepared once (db.exec compiles its SQL on every call).
  const sBegin = stmt('BEGIN IMMEDIATE');
  const sCommit = stmt('COMMIT');
  const sSavepointQ = stmt('SAVEPOINT q');
  const sReleaseQ = stmt('RELEASE q');

  let depth = 0;
  let closed = false;
  // Whether BEGIN ran and neither COMMIT nor ROLLBACK has ended it yet. Tracked here rather than read
  // from `db.isTransaction`, which Node 22.13 (the declared minimum) does not have.
  let inTransaction = false;
  const rollback = (): void => {
    if (!inTransaction) return;
    inTransaction = false;
    try {
      db.exec('ROLLBACK');
    } catch {
      // SQLite already rolled back (some failed COMMITs do): nothing is left open.
    }
  };

  // The version counter lives in memory: every stored row carries its version, and the settings row
  // is written only on delete (so a deleted row's version is never handed out again). Another
  // process writing the same file is noticed through `PRAGMA data_version` and the counter reloaded.
  let counter = 0;
  let seenDataVersion = -1;
  const loadCounter = (): void => {
    const saved = Number((sSavedVersion.get() as { v: number | bigint } | undefined)?.v ?? 0);
    const max = Number((sMaxVersion.get() as { v: number | bigint | null }).v ?? 0);
    counter = Math.max(saved, max);
  };
  const begin = (): void => {
    sBegin.run();
    inTransaction = true;
    const dataVersion = Number((sDataVersion.get() as { data_version: number | bigint }).data_version);
    if (dataVersion !== seenDataVersion) {
      loadCounter();
      seenDataVersion = dataVersion;
    }
  };
  let checkpointTimer: ReturnType<typeof setTimeout> | undefined;
  let lastCommit = 0;
  const idleCheckpoint = (): void => {
    checkpointTimer = undefined;
    if (closed) return;
    if (performance.now() - lastCommit < 200) {
      checkpointTimer = setTimeout(idleCheckpoint, 200);
      checkpointTimer.unref();
      return;
    }
    try {
      db.exec('PRAGMA wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or failing checkpoints are retried by the next one; the WAL keeps every commit meanwhile.
    }
  };
  const commit = (): void => {
    sCommit.run();
    inTransaction = false;
    seenDataVersion = Number((sDataVersion.get() as { data_version: number | bigint }).data_version);
    lastCommit = performance.now();
    if (!checkpointTimer) {
      checkpointTimer = setTimeout(idleCheckpoint, 500);
      checkpointTimer.unref();
    }
  };

  interface Waiter {
    resolve: () => void;
    reject: (err: unknown) => void;
  }
  /** The open group-commit transaction, if any (it holds depth 1). */
  let group: Waiter[] | undefined;
  const flushGroup = (): void => {
    const waiters = group;
    if (!waiters) return;
    group = undefined;
    depth--;
    try {
      commit();
    } catch (err) {
      rollback();
      loadCounter();
      for (const w of waiters) w.reject(err);
      return;
    }
    for (const w of waiters) w.resolve();
  };

  /** ROLLBACK TO + RELEASE; false when the savepoint is gone (SQLite ended the transaction itself). */
  const rollbackToSavepoint = (name: string): boolean => {
    try {
      db.exec(`ROLLBACK TO ${name}`);
      db.exec(`RELEASE ${name}`);
      return true;
    } catch {
      return false;
    }
  };
  const abortGroup = (err: unknown): void => {
    const waiters = group ?? [];
    group = undefined;
    depth--;
    rollback();
    loadCounter();
    for (const w of waiters) w.reject(err);
  };

  const store: ResourceStore = {
    db,
    transaction<T>(fn: () => T): T {
      // A synchronous transaction commits before it returns: first commit what the group queued.
      if (group && depth === 1) flushGroup();
      const savepoint = depth > 0 ? `sp${depth}` : undefined;
      if (savepoint) db.exec(`SAVEPOINT ${savepoint}`);
      else begin();
      depth++;
      try {
        const result = fn();
        depth--;
        if (savepoint) db.exec(`RELEASE ${savepoint}`);
        else commit();
        return result;
      } catch (err) {
        depth--;
        if (savepoint) {
          // Fails when SQLite already rolled the whole transaction back (disk full, I/O error):
          // the outermost level's rollback() then finds nothing to undo.
          rollbackToSavepoint(savepoint);
        } else {
          rollback();
        }
        throw err;
      }
    },
    queuedTransaction<T>(fn: () => T): Promise<T> {
      if (!group) {
        if (depth > 0) return Promise.resolve().then(() => store.queuedTransaction(fn));
        begin();
        depth++;
        group = [];
        setImmediate(flushGroup);
      }
      const waiters = group;
      sSavepointQ.run();
      depth++;
      let result: T;
      try {
        result = fn();
        depth--;
        sReleaseQ.run();
      } catch (err) {
        depth--;
        if (!rollbackToSavepoint('q')) {
          // SQLite rolled back the whole shared transaction (disk full, I/O error): every write
          // queued in it is lost, so each of their promises fails with this error.
          abortGroup(err);
        }
        return Promise.reject(err);
      }
      return new Promise<T>((resolve, reject) => waiters.push({ resolve: () => resolve(result), reject }));
    },
    get(kind, namespace, name) {
      const row = sGet.get(kind, namespace, name) as Row | undefined;
      return row ? fromRow(row) : undefined;
    },
    *iterate(query) {
      const rows =
        query.namespace !== undefined
          ? sListNs.iterate(
              query.kind,
              query.namespace,
              query.after && query.after.namespace === query.namespace ? query.after.name : '',
            )
          : sListAll.iterate(query.kind, query.after?.namespace ?? '', query.after?.name ?? '');
      // A namespace token from another namespace would skip nothing or everything: only honour matching ones.
      for (const row of rows) yield fromRow(row as unknown as Row);
    },
    put(record) {
      const resourceVersion = store.nextResourceVersion();
      sUpsert.run(
        record.kind,
        record.namespace,
        record.name,
        record.uid,
        BigInt(resourceVersion),
        record.generation,
        record.creationTimestamp,
        record.updateTimestamp,
        record.workloadID,
        record.body,
      );
      return { ...record, resourceVersion };
    },
    delete(kind, namespace, name) {
      const result = sDelete.run(kind, namespace, name);
      if (Number(result.changes) === 0) return false;
      // Remember the highest version handed out, so that it is never reused once this row is gone.
      sSaveVersion.run(store.nextResourceVersion());
      return true;
    },
    nextResourceVersion() {
      counter++;
      return String(counter);
    },
    newUid: () => randomUUID(),
    findWorkloadIdentitiesByWorkloadId(workloadID) {
      return (sByWorkload.all(workloadID) as unknown as Row[]).map((row) => toStoredResource(fromRow(row)));
    },
    recordIssuedSvid(svid) {
      const row = sInsertSvid.get(
        svid.type,
        svid.workloadID,
        svid.spiffeID,
        svid.serial ?? null,
        svid.notBefore,
        svid.notAfter,
        svid.certificatePem ?? null,
        svid.audience ? JSON.stringify(svid.audience) : null,
        svid.issuedAt ?? rfc3339(now()),
      ) as { id: number | bigint };
      return Number(row.id);
    },
    listIssuedSvids(workloadID, limit = 1000) {
      const rows = (
        workloadID === undefined ? sSvidsAll.all(limit) : sSvidsFor.all(workloadID, limit)
      ) as Array<Record<string, string | number | null>>;
      return rows.map((r) => ({
        id: Number(r.id),
        type: r.type as 'x509' | 'jwt',
        workloadID: String(r.workload_id),
        spiffeID: String(r.spiffe_id),
        ...(r.serial !== null ? { serial: String(r.serial) } : {}),
        notBefore: String(r.not_before),
        notAfter: String(r.not_after),
        ...(r.certificate_pem !== null ? { certificatePem: String(r.certificate_pem) } : {}),
        ...(r.audience !== null ? { audience: JSON.parse(String(r.audience)) as string[] } : {}),
        issuedAt: String(r.issued_at),
      }));
    },
    getSetting(key) {
      const row = sGetSetting.get(key) as { value: string } | undefined;
      return row?.value;
    },
    setSetting(key, value) {
      sSetSetting.run(key, value);
    },
    getIdempotency(key) {
      const row = sGetIdem.get(key) as Record<string, string | number> | undefined;
      if (!row) return undefined;
      return {
        key: String(row.key),
        requestHash: String(row.request_hash),
        status: Number(row.status),
        contentType: String(row.content_type),
        body: String(row.body),
        createdAt: String(row.created_at),
      };
    },
    putIdempotency(r) {
      sPutIdem.run(r.key, r.requestHash, r.status, r.contentType, r.body, r.createdAt, r.body.length);
    },
    pruneIdempotency(before, budget) {
      sPruneIdem.run(before);
      if (!budget) return;
      const row = sIdemTotals.get() as { n: number; chars: number };
      const totals = { records: Number(row.n), chars: Number(row.chars) };
      if (withinBudget(totals, budget)) return;
      const oldest = sIdemOldest.iterate() as Iterable<{ key: number; chars: number }>;
      for (const id of overBudget(oldest, totals, budget)) sDeleteIdem.run(id);
    },
    close() {
      if (closed) return;
      flushGroup();
      closed = true;
      if (checkpointTimer) clearTimeout(checkpointTimer);
      try {
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    },
  };
  return store;
}

/** Create `file` empty with mode 0600 unless it exists; an existing one gets its group/other bits removed. */
function createPrivateFile(file: string): void {
  const fs = require('node:fs') as typeof import('node:fs');
  try {
    fs.closeSync(
      fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600),
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    restrictMode(file);
  }
}

/** Remove group and other permissions from `file` when it exists (older data directories had 0644). */
function restrictMode(file: string): void {
  const fs = require('node:fs') as typeof import('node:fs');
  try {
    const mode = fs.statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) fs.chmodSync(file, mode & 0o700);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * `node:sqlite`, without the ExperimentalWarning that Node 22 and 23 print on stderr when it loads:
 * the store is its only user, and that line on every CLI run would be noise (docs/controlplane.md).
 * Node emits the warning on a later tick through `process.emit('warning')`, so the filter stays in
 * place; it drops only that one warning and passes every other through.
 */
let sqliteWarningFiltered = false;
function loadSqlite(): typeof import('node:sqlite') {
  if (!sqliteWarningFiltered) {
    sqliteWarningFiltered = true;
    const emit = process.emit;
    process.emit = function (this: NodeJS.Process, event: string | symbol, ...args: unknown[]): boolean {
      const w = args[0] as Error | undefined;
      if (event === 'warning' && w?.name === 'ExperimentalWarning' && /\bSQLite\b/.test(w.message))
        return false;
      return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
    } as typeof process.emit;
  }
  return require('node:sqlite') as typeof import('node:sqlite');
}

/** The last second `rfc3339` wrote, and its text (a batch stamps thousands of writes in one second). */
let lastSecond = NaN;
let lastText = '';

/** RFC 3339 UTC with second precision, the form Kubernetes uses for timestamps. */
export function rfc3339(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastText = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
    lastSecond = second;
  }
  return lastText;
}
