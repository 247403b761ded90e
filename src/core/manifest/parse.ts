/**
 * Parse YAML/JSON manifest text into documents that remember their positions.
 *
 * Fast path: js-yaml's event parser (one pass, offsets into the text) builds the values; line and
 * column are worked out only when something asks (`origin.locate`), from the same events. YAML
 * problems become findings (RT1001 syntax, RT1002 duplicate key, RT1003 alias expansion, …), never throws.
 */
import * as jsyaml from 'js-yaml';
import type { Event } from 'js-yaml';
import type { Finding, SourcePosition } from '../findings';
import type { DocumentOrigin, LoadedDocument, LocateTarget } from './document';
import { escapePointerToken } from './document';
import { locateFastDocument, nextUnsafeChar, readFastDocument, type NodeLocation } from './fast-yaml';

const EV_DOCUMENT = 1;
const EV_SEQUENCE = 2;
const EV_MAPPING = 3;
const EV_SCALAR = 4;
const EV_ALIAS = 5;
const EV_POP = 6;

/** js-yaml's nesting limit (its maxDepth default); deeper documents are an RT1001 finding. */
export const MAX_NESTING = 100;

/**
 * YAML 1.2's core schema plus merge keys (`<<: *base`), which kubectl and most Kubernetes tooling
 * accept: a merged key's value is the anchored one, and its position is the anchor's (indexDocument).
 */
const MANIFEST_SCHEMA = jsyaml.CORE_SCHEMA.withTags(jsyaml.mergeTag);

/** Cap on the number of nodes a document may expand to through aliases ("billion laughs"). */
export const MAX_ALIAS_EXPANSION = 10_000;

export interface ParsedText {
  file: string;
  documents: LoadedDocument[];
  findings: Finding[];
}

export interface ParseOptions {
  maxAliasExpansion?: number;
  /** Size of the chunks a file is parsed in (see chunkStarts); 0 = one chunk per document. */
  chunkChars?: number;
  /** Read plain manifest YAML with the fast reader (fast-yaml.ts); false = js-yaml for everything. */
  fastReader?: boolean;
}

/**
 * A file's text and name, and its offsets as 1-based line/column (the line starts found on first
 * use). The one object per file that its documents' origins keep.
 */
class LineIndex {
  private starts: Int32Array | undefined;
  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  /**
   * The offset of each line's start, in a typed array sized by a first count of the newlines: 4
   * bytes a line outside the JS heap, where a growing array of numbers was the largest allocation
   * of a rule pass over 10,000 documents (it lives as long as the file's documents).
   */
  private lineStarts(): Int32Array {
    if (!this.starts) {
      const text = this.text;
      let lines = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
      const starts = new Int32Array(lines);
      let n = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
      this.starts = starts;
    }
    return this.starts;
  }

  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  line(n: number): string | undefined {
    const starts = this.lineStarts();
    if (n < 1 || n > starts.length) return undefined;
    const end = n < starts.length ? starts[n] - 1 : this.text.length;
    return this.text.slice(starts[n - 1], end).replace(/\r$/, '');
  }
}

type OffsetEvent = Event & {
  start?: number;
  valueStart?: number;
  anchorStart?: number;
  tagStart?: number;
  style?: number;
};

/** Where a node's text starts; -1 for an empty scalar (`metadata:` with nothing after it). */
function startOffset(e: OffsetEvent): number {
  let offset = e.type === EV_SCALAR ? (e.valueStart ?? 0) : (e.start ?? e.anchorStart ?? 0);
  // Quoted scalars: valueStart is inside the quotes; point at the opening quote.
  if (e.type === EV_SCALAR && (e.style === 2 || e.style === 3)) offset -= 1;
  for (const extra of [e.anchorStart, e.tagStart])
    if (extra !== undefined && extra >= 0 && (offset < 0 || extra < offset)) offset = extra;
  return offset;
}

/** startOffset, or 0 for a node that has no text of its own. */
function textOffset(e: OffsetEvent): number {
  return Math.max(0, startOffset(e));
}

/** Index every node of one document (events[from] is its DOCUMENT event) by JSON pointer. */
function indexDocument(events: Event[], from: number, source: string): Map<string, NodeLocation> {
  const index = new Map<string, NodeLocation>();
  /** Anchor name → pointer of the node it names. */
  const anchors = new Map<string, string>();
  const nameAt = (e: OffsetEvent & { anchorEnd?: number }): string | undefined =>
    e.anchorStart !== undefined && e.anchorStart >= 0 && e.anchorEnd !== undefined
      ? source.slice(e.anchorStart + 1, e.anchorEnd)
      : undefined;
  /** A merge key's value (at `pos`): the pointers of the mappings it merges, first one winning. */
  const mergeSources = (pos: number, pointer: string): string[] => {
    const e = events[pos] as OffsetEvent;
    if (e.type === EV_ALIAS) {
      const target = anchors.get(nameAt(e) ?? '');
      return target === undefined ? [] : [target];
    }
    if (e.type === EV_MAPPING) return [pointer];
    if (e.type !== EV_SEQUENCE) return [];
    const out: string[] = [];
    for (let p = pos + 1, i = 0; events[p].type !== EV_POP; i++) {
      out.push(...mergeSources(p, `${pointer}/${i}`));
      p = skipNode(p);
    }
    return out;
  };
  const skipNode = (pos: number): number => {
    let depth = 0;
    for (; ; pos++) {
      const t = events[pos].type;
      if (t === EV_SEQUENCE || t === EV_MAPPING) depth++;
      else if (t === EV_POP) depth--;
      if (depth === 0) return pos + 1;
    }
  };
  const walk = (pos: number, pointer: string, key: number | undefined, parent = 0): number => {
    const e = events[pos] as OffsetEvent;
    // An empty value has no text: it is reported at its key ("metadata:"), or at its parent.
    const own = startOffset(e);
    const value = own >= 0 ? own : (key ?? parent);
    index.set(pointer, { key, value });
    const anchor = e.type !== EV_ALIAS ? nameAt(e) : undefined;
    if (anchor !== undefined) anchors.set(anchor, pointer);
    if (e.type === EV_SEQUENCE) {
      pos++;
      for (let i = 0; events[pos].type !== EV_POP; i++) pos = walk(pos, `${pointer}/${i}`, undefined, value);
      return pos + 1;
    }
    if (e.type === EV_MAPPING) {
      pos++;
      const merged: string[] = [];
      while (events[pos].type !== EV_POP) {
        const k = events[pos] as OffsetEvent;
        let name = '?';
        if (k.type === EV_SCALAR) {
          name = jsyaml.getScalarValue(source, k as Parameters<typeof jsyaml.getScalarValue>[1]);
          pos++;
        } else {
          pos = walk(pos, `${pointer}/?`, undefined, value); // complex key: index it somewhere harmless
        }
        const valuePos = pos;
        pos = walk(pos, `${pointer}/${escapePointerToken(name)}`, textOffset(k), value);
        if (name === '<<' && k.type === EV_SCALAR && k.style === 1)
          merged.push(...mergeSources(valuePos, `${pointer}/<<`));
      }
      // Merged keys are where the anchored mapping wrote them; keys written here win.
      for (const source of merged) {
        for (const [p, loc] of [...index]) {
          if (!p.startsWith(source + '/')) continue;
          const target = pointer + p.slice(source.length);
          if (!index.has(target)) index.set(target, loc);
        }
      }
      return pos + 1;
    }
    return pos + 1;
  };
  if (events[from + 1] && events[from + 1].type !== EV_POP) walk(from + 1, '', undefined);
  return index;
}

/**
 * indexDocument over events parsed on demand. Positions are a convenience: should the second parse
 * fail after all, every pointer is reported at the document's start instead of failing the run.
 */
function indexEvents(parse: () => Event[], from: number, source: string): Map<string, NodeLocation> {
  try {
    return indexDocument(parse(), from, source);
  } catch {
    return new Map();
  }
}

/** Number of nodes the document expands to when aliases are followed, or Infinity past `limit`. */
function aliasExpansion(events: Event[], from: number, to: number, source: string, limit: number): number {
  const anchors = new Map<string, number>();
  // Stack of [node count so far, anchor name or undefined] for open collections.
  const stack: { count: number; anchor?: string }[] = [{ count: 0 }];
  for (let i = from + 1; i < to; i++) {
    const e = events[i] as OffsetEvent & { anchorEnd?: number };
    const anchor =
      e.anchorStart !== undefined && e.anchorStart >= 0 && e.anchorEnd !== undefined
        ? source.slice(e.anchorStart + 1, e.anchorEnd)
        : undefined;
    if (e.type === EV_SEQUENCE || e.type === EV_MAPPING) {
      stack.push({ count: 1, anchor });
    } else if (e.type === EV_POP) {
      const done = stack.pop()!;
      if (done.anchor !== undefined) anchors.set(done.anchor, done.count);
      stack[stack.length - 1].count += done.count;
    } else if (e.type === EV_ALIAS) {
      const name = source.slice((e.anchorStart ?? 0) + 1, e.anchorEnd);
      stack[stack.length - 1].count += anchors.get(name) ?? 1;
    } else {
      if (anchor !== undefined) anchors.set(anchor, 1);
      stack[stack.length - 1].count += 1;
    }
    if (stack[stack.length - 1].count > limit) return Infinity;
  }
  return stack[0].count;
}

interface YamlMark {
  line?: number;
  column?: number;
  position?: number;
}

/** A YAML exception as a finding; `base` is where the parsed chunk starts in the file. */
function yamlErrorFinding(
  file: string,
  err: unknown,
  fallback: SourcePosition,
  lines?: LineIndex,
  base = 0,
): Finding {
  const ex = err as { reason?: string; message?: string; mark?: YamlMark };
  const reason = ex.reason ?? ex.message ?? String(err);
  let line = ex.mark?.line !== undefined ? ex.mark.line + 1 : fallback.line;
  let column = ex.mark?.column !== undefined ? ex.mark.column + 1 : fallback.column;
  if (lines && ex.mark?.position !== undefined) ({ line, column } = lines.position(base + ex.mark.position));
  if (/duplicated mapping key|duplicate key/i.test(reason)) {
    return {
      severity: 'error',
      code: 'RT1002',
      message: `duplicate key: ${reason}`,
      file,
      line,
      column,
      fix: 'Remove or rename one of the keys: YAML mappings must not repeat a key (the later value would silently win elsewhere).',
    };
  }
  if (/maxDepth|call stack/i.test(reason)) {
    return {
      severity: 'error',
      code: 'RT1001',
      message: `YAML nested more than ${MAX_NESTING} levels deep; the document was not read`,
      file,
      line,
      column,
      fix: `Flatten the structure: no manifest field nests more than a few levels, and nesting deeper than ${MAX_NESTING} levels is refused.`,
    };
  }
  if (/alias/i.test(reason) && /(max|limit|too many)/i.test(reason)) {
    return {
      severity: 'error',
      code: 'RT1003',
      message: `too many aliases: ${reason}`,
      file,
      line,
      column,
      fix: 'Write the values out instead of using YAML anchors and aliases.',
    };
  }
  return {
    severity: 'error',
    code: 'RT1001',
    message: `YAML syntax error: ${reason}`,
    file,
    line,
    column,
    fix: 'Fix the YAML syntax at this position (indentation, a missing ":" or an unclosed quote or bracket are the usual causes).',
  };
}

/**
 * Where to cut a file into chunks that are parsed one after the other: at `---` lines (a document
 * marker ends any scalar or collection, so no node spans it), every ~64 KB. Small chunks keep the
 * parser's event objects short-lived, which makes a large file parse about twice as fast as one pass.
 * Files with directives (`%YAML`, `%TAG` apply to the document after them) are parsed whole.
 */
export function chunkStarts(text: string, minChunk = CHUNK_CHARS, whole = readWhole(text)): number[] {
  const starts = [0];
  if (whole) return starts;
  const marker = /^---(?=[ \t]|\r?\n|$)/gm;
  let last = 0;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m.index > 0 && m.index - last >= minChunk) {
      starts.push(m.index);
      last = m.index;
    }
  }
  return starts;
}

/**
 * Texts js-yaml must read whole, in one chunk: directives (%YAML, %TAG) apply across `---`, and a
 * byte-order mark inside the text moves document boundaries (js-yaml ends a document at a line of a
 * BOM and comments followed by `---` or a directive, so where a chunk ends would change what the
 * document before it holds).
 */
function readWhole(text: string): boolean {
  return /^%/m.test(text) || text.includes('\ufeff');
}

/** Chunk size for parsing (characters); see chunkStarts. */
export const CHUNK_CHARS = 65536;

interface ChunkContext {
  file: string;
  /** The whole file (positions are offsets into it). */
  text: string;
  lines: LineIndex;
  limit: number;
  findings: Finding[];
  documents: LoadedDocument[];
  /** Documents seen so far in the file (for `origin.index`), empty ones included. */
  docCount: number;
}

/** For each document, the offset of the start of the line its root node is on. */
function documentTextStarts(events: Event[], ranges: { from: number }[], source: string): number[] {
  return ranges.map((r) => {
    const root = events[r.from + 1] as OffsetEvent | undefined;
    const at = root && root.type !== EV_POP ? textOffset(root) : source.length;
    return source.lastIndexOf('\n', at - 1) + 1;
  });
}

/** Parse text[base, end) — whole documents — into ctx.documents / ctx.findings. */
function parseChunk(ctx: ChunkContext, base: number, end: number): void {
  const { file, lines, limit, findings, documents } = ctx;
  const source = ctx.text.slice(base, end);
  let events: Event[];
  try {
    events = jsyaml.parseEvents(source, { filename: file });
  } catch (err) {
    // One bad document must not hide the others: parse the chunk's documents one by one.
    const starts = chunkStarts(source, 0);
    if (starts.length > 1) {
      for (let i = 0; i < starts.length; i++)
        parseChunk(ctx, base + starts[i], base + (starts[i + 1] ?? source.length));
      return;
    }
    findings.push(yamlErrorFinding(file, err, { file, ...lines.position(base) }, lines, base));
    ctx.docCount++;
    return;
  }

  // One pass over the events: where each document starts and ends, and whether it uses aliases.
  const ranges: { from: number; to: number; aliases: boolean }[] = [];
  for (let i = 0; i < events.length; i++) {
    if (events[i].type !== EV_DOCUMENT) continue;
    const from = i;
    let depth = 0;
    let aliases = false;
    let to = i + 1;
    for (; to < events.length; to++) {
      const t = events[to].type;
      if (t === EV_SEQUENCE || t === EV_MAPPING) depth++;
      else if (t === EV_ALIAS) aliases = true;
      else if (t === EV_POP) {
        if (depth === 0) break;
        depth--;
      }
    }
    ranges.push({ from, to, aliases });
    i = to;
  }

  // Build every document in one call, unless one has aliases (the expansion check comes first) or
  // fails (duplicate key): then each document on its own, so that the others are kept.
  let bulk: unknown[] | undefined;
  if (!ranges.some((r) => r.aliases)) {
    try {
      bulk = jsyaml.constructFromEvents(events, { source, filename: file, schema: MANIFEST_SCHEMA });
      if (bulk.length !== ranges.length) bulk = undefined;
    } catch {
      bulk = undefined;
    }
  }

  // Positions are found again only when asked: a reported document's own lines are parsed a second
  // time then, instead of keeping every document's events. A document's text runs from the line of its
  // root node to the line of the next document's root (that includes the next `---`: an empty document).
  // (A helper, so that no closure here captures `events`: they must not outlive the loop below.)
  const textStarts = documentTextStarts(events, ranges, source);
  // When a document's own lines do not parse alone (a `%TAG` handle defined before it, say), the whole
  // chunk is parsed again: once, kept for the chunk's other documents, so that locating findings in
  // 3,000 such documents stays linear instead of parsing the file 3,000 times.
  let chunkEvents: Event[] | undefined;
  const indexAgain = (r: number, from: number): { nodes: Map<string, NodeLocation>; shift: number } => {
    const start = textStarts[r];
    const end = r + 1 < ranges.length ? Math.max(start, textStarts[r + 1]) : source.length;
    const text = source.slice(start, end);
    try {
      const again = jsyaml.parseEvents(text, { filename: file });
      if (again[0]?.type === EV_DOCUMENT && again[1] && again[1].type !== EV_POP) {
        return { nodes: indexDocument(again, 0, text), shift: start };
      }
    } catch {
      // fall through: the whole chunk parses (it did the first time)
    }
    return {
      nodes: indexEvents(
        () => (chunkEvents ??= jsyaml.parseEvents(source, { filename: file })),
        from,
        source,
      ),
      shift: 0,
    };
  };

  for (let r = 0; r < ranges.length; r++) {
    const { from, to, aliases } = ranges[r];
    const index = ctx.docCount++;
    const root = events[from + 1] as OffsetEvent | undefined;
    if (!root || root.type === EV_POP) continue; // empty document
    const startPos = { file, ...lines.position(base + textOffset(root)) };
    if (aliases && aliasExpansion(events, from, to, source, limit) > limit) {
      findings.push({
        severity: 'error',
        code: 'RT1003',
        message: `YAML aliases expand this document to more than ${limit} nodes (an "alias bomb"); it was not read`,
        ...startPos,
        fix: 'Write the values out instead of using YAML anchors and aliases.',
      });
      continue;
    }
    let data: unknown;
    if (bulk) {
      data = bulk[r];
    } else {
      try {
        [data] = jsyaml.constructFromEvents(events.slice(from, to + 1), {
          source,
          filename: file,
          schema: MANIFEST_SCHEMA,
        });
      } catch (err) {
        findings.push(yamlErrorFinding(file, err, startPos, lines, base));
        continue;
      }
    }
    if (data === null || data === undefined) continue; // a document holding only `~` or comments
    const origin = new EventOrigin(ctx.lines, index, startPos, () => {
      const again = indexAgain(r, from);
      return { nodes: again.nodes, shift: base + again.shift };
    });
    documents.push({ data, origin });
  }
}

type LocatedNodes = { nodes: Map<string, NodeLocation>; shift: number };

/**
 * A document's origin. Its start position and its node positions are worked out on first use: a
 * document nothing is reported about never needs them. One object per document, its methods on the
 * prototype (closures per document were a tenth of what loading 10,000 files allocated).
 */
abstract class TextOrigin implements DocumentOrigin {
  readonly file: string;
  private located: LocatedNodes | undefined;
  private startAt: SourcePosition | undefined;
  constructor(
    protected readonly src: LineIndex,
    readonly index: number,
    /** Offset of the document's root node in the file, or its position when already known. */
    private readonly root: number | SourcePosition,
  ) {
    this.file = src.file;
    if (typeof root !== 'number') this.startAt = root;
  }

  get start(): SourcePosition {
    return (this.startAt ??= { file: this.file, ...this.src.position(this.root as number) });
  }

  /** The positions of the document's nodes (offsets + shift into the file). */
  protected abstract nodes(): LocatedNodes;

  locate(pointer: string, target: LocateTarget = 'value'): SourcePosition {
    const { nodes, shift } = (this.located ??= this.nodes());
    let p = pointer;
    for (;;) {
      const loc = nodes.get(p);
      if (loc) {
        // A missing node is reported at its nearest ancestor, at the ancestor's key ("spec:") when it has one.
        const useKey = (target === 'key' || p !== pointer) && loc.key !== undefined;
        const offset = useKey ? loc.key! : loc.value;
        return { file: this.file, ...this.src.position(shift + offset) };
      }
      if (p === '') return this.start;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  sourceLine(n: number): string | undefined {
    return this.src.line(n);
  }
}

/** A document js-yaml read: positions come from its events (see parseChunk's indexAgain). */
class EventOrigin extends TextOrigin {
  constructor(
    src: LineIndex,
    index: number,
    start: SourcePosition,
    private readonly build: () => LocatedNodes,
  ) {
    super(src, index, start);
  }
  protected nodes(): LocatedNodes {
    return this.build();
  }
}

/**
 * A document the fast reader read: its positions come from reading it again with the recording on
 * (locateFastDocument); should that fail after all, text[textStart, end) is parsed by js-yaml.
 */
class FastOrigin extends TextOrigin {
  constructor(
    src: LineIndex,
    index: number,
    rootOffset: number,
    private readonly textStart: number,
    private readonly end: number,
  ) {
    super(src, index, rootOffset);
  }
  protected nodes(): LocatedNodes {
    const nodes = locateFastDocument(this.src.text, this.textStart, this.end);
    if (nodes !== undefined) return { nodes, shift: 0 };
    const source = this.src.text.slice(this.textStart, this.end);
    return {
      nodes: indexEvents(() => jsyaml.parseEvents(source, { filename: this.file }), 0, source),
      shift: this.textStart,
    };
  }
}

/** Parse text[start, end) with js-yaml in chunks of about CHUNK_CHARS. */
function parseRange(ctx: ChunkContext, start: number, end: number, chunkChars: number): void {
  const starts = chunkStarts(ctx.text.slice(start, end), chunkChars);
  for (let i = 0; i < starts.length; i++)
    parseChunk(ctx, start + starts[i], start + (starts[i + 1] ?? end - start));
}

/**
 * The usual case: each document (the text between `---` lines) read by the fast reader for plain
 * manifest YAML; runs of documents it cannot read go to js-yaml, which also reports their errors.
 */
function* parseFast(ctx: ChunkContext, chunkChars: number): Generator<void, void> {
  const { text } = ctx;
  const pieces = chunkStarts(text, 0, false); // parseManifestText checked readWhole: not again
  let pending = -1; // start of a run of pieces for js-yaml
  let unsafe = nextUnsafeChar(text, 0); // kept moving forward: one scan of the file in all
  for (let i = 0; i < pieces.length; i++) {
    if ((i & STEP_PIECES_MASK) === STEP_PIECES_MASK) yield;
    const start = pieces[i];
    const end = pieces[i + 1] ?? text.length;
    if (unsafe !== -1 && unsafe < start) unsafe = nextUnsafeChar(text, start);
    const doc = readFastDocument(text, start, end, unsafe);
    if (doc === undefined) {
      if (pending < 0) pending = start;
      continue;
    }
    if (pending >= 0) parseRange(ctx, pending, start, chunkChars);
    pending = -1;
    if ('empty' in doc) {
      // Only comments: a (null) document when a `---` opened it, nothing otherwise (js-yaml agrees).
      if (text.startsWith('---', start)) ctx.docCount++;
      continue;
    }
    const index = ctx.docCount++;
    if (doc.value === null) continue;
    const textStart = text.lastIndexOf('\n', doc.rootOffset - 1) + 1;
    ctx.documents.push({
      data: doc.value,
      origin: new FastOrigin(ctx.lines, index, doc.rootOffset, textStart, end),
      size: end - start,
    });
  }
  if (pending >= 0) parseRange(ctx, pending, text.length, chunkChars);
}

/** parseManifestSteps pauses after this many documents (a power of two, minus one). */
const STEP_PIECES_MASK = 63;

export function parseManifestText(file: string, text: string, options: ParseOptions = {}): ParsedText {
  const steps = parseManifestSteps(file, text, options);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * parseManifestText a step at a time: the generator pauses every 64 documents and returns the
 * result, so that a loader can let the event loop turn while a large file parses
 * (src/io/read-inputs.ts). The same documents and findings as parseManifestText.
 */
export function* parseManifestSteps(
  file: string,
  text: string,
  options: ParseOptions = {},
): Generator<void, ParsedText> {
  // A byte-order mark is not content: drop it so that columns on line 1 are what editors show.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const ctx: ChunkContext = {
    file,
    text,
    lines: new LineIndex(file, text),
    limit: options.maxAliasExpansion ?? MAX_ALIAS_EXPANSION,
    findings: [],
    documents: [],
    docCount: 0,
  };
  const chunkChars = options.chunkChars ?? CHUNK_CHARS;
  try {
    // Directives or a byte-order mark inside the text (readWhole): such files go to js-yaml whole.
    if (options.fastReader === false || readWhole(text)) parseRange(ctx, 0, text.length, chunkChars);
    else yield* parseFast(ctx, chunkChars);
  } catch (err) {
    // No input may crash the run (a stack overflow, a parser bug): the file becomes one finding.
    ctx.documents.length = 0;
    ctx.findings.push(yamlErrorFinding(file, err, { file, line: 1, column: 1 }, ctx.lines));
  }
  return { file, documents: ctx.documents, findings: ctx.findings };
}
