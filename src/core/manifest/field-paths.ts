/**
 * Every field path a kind's JSON Schema allows (`/spec/connection/tls/mode`, `/spec/egress/[]/…`),
 * worked out from the schema documents, so that a field unknown where it is written can be told apart
 * from a field that is valid one level up or down (mis-indented) or elsewhere (misplaced). Pure: the
 * schema documents are passed in.
 */

/** A path's segments: property names, `[]` for any array item, `*` for any key of a map. */
export type FieldPath = readonly string[];

type Schema = Record<string, unknown>;

/** `documents` by file name (`defs.schema.json`); refs are `file#/$defs/x` or `#/$defs/x`. */
export function fieldPathsOf(root: Schema, rootFile: string, documents: Record<string, Schema>): FieldPath[] {
  const out: FieldPath[] = [];
  const resolve = (ref: string, file: string): [Schema, string] | undefined => {
    const [target, fragment = ''] = ref.split('#');
    const docFile = target === '' ? file : target;
    let node: unknown = documents[docFile];
    for (const seg of fragment.split('/').filter(Boolean)) node = (node as Schema | undefined)?.[seg];
    return node && typeof node === 'object' ? [node as Schema, docFile] : undefined;
  };
  const walk = (schema: Schema, file: string, path: string[], depth: number): void => {
    if (depth > 12) return; // recursive schemas: far deeper than any manifest field
    if (typeof schema.$ref === 'string') {
      const target = resolve(schema.$ref, file);
      if (target) walk(target[0], target[1], path, depth + 1);
    }
    for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
      const branches = schema[k];
      if (Array.isArray(branches)) for (const b of branches) walk(b as Schema, file, path, depth + 1);
    }
    const props = schema.properties as Record<string, Schema> | undefined;
    if (props) {
      for (const [name, sub] of Object.entries(props)) {
        out.push([...path, name]);
        walk(sub, file, [...path, name], depth + 1);
      }
    }
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
      walk(schema.additionalProperties as Schema, file, [...path, '*'], depth + 1);
    if (schema.items && typeof schema.items === 'object')
      walk(schema.items as Schema, file, [...path, '[]'], depth + 1);
  };
  walk(root, rootFile, [], 0);
  return out;
}

/** A JSON pointer as a path pattern: array indexes become `[]`. */
export function pointerPattern(segments: readonly string[]): string[] {
  return segments.map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? '[]' : s));
}

function matches(path: FieldPath, segments: readonly string[]): boolean {
  return (
    path.length === segments.length &&
    path.every((p, i) => p === segments[i] || p === '*' || (p === '[]' && segments[i] === '[]'))
  );
}

/** `spec.egress[].connection` for a pattern. */
export function describePattern(path: readonly string[]): string {
  if (path.length === 0) return 'the document';
  return path.map((s, i) => (s === '[]' ? '[]' : i === 0 ? s : `.${s}`)).join('');
}

export type FieldHome =
  | { where: 'up'; parent: string[] }
  | { where: 'down'; under: string[] }
  | { where: 'elsewhere'; at: string[] };

/**
 * Where a field named `name`, unknown at `parent` (pointer segments), is valid: one level up (it is
 * indented one level too deep), one level down under a sibling key (not indented enough), or somewhere
 * else in the kind; undefined when the kind has no such field anywhere.
 */
export function findFieldHome(
  paths: readonly FieldPath[],
  parent: readonly string[],
  name: string,
): FieldHome | undefined {
  const at = pointerPattern(parent);
  const homes = paths.filter((p) => p[p.length - 1] === name);
  if (homes.length === 0) return undefined;
  if (at.length > 0) {
    const up = at.slice(0, -1);
    if (homes.some((h) => matches(h, [...up, name]))) return { where: 'up', parent: up };
  }
  for (const h of homes) {
    const rest = h.slice(at.length, -1);
    const oneLevel = rest.length === 1 || (rest.length === 2 && rest[1] === '[]');
    if (oneLevel && rest[0] !== '[]' && rest[0] !== '*' && matches(h.slice(0, at.length), at))
      return { where: 'down', under: [...at, ...rest] };
  }
  return { where: 'elsewhere', at: [...homes[0]] };
}
