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

const EV_DOCUMENT = 1;
const EV_SEQUENCE = 2;
const EV_MAPPING = 3;
const EV_SCALAR = 4;
const EV_ALIAS = 5;
const EV_POP = 6;

/** Cap on the number of nodes a document may expand to through aliases ("billion laughs"). */
export const MAX_ALIAS_EXPANSION = 10_000;

export interface ParsedText {
  file: string;
  documents: LoadedDocument[];
  findings: Finding[];
}

export interface ParseOptions {
  maxAliasExpansion?: number;
}

/** Maps offsets to 1-based line/column; built once per file, on first use. */
class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
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

interface NodeLocation {
  key?: number;
  value: number;
}

type OffsetEvent = Event & {
  start?: number;
  valueStart?: number;
  anchorStart?: number;
  tagStart?: number;
  style?: number;
};

function startOffset(e: OffsetEvent): number {
  let offset = e.type === EV_SCALAR ? (e.valueStart ?? 0) : (e.start ?? e.anchorStart ?? 0);
  // Quoted scalars: valueStart is inside the quotes; point at the opening quote.
  if (e.type === EV_SCALAR && (e.style === 2 || e.style === 3)) offset -= 1;
  for (const extra of [e.anchorStart, e.tagStart])
    if (extra !== undefined && extra >= 0 && extra < offset) offset = extra;
  return Math.max(0, offset);
}

/** Index every node of one document (events[from] is its DOCUMENT event) by JSON pointer. */
function indexDocument(events: Event[], from: number, source: string): Map<string, NodeLocation> {
  const index = new Map<string, NodeLocation>();
  const walk = (pos: number, pointer: string, key: number | undefined): number => {
    const e = events[pos] as OffsetEvent;
    index.set(pointer, { key, value: startOffset(e) });
    if (e.type === EV_SEQUENCE) {
      pos++;
      for (let i = 0; events[pos].type !== EV_POP; i++) pos = walk(pos, `${pointer}/${i}`, undefined);
      return pos + 1;
    }
    if (e.type === EV_MAPPING) {
      pos++;
      while (events[pos].type !== EV_POP) {
        const k = events[pos] as OffsetEvent;
        let name = '?';
        if (k.type === EV_SCALAR) {
          name = jsyaml.getScalarValue(source, k as Parameters<typeof jsyaml.getScalarValue>[1]);
          pos++;
        } else {
          pos = walk(pos, `${pointer}/?`, undefined); // complex key: index it somewhere harmless
        }
        pos = walk(pos, `${pointer}/${escapePointerToken(name)}`, startOffset(k));
      }
      return pos + 1;
    }
    return pos + 1;
  };
  if (events[from + 1] && events[from + 1].type !== EV_POP) walk(from + 1, '', undefined);
  return index;
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

function yamlErrorFinding(file: string, err: unknown, fallback: SourcePosition): Finding {
  const ex = err as { reason?: string; message?: string; mark?: YamlMark };
  const reason = ex.reason ?? ex.message ?? String(err);
  const line = ex.mark?.line !== undefined ? ex.mark.line + 1 : fallback.line;
  const column = ex.mark?.column !== undefined ? ex.mark.column + 1 : fallback.column;
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

export function parseManifestText(file: string, text: string, options: ParseOptions = {}): ParsedText {
  const limit = options.maxAliasExpansion ?? MAX_ALIAS_EXPANSION;
  // A byte-order mark is not content: drop it so that columns on line 1 are what editors show.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const documents: LoadedDocument[] = [];

  let events: Event[];
  try {
    events = jsyaml.parseEvents(text, { filename: file });
  } catch (err) {
    findings.push(yamlErrorFinding(file, err, { file, line: 1, column: 1 }));
    return { file, documents, findings };
  }

  let docIndex = 0;
  for (let i = 0; i < events.length; i++) {
    if (events[i].type !== EV_DOCUMENT) continue;
    const from = i;
    let depth = 0;
    let to = i + 1;
    for (; to < events.length; to++) {
      const t = events[to].type;
      if (t === EV_SEQUENCE || t === EV_MAPPING) depth++;
      else if (t === EV_POP) {
        if (depth === 0) break;
        depth--;
      }
    }
    i = to;
    const root = events[from + 1] as OffsetEvent | undefined;
    const index = docIndex++;
    if (!root || root.type === EV_POP) continue; // empty document
    const startPos = { file, ...lines.position(startOffset(root)) };
    if (
      events.slice(from, to).some((e) => e.type === EV_ALIAS) &&
      aliasExpansion(events, from, to, text, limit) > limit
    ) {
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
    try {
      [data] = jsyaml.constructFromEvents(events.slice(from, to + 1), { source: text, filename: file });
    } catch (err) {
      findings.push(yamlErrorFinding(file, err, startPos));
      continue;
    }
    if (data === null || data === undefined) continue; // a document holding only `~` or comments
    let nodes: Map<string, NodeLocation> | undefined;
    const origin: DocumentOrigin = {
      file,
      index,
      start: startPos,
      locate(pointer: string, target: LocateTarget = 'value'): SourcePosition {
        nodes ??= indexDocument(events, from, text);
        let p = pointer;
        for (;;) {
          const loc = nodes.get(p);
          if (loc) {
            // A missing node is reported at its nearest ancestor, at the ancestor's key ("spec:") when it has one.
            const useKey = (target === 'key' || p !== pointer) && loc.key !== undefined;
            const offset = useKey ? loc.key! : loc.value;
            return { file, ...lines.position(offset) };
          }
          if (p === '') return startPos;
          p = p.slice(0, p.lastIndexOf('/'));
        }
      },
      sourceLine: (n: number) => lines.line(n),
    };
    documents.push({ data, origin });
  }
  return { file, documents, findings };
}
