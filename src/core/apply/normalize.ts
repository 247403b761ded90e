/**
 * What of a resource the user owns: apiVersion, kind, metadata (name, namespace, labels,
 * annotations) and spec. Server-set fields (uid, resourceVersion, generation, timestamps, status)
 * are dropped so that live and local objects compare and diff on what `apply` would change.
 */
import { DEFAULT_NAMESPACE } from '../manifest/types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const TOP_ORDER = ['apiVersion', 'kind', 'metadata', 'spec'];
const META_ORDER = ['name', 'namespace', 'labels', 'annotations'];
/** metadata fields the user writes; everything else in metadata is set by the control plane. */
export const USER_METADATA_FIELDS: readonly string[] = META_ORDER;
export const SERVER_METADATA_FIELDS: readonly string[] = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'updateTimestamp',
  'deletionTimestamp',
  'managedFields',
];

/**
 * Copy `value` with object keys in a stable order: first the `priority` keys, then the keys of
 * `template` (the same place in another object: the local manifest) in its order, then the rest
 * sorted. Diffing live against local with local as the template keeps the user's field order.
 */
function orderKeys(value: unknown, template: unknown, priority: readonly string[] = []): Json {
  if (Array.isArray(value))
    return value.map((v, i) => orderKeys(v, Array.isArray(template) ? template[i] : undefined));
  if (value === null || typeof value !== 'object') return value as Json;
  const obj = value as Record<string, unknown>;
  const tmpl =
    template !== null && typeof template === 'object' && !Array.isArray(template)
      ? (template as Record<string, unknown>)
      : undefined;
  const templateKeys = tmpl ? Object.keys(tmpl) : [];
  const rank = (k: string): [number, number] => {
    const p = priority.indexOf(k);
    if (p !== -1) return [0, p];
    const t = templateKeys.indexOf(k);
    return t !== -1 ? [1, t] : [2, 0];
  };
  const keys = Object.keys(obj).sort((a, b) => {
    const [ga, ia] = rank(a);
    const [gb, ib] = rank(b);
    if (ga !== gb) return ga - gb;
    if (ga < 2) return ia - ib;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const out: { [key: string]: Json } = {};
  for (const k of keys) {
    if (obj[k] === undefined) continue;
    out[k] = orderKeys(obj[k], tmpl?.[k], k === 'metadata' && priority === TOP_ORDER ? META_ORDER : []);
  }
  return out;
}

/**
 * The user-owned part of a resource with a stable key order (apiVersion, kind, metadata, spec, then
 * the order of `template` — the local manifest when diffing — then sorted), the namespace
 * defaulted, empty labels/annotations removed.
 */
export function normalizeResource(resource: unknown, template?: unknown): Record<string, Json> {
  const r = (resource ?? {}) as Record<string, unknown>;
  const meta = (r.metadata ?? {}) as Record<string, unknown>;
  const metadata: Record<string, unknown> = {};
  for (const k of USER_METADATA_FIELDS) if (meta[k] !== undefined) metadata[k] = meta[k];
  metadata.namespace ??= DEFAULT_NAMESPACE;
  for (const k of ['labels', 'annotations']) {
    const v = metadata[k];
    if (v && typeof v === 'object' && Object.keys(v).length === 0) delete metadata[k];
  }
  const out: Record<string, unknown> = { apiVersion: r.apiVersion, kind: r.kind, metadata, spec: r.spec };
  return orderKeys(out, template ?? resource, TOP_ORDER) as Record<string, Json>;
}

/**
 * What the control plane stores of a resource, as sent: apiVersion, kind, metadata name and
 * namespace (`namespace` when given, else the resource's own), labels and annotations when present
 * (an empty map included), and spec, in that key order. The server stores exactly this
 * (src/server/writes.ts) and compares it to tell `unchanged`; `ctl apply` compares it with the
 * live object to skip what the server would leave unchanged (unchangedOnServer). Unlike
 * `normalizeResource`, nothing is defaulted or dropped.
 */
export function storedForm(
  resource: unknown,
  namespace?: string,
): { apiVersion: unknown; kind: unknown; metadata: Record<string, unknown>; spec: unknown } {
  const r = (resource ?? {}) as Record<string, unknown>;
  const meta = (r.metadata ?? {}) as Record<string, unknown>;
  const metadata: Record<string, unknown> = { name: meta.name, namespace: namespace ?? meta.namespace };
  if (meta.labels !== undefined) metadata.labels = meta.labels;
  if (meta.annotations !== undefined) metadata.annotations = meta.annotations;
  return { apiVersion: r.apiVersion, kind: r.kind, metadata, spec: r.spec };
}

/** Deep equality of two JSON values, ignoring object key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}
