/**
 * The PostgreSQL store on a real PostgreSQL: two stores migrating one empty database at once, and
 * group commit (concurrent single-object writes share a transaction, a failing one is undone alone,
 * versions stay contiguous and the change feed has every committed write once).
 */
import { loadValidators } from '../../src/io/validators';
import { problemError } from '../../src/server/problem';
import { Client } from 'pg';
import { openPostgresDatastore, type PostgresDatastore } from '../../src/server/store/postgres';
import type { ResourceRecord } from '../../src/server/store';
import { writeDocumentSteps } from '../../src/server/writes';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { wi } from './harness';

const now = () => new Date('2026-01-02T03:04:05Z');
let pg: TestPostgres;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(() => pg?.stop());

test('two stores migrating one empty database at once both open it, schema applied once', async () => {
  const url = pg.createDatabase('migrate_race');
  const stores = await Promise.all(
    [0, 1].map(() => openPostgresDatastore({ url, password: pg.password, now })),
  );
  try {
    const r = await stores[0].pool.query('SELECT version FROM riptides_schema ORDER BY version');
    expect(r.rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    expect(await stores[1].currentResourceVersion()).toBe('0');
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
});

test('a database at schema 1 (before flows) gets the flows and daemon-token tables and the answer sizes on start, data kept', async () => {
  const url = pg.createDatabase('migrate_1_to_3');
  const first = await openPostgresDatastore({ url, password: pg.password, now });
  await first.pool.query("INSERT INTO settings (key, value) VALUES ('trustDomain', 'example.com')");
  // Back to what a schema-1 release left behind, with two idempotency records.
  await first.pool.query(
    `DROP TABLE flows; DROP TABLE daemon_tokens;
     DROP INDEX idempotency_age; ALTER TABLE idempotency DROP COLUMN body_chars;
     CREATE INDEX idempotency_created ON idempotency (created_at);
     INSERT INTO idempotency (key, request_hash, status, content_type, body, created_at) VALUES
       ('old', 'h1', 200, 'application/json', '{"items":[]}', '2026-01-01T00:00:00Z'),
       ('new', 'h2', 200, 'application/json', '{"items":[1,2,3]}', '2026-01-01T00:00:01Z');
     DELETE FROM riptides_schema WHERE version >= 2`,
  );
  await first.close();
  const again = await openPostgresDatastore({ url, password: pg.password, now });
  try {
    const r = await again.pool.query('SELECT version FROM riptides_schema ORDER BY version');
    expect(r.rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    expect(await again.countFlows()).toBe(0);
    const token = await again.createDaemonToken('node-1', now());
    expect(await again.daemonForToken(token)).toBe('node-1');
    const kept = await again.pool.query("SELECT value FROM settings WHERE key = 'trustDomain'");
    expect(kept.rows).toEqual([{ value: 'example.com' }]);
    // The stored answers' sizes were filled in, and the size budget counts them.
    const sizes = await again.pool.query('SELECT key, body_chars FROM idempotency ORDER BY key');
    expect(sizes.rows).toEqual([
      { key: 'new', body_chars: 17 },
      { key: 'old', body_chars: 12 },
    ]);
    await again.write(function* (tx) {
      yield tx.pruneIdempotency('2025-01-01T00:00:00Z', { maxRecords: 10, maxChars: 20 });
    });
    const left = await again.pool.query('SELECT key FROM idempotency');
    expect(left.rows).toEqual([{ key: 'new' }]);
    // And the count budget: the oldest go first.
    await again.write(function* (tx) {
      for (const key of ['a', 'b', 'c']) {
        yield tx.putIdempotency({
          key,
          requestHash: 'h',
          status: 200,
          contentType: 'application/json',
          body: '{}',
          createdAt: `2026-01-02T00:00:0${'abc'.indexOf(key)}Z`,
        });
      }
      yield tx.pruneIdempotency('2025-01-01T00:00:00Z', { maxRecords: 2, maxChars: 1000 });
    });
    const newest = await again.pool.query('SELECT key FROM idempotency ORDER BY key');
    expect(newest.rows).toEqual([{ key: 'b' }, { key: 'c' }]);
  } finally {
    await again.close();
  }
});

test('a database a newer release set up is refused with advice, and left as it was', async () => {
  const url = pg.createDatabase('migrate_newer');
  const first = await openPostgresDatastore({ url, password: pg.password, now });
  await first.pool.query('INSERT INTO riptides_schema (version) VALUES (99)');
  await first.close();
  const opening = openPostgresDatastore({ url, password: pg.password, now });
  await expect(opening).rejects.toThrow(/set up by a newer riptides-cli \(schema 99/);
  await expect(opening).rejects.toMatchObject({
    suggestions: [expect.stringContaining('the release of riptides-cli that the other replicas run')],
  });
  const withPassword = new URL(url);
  withPassword.password = pg.password;
  const client = new Client({ connectionString: withPassword.toString() });
  await client.connect();
  try {
    const r = await client.query('SELECT max(version) AS v FROM riptides_schema');
    expect(r.rows).toEqual([{ v: 99 }]);
  } finally {
    await client.end();
  }
});

describe('group commit', () => {
  let store: PostgresDatastore;
  beforeAll(async () => {
    store = await openPostgresDatastore({
      url: pg.createDatabase('group_commit'),
      password: pg.password,
      now,
    });
  });
  afterAll(async () => {
    await store.close();
  });

  test('a failing write in a group is undone alone; versions contiguous; every change in the feed once', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        store.write(
          function* (tx) {
            const outcome = yield* writeDocumentSteps(tx, wi(`g-${i}`), {
              dryRun: false,
              now,
              validation: { validators: loadValidators() },
            });
            // Fails after its write: the write must be undone, the others kept.
            if (i === 10) throw problemError('conflict', 'deliberate');
            return outcome.record;
          },
          { group: true },
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect((results[10] as PromiseRejectedResult).reason).toMatchObject({ problem: { code: 'conflict' } });
    const versions = results
      .filter((r): r is PromiseFulfilledResult<ResourceRecord> => r.status === 'fulfilled')
      .map((r) => Number(r.value.resourceVersion))
      .sort((x, y) => x - y);
    expect(versions).toEqual(Array.from({ length: 49 }, (_, i) => i + 1));
    expect(await store.get('WorkloadIdentity', 'riptides-system', 'g-10')).toBeUndefined();
    expect(await store.get('WorkloadIdentity', 'riptides-system', 'g-11')).toBeDefined();
    const changes = await store.changesSince(0n, {});
    expect(changes).not.toBe('gone');
    expect((changes as Array<{ resourceVersion: string }>).map((c) => Number(c.resourceVersion))).toEqual(
      versions,
    );
    expect(await store.currentResourceVersion()).toBe('49');
  });
});
