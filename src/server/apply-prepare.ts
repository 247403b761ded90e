/**
 * The stateless half of `POST /v1/apply`: parse the body, check the request's shape, validate and
 * normalise every item, and fingerprint the request for its Idempotency-Key. It needs no store, so
 * `controlplane serve` runs it on a worker thread (src/server/apply-worker-pool.ts) while the main
 * thread writes the batch before; the embedded control plane and small bodies run it in place. Both
 * give the same answers: this module is the one implementation.
 */
import { createHash } from 'node:crypto';
import type { ApplyRequest } from '../core/wire/types';
import type { SchemaValidators } from '../core/manifest/schema-validators';
import { problemError } from './problem';
import { bodyDepthProblem } from './request-guards';
import { parseDryRun } from './routes/query';
import { MAX_APPLY_ITEMS, parsedCanonicalJson, prepareBatchItems, type PreparedBatch } from './writes';

/** What the apply route hands over: the body (its raw text, or the value fastify parsed), the URL's parts. */
export interface PrepareInput {
  /** The raw body text (the apply route takes its body unparsed). */
  text?: string;
  /** The body already parsed (no body, or another caller). Used when `text` is undefined. */
  value?: unknown;
  /** The request path (no query string): part of the Idempotency-Key fingerprint. */
  path: string;
  /** The `dryRun` query parameter as given. */
  queryDryRun?: string | string[];
  /** Whether the request carries an Idempotency-Key: the fingerprint is computed only then. */
  keyed: boolean;
}

/** A batch ready for the write transaction, and the request's fingerprint when it carries a key. */
export interface PreparedApply extends PreparedBatch {
  requestHash?: string;
}

/** fastify's messages for a JSON body it cannot parse (the other routes' bodies keep giving them). */
const EMPTY_BODY = "Body cannot be empty when content-type is set to 'application/json'";
const INVALID_BODY = "Body is not valid JSON but content-type is set to 'application/json'";

/**
 * JSON.parse as fastify's default parser does it (secure-json-parse, the same version): a body with
 * a `__proto__` key or a `constructor.prototype` is refused, not parsed.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw problemError('bad-request', EMPTY_BODY);
  const sjson = require('secure-json-parse') as typeof import('secure-json-parse');
  try {
    return sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw problemError('bad-request', INVALID_BODY);
  }
}

export function checkApplyRequest(body: unknown): ApplyRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw problemError('bad-request', 'the body must be an object {items, dryRun?, atomic?}', {
      errors: [{ pointer: '', message: 'must be an object' }],
    });
  }
  const b = body as Record<string, unknown>;
  const errors = [];
  if (!Array.isArray(b.items))
    errors.push({ pointer: '/items', message: 'is required: a list of resources' });
  if (b.dryRun !== undefined && typeof b.dryRun !== 'boolean')
    errors.push({ pointer: '/dryRun', message: 'must be a boolean' });
  if (b.atomic !== undefined && typeof b.atomic !== 'boolean')
    errors.push({ pointer: '/atomic', message: 'must be a boolean' });
  for (const key of Object.keys(b)) {
    if (!['items', 'dryRun', 'atomic'].includes(key))
      errors.push({ pointer: `/${key}`, message: `unknown field "${key}"` });
  }
  if (errors.length > 0) throw problemError('bad-request', 'the apply request is malformed', { errors });
  const items = b.items as unknown[];
  if (items.length > MAX_APPLY_ITEMS) {
    throw problemError(
      'payload-too-large',
      `the batch has ${items.length} items; at most ${MAX_APPLY_ITEMS} are accepted per request: send it in smaller batches (ctl apply sends 500)`,
      { errors: [{ pointer: '/items', message: `at most ${MAX_APPLY_ITEMS} items` }] },
    );
  }
  return b as unknown as ApplyRequest;
}

/**
 * Everything about an apply request that needs no store. Throws a ProblemError for a request that
 * is malformed as a whole; an invalid item is a failed item of the result.
 * @param pause awaited every few milliseconds of validation (see prepareBatchItems).
 */
export async function prepareApply(
  input: PrepareInput,
  validators: SchemaValidators,
  pause?: () => Promise<void>,
): Promise<PreparedApply> {
  let body = input.value;
  if (input.text !== undefined) {
    body = parseJsonBody(input.text);
    // The request guards check the depth of a parsed body; this one arrives as text.
    const tooDeep = bodyDepthProblem(body);
    if (tooDeep) throw tooDeep;
  }
  const request = checkApplyRequest(body);
  const dryRun = parseDryRun(input.queryDryRun) || request.dryRun === true;
  const items = await prepareBatchItems(request.items, validators, pause);
  const prepared: PreparedApply = { dryRun, atomic: request.atomic === true, items };
  if (input.keyed) {
    // The fingerprint ignores key order and the query string's spelling: a retry that reorders
    // keys is the same request.
    prepared.requestHash = createHash('sha256')
      .update(input.path)
      .update(dryRun ? '\0dry\0' : '\0')
      .update(parsedCanonicalJson(body))
      .digest('hex');
  }
  return prepared;
}
