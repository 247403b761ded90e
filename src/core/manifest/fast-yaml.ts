/**
 * A fast reader for the plain YAML that manifests are written in: block mappings and sequences,
 * single-line plain and quoted scalars, single-line flow collections (also as the whole document, as
 * a one-line JSON manifest is), comments. It builds the values directly (no event stream), about 3×
 * faster than the full parser. Anything outside that subset — anchors, tags, block scalars,
 * multi-line scalars, tabs, quoted keys outside flow mappings, numbers other than plain integers,
 * duplicate keys, nesting deeper than MAX_FAST_DEPTH, any character other than printable ASCII, LF and
 * CRLF (so no question of which Unicode spaces are trimmed or which controls are allowed), a syntax
 * error — returns `undefined`, and the caller uses js-yaml, which then also reports the exact error.
 * Values are identical to js-yaml's core schema (tests compare them). Read again with a recorder
 * (locateFastDocument), it gives each node's position as js-yaml's events do (tests compare those too).
 */

import { escapePointerToken } from './document';

/** The result for one document: its value and the offset of its root node (for `origin.start`). */
export interface FastDocument {
  value: unknown;
  rootOffset: number;
}

/**
 * Where one node is written, as offsets into the text: its key (a mapping value's) and its value. A
 * node with no text of its own (`key:` with nothing after it) is placed at its key, or, without one
 * (a `-` alone), at its parent — as the positions taken from js-yaml's events are (parse.ts).
 */
export interface NodeLocation {
  key?: number;
  value: number;
}

const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['true', 'True', 'TRUE']);
const FALSES = new Set(['false', 'False', 'FALSE']);
// js-yaml core schema: int `0o…`, `0x…`, `[-+]?[0-9]+`; float as below. Only plain decimal integers are
// converted here; any other number-like scalar goes to js-yaml.
const CORE_INT = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?[0-9]+)$/;
const CORE_FLOAT =
  /^(?:[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const SIMPLE_INT = /^-?(?:0|[1-9][0-9]{0,14})$/;

/**
 * Characters the fast reader leaves to js-yaml: anything but printable ASCII, LF and the CR of a CRLF
 * (tabs, C0/C1 controls, DEL, NBSP and every other non-ASCII character, a lone CR).
 */
const UNSAFE_CHAR = /[^\n\r\x20-\x7e]/g;

/** Offset of the first character at or after `from` that the fast reader leaves to js-yaml, or -1. */
export function nextUnsafeChar(text: string, from: number): number {
  // One character class (a plain scan, faster than with a `\r(?!\n)` alternative), then the CRs,
  // found with indexOf: a CR is unsafe unless a LF follows it.
  UNSAFE_CHAR.lastIndex = from;
  const m = UNSAFE_CHAR.exec(text);
  const other = m ? m.index : -1;
  for (
    let cr = text.indexOf('\r', from);
    cr !== -1 && (other === -1 || cr < other);
    cr = text.indexOf('\r', cr + 1)
  )
    if (text.charCodeAt(cr + 1) !== 10) return cr;
  return other;
}

/** Deeper nesting goes to js-yaml (which reports past its own limit): the reader recurses per level. */
export const MAX_FAST_DEPTH = 64;

/** Thrown inside the reader when the text leaves the subset; caught by readFastDocument. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported();

function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // A number starts with a digit, a sign or a dot; no null or boolean does.
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    if (SIMPLE_INT.test(s)) return Number(s);
    if (CORE_INT.test(s) || CORE_FLOAT.test(s)) throw UNSUPPORTED;
    return s;
  }
  // `~`, n, N, t, T, f, F: a null or a boolean only when the whole word is one (a number never).
  if (c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70) {
    if (NULLS.has(s)) return null;
    if (TRUES.has(s)) return true;
    if (FALSES.has(s)) return false;
  }
  return s;
}

/**
 * The document's content lines, three numbers each: the column of the first non-space character
 * (0-based), the offset of that character, and the offset of the end of the line (before \r\n).
 * One buffer for every document read on this thread (grown when a document has more lines): an
 * object per line was a fifth of everything `validate` allocated.
 */
let LINES = new Int32Array(3 * 256);
/** The most lines' worth of buffer kept between documents (3 numbers a line). */
const LINES_KEPT = 3 * 65536;
const INDENT = 0;
const START = 1;
const END = 2;

/**
 * Keys read before, by length, first and last character. Manifests repeat a few dozen keys
 * thousands of times; a key found here is compared in place (no new string, and none to look up in
 * V8's table of property names). Only keys shorter than 13 characters: V8 copies those out of the
 * text, where a longer slice would keep the whole file's text alive for as long as this cache.
 */
const KEYS = new Map<number, string>();
const MAX_KEYS = 4096;

/** The key text[start, colon) with trailing spaces dropped (as trimEnd: the reader sees printable ASCII only). */
function mappingKey(t: string, start: number, colon: number): string {
  let end = colon;
  while (end > start && t.charCodeAt(end - 1) === 32) end--;
  const length = end - start;
  if (length === 0 || length > 12) return t.slice(start, end);
  const id = (length * 128 + t.charCodeAt(start)) * 128 + t.charCodeAt(end - 1);
  const known = KEYS.get(id);
  if (known !== undefined && t.startsWith(known, start)) return known;
  const key = t.slice(start, end);
  if (known !== undefined || KEYS.size < MAX_KEYS) KEYS.set(id, key);
  return key;
}

const SPECIAL_START = new Set(['&', '*', '!', '|', '>', '%', '@', '`', '?', ',', ']', '}', '#']);

class Reader {
  private i = 0;
  private depth = 0;
  /** The JSON pointer of the node being read (kept only when recording). */
  private pointer = '';
  constructor(
    private readonly text: string,
    /** How many lines LINES holds for this document. */
    private readonly count: number,
    /** When set, every node's position is recorded here under its JSON pointer (locateFastDocument). */
    private readonly rec?: Map<string, NodeLocation>,
  ) {}

  /**
   * Record the child `token` of the current node (when recording) and make it the current node;
   * returns the pointer to restore after reading it.
   */
  private enter(token: string | number, key: number | undefined, value: number): string {
    const parent = this.pointer;
    const pointer = `${parent}/${escapePointerToken(token)}`;
    this.rec!.set(pointer, key === undefined ? { value } : { key, value });
    this.pointer = pointer;
    return parent;
  }

  /** The value offset recorded for the current node. */
  private here(): number {
    return this.rec!.get(this.pointer)!.value;
  }

  done(): boolean {
    return this.i >= this.count;
  }

  /** The root node: a block node, or a flow collection alone on the document's one line (JSON). */
  root(): unknown {
    const start = LINES[START];
    const end = LINES[END];
    const c = this.text[start];
    this.rec?.set('', { value: start });
    if (c !== '{' && c !== '[') return this.block();
    if (this.count !== 1) throw UNSUPPORTED; // a flow collection over several lines: js-yaml
    const value = this.flow(start, end);
    this.rest(this.at, end);
    this.i = 1;
    return value;
  }

  /** A block node whose first line is the current one. */
  block(): unknown {
    const l = 3 * this.i;
    if (++this.depth > MAX_FAST_DEPTH) throw UNSUPPORTED;
    const value = this.isSeqItem(LINES[l + START], LINES[l + END])
      ? this.sequence(LINES[l + INDENT])
      : this.mapping(LINES[l + INDENT]);
    this.depth--;
    return value;
  }

  /** Whether the line content text[start, end) is a sequence item ("-" alone or "- …"). */
  private isSeqItem(start: number, end: number): boolean {
    if (this.text.charCodeAt(start) !== 45) return false; // '-'
    const next = this.text.charCodeAt(start + 1);
    return start + 1 >= end || next === 32;
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (!this.done()) {
      const l = 3 * this.i;
      const lineIndent = LINES[l + INDENT];
      const start = LINES[l + START];
      const end = LINES[l + END];
      if (lineIndent < indent) break;
      if (lineIndent > indent || !this.isSeqItem(start, end)) throw UNSUPPORTED;
      let p = start + 1;
      while (p < end && this.text.charCodeAt(p) === 32) p++;
      let parent: string | undefined;
      if (p >= end || this.text.charCodeAt(p) === 35) {
        // "-" alone (or with a comment): the item is on the next lines, or null.
        this.i++;
        const nested = !this.done() && LINES[3 * this.i + INDENT] > indent;
        if (this.rec !== undefined)
          parent = this.enter(out.length, undefined, nested ? LINES[3 * this.i + START] : this.here());
        out.push(nested ? this.block() : null);
      } else {
        if (this.rec !== undefined) parent = this.enter(out.length, undefined, p);
        // "- content": content is a node starting at its own column (compact nested mapping or sequence).
        if (this.isSeqItem(p, end) || this.keyEnd(p, end) !== -1) {
          // The line becomes its content, at the content's column.
          LINES[l + INDENT] = indent + (p - start);
          LINES[l + START] = p;
          out.push(this.block());
        } else {
          out.push(this.inline(p, end));
          this.i++;
        }
      }
      if (parent !== undefined) this.pointer = parent;
    }
    return out;
  }

  /** Offset of the ':' ending the key of a `key: value` line content text[start, end), or -1 when it is not one. */
  private keyEnd(start: number, end: number): number {
    const t = this.text;
    const c = t[start];
    if (c === '"' || c === "'" || c === '[' || c === '{' || SPECIAL_START.has(c)) return -1;
    for (let p = start; p < end; p++) {
      const ch = t.charCodeAt(p);
      if (ch === 58) {
        // ':'
        const after = t.charCodeAt(p + 1);
        if (p + 1 >= end || after === 32) return p;
      } else if (ch === 35 && t.charCodeAt(p - 1) === 32) {
        return -1; // a comment before any ': '
      }
    }
    return -1;
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const t = this.text;
    while (!this.done()) {
      const l = 3 * this.i;
      const lineIndent = LINES[l + INDENT];
      const start = LINES[l + START];
      const end = LINES[l + END];
      if (lineIndent < indent) break;
      if (lineIndent > indent) throw UNSUPPORTED;
      if (this.isSeqItem(start, end)) break; // the parent's sequence at the same indent ("key:\n- a")
      const colon = this.keyEnd(start, end);
      if (colon === -1) throw UNSUPPORTED;
      const key = mappingKey(t, start, colon);
      if (key === '' || key === '__proto__' || key === '<<' || key.includes(' #')) throw UNSUPPORTED;
      if (resolvePlain(key) !== key) throw UNSUPPORTED; // a key that js-yaml would read as a number, bool or null
      if (Object.prototype.hasOwnProperty.call(out, key)) throw UNSUPPORTED; // duplicate: js-yaml reports it
      let p = colon + 1;
      while (p < end && t.charCodeAt(p) === 32) p++;
      let parent: string | undefined;
      if (p >= end || t.charCodeAt(p) === 35) {
        this.i++;
        const next = 3 * this.i;
        const block = !this.done() && LINES[next + INDENT] > indent;
        const sequence =
          !block &&
          !this.done() &&
          LINES[next + INDENT] === indent &&
          this.isSeqItem(LINES[next + START], LINES[next + END]);
        // A value on the next lines is placed where they start; none, at its key.
        if (this.rec !== undefined)
          parent = this.enter(key, start, block || sequence ? LINES[next + START] : start);
        out[key] = block ? this.block() : sequence ? this.sequence(indent) : null;
      } else {
        if (this.rec !== undefined) parent = this.enter(key, start, p);
        out[key] = this.inline(p, end);
        this.i++;
      }
      if (parent !== undefined) this.pointer = parent;
    }
    return out;
  }

  /** A value written on one line from `p` to `end` (a trailing comment allowed). */
  private inline(p: number, end: number): unknown {
    const t = this.text;
    const c = t[p];
    let value: unknown;
    if (c === '"' || c === "'") value = this.quoted(p, end);
    else if (c === '[' || c === '{') value = this.flow(p, end);
    else {
      if (SPECIAL_START.has(c) || (c === '-' && (p + 1 >= end || t[p + 1] === ' '))) throw UNSUPPORTED;
      let stop = p;
      while (stop < end && !(t.charCodeAt(stop) === 35 && t.charCodeAt(stop - 1) === 32)) stop++;
      const s = t.slice(p, stop).trimEnd();
      if (s.includes(': ') || s.endsWith(':')) throw UNSUPPORTED;
      return resolvePlain(s);
    }
    this.rest(this.at, end);
    return value;
  }

  /** After a value: only spaces and a comment. */
  private rest(q: number, end: number): void {
    const t = this.text;
    while (q < end && t.charCodeAt(q) === 32) q++;
    if (q < end && !(t.charCodeAt(q) === 35 && t.charCodeAt(q - 1) === 32)) throw UNSUPPORTED;
  }

  /**
   * Where the last quoted scalar or flow collection read ended (the offset after it): the readers
   * below return the value and leave its end here, so that no pair is allocated per value.
   */
  private at = 0;

  private quoted(p: number, end: number): string {
    const t = this.text;
    const quote = t.charCodeAt(p);
    let out = '';
    let q = p + 1;
    for (;;) {
      let close = q;
      for (; close < end; close++) {
        const c = t.charCodeAt(close);
        if (c === quote) break;
        if (c === 92 && quote === 34) throw UNSUPPORTED; // an escape: js-yaml
      }
      if (close >= end) throw UNSUPPORTED; // multi-line or unterminated
      out += t.slice(q, close);
      if (quote === 39 && t.charCodeAt(close + 1) === 39) {
        out += "'";
        q = close + 2;
        continue;
      }
      this.at = close + 1;
      return out;
    }
  }

  /** A flow collection on one line; returns the value, its end in `at`. */
  private flow(p: number, end: number): unknown {
    if (++this.depth > MAX_FAST_DEPTH) throw UNSUPPORTED;
    const value = this.text[p] === '[' ? this.flowSequence(p, end) : this.flowMapping(p, end);
    this.depth--;
    return value;
  }

  /** The first offset from `q` that is not a space (before `end`). */
  private skip(q: number, end: number): number {
    const t = this.text;
    while (q < end && t.charCodeAt(q) === 32) q++;
    return q;
  }

  /** A value inside a flow collection (a key when `mapKey`: a plain one must stay a string); its end in `at`. */
  private flowScalar(q: number, end: number, mapKey: boolean): unknown {
    const t = this.text;
    const c = t[q];
    if (c === '"' || c === "'") return this.quoted(q, end);
    if (c === '[' || c === '{') return this.flow(q, end);
    // '-', '?' and ':' start a plain scalar only when a "safe" character follows (YAML ns-plain-first).
    if (SPECIAL_START.has(c) || ((c === '-' || c === ':') && (q + 1 >= end || ' ,[]{}'.includes(t[q + 1]))))
      throw UNSUPPORTED;
    let r = q;
    for (; r < end; r++) {
      const ch = t[r];
      if (ch === ',' || ch === ']' || ch === '}' || ch === '[' || ch === '{') break;
      if (ch === ':' && (t[r + 1] === ' ' || t[r + 1] === ',' || t[r + 1] === '}' || t[r + 1] === ']')) break;
      if (ch === '#' && t[r - 1] === ' ') throw UNSUPPORTED;
    }
    const s = t.slice(q, r).trimEnd();
    if (s === '') throw UNSUPPORTED;
    const v = resolvePlain(s);
    if (mapKey && v !== s) throw UNSUPPORTED;
    this.at = r;
    return v;
  }

  private flowSequence(p: number, end: number): unknown[] {
    const t = this.text;
    const out: unknown[] = [];
    let q = this.skip(p + 1, end);
    if (t[q] === ']') {
      this.at = q + 1;
      return out;
    }
    for (;;) {
      const parent = this.rec !== undefined ? this.enter(out.length, undefined, q) : undefined;
      out.push(this.flowScalar(q, end, false));
      if (parent !== undefined) this.pointer = parent;
      q = this.skip(this.at, end);
      if (t[q] === ':') throw UNSUPPORTED; // single-pair mapping inside a sequence
      if (t[q] === ',') {
        q = this.skip(q + 1, end);
        if (t[q] === ']') throw UNSUPPORTED; // trailing comma: leave the fine points to js-yaml
        continue;
      }
      if (t[q] === ']') {
        this.at = q + 1;
        return out;
      }
      throw UNSUPPORTED;
    }
  }

  private flowMapping(p: number, end: number): Record<string, unknown> {
    const t = this.text;
    const out: Record<string, unknown> = {};
    let q = this.skip(p + 1, end);
    if (t[q] === '}') {
      this.at = q + 1;
      return out;
    }
    for (;;) {
      if (t[q] === '[' || t[q] === '{') throw UNSUPPORTED;
      const keyAt = q;
      // A quoted key is a string as written (a JSON-like key: its ':' may touch the value, as in JSON).
      const key = (
        t[q] === '"' || t[q] === "'" ? this.quoted(q, end) : this.flowScalar(q, end, true)
      ) as string;
      if (key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(out, key))
        throw UNSUPPORTED;
      q = this.skip(this.at, end);
      if (t[q] !== ':') throw UNSUPPORTED; // a key without a value
      q = this.skip(q + 1, end);
      const empty = t[q] === ',' || t[q] === '}';
      const parent = this.rec !== undefined ? this.enter(key, keyAt, empty ? keyAt : q) : undefined;
      if (empty) out[key] = null;
      else {
        out[key] = this.flowScalar(q, end, false);
        q = this.skip(this.at, end);
      }
      if (parent !== undefined) this.pointer = parent;
      if (t[q] === ',') {
        q = this.skip(q + 1, end);
        if (t[q] === '}') throw UNSUPPORTED;
        continue;
      }
      if (t[q] === '}') {
        this.at = q + 1;
        return out;
      }
      throw UNSUPPORTED;
    }
  }
}

/**
 * Read the one document in text[start, end): an optional `---` line first (nothing else on it), then
 * block content. `{empty: true}` for a document of only comments; undefined when outside the subset.
 */
export function readFastDocument(
  text: string,
  start: number,
  end: number,
  /** nextUnsafeChar(text, start), when the caller tracks it across documents. */
  nextUnsafe?: number,
  /** Record every node's position here (locateFastDocument). */
  rec?: Map<string, NodeLocation>,
): FastDocument | { empty: true } | undefined {
  // Tabs, controls, non-ASCII, a lone CR: js-yaml.
  const unsafe = nextUnsafe ?? nextUnsafeChar(text, start);
  if (unsafe !== -1 && unsafe < end) return undefined;
  let count = 0;
  let p = start;
  let first = true;
  while (p < end) {
    let e = text.indexOf('\n', p);
    if (e === -1 || e > end) e = end;
    const next = e + 1;
    if (e > p && text.charCodeAt(e - 1) === 13) e--; // CRLF
    let s = p;
    while (s < e && text.charCodeAt(s) === 32) s++;
    if (s < e) {
      const c = text.charCodeAt(s);
      if (first && s === p && text.startsWith('---', s) && (s + 3 === e || text.charCodeAt(s + 3) === 32)) {
        // The document marker: nothing but a comment may follow it on its line.
        let q = s + 3;
        while (q < e && text.charCodeAt(q) === 32) q++;
        if (q < e && text.charCodeAt(q) !== 35) return undefined;
      } else if (c !== 35) {
        if (s === p && (text.startsWith('...', s) || text.startsWith('---', s) || c === 37)) return undefined;
        if (3 * count + 3 > LINES.length) {
          const grown = new Int32Array(LINES.length * 2);
          grown.set(LINES);
          LINES = grown;
        }
        LINES[3 * count + INDENT] = s - p;
        LINES[3 * count + START] = s;
        LINES[3 * count + END] = e;
        count++;
      }
    }
    first = false;
    p = next;
  }
  if (count === 0) return { empty: true };
  try {
    // Taken before reading: a compact "- key: v" item replaces its line by the part after "- ".
    const rootOffset = LINES[START];
    const reader = new Reader(text, count, rec);
    const value = reader.root();
    if (!reader.done()) return undefined;
    return { value, rootOffset };
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  } finally {
    // A very long document grew the buffer: give the memory back (a long-lived control plane keeps this module).
    if (LINES.length > LINES_KEPT) LINES = new Int32Array(3 * 256);
  }
}

/**
 * The position of every node of the document in text[start, end), by JSON pointer (offsets into
 * `text`), read again by the fast reader: what js-yaml's events give for the same document, at a
 * fraction of the cost (a rule pass places its findings in documents the fast reader read).
 * Undefined when the reader does not take the document.
 */
export function locateFastDocument(
  text: string,
  start: number,
  end: number,
): Map<string, NodeLocation> | undefined {
  const rec = new Map<string, NodeLocation>();
  // Look for a character the reader leaves to js-yaml in this document only, not up to the file's end.
  const unsafe = nextUnsafeChar(text.slice(start, end), 0);
  const doc = readFastDocument(text, start, end, unsafe === -1 ? -1 : start + unsafe, rec);
  return doc !== undefined && !('empty' in doc) ? rec : undefined;
}
