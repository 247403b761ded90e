/**
 * Checks every request passes before its route runs, so that a malformed request is a 400 problem
 * and never a 500 or a blocked process: one value per query parameter, a bounded body depth, and
 * 405 with `Allow` for a path that exists under other methods. Also maps storage failures
 * (disk full, I/O errors) to 507/503 problems (docs/limits.md).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { makeProblem, problemError, sendProblem, type ProblemError } from './problem';

/** Deepest nesting of objects and arrays accepted in a request body (a resource needs about 8). */
export const MAX_BODY_DEPTH = 64;

/**
 * Whether `value` nests objects and arrays more than `max` levels deep. Recursive, but never deeper
 * than `max` + 1 frames; a for-in walk without allocations (a 4 MiB body takes a few ms).
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  return deeper(value, 1, max);
}

/** The 400 problem for a body nested more than MAX_BODY_DEPTH levels, or undefined. */
export function bodyDepthProblem(body: unknown): ProblemError | undefined {
  if (!nestedDeeperThan(body, MAX_BODY_DEPTH)) return undefined;
  return problemError(
    'bad-request',
    `the body is nested more than ${MAX_BODY_DEPTH} levels deep; no Riptides document needs more than about 8`,
    { errors: [{ pointer: '', message: `nested more than ${MAX_BODY_DEPTH} levels` }] },
  );
}

function deeper(value: unknown, depth: number, max: number): boolean {
  // A raw body (NDJSON arrives as a Buffer) is bytes, not nesting: a for-in over it visits every byte.
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return false;
  if (depth > max) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      if (child !== null && typeof child === 'object' && deeper(child, depth + 1, max)) return true;
    }
  } else {
    for (const key in value) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object' && deeper(child, depth + 1, max)) return true;
    }
  }
  return false;
}

/** The SQLite result code of a node:sqlite error (primary code, extended bits dropped), if it is one. */
function sqliteCode(err: unknown): number | undefined {
  const e = err as { code?: unknown; errcode?: unknown };
  return e?.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number' ? e.errcode & 0xff : undefined;
}

const SQLITE_FULL = 13;
/** BUSY, LOCKED, READONLY, IOERR, CANTOPEN: the storage is unusable now, the request may succeed later. */
const SQLITE_UNAVAILABLE = new Set([5, 6, 8, 10, 14]);

/** The SQLSTATE of a PostgreSQL server error (pg's DatabaseError), if it is one. */
function postgresState(err: unknown): string | undefined {
  const e = err as { code?: unknown; severity?: unknown };
  return typeof e?.severity === 'string' && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)
    ? e.code
    : undefined;
}

/** PostgreSQL: disk full. */
const PG_DISK_FULL = '53100';
/**
 * PostgreSQL states after which a retry may succeed: connection exceptions (08), insufficient
 * resources (53), serialization failure and deadlock (40001, 40P01), lock not available (55P03),
 * server shutting down or restarting (57P01-57P03).
 */
function postgresUnavailable(state: string): boolean {
  return (
    state.startsWith('08') ||
    state.startsWith('53') ||
    ['40001', '40P01', '55P03', '57P01', '57P02', '57P03'].includes(state)
  );
}
/** Socket errors of the connection to PostgreSQL. */
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/** A 507 or 503 problem for a storage failure (SQLite or PostgreSQL), or undefined for any other error. */
export function storageProblem(err: unknown): ReturnType<typeof makeProblem> | undefined {
  const code = sqliteCode(err);
  const state = postgresState(err);
  if (state === PG_DISK_FULL) {
    return makeProblem(
      'insufficient-storage',
      'the control plane cannot store this: its database server is out of disk space (nothing was written); free space there and retry',
    );
  }
  if (
    (state !== undefined && postgresUnavailable(state)) ||
    CONNECTION_ERRORS.has(String((err as { code?: unknown })?.code)) ||
    /^Connection terminated/.test(String((err as Error)?.message))
  ) {
    return makeProblem(
      'unavailable',
      `the control plane's database is unavailable (${clipMessage((err as Error).message)}): retry later (an apply with the same Idempotency-Key, which a lost answer at commit makes safe)`,
    );
  }
  if (code === SQLITE_FULL) {
    return makeProblem(
      'insufficient-storage',
      'the control plane cannot store this: its disk is full (nothing was written); free space in its data directory and retry',
    );
  }
  if (code !== undefined && SQLITE_UNAVAILABLE.has(code)) {
    return makeProblem(
      'unavailable',
      `the control plane's database is unavailable (${(err as Error).message}); nothing was written: retry later`,
    );
  }
  return undefined;
}

function clipMessage(message: unknown): string {
  const text = String(message);
  return text.length > 200 ? text.slice(0, 200) + '…' : text;
}

/** Every (method, path pattern) registered per app, to answer 405 + Allow for a known path. */
const routeTables = new WeakMap<
  FastifyInstance,
  Array<{ method: string; pattern: RegExp; literal: boolean }>
>();

/**
 * For a path that a parametric route caught but does not serve (GET /v1/apply reaches GET
 * /v1/:plural): the 405 answer when a literal route serves the path under other methods.
 */
export function sendMethodNotAllowedForLiteral(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
): FastifyReply | undefined {
  const path = req.url.split('?')[0];
  const routes = (routeTables.get(app) ?? []).filter((r) => r.literal && r.pattern.test(path));
  return routes.length > 0
    ? sendMethodNotAllowed(
        req,
        reply,
        routes.map((r) => r.method),
      )
    : undefined;
}

function sendMethodNotAllowed(req: FastifyRequest, reply: FastifyReply, methods: string[]): FastifyReply {
  const path = req.url.split('?')[0];
  const allowed = [...new Set(methods)].sort();
  reply.header('allow', allowed.join(', '));
  return sendProblem(
    reply,
    makeProblem('method-not-allowed', `${req.method} is not allowed on ${path}: use ${allowed.join(', ')}`),
  );
}

/** The routes that take manifests, CSRs and apply batches: their bodies are parsed in one go. */
function takesResourceBody(url: string): boolean {
  return url === '/v1/apply' || url.startsWith('/v1/namespaces/') || url.startsWith('/v1/svids');
}

/**
 * @param resourceBodyLimit the body limit of the resource, apply and SVID routes (JSON.parse of the
 *   body blocks the event loop, ~8 ms per MiB: 4 MiB keeps /healthz under 100 ms).
 */
export function registerRequestGuards(app: FastifyInstance, options: { resourceBodyLimit: number }): void {
  const routes: Array<{ method: string; pattern: RegExp; literal: boolean }> = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    if (takesResourceBody(route.url))
      route.bodyLimit = Math.min(route.bodyLimit ?? Infinity, options.resourceBodyLimit);
    const escaped = route.url
      .split('/')
      .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    const pattern = new RegExp(`^${escaped}$`);
    const literal = !/[:*]/.test(route.url);
    for (const method of [route.method].flat()) routes.push({ method, pattern, literal });
  });

  // A callback hook, not an async one: every request runs it, and it never waits.
  app.addHook('preValidation', (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    const query = req.query as Record<string, unknown> | undefined;
    for (const [name, value] of Object.entries(query ?? {})) {
      if (Array.isArray(value)) {
        done(
          problemError(
            'bad-request',
            `the query parameter "${name.slice(0, 100)}" is given ${value.length} times: give it once`,
            {
              errors: [{ pointer: '', message: `repeated query parameter ${name.slice(0, 100)}` }],
            },
          ),
        );
        return;
      }
    }
    done(bodyDepthProblem(req.body));
  });

  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0];
    const allowed = routes.filter((r) => r.pattern.test(path)).map((r) => r.method);
    if (allowed.length > 0) return sendMethodNotAllowed(req, reply, allowed);
    return sendProblem(reply, makeProblem('not-found', `no route ${req.method} ${path}`));
  });
}
