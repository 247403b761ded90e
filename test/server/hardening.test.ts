/**
 * The data directory and the listener (issue 10): private database files, a refused empty or weak
 * admin token and a warned world-readable one, an AEAD-only TLS 1.2 offer, a data directory that
 * cannot be made (/proc/x) failing at once, and storage failures answered 507/503 (never 500).
 */
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { createControlPlane } from '../../src/server/index';
import { loadValidators } from '../../src/io/validators';
import { runCli, tempDir } from '../helpers/cli';
import { startHarness, svc, type Json } from './harness';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

test('the database and its -wal/-shm are 0600; an old 0644 one is tightened', async () => {
  const h = await startHarness();
  try {
    expect(
      (await h.call('PUT', '/v1/namespaces/riptides-system/services/db', { body: svc('db') })).status,
    ).toBe(201);
    for (const suffix of ['', '-wal', '-shm'])
      expect([suffix, mode(h.cp.paths.dbFile + suffix)]).toEqual([suffix, 0o600]);
  } finally {
    await h.close();
  }
  fs.chmodSync(h.cp.paths.dbFile, 0o644);
  const again = await createControlPlane({ validators: loadValidators(), dataDir: h.dataDir });
  expect(mode(again.paths.dbFile)).toBe(0o600);
  await again.close();
});

describe('the admin token file', () => {
  test.each([
    ['empty', ''],
    ['short', 'secret'],
    ['low-entropy', 'a'.repeat(40)],
  ])('%s: refused, with how to fix it', async (_what, content) => {
    const dataDir = tempDir('riptides-token-');
    fs.writeFileSync(path.join(dataDir, 'admin.token'), content + '\n', { mode: 0o600 });
    await expect(createControlPlane({ validators: loadValidators(), dataDir })).rejects.toMatchObject({
      code: 'admin-token-weak',
      exitCode: 3,
    });
  });

  test('world-readable: a warning that names chmod', async () => {
    const dataDir = tempDir('riptides-token-');
    const file = path.join(dataDir, 'admin.token');
    fs.writeFileSync(file, 'Zx9-' + 'abcdefghijklmnopqrstuvwxyz0123456789' + '\n');
    fs.chmodSync(file, 0o644);
    const warnings: string[] = [];
    const cp = await createControlPlane({
      validators: loadValidators(),
      dataDir,
      onWarning: (m) => warnings.push(m),
    });
    await cp.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/chmod 600/);
  });

  test('serve with an empty token file exits 3 with the reason', async () => {
    const dataDir = tempDir('riptides-token-');
    fs.writeFileSync(path.join(dataDir, 'admin.token'), '', { mode: 0o600 });
    const res = await runCli(['controlplane', 'serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir]);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/admin token file .* is empty/);
  });
});

test('--data-dir /proc/x fails at once with exit 3 (it spun at 100 % CPU)', async () => {
  const started = performance.now();
  const res = await runCli(
    ['controlplane', 'serve', '--listen', '127.0.0.1:0', '--data-dir', '/proc/riptides-x/y'],
    {
      timeoutMs: 20_000,
    },
  );
  expect(res.code).toBe(3);
  expect(res.stderr).toMatch(/cannot open the control plane data/);
  expect(performance.now() - started).toBeLessThan(15_000);
});

test('TLS 1.2 offers AEAD suites only', async () => {
  const h = await startHarness();
  const { port } = new URL(h.url);
  const handshake = (ciphers: string) =>
    new Promise<string>((resolve) => {
      const socket = tls.connect(
        { host: '127.0.0.1', port: Number(port), maxVersion: 'TLSv1.2', ciphers, rejectUnauthorized: false },
        () => {
          const name = socket.getCipher().name;
          socket.end();
          resolve(name);
        },
      );
      socket.on('error', () => resolve('refused'));
    });
  try {
    expect(
      await handshake('ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256'),
    ).toBe('refused');
    expect(await handshake('ECDHE-ECDSA-AES128-GCM-SHA256')).toBe('ECDHE-ECDSA-AES128-GCM-SHA256');
  } finally {
    await h.close();
  }
});

test('a full disk answers 507 and a read-only database 503; nothing is written, later writes work', async () => {
  const h = await startHarness();
  try {
    const db = h.cp.store.db;
    const pages = Number((db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count);
    db.exec(`PRAGMA max_page_count = ${pages}`);
    const items = Array.from({ length: 300 }, (_, i) => svc(`full-${i}`));
    const full = await h.call<Json>('POST', '/v1/apply', { body: { items } });
    expect(full.status).toBe(507);
    expect(full.body.code).toBe('insufficient-storage');
    db.exec('PRAGMA max_page_count = 1073741823');
    expect((await h.call('GET', '/v1/namespaces/riptides-system/services/full-0')).status).toBe(404);

    db.exec('PRAGMA query_only = 1');
    const ro = await h.call<Json>('PUT', '/v1/namespaces/riptides-system/services/ro', { body: svc('ro') });
    expect(ro.status).toBe(503);
    expect(ro.body.code).toBe('unavailable');
    db.exec('PRAGMA query_only = 0');
    expect(
      (await h.call('PUT', '/v1/namespaces/riptides-system/services/ro', { body: svc('ro') })).status,
    ).toBe(201);
  } finally {
    await h.close();
  }
});
