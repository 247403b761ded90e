/**
 * The control-plane client: one ApiClient over a Transport (HTTPS or embedded). It adds the bearer
 * token, logs requests with `-v` (Authorization redacted), retries idempotent requests on
 * 429/502/503/504 and connection resets with exponential backoff + jitter (honouring Retry-After),
 * and turns every failure into a RiptidesError with the right exit code and a fix.
 */
import { randomUUID } from 'node:crypto';
import { ExitCode, isRiptidesError, RiptidesError } from '../core/errors';
import { classifyNetworkError, networkError, responseError, type ConnectionDescription } from './errors';
import type { Transport, TransportRequest, TransportResponse, TransportStream } from './transport';
import {
  allNamespacesPath,
  APPLY_PATH,
  IDEMPOTENCY_HEADER,
  INFO_PATH,
  resourcePath,
  type ApplyResponse,
  type InfoResponse,
  type Problem,
  type ResourceList,
  type StoredResource,
} from '../core/wire/types';

export interface RetryPolicy {
  /** Attempts in all, the first included (default 4). */
  attempts: number;
  /** First backoff in ms (default 200); doubles per attempt, capped at maxDelayMs, full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails (default 60 s). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 60_000,
};
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

export interface ApiClientOptions {
  transport: Transport;
  /** Bearer token; the embedded transport authenticates itself. */
  token?: string;
  /** Where `-v` request logs go (stderr); undefined = silent. */
  log?: (line: string) => void;
  retry?: Partial<RetryPolicy>;
  /** Context name, for messages. */
  context?: string;
  /** A CA file worth suggesting when the server's CA is unknown. */
  likelyCaFile?: string;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Whether the request may be repeated safely (default: GET/PUT/DELETE, or with an Idempotency-Key). */
  idempotent?: boolean;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Record<string, string | undefined>;
  body: T;
}

export interface ListOptions {
  /** A namespace, or undefined with allNamespaces. */
  namespace?: string;
  allNamespaces?: boolean;
  labelSelector?: string;
  limit?: number;
  continue?: string;
}

export interface WriteOptions {
  dryRun?: boolean;
}

export interface ApplyOptions extends WriteOptions {
  atomic?: boolean;
  /** Sent as Idempotency-Key; a fresh UUID when absent so that retries are safe. */
  idempotencyKey?: string;
}

/** Parse Retry-After (seconds or an HTTP date) into ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Full-jitter exponential backoff: random in [0, min(max, base·2^attempt)]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}

function buildPath(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== false) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function parseBody(res: TransportResponse): unknown {
  if (res.body === '') return undefined;
  const type = res.headers['content-type'] ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(res.body);
    } catch {
      return res.body;
    }
  }
  return res.body;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A control plane's answer must have the shape the API promises before anything reads it: a broken or
 * hostile server (`{"items": 5}`, HTML from a proxy) is an exit-3 error that says so, not a crash.
 */
function checkShape(ok: boolean, what: string, server: string, path: string, expected: string): void {
  if (ok) return;
  throw badResponse(
    `the control plane at ${server} answered ${what} ${path.replace(/\?.*$/, '')} with ${expected === '' ? 'an unexpected body' : `a body that is not ${expected}`}`,
  );
}

/** An answer that is not what the API promises (exit 3): `--server` may not be a Riptides control plane. */
export function badResponse(message: string): RiptidesError {
  return new RiptidesError(message, {
    code: 'bad-response',
    exitCode: ExitCode.UNAVAILABLE,
    suggestions: [
      'check that --server points at a Riptides control plane (not a proxy or another service)',
      'run the command with -v to see the requests and answers',
    ],
  });
}

const isResource = (v: unknown): boolean =>
  isObject(v) && typeof v.kind === 'string' && isObject(v.metadata) && typeof v.metadata.name === 'string';

function asProblem(body: unknown): Problem | undefined {
  return body && typeof body === 'object' && 'status' in body && 'title' in body
    ? (body as Problem)
    : undefined;
}

/** The transport refused to read an answer over the limit (transport-http.ts, MAX_RESPONSE_BYTES). */
const isTooLarge = (err: unknown): boolean => isRiptidesError(err) && err.code === 'response-too-large';

export class ApiClient {
  readonly transport: Transport;
  private readonly token?: string;
  private readonly log?: (line: string) => void;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  readonly context?: string;
  private readonly likelyCaFile?: string;
  private aborted = false;

  constructor(options: ApiClientOptions) {
    this.transport = options.transport;
    this.token = options.token;
    this.log = options.log;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.context = options.context;
    this.likelyCaFile = options.likelyCaFile;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  get server(): string {
    return this.transport.server;
  }

  private describe(): ConnectionDescription {
    return {
      server: this.transport.server,
      caFile: this.transport.caFile,
      context: this.context,
      likelyCaFile: this.likelyCaFile,
    };
  }

  /** One API call; non-2xx answers throw ApiError, network failures RiptidesError (exit 3). */
  async request<T = unknown>(
    method: TransportRequest['method'],
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      ...options.headers,
    };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const request: TransportRequest = { method, path: buildPath(path, options.query), headers, body };
    const idempotent =
      options.idempotent ??
      (method !== 'POST' || Object.keys(headers).some((h) => h.toLowerCase() === IDEMPOTENCY_HEADER));

    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= this.retry.attempts || !idempotent;
      const started = Date.now();
      this.logRequest(request, attempt);
      let res: TransportResponse;
      try {
        res = await this.transport.send(request);
      } catch (err) {
        // In-process there is no network: anything thrown is a bug of the embedded server, not an outage.
        // The transport's own verdicts (deadline passed, answer too large) are final too.
        if (this.transport.embedded || isRiptidesError(err)) throw err;
        const failure = classifyNetworkError(err);
        this.log?.(`< ${failure}: ${(err as Error).message} (${Date.now() - started} ms)`);
        if (failure === 'reset' && !last && !this.aborted) {
          await this.wait(backoffDelay(attempt, this.retry, this.random));
          continue;
        }
        throw networkError(failure, this.describe(), err);
      }
      this.log?.(
        `< ${res.status} ${res.headers['content-type'] ?? ''} (${Date.now() - started} ms, ${res.body.length} bytes)`.replace(
          '  ',
          ' ',
        ),
      );
      if (RETRY_STATUSES.has(res.status) && !last && !this.aborted) {
        const after = parseRetryAfter(res.headers['retry-after'], Date.now());
        if (after === undefined || after <= this.retry.maxRetryAfterMs) {
          await this.wait(after ?? backoffDelay(attempt, this.retry, this.random));
          continue;
        }
      }
      const parsed = parseBody(res);
      if (res.status < 200 || res.status >= 300) {
        throw responseError(res.status, asProblem(parsed), { method, path }, this.describe());
      }
      return { status: res.status, headers: res.headers, body: parsed as T };
    }
  }

  private async wait(ms: number): Promise<void> {
    this.log?.(`  retrying in ${ms} ms`);
    await this.sleep(ms);
  }

  private logRequest(request: TransportRequest, attempt: number): void {
    if (!this.log) return;
    const target = this.transport.embedded
      ? `embedded:${request.path}`
      : `${this.transport.server}${request.path}`;
    this.log(`> ${request.method} ${target}${attempt > 0 ? ` (attempt ${attempt + 1})` : ''}`);
    for (const [k, v] of Object.entries(request.headers)) {
      this.log(`> ${k}: ${k.toLowerCase() === 'authorization' ? 'Bearer <redacted>' : v}`);
    }
  }

  /** `GET /v1/info`: trust domain, server version, kinds. */
  async info(): Promise<InfoResponse> {
    const body = (await this.request<InfoResponse>('GET', INFO_PATH)).body;
    checkShape(isObject(body), 'GET', this.server, INFO_PATH, 'an info object');
    return body;
  }

  /** One page of a list. */
  async list(kind: string, options: ListOptions): Promise<ResourceList> {
    const path =
      options.allNamespaces || options.namespace === undefined
        ? allNamespacesPath(kind)
        : resourcePath(kind, options.namespace);
    const res = await this.request<ResourceList>('GET', path, {
      query: { labelSelector: options.labelSelector, limit: options.limit, continue: options.continue },
    });
    const body = res.body as unknown;
    checkShape(
      isObject(body) && Array.isArray(body.items) && body.items.every(isResource),
      'GET',
      this.server,
      path,
      'a list of resources ({"items": [...]} with a kind and metadata.name each)',
    );
    const meta = isObject(body) ? body.metadata : undefined;
    const next = isObject(meta) ? meta.continue : undefined;
    checkShape(
      next === undefined || next === null || typeof next === 'string',
      'GET',
      this.server,
      path,
      'a list with a string continue token',
    );
    return res.body;
  }

  /**
   * Every item of a list, following `continue` tokens. A page over the answer limit (resources far
   * larger than usual: up to 4 MiB each) is asked for again a quarter as large, down to one resource a
   * page: only one resource over the limit stops the list.
   */
  async listAll(kind: string, options: Omit<ListOptions, 'continue'>): Promise<StoredResource[]> {
    const items: StoredResource[] = [];
    let token: string | undefined;
    let limit = options.limit;
    for (;;) {
      let page: ResourceList;
      try {
        page = await this.list(kind, { ...options, limit, continue: token });
      } catch (err) {
        if (limit === undefined || limit <= 1 || !isTooLarge(err)) throw err;
        this.log?.(`  the page of ${limit} was too large: asking for pages of ${Math.ceil(limit / 4)}`);
        limit = Math.ceil(limit / 4);
        continue;
      }
      items.push(...page.items);
      token = page.metadata?.continue || undefined;
      if (!token) return items;
    }
  }

  async get(kind: string, namespace: string, name: string): Promise<StoredResource> {
    const path = resourcePath(kind, namespace, name);
    const body = (await this.request<StoredResource>('GET', path)).body;
    checkShape(isResource(body), 'GET', this.server, path, 'a resource (kind and metadata.name)');
    return body;
  }

  /** Like get, but undefined when the resource does not exist. */
  async tryGet(kind: string, namespace: string, name: string): Promise<StoredResource | undefined> {
    try {
      return await this.get(kind, namespace, name);
    } catch (err) {
      if ((err as { status?: number }).status === 404) return undefined;
      throw err;
    }
  }

  async put(
    resource: { kind: string; metadata: { name: string; namespace?: string } },
    namespace: string,
    options: WriteOptions = {},
  ): Promise<ApiResponse<StoredResource>> {
    return this.request<StoredResource>(
      'PUT',
      resourcePath(resource.kind, namespace, resource.metadata.name),
      {
        body: resource,
        query: { dryRun: options.dryRun ? 'All' : undefined },
      },
    );
  }

  async delete(
    kind: string,
    namespace: string,
    name: string,
    options: WriteOptions = {},
  ): Promise<ApiResponse> {
    return this.request('DELETE', resourcePath(kind, namespace, name), {
      query: { dryRun: options.dryRun ? 'All' : undefined },
    });
  }

  /** `POST /v1/apply`: one batch. Retried safely thanks to the Idempotency-Key. */
  async apply(items: unknown[], options: ApplyOptions = {}): Promise<ApplyResponse> {
    const res = await this.request<ApplyResponse>('POST', APPLY_PATH, {
      body: { items, dryRun: options.dryRun === true, atomic: options.atomic === true },
      headers: { [IDEMPOTENCY_HEADER]: options.idempotencyKey ?? randomUUID() },
    });
    const body = res.body as unknown;
    checkShape(
      isObject(body) &&
        Array.isArray(body.items) &&
        body.items.length === items.length &&
        body.items.every((i) => isObject(i) && typeof i.action === 'string'),
      'POST',
      this.server,
      APPLY_PATH,
      `one result per item (${items.length}) with an action each`,
    );
    return res.body;
  }

  /**
   * A streaming GET (the watch feed): the open stream on 2xx; an ApiError on other answers; a
   * RiptidesError (exit 3) when the server cannot be reached. No retries: the caller reconnects.
   */
  async openStream(path: string, query: RequestOptions['query'] = {}): Promise<TransportStream> {
    if (!this.transport.stream) {
      throw new Error('this transport does not stream (the embedded control plane)');
    }
    const headers: Record<string, string> = { accept: 'application/x-ndjson, application/problem+json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const request: TransportRequest = { method: 'GET', path: buildPath(path, query), headers };
    this.logRequest(request, 0);
    let stream: TransportStream;
    try {
      stream = await this.transport.stream(request);
    } catch (err) {
      throw networkError(classifyNetworkError(err), this.describe(), err);
    }
    this.log?.(`< ${stream.status} ${stream.headers['content-type'] ?? ''} (streaming)`);
    if (stream.status < 200 || stream.status >= 300) {
      const body = await stream.text();
      const res: TransportResponse = { status: stream.status, headers: stream.headers, body };
      throw responseError(stream.status, asProblem(parseBody(res)), { method: 'GET', path }, this.describe());
    }
    return stream;
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  /**
   * Give up on everything in flight: requests fail, none is retried, connections are dropped (a
   * command that started reading ahead and no longer needs the answers: src/cli/live-prefetch.ts).
   */
  async abort(): Promise<void> {
    this.aborted = true;
    await this.transport.destroy();
  }
}
