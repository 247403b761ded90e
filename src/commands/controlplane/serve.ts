/** `controlplane serve`: run the reference control plane over HTTPS until SIGINT/SIGTERM. */
import { loadValidators } from '../../io/validators';
import path from 'node:path';
import { Flags } from '@oclif/core';
import { applyWorkerScript } from '../../cli/apply-worker-script';
import { BaseCommand } from '../../cli/base-command';
import {
  checkDatastoreUrl,
  datastoreUnusable,
  defaultServeDataDir,
  readPasswordFile,
} from '../../cli/controlplane-data';
import { outputFlag } from '../../cli/flags';
import { ExitCode, RiptidesError, suggestionsFor, usageError } from '../../core/errors';
import { parseDuration } from '../../core/spiffe/duration';
import { checkTrustDomain } from '../../core/spiffe/id';
import type { Printed, PrintOptions } from '../../printers/printed';
import { printServeBanner, type ServeResult } from '../../printers/serve';
import { quote } from '../../core/text/quote';

/** `host:port`, `[v6]:port` or `:port` → parts; a usage error otherwise. */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) {
    throw usageError(`--listen must be HOST:PORT (port 0 picks a free one), got "${value}"`, [
      'riptides-cli controlplane serve --listen 127.0.0.1:7443',
      'riptides-cli controlplane serve --listen 127.0.0.1:0',
    ]);
  }
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

/** `count=N,age=DURATION` (either or both) → the flow window; defaults for what is not given. */
export function parseFlowRetention(value: string | undefined): { maxCount: number; maxAgeMs: number } {
  const out = { maxCount: 1_000_000, maxAgeMs: 7 * 86_400_000 };
  if (value === undefined) return out;
  const bad = (why: string) =>
    usageError(`--flow-retention ${quote(value)}: ${why}`, [
      '--flow-retention count=1000000,age=7d',
      '--flow-retention count=50000',
    ]);
  for (const part of value.split(',')) {
    const [k, v] = part.split('=');
    if (k === 'count' && /^\d+$/.test(v ?? '') && Number(v) >= 1) out.maxCount = Number(v);
    else if (k === 'age' && v) {
      const d = parseDuration(v);
      if (!d.ok || d.ms < 1000) throw bad(d.ok ? 'the age must be at least 1s' : d.message);
      out.maxAgeMs = d.ms;
    } else throw bad(`"${part}" is not count=N (N ≥ 1) or age=DURATION`);
  }
  return out;
}

/** Quote a path for a POSIX shell when it needs it. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export default class ControlplaneServe extends BaseCommand<ServeResult> {
  static override summary = 'Run the reference Riptides control plane (REST API over HTTPS).';
  static override description = `Serves the control-plane REST API (SPEC §4, schemas/openapi.yaml) over HTTPS for teams, CI and tests. State lives in DATA (SQLite, WAL): the resources, the trust domain's CA (DATA/ca.pem is the certificate clients trust) and the admin bearer token (DATA/admin.token, mode 0600), all created on first start and reused afterwards.

With --datastore postgres://USER@HOST:PORT/DB, resources, versions, issued SVIDs, flows, daemon-token hashes, the CA root and the admin-token hash live in PostgreSQL instead, and any number of replicas started with the same --datastore serve the same data (see docs/controlplane.md). The password comes from PGPASSWORD or --datastore-password-file, never from the URL, and is never printed. The first replica sets the database up and prints the admin token once (only its hash is stored: save it); the others print that they joined.

On start it prints the URL, the CA and token file paths, and the config set-context command that points a context at it (-o json: one JSON line {url, trustDomain, dataDir, caFile, tokenFile, setContext}). SIGINT or SIGTERM stops it cleanly (in-flight requests finish, the database is checkpointed and closed).

Exit codes:
  0  stopped by SIGINT/SIGTERM
  2  usage: a bad --listen or --datastore, or --trust-domain differs from the one DATA (or the datastore) was created with
  3  the address cannot be used (in use, not permitted), DATA cannot be opened or the datastore cannot be reached
  70 internal error (a bug)`;

  static override examples = [
    '<%= config.bin %> controlplane serve',
    '<%= config.bin %> controlplane serve --listen 127.0.0.1:0 --data-dir ./cp-data',
    '<%= config.bin %> controlplane serve --listen 0.0.0.0:7443 --trust-domain prod.example.org',
    'PGPASSWORD=… <%= config.bin %> controlplane serve --listen 0.0.0.0:7443 --datastore postgres://riptides@db.internal:5432/riptides',
  ];

  static override flags = {
    listen: Flags.string({
      description: 'Address to listen on, HOST:PORT; port 0 picks a free port.',
      default: '127.0.0.1:7443',
    }),
    'data-dir': Flags.string({
      description:
        'Where the database, CA and admin token live. [default: $XDG_DATA_HOME/riptides/controlplane]',
    }),
    'trust-domain': Flags.string({
      description: 'Trust domain of a new data directory (fixed once created). [default: example.com]',
    }),
    'flow-retention': Flags.string({
      description:
        "The window of stored flows: count=N and/or age=DURATION, comma-separated (oldest dropped first); with --datastore it is the whole cluster's, kept until a replica is started with another. [default: count=1000000,age=7d]",
    }),
    datastore: Flags.string({
      description:
        'postgres://USER@HOST:PORT/DB: keep the data in PostgreSQL, shared by every replica with the same value. [default: SQLite in DATA]',
    }),
    'datastore-password-file': Flags.string({
      description: 'File holding the database password (else PGPASSWORD).',
      dependsOn: ['datastore'],
    }),
    'log-requests': Flags.boolean({ description: 'Log every request as a JSON line on stderr.' }),
    output: outputFlag(['text', 'json'] as const, 'text'),
  };

  async run(): Promise<ServeResult> {
    const { flags } = await this.parse(ControlplaneServe);
    const { host, port } = parseListen(flags.listen);
    const trustDomain = flags['trust-domain'];
    const tdProblems = trustDomain === undefined ? [] : checkTrustDomain(trustDomain);
    if (tdProblems.length > 0) {
      throw usageError(`--trust-domain "${trustDomain}": ${tdProblems.map((p) => p.message).join('; ')}`, [
        'A trust domain looks like example.com or prod.example.org',
      ]);
    }
    const dataDir = path.resolve(flags['data-dir'] ?? defaultServeDataDir());
    const datastore = flags.datastore === undefined ? undefined : checkDatastoreUrl(flags.datastore);
    const cp = await this.open({
      dataDir,
      trustDomain,
      // Unset: the default, or on PostgreSQL the window the cluster already has.
      flowRetention:
        flags['flow-retention'] === undefined ? undefined : parseFlowRetention(flags['flow-retention']),
      datastore,
      datastorePassword: readPasswordFile(flags['datastore-password-file']),
      logRequests: flags['log-requests'] === true,
    });
    const url = await listenOn(cp, host, port, flags.listen);
    // Handle signals before announcing, so that a signal right after the announcement is a clean stop.
    const stopped = this.stopOnSignal(cp);
    const tokenFileHint = cp.cluster === undefined ? shellQuote(cp.paths.tokenFile) : 'FILE-WITH-THE-TOKEN';
    return {
      url,
      trustDomain: cp.trustDomain,
      paths: { dataDir: cp.paths.dataDir, caFile: cp.paths.caFile, tokenFile: cp.paths.tokenFile },
      cluster: cp.cluster,
      adminToken: cp.cluster === 'created' ? cp.adminToken : undefined,
      datastore: cp.cluster === undefined ? undefined : redactedDatastore(datastore ?? ''),
      setContext: `riptides-cli config set-context NAME --server ${url} --token-file ${tokenFileHint} --ca-file ${shellQuote(cp.paths.caFile)}`,
      // On PostgreSQL the token goes into the shared database: the same --datastore (never a password).
      daemonToken:
        datastore === undefined
          ? `riptides-cli controlplane daemon-token NODE --data-dir ${shellQuote(cp.paths.dataDir)}`
          : `riptides-cli controlplane daemon-token NODE --datastore ${shellQuote(datastore)} --data-dir ${shellQuote(cp.paths.dataDir)}`,
      stopped,
    };
  }

  protected override print(result: ServeResult, options: PrintOptions): Printed {
    return printServeBanner(result, options);
  }

  /** Serve until SIGINT/SIGTERM. */
  protected override async afterPrint(result: ServeResult): Promise<void> {
    await result.stopped;
  }

  /** Open the data (SQLite in DATA, or PostgreSQL): the CA, the admin token, the store. */
  private async open(options: {
    dataDir: string;
    trustDomain?: string;
    flowRetention?: { maxCount: number; maxAgeMs: number };
    datastore?: string;
    datastorePassword?: string;
    logRequests: boolean;
  }): Promise<ControlPlane> {
    const { dataDir, datastore, logRequests } = options;
    const { createControlPlane } = require('../../server/index') as typeof import('../../server/index');
    // Large apply batches are prepared on a worker thread (docs/controlplane.md).
    const workerScript = applyWorkerScript();
    try {
      return await createControlPlane({
        dataDir,
        validators: loadValidators(),
        applyWorker: workerScript === undefined ? undefined : { script: workerScript },
        trustDomain: options.trustDomain,
        flowRetention: options.flowRetention,
        datastore,
        datastorePassword: options.datastorePassword,
        logger: logRequests,
        // Log lines of a running server (stderr), not part of the result.
        onWarning: (message) => this.note(`warning: ${message}`),
        // Without the request log, a server bug would otherwise leave no trace but the 500 answer.
        onInternalError: logRequests
          ? undefined
          : (err) => this.note(`internal error: ${(err as Error).stack ?? String(err)}`),
      });
    } catch (err) {
      if (err instanceof RiptidesError) throw err;
      if (datastore !== undefined) throw datastoreUnusable(datastore, err);
      throw new RiptidesError(`cannot open the control plane data in ${dataDir}: ${(err as Error).message}`, {
        code: 'data-dir-unusable',
        exitCode: ExitCode.UNAVAILABLE,
        suggestions: suggestionsFor(err, ['Check the directory permissions, or pass another --data-dir']),
        cause: err,
      });
    }
  }

  /** Resolves once SIGINT or SIGTERM has stopped the control plane. */
  private stopOnSignal(cp: ControlPlane): Promise<void> {
    return new Promise<void>((resolve) => {
      const stop = (signal: string): void => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        this.note(`${signal}: stopping the control plane`);
        cp.close().then(resolve, (err: unknown) => {
          this.note(`error while stopping: ${(err as Error).message}`);
          resolve();
        });
      };
      const onInt = (): void => stop('SIGINT');
      const onTerm = (): void => stop('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    });
  }
}

/** The --datastore URL as printed (loads the PostgreSQL store only when one is used). */
function redactedDatastore(url: string): string {
  const { redactDatastoreUrl } =
    require('../../server/store/postgres') as typeof import('../../server/store/postgres');
  return redactDatastoreUrl(url);
}

type ControlPlane = Awaited<ReturnType<typeof import('../../server/index').createControlPlane>>;

/** Listen on HOST:PORT; an address that cannot be used is exit 3 (the data is closed first). */
async function listenOn(cp: ControlPlane, host: string, port: number, listen: string): Promise<string> {
  try {
    return (await cp.listen(host, port)).url;
  } catch (err) {
    await cp.close();
    const code = (err as NodeJS.ErrnoException).code;
    throw new RiptidesError(`cannot listen on ${listen}: ${code ?? (err as Error).message}`, {
      code: 'listen-failed',
      exitCode: ExitCode.UNAVAILABLE,
      suggestions:
        code === 'EADDRINUSE'
          ? [`Another process uses that port: pick another, or --listen ${host}:0 for a free one`]
          : ['Check the address, or use --listen 127.0.0.1:0'],
      cause: err,
    });
  }
}
