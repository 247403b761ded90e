/**
 * `Datastore` on PostgreSQL (`controlplane serve --datastore postgres://…`): any number of replicas
 * share one database. Writes are serialized cluster-wide by a transaction-level advisory lock, so
 * resourceVersions (one counter row) are handed out and committed in one order: 409s and `atomic`
 * hold across replicas and the change feed (`changes` table, LISTEN/NOTIFY) has no gaps. A batch
 * reads the rows it touches in one query and writes them in one statement per table at commit.
 */
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient, Client, Notification } from 'pg';
import { ChangeHub, deletionEvent } from './change-hub';
import {
  rfc3339,
  toStoredResource,
  overBudget,
  withinBudget,
  type IdempotencyBudget,
  type IdempotencyRecord,
  type IssuedSvidRecord,
  type ResourceRecord,
} from './sqlite';
import { AdvisedError } from '../../core/errors';
import type { FlowRecord } from '../../core/flows';
import {
  DAEMON_TOKEN_PREFIX,
  DEFAULT_FLOW_RETENTION,
  flowFromRow,
  flowListWhere,
  isFlowId,
  newDaemonToken,
  tokenDigest,
  type FlowRetention,
} from './flows';
import { runStepsAsync } from './steps';
import { matchesWatchFilter, type Datastore, type TxOps, type WatchEvent } from './types';

/** Advisory lock keys (pg_advisory_lock takes a bigint): "rip" + purpose. */
const MIGRATION_LOCK = 0x72697001;
const WRITE_LOCK = 0x72697002;
const BOOTSTRAP_LOCK = 0x72697003;
const CHANNEL = 'riptides_changes';
const SCHEMA_VERSION = 3;

const MIGRATIONS: Record<number, string> = {
  1: `
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE resources (
  kind TEXT COLLATE "C" NOT NULL,
  namespace TEXT COLLATE "C" NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  uid TEXT NOT NULL,
  resource_version BIGINT NOT NULL,
  generation BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  workload_id TEXT,
  body TEXT NOT NULL,
  PRIMARY KEY (kind, namespace, name)
);
CREATE INDEX resources_workload_id ON resources (workload_id) WHERE workload_id IS NOT NULL;
CREATE TABLE changes (
  resource_version BIGINT PRIMARY KEY,
  type TEXT NOT NULL,
  kind TEXT NOT NULL,
  namespace TEXT NOT NULL,
  object TEXT NOT NULL
);
CREATE TABLE idempotency (
  key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX idempotency_created ON idempotency (created_at);
CREATE TABLE svids (
  id BIGSERIAL PRIMARY KEY,
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
CREATE INDEX svids_workload ON svids (workload_id, id);
INSERT INTO settings (key, value) VALUES ('resourceVersion', '0'), ('changesCompactedThrough', '0');
`,
  // Observed flows (SPEC §4.1) and daemon tokens (SHA-256 digests), shared by every replica.
  2: `
CREATE TABLE flows (
  id BIGSERIAL PRIMARY KEY,
  time_ms BIGINT NOT NULL,
  received_ms BIGINT NOT NULL,
  verdict TEXT NOT NULL,
  src_id TEXT,
  src_addr TEXT,
  dst_host TEXT NOT NULL,
  dst_port INTEGER NOT NULL,
  dst_id TEXT,
  body TEXT NOT NULL
);
CREATE INDEX flows_time ON flows (time_ms, id);
CREATE TABLE daemon_tokens (
  digest TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`,
  // Each idempotency record's answer size in a column of its own, so that keeping the records within
  // their budget reads no stored answer (sum(length(body)) read them all: 64 MiB at the budget).
  3: `
ALTER TABLE idempotency ADD COLUMN body_chars INTEGER NOT NULL DEFAULT 0;
UPDATE idempotency SET body_chars = length(body);
DROP INDEX IF EXISTS idempotency_created;
CREATE INDEX idempotency_age ON idempotency (created_at, body_chars);
`,
};

interface Row {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  resource_version: string;
  generation: string;
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

const keyOf = (kind: string, namespace: string, name: string): string => `${kind}\0${namespace}\0${name}`;

export interface PostgresOptions {
  /** `postgres://USER@HOST:PORT/DB` (the password comes from PGPASSWORD or `password`, never the log). */
  url: string;
  password?: string;
  now?: () => Date;
  /** Changes kept for `GET /v1/watch` (default 100,000); older versions get 410. */
  keepChanges?: number;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** The window of stored flows (default 1,000,000 flows, 7 days). */
  flowRetention?: FlowRetention;
  /** Follow the change feed (LISTEN and a 1 s poll; default true). One-shot commands pass false. */
  follow?: boolean;
}

/** The database URL with any password removed, for messages. */
export function redactDatastoreUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export interface PostgresDatastore extends Datastore {
  readonly pool: Pool;
  /**
   * Run `fn` once for the whole cluster: under an advisory lock, `fn` sees whether the cluster is set
   * up (`settings`) and may write its secrets. Returns what `fn` returns.
   */
  bootstrap<T>(fn: (db: ClusterSetup) => Promise<T>): Promise<T>;
}

/** What replica bootstrap may read and write (inside the bootstrap lock). */
export interface ClusterSetup {
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  getSecret(name: string): Promise<string | undefined>;
  setSecret(name: string, value: string): Promise<void>;
}

/** Connect, migrate (under an advisory lock, so replicas starting together are safe) and start the change listener. */
export async function openPostgresDatastore(options: PostgresOptions): Promise<PostgresDatastore> {
  const pg = require('pg') as typeof import('pg');
  // Versions and counters are BIGINT: keep them as strings (the API's resourceVersion is a string).
  const now = options.now ?? (() => new Date());
  const keep = options.keepChanges ?? 100_000;
  const config = { ...connectionConfig(options.url), application_name: 'riptides-controlplane' };
  if (options.password !== undefined) config.password = options.password;
  const pool = new pg.Pool({ ...config, max: options.poolSize ?? 10 });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }

  const currentVersion = async (client: Pool | PoolClient = pool): Promise<bigint> => {
    const r = await client.query<{ value: string }>(
      "SELECT value FROM settings WHERE key = 'resourceVersion'",
    );
    return BigInt(r.rows[0]?.value ?? '0');
  };

  // Fan-out: one LISTEN connection per replica; each notification (or a 1 s poll, in case one is
  // missed while reconnecting) reads the changes after the last one delivered, in order.
  const hub = new ChangeHub(0n, 0);
  let delivered = await currentVersion();
  let closed = false;
  let pumping: Promise<void> | undefined;
  let again = false;
  const pump = (): Promise<void> => {
    if (pumping) {
      again = true;
      return pumping;
    }
    pumping = (async () => {
      do {
        again = false;
        try {
          const r = await pool.query<{ resource_version: string; type: string; object: string }>(
            'SELECT resource_version, type, object FROM changes WHERE resource_version > $1 ORDER BY resource_version LIMIT 10000',
            [String(delivered)],
          );
          for (const row of r.rows) {
            delivered = BigInt(row.resource_version);
            hub.publish(toEvent(row), false);
          }
          if (r.rows.length === 10000) again = true;
        } catch {
          // The database is away: the next notification or poll tries again.
        }
      } while (again && !closed);
    })().finally(() => (pumping = undefined));
    return pumping;
  };
  let listener: Client | undefined;
  const listen = async (): Promise<void> => {
    if (closed) return;
    const client = new pg.Client(config);
    client.on('error', () => undefined);
    client.on('end', () => {
      if (listener === client) listener = undefined;
      if (!closed) setTimeout(() => void listen().catch(() => undefined), 500).unref();
    });
    client.on('notification', (_n: Notification) => void pump());
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
    void pump();
  };
  const follow = options.follow ?? true;
  if (follow) await listen();
  const poll = follow ? setInterval(() => void pump(), 1000) : undefined;
  poll?.unref();
  // The flow window is the cluster's (one table): a replica started with --flow-retention sets it
  // for every replica; one started without it uses the stored one (the default when none is).
  if (options.flowRetention)
    await pool.query(
      `INSERT INTO settings (key, value) VALUES ('flowRetention', $1)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [JSON.stringify(options.flowRetention)],
    );
  const storedWindow = await pool.query<{ value: string }>(
    "SELECT value FROM settings WHERE key = 'flowRetention'",
  );
  const flowRetention: FlowRetention = storedWindow.rows[0]
    ? (JSON.parse(storedWindow.rows[0].value) as FlowRetention)
    : DEFAULT_FLOW_RETENTION;

  /** Run `fn` in one write transaction holding the cluster-wide write lock. */
  const inWriteTransaction = async <T>(fn: (tx: PgTx) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let done = false;
    try {
      // One round trip (simple protocol, no parameters): begin, wait for the lock, read the counter.
      const opened = (await client.query(
        `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK}); SELECT value FROM settings WHERE key = 'resourceVersion'`,
      )) as unknown as Array<{ rows: Array<{ value: string }> }>;
      const tx = new PgTx(client, BigInt(opened[2].rows[0]?.value ?? '0'));
      const result = await fn(tx);
      await tx.flush(keep);
      await client.query('COMMIT');
      done = true;
      return result;
    } finally {
      if (!done) await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  };

  // Group commit for single-object writes: while one transaction runs, the writes that arrive wait
  // and then go together in the next one, each undone alone if it fails. The write lock is then
  // taken once per group, not once per write.
  interface Queued {
    steps: Parameters<Datastore['write']>[0];
    resolve(value: unknown): void;
    reject(err: unknown): void;
  }
  const queue: Queued[] = [];
  let draining = false;
  const drain = async (): Promise<void> => {
    draining = true;
    try {
      while (queue.length > 0) {
        const group = queue.splice(0, 1000);
        const outcomes: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = [];
        try {
          await inWriteTransaction(async (tx) => {
            for (const item of group) {
              const mark = tx.mark();
              try {
                outcomes.push({ ok: true, value: await runStepsAsync(item.steps(tx)) });
              } catch (err) {
                tx.undoTo(mark);
                outcomes.push({ ok: false, err });
              }
            }
          });
        } catch (err) {
          for (const item of group) item.reject(err);
          continue;
        }
        group.forEach((item, i) => {
          const outcome = outcomes[i];
          if (outcome.ok) item.resolve(outcome.value);
          else item.reject(outcome.err);
        });
      }
    } finally {
      draining = false;
    }
  };

  const write: Datastore['write'] = (steps, options) => {
    if (!options?.group) return inWriteTransaction((tx) => runStepsAsync(steps(tx)));
    return new Promise((resolve, reject) => {
      queue.push({ steps, resolve: resolve as (value: unknown) => void, reject });
      if (!draining) void drain();
    });
  };

  const store: PostgresDatastore = {
    backend: 'postgres',
    pool,
    write,
    async get(kind, namespace, name) {
      const r = await pool.query<Row>(
        'SELECT * FROM resources WHERE kind = $1 AND namespace = $2 AND name = $3',
        [kind, namespace, name],
      );
      return r.rows[0] ? fromRow(r.rows[0]) : undefined;
    },
    async scan(query, visit) {
      let after = query.after;
      const page = 1000;
      for (;;) {
        const r =
          query.namespace !== undefined
            ? await pool.query<Row>(
                'SELECT * FROM resources WHERE kind = $1 AND namespace = $2 AND name > $3 ORDER BY namespace, name LIMIT $4',
                [
                  query.kind,
                  query.namespace,
                  after && after.namespace === query.namespace ? after.name : '',
                  page,
                ],
              )
            : await pool.query<Row>(
                'SELECT * FROM resources WHERE kind = $1 AND (namespace, name) > ($2, $3) ORDER BY namespace, name LIMIT $4',
                [query.kind, after?.namespace ?? '', after?.name ?? '', page],
              );
        for (const row of r.rows) if (!visit(fromRow(row))) return;
        if (r.rows.length < page) return;
        const last = r.rows[r.rows.length - 1];
        after = { namespace: last.namespace, name: last.name };
      }
    },
    async findWorkloadIdentitiesByWorkloadId(workloadID) {
      const r = await pool.query<Row>(
        "SELECT * FROM resources WHERE workload_id = $1 AND kind = 'WorkloadIdentity' ORDER BY namespace, name",
        [workloadID],
      );
      return r.rows.map((row) => toStoredResource(fromRow(row)));
    },
    async recordIssuedSvid(svid: IssuedSvidRecord) {
      const r = await pool.query<{ id: string }>(
        `INSERT INTO svids (type, workload_id, spiffe_id, serial, not_before, not_after, certificate_pem, audience, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          svid.type,
          svid.workloadID,
          svid.spiffeID,
          svid.serial ?? null,
          svid.notBefore,
          svid.notAfter,
          svid.certificatePem ?? null,
          svid.audience ? JSON.stringify(svid.audience) : null,
          svid.issuedAt ?? rfc3339(now()),
        ],
      );
      return Number(r.rows[0].id);
    },
    async listIssuedSvids(workloadID, limit = 1000) {
      const r =
        workloadID === undefined
          ? await pool.query('SELECT * FROM svids ORDER BY id DESC LIMIT $1', [limit])
          : await pool.query('SELECT * FROM svids WHERE workload_id = $1 ORDER BY id DESC LIMIT $2', [
              workloadID,
              limit,
            ]);
      return (r.rows as Array<Record<string, string | null>>).map((row) => ({
        id: Number(row.id),
        type: row.type as 'x509' | 'jwt',
        workloadID: String(row.workload_id),
        spiffeID: String(row.spiffe_id),
        ...(row.serial !== null ? { serial: String(row.serial) } : {}),
        notBefore: String(row.not_before),
        notAfter: String(row.not_after),
        ...(row.certificate_pem !== null ? { certificatePem: String(row.certificate_pem) } : {}),
        ...(row.audience !== null ? { audience: JSON.parse(String(row.audience)) as string[] } : {}),
        issuedAt: String(row.issued_at),
      }));
    },
    async getIdempotency(key) {
      const r = await pool.query<Record<string, string | number>>(
        'SELECT * FROM idempotency WHERE key = $1',
        [key],
      );
      const row = r.rows[0];
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
    currentResourceVersion: async () => String(await currentVersion()),
    async changesSince(resourceVersion, filter) {
      const compacted = await pool.query<{ value: string }>(
        "SELECT value FROM settings WHERE key = 'changesCompactedThrough'",
      );
      if (resourceVersion < BigInt(compacted.rows[0]?.value ?? '0')) return 'gone';
      const params: unknown[] = [String(resourceVersion)];
      let where = 'resource_version > $1';
      if (filter.kind !== undefined) {
        params.push(filter.kind);
        where += ` AND kind = $${params.length}`;
      }
      if (filter.namespace !== undefined) {
        params.push(filter.namespace);
        where += ` AND namespace = $${params.length}`;
      }
      // Pages of 5,000 (a long backlog is not one huge result). Compaction may remove rows while this
      // reads: the floor is checked again afterwards, and a moved floor means 410.
      const events: WatchEvent[] = [];
      params.push('');
      for (;;) {
        params[params.length - 1] = events.length > 0 ? events[events.length - 1].resourceVersion : params[0];
        const r = await pool.query<{ resource_version: string; type: string; object: string }>(
          `SELECT resource_version, type, object FROM changes WHERE ${where} AND resource_version > $${params.length}
           ORDER BY resource_version LIMIT 5000`,
          params,
        );
        for (const row of r.rows) events.push(toEvent(row));
        if (r.rows.length < 5000) break;
      }
      const after = await pool.query<{ value: string }>(
        "SELECT value FROM settings WHERE key = 'changesCompactedThrough'",
      );
      if (resourceVersion < BigInt(after.rows[0]?.value ?? '0')) return 'gone';
      return events.filter((e) => matchesWatchFilter(e, filter));
    },
    subscribe: (fn) => hub.subscribe(fn),
    flowRetention,
    async insertFlows(rows, receivedAt) {
      if (rows.length === 0) return [];
      // Ids first, from the table's sequence (one statement: ids increase in request order, unique
      // across replicas; a failed copy leaves a gap, as a failed insert did), then the rows in one
      // COPY, which costs PostgreSQL about half of an INSERT … SELECT FROM unnest(…) of the same
      // rows and spares this process pg's array-literal encoding (docs/performance.md).
      const r = await pool.query<{ id: string }>(
        "SELECT nextval('flows_id_seq')::text AS id FROM generate_series(1, $1::int)",
        [rows.length],
      );
      const ids = r.rows.map((row) => row.id);
      // COPY text: one line a row, tab-separated, \N for null (copyText escapes what it must).
      const lines: string[] = new Array<string>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const c = rows[i];
        lines[i] =
          `${ids[i]}\t${c.timeMs}\t${receivedAt}\t${c.verdict}\t${copyText(c.srcId)}\t${copyText(c.srcAddr)}\t` +
          `${copyText(c.dstHost)}\t${c.dstPort}\t${copyText(c.dstId)}\t${copyText(c.body)}\n`;
      }
      await copyRows(
        pool,
        'COPY flows (id, time_ms, received_ms, verdict, src_id, src_addr, dst_host, dst_port, dst_id, body) FROM STDIN',
        lines.join(''),
      );
      // The window, after the insert (its own statement; a failure here loses no flow), as stored
      // now (another replica may have been started with a new --flow-retention). Count: ids are
      // handed out in arrival order, so rows at or below (newest id - maxCount) are outside it (at
      // most maxCount kept; fewer when a failed insert left a gap in the sequence). Age: every row
      // before the first one received inside the window, a scan over exactly the rows dropped.
      await pool.query(
        `WITH w AS (
           SELECT coalesce((SELECT value::json FROM settings WHERE key = 'flowRetention'), $3::json) AS v),
         bounds AS (
           SELECT greatest($1::bigint - (v->>'maxCount')::bigint, 0) AS floor,
                  $2::bigint - (v->>'maxAgeMs')::bigint AS cutoff FROM w),
         by_count AS (DELETE FROM flows WHERE id <= (SELECT floor FROM bounds) RETURNING 1)
         DELETE FROM flows WHERE id < coalesce(
           (SELECT id FROM flows WHERE received_ms >= (SELECT cutoff FROM bounds) ORDER BY id LIMIT 1),
           9223372036854775807)
           AND (SELECT received_ms FROM flows ORDER BY id LIMIT 1) < (SELECT cutoff FROM bounds)`,
        [ids[ids.length - 1], receivedAt, JSON.stringify(DEFAULT_FLOW_RETENTION)],
      );
      return ids;
    },
    async listFlows(q) {
      const { where, params } = flowListWhere(q);
      let n = 0;
      const clauses = where.map((w) => w.replace(/\?/g, () => `$${++n}`));
      const r = await pool.query<{ id: string; body: string; time_ms: string }>(
        `SELECT id, body, time_ms FROM flows ${clauses.length ? 'WHERE ' + clauses.join(' AND ') : ''}
         ORDER BY time_ms DESC, id DESC LIMIT $${n + 1}`,
        [...params, q.limit + 1],
      );
      const more = r.rows.length > q.limit;
      const page = more ? r.rows.slice(0, q.limit) : r.rows;
      const last = page[page.length - 1];
      return {
        items: page.map((row) => flowFromRow(row.id, row.body)),
        ...(more && last ? { next: { time: Number(last.time_ms), id: Number(last.id) } } : {}),
      };
    },
    async getFlow(id): Promise<FlowRecord | undefined> {
      if (!isFlowId(id)) return undefined;
      const r = await pool.query<{ id: string; body: string }>('SELECT id, body FROM flows WHERE id = $1', [
        id,
      ]);
      return r.rows[0] ? flowFromRow(r.rows[0].id, r.rows[0].body) : undefined;
    },
    async countFlows() {
      const r = await pool.query<{ n: string }>('SELECT count(*) AS n FROM flows');
      return Number(r.rows[0].n);
    },
    async createDaemonToken(name, now) {
      const token = newDaemonToken();
      await pool.query('INSERT INTO daemon_tokens (digest, name, created_at) VALUES ($1, $2, $3)', [
        tokenDigest(token),
        name,
        now.toISOString(),
      ]);
      return token;
    },
    async revokeDaemonTokens(name) {
      return (await pool.query('DELETE FROM daemon_tokens WHERE name = $1', [name])).rowCount ?? 0;
    },
    async daemonForToken(token) {
      if (!token.startsWith(DAEMON_TOKEN_PREFIX)) return undefined;
      const r = await pool.query<{ name: string }>('SELECT name FROM daemon_tokens WHERE digest = $1', [
        tokenDigest(token),
      ]);
      return r.rows[0]?.name;
    },
    async bootstrap(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
        const result = await fn({
          getSetting: async (key) =>
            (await client.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]))
              .rows[0]?.value,
          setSetting: async (key, value) => {
            await client.query(
              'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
              [key, value],
            );
          },
          getSecret: async (name) =>
            (await client.query<{ value: string }>('SELECT value FROM secrets WHERE name = $1', [name]))
              .rows[0]?.value,
          setSecret: async (name, value) => {
            await client.query('INSERT INTO secrets (name, value) VALUES ($1, $2)', [name, value]);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(poll);
      await pumping;
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  };
  return store;
}

/**
 * pg's own URL parsing overrides an explicit password with the URL's (none): take the URL apart here.
 * `?sslmode=require` (or verify-full) turns TLS on; the password comes from PGPASSWORD when not given.
 */
function connectionConfig(url: string): import('pg').ClientConfig {
  const u = new URL(url);
  const sslmode = u.searchParams.get('sslmode');
  return {
    host: decodeURIComponent(u.hostname.replace(/^\[|\]$/g, '')) || undefined,
    port: u.port ? Number(u.port) : undefined,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    database: u.pathname.length > 1 ? decodeURIComponent(u.pathname.slice(1)) : undefined,
    ...(sslmode === 'require' || sslmode === 'verify-ca' || sslmode === 'verify-full'
      ? { ssl: sslmode === 'require' ? { rejectUnauthorized: false } : true }
      : {}),
  };
}

/** A value in COPY's text format: `\N` for null; a backslash, tab, newline or carriage return escaped. */
function copyText(v: string | null): string {
  if (v === null) return '\\N';
  return COPY_SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : v;
}
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** `COPY … FROM STDIN` of `data` (text format, whole lines) on one pooled connection. */
async function copyRows(pool: Pool, copy: string, data: string): Promise<void> {
  const { from } = require('pg-copy-streams') as typeof import('pg-copy-streams');
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const stream = client.query(from(copy));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    // One write: a batch's text is a few MB, sent in pg's own CopyData messages.
    stream.end(data);
    await done;
  } catch (err) {
    broken = err as Error;
    throw err;
  } finally {
    // A connection whose COPY failed is in an unknown state: the pool closes it instead of reusing it.
    client.release(broken);
  }
}

function toEvent(row: { resource_version: string; type: string; object: string }): WatchEvent {
  return {
    type: row.type as WatchEvent['type'],
    resourceVersion: String(row.resource_version),
    object: JSON.parse(row.object) as WatchEvent['object'],
  };
}

async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    // A session lock (not a transaction one): held across the migrations' own transactions.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS riptides_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const r = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM riptides_schema');
      const current = r.rows[0]?.v ?? 0;
      if (current > SCHEMA_VERSION) {
        throw new AdvisedError(
          `the database was set up by a newer riptides-cli (schema ${current}, this one knows ${SCHEMA_VERSION})`,
          [
            'run the release of riptides-cli that the other replicas run, or a newer one (riptides-cli --version names this one)',
          ],
        );
      }
      for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
        await client.query('BEGIN');
        try {
          await client.query(MIGRATIONS[version]);
          await client.query('INSERT INTO riptides_schema (version) VALUES ($1)', [version]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

/**
 * One write transaction (the write lock is held). Reads go to the database once per key, then to
 * the transaction's own view; writes are kept until `flush`, which sends them in a few statements.
 */
class PgTx implements TxOps {
  /** Rows as this transaction sees them (null: known absent). */
  private readonly view = new Map<string, ResourceRecord | null>();
  /** Keys written by this transaction. */
  private readonly written = new Set<string>();
  private readonly events: WatchEvent[] = [];
  /** How to undo each write since a mark (group commit: a failed write is undone alone). */
  private readonly journal: Array<{
    key: string;
    before: ResourceRecord | null | undefined;
    wasWritten: boolean;
  }> = [];

  private readonly startCounter: bigint;

  constructor(
    private readonly client: PoolClient,
    private counter: bigint,
  ) {
    this.startCounter = counter;
  }

  get(
    kind: string,
    namespace: string,
    name: string,
  ): ResourceRecord | undefined | Promise<ResourceRecord | undefined> {
    const key = keyOf(kind, namespace, name);
    const seen = this.view.get(key);
    if (seen !== undefined) return seen ?? undefined;
    return this.client
      .query<Row>('SELECT * FROM resources WHERE kind = $1 AND namespace = $2 AND name = $3', [
        kind,
        namespace,
        name,
      ])
      .then((r) => {
        const record = r.rows[0] ? fromRow(r.rows[0]) : undefined;
        if (!this.view.has(key)) this.view.set(key, record ?? null);
        return this.view.get(key) ?? undefined;
      });
  }

  async prefetch(keys: Array<{ kind: string; namespace: string; name: string }>): Promise<void> {
    const missing = keys.filter((k) => !this.view.has(keyOf(k.kind, k.namespace, k.name)));
    if (missing.length === 0) return;
    const r = await this.client.query<Row>(
      `SELECT r.* FROM resources r JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(kind, namespace, name)
         ON r.kind = k.kind AND r.namespace = k.namespace AND r.name = k.name`,
      [missing.map((k) => k.kind), missing.map((k) => k.namespace), missing.map((k) => k.name)],
    );
    for (const k of missing) this.view.set(keyOf(k.kind, k.namespace, k.name), null);
    for (const row of r.rows) this.view.set(keyOf(row.kind, row.namespace, row.name), fromRow(row));
  }

  put(record: Omit<ResourceRecord, 'resourceVersion'>, created: boolean): ResourceRecord {
    this.counter++;
    const stored: ResourceRecord = { ...record, resourceVersion: String(this.counter) };
    this.record(keyOf(record.kind, record.namespace, record.name), stored);
    this.events.push({
      type: created ? 'ADDED' : 'MODIFIED',
      resourceVersion: stored.resourceVersion,
      object: toStoredResource(stored),
    });
    return stored;
  }

  async delete(kind: string, namespace: string, name: string): Promise<ResourceRecord | undefined> {
    const record = await this.get(kind, namespace, name);
    if (!record) return undefined;
    this.counter++;
    this.record(keyOf(kind, namespace, name), null);
    const resourceVersion = String(this.counter);
    this.events.push(deletionEvent(record, resourceVersion));
    return record;
  }

  newUid(): string {
    return randomUUID();
  }

  mark(): { journal: number; events: number; counter: bigint } {
    return { journal: this.journal.length, events: this.events.length, counter: this.counter };
  }

  undoTo(mark: { journal: number; events: number; counter: bigint }): void {
    while (this.journal.length > mark.journal) {
      const entry = this.journal.pop()!;
      if (entry.before === undefined) this.view.delete(entry.key);
      else this.view.set(entry.key, entry.before);
      if (!entry.wasWritten) this.written.delete(entry.key);
    }
    this.events.length = mark.events;
    this.counter = mark.counter;
  }

  private record(key: string, after: ResourceRecord | null): void {
    this.journal.push({ key, before: this.view.get(key), wasWritten: this.written.has(key) });
    this.view.set(key, after);
    this.written.add(key);
  }

  async putIdempotency(r: IdempotencyRecord): Promise<void> {
    await this.client.query(
      `INSERT INTO idempotency (key, request_hash, status, content_type, body, created_at, body_chars)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
         content_type = excluded.content_type, body = excluded.body, created_at = excluded.created_at,
         body_chars = excluded.body_chars`,
      [r.key, r.requestHash, r.status, r.contentType, r.body, r.createdAt, r.body.length],
    );
  }

  async pruneIdempotency(before: string, budget?: IdempotencyBudget): Promise<void> {
    await this.client.query('DELETE FROM idempotency WHERE created_at < $1', [before]);
    if (!budget) return;
    // The totals first (a small read), and only past a budget the oldest go, until the rest fit it.
    const totals = await this.client.query<{ n: number; chars: string }>(
      'SELECT count(*)::int AS n, coalesce(sum(body_chars), 0)::bigint AS chars FROM idempotency',
    );
    const left = { records: totals.rows[0].n, chars: Number(totals.rows[0].chars) };
    while (!withinBudget(left, budget)) {
      const oldest = await this.client.query<{ key: string; chars: number }>(
        'SELECT key, body_chars AS chars FROM idempotency ORDER BY created_at, key LIMIT $1',
        [Math.max(left.records - budget.maxRecords, 0) + 64],
      );
      if (oldest.rows.length === 0) return;
      await this.client.query('DELETE FROM idempotency WHERE key = ANY($1)', [
        overBudget(oldest.rows, left, budget),
      ]);
    }
  }

  /** Send the writes: rows, changes, the counter, the notification (delivered at COMMIT), and compaction. */
  async flush(keep: number): Promise<void> {
    if (this.events.length === 0) return;
    const upserts: ResourceRecord[] = [];
    const deletes: string[][] = [[], [], []];
    for (const key of this.written) {
      const record = this.view.get(key);
      if (record) upserts.push(record);
      else {
        const [kind, namespace, name] = key.split('\0');
        deletes[0].push(kind);
        deletes[1].push(namespace);
        deletes[2].push(name);
      }
    }
    // One statement (data-modifying CTEs): the deletes and upserts touch different rows.
    const ev = this.events;
    await this.client.query(
      `WITH deleted AS (
         DELETE FROM resources r USING unnest($1::text[], $2::text[], $3::text[]) AS k(kind, namespace, name)
         WHERE r.kind = k.kind AND r.namespace = k.namespace AND r.name = k.name RETURNING 1),
       upserted AS (
         INSERT INTO resources (kind, namespace, name, uid, resource_version, generation, created_at, updated_at, workload_id, body)
         SELECT * FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::text[], $11::text[], $12::text[], $13::text[])
         ON CONFLICT (kind, namespace, name) DO UPDATE SET
           resource_version = excluded.resource_version, generation = excluded.generation,
           updated_at = excluded.updated_at, workload_id = excluded.workload_id, body = excluded.body
         RETURNING 1),
       changed AS (
         INSERT INTO changes (resource_version, type, kind, namespace, object)
         SELECT * FROM unnest($14::bigint[], $15::text[], $16::text[], $17::text[], $18::text[]) RETURNING 1),
       counted AS (UPDATE settings SET value = $19 WHERE key = 'resourceVersion' RETURNING 1)
       SELECT pg_notify('${CHANNEL}', $19)`,
      [
        ...deletes,
        upserts.map((r) => r.kind),
        upserts.map((r) => r.namespace),
        upserts.map((r) => r.name),
        upserts.map((r) => r.uid),
        upserts.map((r) => r.resourceVersion),
        upserts.map((r) => String(r.generation)),
        upserts.map((r) => r.creationTimestamp),
        upserts.map((r) => r.updateTimestamp),
        upserts.map((r) => r.workloadID),
        upserts.map((r) => r.body),
        ev.map((e) => e.resourceVersion),
        ev.map((e) => e.type),
        ev.map((e) => e.object.kind),
        ev.map((e) => e.object.metadata.namespace),
        ev.map((e) => JSON.stringify(e.object)),
        String(this.counter),
      ],
    );
    // Compact the change history in steps of 1,000 versions, keeping at least `keep`.
    const floor = this.counter - BigInt(keep);
    if (floor > 0n && floor / 1000n !== (this.startCounter - BigInt(keep)) / 1000n) {
      await this.client.query('DELETE FROM changes WHERE resource_version <= $1', [String(floor)]);
      await this.client.query("UPDATE settings SET value = $1 WHERE key = 'changesCompactedThrough'", [
        String(floor),
      ]);
    }
  }
}
