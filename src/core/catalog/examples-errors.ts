/**
 * Examples of the CLI error codes, of the API problem types a client command fails with and of the
 * reasons of a refused SVID request: a command line that fails that way (the `Code:` line under the
 * error names the code).
 */
import type { CodeExample, ForeignServerKind } from './types';

/** The Service shop/backend, as the examples write it. */
export const SERVICE = `apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata: {name: backend, namespace: shop}
spec:
  addresses: [{address: backend.shop.svc.cluster.local, port: 3000}]
  labels: {app: backend}
`;

/** The WorkloadIdentity shop/frontend, as the examples write it. */
export const FRONTEND = `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
spec:
  workloadID: shop/frontend
  selectors:
    - process:name: frontend
`;

/**
 * A control plane that starts on data written before it (the `local` context's: the Service
 * backend created, then changed: resourceVersion 2): its change history starts after version 2, as
 * after a restart, so a watch from version 1 is past it (410 Gone).
 */
export const LOCAL_DATA = '.local/share/riptides/local';
/** SERVICE with one more label: a change to it. */
export const SERVICE_V2 = SERVICE.replace('{app: backend}', '{app: backend, tier: api}');
export const HISTORY_AFTER_RESTART: Pick<
  CodeExample,
  'files' | 'prepare' | 'served' | 'servedDataDir' | 'note'
> = {
  files: {
    'backend.yaml': SERVICE,
    'backend-v2.yaml': SERVICE_V2,
  },
  prepare: [
    ['ctl', 'apply', '-f', 'backend.yaml'],
    ['ctl', 'apply', '-f', 'backend-v2.yaml'],
  ],
  served: true,
  servedDataDir: LOCAL_DATA,
  note: 'The first two commands create and change the Service on the `local` context (resourceVersion 1, then 2); a control plane then serves that data. Its change history starts where it started, as after a restart: version 1 is before it.',
};

/** The address of the control plane an example with `served` runs beside the command. */
export const SERVED_URL = 'https://127.0.0.1:7443';

/** `ctl VERB…` against the control plane served beside the command (its CA in cp/), then `auth`. */
export const servedCtl = (verb: string[], auth: string[]): string[] => [
  'ctl',
  ...verb,
  '--server',
  SERVED_URL,
  '--ca-file',
  'cp/ca.pem',
  ...auth,
];

/** `ctl get services` against a server beside the command that is not a healthy control plane. */
const foreign = (kind: ForeignServerKind, what: string, extra: string[] = []): CodeExample => ({
  foreign: { kind, what },
  args: [
    'ctl',
    'get',
    'services',
    '--server',
    SERVED_URL,
    '--ca-file',
    'ca.pem',
    '--token',
    's3cr3t',
    ...extra,
  ],
  exit: 3,
});

/** A control plane nobody listens on (port 1 refuses connections). */
const NOBODY = 'https://127.0.0.1:1';

export const ERROR_EXAMPLES: Record<string, CodeExample> = {
  usage: { args: ['validate', '-f', 'manifests/'], exit: 2 },
  'path-not-found': {
    files: { 'backend.yaml': SERVICE },
    args: ['validate', '-f', 'backend.yaml', '--lint-config', 'lint.yaml'],
    exit: 2,
  },
  'unknown-rule': {
    files: { 'backend.yaml': SERVICE },
    args: ['validate', '-f', 'backend.yaml', '--disable', 'permisive-inbound'],
    exit: 2,
  },
  'invalid-lint-config': {
    files: { 'backend.yaml': SERVICE, '.riptides-lint.yaml': 'disable: [RT2013]\nfailon: warning\n' },
    args: ['validate', '-f', 'backend.yaml'],
    exit: 2,
  },
  'invalid-manifests': {
    files: { 'backend.yaml': SERVICE.replace('port: 3000', 'port: 70000') },
    args: ['simulate', '-f', 'backend.yaml'],
    exit: 1,
  },
  'invalid-config': {
    files: { 'config/riptides/config.yaml': 'contexts: [oops\n' },
    env: { XDG_CONFIG_HOME: 'config' },
    args: ['config', 'get-contexts'],
    exit: 2,
  },
  'unwritable-file': {
    files: { 'backend.yaml': SERVICE },
    args: ['validate', '-f', 'backend.yaml', '--json-file', 'reports/validate.json'],
    exit: 2,
  },
  'invalid-flow': {
    files: {
      'backend.yaml': SERVICE,
      'flows.ndjson':
        '{"time": "2026-11-30T10:00:00Z", "source": {"attributes": {}}, "observed": {"verdict": "MTLS"}}\n',
    },
    args: ['explain', 'connection', '-f', 'backend.yaml', '--flow', 'flows.ndjson:1'],
    exit: 1,
  },
  'unknown-context': { args: ['ctl', 'get', 'services', '--context', 'prod'], exit: 2 },
  'unknown-resource-kind': { args: ['ctl', 'get', 'deployments'], exit: 2 },
  'token-over-http': {
    args: ['ctl', 'get', 'services', '--server', 'http://cp.example.com:7443', '--token', 's3cr3t'],
    exit: 2,
  },
  'token-file-unreadable': {
    args: ['ctl', 'get', 'services', '--server', NOBODY, '--token-file', 'admin.token'],
    exit: 2,
  },
  'ca-file-unreadable': {
    args: ['ctl', 'get', 'services', '--server', NOBODY, '--token', 't', '--ca-file', 'ca.pem'],
    exit: 2,
  },
  'ca-file-invalid': {
    files: { 'ca.pem': 'not a certificate\n' },
    args: ['ctl', 'get', 'services', '--server', NOBODY, '--token', 't', '--ca-file', 'ca.pem'],
    exit: 2,
  },
  unreachable: { args: ['ctl', 'get', 'services', '--server', NOBODY, '--token', 't'], exit: 3 },
  'connect-failed': { args: ['svid', 'inspect', '--connect', '127.0.0.1:1'], exit: 1 },
  'no-objects': {
    files: {
      'scenario.yaml':
        'apiVersion: sim.riptides.io/v1alpha1\nkind: Scenario\nmetadata: {name: shop}\nspec:\n  trustDomain: example.com\n',
    },
    args: ['ctl', 'apply', '-f', 'scenario.yaml'],
    exit: 1,
  },
  'namespace-conflict': {
    files: { 'backend.yaml': SERVICE },
    args: ['ctl', 'apply', '-f', 'backend.yaml', '-n', 'payments'],
    exit: 2,
  },
  'svid-files-exist': {
    files: { 'out/svid.pem': '', 'out/key.pem': '' },
    args: ['svid', 'issue', '--workload', 'shop/backend', '--out', 'out'],
    exit: 2,
  },
  'no-svid': { args: ['svid', 'inspect', '--workload', 'shop/backend'], exit: 1 },
  'unknown-docs-code': { args: ['docs', 'RT1021x'], exit: 2 },
  'admin-token-weak': {
    files: { 'data/admin.token': '' },
    args: ['controlplane', 'serve', '--data-dir', 'data', '--listen', '127.0.0.1:0'],
    exit: 3,
  },
  'data-dir-unusable': {
    files: { data: 'a file, not a directory\n' },
    args: ['controlplane', 'serve', '--data-dir', 'data', '--listen', '127.0.0.1:0'],
    exit: 3,
  },
  'listen-failed': {
    args: ['controlplane', 'serve', '--data-dir', 'data', '--listen', '192.0.2.1:7443'],
    exit: 3,
  },
  'datastore-unusable': {
    args: ['controlplane', 'serve', '--datastore', 'postgres://riptides@127.0.0.1:1/riptides'],
    exit: 3,
  },
  // A refused SVID request, as `svid issue` meets it (the embedded `local` context).
  'invalid-ttl': {
    files: { 'frontend.yaml': FRONTEND },
    before: [['ctl', 'apply', '-f', 'frontend.yaml']],
    args: ['svid', 'issue', '--workload', 'shop/frontend', '--ttl', '30s', '--out', 'frontend'],
    exit: 1,
    note: 'The first command applies the WorkloadIdentity to the `local` context; the control plane issues X.509-SVIDs for 1 minute to 7 days.',
  },
  // Problem types, as a client command meets them (the embedded `local` context).
  'not-found': { args: ['ctl', 'get', 'service', 'backend', '-n', 'shop'], exit: 1 },
  'unreadable-file': {
    files: { 'backend.yaml': SERVICE, 'lint.yaml/README': 'lint.yaml is a directory\n' },
    args: ['validate', '-f', 'backend.yaml', '--lint-config', 'lint.yaml'],
    exit: 2,
    note: '`lint.yaml` is a directory here, so it exists but cannot be read as a file.',
  },
  'local-data-unusable': {
    files: { '.local/share/riptides/local': 'a file, not a directory\n' },
    args: ['ctl', 'get', 'services'],
    exit: 3,
    note: 'The `local` context keeps its data in the directory `$XDG_DATA_HOME/riptides/local` (here ~/.local/share/riptides/local); here that path is a file.',
  },
  'data-trust-domain-differs': {
    before: [['ctl', 'get', 'services']],
    args: [
      'controlplane',
      'serve',
      '--data-dir',
      '.local/share/riptides/local',
      '--trust-domain',
      'other.org',
      '--listen',
      '127.0.0.1:0',
    ],
    exit: 2,
    note: 'The first command creates the `local` context’s data (~/.local/share/riptides/local) for the default trust domain, example.com; serving that data directory for another trust domain is refused.',
  },
  // Answers of a control plane served beside the command (`served`).
  'watch-expired': {
    ...HISTORY_AFTER_RESTART,
    args: [
      'ctl',
      'get',
      'services',
      '--watch',
      '--resource-version',
      '1',
      '--server',
      SERVED_URL,
      '--ca-file',
      `${LOCAL_DATA}/ca.pem`,
      '--token-file',
      `${LOCAL_DATA}/admin.token`,
    ],
    exit: 3,
  },
  unauthorized: {
    served: true,
    args: servedCtl(['get', 'services'], ['--token', 'not-the-token']),
    exit: 3,
  },
  forbidden: {
    served: true,
    before: [['controlplane', 'daemon-token', 'node-1', '--data-dir', 'cp']],
    args: servedCtl(
      ['delete', 'service', 'backend', '-n', 'shop'],
      ['--token-file', 'cp/daemon-node-1.token'],
    ),
    exit: 3,
    note: 'The daemon token of node-1 (written to cp/daemon-node-1.token) may post flows and read policy; deleting a resource is forbidden to it.',
  },
  'tls-unknown-ca': {
    served: true,
    args: ['ctl', 'get', 'services', '--server', SERVED_URL, '--token-file', 'cp/admin.token'],
    exit: 3,
    note: 'No `--ca-file`: the control plane’s certificate is signed by its own CA (cp/ca.pem), which the system does not trust.',
  },
  'response-too-large': {
    served: true,
    env: { RIPTIDES_MAX_RESPONSE_BYTES: '16' },
    args: servedCtl(['get', 'services'], ['--token-file', 'cp/admin.token']),
    exit: 3,
    note: 'The limit is 64 MiB; `RIPTIDES_MAX_RESPONSE_BYTES` lowers it here to show the error on a small answer.',
  },
  // Answers of a server that is not a healthy control plane (`foreign`).
  'bad-response': foreign(
    'html-page',
    'it answers every request with an HTML page (200 OK), as a login proxy would',
  ),
  rejected: {
    ...foreign(
      'status-400',
      'it answers every request with 400 Bad Request in plain text, without a problem document',
    ),
    exit: 1,
  },
  'bad-request': {
    ...foreign(
      'problem-400',
      'it answers every request with 400 and a bad-request problem document, as a control plane of another version would a query parameter it does not take',
    ),
    exit: 1,
  },
  'rate-limited': foreign('status-429', 'it answers every request with 429 Too Many Requests'),
  'server-error': foreign(
    'status-503',
    'it answers every request with 503 Service Unavailable in plain text',
  ),
  timeout: foreign('silent', 'it accepts the connection and reads the request, but never answers', [
    '--request-timeout',
    '2',
  ]),
  'tls-error': foreign('not-tls', 'it does not speak TLS (it sends an SSH banner and closes)'),
  'tls-hostname': foreign(
    'wrong-host',
    'its certificate, signed by the CA in ca.pem, names only the host cp.example.com, not 127.0.0.1',
  ),
};
