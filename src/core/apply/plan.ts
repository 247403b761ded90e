/**
 * Planning an apply without the server (`--dry-run=client`) and checking a batch before it is sent:
 * (desired, live) → created | configured | unchanged, object keys, batching.
 */
import type { ResourceKind } from '../manifest/types';
import { namespaceOf } from '../manifest/types';
import { jsonEqual, normalizeResource, storedForm } from './normalize';

export type PlannedAction = 'created' | 'configured' | 'unchanged';

/** The identity of one object: kind, namespace, name. */
export interface ObjectKey {
  kind: ResourceKind;
  namespace: string;
  name: string;
}

export interface KeyedResource {
  kind: string;
  metadata: { name: string; namespace?: string };
}

export function objectKey(resource: KeyedResource): ObjectKey {
  return {
    kind: resource.kind as ResourceKind,
    namespace: namespaceOf(resource),
    name: resource.metadata.name,
  };
}

/** `WorkloadIdentity/riptides-system/frontend`: a map key for one object. */
export function objectKeyString(key: ObjectKey): string {
  return `${key.kind}/${key.namespace}/${key.name}`;
}

/** What applying `desired` would do to `live` (undefined = does not exist). */
export function planAction(desired: unknown, live: unknown | undefined): PlannedAction {
  if (live === undefined) return 'created';
  return jsonEqual(normalizeResource(desired), normalizeResource(live)) ? 'unchanged' : 'configured';
}

/**
 * Whether the control plane would answer `unchanged` to `desired`, given `live` as it stores it: the
 * same user-owned fields (apiVersion, kind, metadata name, namespace, labels and annotations as
 * given, spec; key order aside) and no other resourceVersion asked for. The server's own rule
 * (src/server/writes.ts) on the fields it stores (storedForm, which it stores with): unlike
 * `planAction`, an empty `labels: {}` is a change here, as it is to the server. `desired` must have
 * its namespace filled in.
 */
export function unchangedOnServer(desired: unknown, live: unknown): boolean {
  const d = (desired ?? {}) as { metadata?: { resourceVersion?: unknown } };
  const l = (live ?? {}) as { metadata?: { resourceVersion?: unknown } };
  const given = d.metadata?.resourceVersion;
  if (given !== undefined && given !== l.metadata?.resourceVersion) return false;
  return jsonEqual(storedForm(desired), storedForm(live));
}

/** Split into batches of at most `size` (≥ 1). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}
