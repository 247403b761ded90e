/**
 * The reference control plane over real HTTPS (127.0.0.1, port 0) with real SQLite files: every
 * route, auth, concurrency, dry runs, batch apply, idempotency, paging, limits and restarts. Every
 * response is checked against schemas/openapi.yaml by the harness.
 */
import fs from 'node:fs';
import os from 'node:os';
import tls from 'node:tls';
import path from 'node:path';
import { Agent, request as undiciRequest } from 'undici';
import { createControlPlane } from '../../src/server/index';
import { loadValidators } from '../../src/io/validators';
import { tempDir } from '../helpers/cli';
import { loadOpenApiChecker } from './openapi-conformance';
import { harnessBackend, startHarness, svc, wi, type Harness, type Json } from './harness';

const NS = 'riptides-system';

/** The subjectAltName entries of the certificate a server presents. */
function peerSubjectAltName(url: string): Promise<string[]> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: hostname, port: Number(port), rejectUnauthorized: false }, () => {
      const san = socket.getPeerCertificate().subjectaltname ?? '';
      socket.end();
      resolve(san.split(', '));
    });
    socket.on('error', reject);
  });
}
const wiPath = (name: string, ns = NS) => `/v1/namespaces/${ns}/workloadidentities/${name}`;

describe('control plane over HTTPS', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  describe('authentication', () => {
    test('healthz and bundle need no token', async () => {
      const health = await h.call('GET', '/healthz', { token: null });
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok' });
      const bundle = await h.call('GET', '/v1/bundle', { token: null });
      expect(bundle.status).not.toBe(401);
    });

    test.each([
      ['no token', null],
      ['a wrong token', 'not-the-token'],
      ['a token of another length', 'x'.repeat(200)],
    ])('%s → 401 problem with WWW-Authenticate', async (_label, token) => {
      for (const [method, url] of [
        ['GET', '/v1/info'],
        ['GET', `/v1/namespaces/${NS}/workloadidentities`],
        ['PUT', wiPath('frontend')],
        ['POST', '/v1/apply'],
        ['DELETE', wiPath('frontend')],
      ]) {
        const res = await h.call(method, url, {
          token,
          body: method === 'GET' || method === 'DELETE' ? undefined : {},
        });
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('unauthorized');
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    });

    test('a request without the Bearer scheme is refused', async () => {
      const res = await h.call('GET', '/v1/info', {
        token: null,
        headers: { authorization: h.cp.adminToken },
      });
      expect(res.status).toBe(401);
    });

    test('the admin token file and the CA keys are private (0600)', () => {
      if (harnessBackend() === 'postgres') {
        // Replicas keep no token and no private key in files: the root key is in the database and
        // each replica's intermediate key only in memory.
        const files = fs.readdirSync(h.dataDir);
        expect(files.filter((f) => /key|token/.test(f))).toEqual([]);
        return;
      }
      for (const file of ['admin.token', 'ca-key.pem', 'issuer-key.pem']) {
        expect(fs.statSync(path.join(h.dataDir, file)).mode & 0o777).toBe(0o600);
      }
      expect(fs.readFileSync(h.cp.paths.tokenFile, 'utf8').trim()).toBe(h.cp.adminToken);
    });
  });

  test('GET /v1/info: trust domain, version, kinds', async () => {
    const res = await h.call('GET', '/v1/info');
    expect(res.status).toBe(200);
    expect(res.body.trustDomain).toBe('example.com');
    expect(res.body.kinds.map((k: { plural: string }) => k.plural)).toEqual([
      'workloadidentities',
      'services',
    ]);
  });

  test('the server certificate is refused without the CA and chains to DATA/ca.pem', async () => {
    const untrusting = new Agent();
    await expect(undiciRequest(h.url + '/healthz', { dispatcher: untrusting })).rejects.toThrow();
    await untrusting.close();
    const viaLocalhost = new Agent({ connect: { ca: fs.readFileSync(h.cp.paths.caFile) } });
    const res = await undiciRequest(h.url.replace('127.0.0.1', 'localhost') + '/healthz', {
      dispatcher: viaLocalhost,
    });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    await viaLocalhost.close();
  });

  test('the server certificate names 127.0.0.1, ::1 and localhost', async () => {
    const san = await peerSubjectAltName(h.url);
    expect(san).toEqual(
      expect.arrayContaining(['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1']),
    );
  });

  describe('PUT / GET / DELETE one resource', () => {
    test('create, unchanged, configured, generation and resourceVersion', async () => {
      const created = await h.call('PUT', wiPath('crud'), { body: wi('crud', { labels: { app: 'crud' } }) });
      expect(created.status).toBe(201);
      expect(created.headers['riptides-action']).toBe('created');
      const meta = created.body.metadata;
      expect(meta).toMatchObject({ name: 'crud', namespace: NS, generation: 1 });
      expect(meta.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(meta.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

      const got = await h.call('GET', wiPath('crud'));
      expect(got.status).toBe(200);
      expect(got.body).toEqual(created.body);

      // Same document (keys in another order) → unchanged, no version bump.
      const doc = wi('crud', { labels: { app: 'crud' } });
      const reordered = {
        spec: doc.spec,
        metadata: doc.metadata,
        kind: doc.kind,
        apiVersion: doc.apiVersion,
      };
      const same = await h.call('PUT', wiPath('crud'), { body: reordered });
      expect(same.status).toBe(200);
      expect(same.headers['riptides-action']).toBe('unchanged');
      expect(same.body.metadata.resourceVersion).toBe(meta.resourceVersion);

      // Server-set fields sent back (as from `get -o yaml`) do not count as a change.
      const echoed = await h.call('PUT', wiPath('crud'), { body: got.body });
      expect(echoed.headers['riptides-action']).toBe('unchanged');

      // Label-only change: configured, new resourceVersion, same generation.
      const relabeled = await h.call('PUT', wiPath('crud'), {
        body: wi('crud', { labels: { app: 'crud2' } }),
      });
      expect(relabeled.headers['riptides-action']).toBe('configured');
      expect(Number(relabeled.body.metadata.resourceVersion)).toBeGreaterThan(Number(meta.resourceVersion));
      expect(relabeled.body.metadata.generation).toBe(1);

      // Spec change: generation bumps; uid and creationTimestamp stay.
      const respec = await h.call('PUT', wiPath('crud'), {
        body: wi('crud', { labels: { app: 'crud2' }, workloadID: 'myapp/other' }),
      });
      expect(respec.headers['riptides-action']).toBe('configured');
      expect(respec.body.metadata.generation).toBe(2);
      expect(respec.body.metadata.uid).toBe(meta.uid);
      expect(respec.body.metadata.creationTimestamp).toBe(meta.creationTimestamp);
      expect(respec.body.spec.workloadID).toBe('myapp/other');
    });

    test('stale metadata.resourceVersion → 409 naming the current version; the current one succeeds', async () => {
      const first = await h.call('PUT', wiPath('occ'), { body: wi('occ') });
      const v1 = first.body.metadata.resourceVersion as string;
      const second = await h.call('PUT', wiPath('occ'), {
        body: wi('occ', { workloadID: 'myapp/occ2', resourceVersion: v1 }),
      });
      expect(second.headers['riptides-action']).toBe('configured');
      const v2 = second.body.metadata.resourceVersion as string;

      const stale = await h.call('PUT', wiPath('occ'), {
        body: wi('occ', { workloadID: 'myapp/occ3', resourceVersion: v1 }),
      });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('conflict');
      expect(stale.body.currentResourceVersion).toBe(v2);
      expect(stale.body.errors).toEqual([expect.objectContaining({ pointer: '/metadata/resourceVersion' })]);
      expect((await h.call('GET', wiPath('occ'))).body.spec.workloadID).toBe('myapp/occ2');

      const gone = await h.call('PUT', wiPath('never-there'), {
        body: wi('never-there', { resourceVersion: '1' }),
      });
      expect(gone.status).toBe(409);
      expect((await h.call('GET', wiPath('never-there'))).status).toBe(404);
    });

    test('an invalid resource → 422 with JSON pointers; nothing stored', async () => {
      const bad = wi('bad-one') as Record<string, Json>;
      bad.spec.workloadID = '/leading/slash';
      bad.spec.selectors = [];
      bad.spec.allowedSpiffeIds = {};
      const res = await h.call('PUT', wiPath('bad-one'), { body: bad });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalid');
      const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
      expect(pointers).toEqual(expect.arrayContaining(['/spec/workloadID', '/spec/selectors']));
      expect(pointers.some((p: string) => p.startsWith('/spec/allowedSpiffeIds') || p === '/spec')).toBe(
        true,
      );
      expect((await h.call('GET', wiPath('bad-one'))).status).toBe(404);
    });

    test('a document that does not match its URL → 400', async () => {
      const res = await h.call('PUT', wiPath('url-name'), { body: wi('other-name') });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].pointer).toBe('/metadata/name');
      const wrongKind = await h.call('PUT', `/v1/namespaces/${NS}/services/url-name`, {
        body: wi('url-name'),
      });
      expect(wrongKind.status).toBe(400);
      const wrongNs = await h.call('PUT', wiPath('url-name', 'team-a'), {
        body: wi('url-name', { namespace: 'team-b' }),
      });
      expect(wrongNs.status).toBe(400);
      expect(wrongNs.body.errors[0].pointer).toBe('/metadata/namespace');
    });

    test('a 253-character name works in URLs', async () => {
      const name = ('a'.repeat(62) + '.').repeat(4).slice(0, 252) + 'z';
      expect(name).toHaveLength(253);
      expect((await h.call('PUT', wiPath(name), { body: wi(name) })).status).toBe(201);
      expect((await h.call('GET', wiPath(name))).body.metadata.name).toBe(name);
    });

    test('the namespace comes from the URL when the document has none', async () => {
      const res = await h.call('PUT', wiPath('nsless', 'team-a'), { body: wi('nsless') });
      expect(res.status).toBe(201);
      expect(res.body.metadata.namespace).toBe('team-a');
      expect((await h.call('GET', wiPath('nsless', NS))).status).toBe(404);
    });

    test('?dryRun=All on PUT and DELETE stores nothing but reports the action', async () => {
      const dry = await h.call('PUT', wiPath('dry') + '?dryRun=All', { body: wi('dry') });
      expect(dry.status).toBe(201);
      expect(dry.headers['riptides-action']).toBe('created');
      expect((await h.call('GET', wiPath('dry'))).status).toBe(404);

      const real = await h.call('PUT', wiPath('dry'), { body: wi('dry') });
      const dryUpdate = await h.call('PUT', wiPath('dry') + '?dryRun=All', {
        body: wi('dry', { workloadID: 'x/y' }),
      });
      expect(dryUpdate.headers['riptides-action']).toBe('configured');
      const after = await h.call('GET', wiPath('dry'));
      expect(after.body).toEqual(real.body);

      const dryDelete = await h.call('DELETE', wiPath('dry') + '?dryRun=All');
      expect(dryDelete.status).toBe(200);
      expect((await h.call('GET', wiPath('dry'))).status).toBe(200);

      const badDryRun = await h.call('PUT', wiPath('dry') + '?dryRun=true', { body: wi('dry') });
      expect(badDryRun.status).toBe(400);
    });

    test('DELETE returns the resource, then 404', async () => {
      await h.call('PUT', wiPath('doomed'), { body: wi('doomed') });
      const del = await h.call('DELETE', wiPath('doomed'));
      expect(del.status).toBe(200);
      expect(del.headers['riptides-action']).toBe('deleted');
      expect(del.body.metadata.name).toBe('doomed');
      expect((await h.call('GET', wiPath('doomed'))).status).toBe(404);
      const again = await h.call('DELETE', wiPath('doomed'));
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('not-found');
    });

    test('Services work the same way', async () => {
      const url = `/v1/namespaces/${NS}/services/payments`;
      const res = await h.call('PUT', url, { body: svc('payments') });
      expect(res.status).toBe(201);
      expect((await h.call('GET', url)).body.spec.addresses[0].port).toBe(443);
      // labelSelector matches metadata.labels, not the Service's spec.labels (those are for egress rules).
      const listed = await h.call('GET', `/v1/namespaces/${NS}/services?labelSelector=app`);
      expect(listed.body.items).toEqual([]);
      const all = await h.call('GET', `/v1/namespaces/${NS}/services`);
      expect(all.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toContain(
        'payments',
      );
      const badPort = await h.call('PUT', url, { body: svc('payments', 70000) });
      expect(badPort.status).toBe(422);
      expect(badPort.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(
        '/spec/addresses/0/port',
      );
      expect((await h.call('DELETE', url)).status).toBe(200);
    });
  });

  describe('malformed requests', () => {
    test('invalid JSON → 400 problem', async () => {
      const res = await h.call('PUT', wiPath('x'), {
        rawBody: '{"apiVersion": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('bad-request');
    });

    test('a body that is not JSON → 415 problem', async () => {
      const res = await h.call('PUT', wiPath('x'), {
        rawBody: 'kind: WorkloadIdentity',
        headers: { 'content-type': 'text/plain' },
      });
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('unsupported-media-type');
    });

    test('unknown routes and resource types → 404 problem', async () => {
      expect((await h.call('GET', '/v1/nothing-here/at/all', { conform: false })).body.code).toBe(
        'not-found',
      );
      const unknownPlural = await h.call('GET', `/v1/namespaces/${NS}/pods`, { conform: false });
      expect(unknownPlural.status).toBe(404);
      expect(unknownPlural.body.detail).toMatch(/workloadidentities/);
    });
  });

  describe('POST /v1/apply', () => {
    test('non-atomic: the bad item is reported, the rest are stored', async () => {
      const bad = wi('batch-b', { workloadID: '' });
      const res = await h.call('POST', '/v1/apply', {
        body: { items: [wi('batch-a'), bad, svc('batch-c')] },
      });
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { action: string }) => i.action)).toEqual([
        'created',
        'error',
        'created',
      ]);
      expect(res.body.items[1]).toMatchObject({ kind: 'WorkloadIdentity', namespace: NS, name: 'batch-b' });
      expect(res.body.items[1].error.errors[0].pointer).toBe('/spec/workloadID');
      expect(res.body.items[0].resourceVersion).toMatch(/^\d+$/);
      expect((await h.call('GET', wiPath('batch-a'))).status).toBe(200);
      expect((await h.call('GET', wiPath('batch-b'))).status).toBe(404);
      expect((await h.call('GET', `/v1/namespaces/${NS}/services/batch-c`)).status).toBe(200);

      const again = await h.call('POST', '/v1/apply', { body: { items: [wi('batch-a'), svc('batch-c')] } });
      expect(again.body.items.map((i: { action: string }) => i.action)).toEqual(['unchanged', 'unchanged']);
    });

    test('atomic with one bad item changes nothing', async () => {
      await h.call('PUT', wiPath('atom-existing'), { body: wi('atom-existing') });
      const before = await h.call('GET', `/v1/namespaces/${NS}/workloadidentities`);
      const res = await h.call('POST', '/v1/apply', {
        body: {
          atomic: true,
          items: [wi('atom-new'), wi('atom-existing', { workloadID: 'changed/id' }), wi('Atom-Bad')],
        },
      });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('invalid');
      expect(res.body.errors[0].pointer).toBe('/items/2/metadata/name');
      expect(res.body.items.map((i: { action: string }) => i.action)).toEqual([
        'created',
        'configured',
        'error',
      ]);
      expect(res.body.items.every((i: { resourceVersion?: string }) => i.resourceVersion === undefined)).toBe(
        true,
      );
      const after = await h.call('GET', `/v1/namespaces/${NS}/workloadidentities`);
      expect(after.body).toEqual(before.body);
    });

    test('atomic where every failure is a conflict → 409', async () => {
      const res = await h.call('POST', '/v1/apply', {
        body: { atomic: true, items: [wi('atom-ok'), wi('atom-existing', { resourceVersion: '1' })] },
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('conflict');
      expect((await h.call('GET', wiPath('atom-ok'))).status).toBe(404);
    });

    test('atomic success stores everything', async () => {
      const res = await h.call('POST', '/v1/apply', {
        body: { atomic: true, items: [wi('atom-1'), wi('atom-2')] },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ atomic: true, dryRun: false });
      expect((await h.call('GET', wiPath('atom-2'))).status).toBe(200);
    });

    test('dryRun (body or query) reports actions and stores nothing', async () => {
      for (const [url, body] of [
        ['/v1/apply', { dryRun: true, items: [wi('dry-batch'), wi('batch-a')] }],
        ['/v1/apply?dryRun=All', { items: [wi('dry-batch'), wi('batch-a')] }],
      ] as const) {
        const res = await h.call('POST', url, { body });
        expect(res.status).toBe(200);
        expect(res.body.dryRun).toBe(true);
        expect(res.body.items.map((i: { action: string }) => i.action)).toEqual(['created', 'unchanged']);
        expect((await h.call('GET', wiPath('dry-batch'))).status).toBe(404);
      }
    });

    test('a malformed apply request → 400 with pointers', async () => {
      const res = await h.call('POST', '/v1/apply', { body: { item: [], atomic: 'yes' } });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
        '/atomic',
        '/item',
        '/items',
      ]);
    });

    test('Idempotency-Key: the same request is replayed, a different one is refused', async () => {
      const key = 'key-' + Date.now();
      const body = { items: [wi('idem-1'), wi('idem-2')] };
      const first = await h.call('POST', '/v1/apply', { body, headers: { 'idempotency-key': key } });
      expect(first.body.items.map((i: { action: string }) => i.action)).toEqual(['created', 'created']);
      // Change the stored resource behind the key's back: a replay must not re-apply.
      await h.call('PUT', wiPath('idem-1'), { body: wi('idem-1', { workloadID: 'changed/meanwhile' }) });
      const replay = await h.call('POST', '/v1/apply', { body, headers: { 'idempotency-key': key } });
      expect(replay.status).toBe(200);
      expect(replay.headers['idempotency-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect((await h.call('GET', wiPath('idem-1'))).body.spec.workloadID).toBe('changed/meanwhile');

      const other = await h.call('POST', '/v1/apply', {
        body: { items: [wi('idem-3')] },
        headers: { 'idempotency-key': key },
      });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('idempotency-key-reused');
      expect((await h.call('GET', wiPath('idem-3'))).status).toBe(404);
    });

    test('Idempotency-Key replays a failed atomic apply too', async () => {
      const key = 'atomic-' + Date.now();
      const body = { atomic: true, items: [wi('idem-atomic'), wi('BAD')] };
      const first = await h.call('POST', '/v1/apply', { body, headers: { 'idempotency-key': key } });
      expect(first.status).toBe(422);
      const replay = await h.call('POST', '/v1/apply', { body, headers: { 'idempotency-key': key } });
      expect(replay.status).toBe(422);
      expect(replay.body).toEqual(first.body);
    });
  });

  describe('lists', () => {
    beforeAll(async () => {
      const items = [];
      for (let i = 0; i < 25; i++) {
        items.push(
          wi(`page-${String(i).padStart(2, '0')}`, {
            namespace: 'paging',
            labels: { app: i % 2 === 0 ? 'even' : 'odd', ...(i % 5 === 0 ? { tier: 'gold' } : {}) },
          }),
        );
      }
      items.push(wi('elsewhere', { namespace: 'paging-other', labels: { app: 'even' } }));
      const res = await h.call('POST', '/v1/apply', { body: { items } });
      expect(res.body.items.every((i: { action: string }) => i.action === 'created')).toBe(true);
    });

    const names = (res: { body: { items: Array<{ metadata: { name: string } }> } }) =>
      res.body.items.map((i) => i.metadata.name);
    const list = (query: string) => h.call('GET', `/v1/namespaces/paging/workloadidentities${query}`);

    test('all items of a namespace, by name', async () => {
      const res = await list('');
      expect(res.body.items).toHaveLength(25);
      expect(names(res)).toEqual([...names(res)].sort());
      expect(res.body.metadata.continue).toBeUndefined();
    });

    test.each([
      ['app=even', 13],
      ['app==even', 13],
      ['app!=even', 12],
      ['tier', 5],
      ['!tier', 20],
      ['app=even,tier=gold', 3],
      ['app in (even,odd)', 25],
      ['tier notin (gold)', 20],
      ['app=none', 0],
    ])('labelSelector %s → %i items', async (selector, count) => {
      const res = await list(`?labelSelector=${encodeURIComponent(selector)}`);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(count);
    });

    test.each(['app=', '=x', 'app in (a', 'a b', ',', 'app=even,,tier'])(
      'bad labelSelector %p → 400',
      async (selector) => {
        const res = await list(`?labelSelector=${encodeURIComponent(selector)}`);
        if (selector === 'app=') {
          // An empty value is valid (matches labels whose value is empty).
          expect(res.status).toBe(200);
          return;
        }
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('bad-request');
      },
    );

    test('limit/continue pages through everything exactly once', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const res = await list(`?limit=10${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(10);
        seen.push(...names(res));
        token = res.body.metadata.continue;
        pages++;
      } while (token);
      expect(pages).toBe(3);
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
      expect(seen).toEqual([...seen].sort());
    });

    test('paging with a selector; an exact last page has no continue token', async () => {
      const first = await list(`?labelSelector=tier%3Dgold&limit=3`);
      expect(first.body.items).toHaveLength(3);
      const second = await list(
        `?labelSelector=tier%3Dgold&limit=3&continue=${first.body.metadata.continue}`,
      );
      expect(second.body.items).toHaveLength(2);
      expect(second.body.metadata.continue).toBeUndefined();
      const exact = await list('?labelSelector=tier%3Dgold&limit=5');
      expect(exact.body.items).toHaveLength(5);
      expect(exact.body.metadata.continue).toBeUndefined();
    });

    test('bad limit and continue tokens → 400', async () => {
      for (const q of [
        '?limit=0',
        '?limit=-1',
        '?limit=abc',
        '?limit=10001',
        '?continue=%%%',
        '?continue=bm9wZQ',
      ]) {
        const res = await list(q);
        expect(res.status).toBe(400);
      }
      const first = await list('?limit=5');
      const other = await list(`?limit=5&labelSelector=app%3Deven&continue=${first.body.metadata.continue}`);
      expect(other.status).toBe(400);
    });

    test('cross-namespace list /v1/workloadidentities pages across namespaces', async () => {
      const all: string[] = [];
      let token: string | undefined;
      do {
        const res = await h.call(
          'GET',
          `/v1/workloadidentities?labelSelector=app%3Deven&limit=4${token ? `&continue=${token}` : ''}`,
        );
        all.push(
          ...res.body.items.map(
            (i: { metadata: { namespace: string; name: string } }) =>
              `${i.metadata.namespace}/${i.metadata.name}`,
          ),
        );
        token = res.body.metadata.continue;
      } while (token);
      expect(all.filter((n) => n.startsWith('paging/'))).toHaveLength(13);
      expect(all).toContain('paging-other/elsewhere');
      const services = await h.call('GET', '/v1/services');
      expect(services.status).toBe(200);
    });
  });
});

describe('control plane limits, restarts and extensions', () => {
  test('a body over the limit → 413 problem', async () => {
    const h = await startHarness({ bodyLimit: 2048 });
    try {
      const items = Array.from({ length: 40 }, (_, i) => wi(`big-${i}`));
      const res = await h.call('POST', '/v1/apply', { body: { items } });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('payload-too-large');
      const list = await h.call('GET', '/v1/workloadidentities');
      expect(list.body.items).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  test('listening on every interface adds the host name to the certificate', async () => {
    const cp = await createControlPlane({
      validators: loadValidators(),
      dataDir: tempDir('riptides-cp-any-'),
    });
    try {
      const { url } = await cp.listen('0.0.0.0', 0);
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(await peerSubjectAltName(url)).toContain(`DNS:${os.hostname()}`);
    } finally {
      await cp.close();
    }
  });

  test('a restart keeps resources, versions, token, trust domain and CA', async () => {
    const dir = tempDir('riptides-cp-restart-');
    const first = await startHarness({ trustDomain: 'prod.example.org' }, dir);
    const put = await first.call('PUT', wiPath('survivor'), { body: wi('survivor') });
    const token = first.cp.adminToken;
    const ca = fs.readFileSync(first.cp.paths.caFile, 'utf8');
    await first.close();

    const second = await startHarness({}, dir);
    try {
      expect(second.cp.adminToken).toBe(token);
      expect(second.cp.trustDomain).toBe('prod.example.org');
      expect(fs.readFileSync(second.cp.paths.caFile, 'utf8')).toBe(ca);
      const got = await second.call('GET', wiPath('survivor'));
      expect(got.body).toEqual(put.body);
      const next = await second.call('PUT', wiPath('survivor'), {
        body: wi('survivor', { workloadID: 'new/id' }),
      });
      expect(Number(next.body.metadata.resourceVersion)).toBeGreaterThan(
        Number(put.body.metadata.resourceVersion),
      );
      expect((await second.call('GET', '/v1/info')).body.trustDomain).toBe('prod.example.org');
    } finally {
      await second.close();
    }
    await expect(
      createControlPlane({ validators: loadValidators(), dataDir: dir, trustDomain: 'other.org' }),
    ).rejects.toMatchObject({
      code: 'data-trust-domain-differs',
      exitCode: 2,
    });
  });

  test('plugins get the store, trust domain and CA; routes need the token unless public; bugs are 500 problems', async () => {
    const seen: string[] = [];
    const internal: unknown[] = [];
    const h = await startHarness({
      onInternalError: (err) => internal.push(err),
      plugins: [
        (app, ctx) => {
          app.get('/v1/plugin/open', { config: { public: true } }, async () => ({
            trustDomain: ctx.trustDomain,
          }));
          app.get('/v1/plugin/closed', async () => {
            const ca = await ctx.getCertificateAuthority();
            seen.push(ca.rootPem);
            return {
              workloads: (await ctx.datastore.findWorkloadIdentitiesByWorkloadId('plug/in')).map(
                (r) => r.metadata.name,
              ),
            };
          });
          app.get('/v1/plugin/broken', async () => {
            throw new Error('deliberate bug');
          });
          app.post(
            '/v1/plugin/schema',
            { schema: { body: { type: 'object', required: ['x'], properties: { x: { type: 'integer' } } } } },
            async (req) => ({ got: (req.body as { x: number }).x }),
          );
        },
      ],
    });
    try {
      await h.call('PUT', wiPath('plugged'), { body: wi('plugged', { workloadID: 'plug/in' }) });
      const agent = new Agent({ connect: { ca: fs.readFileSync(h.cp.paths.caFile) } });
      const get = async (p: string, auth: boolean, body?: unknown) => {
        const res = await undiciRequest(h.url + p, {
          method: body ? 'POST' : 'GET',
          dispatcher: agent,
          headers: {
            ...(auth ? { authorization: `Bearer ${h.cp.adminToken}` } : {}),
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: res.statusCode, body: (await res.body.json()) as Json };
      };
      expect(await get('/v1/plugin/open', false)).toEqual({
        status: 200,
        body: { trustDomain: 'example.com' },
      });
      expect((await get('/v1/plugin/closed', false)).status).toBe(401);
      expect(await get('/v1/plugin/closed', true)).toEqual({ status: 200, body: { workloads: ['plugged'] } });
      expect(seen[0]).toBe(fs.readFileSync(h.cp.paths.caFile, 'utf8'));
      expect(await get('/v1/plugin/schema', true, { x: 3 })).toEqual({ status: 200, body: { got: 3 } });
      const broken = await get('/v1/plugin/broken', true);
      expect(broken.status).toBe(500);
      expect(broken.body.code).toBe('internal');
      expect(internal).toHaveLength(1);
      const invalid = await get('/v1/plugin/schema', true, { x: 'three' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.code).toBe('bad-request');
      await agent.close();
    } finally {
      await h.close();
    }
  });
});

describe('the OpenAPI document', () => {
  test('every resource, apply and system operation it declares was exercised by the tests above', () => {
    const checker = loadOpenApiChecker();
    // The SVID operations (tag svids) are exercised by the SVID routes' own tests.
    const declared = checker
      .operations()
      .filter((o) => o.tags.some((t) => ['resources', 'apply', 'system'].includes(t)))
      .map((o) => `${o.method.toUpperCase()} ${o.path}`);
    const missing = declared.filter((op) => !checker.seen.has(op));
    expect(missing).toEqual([]);
  });
});
