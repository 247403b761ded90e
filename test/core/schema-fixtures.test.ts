/**
 * Data-driven schema tests: each file in test/fixtures/validate/schema/ says in `# expect:` lines which
 * findings it must produce (code, JSON pointer, line:column) — or `# expect: none` for a valid one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkDocuments } from '../../src/core/manifest/check';
import { parseManifestText } from '../../src/core/manifest/parse';
import { compileValidators } from '../../src/io/schema-compiler';

const dir = path.join(__dirname, '..', 'fixtures', 'validate', 'schema');
const validators = compileValidators();

function expectations(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^# expect: (.*)$/gm)) {
    if (m[1].trim() !== 'none') out.push(m[1].trim().replace(/\s+/g, ' '));
  }
  return out.sort();
}

const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'));

test('there are valid and invalid fixtures', () => {
  expect(files.filter((f) => f.startsWith('valid-')).length).toBeGreaterThanOrEqual(3);
  expect(files.length).toBeGreaterThanOrEqual(20);
});

describe.each(files)('%s', (file) => {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  test('produces exactly the expected findings (code, path, line:column)', () => {
    const parsed = parseManifestText(file, text);
    expect(parsed.findings).toEqual([]);
    const result = checkDocuments(parsed.documents, { validators });
    const got = result.findings
      .map((f) => `${f.code} ${f.path ?? ''} ${f.line}:${f.column}`.replace(/\s+/g, ' '))
      .sort();
    expect(got).toEqual(expectations(text));
    if (file.startsWith('valid-'))
      expect(result.resources.length + result.scenarios.length).toBe(parsed.documents.length);
  });
});
