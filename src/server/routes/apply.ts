/**
 * `POST /v1/apply`: batch create-or-replace with `dryRun` and `atomic`, and `Idempotency-Key`
 * (same key + same request → the stored answer replayed; same key + another request → 422).
 */
import type { SchemaValidators } from '../../core/manifest/schema-validators';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { APPLY_PATH, IDEMPOTENCY_HEADER, type ApplyRequest } from '../../core/wire/types';
import { PROBLEM_CONTENT_TYPE, problemError } from '../problem';
import { rfc3339, type Datastore, type Steps, type TxOps } from '../store';
import { applyBatch, canonicalJson, MAX_APPLY_ITEMS, type BatchAnswer } from '../writes';
import { parseDryRun } from './query';

/** How long an idempotency key is remembered. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * Largest answer stored for replay (characters). A larger one keeps only the key and the request's
 * fingerprint: a retry with the same request runs again (apply is idempotent), another request
 * with the key is still refused.
 */
export const MAX_IDEMPOTENT_ANSWER_CHARS = 1024 * 1024;
/** Idempotency records kept in all (the oldest go first), and characters of stored answers in all. */
export const IDEMPOTENCY_BUDGET = { maxRecords: 10_000, maxChars: 64 * 1024 * 1024 };
/** `status` of a record whose answer was too large to keep. */
const NOT_REPLAYABLE = 0;
export const IDEMPOTENCY_REPLAYED_HEADER = 'idempotency-replayed';

function checkApplyRequest(body: unknown): ApplyRequest {
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

export function registerApplyRoute(
  app: FastifyInstance,
  store: Datastore,
  now: () => Date,
  validators: SchemaValidators,
): void {
  app.post(
    APPLY_PATH,
    async (req: FastifyRequest<{ Querystring: { dryRun?: string } }>, reply: FastifyReply) => {
      const request = checkApplyRequest(req.body);
      const dryRun = parseDryRun(req.query.dryRun) || request.dryRun === true;
      const rawKey = req.headers[IDEMPOTENCY_HEADER];
      const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
      let onCommit: ((tx: TxOps, answer: BatchAnswer) => Steps<void>) | undefined;
      /** The answer's text as the Idempotency-Key record stored it: the reply sends the same text. */
      let stored: { answer: BatchAnswer; text: string } | undefined;
      if (key !== undefined) {
        if (key.length < 1 || key.length > 255) {
          throw problemError('bad-request', 'the Idempotency-Key header must be 1 to 255 characters');
        }
        // The fingerprint ignores key order and the query string's spelling: a retry that reorders
        // keys is the same request.
        const requestHash = createHash('sha256')
          .update(req.url.split('?')[0])
          .update(dryRun ? '\0dry\0' : '\0')
          .update(canonicalJson(req.body))
          .digest('hex');
        const previous = await store.getIdempotency(key);
        if (previous && previous.createdAt >= rfc3339(new Date(now().getTime() - IDEMPOTENCY_TTL_MS))) {
          if (previous.requestHash !== requestHash) {
            throw problemError(
              'idempotency-key-reused',
              `Idempotency-Key "${key}" was already used for a different request: use a new key for a new request`,
            );
          }
          if (previous.status !== NOT_REPLAYABLE) {
            reply.header(IDEMPOTENCY_REPLAYED_HEADER, 'true');
            return reply.code(previous.status).type(previous.contentType).send(previous.body);
          }
        }
        onCommit = function* (tx, answer) {
          const createdAt = rfc3339(now());
          const body = serialize(answer, req.url);
          stored = { answer, text: body };
          const replayable = body.length <= MAX_IDEMPOTENT_ANSWER_CHARS;
          yield tx.putIdempotency({
            key,
            requestHash,
            status: replayable ? answer.status : NOT_REPLAYABLE,
            contentType: answer.problem ? PROBLEM_CONTENT_TYPE : 'application/json; charset=utf-8',
            body: replayable ? body : '',
            createdAt,
          });
          yield tx.pruneIdempotency(
            rfc3339(new Date(now().getTime() - IDEMPOTENCY_TTL_MS)),
            IDEMPOTENCY_BUDGET,
          );
        };
      }
      const answer = await applyBatch(store, request, { dryRun, now, validators, onCommit });
      return reply
        .code(answer.status)
        .type(answer.problem ? PROBLEM_CONTENT_TYPE : 'application/json; charset=utf-8')
        .send(stored?.answer === answer ? stored.text : serialize(answer, req.url));
    },
  );
}

function serialize(answer: BatchAnswer, url: string): string {
  return JSON.stringify(answer.problem ? { ...answer.body, instance: url.split('?')[0] } : answer.body);
}
