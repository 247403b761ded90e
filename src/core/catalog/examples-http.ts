/**
 * Examples of answers of a control plane served beside the command (`served`): the API problem types
 * only a client other than the CLI meets (it sends only the methods, media types, sizes and keys the
 * API takes, and refuses an invalid manifest itself), each a curl command line the test runs as a
 * user would paste it into a shell; and the refused SVID requests, with `svid issue --csr`.
 */
import {
  FRONTEND,
  HISTORY_AFTER_RESTART,
  LOCAL_DATA,
  SERVED_URL,
  SERVICE,
  SERVICE_V2,
  servedCtl,
} from './examples-errors';
import type { CodeExample } from './types';

/** curl with the CA and admin token of the control plane serving `data`. */
const curlFor = (data: string) =>
  `curl -s --cacert ${data}/ca.pem -H "Authorization: Bearer $(cat ${data}/admin.token)"`;
const CURL = curlFor('cp');
/** After the answer's body, its HTTP status on a line of its own. */
const STATUS = `-w '\\n(HTTP %{response_code})\\n'`;
const JSON_BODY = "-H 'Content-Type: application/json'";

const BACKEND_URL = `${SERVED_URL}/v1/namespaces/shop/services/backend`;

/** The Service backend as JSON, with `labels` and extra metadata. */
function backendJson(labels: Record<string, string>, metadata: Record<string, string> = {}): object {
  return {
    apiVersion: 'core.riptides.io/v1alpha1',
    kind: 'Service',
    metadata: { name: 'backend', namespace: 'shop', ...metadata },
    spec: { addresses: [{ address: 'backend.shop.svc.cluster.local', port: 3000 }], labels },
  };
}

/** `riptides-cli ctl apply -f FILE` against the served control plane (a `before` step). */
const applyServed = (file: string): string[] =>
  servedCtl(['apply', '-f', file], ['--token-file', 'cp/admin.token']);

const ANY_CLIENT =
  'Any HTTP client can send this request; here curl, with the control plane’s CA and admin token.';

/**
 * `svid issue --csr frontend.csr` against the served control plane, after shop/frontend was applied:
 * the CSR is in frontend.csr (written out, or `made` for each run when it is a fresh one).
 */
const csrRequest = (csr: { text: string } | { made: string }): CodeExample => ({
  files: { 'frontend.yaml': FRONTEND, ...('text' in csr ? { 'frontend.csr': csr.text } : {}) },
  ...('made' in csr ? { made: { 'frontend.csr': csr.made } } : {}),
  served: true,
  before: [applyServed('frontend.yaml')],
  args: [
    'svid',
    'issue',
    '--workload',
    'shop/frontend',
    '--csr',
    'frontend.csr',
    '--out',
    'frontend',
    '--server',
    SERVED_URL,
    '--ca-file',
    'cp/ca.pem',
    '--token-file',
    'cp/admin.token',
  ],
  exit: 1,
  note: '`svid issue --csr` sends a request made elsewhere (here frontend.csr) instead of making its own; the first command applies the WorkloadIdentity shop/frontend.',
});

export const HTTP_EXAMPLES: Record<string, CodeExample> = {
  'method-not-allowed': {
    served: true,
    shell: `${CURL} ${STATUS} -X PATCH ${BACKEND_URL}`,
    exit: 0,
    note: `${ANY_CLIENT} The resource paths take GET, HEAD, PUT and DELETE; not PATCH.`,
  },
  'unsupported-media-type': {
    served: true,
    shell: `${CURL} ${STATUS} -X PUT -H 'Content-Type: text/plain' --data backend ${BACKEND_URL}`,
    exit: 0,
    note: ANY_CLIENT,
  },
  invalid: {
    files: {
      'backend.json': `${JSON.stringify(backendJson({ app: 'backend' }), null, 2).replace('3000', '99999')}\n`,
    },
    served: true,
    shell: `${CURL} ${STATUS} -X PUT ${JSON_BODY} --data @backend.json ${BACKEND_URL}`,
    exit: 0,
    note: `${ANY_CLIENT} The port is out of range; the CLI would have refused this manifest itself.`,
  },
  conflict: {
    files: {
      'backend.yaml': SERVICE,
      'backend-v2.yaml': SERVICE_V2,
      'backend-v1.json': `${JSON.stringify(backendJson({ app: 'backend', tier: 'web' }, { resourceVersion: '1' }), null, 2)}\n`,
    },
    served: true,
    before: [applyServed('backend.yaml'), applyServed('backend-v2.yaml')],
    shell: `${CURL} ${STATUS} -X PUT ${JSON_BODY} --data @backend-v1.json ${BACKEND_URL}`,
    exit: 0,
    note: `${ANY_CLIENT} The first two commands create the Service (resourceVersion 1) and change it (2); the request then sends a change made to version 1.`,
  },
  'payload-too-large': {
    made: {
      'big.json':
        'the Service backend as JSON with a 5 MiB annotation, over the 4 MiB a single resource may have',
    },
    served: true,
    shell: `${CURL} ${STATUS} -X PUT ${JSON_BODY} --data-binary @big.json ${BACKEND_URL}`,
    exit: 0,
    note: ANY_CLIENT,
  },
  'idempotency-key-reused': {
    files: {
      'apply-1.json': `${JSON.stringify({ items: [backendJson({ app: 'backend' })] }, null, 2)}\n`,
      'apply-2.json': `${JSON.stringify({ items: [backendJson({ app: 'backend', tier: 'api' })] }, null, 2)}\n`,
    },
    served: true,
    shell: `${CURL} -o /dev/null -H 'Idempotency-Key: 5b0e-apply' ${JSON_BODY} --data @apply-1.json ${SERVED_URL}/v1/apply && ${CURL} ${STATUS} -H 'Idempotency-Key: 5b0e-apply' ${JSON_BODY} --data @apply-2.json ${SERVED_URL}/v1/apply`,
    exit: 0,
    note: `${ANY_CLIENT} The first request applies apply-1.json with a key; the second sends another body with the same key.`,
  },
  gone: {
    ...HISTORY_AFTER_RESTART,
    shell: `${curlFor(LOCAL_DATA)} ${STATUS} '${SERVED_URL}/v1/watch?resourceVersion=1'`,
    exit: 0,
  },
  'invalid-csr': csrRequest({
    text: '-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgY2VydGlmaWNhdGUgc2lnbmluZyByZXF1ZXN0\n-----END CERTIFICATE REQUEST-----\n',
  }),
  'csr-signature-invalid': csrRequest({
    made: 'the PEM of a PKCS#10 request for a fresh EC P-256 key, one byte of its signature changed after signing',
  }),
  'csr-weak-key': csrRequest({
    made: 'the PEM of a PKCS#10 request for a fresh RSA key of 1024 bits, correctly signed',
  }),
};
