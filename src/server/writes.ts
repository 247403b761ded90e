/**
 * The write path shared by `PUT` and `POST /v1/apply`: validate a manifest, check optimistic
 * concurrency, decide created / configured / unchanged, and store it (unless a dry run).
 * Failures are thrown as ProblemError so that a surrounding transaction rolls back.
 */
import type { ApplyItemResult, ApplyResponse, ProblemFieldError } from '../core/wire/types';
import { storedForm } from '../core/apply/normalize';
import { DEFAULT_NAMESPACE } from '../core/manifest/types';
import type { SchemaValidators } from '../core/manifest/schema-validators';
import { makeProblem, ProblemError, problemError } from './problem';
import { rfc3339, type Datastore, type ResourceRecord, type ResourceStore, type TxOps } from './store';
import { runStepsSync, type Steps } from './store/steps';
import { clip, validateResourceDocument } from './validation';

/** Most items one `POST /v1/apply` may carry (the CLI sends 500); more is a 413 problem. */
export const MAX_APPLY_ITEMS = 1000;
/** Field errors reported over all items of one batch answer; past it, failed items carry only `detail`. */
export const MAX_ERRORS_PER_RESPONSE = 1000;
/** Field errors listed at the top of a failed atomic batch's problem (every item still has its own). */
export const MAX_ATOMIC_SUMMARY_ERRORS = 100;
/** Validation runs this long at most before it yields to the event loop (so /healthz and others answer). */
const YIELD_EVERY_MS = 10;

export interface WriteOptions {
  dryRun: boolean;
  /**
   * The JSON Schema validators (the CLI's, handed to the control plane at start); `validated`: the
   * document passed validateResourceDocument already (a batch validates before its transaction).
   */
  validation: { validators: SchemaValidators } | { validated: true };
  now: () => Date;
  /** PUT: the kind, namespace and name from the URL, which the document must agree with. */
  target?: { kind: string; namespace: string; name: string };
}

export interface WriteOutcome {
  action: 'created' | 'configured' | 'unchanged';
  /** The resource as stored (or as it would be stored, in a dry run). */
  record: ResourceRecord;
  kind: string;
  namespace: string;
  name: string;
}

type Doc = {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & { name: string; namespace?: string; resourceVersion?: string };
  spec: Record<string, unknown>;
};

/** A string JSON.stringify writes as is between quotes: printable ASCII but `"` and a backslash. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * JSON with object keys sorted, so that key order never makes two equal documents differ. One
 * string built as it goes (no array per object, no JSON.stringify per plain key or string): it fingerprints
 * every POST /v1/apply with an Idempotency-Key, the whole batch. The same string as
 * `{` + sorted keys' `JSON.stringify(k):canonical(v)` joined by `,` + `}` (undefined members left
 * out; in arrays, `[` + items joined by `,` + `]`).
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return PLAIN.test(value) ? '"' + value + '"' : JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // As Array.prototype.join: an item with no JSON text (undefined) adds nothing.
      const item = canonicalJson(value[i]) as string | undefined;
      if (item !== undefined) out += item;
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  // Manifests often list keys in order already (apiVersion, kind, metadata, spec): sort only if not.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + (PLAIN.test(k) ? '"' + k + '"' : JSON.stringify(k)) + ':' + canonicalJson(v);
    first = false;
  }
  return out + '}';
}

/**
 * Thrown by `withSortedKeys` for an object it cannot copy in sorted order: JSON.stringify would list
 * its keys in another order, or one is `__proto__` (which an assignment does not create).
 */
const UNSORTABLE = Symbol('unsortable keys');

/**
 * `canonicalJson` of a parsed JSON value (no undefined, functions or cycles), about twice as fast:
 * objects whose keys are out of order are copied with their keys sorted and JSON.stringify writes
 * the text. JavaScript lists integer-like keys ("9", "10") first, in numeric order, whatever the
 * order they were added in; when that differs from the sorted order, canonicalJson writes it.
 * The Idempotency-Key fingerprint of a whole apply batch is computed with it.
 */
export function parsedCanonicalJson(value: unknown): string {
  try {
    return JSON.stringify(withSortedKeys(value));
  } catch (err) {
    if (err !== UNSORTABLE) throw err;
    return canonicalJson(value);
  }
}

/** `value` with every object's keys in sorted order: the same objects where they are, copies where not. */
function withSortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const sorted = withSortedKeys(item);
      if (sorted !== item) (out ??= value.slice())[i] = sorted;
    }
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  let inOrder = true;
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      inOrder = false;
      break;
    }
  }
  if (inOrder) {
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const child = obj[keys[i]];
      const sorted = withSortedKeys(child);
      if (sorted !== child) (out ??= { ...obj })[keys[i]] = sorted;
    }
    return out ?? obj;
  }
  keys.sort();
  const out: Record<string, unknown> = {};
  let digitKey = false;
  for (let i = 0; i < keys.length; i++) {
    const c = keys[i].charCodeAt(0);
    if (c >= 48 && c <= 57) digitKey = true;
    else if (keys[i] === '__proto__') throw UNSORTABLE;
    out[keys[i]] = withSortedKeys(obj[keys[i]]);
  }
  if (digitKey) {
    const listed = Object.keys(out);
    for (let i = 0; i < keys.length; i++) if (listed[i] !== keys[i]) throw UNSORTABLE;
  }
  return out;
}

/** The part of a manifest the store keeps: server-set metadata removed, namespace filled in. */
function normalize(doc: Doc, namespace: string): Doc {
  return storedForm(doc, namespace) as Doc;
}

function identify(
  doc: unknown,
  fallbackNamespace?: string,
): { kind: string; namespace: string; name: string } {
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as Partial<Doc>;
  const meta = (typeof d.metadata === 'object' && d.metadata !== null ? d.metadata : {}) as Partial<
    Doc['metadata']
  >;
  // Clipped: an item's fields are echoed in the answer, and an invalid one may be any size.
  return {
    kind: typeof d.kind === 'string' ? clip(d.kind, 64) : '',
    namespace:
      typeof meta.namespace === 'string'
        ? clip(meta.namespace, 253)
        : (fallbackNamespace ?? DEFAULT_NAMESPACE),
    name: typeof meta.name === 'string' ? clip(meta.name, 253) : '',
  };
}

/** Validate and write one document. Call inside `store.transaction` when not a dry run. */
export function writeDocument(store: ResourceStore, input: unknown, options: WriteOptions): WriteOutcome {
  return runStepsSync(writeDocumentSteps(store, input, options));
}

/** What writing one document needs from a transaction. */
export type DocumentTx = Pick<TxOps, 'get' | 'put' | 'newUid'>;

/** `writeDocument` as steps (./store/steps), for any store. */
export function* writeDocumentSteps(
  store: DocumentTx,
  input: unknown,
  options: WriteOptions,
): Steps<WriteOutcome> {
  if ('validators' in options.validation) checkDocument(input, options.validation.validators);
  const doc = input as Doc;
  const namespace = doc.metadata.namespace ?? options.target?.namespace ?? DEFAULT_NAMESPACE;
  const { kind } = doc;
  const { name } = doc.metadata;
  if (options.target) {
    const mismatches: ProblemFieldError[] = [];
    if (kind !== options.target.kind) {
      mismatches.push({ pointer: '/kind', message: `must be "${options.target.kind}" for this URL` });
    }
    if (name !== options.target.name) {
      mismatches.push({
        pointer: '/metadata/name',
        message: `must be "${options.target.name}" (the name in the URL)`,
      });
    }
    if (namespace !== options.target.namespace) {
      mismatches.push({
        pointer: '/metadata/namespace',
        message: `must be "${options.target.namespace}" (the namespace in the URL) or absent`,
      });
    }
    if (mismatches.length > 0) {
      throw problemError('bad-request', 'the document does not match the URL it was sent to', {
        errors: mismatches,
      });
    }
  }
  return yield* writePreparedSteps(store, prepareDocument(doc, namespace), options);
}

/**
 * A document that passed validation, as the store keeps it: its identity, the resourceVersion it
 * was sent with, and its normalised JSON text. What the write transaction needs and no more, so
 * that a batch can be prepared on another thread (src/server/apply-prepare.ts) and handed over as
 * strings.
 */
export interface PreparedDocument {
  kind: string;
  namespace: string;
  name: string;
  /** `metadata.resourceVersion` as sent (optimistic concurrency), if any. */
  given?: string;
  /** The normalised document's JSON text (server-set metadata removed, namespace filled in). */
  body: string;
  workloadID: string | null;
}

/** A valid document normalised for the store (`namespace`: its own, the URL's or the default). */
function prepareDocument(doc: Doc, namespace: string): PreparedDocument {
  const normalized = normalize(doc, namespace);
  const prepared: PreparedDocument = {
    kind: doc.kind,
    namespace,
    name: doc.metadata.name,
    body: JSON.stringify(normalized),
    workloadID: workloadIdOf(normalized),
  };
  if (doc.metadata.resourceVersion !== undefined) prepared.given = doc.metadata.resourceVersion;
  return prepared;
}

/**
 * Write one prepared document: check optimistic concurrency, decide created / configured /
 * unchanged, and store it (unless a dry run).
 */
export function* writePreparedSteps(
  store: DocumentTx,
  doc: PreparedDocument,
  options: { dryRun: boolean; now: () => Date },
): Steps<WriteOutcome> {
  const { kind, namespace, name, given, body } = doc;
  const existing = (yield store.get(kind, namespace, name)) as ResourceRecord | undefined;
  if (given !== undefined) {
    if (!existing) {
      throw problemError(
        'conflict',
        `${kind} ${namespace}/${name} does not exist, but metadata.resourceVersion ${given} was given: it was deleted; remove resourceVersion to create it again`,
        { errors: [{ pointer: '/metadata/resourceVersion', message: 'the resource does not exist' }] },
      );
    }
    if (existing.resourceVersion !== given) {
      throw problemError(
        'conflict',
        `${kind} ${namespace}/${name} was changed since you read it: your resourceVersion is ${given}, the current one is ${existing.resourceVersion}; get it again, reapply your change and retry`,
        {
          errors: [
            {
              pointer: '/metadata/resourceVersion',
              message: `stale: the current resourceVersion is ${existing.resourceVersion}`,
            },
          ],
          currentResourceVersion: existing.resourceVersion,
        },
      );
    }
  }
  const now = rfc3339(options.now());
  if (existing) {
    // The same text is the same document (a re-apply of the same manifest, the usual case): no parse
    // of the stored body and no canonical forms. Otherwise key order must not make them differ.
    if (existing.body === body) return { action: 'unchanged', record: existing, kind, namespace, name };
    const before = JSON.parse(existing.body) as Doc;
    const after = JSON.parse(body) as Doc;
    if (canonicalJson(before) === canonicalJson(after)) {
      return { action: 'unchanged', record: existing, kind, namespace, name };
    }
    const specChanged = canonicalJson(before.spec) !== canonicalJson(after.spec);
    const next = {
      ...existing,
      generation: specChanged ? existing.generation + 1 : existing.generation,
      updateTimestamp: now,
      workloadID: doc.workloadID,
      body,
    };
    const record = options.dryRun ? next : ((yield store.put(next, false)) as ResourceRecord);
    return { action: 'configured', record, kind, namespace, name };
  }
  const fresh = {
    kind,
    namespace,
    name,
    uid: store.newUid(),
    generation: 1,
    creationTimestamp: now,
    updateTimestamp: now,
    workloadID: doc.workloadID,
    body,
  };
  const record = options.dryRun
    ? { ...fresh, resourceVersion: '0' }
    : ((yield store.put(fresh, true)) as ResourceRecord);
  return { action: 'created', record, kind, namespace, name };
}

function workloadIdOf(doc: Doc): string | null {
  return doc.kind === 'WorkloadIdentity' && typeof doc.spec.workloadID === 'string'
    ? doc.spec.workloadID
    : null;
}

/** Throw the `invalid` problem when `input` fails validation (before a write transaction starts). */
export function checkDocument(input: unknown, validators: SchemaValidators): void {
  const invalid = validationProblem(input, validators);
  if (invalid) throw invalid;
}

/** The `invalid` problem for a document that fails validation, or undefined when it is valid. */
function validationProblem(input: unknown, validators: SchemaValidators): ProblemError | undefined {
  const { errors, total } = validateResourceDocument(input, validators);
  if (total === 0) return undefined;
  const listed = total > errors.length ? `; the first ${errors.length} are listed` : '';
  return problemError('invalid', `${describe(input)} is invalid: ${total} problem(s)${listed}`, { errors });
}

function describe(doc: unknown): string {
  const id = identify(doc);
  return id.kind && id.name ? `${id.kind} ${id.namespace}/${id.name}` : 'the document';
}

/** The HTTP answer of a batch apply: a status and either an ApplyResponse or a problem body. */
export interface BatchAnswer {
  status: number;
  problem: boolean;
  body: ApplyResponse | Record<string, unknown>;
}

/** An apply batch's item after the stateless checks: valid and normalised, or failed with its result. */
export type PreparedItem = (PreparedDocument & { failed?: undefined }) | { failed: ApplyItemResult };

/** An apply batch ready for the write transaction (src/server/apply-prepare.ts builds it). */
export interface PreparedBatch {
  dryRun: boolean;
  atomic: boolean;
  items: PreparedItem[];
}

/**
 * The stateless half of `POST /v1/apply`: validate every item, normalise the valid ones, and fail
 * every item that names the same kind/namespace/name as another (which one was meant is not
 * knowable). `pause` (if given) is awaited every YIELD_EVERY_MS of validation, so that the event loop
 * keeps answering other requests (on the server's main thread; a worker thread needs none).
 */
export async function prepareBatchItems(
  items: readonly unknown[],
  validators: SchemaValidators,
  pause?: () => Promise<void>,
): Promise<PreparedItem[]> {
  const failure = (item: unknown, problem: ApplyItemResult['error']): { failed: ApplyItemResult } => ({
    failed: { ...identify(item), action: 'error', error: problem },
  });
  const prepared: PreparedItem[] = new Array(items.length);
  let lastYield = performance.now();
  for (let i = 0; i < items.length; i++) {
    const invalid = validationProblem(items[i], validators);
    if (invalid) prepared[i] = failure(items[i], invalid.problem);
    else {
      const doc = items[i] as Doc;
      prepared[i] = prepareDocument(doc, doc.metadata.namespace ?? DEFAULT_NAMESPACE);
    }
    if (pause && performance.now() - lastYield > YIELD_EVERY_MS) {
      await pause();
      lastYield = performance.now();
    }
  }
  const seen = new Map<string, number[]>();
  prepared.forEach((item, i) => {
    if (item.failed) return;
    const key = `${item.kind}\0${item.namespace}\0${item.name}`;
    seen.set(key, [...(seen.get(key) ?? []), i]);
  });
  for (const indexes of seen.values()) {
    if (indexes.length < 2) continue;
    for (const i of indexes) {
      const id = identify(items[i]);
      const others = indexes.filter((j) => j !== i).map((j) => `/items/${j}`);
      prepared[i] = failure(
        items[i],
        makeProblem(
          'invalid',
          `${id.kind} ${id.namespace}/${id.name} appears ${indexes.length} times in this batch (also ${others.join(', ')}): send each resource once`,
          {
            errors: [
              { pointer: '/metadata/name', message: `duplicate of ${others.join(', ')} in the same batch` },
            ],
          },
        ),
      );
    }
  }
  return prepared;
}

/**
 * `POST /v1/apply` after `prepareBatchItems` (the expensive part, done outside the transaction):
 * one synchronous transaction writes the valid items (fast: a lookup and an upsert each).
 * Non-atomic: a failed item is reported and the rest are stored (200). Atomic: any failure rolls
 * everything back and answers 422 (or 409 when every failure is a conflict) with the per-item
 * results in the problem's `items`. The answer is bounded: MAX_ERRORS_PER_ITEM field errors
 * per item, MAX_ERRORS_PER_RESPONSE in all, every echoed text clipped (docs/limits.md).
 * The same on every store: the write transaction (SQLite: synchronous; PostgreSQL: under the
 * cluster-wide write lock) starts only after validation. `onCommit` runs in the transaction that
 * stores the answer (the Idempotency-Key record).
 */
export async function applyBatch(
  store: Datastore,
  batch: PreparedBatch,
  options: {
    now: () => Date;
    onCommit?: (tx: TxOps, answer: BatchAnswer) => Steps<void>;
  },
): Promise<BatchAnswer> {
  const { dryRun, atomic } = batch;

  function* runItem(item: PreparedItem, tx: TxOps): Steps<{ result: ApplyItemResult; failed: boolean }> {
    if (item.failed) return { result: item.failed, failed: true };
    try {
      // No savepoint per item: the item is valid, and its one write (an upsert) is atomic on its
      // own, so a failed item (a conflict) leaves nothing behind.
      const outcome = yield* writePreparedSteps(tx, item, { dryRun, now: options.now });
      const result: ApplyItemResult = {
        kind: outcome.kind,
        namespace: outcome.namespace,
        name: outcome.name,
        action: outcome.action,
      };
      if (!(dryRun && outcome.action === 'created')) result.resourceVersion = outcome.record.resourceVersion;
      return { result, failed: false };
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      const { kind, namespace, name } = item;
      return { result: { kind, namespace, name, action: 'error', error: err.problem }, failed: true };
    }
  }
  function* runAll(tx: TxOps): Steps<Array<{ result: ApplyItemResult; failed: boolean }>> {
    const valid = batch.items.filter((item) => !item.failed) as PreparedDocument[];
    if (tx.prefetch && valid.length > 1)
      yield tx.prefetch(valid.map(({ kind, namespace, name }) => ({ kind, namespace, name })));
    const runs: Array<{ result: ApplyItemResult; failed: boolean }> = [];
    for (const item of batch.items) runs.push(yield* runItem(item, tx));
    return runs;
  }

  const ok = (items: ApplyItemResult[]): BatchAnswer => ({
    status: 200,
    problem: false,
    body: { items: boundErrors(items), dryRun, atomic },
  });

  if (!atomic) {
    return store.write(function* (tx) {
      const answer = ok((yield* runAll(tx)).map((r) => r.result));
      if (options.onCommit) yield* options.onCommit(tx, answer);
      return answer;
    });
  }

  class AtomicFailure extends Error {
    constructor(readonly results: ApplyItemResult[]) {
      super('atomic apply failed');
    }
  }
  try {
    return await store.write(function* (tx) {
      const runs = yield* runAll(tx);
      if (runs.some((r) => r.failed)) throw new AtomicFailure(runs.map((r) => r.result));
      const answer = ok(runs.map((r) => r.result));
      if (options.onCommit) yield* options.onCommit(tx, answer);
      return answer;
    });
  } catch (err) {
    if (!(err instanceof AtomicFailure)) throw err;
    const results = boundErrors(err.results);
    const failed = results.filter((r) => r.action === 'error');
    const allConflicts = failed.every((r) => r.error?.code === 'conflict');
    const errors: ProblemFieldError[] = [];
    results.forEach((r, i) => {
      if (r.action !== 'error' || errors.length >= MAX_ATOMIC_SUMMARY_ERRORS) return;
      const fieldErrors = r.error?.errors ?? [{ pointer: '', message: r.error?.detail ?? 'failed' }];
      for (const e of fieldErrors.slice(0, MAX_ATOMIC_SUMMARY_ERRORS - errors.length))
        errors.push({ pointer: `/items/${i}${e.pointer}`, message: e.message });
    });
    const problem = makeProblem(
      allConflicts ? 'conflict' : 'invalid',
      `${failed.length} of ${results.length} item(s) failed; atomic apply stored nothing`,
      { errors },
    );
    // The items that did not fail were not stored either: report them without a resourceVersion.
    const items = results.map((r) => {
      if (r.action === 'error') return r;
      const { resourceVersion: _dropped, ...rest } = r;
      return rest;
    });
    const answer: BatchAnswer = {
      status: problem.status,
      problem: true,
      body: { ...problem, items, dryRun, atomic },
    };
    const onCommit = options.onCommit;
    if (onCommit) await store.write((tx) => onCommit(tx, answer));
    return answer;
  }
}

/**
 * Keep at most MAX_ERRORS_PER_RESPONSE field errors over all items: later failed items keep their
 * problem's `detail` (which counts their errors) without the list.
 */
function boundErrors(items: ApplyItemResult[]): ApplyItemResult[] {
  let budget = MAX_ERRORS_PER_RESPONSE;
  return items.map((r) => {
    const list = r.error?.errors;
    if (!list) return r;
    if (list.length <= budget) {
      budget -= list.length;
      return r;
    }
    const kept = list.slice(0, budget);
    budget = 0;
    const error = {
      ...r.error!,
      detail: `${r.error!.detail ?? ''} (field errors omitted: the answer's limit of ${MAX_ERRORS_PER_RESPONSE} was reached)`,
    };
    if (kept.length > 0) error.errors = kept;
    else delete error.errors;
    return { ...r, error };
  });
}
