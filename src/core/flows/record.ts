/**
 * Flow records (SPEC §4.1, schemas/flow.schema.json): the type, and a hand-written checker that
 * mirrors the schema exactly (test/flows/record.test.ts holds both to the same verdicts) so that a
 * million NDJSON lines are checked without ajv, each problem reported with its JSON pointer.
 */
import { VERDICTS, type Verdict } from '../manifest/types';
import { parseSpiffeId } from '../spiffe/id';
import { didYouMean } from '../text/suggest';

export interface FlowRecord {
  /** Set by the control plane when stored. */
  id?: string;
  time: string;
  daemon?: string | null;
  daemonGroup?: string | null;
  source: {
    attributes: Record<string, string>;
    address?: string | null;
    spiffeID?: string | null;
  };
  destination: {
    address: string;
    port: number;
    attributes?: Record<string, string> | null;
    spiffeID?: string | null;
  };
  observed: {
    verdict: Verdict;
    tlsVersion?: '1.2' | '1.3' | null;
    reason?: string | null;
  };
}

/** One problem of one record: where (JSON pointer inside the record) and what. */
export interface FlowProblem {
  path: string;
  message: string;
}

/** A record that failed: its line (NDJSON, 1-based) or item index (batch) and every problem. */
export interface FlowRecordError {
  /** 1-based line of an NDJSON input; absent for batch items. */
  line?: number;
  /** 1-based column of a JSON syntax error. */
  column?: number;
  /** 0-based index in a batch's `items`. */
  index?: number;
  problems: FlowProblem[];
}

/** Limits of the schema; a line longer than MAX_FLOW_LINE_BYTES is refused before it is parsed. */
export const MAX_FLOW_LINE_BYTES = 64 * 1024;
export const MAX_ATTRIBUTES = 64;
export const MAX_ATTRIBUTE_VALUE = 4096;
export const MAX_ATTRIBUTE_KEY = 317;
const MAX_ID = 253;
const MAX_REASON = 1024;
const TIME_RE = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

const TOP = ['id', 'time', 'daemon', 'daemonGroup', 'source', 'destination', 'observed'];
const SOURCE = ['attributes', 'address', 'spiffeID'];
const DESTINATION = ['address', 'port', 'attributes', 'spiffeID'];
const OBSERVED = ['verdict', 'tlsVersion', 'reason'];

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(obj: Record<string, unknown>, known: readonly string[], at: string, out: FlowProblem[]) {
  for (const k in obj) {
    if (known.includes(k)) continue;
    const hint = didYouMean(k, known);
    out.push({
      path: `${at}/${escapePointer(k)}`,
      message: `unknown field "${k}"${hint ? ` (${hint})` : ''}`,
    });
  }
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function requireObject(v: unknown, at: string, out: FlowProblem[]): v is Record<string, unknown> {
  if (v === undefined) {
    out.push({ path: at, message: `missing required field "${at.slice(at.lastIndexOf('/') + 1)}"` });
    return false;
  }
  if (!isObject(v)) {
    out.push({ path: at, message: `must be an object, not ${typeOf(v)}` });
    return false;
  }
  return true;
}

function checkString(
  v: unknown,
  at: string,
  out: FlowProblem[],
  opts: { required?: boolean; nullable?: boolean; max: number; min?: number },
): void {
  if (v === undefined) {
    if (opts.required)
      out.push({ path: at, message: `missing required field "${at.slice(at.lastIndexOf('/') + 1)}"` });
    return;
  }
  if (v === null && opts.nullable) return;
  if (typeof v !== 'string') {
    out.push({ path: at, message: `must be a string${opts.nullable ? ' or null' : ''}, not ${typeOf(v)}` });
    return;
  }
  if (v.length > opts.max)
    out.push({ path: at, message: `is ${v.length} characters long; at most ${opts.max}` });
  else if (v.length < (opts.min ?? 0)) out.push({ path: at, message: 'must not be empty' });
}

/** The schema's SPIFFE ID pattern: the fast check; parseSpiffeId explains a failure. */
const SPIFFE_RE = /^spiffe:\/\/[a-z0-9._-]{1,255}(\/(?!\.\.?(\/|$))[A-Za-z0-9._-]+)*$/;

function checkSpiffe(v: unknown, at: string, out: FlowProblem[]): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'string') {
    out.push({ path: at, message: `must be a SPIFFE ID string or null, not ${typeOf(v)}` });
    return;
  }
  // ASCII only when the pattern matches, so the length in characters is the length in bytes.
  if (v.length <= 2048 && SPIFFE_RE.test(v)) return;
  const r = parseSpiffeId(v);
  if (!r.ok)
    out.push({
      path: at,
      message: `${JSON.stringify(v.length > 80 ? v.slice(0, 80) + '…' : v)} is not a SPIFFE ID: ${r.problems.map((p) => p.message).join('; ')}`,
    });
}

function checkAttributes(
  v: unknown,
  at: string,
  out: FlowProblem[],
  nullable: boolean,
  required: boolean,
): void {
  if (v === undefined) {
    if (required) out.push({ path: at, message: 'missing required field "attributes"' });
    return;
  }
  if (v === null && nullable) return;
  if (!isObject(v)) {
    out.push({
      path: at,
      message: `must be an object of selector key → string${nullable ? ' or null' : ''}, not ${typeOf(v)}`,
    });
    return;
  }
  let n = 0;
  for (const k in v) {
    n++;
    const val = v[k];
    if (k.length === 0 || k.length > MAX_ATTRIBUTE_KEY)
      out.push({
        path: `${at}/${escapePointer(k)}`,
        message: `attribute key must be 1–${MAX_ATTRIBUTE_KEY} characters`,
      });
    if (typeof val !== 'string')
      out.push({ path: `${at}/${escapePointer(k)}`, message: `must be a string, not ${typeOf(val)}` });
    else if (val.length > MAX_ATTRIBUTE_VALUE)
      out.push({
        path: `${at}/${escapePointer(k)}`,
        message: `is ${val.length} characters long; at most ${MAX_ATTRIBUTE_VALUE}`,
      });
  }
  if (n > MAX_ATTRIBUTES) out.push({ path: at, message: `has ${n} attributes; at most ${MAX_ATTRIBUTES}` });
}

/** Every problem of a decoded record against schemas/flow.schema.json; [] when it is valid. */
export function checkFlowRecord(v: unknown): FlowProblem[] {
  const out: FlowProblem[] = [];
  if (!isObject(v)) return [{ path: '', message: `a flow record is a JSON object, not ${typeOf(v)}` }];
  unknownKeys(v, TOP, '', out);
  checkString(v.id, '/id', out, { max: 64 });
  if (v.time === undefined) out.push({ path: '/time', message: 'missing required field "time"' });
  else if (typeof v.time !== 'string')
    out.push({ path: '/time', message: `must be a string, not ${typeOf(v.time)}` });
  else if (v.time.length > 64 || !TIME_RE.test(v.time))
    out.push({
      path: '/time',
      message: `must be an RFC 3339 time with a zone, e.g. 2026-11-30T10:00:00.123Z`,
    });
  checkString(v.daemon, '/daemon', out, { nullable: true, max: MAX_ID, min: 1 });
  checkString(v.daemonGroup, '/daemonGroup', out, { nullable: true, max: MAX_ID, min: 1 });
  if (requireObject(v.source, '/source', out)) {
    const s = v.source;
    unknownKeys(s, SOURCE, '/source', out);
    checkAttributes(s.attributes, '/source/attributes', out, false, true);
    checkString(s.address, '/source/address', out, { nullable: true, max: MAX_ID });
    checkSpiffe(s.spiffeID, '/source/spiffeID', out);
  }
  if (requireObject(v.destination, '/destination', out)) {
    const d = v.destination;
    unknownKeys(d, DESTINATION, '/destination', out);
    checkString(d.address, '/destination/address', out, { required: true, max: MAX_ID, min: 1 });
    if (d.port === undefined)
      out.push({ path: '/destination/port', message: 'missing required field "port"' });
    else if (typeof d.port !== 'number' || !Number.isInteger(d.port) || d.port < 1 || d.port > 65535)
      out.push({
        path: '/destination/port',
        message: `must be an integer 1–65535, not ${JSON.stringify(d.port)}`,
      });
    checkAttributes(d.attributes, '/destination/attributes', out, true, false);
    checkSpiffe(d.spiffeID, '/destination/spiffeID', out);
  }
  if (requireObject(v.observed, '/observed', out)) {
    const o = v.observed;
    unknownKeys(o, OBSERVED, '/observed', out);
    if (o.verdict === undefined)
      out.push({ path: '/observed/verdict', message: 'missing required field "verdict"' });
    else if (!VERDICTS.includes(o.verdict as Verdict))
      out.push({
        path: '/observed/verdict',
        message: `must be one of ${VERDICTS.join(', ')}, not ${JSON.stringify(o.verdict)}`,
      });
    if (
      o.tlsVersion !== undefined &&
      o.tlsVersion !== null &&
      o.tlsVersion !== '1.2' &&
      o.tlsVersion !== '1.3'
    )
      out.push({
        path: '/observed/tlsVersion',
        message: `must be "1.2", "1.3" or null, not ${JSON.stringify(o.tlsVersion)}`,
      });
    checkString(o.reason, '/observed/reason', out, { nullable: true, max: MAX_REASON });
  }
  return out;
}

export type ParsedFlowLine =
  | { ok: true; flow: FlowRecord }
  | { ok: false; error: FlowRecordError }
  /** A blank line (ignored, as NDJSON readers do). */
  | { ok: 'blank' };

/** Parse and check one NDJSON line (1-based `line`). Never throws. */
export function parseFlowLine(text: string, line: number): ParsedFlowLine {
  if (text.length > MAX_FLOW_LINE_BYTES)
    return {
      ok: false,
      error: {
        line,
        problems: [
          {
            path: '',
            message: `the record is ${text.length} characters long; at most ${MAX_FLOW_LINE_BYTES} (attribute values are at most ${MAX_ATTRIBUTE_VALUE})`,
          },
        ],
      },
    };
  let start = 0;
  while (start < text.length && (text.charCodeAt(start) <= 32 || text.charCodeAt(start) === 0xfeff)) start++;
  if (start === text.length) return { ok: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    return {
      ok: false,
      error: {
        line,
        ...(at ? { column: Number(at[1]) + 1 } : {}),
        problems: [{ path: '', message: `not valid JSON: ${message}` }],
      },
    };
  }
  const problems = checkFlowRecord(value);
  if (problems.length > 0) return { ok: false, error: { line, problems } };
  return { ok: true, flow: value as FlowRecord };
}

/** A line too long to be read at all (it is skipped, not buffered): its error. */
export function oversizeFlowLine(line: number, bytes: number): FlowRecordError {
  return {
    line,
    problems: [{ path: '', message: `the record is ${bytes} bytes long; at most ${MAX_FLOW_LINE_BYTES}` }],
  };
}

/** `file:LINE: /pointer: message` lines for an error, for text output. */
export function formatFlowError(file: string, e: FlowRecordError): string[] {
  const where =
    e.line !== undefined ? `${file}:${e.line}${e.column ? `:${e.column}` : ''}` : `${file} item ${e.index}`;
  return e.problems.map((p) => `${where}: ${p.path || '(record)'}: ${p.message}`);
}
