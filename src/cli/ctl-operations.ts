/**
 * What `ctl apply/delete/diff` do against a control plane, between the thin commands and the
 * ApiClient: batching, client-side dry runs planned locally, atomic failures mapped back to items.
 */
import type { ApiClient } from '../api/client';
import { isApiError } from '../api/errors';
import type { ApplyItemResult, Problem, StoredResource } from '../core/wire/types';
import {
  chunk,
  objectKey,
  objectKeyString,
  planAction,
  unchangedOnServer,
  type ObjectKey,
} from '../core/apply/plan';
import { diffResource, type ResourceDiff } from '../core/apply/diff';
import type { LoadedDocument } from '../core/manifest/document';
import { namespaceOf, type Resource } from '../core/manifest/types';
import { objectRef } from '../core/wire/resources';
import type { DryRunMode, ItemOutcome } from '../printers/ctl-apply';
import { ExitCode, isRiptidesError, RiptidesError } from '../core/errors';
import { LIST_PAGE_SIZE } from './context';
import { mapInOrder } from './in-order';

export const APPLY_BATCH_SIZE = 500;
/** Batches in flight at once (non-atomic applies only have several). */
export const APPLY_CONCURRENCY = 4;
/** Reads of live objects in flight at once (ctl diff, apply --dry-run=client). */
const READS_IN_FLIGHT = 6;

/**
 * Manifests without metadata.namespace go to the namespace of -n / the context (riptides-system by
 * default), like kubectl. Returns new documents; the input is not changed.
 */
export function withDefaultNamespace(
  docs: readonly LoadedDocument<Resource>[],
  namespace: string,
): LoadedDocument<Resource>[] {
  return docs.map((d) =>
    d.data.metadata?.namespace
      ? d
      : { ...d, data: { ...d.data, metadata: { ...d.data.metadata, namespace } } as Resource },
  );
}

/**
 * `-n NS` given on the command line and a manifest naming another namespace: an error, as in kubectl
 * ("the namespace from the provided object does not match"), never a silent choice of one of them.
 * The context's default namespace does not conflict: it only fills in manifests without one.
 */
export function checkNamespaceFlag(
  docs: readonly LoadedDocument<Resource>[],
  flagNamespace: string | undefined,
): void {
  if (!flagNamespace) return;
  for (const d of docs) {
    const own = d.data.metadata?.namespace;
    if (!own || own === flagNamespace) continue;
    const pos = d.origin.locate('/metadata/namespace', 'value');
    throw new RiptidesError(
      `${objectRef(d.data.kind, d.data.metadata.name)} is in namespace "${own}" (metadata.namespace), which conflicts with -n ${flagNamespace}`,
      {
        code: 'namespace-conflict',
        exitCode: ExitCode.USAGE,
        location: pos.line ? { file: pos.file, line: pos.line, column: pos.column } : { file: d.origin.file },
        suggestions: [
          `drop -n to use each manifest's own namespace, or pass -n ${own}`,
          `or remove metadata.namespace from the manifest so that -n decides`,
        ],
      },
    );
  }
}

export interface Progress {
  start(total: number): void;
  advance(n: number): void;
  stop(): void;
}

function sourceOf(doc: LoadedDocument): string {
  return `${doc.origin.file}:${doc.origin.start.line}`;
}

function outcomeOf(result: ApplyItemResult, doc: LoadedDocument | undefined): ItemOutcome {
  const o: ItemOutcome = {
    kind: result.kind,
    namespace: result.namespace,
    name: result.name,
    action: result.action,
    resourceVersion: result.resourceVersion,
  };
  if (result.action === 'error') {
    const errors = (result.error?.errors ?? []).map((e) => {
      if (!doc || doc.origin.start.line === 0) return { ...e };
      const pos = doc.origin.locate(e.pointer, /unknown (field|property)/i.test(e.message) ? 'key' : 'value');
      return { ...e, file: pos.file, line: pos.line, column: pos.column };
    });
    o.error = {
      message: result.error?.detail ?? result.error?.title ?? 'failed',
      ...(errors.length ? { errors } : {}),
    };
    if (doc) o.source = sourceOf(doc);
  }
  return o;
}

/** Read the live objects that `resources` name, listing per (kind, namespace) rather than one GET each. */
export async function fetchLiveFor(
  client: ApiClient,
  resources: readonly { kind: string; metadata: { name: string; namespace?: string } }[],
): Promise<Map<string, StoredResource>> {
  const live = new Map<string, StoredResource>();
  const groups = new Map<string, { kind: string; namespace: string; names: string[] }>();
  for (const r of resources) {
    const ns = namespaceOf(r);
    const g = groups.get(`${r.kind}/${ns}`) ?? { kind: r.kind, namespace: ns, names: [] };
    g.names.push(r.metadata.name);
    groups.set(`${r.kind}/${ns}`, g);
  }
  // A GET per object of a small group, a list per larger one; a few at once (round trips to a
  // remote control plane overlap), the objects kept in the order of the requests.
  const reads: Array<() => Promise<Array<StoredResource | undefined>>> = [];
  for (const g of groups.values()) {
    if (g.names.length <= 3) {
      for (const name of g.names) reads.push(async () => [await client.tryGet(g.kind, g.namespace, name)]);
    } else {
      reads.push(() => client.listAll(g.kind, { namespace: g.namespace, limit: LIST_PAGE_SIZE }));
    }
  }
  for (const objects of await mapInOrder(reads, READS_IN_FLIGHT, (read) => read()))
    for (const obj of objects) if (obj) live.set(objectKeyString(objectKey(obj)), obj);
  return live;
}

/**
 * `ctl apply` stopped part-way (the control plane went away, answered 5xx …): the batches it
 * acknowledged are in `acknowledged`; nothing after the failure was sent. Exit code and suggestions
 * are those of the failure (exit 3 for an unreachable server).
 */
export class PartialApplyError extends RiptidesError {
  readonly acknowledged: ItemOutcome[];
  readonly total: number;

  constructor(cause: RiptidesError, acknowledged: ItemOutcome[], total: number) {
    const applied = acknowledged.filter((o) => o.action !== 'error').length;
    super(
      `${cause.message}\n${applied} of ${total} applied; the rest were not sent — rerun to finish (apply is idempotent)`,
      { code: cause.code, exitCode: cause.exitCode, suggestions: cause.suggestions, cause },
    );
    this.acknowledged = acknowledged;
    this.total = total;
  }
}

/** Batch size of `ctl apply` (RIPTIDES_APPLY_BATCH_SIZE lowers it; tests use it to get many batches). */
export function applyBatchSize(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.RIPTIDES_APPLY_BATCH_SIZE);
  return Number.isSafeInteger(n) && n > 0 && n <= APPLY_BATCH_SIZE ? n : APPLY_BATCH_SIZE;
}

export interface ApplyRunOptions {
  dryRun: DryRunMode;
  atomic: boolean;
  batchSize?: number;
  concurrency?: number;
  progress?: Progress;
  /**
   * The live objects as read for the rules, every namespace (key: objectKeyString). A document the
   * control plane would answer `unchanged` to is reported so without being sent (as kubectl does),
   * for a write that is not a dry run and not atomic; `--dry-run=client` plans against them instead
   * of reading the objects again.
   */
  live?: ReadonlyMap<string, StoredResource>;
}

/**
 * Apply documents: `client` dry run plans locally against live state; otherwise `POST /v1/apply` in
 * batches (one request with --atomic). Never throws for per-item failures: they are outcomes.
 */
export async function applyDocuments(
  client: ApiClient,
  docs: readonly LoadedDocument<Resource>[],
  options: ApplyRunOptions,
): Promise<ItemOutcome[]> {
  if (options.dryRun === 'client') {
    // The live state read for the rules holds every object; without it, read the ones named.
    const live =
      options.live ??
      (await fetchLiveFor(
        client,
        docs.map((d) => d.data),
      ));
    return docs.map((d) => {
      const key = objectKey(d.data);
      const current = live.get(objectKeyString(key));
      return {
        ...key,
        action: planAction(d.data, current),
        resourceVersion: current?.metadata.resourceVersion,
      };
    });
  }
  if (options.live && options.dryRun === 'none' && !options.atomic) {
    return applyChanged(client, docs, options, options.live);
  }
  const batches = options.atomic ? [docs.slice()] : chunk(docs, options.batchSize ?? applyBatchSize());
  const results: ItemOutcome[][] = new Array(batches.length);
  let failure: unknown; // the first failure of a whole batch: no batch is sent after it
  const runBatch = async (index: number): Promise<void> => {
    const batch = batches[index];
    try {
      const res = await client.apply(
        batch.map((d) => d.data),
        { dryRun: options.dryRun === 'server', atomic: options.atomic },
      );
      results[index] = res.items.map((r, i) => outcomeOf(r, batch[i]));
    } catch (err) {
      const items = atomicItems(err);
      if (!items) {
        failure ??= err;
        return;
      }
      // Atomic: nothing was stored; the items that passed are reported as not applied.
      results[index] = items.map((r, i) => {
        const o = outcomeOf(r, batch[i]);
        if (o.action === 'error') return o;
        return {
          ...o,
          action: 'error',
          blocked: true,
          error: { message: 'not applied: another item of the atomic batch failed' },
        };
      });
    }
    options.progress?.advance(batch.length);
  };
  options.progress?.start(docs.length);
  try {
    // A few batches in flight: the server commits one while the next is parsed and sent.
    let next = 0;
    const worker = async () => {
      while (next < batches.length && failure === undefined) await runBatch(next++);
    };
    const lanes = Math.min(batches.length, Math.max(1, options.concurrency ?? APPLY_CONCURRENCY));
    await Promise.all(Array.from({ length: lanes }, worker));
  } finally {
    options.progress?.stop();
  }
  if (failure !== undefined) {
    // What the server acknowledged is reported (in input order) with the failure, not lost with it.
    const acknowledged = results.filter((r) => r !== undefined).flat();
    if (acknowledged.length === 0 || !isRiptidesError(failure)) throw failure;
    throw new PartialApplyError(failure, acknowledged, docs.length);
  }
  return results.flat();
}

/**
 * Send only the documents that differ from their live objects; the others are `unchanged` with the
 * live resourceVersion. The outcomes keep the documents' order; a failure part-way reports the
 * acknowledged and the unchanged ones with it (PartialApplyError), as a full send would.
 */
async function applyChanged(
  client: ApiClient,
  docs: readonly LoadedDocument<Resource>[],
  options: ApplyRunOptions,
  live: ReadonlyMap<string, StoredResource>,
): Promise<ItemOutcome[]> {
  const outcomes: Array<ItemOutcome | undefined> = new Array(docs.length);
  const changed: LoadedDocument<Resource>[] = [];
  const changedAt: number[] = [];
  docs.forEach((d, i) => {
    const key = objectKey(d.data);
    const current = live.get(objectKeyString(key));
    if (current && unchangedOnServer(d.data, current)) {
      outcomes[i] = { ...key, action: 'unchanged', resourceVersion: current.metadata.resourceVersion };
    } else {
      changed.push(d);
      changedAt.push(i);
    }
  });
  if (changed.length === 0) return outcomes as ItemOutcome[];
  // Outcomes back in the documents' places: in order when every one came back; by key after a
  // failure part-way, which may have acknowledged a later batch and not an earlier one (the input
  // has no two documents with one key: RT2003).
  const place = (sent: ItemOutcome[]) => {
    const byKey =
      sent.length === changed.length
        ? undefined
        : new Map(sent.map((o) => [objectKeyString(o as ObjectKey), o]));
    changedAt.forEach((i, j) => {
      outcomes[i] = byKey ? byKey.get(objectKeyString(objectKey(changed[j].data))) : sent[j];
    });
    return outcomes.filter((o) => o !== undefined);
  };
  try {
    return place(await applyDocuments(client, changed, { ...options, live: undefined }));
  } catch (err) {
    if (!(err instanceof PartialApplyError)) throw err;
    const acknowledged = place(err.acknowledged);
    throw new PartialApplyError(err.cause as RiptidesError, acknowledged, docs.length);
  }
}

/** The per-item results an atomic `POST /v1/apply` failure carries in its problem body. */
function atomicItems(err: unknown): ApplyItemResult[] | undefined {
  if (!isApiError(err) || !err.problem || err.exitCode !== 1) return undefined;
  const items = (err.problem as Problem & { items?: unknown }).items;
  return Array.isArray(items) ? (items as ApplyItemResult[]) : undefined;
}

/** Delete objects one by one (DELETE is idempotent: a missing object is reported, not fatal). */
export async function deleteObjects(
  client: ApiClient,
  objects: readonly { kind: string; namespace: string; name: string; source?: string }[],
  options: { dryRun: DryRunMode; ignoreNotFound?: boolean },
): Promise<ItemOutcome[]> {
  const out: ItemOutcome[] = [];
  for (const o of objects) {
    try {
      if (options.dryRun === 'client') {
        const live = await client.tryGet(o.kind, o.namespace, o.name);
        if (!live)
          throw Object.assign(
            new Error(`${objectRef(o.kind, o.name)} not found in namespace ${o.namespace}`),
            { status: 404 },
          );
      } else {
        await client.delete(o.kind, o.namespace, o.name, { dryRun: options.dryRun === 'server' });
      }
      out.push({ kind: o.kind, namespace: o.namespace, name: o.name, action: 'deleted' });
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status !== 404 && status !== 409) throw err;
      if (status === 404 && options.ignoreNotFound) {
        out.push({ kind: o.kind, namespace: o.namespace, name: o.name, action: 'not-found' });
        continue;
      }
      out.push({
        kind: o.kind,
        namespace: o.namespace,
        name: o.name,
        action: 'error',
        source: o.source,
        ...(status === 404 ? { notFound: true } : {}),
        error: { message: status === 404 ? `not found in namespace ${o.namespace}` : (err as Error).message },
      });
    }
  }
  return out;
}

/** Diff every local document against its live object. */
export async function diffDocuments(
  client: ApiClient,
  docs: readonly LoadedDocument<Resource>[],
): Promise<ResourceDiff[]> {
  const live = await fetchLiveFor(
    client,
    docs.map((d) => d.data),
  );
  return docs.map((d) => {
    const key = objectKey(d.data);
    return diffResource(objectRef(key.kind, key.name), key.namespace, live.get(objectKeyString(key)), d.data);
  });
}
