/**
 * Observed flows in the control plane's store (SPEC §4.1): a bounded window of flow records, newest
 * first. The window is a count and an age (`controlplane serve --flow-retention`); every insert drops
 * what fell out of it, oldest first, in the same transaction (a range delete on the primary key, so a
 * full window never blocks writes). A small interface over the SQLite handle, so that another
 * datastore can implement it. Also the daemon tokens (hashes only), which post flows.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { FlowRecord } from '../core/flows';
import type { Verdict } from '../core/manifest/types';

export interface FlowRetention {
  /** Flows kept at most (default 1,000,000). */
  maxCount: number;
  /** Flows older than this many ms (by when they were received) are dropped (default 7 days). */
  maxAgeMs: number;
}

export const DEFAULT_FLOW_RETENTION: FlowRetention = { maxCount: 1_000_000, maxAgeMs: 7 * 86_400_000 };

export interface FlowQuery {
  /** RFC 3339: flows at or after this time. */
  since?: number;
  /** RFC 3339: flows before this time. */
  until?: number;
  verdict?: Verdict;
  /** The source's SPIFFE ID or address. */
  source?: string;
  /** The destination `host:port`, host, or SPIFFE ID. */
  destination?: string;
  limit: number;
  /** Resume after this (time, id), from a `continue` token. */
  after?: { time: number; id: number };
}

export interface FlowPage {
  items: FlowRecord[];
  /** Set when there may be more: pass it as `continue`. */
  next?: { time: number; id: number };
}

export interface FlowStore {
  /**
   * Store valid records (inside the caller's transaction), then apply the retention window. Returns
   * their ids. `raw`: the JSON text of records that carry no `id`, stored as is (no re-serialising).
   */
  insert(flows: readonly FlowRecord[], receivedAt: number, raw?: ReadonlyMap<FlowRecord, string>): string[];
  list(query: FlowQuery): FlowPage;
  get(id: string): FlowRecord | undefined;
  count(): number;
  retention: FlowRetention;
}

const MIGRATION = `
CREATE TABLE IF NOT EXISTS flows (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time_ms INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  src_id TEXT,
  src_addr TEXT,
  dst_host TEXT NOT NULL,
  dst_port INTEGER NOT NULL,
  dst_id TEXT,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS flows_time ON flows (time_ms, id);
CREATE TABLE IF NOT EXISTS daemon_tokens (
  digest TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;

interface FlowRow {
  id: number | bigint;
  body: string;
  time_ms: number | bigint;
}

function rowToFlow(row: FlowRow): FlowRecord {
  const f = JSON.parse(row.body) as FlowRecord;
  return { id: String(row.id), ...f };
}

/** Create the tables when missing and return the flow store over `db`. */
export function openFlowStore(
  db: DatabaseSync,
  retention: FlowRetention = DEFAULT_FLOW_RETENTION,
): FlowStore {
  db.exec(MIGRATION);
  const stmt = (sql: string): StatementSync => db.prepare(sql);
  const sInsert = stmt(
    `INSERT INTO flows (time_ms, received_ms, verdict, src_id, src_addr, dst_host, dst_port, dst_id, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const sLastId = stmt('SELECT last_insert_rowid() AS id');
  const sDropCount = stmt('DELETE FROM flows WHERE id <= ?');
  // Arrival order is id order: drop every row before the first one still inside the age window (a
  // scan over exactly the rows it drops, so no index on received_ms is needed on the insert path).
  const sDropAge = stmt(
    'DELETE FROM flows WHERE id < coalesce((SELECT id FROM flows WHERE received_ms >= ? ORDER BY id LIMIT 1), 9223372036854775807)',
  );
  const sOldest = stmt('SELECT received_ms FROM flows ORDER BY id LIMIT 1');
  const sGet = stmt('SELECT id, body, time_ms FROM flows WHERE id = ?');
  const sCount = stmt('SELECT count(*) AS n FROM flows');
  return {
    retention,
    insert(flows, receivedAt, raw) {
      const ids: string[] = [];
      for (const f of flows) {
        let body = raw?.get(f);
        if (body === undefined) {
          const { id: _ignored, ...record } = f;
          body = JSON.stringify(record);
        }
        sInsert.run(
          Date.parse(f.time),
          receivedAt,
          f.observed.verdict,
          f.source.spiffeID ?? null,
          f.source.address ?? null,
          f.destination.address.toLowerCase(),
          f.destination.port,
          f.destination.spiffeID ?? null,
          body,
        );
      }
      if (flows.length > 0) {
        const last = Number((sLastId.get() as { id: number | bigint }).id);
        for (let i = flows.length - 1; i >= 0; i--) ids.push(String(last - i));
        // Ids are consecutive: everything at or below last - maxCount is outside the window.
        if (last > retention.maxCount) sDropCount.run(last - retention.maxCount);
        const oldest = sOldest.get() as { received_ms: number | bigint } | undefined;
        if (oldest && Number(oldest.received_ms) < receivedAt - retention.maxAgeMs)
          sDropAge.run(receivedAt - retention.maxAgeMs);
      }
      return ids;
    },
    list(q) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      const add = (clause: string, ...values: (string | number)[]) => {
        where.push(clause);
        params.push(...values);
      };
      if (q.since !== undefined) add('time_ms >= ?', q.since);
      if (q.until !== undefined) add('time_ms < ?', q.until);
      if (q.verdict) add('verdict = ?', q.verdict);
      if (q.source) add('(src_id = ? OR src_addr = ?)', q.source, q.source);
      if (q.destination) {
        const m = /^(.*):(\d{1,5})$/.exec(q.destination);
        if (m && !q.destination.startsWith('spiffe://'))
          add('(dst_host = ? AND dst_port = ?)', m[1].toLowerCase(), Number(m[2]));
        else add('(dst_host = ? OR dst_id = ?)', q.destination.toLowerCase(), q.destination);
      }
      if (q.after) add('(time_ms < ? OR (time_ms = ? AND id < ?))', q.after.time, q.after.time, q.after.id);
      const sql = `SELECT id, body, time_ms FROM flows ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY time_ms DESC, id DESC LIMIT ?`;
      const rows = db.prepare(sql).all(...params, q.limit + 1) as unknown as FlowRow[];
      const more = rows.length > q.limit;
      const page = more ? rows.slice(0, q.limit) : rows;
      const last = page[page.length - 1];
      return {
        items: page.map(rowToFlow),
        ...(more && last ? { next: { time: Number(last.time_ms), id: Number(last.id) } } : {}),
      };
    },
    get(id) {
      if (!/^\d{1,18}$/.test(id)) return undefined;
      const row = sGet.get(Number(id)) as FlowRow | undefined;
      return row ? rowToFlow(row) : undefined;
    },
    count() {
      return Number((sCount.get() as { n: number | bigint }).n);
    },
  };
}

/** Daemon tokens: `rtd_` + 32 random bytes; only the SHA-256 digest is stored. */
export const DAEMON_TOKEN_PREFIX = 'rtd_';

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Mint a daemon token named `name` (e.g. the node); returns the token, shown once. */
export function createDaemonToken(db: DatabaseSync, name: string, now: Date): string {
  db.exec(MIGRATION);
  const token = DAEMON_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  db.prepare('INSERT INTO daemon_tokens (digest, name, created_at) VALUES (?, ?, ?)').run(
    tokenDigest(token),
    name,
    now.toISOString(),
  );
  return token;
}

/** The daemon a token belongs to, or undefined. */
export function daemonTokenLookup(db: DatabaseSync): (token: string) => string | undefined {
  db.exec(MIGRATION);
  const s = db.prepare('SELECT name FROM daemon_tokens WHERE digest = ?');
  return (token) => {
    if (!token.startsWith(DAEMON_TOKEN_PREFIX)) return undefined;
    const row = s.get(tokenDigest(token)) as { name: string } | undefined;
    return row?.name;
  };
}

/** What a daemon token may do besides routes marked `daemon: true`: read policy (resources, info). */
export function daemonMayCall(method: string, routeUrl: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const url = routeUrl ?? '';
  return (
    url === '/v1/info' ||
    url.startsWith('/v1/namespaces/') ||
    url === '/v1/workloadidentities' ||
    url === '/v1/services' ||
    url.startsWith('/v1/daemongroups/') ||
    url === '/v1/watch'
  );
}
