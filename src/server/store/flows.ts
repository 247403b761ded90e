/**
 * Observed flows and daemon tokens in the `Datastore` (SPEC §4.1): the window, the query and the
 * token format, shared by the SQLite (./sqlite-flows) and PostgreSQL (./postgres) implementations.
 * Flows are a bounded window, newest first: a count and an age (`controlplane serve
 * --flow-retention`); every insert drops what fell out of it, oldest (by arrival) first, so a full
 * window never blocks writes. Daemon tokens are stored as their SHA-256 digest only.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FlowRecord } from '../../core/flows';
import type { StoredFlowFields } from '../../core/flows/scan';
import type { Verdict } from '../../core/manifest/types';

export interface FlowRetention {
  /** Flows kept at most (default 1,000,000). */
  maxCount: number;
  /** Flows older than this many ms (by when they were received) are dropped (default 7 days). */
  maxAgeMs: number;
}

export const DEFAULT_FLOW_RETENTION: FlowRetention = { maxCount: 1_000_000, maxAgeMs: 7 * 86_400_000 };

export interface FlowQuery {
  /** Epoch ms: flows at or after this time. */
  since?: number;
  /** Epoch ms: flows before this time. */
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

/**
 * The indexed columns of a flow row and the record's JSON text (`body`) both stores keep beside them:
 * `flowColumns` of a parsed record, or read straight from a line's bytes by the scanner's fast path
 * (`FlowLineScanner.storedFields`, the same values).
 */
export type FlowColumns = StoredFlowFields;

/** The columns and stored text of a record. `raw`: its JSON as received (records without an `id`). */
export function flowColumns(f: FlowRecord, raw?: string): FlowColumns {
  let body = raw;
  if (body === undefined) {
    const { id: _ignored, ...record } = f;
    body = JSON.stringify(record);
  }
  return {
    timeMs: Date.parse(f.time),
    verdict: f.observed.verdict,
    srcId: f.source.spiffeID ?? null,
    srcAddr: f.source.address ?? null,
    dstHost: f.destination.address.toLowerCase(),
    dstPort: f.destination.port,
    dstId: f.destination.spiffeID ?? null,
    body,
  };
}

/** A stored row back to the record, with its id. */
export function flowFromRow(id: string | number | bigint, body: string): FlowRecord {
  const f = JSON.parse(body) as FlowRecord;
  return { id: String(id), ...f };
}

/**
 * The WHERE clauses of a flow list (SPEC §4.1 filters and the `continue` position), with `?`
 * placeholders (the PostgreSQL store numbers them).
 */
export function flowListWhere(q: FlowQuery): { where: string[]; params: (string | number)[] } {
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
  return { where, params };
}

/** A flow id as the API shows it: a positive integer of at most 18 digits. */
export const isFlowId = (id: string): boolean => /^[1-9]\d{0,17}$/.test(id);

/** Daemon tokens: `rtd_` + 32 random bytes (base64url); only the SHA-256 digest is stored. */
export const DAEMON_TOKEN_PREFIX = 'rtd_';

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newDaemonToken(): string {
  return DAEMON_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** How long a replica trusts its last answer about a daemon token (docs/flows.md, revoking). */
export const DAEMON_TOKEN_CACHE = { hitMs: 10_000, missMs: 1_000, maxEntries: 10_000 };

/** Daemon names: what `controlplane daemon-token NAME` accepts. */
export const DAEMON_NAME = /^[A-Za-z0-9._-]{1,128}$/;
