/**
 * Where the reference control plane keeps its data, as `controlplane serve` and
 * `controlplane daemon-token` take it from their flags: the data directory, and the PostgreSQL
 * datastore the replicas share (its URL without a password, the password from a file).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExitCode, RiptidesError, suggestionsFor, usageError } from '../core/errors';

/** `$XDG_DATA_HOME/riptides/controlplane` (fallback `~/.local/share/riptides/controlplane`). */
export function defaultServeDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || path.join(env.HOME || os.homedir(), '.local', 'share');
  return path.join(base, 'riptides', 'controlplane');
}

/** `postgres://USER@HOST:PORT/DB`, without a password (it would show in `ps` and shell history). */
export function checkDatastoreUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw usageError(
      `--datastore must be a postgres://USER@HOST:PORT/DB URL, got "${value.replace(/:[^:@/]*@/, ':***@')}"`,
      ['riptides-cli controlplane serve --datastore postgres://riptides@127.0.0.1:5432/riptides'],
    );
  }
  if (url.password !== '') {
    throw usageError('--datastore must not carry the password (it would show in the process list)', [
      'Put it in PGPASSWORD, or in a file passed as --datastore-password-file',
    ]);
  }
  return value;
}

/** The password in `--datastore-password-file` (one trailing newline dropped), else undefined. */
export function readPasswordFile(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw usageError(
      `--datastore-password-file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      ['Pass a readable file that holds the database password'],
    );
  }
}

/** A PostgreSQL datastore that cannot be opened or used: exit 3, the URL without a password. */
export function datastoreUnusable(url: string, err: unknown): RiptidesError {
  const { redactDatastoreUrl } =
    require('../server/store/postgres') as typeof import('../server/store/postgres');
  return new RiptidesError(`cannot use the datastore ${redactDatastoreUrl(url)}: ${(err as Error).message}`, {
    code: 'datastore-unusable',
    exitCode: ExitCode.UNAVAILABLE,
    suggestions: suggestionsFor(err, [
      'Check that PostgreSQL runs and accepts connections from this host (pg_hba.conf)',
      'Check the user, the database name and the password (PGPASSWORD or --datastore-password-file)',
    ]),
    cause: err,
  });
}
