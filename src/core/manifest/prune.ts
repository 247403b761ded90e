/**
 * A resource with schema errors still takes part in the cross-resource rules, minus its broken parts:
 * one typo must not hide every other finding about the resource, nor make the rules believe it is not
 * there ("egress selects no Service" elsewhere). What is left out:
 * - an error inside a list entry under spec (a selector entry, an egress or ingress rule, an address,
 *   an allowedSPIFFEIDs entry): that whole entry — an entry with an unknown selector key never matches
 *   at the daemon either;
 * - an error in an optional spec field outside lists: that field;
 * - anything else (apiVersion, kind, metadata, spec itself, a required spec field, or a required list
 *   left empty): the whole resource, as before.
 * Positions stay right: the pruned resource's origin maps list indexes back to the written ones.
 */
import type { DocumentOrigin } from './document';
import { joinPointer, splitPointer } from './document';
import type { LocatedResource } from './located';
import type { Resource } from './types';

const REQUIRED_SPEC: Record<string, readonly string[]> = {
  WorkloadIdentity: ['workloadID', 'selectors'],
  Service: ['addresses'],
};
/** Lists that must keep at least one entry for the resource to mean anything. */
const REQUIRED_LISTS: Record<string, readonly string[]> = {
  WorkloadIdentity: ['selectors'],
  Service: ['addresses'],
};

const INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * The part of `resource` that the rules may read, given the pointers of its schema errors; undefined
 * when nothing sensible is left.
 */
export function pruneForRules(
  located: LocatedResource,
  errorPointers: readonly string[],
): LocatedResource | undefined {
  const kind = located.resource.kind;
  const required = REQUIRED_SPEC[kind];
  if (!required) return undefined;
  const copy = structuredClone(located.resource) as Resource & { spec?: Record<string, unknown> };
  const spec = copy.spec as Record<string, unknown> | undefined;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return undefined;
  /** List pointer → indexes to drop. */
  const drops = new Map<string, Set<number>>();
  for (const pointer of errorPointers) {
    const segs = splitPointer(pointer);
    if (segs[0] !== 'spec' || segs.length < 2) return undefined;
    const item = segs.findIndex((s, i) => i > 0 && INDEX.test(s));
    if (item === -1) {
      if (required.includes(segs[1])) return undefined;
      delete spec[segs[1]];
      continue;
    }
    const list = joinPointer(...segs.slice(0, item));
    // Only lists this copy still has (a deleted field's inner list needs nothing more).
    if (!drops.has(list)) drops.set(list, new Set());
    drops.get(list)!.add(Number(segs[item]));
  }
  const kept = new Map<string, number[]>();
  for (const [list, dropped] of drops) {
    const segs = splitPointer(list);
    let parent: unknown = copy;
    for (const s of segs.slice(0, -1)) parent = (parent as Record<string, unknown> | undefined)?.[s];
    const arr = (parent as Record<string, unknown> | undefined)?.[segs[segs.length - 1]];
    if (!Array.isArray(arr)) continue;
    const keep = arr.map((_, i) => i).filter((i) => !dropped.has(i));
    (parent as Record<string, unknown>)[segs[segs.length - 1]] = keep.map((i) => arr[i]);
    kept.set(list, keep);
  }
  for (const list of REQUIRED_LISTS[kind] ?? []) {
    const v = spec[list];
    if (!Array.isArray(v) || v.length === 0) return undefined;
  }
  return { resource: copy, origin: remapOrigin(located.origin, kept) };
}

/** An origin that maps `/list/i/…` of the pruned copy back to the written index. */
function remapOrigin(origin: DocumentOrigin, kept: ReadonlyMap<string, number[]>): DocumentOrigin {
  if (kept.size === 0) return origin;
  const map = (pointer: string): string => {
    for (const [list, keep] of kept) {
      if (!pointer.startsWith(list + '/')) continue;
      const rest = pointer.slice(list.length + 1);
      const slash = rest.indexOf('/');
      const index = Number(slash === -1 ? rest : rest.slice(0, slash));
      if (!Number.isInteger(index) || keep[index] === undefined) continue;
      return `${list}/${keep[index]}${slash === -1 ? '' : rest.slice(slash)}`;
    }
    return pointer;
  };
  // Not a spread: an origin may keep its start and methods on its prototype (core/manifest/parse.ts).
  return {
    file: origin.file,
    index: origin.index,
    get start() {
      return origin.start;
    },
    locate: (pointer, target) => origin.locate(map(pointer), target),
    sourceLine: (line) => origin.sourceLine(line),
    sourcePointer: map,
  };
}
