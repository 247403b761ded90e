/**
 * Planning an apply without the server (`--dry-run=client`) and checking a batch before it is sent:
 * (desired, live) → created | configured | unchanged, object keys, batching.
 */
import type { ResourceKind } from '../manifest/types';
import { namespaceOf } from '../manifest/types';
import { jsonEqual, normalizeResource } from './normalize';

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

/** Split into batches of at most `size` (≥ 1). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}
