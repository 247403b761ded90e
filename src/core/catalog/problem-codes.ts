/**
 * The problem types of the control-plane API (RFC 9457): `code` is the last segment of `type`
 * (https://riptides.io/problems/<code>). The server builds every problem from this table
 * (src/server/problem.ts); a client command that gets one fails with the same code (exit 3 for
 * 401/403/429/5xx, exit 1 otherwise, SPEC §5).
 */
/** The `type` of a problem is this prefix and its code (RFC 9457: a URI naming the problem type). */
export const PROBLEM_TYPE_PREFIX = 'https://riptides.io/problems/';

export interface ProblemCodeInfo {
  status: number;
  title: string;
  summary: string;
  fix: string;
}

export const PROBLEM_CODES = {
  'bad-request': {
    status: 400,
    title: 'Bad request',
    summary:
      'The request is malformed: a body that is not JSON, a query parameter with a bad value, a path that names no kind.',
    fix: 'Read `detail` (and `errors[]`): it names the parameter or the part of the body. The request shapes are in `schemas/openapi.yaml`.',
  },
  invalid: {
    status: 422,
    title: 'Invalid resource',
    summary:
      'The resource is well-formed JSON but breaks its schema or a rule: `errors[]` lists each problem with its JSON pointer and RT code.',
    fix: 'Run `riptides-cli validate -f FILE` on the manifest: it reports the same findings with file:line:col.',
  },
  unauthorized: {
    status: 401,
    title: 'Unauthorized',
    summary: 'The request carries no bearer token, or one the control plane does not know.',
    fix: 'Pass the token: `--token TOKEN`, `--token-file FILE` or `RIPTIDES_TOKEN`; `controlplane serve` writes the admin token to DATA/admin.token.',
  },
  forbidden: {
    status: 403,
    title: 'Forbidden',
    summary:
      'The token is valid but may not do this: a daemon token may post flows and read policy, not write resources.',
    fix: 'Use a token that is allowed to do it (the admin token for writes).',
  },
  'not-found': {
    status: 404,
    title: 'Not found',
    summary: 'No resource (or route) of that kind, namespace and name.',
    fix: 'Check the kind, namespace (`-n`) and name: `riptides-cli ctl get KIND` lists what exists.',
  },
  'method-not-allowed': {
    status: 405,
    title: 'Method not allowed',
    summary: 'The path exists but does not take this HTTP method.',
    fix: 'See `schemas/openapi.yaml` for the methods of each path.',
  },
  conflict: {
    status: 409,
    title: 'Conflict',
    summary:
      'The write names a `metadata.resourceVersion` that is no longer current: someone changed the resource since it was read. `currentResourceVersion` says the live one.',
    fix: 'Fetch the resource again (`riptides-cli ctl get KIND NAME -o yaml`), reapply the edit, or drop `metadata.resourceVersion` to overwrite.',
  },
  'payload-too-large': {
    status: 413,
    title: 'Payload too large',
    summary: 'The request body is over the size limit of the control plane.',
    fix: 'Send smaller batches: without `--atomic`, `ctl apply` sends 500 resources a request.',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    summary: 'The body has a Content-Type the route does not read.',
    fix: 'Send `application/json` (or `application/x-ndjson` to `POST /v1/flows`).',
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'Idempotency key reused with a different request',
    summary:
      'An `Idempotency-Key` was sent again with another request body: the key belongs to the first request.',
    fix: 'Use a new key for each distinct request; resend the same body to get the first answer again.',
  },
  gone: {
    status: 410,
    title: 'Gone',
    summary: '`GET /v1/watch?resourceVersion=N` asked for changes older than the kept history.',
    fix: 'List the resources again and watch from the list’s resourceVersion (`ctl get --watch` does this itself).',
  },
  internal: {
    status: 500,
    title: 'Internal server error',
    summary: 'The control plane failed on the request: a bug or a datastore failure.',
    fix: 'Retry; if it persists, look at the control plane’s log and report it.',
  },
  unavailable: {
    status: 503,
    title: 'Service unavailable',
    summary: 'The control plane cannot serve now (its datastore is unreachable, or it is shutting down).',
    fix: 'Retry later; check the datastore (`--datastore`) and the control plane’s log.',
  },
  'insufficient-storage': {
    status: 507,
    title: 'Insufficient storage',
    summary: 'The datastore is full (disk full, or a size limit reached).',
    fix: 'Free space on the datastore’s disk, or lower the flow retention (`--flow-retention`).',
  },
} as const satisfies Record<string, ProblemCodeInfo>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** Whether `code` (as a control plane sent it) is a problem code of this catalog. */
export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && Object.hasOwn(PROBLEM_CODES, code);
}
