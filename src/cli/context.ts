/**
 * Contexts (like kubeconfig): `$XDG_CONFIG_HOME/riptides/config.yaml` (mode 0600, directory 0700)
 * holds named connections; with no file the current context is `local`, the control plane embedded
 * in this process. `resolveConnection` turns flags > env > config file into an ApiClient.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ExitCode, RiptidesError, usageError } from '../core/errors';
import { parseManifestText } from '../core/manifest/parse';
import { DEFAULT_NAMESPACE } from '../core/manifest/types';
import { closestMatch } from '../core/text/suggest';
import type { ConfigFile, ContextEntry } from '../core/config/types';
import { ApiClient } from '../api/client';
import type { Transport } from '../api/transport';
import type { InfoResponse, StoredResource } from '../core/wire/types';
import { KINDS, type KindInfo } from '../core/wire/types';
import { readTextFileCapped } from '../io/bounded-read';
import { loadValidators } from '../io/validators';
import { applyConfigEdit, editConfigText, renderConfig, type ConfigEdit } from './config-edit';
import { settledInOrder } from './in-order';

/** The built-in embedded context. */
export const LOCAL_CONTEXT = 'local';

export type { ConfigEdit, ConfigFile, ContextEntry };

const CONTEXT_KEYS: readonly (keyof ContextEntry)[] = [
  'server',
  'token',
  'tokenFile',
  'caFile',
  'namespace',
  'insecureSkipTlsVerify',
];

type Env = Record<string, string | undefined>;

function homeDir(env: Env): string {
  return env.HOME || os.homedir();
}

/** `$XDG_CONFIG_HOME/riptides/config.yaml`, falling back to `~/.config/riptides/config.yaml`. */
export function configFilePath(env: Env = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(homeDir(env), '.config');
  return path.join(base, 'riptides', 'config.yaml');
}

/** `$XDG_DATA_HOME/riptides/local` (fallback `~/.local/share/riptides/local`): the embedded control plane's data. */
export function localDataDir(env: Env = process.env): string {
  const base = env.XDG_DATA_HOME || path.join(homeDir(env), '.local', 'share');
  return path.join(base, 'riptides', 'local');
}

function configError(
  file: string,
  message: string,
  at: { line?: number; column?: number } = {},
): RiptidesError {
  return new RiptidesError(`${file}: ${message}`, {
    code: 'invalid-config',
    exitCode: ExitCode.USAGE,
    location: { file, ...at },
    suggestions: [
      'fix or remove the file; `riptides-cli config view` shows what is read, `config set-context` rewrites entries',
    ],
  });
}

/** Check the parsed YAML of a config file and return it typed. */
export function parseConfig(file: string, data: unknown): ConfigFile {
  if (data === null || data === undefined) return { contexts: {} };
  if (typeof data !== 'object' || Array.isArray(data))
    throw configError(file, 'expected a mapping at the top level');
  const raw = data as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (key !== 'currentContext' && key !== 'contexts') {
      const near = closestMatch(key, ['currentContext', 'contexts']);
      throw configError(file, `unknown key "${key}"${near ? `; did you mean "${near}"?` : ''}`);
    }
  }
  if (raw.currentContext !== undefined && typeof raw.currentContext !== 'string')
    throw configError(file, 'currentContext must be a string');
  const contexts: Record<string, ContextEntry> = {};
  const rawContexts = raw.contexts ?? {};
  if (typeof rawContexts !== 'object' || Array.isArray(rawContexts) || rawContexts === null)
    throw configError(
      file,
      'contexts must be a mapping of NAME: {server, token | tokenFile, caFile, namespace}',
    );
  for (const [name, entry] of Object.entries(rawContexts as Record<string, unknown>)) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      throw configError(file, `contexts.${name} must be a mapping`);
    const out: ContextEntry = {};
    for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
      if (!CONTEXT_KEYS.includes(k as keyof ContextEntry)) {
        const near = closestMatch(k, CONTEXT_KEYS);
        throw configError(
          file,
          `contexts.${name}: unknown key "${k}"${near ? `; did you mean "${near}"?` : ''}`,
        );
      }
      if (k === 'insecureSkipTlsVerify') {
        if (typeof v !== 'boolean') throw configError(file, `contexts.${name}.${k} must be true or false`);
        out.insecureSkipTlsVerify = v;
      } else {
        if (typeof v !== 'string') throw configError(file, `contexts.${name}.${k} must be a string`);
        (out as Record<string, string>)[k] = v;
      }
    }
    if (name === LOCAL_CONTEXT && out.server !== undefined)
      throw configError(
        file,
        `contexts.local is the built-in embedded control plane and cannot have a server; use another name`,
      );
    contexts[name] = out;
  }
  return { currentContext: raw.currentContext as string | undefined, contexts };
}

export interface LoadedConfig {
  file: string;
  exists: boolean;
  config: ConfigFile;
  /** The file's text as read (absent with no file): `saveConfig` edits it. */
  text?: string;
}

/** Read a config file's text (js-yaml, through the manifest parser): errors with line and column. */
function readConfigText(file: string, text: string): ConfigFile {
  const parsed = parseManifestText(file, text);
  if (parsed.findings.length > 0) {
    const f = parsed.findings[0];
    throw configError(file, `not valid YAML: ${f.message}`, { line: f.line, column: f.column });
  }
  if (parsed.documents.length > 1) {
    const at = parsed.documents[1].origin.start;
    throw configError(file, 'must be a single YAML document', { line: at.line, column: at.column });
  }
  const data: unknown = parsed.documents[0]?.data ?? null;
  return parseConfig(file, data);
}

/** Read the config file (an absent file is an empty config whose current context is `local`). */
export function loadConfig(env: Env = process.env): LoadedConfig {
  const file = configFilePath(env);
  let text: string;
  try {
    text = readTextFileCapped(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { file, exists: false, config: { contexts: {} } };
    throw configError(file, `cannot read: ${(err as Error).message}`);
  }
  return { file, exists: true, config: readConfigText(file, text), text };
}

/** Print one line to stderr (warnings, the -v log). */
export const stderrLine = (line: string) => {
  process.stderr.write(line + '\n');
};

/** Whether `text` reads back (as `loadConfig` reads it) as exactly `expected`. */
function readsAs(file: string, text: string, expected: ConfigFile): boolean {
  try {
    return isDeepStrictEqual(readConfigText(file, text), expected);
  } catch {
    return false;
  }
}

/**
 * Apply `edit` to the config file `loaded` was read from and write it with mode 0600 in a 0700
 * directory (it may hold tokens), atomically (a temporary file, then a rename: a failed write leaves
 * the old file as it was). An existing file is edited in place (config-edit.ts): its comments, order
 * and layout stay. Should the edited text not read back as the intended config (a construct the
 * `yaml` package cannot edit, such as an anchor shared by two contexts), the file is written whole
 * instead, with a warning. Returns the config as saved.
 */
export function saveConfig(
  loaded: LoadedConfig,
  edit: ConfigEdit,
  warn: (line: string) => void = stderrLine,
): ConfigFile {
  const { file } = loaded;
  const next = applyConfigEdit(loaded.config, edit);
  let text: string | undefined;
  if (loaded.text !== undefined && loaded.text.trim() !== '') {
    let why = 'it does not read back as intended';
    try {
      const edited = editConfigText(loaded.text, edit);
      if (readsAs(file, edited, next)) text = edited;
    } catch (err) {
      why = (err as Error).message;
    }
    if (text === undefined)
      warn(`WARNING: ${file}: could not edit it in place (${why}); rewrote it whole, without its comments`);
  }
  text ??= renderConfig(next);
  if (!readsAs(file, text, next))
    throw new Error(`${file}: the contexts would not read back as written; the file is unchanged`);
  writePrivateFile(file, text);
  return next;
}

/** Write `text` to `file` (mode 0600, directory 0700) through a temporary file and a rename. */
function writePrivateFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text, { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  } catch (err) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* not written, or not ours to remove */
    }
    throw err;
  }
}

/** The names of every context: `local` plus the file's, sorted, `local` first. */
export function contextNames(config: ConfigFile): string[] {
  const names = Object.keys(config.contexts)
    .filter((n) => n !== LOCAL_CONTEXT)
    .sort();
  return [LOCAL_CONTEXT, ...names];
}

export function currentContextName(config: ConfigFile, env: Env = process.env, flag?: string): string {
  return flag || env.RIPTIDES_CONTEXT || config.currentContext || LOCAL_CONTEXT;
}

export function unknownContextError(name: string, config: ConfigFile, file: string): RiptidesError {
  const names = contextNames(config);
  const near = closestMatch(name, names);
  return usageError(
    `no context named "${name}"${near ? `; did you mean "${near}"?` : ''} (contexts: ${names.join(', ')})`,
    [
      `list them: riptides-cli config get-contexts`,
      `create it: riptides-cli config set-context ${name} --server https://HOST:PORT --token-file FILE --ca-file FILE`,
      `file: ${file}`,
    ],
    'unknown-context',
  );
}

/** The connection flags as a command receives them (see connection-flags.ts). */
export interface ConnectionFlagValues {
  context?: string;
  server?: string;
  token?: string;
  'token-file'?: string;
  'ca-file'?: string;
  'insecure-skip-tls-verify'?: boolean;
  namespace?: string;
  verbose?: boolean;
  'request-timeout'?: number;
}

export interface ResolvedContext {
  /** The context name (`local`, `team` …), even when --server overrides its server. */
  name: string;
  embedded: boolean;
  /** `https://host:port` or the embedded data directory. */
  server: string;
  caFile?: string;
  insecureSkipTlsVerify: boolean;
  /** Where the token came from: `--token`, `--token-file`, `RIPTIDES_TOKEN`, `context token`, `context tokenFile FILE`. */
  tokenSource?: string;
}

export interface Connection {
  client: ApiClient;
  context: ResolvedContext;
  /** The namespace to use: -n > the context's > riptides-system. */
  namespace: string;
}

export interface ResolveIo {
  /** Warnings (insecure TLS, a world-readable config file). Default: stderr. */
  warn?: (line: string) => void;
  /** The -v request log. Default: stderr. */
  log?: (line: string) => void;
}

/** The PEM text of a --ca-file (bounded read), or a usage error that says what is wrong with it. */
export function readCaFile(caFile: string): string {
  let text: string;
  try {
    text = readTextFileCapped(caFile);
  } catch (err) {
    throw new RiptidesError(`cannot read the CA file ${caFile}: ${(err as Error).message}`, {
      code: 'ca-file-unreadable',
      exitCode: ExitCode.USAGE,
      suggestions: ['pass the CA certificate the server printed at start-up: --ca-file DATA/ca.pem'],
      cause: err,
    });
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new RiptidesError(`the CA file ${caFile} holds no PEM certificate`, {
      code: 'ca-file-invalid',
      exitCode: ExitCode.USAGE,
      suggestions: ['pass the CA certificate (ca.pem) of the control plane, not its key or token'],
    });
  return text;
}

function readTokenFile(file: string, source: string): string {
  try {
    const token = readTextFileCapped(file).trim();
    if (token === '') throw new Error('the file is empty');
    return token;
  } catch (err) {
    throw new RiptidesError(`cannot read the token file ${file} (${source}): ${(err as Error).message}`, {
      code: 'token-file-unreadable',
      exitCode: ExitCode.USAGE,
      suggestions: ['`controlplane serve` writes the admin token to DATA/admin.token; pass that path'],
      cause: err,
    });
  }
}

/** The server URL: --server > RIPTIDES_SERVER > the context's; none: the embedded control plane. */
function serverOf(flags: ConnectionFlagValues, env: Env, ctx: ContextEntry): string | undefined {
  return flags.server || env.RIPTIDES_SERVER || ctx.server || undefined;
}

/**
 * Whether resolveConnection would reach a control plane over the network (not the embedded one),
 * read without side effects; a config it cannot read counts as not (resolveConnection reports it).
 */
export function connectsOverNetwork(flags: ConnectionFlagValues, env: Env = process.env): boolean {
  try {
    const loaded = loadConfig(env);
    const ctx = loaded.config.contexts[currentContextName(loaded.config, env, flags.context)] ?? {};
    return serverOf(flags, env, ctx) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Resolve flags > env (RIPTIDES_CONTEXT, RIPTIDES_SERVER, RIPTIDES_TOKEN, RIPTIDES_CA_FILE) > config
 * file into a client. `local` (the default with no config) runs the control plane in this process.
 */
export async function resolveConnection(
  flags: ConnectionFlagValues,
  env: Env = process.env,
  io: ResolveIo = {},
): Promise<Connection> {
  const warn = io.warn ?? stderrLine;
  const loaded = loadConfig(env);
  const name = currentContextName(loaded.config, env, flags.context);
  const entry: ContextEntry | undefined = loaded.config.contexts[name];
  if (!entry && name !== LOCAL_CONTEXT) throw unknownContextError(name, loaded.config, loaded.file);
  const ctx: ContextEntry = entry ?? {};

  const server = serverOf(flags, env, ctx);
  const namespace = flags.namespace || ctx.namespace || DEFAULT_NAMESPACE;
  const log = flags.verbose ? (io.log ?? stderrLine) : undefined;
  const timeoutMs = flags['request-timeout'] !== undefined ? flags['request-timeout'] * 1000 : undefined;

  if (!server) {
    const dataDir = localDataDir(env);
    const { createEmbeddedTransport } =
      require('../api/transport-embedded') as typeof import('../api/transport-embedded');
    const transport: Transport = await createEmbeddedTransport({
      dataDir,
      // Loaded only here: fastify, node:sqlite and the server code are needed only by the local context.
      open: (dir) =>
        (require('../server/index') as typeof import('../server/index')).createControlPlane({
          dataDir: dir,
          validators: loadValidators(),
        }),
    });
    const client = new ApiClient({ transport, log, context: name });
    return {
      client,
      namespace,
      context: { name, embedded: true, server: transport.server, insecureSkipTlsVerify: false },
    };
  }

  let token: string | undefined;
  let tokenSource: string | undefined;
  if (flags.token) [token, tokenSource] = [flags.token, '--token'];
  else if (flags['token-file'])
    [token, tokenSource] = [readTokenFile(flags['token-file'], '--token-file'), '--token-file'];
  else if (env.RIPTIDES_TOKEN) [token, tokenSource] = [env.RIPTIDES_TOKEN, 'RIPTIDES_TOKEN'];
  else if (ctx.token) [token, tokenSource] = [ctx.token, `context ${name} token`];
  else if (ctx.tokenFile) {
    const source = `context ${name} tokenFile`;
    [token, tokenSource] = [readTokenFile(ctx.tokenFile, source), `${source} ${ctx.tokenFile}`];
  }

  const caFile = flags['ca-file'] || env.RIPTIDES_CA_FILE || ctx.caFile;
  const insecure = flags['insecure-skip-tls-verify'] ?? ctx.insecureSkipTlsVerify ?? false;
  if (insecure) {
    warn(
      "WARNING: --insecure-skip-tls-verify: the control plane's certificate is NOT verified. Anyone on the network path can impersonate it and read your token. Use --ca-file DATA/ca.pem instead.",
    );
  }
  if (loaded.exists && ctx.token !== undefined) warnIfShared(loaded.file, warn);
  if (token !== undefined) checkTokenTransport(server, tokenSource ?? 'a token', warn);
  const { createHttpTransport } = require('../api/transport-http') as typeof import('../api/transport-http');
  const transport = createHttpTransport({
    server,
    ca: caFile ? readCaFile(caFile) : undefined,
    caFile,
    insecureSkipTlsVerify: insecure,
    timeoutMs,
  });
  const client = new ApiClient({
    transport,
    token,
    log,
    context: name,
    likelyCaFile: defaultServeCaFile(env),
  });
  return {
    client,
    namespace,
    context: {
      name,
      embedded: false,
      server: transport.server,
      caFile,
      insecureSkipTlsVerify: insecure,
      tokenSource,
    },
  };
}

/** Whether a URL host is this machine: localhost, 127.0.0.0/8, ::1 (an IPv4-mapped ::ffff:127.x too). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = host.replace(/^::ffff:/, '');
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * A bearer token is a password: never sent in clear text over a network. Plain http:// to another
 * host is refused before anything connects (exit 2); to loopback it only warns (nothing leaves the
 * machine, but the habit is worth a line). https:// and the embedded context are unaffected.
 */
export function checkTokenTransport(server: string, tokenSource: string, warn: (line: string) => void): void {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return; // parseServerUrl reports a malformed --server with its own message
  }
  if (url.protocol !== 'http:') return;
  if (isLoopbackHost(url.hostname)) {
    warn(
      `WARNING: sending the bearer token (${tokenSource}) over plain http:// to ${url.host}; this is loopback, so it stays on this machine, but use https:// (controlplane serve speaks HTTPS) anywhere else.`,
    );
    return;
  }
  throw new RiptidesError(
    `refusing to send the bearer token (${tokenSource}) over plain http:// to ${url.host}: anyone on the network path could read it and act as you`,
    {
      code: 'token-over-http',
      exitCode: ExitCode.USAGE,
      suggestions: [
        `use https://${url.host}${url.pathname === '/' ? '' : url.pathname} (controlplane serve speaks HTTPS; pass its CA with --ca-file DATA/ca.pem)`,
        'or, for a server that needs no token, give none (unset RIPTIDES_TOKEN, drop --token/--token-file and the context token)',
      ],
    },
  );
}

/** `controlplane serve`'s CA in its default data directory, when it exists (a hint for unknown-CA errors). */
function defaultServeCaFile(env: Env): string | undefined {
  const base = env.XDG_DATA_HOME || path.join(homeDir(env), '.local', 'share');
  const file = path.join(base, 'riptides', 'controlplane', 'ca.pem');
  return fs.existsSync(file) ? file : undefined;
}

function warnIfShared(file: string, warn: (line: string) => void): void {
  try {
    const mode = fs.statSync(file).mode & 0o077;
    if (mode !== 0) warn(`WARNING: ${file} holds a token and is readable by others; run: chmod 600 ${file}`);
  } catch {
    /* unreadable stat: nothing to say */
  }
}

/**
 * Resources a page when a whole list is read (the live state for ctl apply's rules and `--live`,
 * `ctl get`, `ctl diff`, the first list of `ctl get --watch`): each page is a round trip, so against
 * a control plane 50 ms away, 10,000 resources took a second in pages of 500 and a quarter of it in
 * pages of 2000 (docs/performance.md); a page holds the server's event loop for about 50 ms. A page
 * too large to read is asked for again in smaller pages (ApiClient.listAll).
 */
export const LIST_PAGE_SIZE = 2000;

/** Every resource of both kinds in one namespace or all of them, following `continue` pages. */
export async function fetchLiveResources(
  client: ApiClient,
  options: {
    namespace?: string;
    allNamespaces?: boolean;
    labelSelector?: string;
    /** The kinds to list (default: every kind), in this order. */
    kinds?: readonly KindInfo[];
  } = {},
): Promise<StoredResource[]> {
  // Every kind at once (one round trip, not one per kind, to a remote control plane).
  const lists = await settledInOrder(
    (options.kinds ?? KINDS).map((k) =>
      client.listAll(k.kind, {
        namespace: options.allNamespaces ? undefined : options.namespace,
        allNamespaces: options.allNamespaces || options.namespace === undefined,
        labelSelector: options.labelSelector,
        limit: LIST_PAGE_SIZE,
      }),
    ),
  );
  return lists.flat();
}

/** `GET /v1/info`: the trust domain (and server version, kinds) of the current context. */
export async function fetchInfo(client: ApiClient): Promise<InfoResponse> {
  return client.info();
}
