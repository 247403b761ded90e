/**
 * `POST /v1/flows` and `GET /v1/flows[/{id}]` (SPEC §4.1): daemons report observed connections;
 * clients read them back newest first. A batch is `{"items": [...]}` (application/json) or one record
 * a line (application/x-ndjson), at most MAX_FLOWS_PER_REQUEST; each record is checked on its own, the
 * valid ones are kept, the others reported per item with JSON pointers.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_VERSION_PATH } from '../../core/wire/types';
import { checkFlowRecord, parseFlowLine, type FlowRecord, type FlowRecordError } from '../../core/flows';
import { FlowLineScanner, SCAN_BLANK, SCAN_OK } from '../../core/flows/scan';
import { flowColumns, type FlowColumns } from '../store/flows';
import { VERDICTS, type Verdict } from '../../core/manifest/types';
import { problemError } from '../problem';
import type { Datastore } from '../store/types';

export const FLOWS_PATH = `${API_VERSION_PATH}/flows`;
export const MAX_FLOWS_PER_REQUEST = 10_000;
export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

export interface FlowIngestAnswer {
  accepted: number;
  rejected: number;
  /** Ids of the stored records, in request order. */
  ids: string[];
  /** One entry per rejected record. */
  errors: { index: number; line?: number; errors: { pointer: string; message: string }[] }[];
}

function tooMany(n: number): never {
  throw problemError(
    'payload-too-large',
    `${n} flow records in one request; at most ${MAX_FLOWS_PER_REQUEST}: send them in several requests`,
  );
}

/** Split a request body into the valid records' rows and per-item errors. */
function readBatch(
  body: unknown,
  ndjson: boolean,
): { rows: FlowColumns[]; errors: FlowIngestAnswer['errors'] } {
  const rows: FlowColumns[] = [];
  const errors: FlowIngestAnswer['errors'] = [];
  const report = (index: number, e: FlowRecordError, line?: number) =>
    errors.push({
      index,
      ...(line !== undefined ? { line } : {}),
      errors: e.problems.map((p) => ({ pointer: `/items/${index}${p.path}`, message: p.message })),
    });
  if (ndjson) {
    readNdjson(Buffer.isBuffer(body) ? body : Buffer.from(String(body ?? '')), rows, report);
    return { rows, errors };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw problemError(
      'bad-request',
      'the body must be {"items": [flow records]} or NDJSON (application/x-ndjson)',
      {
        errors: [{ pointer: '', message: 'must be an object with items' }],
      },
    );
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => k !== 'items');
  if (!Array.isArray(b.items) || unknown.length > 0)
    throw problemError('bad-request', 'the body must be {"items": [flow records]}', {
      errors: [
        ...(Array.isArray(b.items)
          ? []
          : [{ pointer: '/items', message: 'is required: a list of flow records' }]),
        ...unknown.map((k) => ({ pointer: `/${k}`, message: `unknown field "${k}"` })),
      ],
    });
  if (b.items.length > MAX_FLOWS_PER_REQUEST) tooMany(b.items.length);
  b.items.forEach((item, index) => {
    const problems = checkFlowRecord(item);
    if (problems.length === 0) rows.push(flowColumns(item as FlowRecord));
    else report(index, { index, problems });
  });
  return { rows, errors };
}

/**
 * NDJSON lines (UTF-8) into rows. A record as daemons write it is checked and read straight from its
 * bytes (the scanner's fast path, which accepts exactly what `checkFlowRecord` accepts, and whose
 * fields are those `flowColumns` reads); any other line is decoded and goes through `parseFlowLine`,
 * so errors and their positions are the same. The text of a record without an `id` is stored as
 * received (without the blanks around it).
 */
function readNdjson(
  buf: Buffer,
  rows: FlowColumns[],
  report: (index: number, e: FlowRecordError, line?: number) => void,
): void {
  const ends: number[] = [];
  for (let at = buf.indexOf(10); at !== -1; at = buf.indexOf(10, at + 1)) ends.push(at);
  ends.push(buf.length);
  if (ends.length > MAX_FLOWS_PER_REQUEST) {
    const text = buf.toString('utf8');
    const nonBlank = text.split('\n').reduce((n, l) => (l.trim() === '' ? n : n + 1), 0);
    if (nonBlank > MAX_FLOWS_PER_REQUEST) tooMany(nonBlank);
  }
  const scanner = new FlowLineScanner();
  let index = 0;
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i];
    const r = scanner.scan(buf, start, end);
    const fast = r === SCAN_OK ? scanner.storedFields() : undefined;
    if (fast) {
      rows.push(fast);
      index++;
    } else if (r !== SCAN_BLANK) {
      const text = buf.toString('utf8', start, end);
      const parsed = parseFlowLine(text, i + 1);
      if (parsed.ok !== 'blank') {
        if (parsed.ok === true)
          rows.push(flowColumns(parsed.flow, parsed.flow.id === undefined ? text.trim() : undefined));
        else report(index, parsed.error, i + 1);
        index++;
      }
    }
    start = end + 1;
  }
}

function parseTime(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t))
    throw problemError(
      'bad-request',
      `${name} must be an RFC 3339 time, e.g. 2026-11-30T10:00:00Z; got "${value}"`,
    );
  return t;
}

const encodeContinue = (c: { time: number; id: number }) =>
  Buffer.from(`${c.time}:${c.id}`).toString('base64url');
function decodeContinue(token: string): { time: number; id: number } {
  const m = /^(-?\d+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m)
    throw problemError('bad-request', 'the continue token is malformed: start the list again without it');
  return { time: Number(m[1]), id: Number(m[2]) };
}

interface ListQuerystring {
  since?: string;
  until?: string;
  verdict?: string;
  source?: string;
  destination?: string;
  limit?: string;
  continue?: string;
}

export function registerFlowRoutes(app: FastifyInstance, store: Datastore, now: () => Date): void {
  app.addContentTypeParser(NDJSON_CONTENT_TYPE, { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );

  app.post(FLOWS_PATH, { config: { daemon: true } }, async (req, reply) => {
    const ndjson = (req.headers['content-type'] ?? '').split(';')[0].trim() === NDJSON_CONTENT_TYPE;
    const { rows: valid, errors } = readBatch(req.body, ndjson);
    const ids = valid.length > 0 ? await store.insertFlows(valid, now().getTime()) : [];
    if (valid.length === 0 && errors.length > 0)
      throw problemError(
        'invalid',
        `none of the ${errors.length} flow records is valid; nothing was stored`,
        {
          errors: errors.flatMap((e) => e.errors).slice(0, 1000),
        },
      );
    const answer: FlowIngestAnswer = { accepted: valid.length, rejected: errors.length, ids, errors };
    return reply.code(200).send(answer);
  });

  app.get(FLOWS_PATH, async (req: FastifyRequest<{ Querystring: ListQuerystring }>) => {
    const q = req.query;
    const since = parseTime('since', q.since);
    const until = parseTime('until', q.until);
    if (q.verdict !== undefined && !VERDICTS.includes(q.verdict as Verdict))
      throw problemError('bad-request', `verdict must be one of ${VERDICTS.join(', ')}; got "${q.verdict}"`);
    let limit = 100;
    if (q.limit !== undefined) {
      limit = Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw problemError('bad-request', `limit must be an integer 1–1000; got "${q.limit}"`);
    }
    const page = await store.listFlows({
      since,
      until,
      verdict: q.verdict as Verdict | undefined,
      source: q.source || undefined,
      destination: q.destination || undefined,
      limit,
      after: q.continue ? decodeContinue(q.continue) : undefined,
    });
    return { items: page.items, metadata: page.next ? { continue: encodeContinue(page.next) } : {} };
  });

  app.get(`${FLOWS_PATH}/:id`, async (req: FastifyRequest<{ Params: { id: string } }>) => {
    const flow = await store.getFlow(req.params.id);
    if (!flow)
      throw problemError('not-found', `no flow ${req.params.id} (it may have left the retention window)`);
    return flow;
  });
}
