/**
 * `POST /v1/apply` prepared on the worker thread (as `controlplane serve` does) answers exactly as
 * when prepared on the main thread: the same status and the same bytes, for good batches and for
 * every kind of bad request. The worker is the real one, the compiled src/cli/apply-worker.ts
 * (jest's global setup builds dist/).
 */
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/cli';
import { startHarness, wi, type Harness } from './harness';

const WORKER_SCRIPT = path.resolve(__dirname, '../../dist/cli/apply-worker.js');

interface Case {
  name: string;
  /** The JSON body (serialised as is) or a raw text body. */
  body?: unknown;
  raw?: string;
  query?: string;
  headers?: Record<string, string>;
  /** What the answer must be (both threads' answers are also compared byte for byte). */
  status: number;
  /** The items' actions, for a 200 answer. */
  actions?: string[];
  /** The problem's code, for an error answer. */
  code?: string;
}

function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

/** A WorkloadIdentity with its keys in another order than `wi` writes them. */
function reordered(name: string, workloadID = `myapp/${name}`) {
  return {
    spec: { selectors: [{ 'process:name': name }], workloadID },
    metadata: { labels: { tier: 'web', '10': 'a', '9': 'b' }, name },
    kind: 'WorkloadIdentity',
    apiVersion: 'core.riptides.io/v1alpha1',
  };
}

const CASES: Case[] = [
  {
    name: 'a valid batch is created',
    body: { items: [wi('a'), wi('b'), wi('c')] },
    status: 200,
    actions: ['created', 'created', 'created'],
  },
  {
    name: 'the same batch again is unchanged',
    body: { items: [wi('a'), wi('b'), wi('c')] },
    status: 200,
    actions: ['unchanged', 'unchanged', 'unchanged'],
  },
  {
    name: 'a changed item is configured, key order aside',
    body: { items: [reordered('a', 'myapp/changed'), reordered('d')] },
    status: 200,
    actions: ['configured', 'created'],
  },
  {
    name: 'invalid and duplicate items fail, the rest are stored',
    body: { items: [wi('e'), { kind: 'Nope' }, wi('BAD NAME'), wi('f'), wi('f')] },
    status: 200,
    actions: ['created', 'error', 'error', 'error', 'error'],
  },
  {
    name: 'atomic: one failure stores nothing',
    body: { atomic: true, items: [wi('g'), { kind: 'Nope' }] },
    status: 422,
    code: 'invalid',
  },
  {
    name: 'a stale resourceVersion is a conflict',
    body: { items: [wi('a', { resourceVersion: '1' })] },
    status: 200,
    actions: ['error'],
  },
  {
    name: 'dry run by the query',
    body: { items: [wi('h')] },
    query: '?dryRun=All',
    status: 200,
    actions: ['created'],
  },
  {
    name: 'dry run by the body',
    body: { dryRun: true, items: [wi('h')] },
    status: 200,
    actions: ['created'],
  },
  {
    name: 'a bad dryRun value',
    body: { items: [wi('h')] },
    query: '?dryRun=yes',
    status: 400,
    code: 'bad-request',
  },
  { name: 'JSON that does not parse', raw: '{"items": [', status: 400, code: 'bad-request' },
  { name: 'an empty body', raw: '', status: 400, code: 'bad-request' },
  {
    name: 'a __proto__ key',
    raw: '{"items": [], "__proto__": {"polluted": true}}',
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'a constructor.prototype',
    raw: '{"items": [], "constructor": {"prototype": {"polluted": true}}}',
    status: 400,
    code: 'bad-request',
  },
  { name: 'nesting past the limit', body: { items: [nested(70)] }, status: 400, code: 'bad-request' },
  {
    name: "a body over the apply route's limit (4 MiB)",
    raw: '{"items":[' + '0,'.repeat(2_600_000) + '0]}',
    status: 413,
    code: 'payload-too-large',
  },
  { name: 'a list, not an object', body: [wi('i')], status: 400, code: 'bad-request' },
  { name: 'an unknown field', body: { items: [], extra: 1 }, status: 400, code: 'bad-request' },
  {
    name: 'too many items',
    body: { items: Array.from({ length: 1001 }, (_, i) => wi(`n-${i}`)) },
    status: 413,
    code: 'payload-too-large',
  },
  {
    name: 'an Idempotency-Key: first use',
    body: { items: [reordered('k1'), wi('k2')] },
    headers: { 'idempotency-key': 'key-1' },
    status: 200,
    actions: ['created', 'created'],
  },
  {
    name: 'the same key, the same request with keys reordered: replayed',
    body: { items: [wi('k1', { labels: { '9': 'b', '10': 'a', tier: 'web' } }), wi('k2')] },
    headers: { 'idempotency-key': 'key-1' },
    status: 200,
    actions: ['created', 'created'],
  },
  {
    name: 'the same key, another request: refused',
    body: { items: [wi('k3')] },
    headers: { 'idempotency-key': 'key-1' },
    status: 422,
    code: 'idempotency-key-reused',
  },
  {
    name: 'a key too long',
    body: { items: [wi('k4')] },
    headers: { 'idempotency-key': 'x'.repeat(256) },
    status: 400,
    code: 'bad-request',
  },
];

describe('apply batches prepared on the worker thread', () => {
  let inPlace: Harness;
  let threaded: Harness;
  beforeAll(async () => {
    expect(fs.existsSync(WORKER_SCRIPT)).toBe(true);
    inPlace = await startHarness();
    // minChars 0: every body goes to the worker, however small.
    threaded = await startHarness({ applyWorker: { script: WORKER_SCRIPT, minChars: 0 } });
    expect(await threaded.cp.applyWorker!.started).toBe(true);
  });
  afterAll(async () => {
    await inPlace?.close();
    await threaded?.close();
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s: the same answer', async (_name, c) => {
    const send = (h: Harness) =>
      h.call('POST', `/v1/apply${c.query ?? ''}`, {
        rawBody: c.raw ?? JSON.stringify(c.body),
        headers: { 'content-type': 'application/json', ...c.headers },
      });
    const expected = await send(inPlace);
    const actual = await send(threaded);
    expect(actual.status).toBe(expected.status);
    expect(actual.headers['content-type']).toBe(expected.headers['content-type']);
    expect(actual.headers['idempotency-replayed']).toBe(expected.headers['idempotency-replayed']);
    expect(actual.text).toBe(expected.text);
    expect(actual.status).toBe(c.status);
    if (c.actions) expect(actual.body.items.map((i: { action: string }) => i.action)).toEqual(c.actions);
    if (c.code) expect(actual.body.code).toBe(c.code);
  });

  test('what the cases stored, and a replay in another item order', async () => {
    const get = (name: string) =>
      threaded.call('GET', `/v1/namespaces/riptides-system/workloadidentities/${name}`);
    expect((await get('a')).body.spec.workloadID).toBe('myapp/changed');
    // atomic, dry runs and the refused request stored nothing
    for (const name of ['g', 'h', 'k3']) expect((await get(name)).status).toBe(404);
    expect((await get('k1')).body.metadata.labels).toEqual({ tier: 'web', '10': 'a', '9': 'b' });
    const replay = await threaded.call('POST', '/v1/apply', {
      body: { items: [wi('k2'), reordered('k1')] },
      headers: { 'idempotency-key': 'key-1' },
    });
    // Item order is part of the request: another order is another request.
    expect(replay.status).toBe(422);
    expect(replay.body.code).toBe('idempotency-key-reused');
  });
});

describe('when the worker cannot start', () => {
  test('batches are prepared on the main thread and the answers are right', async () => {
    const dir = tempDir('riptides-worker-');
    const script = path.join(dir, 'broken-worker.js');
    fs.writeFileSync(script, "throw new Error('this worker cannot start');\n");
    const h = await startHarness({ applyWorker: { script, minChars: 0 } });
    try {
      expect(await h.cp.applyWorker!.started).toBe(false);
      expect(h.cp.applyWorker!.ready()).toBe(false);
      const res = await h.call('POST', '/v1/apply', { body: { items: [wi('x'), { kind: 'Nope' }] } });
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { action: string }) => i.action)).toEqual(['created', 'error']);
      const bad = await h.call('POST', '/v1/apply', {
        rawBody: '{"items": [',
        headers: { 'content-type': 'application/json' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.detail).toBe("Body is not valid JSON but content-type is set to 'application/json'");
    } finally {
      await h.close();
    }
  });
});

describe('when the worker stops answering', () => {
  test('it is stopped after its silence limit and the waiting batches are prepared on the main thread', async () => {
    const dir = tempDir('riptides-worker-');
    const script = path.join(dir, 'silent-worker.js');
    // Says it is ready, then never answers a request.
    fs.writeFileSync(
      script,
      "const { parentPort } = require('node:worker_threads');\n" +
        "parentPort.on('message', () => {});\n" +
        'parentPort.postMessage({ ready: true });\n',
    );
    const h = await startHarness({ applyWorker: { script, minChars: 0, silenceLimitMs: 800 } });
    try {
      expect(await h.cp.applyWorker!.started).toBe(true);
      const started = performance.now();
      const [a, b] = await Promise.all([
        h.call('POST', '/v1/apply', { body: { items: [wi('s1')] } }),
        h.call('POST', '/v1/apply', { body: { items: [wi('s2'), { kind: 'Nope' }] } }),
      ]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(750);
      expect(a.status).toBe(200);
      expect(a.body.items.map((i: { action: string }) => i.action)).toEqual(['created']);
      expect(b.body.items.map((i: { action: string }) => i.action)).toEqual(['created', 'error']);
      expect(h.cp.applyWorker!.ready()).toBe(false);
      // From then on, without waiting for the worker.
      const later = performance.now();
      expect((await h.call('POST', '/v1/apply', { body: { items: [wi('s3')] } })).status).toBe(200);
      expect(performance.now() - later).toBeLessThan(750);
    } finally {
      await h.close();
    }
  });
});
