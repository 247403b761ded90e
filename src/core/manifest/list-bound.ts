/**
 * Keeps schema validation linear in the input: ajv with `allErrors` checks every element of a list
 * even past its `maxItems`, and concatenates error lists per failing element, so one Service with
 * 40,000 invalid addresses cost seconds (quadratic). Lists and maps longer than any schema allows
 * are cut to one more than that before validation: ajv still reports the `maxItems` /
 * `maxProperties` violation, and the work and the number of errors are bounded whatever the input.
 */
import type { SchemaKind } from './schema-validators';

/**
 * One more than the largest `maxItems` / `maxProperties` in each kind's schema (schemas/*.schema.json):
 * 1000 for a resource's lists (`addresses`, SPIFFE ID lists), 100,000 for a Scenario's.
 */
export const LIST_SCAN_LIMIT: Readonly<Record<SchemaKind, number>> = {
  WorkloadIdentity: 1001,
  Service: 1001,
  Scenario: 100_001,
};

/** Deeper than this the copy stops cutting (nesting itself is another check's finding). */
const MAX_COPY_DEPTH = 256;

/**
 * Whether any list or map in `value` is longer than `limit`. Recursive (no stack array per document)
 * down to MAX_COPY_DEPTH; anything deeper is searched with an explicit stack, so no input overflows.
 */
function tooLong(value: unknown, limit: number, depth = 0): boolean {
  if (depth > MAX_COPY_DEPTH) return tooLongDeep(value, limit);
  if (Array.isArray(value)) {
    if (value.length > limit) return true;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object' && tooLong(item, limit, depth + 1)) return true;
    }
  } else if (value !== null && typeof value === 'object') {
    let keys = 0;
    for (const key in value) {
      if (++keys > limit) return true;
      const item = (value as Record<string, unknown>)[key];
      if (item !== null && typeof item === 'object' && tooLong(item, limit, depth + 1)) return true;
    }
  }
  return false;
}

function tooLongDeep(value: unknown, limit: number): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      if (v.length > limit) return true;
      for (const item of v) if (item !== null && typeof item === 'object') stack.push(item);
    } else if (v !== null && typeof v === 'object') {
      let keys = 0;
      for (const key in v) {
        if (++keys > limit) return true;
        const item = (v as Record<string, unknown>)[key];
        if (item !== null && typeof item === 'object') stack.push(item);
      }
    }
  }
  return false;
}

function cut(value: unknown, limit: number, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_COPY_DEPTH) return value;
  if (Array.isArray(value)) {
    const n = Math.min(value.length, limit);
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = cut(value[i], limit, depth + 1);
    return out;
  }
  const out: Record<string, unknown> = {};
  let keys = 0;
  for (const key in value) {
    if (++keys > limit) break;
    out[key] = cut((value as Record<string, unknown>)[key], limit, depth + 1);
  }
  return out;
}

/**
 * `data` itself when no list or map in it is longer than `limit` (the usual case: no copy), else a
 * copy with every longer list and map cut to `limit` entries. Paths into the copy are paths into `data`.
 */
export function boundListsForValidation(data: unknown, limit: number): unknown {
  return tooLong(data, limit) ? cut(data, limit, 0) : data;
}
