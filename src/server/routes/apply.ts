/**
 * `POST /v1/apply`: batch create-or-replace with `dryRun` and `atomic`, and `Idempotency-Key`
 * (same key + same request → the stored answer replayed; same key + another request → 422).
 */
import type { SchemaValidators } from '../../core/manifest/schema-validators';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { APPLY_PATH, IDEMPOTENCY_HEADER } from '../../core/wire/types';
import { prepareApply, type PrepareInput, type PreparedApply } from '../apply-prepare';
import { WorkerUnavailable, type ApplyPreparer } from '../apply-worker-pool';
import { PROBLEM_CONTENT_TYPE, problemError } from '../problem';
import { rfc3339, type Datastore, type Steps, type TxOps } from '../store';
import { applyBatch, type BatchAnswer } from '../writes';

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

/** The apply route's body as the JSON content-type parser hands it over: unparsed (see prepareApply). */
export class RawJsonBody {
  constructor(readonly text: string) {}
}

/**
 * Bodies at least this long are prepared on the worker thread when there is one; shorter ones in
 * place (a message round trip costs more than their parse and validation).
 */
export const APPLY_WORKER_MIN_CHARS = 64 * 1024;

export function registerApplyRoute(
  app: FastifyInstance,
  store: Datastore,
  now: () => Date,
  validators: SchemaValidators,
  worker?: { preparer?: ApplyPreparer; minChars: number },
): void {
  const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
  /**
   * The stateless half: on the worker for a large body, here otherwise (and while the worker is
   * starting, or if it is gone).
   */
  const prepare = async (input: PrepareInput): Promise<PreparedApply> => {
    if (worker?.preparer?.ready() && input.text !== undefined && input.text.length >= worker.minChars) {
      try {
        return await worker.preparer.prepare(input);
      } catch (err) {
        if (!(err instanceof WorkerUnavailable)) throw err;
      }
    }
    return prepareApply(input, validators, pause);
  };
  app.post(
    APPLY_PATH,
    async (req: FastifyRequest<{ Querystring: { dryRun?: string } }>, reply: FastifyReply) => {
      const rawKey = req.headers[IDEMPOTENCY_HEADER];
      const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
      const input: PrepareInput = {
        path: req.url.split('?')[0],
        queryDryRun: req.query.dryRun,
        keyed: key !== undefined,
      };
      if (req.body instanceof RawJsonBody) input.text = req.body.text;
      else input.value = req.body;
      const prepared = await prepare(input);
      let onCommit: ((tx: TxOps, answer: BatchAnswer) => Steps<void>) | undefined;
      /** The answer's text as the Idempotency-Key record stored it: the reply sends the same text. */
      let stored: { answer: BatchAnswer; text: string } | undefined;
      if (key !== undefined) {
        if (key.length < 1 || key.length > 255) {
          throw problemError('bad-request', 'the Idempotency-Key header must be 1 to 255 characters');
        }
        const requestHash = prepared.requestHash!;
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
      const answer = await applyBatch(store, prepared, { now, onCommit });
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
