/**
 * Flows and daemon tokens in the SQLite store: tables of the same database file as the resources
 * (DATA/controlplane.db). Inserts run inside the caller's transaction; the retention window is a
 * range delete on the primary key (ids are consecutive in one process), so a full window never
 * blocks writes.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { FlowRecord } from '../../core/flows';
import {
  DAEMON_TOKEN_PREFIX,
  type FlowColumns,
  flowFromRow,
  flowListWhere,
  isFlowId,
  newDaemonToken,
  tokenDigest,
  type FlowPage,
  type FlowQuery,
  type FlowRetention,
} from './flows';

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

export interface SqliteFlows {
  /** Store valid records (call inside a transaction), then apply the window. Ids in request order. */
  insert(flows: readonly FlowColumns[], receivedAt: number): string[];
  list(query: FlowQuery): FlowPage;
  get(id: string): FlowRecord | undefined;
  count(): number;
  createDaemonToken(name: string, now: Date): string;
  revokeDaemonTokens(name: string): number;
  daemonForToken(token: string): string | undefined;
}

/** Create the tables when missing and return the flows and daemon tokens over `db`. */
export function openSqliteFlows(db: DatabaseSync, retention: FlowRetention): SqliteFlows {
  db.exec(MIGRATION);
  const sInsert = db.prepare(
    `INSERT INTO flows (time_ms, received_ms, verdict, src_id, src_addr, dst_host, dst_port, dst_id, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const sLastId = db.prepare('SELECT last_insert_rowid() AS id');
  const sDropCount = db.prepare('DELETE FROM flows WHERE id <= ?');
  // Arrival order is id order: drop every row before the first one still inside the age window (a
  // scan over exactly the rows it drops, so no index on received_ms is needed on the insert path).
  const sDropAge = db.prepare(
    'DELETE FROM flows WHERE id < coalesce((SELECT id FROM flows WHERE received_ms >= ? ORDER BY id LIMIT 1), 9223372036854775807)',
  );
  const sOldest = db.prepare('SELECT received_ms FROM flows ORDER BY id LIMIT 1');
  const sGet = db.prepare('SELECT id, body, time_ms FROM flows WHERE id = ?');
  const sCount = db.prepare('SELECT count(*) AS n FROM flows');
  const sToken = db.prepare('SELECT name FROM daemon_tokens WHERE digest = ?');
  const sRevoke = db.prepare('DELETE FROM daemon_tokens WHERE name = ?');
  const sNewToken = db.prepare('INSERT INTO daemon_tokens (digest, name, created_at) VALUES (?, ?, ?)');
  return {
    insert(flows, receivedAt) {
      const ids: string[] = [];
      for (const c of flows) {
        sInsert.run(
          c.timeMs,
          receivedAt,
          c.verdict,
          c.srcId,
          c.srcAddr,
          c.dstHost,
          c.dstPort,
          c.dstId,
          c.body,
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
      const { where, params } = flowListWhere(q);
      const sql = `SELECT id, body, time_ms FROM flows ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY time_ms DESC, id DESC LIMIT ?`;
      const rows = db.prepare(sql).all(...params, q.limit + 1) as unknown as FlowRow[];
      const more = rows.length > q.limit;
      const page = more ? rows.slice(0, q.limit) : rows;
      const last = page[page.length - 1];
      return {
        items: page.map((r) => flowFromRow(r.id, r.body)),
        ...(more && last ? { next: { time: Number(last.time_ms), id: Number(last.id) } } : {}),
      };
    },
    get(id) {
      if (!isFlowId(id)) return undefined;
      const row = sGet.get(Number(id)) as FlowRow | undefined;
      return row ? flowFromRow(row.id, row.body) : undefined;
    },
    count() {
      return Number((sCount.get() as { n: number | bigint }).n);
    },
    createDaemonToken(name, now) {
      const token = newDaemonToken();
      sNewToken.run(tokenDigest(token), name, now.toISOString());
      return token;
    },
    revokeDaemonTokens(name) {
      return Number(sRevoke.run(name).changes);
    },
    daemonForToken(token) {
      if (!token.startsWith(DAEMON_TOKEN_PREFIX)) return undefined;
      return (sToken.get(tokenDigest(token)) as { name: string } | undefined)?.name;
    },
  };
}
