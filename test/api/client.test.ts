/**
 * ApiClient over real HTTPS on 127.0.0.1 (a small test server with a certificate from a test CA):
 * retries honour Retry-After, resets are retried, non-idempotent requests are not, timeouts and
 * status codes become RiptidesErrors with the SPEC exit codes, the token never reaches the log.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { ApiClient, backoffDelay, DEFAULT_RETRY, parseRetryAfter } from '../../src/api/client';
import { classifyNetworkError, isApiError, responseError } from '../../src/api/errors';
import { createHttpTransport } from '../../src/api/transport-http';
import { isRiptidesError } from '../../src/core/errors';
import type { Problem } from '../../src/core/wire/types';
import { issueServerCertificate, loadOrCreateCertificateAuthority } from '../../src/server/ca';
import { tempDir } from '../helpers/cli';

type Handler = (
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
  n: number,
) => void;

let caFile: string;
let tls: { key: string; cert: string };

beforeAll(async () => {
  const dir = tempDir();
  const ca = await loadOrCreateCertificateAuthority(dir, 'test.example');
  const cert = await issueServerCertificate(ca, '127.0.0.1');
  caFile = path.join(dir, 'ca.pem');
  expect(fs.existsSync(caFile)).toBe(true);
  tls = { key: cert.keyPem, cert: cert.certChainPem };
});

async function serve(handler: Handler): Promise<{
  url: string;
  requests: { headers: Record<string, unknown>; url: string }[];
  close(): Promise<void>;
}> {
  const requests: { headers: Record<string, unknown>; url: string }[] = [];
  const server = https.createServer(tls, (req, res) => {
    requests.push({ headers: req.headers, url: req.url ?? '' });
    handler(req, res, requests.length);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function json(
  res: import('node:http').ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

const INFO = { trustDomain: 'test.example', version: '0.0.0', kinds: [] };

function client(
  url: string,
  extra: Partial<ConstructorParameters<typeof ApiClient>[0]> = {},
  timeoutMs?: number,
) {
  const sleeps: number[] = [];
  const c = new ApiClient({
    transport: createHttpTransport({ server: url, ca: fs.readFileSync(caFile, 'utf8'), caFile, timeoutMs }),
    token: 'tok-123',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  return { c, sleeps };
}

describe('retries', () => {
  test('503 with Retry-After: 2 then 200: waits 2 s (as told) and succeeds', async () => {
    const s = await serve((_req, res, n) =>
      n === 1 ? json(res, 503, { title: 'busy', status: 503 }, { 'retry-after': '2' }) : json(res, 200, INFO),
    );
    const { c, sleeps } = client(s.url);
    try {
      await expect(c.info()).resolves.toEqual(INFO);
      expect(s.requests).toHaveLength(2);
      expect(sleeps).toEqual([2000]);
    } finally {
      await c.close();
      await s.close();
    }
  });

  test('a real wait: Retry-After: 1 delays the retry by about a second', async () => {
    const s = await serve((_req, res, n) =>
      n === 1
        ? json(res, 429, { title: 'slow down', status: 429 }, { 'retry-after': '1' })
        : json(res, 200, INFO),
    );
    const c = new ApiClient({
      transport: createHttpTransport({ server: s.url, ca: fs.readFileSync(caFile, 'utf8'), caFile }),
      token: 't',
    });
    const started = Date.now();
    try {
      await c.info();
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    } finally {
      await c.close();
      await s.close();
    }
  });

  test('502/504 without Retry-After back off exponentially with jitter, then give up with exit 3', async () => {
    const s = await serve((_req, res, n) =>
      json(res, n % 2 ? 502 : 504, { title: 'bad gateway', status: 502, detail: 'upstream down' }),
    );
    const { c, sleeps } = client(s.url, { random: () => 1 });
    try {
      const err = await c.info().catch((e: unknown) => e);
      expect(isApiError(err) && err.exitCode).toBe(3);
      expect((err as Error).message).toContain('upstream down');
      expect(s.requests).toHaveLength(DEFAULT_RETRY.attempts);
      expect(sleeps).toEqual([200, 400, 800]);
    } finally {
      await c.close();
      await s.close();
    }
  });

  test('a connection reset is retried for idempotent requests', async () => {
    const s = await serve((req, res, n) => (n === 1 ? req.socket.destroy() : json(res, 200, INFO)));
    const { c } = client(s.url);
    try {
      await expect(c.info()).resolves.toEqual(INFO);
      expect(s.requests).toHaveLength(2);
    } finally {
      await c.close();
      await s.close();
    }
  });

  test('a POST without Idempotency-Key is not retried; apply sends one and is', async () => {
    const s = await serve((_req, res, n) =>
      n <= 2
        ? json(res, 503, { title: 'busy', status: 503 })
        : json(res, 200, { items: [], dryRun: false, atomic: false }),
    );
    const { c } = client(s.url);
    try {
      const err = await c.request('POST', '/v1/apply', { body: { items: [] } }).catch((e: unknown) => e);
      expect(isRiptidesError(err) && err.exitCode).toBe(3);
      expect(s.requests).toHaveLength(1);
      await c.apply([]);
      expect(s.requests).toHaveLength(3);
      expect(s.requests[1].headers['idempotency-key']).toBeTruthy();
      expect(s.requests[2].headers['idempotency-key']).toBe(s.requests[1].headers['idempotency-key']);
    } finally {
      await c.close();
      await s.close();
    }
  });
});

describe('errors and logging', () => {
  test('401 / 403 exit 3, 404 / 409 / 422 exit 1, with the problem detail', async () => {
    const statuses = [401, 403, 404, 409, 422, 500];
    const s = await serve((req, res) => {
      const status = Number(req.url?.split('/').pop());
      json(res, status, {
        title: 't',
        status,
        detail: `detail-${status}`,
        errors: [{ pointer: '/spec/x', message: 'bad' }],
      });
    });
    const { c } = client(s.url);
    try {
      const got: Record<number, [number, string]> = {};
      for (const status of statuses) {
        const err = await c.request('GET', `/x/${status}`).catch((e: unknown) => e);
        if (!isApiError(err)) throw err;
        got[status] = [err.exitCode, err.code];
      }
      expect(got).toEqual({
        401: [3, 'unauthorized'],
        403: [3, 'forbidden'],
        404: [1, 'not-found'],
        409: [1, 'conflict'],
        422: [1, 'rejected'],
        500: [3, 'server-error'],
      });
    } finally {
      await c.close();
      await s.close();
    }
  });

  test('a server that does not answer in time: exit 3, code timeout', async () => {
    const s = await serve(() => undefined);
    const { c } = client(s.url, {}, 300);
    try {
      const err = await c.info().catch((e: unknown) => e);
      expect(isRiptidesError(err) && [err.exitCode, err.code]).toEqual([3, 'timeout']);
    } finally {
      await c.close();
      await s.close();
    }
  });

  test('an unknown CA: exit 3, code tls-unknown-ca, the fix names --ca-file', async () => {
    const s = await serve((_req, res) => json(res, 200, INFO));
    const c = new ApiClient({ transport: createHttpTransport({ server: s.url }) });
    try {
      const err = await c.info().catch((e: unknown) => e);
      expect(isRiptidesError(err) && [err.exitCode, err.code]).toEqual([3, 'tls-unknown-ca']);
      expect((err as { suggestions: string[] }).suggestions.join('\n')).toContain('--ca-file');
    } finally {
      await c.close();
      await s.close();
    }
  });

  test('the request log redacts Authorization', async () => {
    const s = await serve((_req, res) => json(res, 200, INFO));
    const lines: string[] = [];
    const { c } = client(s.url, { log: (l) => lines.push(l) });
    try {
      await c.info();
      expect(s.requests[0].headers.authorization).toBe('Bearer tok-123');
      expect(lines.join('\n')).toContain('authorization: Bearer <redacted>');
      expect(lines.join('\n')).not.toContain('tok-123');
      expect(lines.some((l) => l.startsWith('< 200'))).toBe(true);
    } finally {
      await c.close();
      await s.close();
    }
  });
});

describe('helpers', () => {
  test('parseRetryAfter: seconds, HTTP date, garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  test('backoffDelay: full jitter under an exponential cap', () => {
    expect(backoffDelay(0, DEFAULT_RETRY, () => 0.999)).toBeLessThan(200);
    expect(backoffDelay(10, DEFAULT_RETRY, () => 0.999)).toBeLessThanOrEqual(DEFAULT_RETRY.maxDelayMs);
    expect(backoffDelay(3, DEFAULT_RETRY, () => 0)).toBe(0);
  });

  test('a refused SVID request fails with the reason as its code (weak-key, the former name, read as csr-weak-key)', () => {
    const refused = (reason: unknown, code = 'invalid') =>
      responseError(
        422,
        {
          type: `https://riptides.io/problems/${code}`,
          title: 'Invalid resource',
          status: 422,
          code,
          detail: 'no',
          reason,
        } as Problem,
        { method: 'POST', path: '/v1/svids/x509' },
        { server: 'https://cp' },
      );
    expect(refused('invalid-ttl').code).toBe('invalid-ttl');
    expect(refused('invalid-ttl').exitCode).toBe(1);
    expect(refused('csr-weak-key').code).toBe('csr-weak-key');
    expect(refused('weak-key').code).toBe('csr-weak-key');
    // A reason this client does not know, or one on another problem, leaves the problem's code.
    expect(refused('too-shiny').code).toBe('invalid');
    expect(refused(7).code).toBe('invalid');
    expect(refused('invalid-ttl', 'idempotency-key-reused').code).toBe('idempotency-key-reused');
  });

  test('classifyNetworkError follows cause chains', () => {
    const wrap = (code: string) =>
      Object.assign(new Error('outer'), { cause: Object.assign(new Error('inner'), { code }) });
    expect(classifyNetworkError(wrap('ECONNREFUSED'))).toBe('refused');
    expect(classifyNetworkError(wrap('ENOTFOUND'))).toBe('not-found');
    expect(classifyNetworkError(wrap('SELF_SIGNED_CERT_IN_CHAIN'))).toBe('tls-unknown-ca');
    expect(classifyNetworkError(wrap('UND_ERR_HEADERS_TIMEOUT'))).toBe('timeout');
    expect(classifyNetworkError(wrap('ECONNRESET'))).toBe('reset');
  });
});
