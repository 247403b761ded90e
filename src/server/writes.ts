/**
 * The write path shared by `PUT` and `POST /v1/apply`: validate a manifest, check optimistic
 * concurrency, decide created / configured / unchanged, and store it (unless a dry run).
 * Failures are thrown as ProblemError so that a surrounding transaction rolls back.
 */
import type {
  ApplyItemResult,
  ApplyRequest,
  ApplyResponse,
  ProblemFieldError,
  StoredResource,
} from '../api/types';
import { DEFAULT_NAMESPACE } from '../core/manifest/types';
import { makeProblem, ProblemError, problemError } from './problem';
import {
  rfc3339,
  toStoredResource,
  type Datastore,
  type ResourceRecord,
  type ResourceStore,
  type TxOps,
} from './store';
import { runStepsSync, type Steps } from './store/steps';
import { validateResourceDocument } from './validation';

export interface WriteOptions {
  dryRun: boolean;
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

/** JSON with object keys sorted, so that key order never makes two equal documents differ. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return (
      '{' +
      Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort()
        .map((k) => JSON.stringify(k) + ':' + canonicalJson(obj[k]))
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(value);
}

/** The part of a manifest the store keeps: server-set metadata removed, namespace filled in. */
function normalize(doc: Doc, namespace: string): Doc {
  const meta: Doc['metadata'] = { name: doc.metadata.name, namespace };
  if (doc.metadata.labels !== undefined) meta.labels = doc.metadata.labels;
  if (doc.metadata.annotations !== undefined) meta.annotations = doc.metadata.annotations;
  return { apiVersion: doc.apiVersion, kind: doc.kind, metadata: meta, spec: doc.spec };
}

function identify(
  doc: unknown,
  fallbackNamespace?: string,
): { kind: string; namespace: string; name: string } {
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as Partial<Doc>;
  const meta = (typeof d.metadata === 'object' && d.metadata !== null ? d.metadata : {}) as Partial<
    Doc['metadata']
  >;
  return {
    kind: typeof d.kind === 'string' ? d.kind : '',
    namespace: typeof meta.namespace === 'string' ? meta.namespace : (fallbackNamespace ?? DEFAULT_NAMESPACE),
    name: typeof meta.name === 'string' ? meta.name : '',
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
  const errors = validateResourceDocument(input);
  if (errors.length > 0) {
    throw problemError('invalid', `${describe(input)} is invalid: ${errors.length} problem(s)`, { errors });
  }
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
  const normalized = normalize(doc, namespace);
  const existing = (yield store.get(kind, namespace, name)) as ResourceRecord | undefined;
  const given = doc.metadata.resourceVersion;
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
  const body = JSON.stringify(normalized);
  const now = rfc3339(options.now());
  if (existing) {
    const before = JSON.parse(existing.body) as Doc;
    if (canonicalJson(before) === canonicalJson(normalized)) {
      return { action: 'unchanged', record: existing, kind, namespace, name };
    }
    const specChanged = canonicalJson(before.spec) !== canonicalJson(normalized.spec);
    const next = {
      ...existing,
      generation: specChanged ? existing.generation + 1 : existing.generation,
      updateTimestamp: now,
      workloadID: workloadIdOf(normalized),
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
    workloadID: workloadIdOf(normalized),
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

function describe(doc: unknown): string {
  const id = identify(doc);
  return id.kind && id.name ? `${id.kind} ${id.namespace}/${id.name}` : 'the document';
}

export function toResource(outcome: WriteOutcome): StoredResource {
  return toStoredResource(outcome.record);
}

/** The HTTP answer of a batch apply: a status and either an ApplyResponse or a problem body. */
export interface BatchAnswer {
  status: number;
  problem: boolean;
  body: ApplyResponse | Record<string, unknown>;
}

/**
 * `POST /v1/apply`. Non-atomic: every item on its own within one transaction; a failed item is
 * reported and the rest are stored (200). Atomic: any failure rolls everything back and answers
 * 422 (or 409 when every failure is a conflict) with the per-item results in the problem's `items`.
 * `onCommit` runs in the transaction that stores the answer (the Idempotency-Key record).
 */
export async function applyBatch(
  store: Datastore,
  request: ApplyRequest,
  options: { dryRun: boolean; now: () => Date; onCommit?: (tx: TxOps, answer: BatchAnswer) => Steps<void> },
): Promise<BatchAnswer> {
  const { dryRun } = options;
  const atomic = request.atomic === true;
  function* runItem(tx: TxOps, item: unknown): Steps<{ result: ApplyItemResult; failed: boolean }> {
    try {
      // No savepoint per item: writeDocument validates before it writes, and its one write (an
      // upsert) is atomic on its own, so a failed item leaves nothing behind.
      const outcome = yield* writeDocumentSteps(tx, item, { dryRun, now: options.now });
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
      return { result: { ...identify(item), action: 'error', error: err.problem }, failed: true };
    }
  }
  function* runAll(tx: TxOps): Steps<Array<{ result: ApplyItemResult; failed: boolean }>> {
    if (tx.prefetch && request.items.length > 1)
      yield tx.prefetch(request.items.map((item) => identify(item)));
    const runs: Array<{ result: ApplyItemResult; failed: boolean }> = [];
    for (const item of request.items) runs.push(yield* runItem(tx, item));
    return runs;
  }

  const ok = (items: ApplyItemResult[]): BatchAnswer => ({
    status: 200,
    problem: false,
    body: { items, dryRun, atomic },
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
    const failed = err.results.filter((r) => r.action === 'error');
    const allConflicts = failed.every((r) => r.error?.code === 'conflict');
    const errors: ProblemFieldError[] = [];
    err.results.forEach((r, i) => {
      if (r.action !== 'error') return;
      const fieldErrors = r.error?.errors ?? [{ pointer: '', message: r.error?.detail ?? 'failed' }];
      for (const e of fieldErrors) errors.push({ pointer: `/items/${i}${e.pointer}`, message: e.message });
    });
    const problem = makeProblem(
      allConflicts ? 'conflict' : 'invalid',
      `${failed.length} of ${err.results.length} item(s) failed; atomic apply stored nothing`,
      { errors },
    );
    // The items that did not fail were not stored either: report them without a resourceVersion.
    const items = err.results.map((r) => (r.action === 'error' ? r : { ...r, resourceVersion: undefined }));
    const answer: BatchAnswer = {
      status: problem.status,
      problem: true,
      body: { ...problem, items: JSON.parse(JSON.stringify(items)) as unknown, dryRun, atomic },
    };
    const onCommit = options.onCommit;
    if (onCommit) await store.write((tx) => onCommit(tx, answer));
    return answer;
  }
}
