/**
 * A parsed manifest document that remembers where it came from. Positions are resolved lazily:
 * loading parses fast, and only what gets reported asks for a line and column.
 */
import type { SourcePosition } from '../findings';

/** `key`: the position of a mapping key (unknown property); `value`: the node itself. */
export type LocateTarget = 'key' | 'value';

export interface DocumentOrigin {
  /** File as the user named it (relative paths stay relative), `<stdin>` for `-`. */
  file: string;
  /** 0-based index of the document in a multi-document file. */
  index: number;
  /** Line/column (1-based) of the start of the document. */
  start: SourcePosition;
  /**
   * Position of the node at `pointer` (RFC 6901 JSON pointer, '' = the document root). When the node
   * does not exist, the nearest existing ancestor's position. Pure: works on the text already read.
   */
  locate(pointer: string, target?: LocateTarget): SourcePosition;
  /** The text of a 1-based line of the file (for carets in text output). */
  sourceLine(line: number): string | undefined;
  /**
   * A pointer into the value the rules read, as written in the file: set when that value is a pruned
   * copy whose list indexes differ (src/core/manifest/prune.ts); absent means the same pointer.
   */
  sourcePointer?(pointer: string): string;
}

export interface LoadedDocument<T = unknown> {
  data: T;
  origin: DocumentOrigin;
  /**
   * Length of the document's source text, when the reader knows it. No list or mapping in `data`
   * can have more entries than that (each entry is written with at least one character, and aliases
   * and merge keys only repeat what the same document wrote), which lets checks skip counting.
   */
  size?: number;
}

/** An origin for documents that did not come from a file (ad-hoc flags, the control plane). */
export function syntheticOrigin(file: string, index = 0): DocumentOrigin {
  const start = { file, line: 0, column: 0 };
  return { file, index, start, locate: () => start, sourceLine: () => undefined };
}

/** Escape one JSON-pointer reference token (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  if (typeof token !== 'string') return String(token);
  // Nearly every token needs no escaping: two scans instead of two regex replacements.
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => '/' + escapePointerToken(t)).join('');
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}
