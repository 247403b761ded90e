/**
 * Reading a whole list (ApiClient.listAll) against a served control plane over HTTPS: every resource
 * once and in order, whatever the page size; a page over the answer limit (large resources) is asked
 * for again in smaller pages; only one resource over the limit stops the list (exit 3).
 */
import fs from 'node:fs';
import { ApiClient } from '../../src/api/client';
import { createHttpTransport } from '../../src/api/transport-http';
import { ExitCode, isRiptidesError } from '../../src/core/errors';
import { LIST_PAGE_SIZE } from '../../src/cli/context';
import { startServe, type ServedControlPlane } from './serve-helper';

let cp: ServedControlPlane;
const COUNT = 40;
const names = Array.from({ length: COUNT }, (_, i) => `svc-${String(i).padStart(3, '0')}`);

const client = (maxResponseBytes?: number, log?: (line: string) => void) =>
  new ApiClient({
    transport: createHttpTransport({
      server: cp.url,
      ca: fs.readFileSync(cp.caFile, 'utf8'),
      maxResponseBytes,
    }),
    token: cp.token,
    log,
  });

beforeAll(async () => {
  cp = await startServe();
  const writer = client();
  // Two namespaces, so that pages also resume across a namespace boundary.
  const items = names.map((name, i) => ({
    apiVersion: 'core.riptides.io/v1alpha1',
    kind: 'Service',
    metadata: { name, namespace: i % 2 ? 'pages-b' : 'pages-a' },
    spec: { addresses: [{ address: `${name}.pages.svc`, port: 443 }], labels: { app: name } },
  }));
  const res = await writer.apply(items);
  expect(res.items.every((i) => i.action === 'created')).toBe(true);
  await writer.close();
});
afterAll(async () => {
  await cp?.stop();
});

const listed = (items: { metadata: { namespace?: string; name: string } }[]) =>
  items.map((r) => `${r.metadata.namespace}/${r.metadata.name}`);
const expected = [
  ...names.filter((_, i) => i % 2 === 0).map((n) => `pages-a/${n}`),
  ...names.filter((_, i) => i % 2 === 1).map((n) => `pages-b/${n}`),
];

test('every resource once, in (namespace, name) order, at any page size', async () => {
  const c = client();
  for (const limit of [1, 3, 7, 20, COUNT, LIST_PAGE_SIZE]) {
    expect({ limit, items: listed(await c.listAll('Service', { limit })) }).toEqual({
      limit,
      items: expected,
    });
  }
  await c.close();
});

test('a page over the answer limit is asked for again in smaller pages', async () => {
  const log: string[] = [];
  // About ten resources fit in an answer: the page of 2000 (all 40) does not.
  const c = client(4000, (line) => log.push(line));
  expect(listed(await c.listAll('Service', { limit: LIST_PAGE_SIZE }))).toEqual(expected);
  expect(log.filter((l) => l.includes('was too large'))).toEqual([
    `  the page of ${LIST_PAGE_SIZE} was too large: asking for pages of 500`,
    '  the page of 500 was too large: asking for pages of 125',
    '  the page of 125 was too large: asking for pages of 32',
    '  the page of 32 was too large: asking for pages of 8',
  ]);
  await c.close();
});

test('one resource over the answer limit stops the list with response-too-large (exit 3)', async () => {
  const c = client(100);
  const err = await c.listAll('Service', { limit: LIST_PAGE_SIZE }).catch((e: unknown) => e);
  expect(isRiptidesError(err)).toBe(true);
  expect(err).toMatchObject({ code: 'response-too-large', exitCode: ExitCode.UNAVAILABLE });
  expect((err as Error).message).toContain('over the 100-byte limit');
  await c.close();
});
