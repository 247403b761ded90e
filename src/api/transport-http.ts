/**
 * HTTPS to a control plane with undici: a custom CA (`--ca-file`), optional verification bypass
 * (`--insecure-skip-tls-verify`), connect/headers/body timeouts, keep-alive. The only module that
 * imports undici, and it is loaded only when a remote context is used.
 */
import fs from 'node:fs';
import { ExitCode, RiptidesError, usageError } from '../core/errors';
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
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
  /** Per request: connect, headers and body timeouts (ms). Default 30 s. */
  timeoutMs?: number;
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

export function readCaFile(caFile: string): string {
  let text: string;
  try {
    text = fs.readFileSync(caFile, 'utf8');
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

export function createHttpTransport(options: HttpTransportOptions): Transport {
  // Loaded here so that commands which never talk to a remote control plane never load undici.
  const undici = require('undici') as typeof import('undici');
  const url = parseServerUrl(options.server);
  const base = url.origin + url.pathname.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? 30_000;
  const ca = options.caFile ? readCaFile(options.caFile) : undefined;
  const agent = new undici.Agent({
    connect: {
      ca,
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
      const res = await undici.request(base + request.path, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        dispatcher: agent,
      });
      const body = await res.body.text();
      return { status: res.statusCode, headers: flattenHeaders(res.headers), body };
    },
    async stream(request: TransportRequest): Promise<TransportStream> {
      const res = await undici.request(base + request.path, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        dispatcher: agent,
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
  };
}
