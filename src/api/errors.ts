/**
 * Every way a control-plane call can fail, as a RiptidesError with the SPEC §5 exit code and a fix:
 * unreachable, TLS (unknown CA, name mismatch), 401, 403, 5xx → exit 3; rejected writes (400, 404,
 * 409, 413, 422) → exit 1, with the problem's detail and field pointers.
 */
import { issuanceReason } from '../core/catalog/issuance-codes';
import { isProblemCode } from '../core/catalog/problem-codes';
import { ExitCode, RiptidesError, type ExitCodeValue, type UserErrorCode } from '../core/errors';
import type { Problem } from '../core/wire/types';

/** A non-2xx answer of the control plane. `problem` is the RFC 9457 body when the server sent one. */
export class ApiError extends RiptidesError {
  readonly status: number;
  readonly problem?: Problem;

  constructor(
    message: string,
    options: {
      code: UserErrorCode;
      exitCode: ExitCodeValue;
      status: number;
      problem?: Problem;
      suggestions?: string[];
      cause?: unknown;
    },
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.status = options.status;
    this.problem = options.problem;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** What went wrong at the network level, classified from Node/undici error codes. */
export type NetworkFailure =
  'refused' | 'not-found' | 'timeout' | 'reset' | 'tls-unknown-ca' | 'tls-hostname' | 'tls-other' | 'other';

const UNKNOWN_CA_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);

/** The error codes along an error's `cause` chain (undici wraps socket errors). */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const errors = (e as { errors?: unknown }).errors; // AggregateError (happy eyeballs)
    if (Array.isArray(errors)) for (const inner of errors) codes.push(...errorCodes(inner));
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

export function classifyNetworkError(err: unknown): NetworkFailure {
  const codes = errorCodes(err);
  const has = (...c: string[]) => codes.some((x) => c.includes(x));
  if (codes.some((c) => UNKNOWN_CA_CODES.has(c))) return 'tls-unknown-ca';
  if (has('ERR_TLS_CERT_ALTNAME_INVALID')) return 'tls-hostname';
  if (codes.some((c) => c.startsWith('ERR_SSL') || c.startsWith('ERR_TLS') || c.startsWith('CERT_')))
    return 'tls-other';
  if (has('ECONNREFUSED')) return 'refused';
  if (has('ENOTFOUND', 'EAI_AGAIN')) return 'not-found';
  if (
    has(
      'UND_ERR_CONNECT_TIMEOUT',
      'UND_ERR_HEADERS_TIMEOUT',
      'UND_ERR_BODY_TIMEOUT',
      'ETIMEDOUT',
      'ABORT_ERR',
    )
  )
    return 'timeout';
  if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED')) return 'reset';
  return 'other';
}

export interface ConnectionDescription {
  /** `https://host:port` or `embedded (local context)`. */
  server: string;
  /** The CA file in use, if any. */
  caFile?: string;
  context?: string;
  /** A CA file that probably fits (the default data directory of `controlplane serve`), for the unknown-CA fix. */
  likelyCaFile?: string;
}

const SERVE_HINT =
  'is `riptides-cli controlplane serve` running? check --server (or the context: riptides-cli config view)';

/**
 * The reason of an OpenSSL error line ("40ED…:error:0A00010B:SSL routines:tls_validate_record_header:
 * wrong version number:../deps/…c:77:" → "wrong version number"): the rest is a thread id, codes and
 * a source path of Node's build, noise to the user (and different on every run).
 */
function tlsReason(detail: string): string {
  const m = /^[0-9A-Fa-f]+:error:[0-9A-Fa-f]+:[^:]*:[^:]*:([^:]+):/.exec(detail.trim());
  return m ? m[1] : detail;
}

/** A network-level failure → exit 3 with what to check. */
export function networkError(
  failure: NetworkFailure,
  conn: ConnectionDescription,
  cause: unknown,
): RiptidesError {
  const where = conn.server;
  const detail = cause instanceof Error ? cause.message : String(cause);
  const make = (message: string, code: UserErrorCode, suggestions: string[]) =>
    new RiptidesError(message, { code, exitCode: ExitCode.UNAVAILABLE, suggestions, cause });
  switch (failure) {
    case 'refused':
      return make(`cannot connect to the control plane at ${where}: connection refused`, 'unreachable', [
        SERVE_HINT,
      ]);
    case 'not-found':
      return make(
        `cannot connect to the control plane at ${where}: the host name does not resolve`,
        'unreachable',
        ['check the host name in --server / RIPTIDES_SERVER / the context', SERVE_HINT],
      );
    case 'timeout':
      return make(`the control plane at ${where} did not answer in time (${detail})`, 'timeout', [
        SERVE_HINT,
        'raise the limit with --request-timeout SECONDS',
      ]);
    case 'reset':
      return make(
        `the connection to the control plane at ${where} was closed unexpectedly (${detail})`,
        'unreachable',
        [SERVE_HINT, 'is the server speaking HTTPS on that port?'],
      );
    case 'tls-unknown-ca':
      return make(
        conn.caFile
          ? `the control plane at ${where} presented a certificate that the CA in ${conn.caFile} did not sign`
          : `the control plane at ${where} presented a certificate signed by an unknown CA`,
        'tls-unknown-ca',
        [
          ...(conn.likelyCaFile && conn.likelyCaFile !== conn.caFile
            ? [
                `pass --ca-file ${conn.likelyCaFile} (the CA of controlplane serve's default data directory) if that is the server`,
              ]
            : []),
          'pass --ca-file DATA/ca.pem: the CA file `riptides-cli controlplane serve` printed at start-up (DATA is its --data-dir)',
          'or store it in the context: riptides-cli config set-context NAME --server ' +
            where +
            ' --ca-file DATA/ca.pem',
        ],
      );
    case 'tls-hostname':
      return make(
        `the certificate of the control plane at ${where} is not valid for that host name (${detail})`,
        'tls-hostname',
        ['use the host name or IP address the server certificate was issued for in --server'],
      );
    case 'tls-other':
      return make(
        `TLS handshake with the control plane at ${where} failed: ${tlsReason(detail)}`,
        'tls-error',
        ['check --server (https://HOST:PORT) and --ca-file'],
      );
    default:
      return make(`cannot talk to the control plane at ${where}: ${detail}`, 'unreachable', [SERVE_HINT]);
  }
}

function problemLines(problem: Problem | undefined): string {
  if (!problem?.errors?.length) return '';
  return '\n' + problem.errors.map((e) => `  ${e.pointer || '/'}: ${e.message}`).join('\n');
}

/** A non-2xx response → ApiError with the exit code and a fix. */
export function responseError(
  status: number,
  problem: Problem | undefined,
  request: { method: string; path: string },
  conn: ConnectionDescription,
): ApiError {
  const what = problem?.detail ?? problem?.title ?? `HTTP ${status}`;
  const base = { status, problem };
  if (status === 401)
    return new ApiError(
      `the control plane at ${conn.server} refused the request (401): the token is wrong or missing`,
      {
        ...base,
        code: 'unauthorized',
        exitCode: ExitCode.UNAVAILABLE,
        suggestions: [
          'pass the token: --token TOKEN, --token-file FILE or RIPTIDES_TOKEN',
          '`controlplane serve` writes it to DATA/admin.token; store it in a context: riptides-cli config set-context NAME --token-file DATA/admin.token',
        ],
      },
    );
  if (status === 403)
    return new ApiError(
      `the control plane at ${conn.server} forbids ${request.method} ${request.path} (403): ${what}`,
      {
        ...base,
        code: 'forbidden',
        exitCode: ExitCode.UNAVAILABLE,
        suggestions: ['use a token that is allowed to do this (--token/--token-file/RIPTIDES_TOKEN)'],
      },
    );
  if (status === 429)
    return new ApiError(
      `the control plane at ${conn.server} is overloaded (429) and asked to slow down: ${what}`,
      {
        ...base,
        code: 'rate-limited',
        exitCode: ExitCode.UNAVAILABLE,
        suggestions: ['retry later, or send fewer requests at once'],
      },
    );
  if (status >= 500)
    return new ApiError(
      `the control plane at ${conn.server} failed (${status}) on ${request.method} ${request.path}: ${what}`,
      {
        ...base,
        code: 'server-error',
        exitCode: ExitCode.UNAVAILABLE,
        suggestions: ['retry later; if it persists, look at the control plane logs'],
      },
    );
  if (status === 404) return new ApiError(what, { ...base, code: 'not-found', exitCode: ExitCode.FINDINGS });
  if (status === 409)
    return new ApiError(
      `conflict: ${what}${problem?.currentResourceVersion ? ` (current resourceVersion ${problem.currentResourceVersion})` : ''}`,
      {
        ...base,
        code: 'conflict',
        exitCode: ExitCode.FINDINGS,
        suggestions: [
          'someone changed the resource since you read it: fetch it again (riptides-cli ctl get KIND NAME -o yaml) and reapply your edit',
          'or remove metadata.resourceVersion from the manifest to overwrite whatever is live',
        ],
      },
    );
  if (status === 413)
    return new ApiError(`the control plane refused a request that large (413): ${what}`, {
      ...base,
      code: 'payload-too-large',
      exitCode: ExitCode.FINDINGS,
      suggestions: [
        'without --atomic, ctl apply sends batches of 500; or split the input into several applies',
      ],
    });
  return new ApiError(
    `the control plane rejected ${request.method} ${request.path} (${status}): ${what}${problemLines(problem)}`,
    {
      ...base,
      // A refused SVID request's reason has a page of its own (`invalid-ttl`), more precise than the
      // problem's (`invalid`). A code this client does not know (a newer server) has no page: `rejected`.
      code:
        (problem?.code === 'invalid' ? issuanceReason(problem.reason) : undefined) ??
        (isProblemCode(problem?.code) ? problem.code : 'rejected'),
      exitCode: ExitCode.FINDINGS,
    },
  );
}
