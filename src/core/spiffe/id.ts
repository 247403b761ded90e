/**
 * SPIFFE IDs and trust domains, checked exactly per the SPIFFE ID standard: scheme `spiffe`, trust
 * domain of [a-z0-9._-] (≤ 255 bytes, no port, userinfo, query or fragment), path segments of
 * [A-Za-z0-9._-] with no empty, `.` or `..` segment and no trailing `/`, whole ID ≤ 2048 bytes.
 * Parsing returns every problem with a reason code, not a boolean.
 */

export interface SpiffeId {
  trustDomain: string;
  /** Path with its leading `/`, or '' for a trust-domain ID. */
  path: string;
  /** The canonical string `spiffe://<trustDomain><path>`. */
  id: string;
}

export type SpiffeIdProblemCode =
  | 'empty'
  | 'wrong-scheme'
  | 'missing-trust-domain'
  | 'trust-domain-chars'
  | 'trust-domain-too-long'
  | 'port-not-allowed'
  | 'userinfo-not-allowed'
  | 'query-not-allowed'
  | 'fragment-not-allowed'
  | 'empty-segment'
  | 'dot-segment'
  | 'path-chars'
  | 'trailing-slash'
  | 'too-long'
  | 'leading-slash';

export interface SpiffeIdProblem {
  code: SpiffeIdProblemCode;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: SpiffeIdProblem[] };

const TRUST_DOMAIN_CHARS = /^[a-z0-9._-]+$/;
const SEGMENT_CHARS = /^[A-Za-z0-9._-]+$/;
export const MAX_SPIFFE_ID_BYTES = 2048;
export const MAX_TRUST_DOMAIN_BYTES = 255;

const byteLength = (s: string) => new TextEncoder().encode(s).length;

/** Problems of a trust domain name (no scheme). */
export function checkTrustDomain(td: string): SpiffeIdProblem[] {
  const problems: SpiffeIdProblem[] = [];
  if (td === '') return [{ code: 'missing-trust-domain', message: 'the trust domain is empty' }];
  if (td.includes('@'))
    problems.push({
      code: 'userinfo-not-allowed',
      message: 'user info ("…@") is not allowed in a trust domain',
    });
  if (/:\d*$/.test(td))
    problems.push({ code: 'port-not-allowed', message: 'a port is not allowed in a trust domain' });
  const bare = td.replace(/^.*@/, '').replace(/:\d*$/, '');
  if (!TRUST_DOMAIN_CHARS.test(bare)) {
    const bad = [...new Set([...bare].filter((c) => !/[a-z0-9._-]/.test(c)))].join('');
    problems.push({
      code: 'trust-domain-chars',
      message: `the trust domain may contain only lowercase letters, digits, ".", "-" and "_" (found ${JSON.stringify(bad)})`,
    });
  }
  if (byteLength(td) > MAX_TRUST_DOMAIN_BYTES) {
    problems.push({
      code: 'trust-domain-too-long',
      message: `the trust domain is longer than ${MAX_TRUST_DOMAIN_BYTES} bytes`,
    });
  }
  return problems;
}

/** Problems of a SPIFFE path given *without* its leading `/` (the `workloadID` form). */
export function checkWorkloadPath(path: string): SpiffeIdProblem[] {
  if (path === '') return [{ code: 'empty', message: 'the workload ID is empty' }];
  if (path.startsWith('/')) {
    return [{ code: 'leading-slash', message: 'the workload ID is a path without the leading "/"' }];
  }
  return checkSegments(path);
}

function checkSegments(path: string): SpiffeIdProblem[] {
  const problems: SpiffeIdProblem[] = [];
  if (path.endsWith('/'))
    problems.push({ code: 'trailing-slash', message: 'the path must not end with "/"' });
  const segments = path.split('/');
  if (path.endsWith('/')) segments.pop();
  for (const seg of segments) {
    if (seg === '') {
      problems.push({ code: 'empty-segment', message: 'the path has an empty segment ("//")' });
    } else if (seg === '.' || seg === '..') {
      problems.push({ code: 'dot-segment', message: `the path has a "${seg}" segment` });
    } else if (!SEGMENT_CHARS.test(seg)) {
      const bad = [...new Set([...seg].filter((c) => !/[A-Za-z0-9._-]/.test(c)))].join('');
      problems.push({
        code: 'path-chars',
        message: `path segment "${seg}" may contain only letters, digits, ".", "-" and "_" (found ${JSON.stringify(bad)})`,
      });
    }
  }
  // One message per code is enough.
  return problems.filter((p, i) => problems.findIndex((q) => q.code === p.code) === i);
}

/** Parse a SPIFFE ID string, reporting every problem at once. */
export function parseSpiffeId(input: string): ParseResult<SpiffeId> {
  const problems: SpiffeIdProblem[] = [];
  if (input === '') return { ok: false, problems: [{ code: 'empty', message: 'the SPIFFE ID is empty' }] };
  if (byteLength(input) > MAX_SPIFFE_ID_BYTES) {
    problems.push({ code: 'too-long', message: `the SPIFFE ID is longer than ${MAX_SPIFFE_ID_BYTES} bytes` });
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(input);
  if (!scheme || scheme[1] !== 'spiffe') {
    problems.push({
      code: 'wrong-scheme',
      message: scheme
        ? `the scheme must be "spiffe" (lowercase), not "${scheme[1]}"`
        : 'a SPIFFE ID starts with "spiffe://"',
    });
    if (!scheme) return { ok: false, problems };
  }
  let rest = input.slice(scheme![0].length);
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    problems.push({
      code: 'fragment-not-allowed',
      message: 'a fragment ("#…") is not allowed in a SPIFFE ID',
    });
    rest = rest.slice(0, hash);
  }
  const q = rest.indexOf('?');
  if (q !== -1) {
    problems.push({ code: 'query-not-allowed', message: 'a query ("?…") is not allowed in a SPIFFE ID' });
    rest = rest.slice(0, q);
  }
  const slash = rest.indexOf('/');
  const td = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  problems.push(...checkTrustDomain(td));
  if (path !== '') problems.push(...checkSegments(path.slice(1)));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { trustDomain: td, path, id: `spiffe://${td}${path}` } };
}

/** `spiffe://<td>/<workloadID>` */
export function spiffeIdFor(trustDomain: string, workloadID: string): string {
  return `spiffe://${trustDomain}/${workloadID}`;
}

/** The trust domain of a SPIFFE ID string, or undefined when it is not one. */
export function trustDomainOf(id: string): string | undefined {
  const r = parseSpiffeId(id);
  return r.ok ? r.value.trustDomain : undefined;
}
