/** The SVID routes inside the real control plane (createControlPlane over HTTPS), every answer checked against openapi.yaml. */
import { parseTrustBundle } from '../../src/core/spiffe/bundle';
import { inspectSvidBytes } from '../../src/core/spiffe/verify';
import { startHarness, wi, type Harness, type Json } from '../server/harness';
import { createCsr } from '../helpers/test-ca';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ trustDomain: 'acme.test' });
  const put = await h.call('PUT', '/v1/namespaces/myapp/workloadidentities/frontend', {
    body: { ...wi('frontend', { namespace: 'myapp', workloadID: 'myapp/frontend' }) },
  });
  expect(put.status).toBeLessThan(300);
});
afterAll(() => h.close());

test('issue X.509 and JWT SVIDs, verify both with the served bundle, list them', async () => {
  const { csrPem } = await createCsr();
  const x = await h.call<Json>('POST', '/v1/svids/x509', {
    body: { csr: csrPem, workloadID: 'myapp/frontend' },
  });
  expect(x.status).toBe(201);
  expect(x.body.spiffeID).toBe('spiffe://acme.test/myapp/frontend');
  const bundle = await h.call<Json>('GET', '/v1/bundle', { token: null });
  expect(bundle.status).toBe(200);
  const trust = parseTrustBundle(bundle.text);
  expect(trust.trustDomain).toBe('acme.test');
  const report = inspectSvidBytes(Buffer.from(x.body.svid as string), { now: new Date(), bundle: trust });
  expect(report.findings).toEqual([]);
  expect(Date.parse(x.body.notAfter) - Date.now()).toBeGreaterThan(59 * 60_000);

  const j = await h.call<Json>('POST', '/v1/svids/jwt', {
    body: { workloadID: 'myapp/frontend', audience: 'billing' },
  });
  expect(j.status).toBe(201);
  const jr = inspectSvidBytes(Buffer.from(j.body.token as string), {
    now: new Date(),
    bundle: trust,
    audience: ['billing'],
  });
  expect(jr.findings).toEqual([]);

  const list = await h.call<Json>('GET', '/v1/svids?workloadID=myapp/frontend');
  expect(list.body.items.map((i: { type: string }) => i.type)).toEqual(['jwt', 'x509']);
  expect(list.body.items[1].serial).toBe(x.body.serial);
});

test('unknown workload 404, bad CSR 422, no token 401', async () => {
  const { csrPem } = await createCsr();
  expect(
    (await h.call('POST', '/v1/svids/x509', { body: { csr: csrPem, workloadID: 'myapp/ghost' } })).status,
  ).toBe(404);
  expect(
    (await h.call('POST', '/v1/svids/x509', { body: { csr: 'nope', workloadID: 'myapp/frontend' } })).status,
  ).toBe(422);
  expect(
    (await h.call('POST', '/v1/svids/jwt', { body: { workloadID: 'myapp/ghost', audience: ['a'] } })).status,
  ).toBe(404);
  expect(
    (
      await h.call('POST', '/v1/svids/x509', {
        body: { csr: csrPem, workloadID: 'myapp/frontend' },
        token: null,
      })
    ).status,
  ).toBe(401);
  expect((await h.call('GET', '/v1/svids', { token: null })).status).toBe(401);
});
