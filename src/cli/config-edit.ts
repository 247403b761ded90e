/**
 * Edits of the contexts file that keep what the user wrote. `config set-context`, `use-context` and
 * `delete-context` change a few keys; the file is read with the `yaml` package's `parseDocument`,
 * only those keys are set or deleted on the Document, and the Document is written back: comments,
 * blank lines, indentation, the order of contexts and keys and the quoting of untouched values stay
 * (within what `yaml` keeps: one blank line at most; the blanks before a comment that follows a
 * value are put back, `keepCommentSpacing`). A new file gets the header comment and the layout of `renderConfig`. `saveConfig`
 * (context.ts) reads the result back before writing it.
 *
 * `yaml` is loaded inside the functions: only commands that write the file pay for it.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Document, Node as YamlNode, Pair, YAMLMap } from 'yaml';
import type { ConfigFile, ContextEntry } from '../core/config/types';

type Yaml = typeof import('yaml');

/** The first line of a contexts file the CLI creates. */
export const CONFIG_HEADER =
  '# riptides-cli contexts (riptides-cli config --help). May hold tokens: keep it private.\n';

/** A change to the contexts file. Absent fields are left as they are. */
export interface ConfigEdit {
  /** The new current context; `null` removes `currentContext` (the current one is then `local`). */
  currentContext?: string | null;
  /**
   * Contexts to create or update, each given whole (its keys not in the entry are removed), or
   * `null` to delete it. A new context goes after the others.
   */
  contexts?: Record<string, ContextEntry | null>;
}

/** The entry without its undefined fields (what reading the file back gives). */
function definedFields(entry: ContextEntry): ContextEntry {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) if (v !== undefined) out[k] = v;
  return out as ContextEntry;
}

/** The config an edit turns `config` into (what the written file must read back as). */
export function applyConfigEdit(config: ConfigFile, edit: ConfigEdit): ConfigFile {
  const contexts: Record<string, ContextEntry> = {};
  for (const [name, entry] of Object.entries(config.contexts)) contexts[name] = definedFields(entry);
  for (const [name, entry] of Object.entries(edit.contexts ?? {})) {
    if (entry === null) delete contexts[name];
    else contexts[name] = definedFields(entry);
  }
  const currentContext =
    edit.currentContext === undefined ? config.currentContext : (edit.currentContext ?? undefined);
  return { currentContext, contexts };
}

/** A whole new contexts file: the header comment, `currentContext`, then `contexts`. */
export function renderConfig(config: ConfigFile): string {
  const { stringify } = require('yaml') as typeof import('yaml');
  const body: Record<string, unknown> = {};
  if (config.currentContext !== undefined) body.currentContext = config.currentContext;
  body.contexts = config.contexts;
  return CONFIG_HEADER + stringify(body, { lineWidth: 0 });
}

/**
 * The indentation step of the file: the column of the first key of `contexts` (a block mapping at
 * the top level). 2 when there is none to look at.
 */
function indentOf(text: string, contexts: unknown, yaml: Yaml): number {
  if (!yaml.isMap(contexts) || contexts.flow) return 2;
  const key = contexts.items[0]?.key;
  const start = yaml.isNode(key) ? key.range?.[0] : undefined;
  if (start === undefined) return 2;
  const column = start - (text.lastIndexOf('\n', start - 1) + 1);
  return column >= 1 && column <= 8 ? column : 2;
}

/** A mapping about to receive a key: an empty `{}` becomes a block mapping (not `{ a: … }`). */
function blockIfEmpty(map: YAMLMap): void {
  if (map.items.length === 0) map.flow = false;
}

function keyName(key: unknown, yaml: Yaml): unknown {
  return yaml.isScalar(key) ? key.value : key;
}

function keyNode(pair: Pair | undefined, yaml: Yaml): YamlNode | undefined {
  return pair && yaml.isNode(pair.key) ? pair.key : undefined;
}

/** Two comments one above the other (a trailing newline in a comment is a blank line after it). */
function joinComments(above: string | undefined, below: string | null | undefined): string | undefined {
  if (!above) return below ?? undefined;
  if (!below) return above;
  return above.endsWith('\n') ? above + below : `${above}\n${below}`;
}

/**
 * A comment above a key, split into what stays when the key goes (up to its last blank line: a
 * section heading, a note about what follows) and the key's own (the lines right above it).
 */
function splitComment(comment: string | null | undefined): { keep?: string; own?: string } {
  if (!comment) return {};
  if (comment.endsWith('\n')) return { keep: comment };
  const cut = comment.lastIndexOf('\n\n');
  return cut === -1 ? { own: comment } : { keep: comment.slice(0, cut + 2), own: comment.slice(cut + 2) };
}

/**
 * Remove the pair at `index`, and with it its own comment (the lines right above it); a comment
 * separated from it by a blank line stays, above whatever follows. On the top-level mapping the
 * comment above the first key is the file's header: it stays whole.
 */
function deletePair(doc: Document, map: YAMLMap, index: number, top: boolean, yaml: Yaml): void {
  const [gone] = map.items.splice(index, 1);
  const goneKey = keyNode(gone, yaml);
  const next = keyNode(map.items[index], yaml);
  let keep: string | undefined;
  if (top && index === 0) keep = goneKey?.commentBefore ?? undefined;
  else keep = splitComment(goneKey?.commentBefore).keep;
  if (!top && index === 0) {
    // The comment above a nested mapping's first key is the mapping's.
    const parts = splitComment(map.commentBefore);
    map.commentBefore = parts.keep;
  }
  if (next) {
    next.commentBefore = joinComments(keep, next.commentBefore);
    next.spaceBefore = goneKey?.spaceBefore;
  } else if (keep) {
    if (top) doc.comment = joinComments(keep, doc.comment) ?? null;
    else map.comment = joinComments(keep, map.comment);
  }
}

/** Set, change or delete the context `name` on the `contexts` mapping with as few changes as possible. */
function editContext(
  doc: Document,
  contexts: YAMLMap,
  name: string,
  entry: ContextEntry | null,
  yaml: Yaml,
): void {
  const index = contexts.items.findIndex((p) => keyName(p.key, yaml) === name);
  if (entry === null) {
    if (index !== -1) deletePair(doc, contexts, index, false, yaml);
    return;
  }
  const fields = definedFields(entry);
  if (index === -1) {
    blockIfEmpty(contexts);
    const pair = doc.createPair(name, fields);
    // Contexts set apart by blank lines: the new one too.
    const last = keyNode(contexts.items[contexts.items.length - 1], yaml);
    const newKey = keyNode(pair, yaml);
    if (newKey && last?.spaceBefore) newKey.spaceBefore = true;
    contexts.items.push(pair);
    return;
  }
  const pair = contexts.items[index];
  const node = pair.value;
  // An alias (`b: *a`): the context gets a mapping of its own.
  if (!yaml.isMap(node)) {
    pair.value = doc.createNode(fields);
    return;
  }
  blockIfEmpty(node);
  for (let i = node.items.length - 1; i >= 0; i--) {
    const key = keyName(node.items[i].key, yaml);
    // A merge key (`<<: *base`) stays; so does everything the entry keeps.
    if (typeof key === 'string' && key !== '<<' && !(key in fields)) deletePair(doc, node, i, false, yaml);
  }
  // As read, merge keys applied: a value an unchanged `<<: *base` gives is not repeated.
  const current = node.toJS(doc) as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (current[key] !== value) node.set(key, value);
  }
}

/**
 * `yaml` puts a blank line before a comment that closes the document; where the file had none
 * there, none is added.
 */
function keepClosingComment(original: string, out: string): string {
  const m = /\n\n((?:#[^\n]*\n)+)$/.exec(out);
  if (!m) return out;
  const block = m[1];
  const before = original.endsWith(block) ? original.slice(0, original.length - block.length) : undefined;
  if (before === undefined || before === '' || /(^|\n)[ \t]*\n$/.test(before)) return out;
  return out.slice(0, m.index + 1) + block;
}

/**
 * `text` (an existing contexts file, already read without error) with `edit` applied as a minimal
 * change of its YAML Document. Throws when `yaml` cannot read or edit it (then rewrite it whole).
 */
export function editConfigText(text: string, edit: ConfigEdit): string {
  const yaml = require('yaml') as typeof import('yaml');
  const doc: Document = yaml.parseDocument(text, { merge: true, prettyErrors: false });
  if (doc.errors.length > 0) throw doc.errors[0];
  if (doc.contents === null || (yaml.isScalar(doc.contents) && doc.contents.value === null)) {
    // Comments only: they stay above the new mapping.
    doc.contents = doc.createNode({}) as YAMLMap;
  }
  const top = doc.contents;
  if (!yaml.isMap(top)) throw new Error('the top level is not a mapping');
  const indent = indentOf(text, top.get('contexts', true), yaml);

  const currentIndex = top.items.findIndex((p) => keyName(p.key, yaml) === 'currentContext');
  if (edit.currentContext === null) {
    if (currentIndex !== -1) deletePair(doc, top, currentIndex, true, yaml);
  } else if (edit.currentContext !== undefined) {
    if (currentIndex !== -1) {
      if (top.get('currentContext') !== edit.currentContext) top.set('currentContext', edit.currentContext);
    } else {
      // First, as in a new file; the header comment stays above it.
      blockIfEmpty(top);
      const pair = doc.createPair('currentContext', edit.currentContext);
      const first = keyNode(top.items[0], yaml);
      const key = keyNode(pair, yaml);
      if (first && key) {
        key.commentBefore = first.commentBefore;
        first.commentBefore = undefined;
      }
      top.items.unshift(pair);
    }
  }

  const changes = Object.entries(edit.contexts ?? {});
  if (changes.length > 0) {
    const found: unknown = top.get('contexts', true);
    let contexts: YAMLMap;
    if (yaml.isMap(found)) contexts = found;
    else {
      // `contexts:` with no value (or absent): a new block mapping, its comment kept.
      contexts = doc.createNode({}) as YAMLMap;
      if (yaml.isNode(found)) contexts.comment = found.comment;
      top.set('contexts', contexts);
    }
    for (const [name, entry] of changes) editContext(doc, contexts, name, entry, yaml);
  }

  const crlf = text.includes('\r\n');
  const original = crlf ? text.replace(/\r\n/g, '\n') : text;
  const out = keepCommentSpacing(
    original,
    keepClosingComment(original, doc.toString({ lineWidth: 0, indent })),
    yaml,
  );
  return crlf ? out.replace(/\n/g, '\r\n') : out;
}

/**
 * `yaml` writes one space before a comment that follows a value, so comments the user aligned in a
 * column lost their alignment on every edit. A written line that is an original line but for the
 * blanks before its `#`s gets the original back (when no two original lines differ only so). The
 * result must read as the same data as `out`; if it does not (a `#` inside a quoted value whose
 * blanks the edit changed), `out` is kept.
 */
function keepCommentSpacing(original: string, out: string, yaml: Yaml): string {
  const squeeze = (line: string) => line.replace(/[ \t]+#/g, ' #');
  const byShape = new Map<string, string | null>();
  for (const line of original.split('\n')) {
    if (!line.includes('#')) continue;
    const shape = squeeze(line);
    const seen = byShape.get(shape);
    byShape.set(shape, seen === undefined || seen === line ? line : null);
  }
  let changed = false;
  const lines = out.split('\n').map((line) => {
    if (!line.includes('#')) return line;
    const kept = byShape.get(squeeze(line));
    if (!kept || kept === line) return line;
    changed = true;
    return kept;
  });
  if (!changed) return out;
  const restored = lines.join('\n');
  const same = isDeepStrictEqual(yaml.parse(restored, { merge: true }), yaml.parse(out, { merge: true }));
  return same ? restored : out;
}
