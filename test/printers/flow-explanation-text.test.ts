/**
 * The sentences of flow explanations: the comparison returns a code with its parameters
 * (FlowExplanation) and describeFlowExplanation writes it. The expected sentences are the ones
 * `explain connection --flow` has printed since flows were added (docs/flows.md); every code is
 * checked, `peer-not-enrolled` in both its wordings, and the JSON form keeps `{code, message}`.
 */
import { FLOW_EXPLANATIONS, type FlowExplanation, type FlowExplanationCode } from '../../src/core/flows';
import { describeFlowExplanation, flowExplanationsJson } from '../../src/printers/flow-explanation-text';

const BACKEND = { address: 'backend-api.myapp.svc.cluster.local', port: 3000 };
const FRONTEND_ID = 'spiffe://example.com/myapp/app/frontend';
const BACKEND_ID = 'spiffe://example.com/myapp/app/backend-api';

const CASES: [FlowExplanation, string][] = [
  [
    { code: 'silent-downgrade', params: { predicted: 'MTLS' } },
    'the manifests predict MTLS, but the connection ran as plain TCP: traffic the policy protects went unencrypted',
  ],
  [
    { code: 'daemon-reason', params: { reason: 'peer did not answer the TLS handshake' } },
    'the daemon reported: peer did not answer the TLS handshake',
  ],
  [
    { code: 'source-not-enrolled', params: { expected: FRONTEND_ID } },
    'the manifests give the source spiffe://example.com/myapp/app/frontend, but it presented no SPIFFE ID: its identity was not issued (or not yet enrolled) when the flow happened',
  ],
  [
    {
      code: 'source-identity-differs',
      params: { presented: 'spiffe://example.com/myapp/app/impostor', expected: FRONTEND_ID },
    },
    'the source presented spiffe://example.com/myapp/app/impostor, the manifests give it spiffe://example.com/myapp/app/frontend: the deployed identities differ from these manifests',
  ],
  [
    { code: 'peer-not-enrolled', params: { expected: BACKEND_ID, destination: BACKEND, managedNode: true } },
    'the manifests give the destination spiffe://example.com/myapp/app/backend-api, but it presented no SPIFFE ID: it was not enrolled when the flow happened',
  ],
  [
    { code: 'peer-not-enrolled', params: { expected: BACKEND_ID, destination: BACKEND, managedNode: false } },
    'the manifests expect spiffe://example.com/myapp/app/backend-api at backend-api.myapp.svc.cluster.local:3000, but the flow says the destination was not on a managed node (destination.attributes is null): it was not enrolled when the flow happened',
  ],
  [
    {
      code: 'peer-identity-differs',
      params: { presented: 'spiffe://example.com/myapp/app/someone-else', expected: BACKEND_ID },
    },
    'the destination presented spiffe://example.com/myapp/app/someone-else, the manifests give it spiffe://example.com/myapp/app/backend-api',
  ],
  [
    { code: 'peer-unknown-to-manifests', params: { presented: 'spiffe://example.com/other/mystery' } },
    'the destination presented spiffe://example.com/other/mystery, but no WorkloadIdentity in these manifests selects it: the manifests are behind what is deployed',
  ],
  [
    {
      code: 'missing-service',
      params: { destination: { address: 'api.example.net', port: 443 }, observed: 'TLS' },
    },
    'no Service has the address api.example.net:443, so no egress rule applies; the observed TLS suggests a Service (or an address of one) that these manifests lack',
  ],
  [
    // The address as the flow record has it: no brackets around an IPv6 address.
    {
      code: 'missing-service',
      params: { destination: { address: 'fd00::7', port: 8443 }, observed: 'MTLS' },
    },
    'no Service has the address [fd00::7]:8443, so no egress rule applies; the observed MTLS suggests a Service (or an address of one) that these manifests lack',
  ],
  [
    { code: 'staged-change', params: { predicted: 'REJECTED', staged: 'PLAINTEXT' } },
    'the current manifests predict REJECTED as observed; the staged manifests predict PLAINTEXT',
  ],
];

test.each(CASES)('%j', (e, sentence) => {
  expect(describeFlowExplanation(e)).toBe(sentence);
});

test('every code of the catalog has a sentence here', () => {
  const covered = new Set<FlowExplanationCode>(CASES.map(([e]) => e.code));
  expect([...covered].sort()).toEqual(Object.keys(FLOW_EXPLANATIONS).sort());
});

test('JSON: {code, message} in that order, the message the same sentence', () => {
  const list = CASES.map(([e]) => e);
  const json = flowExplanationsJson(list);
  expect(json.map((j) => Object.keys(j))).toEqual(list.map(() => ['code', 'message']));
  expect(json).toEqual(CASES.map(([e, message]) => ({ code: e.code, message })));
});
