/** `controlplane daemon-token NAME`: mint a daemon token (posts flows, reads policy, cannot write resources). */
import fs from 'node:fs';
import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command';
import {
  checkDatastoreUrl,
  datastoreUnusable,
  defaultServeDataDir,
  readPasswordFile,
} from '../../cli/controlplane-data';
import { ExitCode, RiptidesError, usageError } from '../../core/errors';
import { outputFlag } from '../../cli/flags';
import type { Datastore } from '../../server/store/types';
import type { Printed } from '../../printers/printed';
import { printDaemonToken, type DaemonTokenResult } from '../../printers/small-commands';

export default class ControlplaneDaemonToken extends BaseCommand<DaemonTokenResult> {
  static override summary = 'Mint a daemon token: it may post flows and read policy, never write resources.';
  static override description = `Creates a bearer token for a Riptides daemon in the control plane's store: the SQLite database in DATA (run it where controlplane serve keeps its data; the server may be running), or with --datastore the PostgreSQL database every replica shares (the token then works on every replica within a second). Only the token's SHA-256 digest is stored. The token is written to a file (mode 0600), never printed: DATA/daemon-NAME.token unless --token-file says where.

With it a daemon can POST /v1/flows and GET resources and /v1/info; any other request is refused with 403. Point a context at it with config set-context NAME --token-file FILE.

Exit codes:
  0  the token file was written (--revoke: the tokens were deleted)
  2  usage: a bad NAME or --datastore, the token file exists, or --revoke found no token of NAME
  3  DATA cannot be opened or the datastore cannot be reached
  70 internal error (a bug)`;
  static override examples = [
    '<%= config.bin %> controlplane daemon-token node-7 --data-dir ./cp-data',
    '<%= config.bin %> controlplane daemon-token node-7 --token-file /etc/riptides/daemon.token',
    '<%= config.bin %> controlplane daemon-token node-7 --revoke --data-dir ./cp-data',
    'PGPASSWORD=… <%= config.bin %> controlplane daemon-token node-7 --datastore postgres://riptides@db.internal:5432/riptides --token-file node-7.token',
  ];
  static override args = {
    name: Args.string({
      description: 'Which daemon the token is for (letters, digits, . _ -).',
      required: true,
    }),
  };
  static override flags = {
    // Only the human format: every command takes -o text (README, "Output").
    output: outputFlag(['text'] as const, 'text'),
    'data-dir': Flags.string({
      description: 'The control plane data directory. [default: $XDG_DATA_HOME/riptides/controlplane]',
    }),
    'token-file': Flags.string({ description: 'Where to write the token (default DATA/daemon-NAME.token).' }),
    datastore: Flags.string({
      description:
        'postgres://USER@HOST:PORT/DB: the database the replicas share (as given to controlplane serve). [default: SQLite in DATA]',
    }),
    'datastore-password-file': Flags.string({
      description: 'File holding the database password (else PGPASSWORD).',
      dependsOn: ['datastore'],
    }),
    revoke: Flags.boolean({
      description:
        "Delete NAME's tokens instead (replicas that used one in the last 10 s accept it until then).",
      exclusive: ['token-file'],
    }),
  };

  async run(): Promise<DaemonTokenResult> {
    const { args, flags } = await this.parse(ControlplaneDaemonToken);
    this.debugMode = flags.debug === true;
    const { DAEMON_NAME, DAEMON_TOKEN_CACHE } =
      require('../../server/store/flows') as typeof import('../../server/store/flows');
    if (!DAEMON_NAME.test(args.name))
      throw usageError(`daemon name "${args.name}": use 1–128 letters, digits, ".", "_" or "-"`);
    const url = flags.datastore === undefined ? undefined : checkDatastoreUrl(flags.datastore);
    const password = readPasswordFile(flags['datastore-password-file']);
    const dataDir = path.resolve(flags['data-dir'] ?? defaultServeDataDir());
    const file = path.resolve(flags['token-file'] ?? path.join(dataDir, `daemon-${args.name}.token`));
    const dbFile = path.join(dataDir, 'controlplane.db');
    if (url === undefined && !fs.existsSync(dbFile))
      throw new RiptidesError(`no control plane data in ${dataDir}`, {
        code: 'data-dir-unusable',
        exitCode: ExitCode.UNAVAILABLE,
        suggestions: [
          'start it once with riptides-cli controlplane serve --data-dir DIR, or pass the right --data-dir',
          'replicas on PostgreSQL: pass the same --datastore as controlplane serve',
        ],
      });
    const inStore = <T>(fn: (store: Datastore) => Promise<T>): Promise<T> =>
      url === undefined ? withSqlite(dbFile, fn) : withPostgres(url, password, fn);
    if (flags.revoke) {
      const n = await inStore((store) => store.revokeDaemonTokens(args.name));
      if (n === 0)
        throw usageError(`no daemon token named "${args.name}" in this store`, [
          'check the name (as given to controlplane daemon-token NAME) and the --data-dir or --datastore',
        ]);
      return { action: 'revoked', name: args.name, count: n, cacheSeconds: DAEMON_TOKEN_CACHE.hitMs / 1000 };
    }
    if (fs.existsSync(file)) throw usageError(`${file} exists; remove it or pass another --token-file`);
    if (!fs.existsSync(path.dirname(file)))
      throw usageError(`cannot write ${file}: the directory ${path.dirname(file)} does not exist`, [
        url === undefined
          ? 'pass the --data-dir controlplane serve uses, or a --token-file in an existing directory'
          : 'pass --token-file FILE in an existing directory',
      ]);
    const token = await inStore((store) => store.createDaemonToken(args.name, new Date()));
    fs.writeFileSync(file, token + '\n', { mode: 0o600, flag: 'wx' });
    return { action: 'created', name: args.name, file };
  }

  protected override print(result: DaemonTokenResult): Printed {
    return printDaemonToken(result);
  }
}

/** Run `fn` on the SQLite store in DATA. */
async function withSqlite<T>(dbFile: string, fn: (store: Datastore) => Promise<T>): Promise<T> {
  const { openStore, sqliteDatastore } = require('../../server/store') as typeof import('../../server/store');
  const store = sqliteDatastore(openStore(dbFile));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Run `fn` on the shared PostgreSQL database (the schema migrated first, as serve does). */
async function withPostgres<T>(
  url: string,
  password: string | undefined,
  fn: (store: Datastore) => Promise<T>,
): Promise<T> {
  const { openPostgresDatastore, redactDatastoreUrl } =
    require('../../server/store/postgres') as typeof import('../../server/store/postgres');
  let datastore: Awaited<ReturnType<typeof openPostgresDatastore>> | undefined;
  try {
    datastore = await openPostgresDatastore({ url, password, poolSize: 1, follow: false });
    const setUp = await datastore.pool.query("SELECT 1 FROM settings WHERE key = 'trustDomain'");
    if (setUp.rows.length === 0)
      throw new RiptidesError(`the datastore ${redactDatastoreUrl(url)} is not set up yet`, {
        code: 'datastore-unusable',
        exitCode: ExitCode.UNAVAILABLE,
        suggestions: [`start the first replica: riptides-cli controlplane serve --datastore ${url}`],
      });
    return await fn(datastore);
  } catch (err) {
    if (err instanceof RiptidesError) throw err;
    throw datastoreUnusable(url, err);
  } finally {
    await datastore?.close();
  }
}
