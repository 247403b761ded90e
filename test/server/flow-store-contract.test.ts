/**
 * The flows and daemon-token part of the `Datastore` contract (src/server/store/types.ts), the same
 * cases against both stores: SQLite (a file in a temporary directory) and PostgreSQL (a real server
 * started for this file). Ids in request order, the record read back as stored, filters and pages
 * newest first, the window by count and by age (oldest arrivals first, writes never blocked), and
 * daemon tokens stored as digests only.
 */
import path from 'node:path';
import type { FlowRecord } from '../../src/core/flows';
import {
  flowColumns,
  openStore,
  sqliteDatastore,
  tokenDigest,
  type Datastore,
  type FlowRetention,
} from '../../src/server/store';
import { openPostgresDatastore, type PostgresDatastore } from '../../src/server/store/postgres';
import { tempDir } from '../helpers/cli';
import { flow } from '../helpers/flows';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(() => pg?.stop());

interface Opened {
  ds: Datastore;
  /** Every stored daemon-token row's columns, as text. */
  tokenRows(): Promise<string[]>;
}

let databases = 0;
const backends: Record<string, (retention: FlowRetention) => Promise<Opened>> = {
  sqlite: async (retention) => {
    const store = openStore(path.join(tempDir('riptides-flows-'), 'controlplane.db'));
    const ds = sqliteDatastore(store, { flowRetention: retention });
    return {
      ds,
      tokenRows: async () =>
        (store.db.prepare('SELECT * FROM daemon_tokens').all() as Record<string, string>[]).map((r) =>
          Object.values(r).join(' '),
        ),
    };
  },
  postgres: async (retention) => {
    const url = pg.createDatabase(`contract_${++databases}`);
    const ds: PostgresDatastore = await openPostgresDatastore({
      url,
      password: pg.password,
      flowRetention: retention,
    });
    return {
      ds,
      tokenRows: async () =>
        (await ds.pool.query<Record<string, string>>('SELECT * FROM daemon_tokens')).rows.map((r) =>
          Object.values(r).join(' '),
        ),
    };
  },
};

/** The rows of `records` as a store takes them (`raw`: a record's text as received). */
const rows = (records: FlowRecord[], raw?: Map<FlowRecord, string>) =>
  records.map((f) => flowColumns(f, raw?.get(f)));
const at = (s: number) => `2026-11-30T10:00:${String(s).padStart(2, '0')}Z`;
const T0 = Date.parse('2026-12-01T00:00:00Z');

describe.each(Object.keys(backends))('%s store', (backend) => {
  let opened: Opened;
  let ds: Datastore;
  const open = (retention: FlowRetention) => backends[backend](retention);
  beforeAll(async () => {
    opened = await open({ maxCount: 1000, maxAgeMs: 3_600_000 });
    ds = opened.ds;
  });
  afterAll(() => ds?.close());

  test('ids in request order; a record reads back as stored, with its id; raw text is kept as given', async () => {
    const a = flow('frontend', 'backend', 'PLAINTEXT', { time: at(1) });
    const b = flow('legacy', 'frontend', 'REJECTED', { time: at(2) });
    const raw = new Map<FlowRecord, string>([[b, JSON.stringify(b)]]);
    const ids = await ds.insertFlows(rows([a, b], raw), T0);
    expect(ids).toHaveLength(2);
    expect(BigInt(ids[1])).toBeGreaterThan(BigInt(ids[0]));
    expect(await ds.getFlow(ids[0])).toEqual({ id: ids[0], ...a });
    expect(await ds.getFlow(ids[1])).toEqual({ id: ids[1], ...b });
    expect(await ds.getFlow('999999999')).toBeUndefined();
    expect(await ds.getFlow('not-a-number')).toBeUndefined();
    expect(await ds.insertFlows([], T0)).toEqual([]);
    expect(await ds.countFlows()).toBe(2);
  });

  test('text with backslashes, tabs, newlines, quotes and non-ASCII read back unchanged', async () => {
    // PostgreSQL stores a batch with COPY (text format), where these characters are the syntax.
    const a = flow('frontend', 'backend', 'PLAINTEXT', { time: at(3) });
    a.source.attributes['k8s:label:note'] = 'back\\slash\ttab\nnewline\r"quote" \\N é 💡';
    a.observed.reason = 'a\\tb';
    const b = flow('legacy', 'frontend', 'MTLS', { time: at(4) });
    // As a daemon may write it: tabs and a carriage return as JSON whitespace, escapes kept as sent.
    const rawB = `{\t"time":\t"${b.time}",\r "daemon":"node-7", "daemonGroup":"${b.daemonGroup}",
      "source":${JSON.stringify(b.source)},"destination":${JSON.stringify(b.destination)},
      "observed":{"verdict":"MTLS","reason":"\\\\N\\t\\u00e9"}}`.replace(/\n/g, ' ');
    const parsedB = JSON.parse(rawB) as FlowRecord;
    const ids = await ds.insertFlows(rows([a, parsedB], new Map([[parsedB, rawB]])), T0);
    expect(await ds.getFlow(ids[0])).toEqual({ id: ids[0], ...a });
    expect(await ds.getFlow(ids[1])).toEqual({ id: ids[1], ...parsedB });
    expect(parsedB.observed.reason).toBe('\\N\té');
  });

  test('filters and pages newest first (time, then id), the same pages whatever the page size', async () => {
    const items = Array.from({ length: 9 }, (_, i) =>
      flow(i % 2 ? 'frontend' : 'legacy', i % 3 ? 'backend' : 'frontend', i % 3 ? 'MTLS' : 'PLAINTEXT', {
        time: at(10 + (i % 4)),
        srcId: i % 2 ? 'spiffe://example.com/myapp/app/frontend' : null,
      }),
    );
    const ids = await ds.insertFlows(rows(items), T0 + 1000);
    const all = await ds.listFlows({ since: Date.parse(at(10)), limit: 100 });
    expect(all.next).toBeUndefined();
    expect(all.items.map((f) => f.id).sort()).toEqual([...ids].sort());
    const order = all.items.map((f) => [Date.parse(f.time), Number(f.id)]);
    expect(order).toEqual([...order].sort((x, y) => y[0] - x[0] || y[1] - x[1]));
    for (const size of [1, 2, 4]) {
      const seen: string[] = [];
      let after: { time: number; id: number } | undefined;
      do {
        const page = await ds.listFlows({ since: Date.parse(at(10)), limit: size, after });
        seen.push(...page.items.map((f) => f.id!));
        after = page.next;
      } while (after);
      expect(seen).toEqual(all.items.map((f) => f.id));
    }
    const plaintext = await ds.listFlows({ verdict: 'PLAINTEXT', since: Date.parse(at(10)), limit: 100 });
    expect(plaintext.items.map((f) => f.id).sort()).toEqual([ids[0], ids[3], ids[6]].sort());
    const bySource = await ds.listFlows({ source: 'spiffe://example.com/myapp/app/frontend', limit: 100 });
    expect(bySource.items.map((f) => f.id).sort()).toEqual([ids[1], ids[3], ids[5], ids[7]].sort());
    const byDest = await ds.listFlows({
      destination: 'FRONTEND.myapp.svc.cluster.local:8080',
      since: Date.parse(at(10)),
      limit: 100,
    });
    expect(byDest.items.map((f) => f.id).sort()).toEqual([ids[0], ids[3], ids[6]].sort());
    const window = await ds.listFlows({ since: Date.parse(at(11)), until: Date.parse(at(12)), limit: 100 });
    expect(window.items.map((f) => f.id).sort()).toEqual([ids[1], ids[5]].sort());
  });

  test('the count window keeps the newest arrivals; a full window never blocks a write', async () => {
    const small = await open({ maxCount: 5, maxAgeMs: 3_600_000 });
    try {
      const f = flow('legacy', 'frontend', 'PLAINTEXT');
      const first = await small.ds.insertFlows(rows([f, f, f, f]), T0);
      const second = await small.ds.insertFlows(rows([f, f, f]), T0 + 1);
      expect(await small.ds.countFlows()).toBe(5);
      expect(await small.ds.getFlow(first[1])).toBeUndefined();
      expect(await small.ds.getFlow(first[2])).toBeDefined();
      const third = await small.ds.insertFlows(rows(Array.from({ length: 12 }, () => f)), T0 + 2);
      expect(third).toHaveLength(12);
      expect(await small.ds.countFlows()).toBe(5);
      const kept = (await small.ds.listFlows({ limit: 100 })).items.map((x) => x.id);
      expect(kept.sort()).toEqual(third.slice(7).sort());
      expect(await small.ds.getFlow(second[2])).toBeUndefined();
    } finally {
      await small.ds.close();
    }
  });

  test('the age window drops flows that arrived before it, oldest first', async () => {
    const aged = await open({ maxCount: 1000, maxAgeMs: 60_000 });
    try {
      const f = flow('legacy', 'frontend', 'PLAINTEXT');
      const first = await aged.ds.insertFlows(rows([f, f]), T0);
      const second = await aged.ds.insertFlows(rows([f]), T0 + 30_000);
      expect(await aged.ds.countFlows()).toBe(3);
      await aged.ds.insertFlows(rows([f]), T0 + 70_000); // the first two arrived more than 60 s before
      expect(await aged.ds.countFlows()).toBe(2);
      expect(await aged.ds.getFlow(first[0])).toBeUndefined();
      expect(await aged.ds.getFlow(second[0])).toBeDefined();
      await aged.ds.insertFlows(rows([f]), T0 + 10_000_000); // everything else is older than the window
      expect(await aged.ds.countFlows()).toBe(1);
    } finally {
      await aged.ds.close();
    }
  });

  test('daemon tokens: the name back for the token, nothing for others; only the digest is stored', async () => {
    const token = await ds.createDaemonToken('node-7', new Date(T0));
    const other = await ds.createDaemonToken('node-8', new Date(T0));
    expect(token).toMatch(/^rtd_[A-Za-z0-9_-]{43}$/);
    expect(other).not.toBe(token);
    expect(await ds.daemonForToken(token)).toBe('node-7');
    expect(await ds.daemonForToken(other)).toBe('node-8');
    expect(await ds.daemonForToken('rtd_unknown')).toBeUndefined();
    expect(await ds.daemonForToken(token.slice(4))).toBeUndefined();
    const rows = (await opened.tokenRows()).join('\n');
    expect(rows).toContain(tokenDigest(token));
    expect(rows).not.toContain(token);
    expect(rows).not.toContain(token.slice(4));
    // Revoking deletes every token of that name, and only those.
    const second = await ds.createDaemonToken('node-7', new Date(T0));
    expect(await ds.revokeDaemonTokens('node-7')).toBe(2);
    expect(await ds.daemonForToken(token)).toBeUndefined();
    expect(await ds.daemonForToken(second)).toBeUndefined();
    expect(await ds.daemonForToken(other)).toBe('node-8');
    expect(await ds.revokeDaemonTokens('node-7')).toBe(0);
  });
});

describe('postgres: the flow window is the cluster’s', () => {
  test('a replica started with a window sets it for all; one started without uses the stored one', async () => {
    const url = pg.createDatabase(`window_${++databases}`);
    const open = (flowRetention?: FlowRetention) =>
      openPostgresDatastore({ url, password: pg.password, flowRetention, follow: false });
    const fresh = await open();
    const a = await open({ maxCount: 3, maxAgeMs: 3_600_000 });
    const b = await open();
    try {
      expect(fresh.flowRetention).toEqual({ maxCount: 1_000_000, maxAgeMs: 7 * 86_400_000 });
      expect(b.flowRetention).toEqual({ maxCount: 3, maxAgeMs: 3_600_000 });
      const f = flow('legacy', 'frontend', 'PLAINTEXT');
      // `fresh` opened before the window was set: its inserts apply the stored window all the same.
      await fresh.insertFlows(rows([f, f, f, f, f]), T0);
      expect(await b.countFlows()).toBe(3);
      const c = await open({ maxCount: 4, maxAgeMs: 3_600_000 });
      await a.insertFlows(rows([f, f, f, f, f]), T0 + 1); // a was started with 3; the cluster's is 4 now
      expect(await b.countFlows()).toBe(4);
      await c.close();
    } finally {
      await Promise.all([fresh.close(), a.close(), b.close()]);
    }
  });
});
