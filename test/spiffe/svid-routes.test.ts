import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { parseTrustBundle } from '../../src/core/spiffe/bundle';
import { inspectSvidBytes } from '../../src/core/spiffe/verify';
import { openStore } from '../../src/server/store';
import { registerSvidRoutes } from '../../src/server/svid-routes';
import { tempDir } from '../helpers/cli';
import { createCsr, issuingAuthorityOf, TestCa } from '../helpers/test-ca';

let app: FastifyInstance;
let ca: TestCa;
let base: string;
let store: ReturnType<typeof openStore>;

async function keyPem(keys: Awaited<ReturnType<TestCa['issueLeaf']>>['keys']): Promise<string> {
  const der = Buffer.from(await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n`;
}

function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; type: string; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${base}${path}`,
      {
        method,
        ca: ca.bundlePem,
        servername: 'localhost',
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type']),
            json: JSON.parse(text) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

beforeAll(async () => {
  ca = await TestCa.create({ intermediate: true });
  const serverCert = await ca.issueLeaf({ uris: ['spiffe://example.com/controlplane'], dns: ['localhost'] });
  store = openStore(path.join(tempDir(), 'cp.db'));
  app = Fastify({ https: { cert: serverCert.chainPem, key: await keyPem(serverCert.keys) } });
  registerSvidRoutes(app, {
    trustDomain: 'example.com',
    dataDir: tempDir(),
    getCa: async () => issuingAuthorityOf(ca),
    findWorkloadIdentity: (id) => (id === 'myapp/frontend' ? ['myapp/frontend'] : []),
    records: {
      record: (svid) => store.transaction(() => store.recordIssuedSvid(svid)),
      list: (workloadID, limit) => store.listIssuedSvids(workloadID, limit),
    },
    now: () => new Date(),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `https://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app.close();
  store.close();
});

describe('SVID routes over HTTPS', () => {
  test('POST /v1/svids/x509 issues a chain that verifies with the served bundle', async () => {
    const { csrPem } = await createCsr();
    const r = await call('POST', '/v1/svids/x509', { csr: csrPem, workloadID: 'myapp/frontend', ttl: '30m' });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ spiffeID: 'spiffe://example.com/myapp/frontend' });
    const bundle = await call('GET', '/v1/bundle');
    expect(bundle.status).toBe(200);
    expect(bundle.json).toMatchObject({ spiffe_sequence: 1, spiffe_refresh_hint: 300 });
    const keys = bundle.json.keys as { use: string; x5c?: string[]; kid?: string }[];
    expect(keys.map((k) => k.use)).toEqual(['x509-svid', 'jwt-svid']);
    expect(keys[0].x5c).toHaveLength(1);
    expect(keys[0].kid).toBeUndefined();
    const report = inspectSvidBytes(Buffer.from(r.json.svid as string), {
      now: new Date(),
      bundle: parseTrustBundle(JSON.stringify(bundle.json)),
    });
    expect(report.findings).toEqual([]);
    expect(Date.parse(r.json.notAfter as string) - Date.now()).toBeLessThanOrEqual(30 * 60_000);
  });

  test('POST /v1/svids/jwt issues a token that verifies with the served bundle', async () => {
    const r = await call('POST', '/v1/svids/jwt', { workloadID: 'myapp/frontend', audience: ['billing'] });
    expect(r.status).toBe(201);
    const bundle = await call('GET', '/v1/bundle');
    const report = inspectSvidBytes(Buffer.from(r.json.token as string), {
      now: new Date(),
      bundle: parseTrustBundle(JSON.stringify(bundle.json)),
      audience: ['billing'],
    });
    expect(report.findings).toEqual([]);
    expect(report.spiffeID).toBe('spiffe://example.com/myapp/frontend');
  });

  test('GET /v1/svids lists issued SVIDs newest first, never keys', async () => {
    const r = await call('GET', '/v1/svids?workloadID=myapp/frontend');
    expect(r.status).toBe(200);
    const items = r.json.items as Record<string, unknown>[];
    expect(items.map((i) => i.type)).toEqual(['jwt', 'x509']);
    expect(JSON.stringify(items)).not.toMatch(/PRIVATE KEY/);
    expect(items[1].certificate).toMatch(/BEGIN CERTIFICATE/);
    const x509Only = await call('GET', '/v1/svids?workloadID=myapp/frontend&type=x509&limit=1');
    expect((x509Only.json.items as unknown[]).length).toBe(1);
  });

  test('unknown workload: 404 problem+json with a message', async () => {
    const { csrPem } = await createCsr();
    const r = await call('POST', '/v1/svids/x509', { csr: csrPem, workloadID: 'myapp/nobody' });
    expect(r.status).toBe(404);
    expect(r.type).toMatch(/application\/problem\+json/);
    expect(r.json).toMatchObject({ code: 'not-found', status: 404 });
    expect(String(r.json.detail)).toContain('myapp/nobody');
  });

  test.each([
    [{ csr: 'x', workloadID: '/bad//path' }, 422, '/workloadID'],
    [{ workloadID: 'myapp/frontend' }, 422, '/csr'],
    [{ csr: 'garbage', workloadID: 'myapp/frontend' }, 422, '/csr'],
    [{ csr: 'garbage', workloadID: 'myapp/frontend', ttl: 'forever' }, 422, '/ttl'],
  ])('bad request %j → %i at %s', async (body, status, pointer) => {
    const r = await call('POST', '/v1/svids/x509', body);
    expect(r.status).toBe(status);
    expect((r.json.errors as { pointer: string }[])[0].pointer).toBe(pointer);
  });

  test.each([
    ['/v1/svids/x509', { csr: 'garbage', workloadID: 'myapp/frontend' }, 'invalid-csr'],
    ['/v1/svids/x509', { csr: 'garbage', workloadID: 'myapp/frontend', ttl: 'forever' }, 'invalid-ttl'],
    ['/v1/svids/jwt', { workloadID: 'myapp/frontend', audience: ['a'], ttl: '25h' }, 'invalid-ttl'],
    ['/v1/svids/jwt', { workloadID: 'myapp/frontend', audience: ['a'], ttl: 'soon' }, 'invalid-ttl'],
    ['/v1/svids/x509', { workloadID: 'myapp/frontend' }, undefined],
  ])('POST %s %j → 422 with the reason %s', async (url, body, reason) => {
    const r = await call('POST', url, body);
    expect(r.status).toBe(422);
    expect(r.json.reason).toBe(reason);
  });

  test('a weak key is refused with 422', async () => {
    const { csrPem } = await createCsr('RSA-1024');
    const r = await call('POST', '/v1/svids/x509', { csr: csrPem, workloadID: 'myapp/frontend' });
    expect(r.status).toBe(422);
    expect(r.json.reason).toBe('csr-weak-key');
  });

  test('JWT without audience: 422', async () => {
    const r = await call('POST', '/v1/svids/jwt', { workloadID: 'myapp/frontend', audience: [] });
    expect(r.status).toBe(422);
  });
});
