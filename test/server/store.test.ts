/**
 * The SQLite store on real files: transactions that fail leave nothing behind, group commits settle
 * only after COMMIT, resource versions never repeat (deletes, restarts, a second process), and the
 * lookups the SVID routes use (WorkloadIdentity by workloadID, issued SVID records).
 */
import { loadValidators } from '../../src/io/validators';
import path from 'node:path';
import { openStore, sqliteDatastore, type ResourceStore } from '../../src/server/store';
import { applyBatch, prepareBatchItems, writeDocument } from '../../src/server/writes';
import { tempDir } from '../helpers/cli';
import { wi } from './harness';

const now = () => new Date('2026-01-02T03:04:05.678Z');

function fresh(): { store: ResourceStore; file: string } {
  const file = path.join(tempDir('riptides-store-'), 'controlplane.db');
  return { store: openStore(file, now), file };
}

const write = (store: ResourceStore, doc: unknown) =>
  store.transaction(() =>
    writeDocument(store, doc, { dryRun: false, now, validation: { validators: loadValidators() } }),
  );

/** An idempotency record with `body` as its stored answer. */
const putAnswer = (store: ResourceStore, key: string, createdAt: string, body: string) =>
  store.putIdempotency({
    key,
    requestHash: 'h',
    status: 200,
    contentType: 'application/json',
    body,
    createdAt,
  });

describe('store', () => {
  test('WAL journal with synchronous=NORMAL', () => {
    const { store } = fresh();
    expect(store.db.prepare('PRAGMA journal_mode').get()).toEqual(
      expect.objectContaining({ journal_mode: 'wal' }),
    );
    expect(store.db.prepare('PRAGMA synchronous').get()).toEqual(expect.objectContaining({ synchronous: 1 }));
    store.close();
  });

  test('a transaction that throws leaves the store as it was', () => {
    const { store } = fresh();
    write(store, wi('kept'));
    expect(() =>
      store.transaction(() => {
        writeDocument(store, wi('half'), {
          dryRun: false,
          now,
          validation: { validators: loadValidators() },
        });
        writeDocument(store, wi('kept', { workloadID: 'changed/x' }), {
          dryRun: false,
          now,
          validation: { validators: loadValidators() },
        });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.get('WorkloadIdentity', 'riptides-system', 'half')).toBeUndefined();
    expect(JSON.parse(store.get('WorkloadIdentity', 'riptides-system', 'kept')!.body).spec.workloadID).toBe(
      'myapp/kept',
    );
    store.close();
  });

  test('timestamps come from the injected clock, at second precision', () => {
    const { store } = fresh();
    const out = write(store, wi('clock'));
    expect(out.record.creationTimestamp).toBe('2026-01-02T03:04:05Z');
    store.close();
  });

  test('group commit: writes queued in one turn commit together; a failing one is rolled back alone', async () => {
    const { store, file } = fresh();
    const a = store.queuedTransaction(() =>
      writeDocument(store, wi('q-a'), { dryRun: false, now, validation: { validators: loadValidators() } }),
    );
    const bad = store.queuedTransaction(() =>
      writeDocument(store, wi('Q-BAD'), { dryRun: false, now, validation: { validators: loadValidators() } }),
    );
    const b = store.queuedTransaction(() =>
      writeDocument(store, wi('q-b'), { dryRun: false, now, validation: { validators: loadValidators() } }),
    );
    // Not committed yet: another connection does not see them.
    const other = openStore(file, now);
    expect(other.get('WorkloadIdentity', 'riptides-system', 'q-a')).toBeUndefined();
    await expect(bad).rejects.toMatchObject({ problem: { code: 'invalid' } });
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.action).toBe('created');
    expect(Number(rb.record.resourceVersion)).toBe(Number(ra.record.resourceVersion) + 1);
    // Resolved means committed: visible to the other connection.
    expect(other.get('WorkloadIdentity', 'riptides-system', 'q-a')).toBeDefined();
    expect(other.get('WorkloadIdentity', 'riptides-system', 'q-b')).toBeDefined();
    other.close();
    store.close();
  });

  test('a synchronous transaction first commits the queued group', async () => {
    const { store, file } = fresh();
    const queued = store.queuedTransaction(() =>
      writeDocument(store, wi('first'), { dryRun: false, now, validation: { validators: loadValidators() } }),
    );
    write(store, wi('second'));
    const other = openStore(file, now);
    expect(other.get('WorkloadIdentity', 'riptides-system', 'first')).toBeDefined();
    expect((await queued).action).toBe('created');
    other.close();
    store.close();
  });

  test('resource versions never repeat: across deletes, restarts and a second writer', () => {
    const { store, file } = fresh();
    const v1 = Number(write(store, wi('a')).record.resourceVersion);
    const v2 = Number(write(store, wi('b')).record.resourceVersion);
    expect(v2).toBeGreaterThan(v1);
    store.transaction(() => store.delete('WorkloadIdentity', 'riptides-system', 'b'));
    store.close();
    // After a restart the deleted row's version is not handed out again.
    const reopened = openStore(file, now);
    const v3 = Number(write(reopened, wi('c')).record.resourceVersion);
    expect(v3).toBeGreaterThan(v2);
    // Another process writing the same file: the counter follows.
    const second = openStore(file, now);
    const v4 = Number(write(second, wi('d')).record.resourceVersion);
    const v5 = Number(write(reopened, wi('e')).record.resourceVersion);
    expect(v4).toBeGreaterThan(v3);
    expect(v5).toBeGreaterThan(v4);
    second.close();
    reopened.close();
  });

  test('atomic batch: one failure stores nothing and reports every item', async () => {
    const { store } = fresh();
    write(store, wi('existing'));
    const answer = await applyBatch(
      sqliteDatastore(store),
      {
        atomic: true,
        dryRun: false,
        items: await prepareBatchItems(
          [wi('new-1'), wi('existing', { workloadID: 'x/y' }), { kind: 'Nope' }],
          loadValidators(),
        ),
      },
      { now },
    );
    expect(answer.status).toBe(422);
    expect(store.get('WorkloadIdentity', 'riptides-system', 'new-1')).toBeUndefined();
    expect(
      JSON.parse(store.get('WorkloadIdentity', 'riptides-system', 'existing')!.body).spec.workloadID,
    ).toBe('myapp/existing');
    // The failed transaction is closed: later writes, synchronous and queued, work (Node 22.13 has no
    // db.isTransaction, which this once relied on).
    write(store, wi('after-1'));
    expect(store.get('WorkloadIdentity', 'riptides-system', 'after-1')).toBeDefined();
    expect(() => store.transaction(() => store.setSetting('k', 'v'))).not.toThrow();
    store.close();
  });

  test('a failing queued write leaves the group usable', async () => {
    const { store } = fresh();
    const bad = store.queuedTransaction(() => {
      writeDocument(store, wi('half'), { dryRun: false, now, validation: { validators: loadValidators() } });
      throw new Error('boom');
    });
    await expect(bad).rejects.toThrow('boom');
    await store.queuedTransaction(() =>
      writeDocument(store, wi('good'), { dryRun: false, now, validation: { validators: loadValidators() } }),
    );
    write(store, wi('sync'));
    expect(store.get('WorkloadIdentity', 'riptides-system', 'half')).toBeUndefined();
    expect(store.get('WorkloadIdentity', 'riptides-system', 'good')).toBeDefined();
    expect(store.get('WorkloadIdentity', 'riptides-system', 'sync')).toBeDefined();
    store.close();
  });

  test('idempotency records: expired ones go, then the oldest past the count and size budget', () => {
    const { store } = fresh();
    const put = (key: string, createdAt: string, size: number) =>
      putAnswer(store, key, createdAt, 'x'.repeat(size));
    store.transaction(() => {
      put('expired', '2026-01-01T00:00:00Z', 10);
      for (let i = 0; i < 5; i++) put(`k${i}`, `2026-01-02T00:00:0${i}Z`, 100);
      store.pruneIdempotency('2026-01-02T00:00:00Z', { maxRecords: 3, maxChars: 1_000_000 });
    });
    expect(store.getIdempotency('expired')).toBeUndefined();
    expect(['k0', 'k1', 'k2', 'k3', 'k4'].map((k) => store.getIdempotency(k) !== undefined)).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
    store.transaction(() =>
      store.pruneIdempotency('2026-01-01T00:00:00Z', { maxRecords: 10, maxChars: 250 }),
    );
    expect(['k2', 'k3', 'k4'].map((k) => store.getIdempotency(k) !== undefined)).toEqual([false, true, true]);
    store.close();
  });

  test('a schema-1 database opens migrated: stored answers keep their sizes in a column the budget counts', () => {
    const { store, file } = fresh();
    const put = (key: string, createdAt: string, size: number) =>
      putAnswer(store, key, createdAt, 'é'.repeat(size));
    store.transaction(() => {
      put('old', '2026-01-02T00:00:00Z', 300);
      put('new', '2026-01-02T00:00:01Z', 200);
    });
    write(store, wi('kept'));
    // Back to what a schema-1 release wrote.
    store.db.exec(`DROP INDEX idempotency_age; ALTER TABLE idempotency DROP COLUMN body_chars;
      CREATE INDEX idempotency_created ON idempotency (created_at); PRAGMA user_version = 1`);
    store.close();
    const again = openStore(file, now);
    expect(again.db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 2 });
    expect(again.db.prepare('SELECT key, body_chars FROM idempotency ORDER BY key').all()).toEqual([
      { key: 'new', body_chars: 200 },
      { key: 'old', body_chars: 300 },
    ]);
    expect(again.get('WorkloadIdentity', 'riptides-system', 'kept')).toBeDefined();
    again.transaction(() =>
      again.pruneIdempotency('2026-01-01T00:00:00Z', { maxRecords: 10, maxChars: 450 }),
    );
    expect(again.getIdempotency('old')).toBeUndefined();
    expect(again.getIdempotency('new')?.body).toBe('é'.repeat(200));
    again.close();
  });

  test('listing every namespace resumes after (namespace, name): names that sort before the last one in later namespaces are kept', () => {
    const { store } = fresh();
    for (const [ns, name] of [
      ['a', 'z1'],
      ['a', 'z2'],
      ['b', 'a1'],
      ['b', 'z1'],
      ['c', 'a0'],
    ])
      write(store, wi(name, { namespace: ns, workloadID: `${ns}/${name}` }));
    const after = (namespace: string, name: string) =>
      [...store.iterate({ kind: 'WorkloadIdentity', after: { namespace, name } })].map(
        (r) => `${r.namespace}/${r.name}`,
      );
    expect(after('', '')).toEqual(['a/z1', 'a/z2', 'b/a1', 'b/z1', 'c/a0']);
    expect(after('a', 'z1')).toEqual(['a/z2', 'b/a1', 'b/z1', 'c/a0']);
    expect(after('a', 'z2')).toEqual(['b/a1', 'b/z1', 'c/a0']);
    expect(after('b', 'b')).toEqual(['b/z1', 'c/a0']);
    expect(after('bb', '')).toEqual(['c/a0']);
    expect(after('c', 'a0')).toEqual([]);
    // In one namespace, only its names after the given one.
    expect(
      [
        ...store.iterate({ kind: 'WorkloadIdentity', namespace: 'b', after: { namespace: 'b', name: 'a1' } }),
      ].map((r) => r.name),
    ).toEqual(['z1']);
    store.close();
  });

  test('findWorkloadIdentitiesByWorkloadId returns applied identities as the API shows them', () => {
    const { store } = fresh();
    write(store, wi('frontend', { workloadID: 'myapp/frontend' }));
    write(store, wi('frontend', { namespace: 'team-b', workloadID: 'myapp/frontend' }));
    write(store, wi('backend', { workloadID: 'myapp/backend' }));
    const found = store.findWorkloadIdentitiesByWorkloadId('myapp/frontend');
    expect(found.map((r) => `${r.metadata.namespace}/${r.metadata.name}`)).toEqual([
      'riptides-system/frontend',
      'team-b/frontend',
    ]);
    expect(found[0].metadata.uid).toBeTruthy();
    expect(store.findWorkloadIdentitiesByWorkloadId('nobody/here')).toEqual([]);
    // Changing workloadID moves the identity.
    write(store, wi('backend', { workloadID: 'myapp/frontend' }));
    expect(store.findWorkloadIdentitiesByWorkloadId('myapp/backend')).toEqual([]);
    expect(store.findWorkloadIdentitiesByWorkloadId('myapp/frontend')).toHaveLength(3);
    store.close();
  });

  test('issued SVID records: newest first, per workload, never a key', () => {
    const { store, file } = fresh();
    const base = { spiffeID: 'spiffe://example.com/myapp/frontend', workloadID: 'myapp/frontend' };
    store.transaction(() => {
      store.recordIssuedSvid({
        ...base,
        type: 'x509',
        serial: '01',
        notBefore: '2026-01-01T00:00:00Z',
        notAfter: '2026-01-01T01:00:00Z',
        certificatePem: '-----BEGIN CERTIFICATE-----\n…',
      });
      store.recordIssuedSvid({
        ...base,
        type: 'jwt',
        notBefore: '2026-01-01T00:10:00Z',
        notAfter: '2026-01-01T00:15:00Z',
        audience: ['db'],
      });
      store.recordIssuedSvid({
        type: 'x509',
        workloadID: 'myapp/other',
        spiffeID: 'spiffe://example.com/myapp/other',
        notBefore: '2026-01-01T00:00:00Z',
        notAfter: '2026-01-01T01:00:00Z',
      });
    });
    store.close();
    const reopened = openStore(file, now);
    const list = reopened.listIssuedSvids('myapp/frontend');
    expect(list.map((s) => s.type)).toEqual(['jwt', 'x509']);
    expect(list[0]).toMatchObject({ audience: ['db'], issuedAt: '2026-01-02T03:04:05Z' });
    expect(list[1]).toMatchObject({ serial: '01', certificatePem: expect.stringContaining('CERTIFICATE') });
    expect(reopened.listIssuedSvids()).toHaveLength(3);
    expect(reopened.listIssuedSvids(undefined, 1)).toHaveLength(1);
    reopened.close();
  });
});
