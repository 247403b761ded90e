/**
 * Data written by a newer release (a downgrade): the local control plane and `controlplane serve`
 * refuse it with advice that fits (run the newer release, or move the data aside), not "check the
 * permissions", and leave the data as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { isolatedEnv, runCli, tempDir } from '../helpers/cli';

/** A controlplane.db in `dir` that a future schema (99) wrote. */
function newerDatabase(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'controlplane.db');
  const db = new DatabaseSync(file);
  db.exec('CREATE TABLE future (x INTEGER); PRAGMA user_version = 99');
  db.close();
  return file;
}

function userVersion(file: string): number {
  const db = new DatabaseSync(file);
  try {
    return Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  } finally {
    db.close();
  }
}

test('the local control plane: exit 3, local-data-unusable, advice for a downgrade, data kept', async () => {
  const env = { ...isolatedEnv(), XDG_DATA_HOME: tempDir('riptides-newer-local-') };
  const file = newerDatabase(path.join(env.XDG_DATA_HOME, 'riptides', 'local'));
  const r = await runCli(['ctl', 'get', 'workloadidentities'], { env });
  expect(r.code).toBe(3);
  expect(r.stderr).toContain('was written by a newer riptides-cli (schema 99, this one knows');
  expect(r.stderr).toContain('run the newer riptides-cli that wrote it');
  expect(r.stderr).toContain(`or move ${path.dirname(file)} aside`);
  expect(r.stderr).not.toContain('writable');
  expect(r.stderr).toContain('Code: local-data-unusable');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(userVersion(file)).toBe(99);
});

test('controlplane serve: exit 3, data-dir-unusable, the same advice, data kept', async () => {
  const dataDir = path.join(tempDir('riptides-newer-serve-'), 'cp');
  const file = newerDatabase(dataDir);
  const r = await runCli(['controlplane', 'serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir]);
  expect(r.code).toBe(3);
  expect(r.stderr).toContain('was written by a newer riptides-cli (schema 99');
  expect(r.stderr).toContain('run the newer riptides-cli that wrote it');
  expect(r.stderr).not.toContain('permissions');
  expect(r.stderr).toContain('Code: data-dir-unusable');
  expect(userVersion(file)).toBe(99);
});
