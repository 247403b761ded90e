/**
 * HTTPS to a control plane with undici: a custom CA (`--ca-file`), optional verification bypass
 * (`--insecure-skip-tls-verify`), connect/headers/body timeouts, keep-alive. The only module that
 * imports undici, and it is loaded only when a remote context is used.
 * A control plane is not trusted to be well-behaved: every request has a deadline from connecting to
 * the last byte of the answer (a body dripped one byte at a time never resets it), and an answer is
 * read up to MAX_RESPONSE_BYTES, no further (docs/limits.md).
 */
import type { Dispatcher } from 'undici';
import { ExitCode, RiptidesError, usageError, type UserErrorCode } from '../core/errors';
import {
  flattenHeaders,
  type Transport,
  type TransportRequest,
  type TransportResponse,
  type TransportStream,
} from './transport';

export interface HttpTransportOptions {
  /** `https://host:port` (a path prefix is kept: `https://host/riptides`). */
  server: string;
  /** The CA certificates (PEM) that verify the control plane; the system's when absent. */
  ca?: string;
  /** The file `ca` was read from, named in error messages. */
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
  /** Per request, from connecting to the last byte of the answer (ms). Default 30 s. */
  timeoutMs?: number;
  /** Largest answer read (bytes). Default MAX_RESPONSE_BYTES, or RIPTIDES_MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
}

/** The largest answer read from a control plane: a list page of 500 resources is well under 16 MiB. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

function responseCap(): number {
  const raw = Number(process.env.RIPTIDES_MAX_RESPONSE_BYTES);
  return Number.isSafeInteger(raw) && raw > 0 ? raw : MAX_RESPONSE_BYTES;
}

function unavailable(message: string, code: UserErrorCode, suggestions: string[]): RiptidesError {
  return new RiptidesError(message, { code, exitCode: ExitCode.UNAVAILABLE, suggestions });
}

/** Check a --server value: an absolute http(s) URL without query or fragment. */
export function parseServerUrl(server: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw usageError(`--server "${server}" is not a URL`, [
      'give it as https://HOST:PORT, e.g. https://127.0.0.1:7443',
    ]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw usageError(`--server "${server}": only https:// (or http://) URLs are supported`, [
      'give it as https://HOST:PORT, e.g. https://127.0.0.1:7443',
    ]);
  if (url.search || url.hash)
    throw usageError(`--server "${server}" must not have a query or fragment`, [
      'give it as https://HOST:PORT',
    ]);
  return url;
}

function tooLarge(server: string, what: string, size: string, max: number): RiptidesError {
  return unavailable(
    `the answer of the control plane at ${server} to ${what} is ${size}, over the ${max}-byte limit; it was not read`,
    'response-too-large',
    [
      'check that --server points at a Riptides control plane',
      'raise the limit with RIPTIDES_MAX_RESPONSE_BYTES if the answer is legitimate',
    ],
  );
}

/**
 * Stop reading an answer. Destroying undici's body makes it emit 'error' (request aborted); with no
 * listener that is an uncaught exception (exit 1 instead of the error being reported), e.g. when the
 * whole small answer had already arrived. Nobody reads the body any more, so the error is dropped.
 */
function discard(body: NodeJS.ReadableStream & { destroy(): void }): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** undici's `request`, called with the dispatcher as `this` (what `undici.request` does after checking its URL). */
type UndiciRequest = (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;

/**
 * The two parts of undici this transport uses: its Agent and its request API. `require('undici')`
 * initialises all of undici (fetch, WebSocket, EventSource, cookies, caches, mocks): 80–100 ms of
 * every online command's start, where these two modules take about 35 ms. undici declares no
 * package "exports", so these files are reachable; its version is pinned exactly in package.json,
 * and the bundle build (esbuild) fails if either file moves. Loaded here, so that commands which
 * never talk to a remote control plane never load undici.
 */
function loadUndici(): { Agent: typeof import('undici').Agent; request: UndiciRequest } {
  return {
    Agent: require('undici/lib/dispatcher/agent') as typeof import('undici').Agent,
    request: require('undici/lib/api/api-request') as UndiciRequest,
  };
}

export function createHttpTransport(options: HttpTransportOptions): Transport {
  const undici = loadUndici();
  const url = parseServerUrl(options.server);
  const base = url.origin + url.pathname.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxResponseBytes ?? responseCap();
  /** The origin and path undici is given for a request path (parsed as a URL, as undici.request does). */
  const target = (requestPath: string): { origin: string; path: string } => {
    const u = new URL(base + requestPath);
    return { origin: u.origin, path: u.pathname + u.search };
  };
  const agent = new undici.Agent({
    connect: {
      ca: options.ca,
      rejectUnauthorized: !options.insecureSkipTlsVerify,
      timeout,
    },
    headersTimeout: timeout,
    bodyTimeout: timeout,
    keepAliveTimeout: 10_000,
  });
  return {
    server: url.origin,
    caFile: options.caFile,
    embedded: false,
    async send(request: TransportRequest): Promise<TransportResponse> {
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeout);
      const what = `${request.method} ${request.path.replace(/\?.*$/, '')}`;
      try {
        const res = await undici.request.call(agent, {
          ...target(request.path),
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: deadline.signal,
        });
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          discard(res.body);
          throw tooLarge(url.origin, what, `${declared} bytes`, maxBytes);
        }
        const pieces: Buffer[] = [];
        let total = 0;
        for await (const chunk of res.body) {
          total += (chunk as Buffer).length;
          if (total > maxBytes) {
            discard(res.body);
            throw tooLarge(url.origin, what, `more than ${maxBytes} bytes`, maxBytes);
          }
          pieces.push(chunk as Buffer);
        }
        const body = Buffer.concat(pieces, total).toString('utf8');
        return { status: res.statusCode, headers: flattenHeaders(res.headers), body };
      } catch (err) {
        if (deadline.signal.aborted && !(err instanceof RiptidesError)) {
          throw unavailable(
            `the control plane at ${url.origin} did not answer ${what} completely within ${timeout / 1000} s`,
            'timeout',
            [
              'check that the server is healthy (riptides-cli ctl get … -v shows each request)',
              'allow more time with --request-timeout SECONDS',
            ],
          );
        }
        throw err;
      } finally {
        clearTimeout(timer);
      }
    },
    async stream(request: TransportRequest): Promise<TransportStream> {
      const res = await undici.request.call(agent, {
        ...target(request.path),
        method: request.method,
        headers: request.headers,
        body: request.body,
      });
      const readline = require('node:readline') as typeof import('node:readline');
      const lines = readline.createInterface({ input: res.body, crlfDelay: Infinity });
      // close() aborts the body, which is an 'error': a reader still iterating gets it; nobody else should.
      res.body.on('error', () => undefined);
      lines.on('error', () => undefined);
      return {
        status: res.statusCode,
        headers: flattenHeaders(res.headers),
        lines,
        text: () => res.body.text(),
        close: () => res.body.destroy(),
      };
    },
    async close(): Promise<void> {
      await agent.close();
    },
    async destroy(): Promise<void> {
      await agent.destroy();
    },
  };
}
