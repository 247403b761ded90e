/**
 * The core is a library: what it returns is data (codes and parameters) and the printers write the
 * sentences (docs/architecture.md, "The trace is data"). This test reads the modules below that have
 * been made sentence-free and fails on any string literal or template in them that reads like prose
 * (two words or more), so that an English message does not creep back into them. The code
 * catalog's titles (FLOW_EXPLANATIONS) are the one allowed exception: they document the codes.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');

/** Modules and folders of src/core whose strings must not be sentences, with their exceptions. */
const SENTENCE_FREE: { path: string; except?: string[] }[] = [
  // record.ts checks flow records: its problems are reported like schema findings (path + message).
  { path: 'src/core/flows', except: ['src/core/flows/record.ts'] },
  { path: 'src/core/policy/reach.ts' },
  { path: 'src/core/policy/near-miss.ts' },
  { path: 'src/core/policy/fixes.ts' },
];

/** Top-level declarations whose initializer may hold prose: the code catalog. */
const CATALOGS = new Set(['FLOW_EXPLANATIONS']);

function filesOf(entry: { path: string; except?: string[] }): string[] {
  const abs = path.join(ROOT, entry.path);
  const files = fs.statSync(abs).isDirectory()
    ? fs
        .readdirSync(abs, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => path.join(entry.path, f))
    : [entry.path];
  return files.filter((f) => !(entry.except ?? []).includes(f.split(path.sep).join('/'))).sort();
}

/** The text a literal or template always contains (a template's static parts, `…` for each value). */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('…');
  return undefined;
}

const WORD = /^[A-Za-z][A-Za-z'’-]*$/;
/** Prose: two words or more (a word: letters, maybe in brackets or quotes, or before a punctuation mark). */
function readsLikeProse(text: string): boolean {
  const words = text
    .split(/\s+/)
    .map((w) => w.replace(/^[(["'“]+|[)\]"'”,:;.!?]+$/g, ''))
    .filter((w) => WORD.test(w));
  return words.length >= 2;
}

/** `file:line: "text"` of every literal of a module that reads like prose, outside the catalogs. */
function proseIn(file: string, text = fs.readFileSync(path.join(ROOT, file), 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && CATALOGS.has(node.name.text)) return;
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    const text = literalText(node);
    if (text !== undefined) {
      if (readsLikeProse(text)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${file}:${line + 1}: ${JSON.stringify(text)}`);
      }
      if (!ts.isTemplateExpression(node)) return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('sentence-free core modules', () => {
  const files = SENTENCE_FREE.flatMap(filesOf);

  test('the list names existing modules', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test.each(files)('%s writes no sentence (the printers do)', (file) => {
    expect(proseIn(file)).toEqual([]);
  });

  test('the check sees a sentence or a phrase, not a code, a key or a value', () => {
    expect(readsLikeProse('the daemon reported: …')).toBe(true);
    expect(readsLikeProse('every daemon')).toBe(true);
    expect(readsLikeProse('WorkloadIdentity … (new)')).toBe(true);
    expect(readsLikeProse('no-service')).toBe(false);
    expect(readsLikeProse('spiffe://example.com/a')).toBe(false);
    expect(readsLikeProse('\u0002')).toBe(false);
    expect(readsLikeProse('… …')).toBe(false);
  });

  test('the check reads templates, strings and object values, and leaves out types, imports and the catalog', () => {
    const module = [
      "import type { Verdict } from '../manifest/types';",
      "export type FlowStatus = 'agree' | 'drift' | 'changes';",
      "export const FLOW_EXPLANATIONS = { 'daemon-reason': 'The daemon reported its own reason' } as const;",
      'export const a = (reason: string) => ({ code: `daemon-reason`, message: `the daemon reported: ${reason}` });',
      "export const b = { expected: 'every daemon' };",
      'export const c = (key: string) => `WorkloadIdentity ${key} (new)`;',
    ].join('\n');
    expect(proseIn('m.ts', module)).toEqual([
      'm.ts:4: "the daemon reported: …"',
      'm.ts:5: "every daemon"',
      'm.ts:6: "WorkloadIdentity … (new)"',
    ]);
  });
});
