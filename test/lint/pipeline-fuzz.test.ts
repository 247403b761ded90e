/**
 * Random edits of real manifests through the whole local pipeline (parse → schema → pruned resources →
 * rules): never an exception (the CLI's exit 70) and never RT2000 (a rule that crashed), whatever part
 * of a resource the schema left for the rules.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { lintResources } from '../../src/core/lint/run';
import { checkDocuments } from '../../src/core/manifest/check';
import { parseManifestText } from '../../src/core/manifest/parse';
import { loadFieldPaths } from '../../src/io/field-paths';
import { compileValidators } from '../../src/io/schema-compiler';

const REPO = path.join(__dirname, '..', '..');
const validators = compileValidators();

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e.name) ? [fs.readFileSync(p, 'utf8')] : [];
  });
}

const sources = [
  ...yamlFiles(path.join(REPO, 'examples')),
  ...yamlFiles(path.join(REPO, 'test', 'fixtures', 'lint')),
];
const INSERTS = [
  '',
  ' ',
  '  ',
  ':',
  '- ',
  '#',
  '"',
  '[',
  ']',
  '{',
  '}',
  ',',
  '\n',
  '\n  ',
  '\t',
  '&a ',
  '*a',
  '<<: *a\n',
  'x',
  '1',
  '\x01',
  '\u00a0',
  '99999',
  'spiffe://',
  'k8s:label:',
];

test('random edits of real manifests: no exception, no crashed rule, every finding placed', () => {
  fc.assert(
    fc.property(
      fc.nat(),
      fc.array(
        fc.record({ at: fc.nat(), del: fc.integer({ min: 0, max: 3 }), ins: fc.constantFrom(...INSERTS) }),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      (which, edits) => {
        let text = sources[which % sources.length];
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
        }
        const parsed = parseManifestText('f.yaml', text);
        const checked = checkDocuments(parsed.documents, { validators, fieldPaths: loadFieldPaths });
        const lint = lintResources(checked.lintable, { scenarios: checked.scenarios });
        expect(lint.findings.filter((f) => f.code === 'RT2000')).toEqual([]);
        for (const f of [...parsed.findings, ...checked.findings, ...lint.findings])
          expect(Number.isInteger(f.line)).toBe(true);
      },
    ),
    { numRuns: 2000 },
  );
});
