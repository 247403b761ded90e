/**
 * The codes of the errors a command fails with (RiptidesError.code): printed under the message
 * (`code: token-over-http`) and the id of the page `riptides-cli docs CODE` prints. A client command
 * that gets a problem answer from the control plane fails with the problem's code instead
 * (problem-codes.ts). Codes are stable: never renamed without keeping the old one working.
 */

export interface ErrorCodeInfo {
  exit: number;
  title: string;
  summary: string;
  fix: string;
}

const e = (exit: number, title: string, summary: string, fix: string): ErrorCodeInfo => ({
  exit,
  title,
  summary,
  fix,
});

// Exit codes of SPEC §5 (ExitCode in ../errors, which imports this file's types).
const U = 2; // usage
const F = 1; // findings, a rejected write
const A = 3; // unavailable

export const ERROR_CODES = {
  usage: e(
    U,
    'Bad flags, arguments or paths',
    'The command line is wrong: an unknown command or flag, a flag value that is not allowed or out of range, two flags that exclude each other, an argument missing or one the command does not take, or a path given with -f that does not exist. The message says which; `Try this:` lines show a fixed command line (and a mistyped command or flag gets a “did you mean”).',
    'Follow the `Try this:` lines; `riptides-cli --help` lists the commands, `riptides-cli COMMAND --help` the flags.',
  ),
  'path-not-found': e(
    U,
    'A file named on the command line does not exist',
    'A path given to a flag (such as `--lint-config`) names no file.',
    'Check the path; relative paths are from the working directory.',
  ),
  'unknown-resource-kind': e(
    U,
    'Not a resource kind',
    '`ctl get|delete KIND` was given a kind the control plane does not serve.',
    'Use one of the kinds the message lists (`workloadidentities`, `wi`, `services`, `svc` …).',
  ),
  'unknown-context': e(
    U,
    'No context of that name',
    '`--context NAME` (or `RIPTIDES_CONTEXT`, or `config use-context NAME`) names no context of the configuration file.',
    'List them with `riptides-cli config get-contexts`; create one with `riptides-cli config set-context NAME --server …`.',
  ),
  'unknown-rule': e(
    U,
    'Not a lint rule',
    '`--disable` names a code or name that is no RT2xxx lint rule.',
    '`riptides-cli validate --list-rules` lists the rules; the message suggests the closest one.',
  ),
  'svid-files-exist': e(
    U,
    'svid issue would replace existing key or certificate files',
    '`svid issue --out DIR` refuses to overwrite the key and certificate files already in DIR.',
    'Write somewhere else (`--out DIR`), or replace them with `--force` (the old key is lost).',
  ),
  'unreadable-file': e(
    U,
    'A file given on the command line cannot be read',
    'The file exists but reading it failed (permissions, an I/O error).',
    'Check the permissions of the file (`ls -l FILE`) and that it is a regular file.',
  ),
  'unwritable-file': e(
    U,
    'An output file cannot be written',
    'A file the command was asked to write (`--output-file`, `--write-baseline`) cannot be created or written.',
    'Check that the directory exists and is writable.',
  ),
  'invalid-manifests': e(
    F,
    'The manifests have errors: the command cannot evaluate them',
    '`explain` and `simulate` refuse a manifest set with error findings: the verdicts would be built on documents they could not read.',
    'Run `riptides-cli validate -f …` on the same inputs and fix the errors it lists.',
  ),
  'invalid-lint-config': e(
    U,
    'The lint configuration file is invalid',
    '`.riptides-lint.yaml` (or the file given with `--lint-config`) has an unknown key, an unknown rule or a bad severity.',
    'Fix the entry at the line the message names; `riptides-cli validate --list-rules` lists the rules.',
  ),
  'invalid-config': e(
    U,
    'The CLI configuration file is invalid',
    'The contexts file (`$XDG_CONFIG_HOME/riptides/config.yaml`) cannot be parsed or has a bad entry.',
    'Fix the file at the line the message names, or recreate the context with `riptides-cli config set-context`.',
  ),
  'invalid-flow': e(
    F,
    'A flow record is invalid',
    '`explain connection --flow FILE:LINE` read a line that is not a valid flow record (docs/flows.md).',
    'Fix the record, or point at another line.',
  ),
  'token-file-unreadable': e(
    U,
    'The token file cannot be read',
    'The file given with `--token-file` (or a context’s token file) does not exist or cannot be read.',
    'Check the path; `controlplane serve` writes the admin token to DATA/admin.token.',
  ),
  'token-over-http': e(
    U,
    'A token would be sent over plain http://',
    'The server URL is `http://` and a token is set: it would travel in clear text.',
    'Use the `https://` URL of the control plane (with `--ca-file`), or unset the token.',
  ),
  'ca-file-unreadable': e(
    U,
    'The CA file cannot be read',
    'The file given with `--ca-file` (or the context’s CA file) cannot be read.',
    'Check the path: `controlplane serve` writes its CA to DATA/ca.pem.',
  ),
  'ca-file-invalid': e(
    U,
    'The CA file holds no PEM certificate',
    'The file given with `--ca-file` is not a PEM certificate.',
    'Pass the PEM file of the control plane’s CA (DATA/ca.pem).',
  ),
  unreachable: e(
    A,
    'The control plane cannot be reached',
    'The connection was refused, the host name does not resolve, or the connection was closed unexpectedly.',
    'Check that `riptides-cli controlplane serve` runs and that `--server` (or the context) names it.',
  ),
  timeout: e(
    A,
    'The control plane did not answer in time',
    'A request took longer than `--request-timeout`.',
    'Check that the server is healthy, or raise `--request-timeout SECONDS`.',
  ),
  'tls-unknown-ca': e(
    A,
    'The control plane’s certificate is signed by an unknown CA',
    'The server presented a certificate that the CA file (or the system roots) did not sign.',
    'Pass `--ca-file DATA/ca.pem`, the CA `controlplane serve` printed at start-up.',
  ),
  'tls-hostname': e(
    A,
    'The control plane’s certificate is not valid for the host name',
    'The server certificate does not name the host given in `--server`.',
    'Use the host name or IP address the server certificate was issued for.',
  ),
  'tls-error': e(
    A,
    'The TLS handshake with the control plane failed',
    'Another TLS failure: a protocol mismatch, a server that does not speak TLS.',
    'Check `--server` (https://HOST:PORT) and `--ca-file`.',
  ),
  'rate-limited': e(
    A,
    'The control plane is overloaded (429)',
    'The control plane asked the client to slow down.',
    'Retry later, or send fewer requests at once.',
  ),
  'server-error': e(
    A,
    'The control plane failed (5xx)',
    'The control plane answered 500, 503 or 507 (see the problem types `internal`, `unavailable`, `insufficient-storage`).',
    'Retry later; if it persists, look at the control plane’s log.',
  ),
  'response-too-large': e(
    A,
    'An answer of the control plane is over the size limit',
    'The client refuses to read answers over 64 MiB (`RIPTIDES_MAX_RESPONSE_BYTES`).',
    'Check that `--server` points at a Riptides control plane; raise the limit if the answer is legitimate.',
  ),
  'bad-response': e(
    A,
    'The control plane’s answer cannot be understood',
    'The answer is not the JSON the API defines: `--server` may point at another service.',
    'Check `--server`; run with `-v` to see each request and answer.',
  ),
  rejected: e(
    F,
    'The control plane rejected the request',
    'A 4xx answer without a problem code (a proxy in between, an older server).',
    'Read the message; run with `-v` to see the request and the answer.',
  ),
  'watch-expired': e(
    A,
    'The watch fell behind the kept history',
    '`ctl get --watch` reconnected from a resourceVersion the control plane no longer keeps (410 Gone).',
    'Run the watch again: it lists the current state and watches from there.',
  ),
  'local-data-unusable': e(
    A,
    'The local context’s data cannot be used',
    'The embedded control plane of the `local` context cannot open its data directory.',
    'Check the permissions of `$XDG_DATA_HOME/riptides/local`, or move it away to start afresh.',
  ),
  'namespace-conflict': e(
    U,
    'A manifest’s namespace differs from --namespace',
    '`ctl apply -n NS` was given a manifest whose `metadata.namespace` names another namespace.',
    'Drop `-n`, or fix the manifest’s namespace.',
  ),
  'no-objects': e(
    F,
    'Nothing to apply',
    'The inputs of `ctl apply` hold no WorkloadIdentity or Service.',
    'Check the paths given with -f (directories need -R for sub-directories).',
  ),
  'no-svid': e(
    F,
    'The control plane has issued no X.509-SVID for the workload',
    '`svid inspect --workload ID` inspects the last X.509-SVID the control plane issued for the workload, and there is none.',
    'Issue one first: `riptides-cli svid issue --workload ID`.',
  ),
  'connect-failed': e(
    F,
    'The TLS handshake with the inspected server failed',
    '`svid inspect --connect HOST:PORT` could not complete a TLS handshake.',
    'Check HOST:PORT and that it speaks TLS.',
  ),
  'unknown-docs-code': e(
    U,
    'No docs page for that code',
    '`riptides-cli docs CODE` was given a code that is not in the catalog.',
    '`riptides-cli docs --list` lists every code; the message suggests the closest one.',
  ),
  'missing-docs-page': e(
    U,
    'The docs page is missing from this installation',
    'The page of a known code is not where the package keeps it.',
    'Reinstall riptides-cli; the pages ship in its docs/codes directory.',
  ),
  'admin-token-weak': e(
    A,
    'The admin token file is empty or too short',
    '`controlplane serve` refuses an admin token that is empty or too short to resist guessing.',
    'Remove the file to let `serve` create a new token, or write a long random one.',
  ),
  'data-trust-domain-differs': e(
    U,
    'The data directory or datastore belongs to another trust domain',
    '`controlplane serve --trust-domain TD` was pointed at data created for another trust domain. (This error was called `trust-domain-mismatch`; that name is the connection reason only now.)',
    'Use the trust domain the data was created with, or another `--data-dir` / `--datastore`.',
  ),
  'data-dir-unusable': e(
    A,
    'The control plane’s data directory cannot be used',
    '`controlplane serve` cannot open or create its data directory.',
    'Check the permissions of `--data-dir`.',
  ),
  'datastore-unusable': e(
    A,
    'The PostgreSQL datastore cannot be used',
    '`controlplane serve --datastore postgres://…` cannot connect to or migrate the database.',
    'Check the URL, the password (`PGPASSWORD` or `--datastore-password-file`) and that PostgreSQL runs.',
  ),
  'listen-failed': e(
    A,
    'The control plane cannot listen on the address',
    '`controlplane serve --listen` names an address that is in use or not allowed.',
    'Choose another port, or stop the process that holds it.',
  ),
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;
