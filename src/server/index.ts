/**
 * The reference Riptides control plane (SPEC §4): fastify routes over the SQLite store, bearer-token
 * auth, RFC 9457 errors, and an HTTPS listener whose certificate comes from the trust domain's CA.
 * The same instance serves in-process (`app.inject()`, the embedded `local` context) and over HTTPS
 * (`controlplane serve`). fastify and the CA (x509) are loaded only when needed.
 */
import type { SchemaValidators } from '../core/manifest/schema-validators';
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import type { Server } from 'node:https';
import path from 'node:path';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  BUNDLE_PATH,
  HEALTH_PATH,
  INFO_PATH,
  KINDS,
  type HealthResponse,
  type InfoResponse,
} from '../core/wire/types';
import { RiptidesError, ExitCode } from '../core/errors';
import type { ApplyPreparer } from './apply-worker-pool';
import type { CertificateAuthority } from './ca';
import { defaultPlugins } from './extensions';
import type { ControlPlaneContext, ControlPlanePaths, ControlPlanePlugin } from './plugin';

export type { ControlPlaneContext, ControlPlanePaths, ControlPlanePlugin };
import { makeProblem, ProblemError, sendProblem } from './problem';
import { registerRequestGuards, storageProblem } from './request-guards';
import { openStore, sqliteDatastore, type Datastore, type ResourceStore } from './store';
import {
  DAEMON_TOKEN_CACHE,
  DAEMON_TOKEN_PREFIX,
  tokenDigest as daemonTokenDigest,
  type FlowRetention,
} from './store/flows';

export { DAEMON_TOKEN_CACHE } from './store/flows';

export const DEFAULT_TRUST_DOMAIN = 'example.com';
/** 16 MiB: the largest request body of any route. Larger requests get 413. */
export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;
/**
 * 4 MiB: the largest body of a resource write, an apply batch (at most 1000 items, ~4 KiB each) or
 * an SVID request. Parsing a body blocks the process for ~8 ms per MiB; this keeps every other
 * request (`/healthz`) answered within 100 ms meanwhile (docs/limits.md).
 */
export const RESOURCE_BODY_LIMIT = 4 * 1024 * 1024;

export interface ControlPlaneOptions {
  dataDir: string;
  /** The JSON Schema validators every written resource is checked with (the CLI's: src/io/validators). */
  validators: SchemaValidators;
  /** Default example.com; persisted on first start, and a different value later is refused. */
  trustDomain?: string;
  /** Largest request body in bytes (default 16 MiB; resource, apply and SVID routes at most 4 MiB); larger → 413 problem. */
  bodyLimit?: number;
  /** fastify's JSON request log on stderr (default off). */
  logger?: boolean;
  now?: () => Date;
  /** Called with every error that becomes a 500 problem (e.g. to print it; fastify's log is off by default). */
  onInternalError?: (err: unknown) => void;
  /** Called with a warning about the data directory (e.g. a world-readable admin token file). */
  onWarning?: (message: string) => void;
  /** The window of stored flows (count and age); default 1,000,000 flows, 7 days. */
  flowRetention?: FlowRetention;
  /**
   * `postgres://USER@HOST:PORT/DB`: keep resources, versions, issued SVIDs, the CA root and the
   * admin-token hash in PostgreSQL, shared by every replica started with the same URL.
   */
  datastore?: string;
  /** Changes kept for GET /v1/watch (default: SQLite 10,000 in memory, PostgreSQL 100,000); older versions get 410. */
  watchHistory?: number;
  /** Interval of the watch stream's BOOKMARK heartbeat (default 15 s). */
  watchHeartbeatMs?: number;
  /** The database password (else PGPASSWORD or the URL). Never logged. */
  datastorePassword?: string;
  /** Extra route plugins, registered after the built-in routes and `defaultPlugins` (src/server/extensions.ts). */
  plugins?: ControlPlanePlugin[];
  /**
   * Prepare large apply batches (parse, validate, fingerprint) on a worker thread running `script`
   * (the compiled src/cli/apply-worker.js), while this thread writes the batch before. Bodies shorter
   * than `minChars` (default APPLY_WORKER_MIN_CHARS) are prepared in place; a worker silent for
   * `silenceLimitMs` (default WORKER_SILENCE_LIMIT_MS) while requests wait is stopped, and they are
   * prepared in place.
   */
  applyWorker?: { script: string; minChars?: number; silenceLimitMs?: number };
}

export interface ControlPlane {
  /** Routes registered and ready: `app.inject()` works in-process. */
  app: FastifyInstance;
  trustDomain: string;
  adminToken: string;
  paths: ControlPlanePaths;
  /** The local SQLite store (DATA/controlplane.db); with --datastore postgres it holds only local data. */
  store: ResourceStore;
  /**
   * Where resources, versions, issued SVIDs, idempotency records, flows and daemon tokens live
   * (SQLite or PostgreSQL).
   */
  datastore: Datastore;
  /**
   * PostgreSQL only: `created` when this replica set the cluster up (then `adminToken` is the new
   * token, shown once), `joined` when it found it set up (then `adminToken` is '').
   */
  cluster?: 'created' | 'joined';
  /** The apply worker thread (ControlPlaneOptions.applyWorker), if one was asked for. */
  applyWorker?: ApplyPreparer;
  /** The CA, created on first call (and on first listen()). */
  getCertificateAuthority(): Promise<CertificateAuthority>;
  /** HTTPS with a server certificate from the CA (SANs: the host, 127.0.0.1, ::1, localhost). Port 0 picks a free port. */
  listen(host: string, port: number): Promise<{ url: string }>;
  /** Stop listening, close connections, checkpoint and close the database. */
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No bearer token needed (healthz, bundle). */
    public?: boolean;
    /** A daemon token may call it (POST /v1/flows); daemons may also read policy (daemonMayCall). */
    daemon?: boolean;
  }
}

function readVersion(): string {
  try {
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Shortest admin token accepted from the token file (the generated one has 43 characters). */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** A token file's content, refused when empty or weak, with a warning when others may read it. */
function readTokenFile(tokenFile: string, warn: (message: string) => void): string {
  const token = fs.readFileSync(tokenFile, 'utf8').trim();
  const fix = [
    `Delete ${tokenFile} and start again: a strong token (32 random bytes) is generated`,
    `Or write at least ${MIN_ADMIN_TOKEN_LENGTH} random characters into it (e.g. openssl rand -base64 32)`,
  ];
  if (token === '') {
    throw new RiptidesError(`the admin token file ${tokenFile} is empty`, {
      code: 'admin-token-weak',
      exitCode: ExitCode.UNAVAILABLE,
      suggestions: fix,
    });
  }
  if (token.length < MIN_ADMIN_TOKEN_LENGTH || new Set(token).size < 8 || /\s/.test(token)) {
    throw new RiptidesError(
      `the admin token in ${tokenFile} is too weak to guard the control plane (${token.length} characters, ${new Set(token).size} distinct; at least ${MIN_ADMIN_TOKEN_LENGTH} characters, 8 distinct, no spaces)`,
      { code: 'admin-token-weak', exitCode: ExitCode.UNAVAILABLE, suggestions: fix },
    );
  }
  if (process.platform !== 'win32' && (fs.statSync(tokenFile).mode & 0o077) !== 0) {
    warn(
      `the admin token file ${tokenFile} can be read by other users (mode ${(fs.statSync(tokenFile).mode & 0o777).toString(8)}): chmod 600 ${tokenFile}`,
    );
  }
  return token;
}

/** Read the admin token, creating it (32 random bytes, base64url, mode 0600) on first start. */
function loadOrCreateToken(tokenFile: string, warn: (message: string) => void): string {
  try {
    return readTokenFile(tokenFile, warn);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(tokenFile, token + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readTokenFile(tokenFile, warn);
    throw err;
  }
  return token;
}

/**
 * Create the data directory (and missing parents), mode 0700. Not `mkdirSync({recursive: true})`:
 * under /proc it loops forever (ENOENT retried), so `--data-dir /proc/x` hung at 100 % CPU.
 */
function makeDataDir(dir: string, depth = 0): void {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (!fs.statSync(dir).isDirectory())
        throw new Error(`${dir} exists and is not a directory`, { cause: err });
      return;
    }
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir || depth > 64) throw err;
    makeDataDir(parent, depth + 1);
  }
  // The parent exists now; a second failure is final.
  fs.mkdirSync(dir, { mode: 0o700 });
}

/**
 * TLS 1.2 cipher suites offered: ECDHE with AEAD only (no CBC, no static RSA). TLS 1.3 suites are
 * all AEAD and configured separately by Node.
 */
export const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-RSA-CHACHA20-POLY1305',
];
const TLS13_CIPHERS = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

/** What a daemon token may do besides routes marked `daemon: true`: read policy (resources, info). */
export function daemonMayCall(method: string, routeUrl: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const url = routeUrl ?? '';
  return (
    url === '/v1/info' ||
    url.startsWith('/v1/namespaces/') ||
    url === '/v1/workloadidentities' ||
    url === '/v1/services' ||
    url.startsWith('/v1/daemongroups/') ||
    url === '/v1/watch'
  );
}

/**
 * Daemon-token lookups cached per replica, so that ingest does not ask the database on every
 * request: a known token for 10 s, an unknown one for 1 s (a new token works within 1 s on every
 * replica; a deleted one keeps working up to 10 s). Concurrent lookups of one token share a query.
 * Keyed by the token's digest; the cache is emptied when it reaches `maxEntries`.
 */
export function cachedDaemonLookup(
  lookup: (token: string) => Promise<string | undefined>,
  clock: () => number = () => performance.now(),
  limits = DAEMON_TOKEN_CACHE,
): (token: string) => Promise<string | undefined> {
  const cache = new Map<string, { name: string | undefined; until: number }>();
  const pending = new Map<string, Promise<string | undefined>>();
  return async (token) => {
    if (!token.startsWith(DAEMON_TOKEN_PREFIX)) return undefined;
    const key = daemonTokenDigest(token);
    const known = cache.get(key);
    if (known && known.until > clock()) return known.name;
    let query = pending.get(key);
    if (!query) {
      query = lookup(token).finally(() => pending.delete(key));
      pending.set(key, query);
    }
    const name = await query;
    if (cache.size >= limits.maxEntries) cache.clear();
    cache.set(key, { name, until: clock() + (name === undefined ? limits.missMs : limits.hitMs) });
    return name;
  };
}

function tokenMatches(expectedDigest: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) return false;
  // Compare digests: equal length whatever the input, so the comparison time says nothing.
  return timingSafeEqual(expectedDigest, hash('sha256', m[1], 'buffer'));
}

export async function createControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const now = options.now ?? (() => new Date());
  const dataDir = path.resolve(options.dataDir);
  makeDataDir(dataDir);
  const paths: ControlPlanePaths = {
    dataDir,
    dbFile: path.join(dataDir, 'controlplane.db'),
    caFile: path.join(dataDir, 'ca.pem'),
    tokenFile: path.join(dataDir, 'admin.token'),
  };
  const store = openStore(paths.dbFile, now);
  let trustDomain: string;
  let datastore: Datastore;
  let adminToken: string;
  let tokenDigest: Buffer;
  let cluster: ControlPlane['cluster'];
  let jwtSigningKeyPem: string | undefined;
  let getCertificateAuthority: () => Promise<CertificateAuthority>;
  try {
    if (options.datastore !== undefined) {
      const joined = await joinCluster(options, now);
      ({ datastore, trustDomain, adminToken, tokenDigest, cluster, jwtSigningKeyPem } = joined);
      try {
        // DATA (ca.pem, local data) belongs to one trust domain, whichever store holds the resources.
        localTrustDomain(store, { trustDomain }, dataDir);
      } catch (err) {
        await datastore.close();
        throw err;
      }
      // The root certificate is public: clients pass DATA/ca.pem as --ca-file.
      fs.writeFileSync(paths.caFile, joined.rootPem, { mode: 0o644 });
      let replicaCa: Promise<CertificateAuthority> | undefined;
      getCertificateAuthority = () => {
        replicaCa ??= (require('./ca') as typeof import('./ca')).replicaCertificateAuthority(
          joined.rootPem,
          joined.rootKeyPem,
          trustDomain,
          now(),
        );
        replicaCa.catch(() => (replicaCa = undefined));
        return replicaCa;
      };
    } else {
      trustDomain = localTrustDomain(store, options, dataDir);
      datastore = sqliteDatastore(store, {
        keepChanges: options.watchHistory,
        flowRetention: options.flowRetention,
      });
      adminToken = loadOrCreateToken(paths.tokenFile, options.onWarning ?? (() => undefined));
      tokenDigest = hash('sha256', adminToken, 'buffer');
      let caPromise: Promise<CertificateAuthority> | undefined;
      getCertificateAuthority = (): Promise<CertificateAuthority> => {
        caPromise ??= (require('./ca') as typeof import('./ca')).loadOrCreateCertificateAuthority(
          dataDir,
          trustDomain,
          now,
        );
        caPromise.catch(() => (caPromise = undefined));
        return caPromise;
      };
    }
  } catch (err) {
    store.close();
    throw err;
  }
  const daemonOf = cachedDaemonLookup((token) => datastore.daemonForToken(token));

  const fastify = require('fastify') as typeof import('fastify');
  // fastify loads ajv and fast-json-stringify at construction (~45 ms) although our routes validate
  // explicitly; load them only if a plugin's route declares a schema. The compilers are the packages
  // fastify itself defaults to, declared as our own dependencies (pinned to fastify's versions) and
  // passed through fastify's documented `schemaController.compilersFactory` option.
  type CompilerFactory = () => (...args: unknown[]) => unknown;
  let buildValidator: ((...args: unknown[]) => unknown) | undefined;
  let buildSerializer: ((...args: unknown[]) => unknown) | undefined;
  const app = fastify.default({
    schemaController: {
      compilersFactory: {
        buildValidator: (...args: unknown[]) =>
          (buildValidator ??= (require('@fastify/ajv-compiler') as CompilerFactory)())(...args),
        buildSerializer: (...args: unknown[]) =>
          (buildSerializer ??= (require('@fastify/fast-json-stringify-compiler') as CompilerFactory)())(
            ...args,
          ),
      },
    } as unknown as import('fastify').FastifyServerOptions['schemaController'],
    // Request logs go to stderr: stdout belongs to the command's output.
    logger: options.logger ? { level: 'info', stream: process.stderr } : false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Request ids are not needed and the generator shows up in profiles.
    genReqId: () => '',
    return503OnClosing: true,
    // Resource names may have 253 characters (fastify's default limit for a path parameter is 100).
    routerOptions: { maxParamLength: 512 },
    // A malformed URL (a bad `%` escape) is a problem like every other error, not fastify's own JSON.
    frameworkErrors: (err, _req, reply) =>
      sendProblem(
        reply,
        makeProblem(
          'bad-request',
          `the request URL is malformed (${err.message}): percent-encode it correctly`,
        ),
      ),
  });

  // Bodies are JSON only (fastify also parses text/plain by default).
  app.removeContentTypeParser('text/plain');
  registerRequestGuards(app, {
    resourceBodyLimit: Math.min(options.bodyLimit ?? DEFAULT_BODY_LIMIT, RESOURCE_BODY_LIMIT),
  });

  // Any token but the admin token: a daemon token (looked up, cached) or a 401/403 problem. Resolves
  // to whether it answered the request.
  const authorizeOtherToken = async (req: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const daemon = await daemonOf(/^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? '');
    if (daemon !== undefined) {
      if (req.routeOptions.config?.daemon || daemonMayCall(req.method, req.routeOptions.url)) return false;
      sendProblem(
        reply,
        makeProblem(
          'forbidden',
          `daemon token "${daemon}" may post flows and read policy, not ${req.method} this`,
        ),
      );
      return true;
    }
    reply.header('www-authenticate', 'Bearer realm="riptides"');
    const problem = makeProblem(
      'unauthorized',
      req.headers.authorization
        ? 'the bearer token is not valid for this control plane'
        : 'this endpoint needs an Authorization: Bearer <token> header (the token is in DATA/admin.token)',
    );
    sendProblem(reply, problem);
    return true;
  };
  // Every request runs this hook: the admin token (and public routes) pass synchronously, without the
  // promise an async hook costs; a hook that answers does not call done().
  app.addHook('onRequest', (req, reply, done) => {
    if (req.routeOptions.config?.public || tokenMatches(tokenDigest, req.headers.authorization)) {
      done();
      return;
    }
    authorizeOtherToken(req, reply).then((answered) => {
      if (!answered) done();
    }, done);
  });

  app.setErrorHandler((err: FastifyError | ProblemError, req, reply) => {
    if (err instanceof ProblemError) return sendProblem(reply, err.problem, err.extensions);
    const e = err as FastifyError;
    switch (e.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(
          reply,
          makeProblem(
            'payload-too-large',
            `the request body is larger than the server's limit of ${req.routeOptions.bodyLimit ?? options.bodyLimit ?? DEFAULT_BODY_LIMIT} bytes: send fewer resources per request`,
          ),
        );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, makeProblem('unsupported-media-type', 'send the body as application/json'));
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return sendProblem(reply, makeProblem('bad-request', e.message));
    }
    const storage = storageProblem(err);
    if (storage) {
      options.onInternalError?.(err);
      return sendProblem(reply, storage);
    }
    reply.log.error(err);
    options.onInternalError?.(err);
    return sendProblem(
      reply,
      makeProblem(
        'internal',
        `the control plane failed to handle the request (a bug in the server): ${(err as Error).message}`,
      ),
    );
  });

  const version = readVersion();
  app.get(HEALTH_PATH, { config: { public: true } }, async (): Promise<HealthResponse> => ({ status: 'ok' }));
  app.get(INFO_PATH, async (): Promise<InfoResponse> => ({ trustDomain, version, kinds: [...KINDS] }));
  const { registerResourceRoutes } = require('./routes/resources') as typeof import('./routes/resources');
  registerResourceRoutes(app, datastore, now, options.validators);
  const { RawJsonBody, APPLY_WORKER_MIN_CHARS, registerApplyRoute } =
    require('./routes/apply') as typeof import('./routes/apply');
  // The worker itself starts once the routes are ready (below): a failed start leaves no thread.
  const applyWorker: { preparer?: ApplyPreparer; minChars: number } | undefined = options.applyWorker
    ? { minChars: options.applyWorker.minChars ?? APPLY_WORKER_MIN_CHARS }
    : undefined;
  // POST /v1/apply takes its body as text, in a fastify scope of its own: parsing it is part of the
  // batch's stateless half (src/server/apply-prepare.ts, on a worker thread in `controlplane
  // serve`). Every other route keeps fastify's JSON parser.
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
      done(null, new RawJsonBody(body as string)),
    );
    registerApplyRoute(scope, datastore, now, options.validators, applyWorker);
  });
  const endWatches = (require('./routes/watch') as typeof import('./routes/watch')).registerWatchRoute(
    app,
    datastore,
    {
      heartbeatMs: options.watchHeartbeatMs,
    },
  );
  (require('./routes/policy') as typeof import('./routes/policy')).registerPolicyRoute(app, datastore);
  (require('./routes/flows') as typeof import('./routes/flows')).registerFlowRoutes(app, datastore, now);

  const context: ControlPlaneContext = {
    db: store.db,
    store,
    datastore,
    trustDomain,
    jwtSigningKeyPem,
    getCertificateAuthority,
    now,
    paths,
  };
  const plugins = [...defaultPlugins, ...(options.plugins ?? [])];
  for (const plugin of plugins) await plugin(app, context);
  // The bundle route is the SVID routes' to serve; until one is registered, say so (public, 404).
  if (!app.hasRoute({ method: 'GET', url: BUNDLE_PATH })) {
    app.get(BUNDLE_PATH, { config: { public: true } }, async (_req, reply) =>
      sendProblem(reply, makeProblem('not-found', 'this control plane does not serve a trust bundle yet')),
    );
  }
  await app.ready();
  if (applyWorker && options.applyWorker) {
    const { startApplyWorker } = require('./apply-worker-pool') as typeof import('./apply-worker-pool');
    applyWorker.preparer = startApplyWorker(options.applyWorker.script, {
      silenceLimitMs: options.applyWorker.silenceLimitMs,
    });
  }

  let server: Server | undefined;
  let closed = false;

  return {
    app,
    trustDomain,
    adminToken,
    paths,
    store,
    datastore,
    cluster,
    applyWorker: applyWorker?.preparer,
    getCertificateAuthority,
    async listen(host: string, port: number): Promise<{ url: string }> {
      if (server) throw new Error('the control plane is already listening');
      const ca = await getCertificateAuthority();
      const { issueServerCertificate } = require('./ca') as typeof import('./ca');
      // On every interface, clients may use the machine's name: put it in the certificate too.
      const wildcard = host === '' || host === '0.0.0.0' || host === '::' || host === '[::]';
      const cert = await issueServerCertificate(ca, host, now, wildcard ? [os.hostname()] : []);
      const https = require('node:https') as typeof import('node:https');
      const srv = https.createServer(
        {
          key: cert.keyPem,
          cert: cert.certChainPem,
          minVersion: 'TLSv1.2',
          ciphers: [...TLS13_CIPHERS, ...TLS12_CIPHERS].join(':'),
          honorCipherOrder: true,
        },
        (req, res) => app.routing(req, res),
      );
      srv.keepAliveTimeout = 30_000;
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(port, host, () => {
          srv.off('error', reject);
          resolve();
        });
      });
      server = srv;
      const address = srv.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const urlHost =
        host === '0.0.0.0' || host === ''
          ? '127.0.0.1'
          : host === '::'
            ? '[::1]'
            : host.includes(':')
              ? `[${host}]`
              : host;
      return { url: `https://${urlHost}:${actualPort}` };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      endWatches();
      if (server) {
        const srv = server;
        // In-flight requests finish (idle keep-alive connections close now); after 3 s, cut the rest.
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => srv.closeAllConnections(), 3000);
          force.unref();
          srv.close(() => {
            clearTimeout(force);
            resolve();
          });
          srv.closeIdleConnections();
        });
      }
      await app.close();
      await applyWorker?.preparer?.close();
      await datastore.close();
      if (options.datastore !== undefined) store.close();
    },
  };
}

/** The trust domain persisted in the local SQLite store (set on first start; another one later is refused). */
function localTrustDomain(store: ResourceStore, options: { trustDomain?: string }, dataDir: string): string {
  const persisted = store.getSetting('trustDomain');
  if (persisted === undefined) {
    const trustDomain = options.trustDomain ?? DEFAULT_TRUST_DOMAIN;
    store.transaction(() => store.setSetting('trustDomain', trustDomain));
    return trustDomain;
  }
  if (options.trustDomain !== undefined && options.trustDomain !== persisted) {
    throw trustDomainMismatch(`the data directory ${dataDir}`, persisted, options.trustDomain, [
      `Drop --trust-domain to serve "${persisted}"`,
      `Or use another --data-dir for trust domain "${options.trustDomain}"`,
    ]);
  }
  return persisted;
}

function trustDomainMismatch(
  where: string,
  persisted: string,
  wanted: string,
  suggestions: string[],
): RiptidesError {
  return new RiptidesError(`${where} belongs to trust domain "${persisted}", not "${wanted}"`, {
    code: 'data-trust-domain-differs',
    exitCode: ExitCode.USAGE,
    suggestions,
  });
}

/**
 * Connect to the PostgreSQL datastore and join its cluster, setting it up when this replica is the
 * first (under an advisory lock: replicas starting together agree on one first). The first creates
 * the trust domain's root CA and JWT signing key (kept in the `secrets` table) and the admin token
 * (only its SHA-256 is stored; the token itself is returned once).
 */
async function joinCluster(
  options: ControlPlaneOptions,
  now: () => Date,
): Promise<{
  datastore: Datastore;
  trustDomain: string;
  adminToken: string;
  tokenDigest: Buffer;
  cluster: 'created' | 'joined';
  jwtSigningKeyPem: string;
  rootPem: string;
  rootKeyPem: string;
}> {
  const { openPostgresDatastore } = require('./store/postgres') as typeof import('./store/postgres');
  const datastore = await openPostgresDatastore({
    url: options.datastore as string,
    password: options.datastorePassword,
    now,
    keepChanges: options.watchHistory,
    flowRetention: options.flowRetention,
  });
  try {
    const joined = await datastore.bootstrap(async (db) => {
      const persisted = await db.getSetting('trustDomain');
      if (persisted !== undefined) {
        if (options.trustDomain !== undefined && options.trustDomain !== persisted) {
          throw trustDomainMismatch('the datastore', persisted, options.trustDomain, [
            `Drop --trust-domain to serve "${persisted}"`,
            `Or use another database for trust domain "${options.trustDomain}"`,
          ]);
        }
        // One connection: one query at a time.
        const digest = await db.getSetting('adminTokenSha256');
        const rootPem = await db.getSetting('caRootPem');
        const rootKeyPem = await db.getSecret('caRootKey');
        const jwtPem = await db.getSecret('jwtSigningKey');
        if (!digest || !rootPem || !rootKeyPem || !jwtPem) {
          throw new Error('the datastore is set up only in part (admin token, CA or JWT key missing)');
        }
        return {
          trustDomain: persisted,
          adminToken: '',
          tokenDigest: Buffer.from(digest, 'hex'),
          cluster: 'joined' as const,
          jwtSigningKeyPem: jwtPem,
          rootPem,
          rootKeyPem,
        };
      }
      const trustDomain = options.trustDomain ?? DEFAULT_TRUST_DOMAIN;
      const { createRootPem } = require('./ca') as typeof import('./ca');
      const { generateJwtSigningKeyPem } = require('./jwt-keys') as typeof import('./jwt-keys');
      const { rootPem, rootKeyPem } = await createRootPem(trustDomain, now());
      const jwtSigningKeyPem = generateJwtSigningKeyPem();
      const adminToken = randomBytes(32).toString('base64url');
      const tokenDigest = hash('sha256', adminToken, 'buffer');
      await db.setSetting('trustDomain', trustDomain);
      await db.setSetting('adminTokenSha256', tokenDigest.toString('hex'));
      await db.setSetting('caRootPem', rootPem);
      await db.setSecret('caRootKey', rootKeyPem);
      await db.setSecret('jwtSigningKey', jwtSigningKeyPem);
      return {
        trustDomain,
        adminToken,
        tokenDigest,
        cluster: 'created' as const,
        jwtSigningKeyPem,
        rootPem,
        rootKeyPem,
      };
    });
    return { datastore, ...joined };
  } catch (err) {
    await datastore.close();
    throw err;
  }
}

export { problemError, ProblemError } from './problem';
export type { CertificateAuthority } from './ca';
export type { ResourceStore, IssuedSvidRecord } from './store';
