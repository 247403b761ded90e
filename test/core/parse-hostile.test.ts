/**
 * Hostile input never escapes parseManifestText as an exception (which the CLI would report as an
 * internal error, exit 70): deep nesting and control characters become findings at their line, with
 * the fast reader on and off.
 */
import { parseManifestText } from '../../src/core/manifest/parse';

const HEAD = 'apiVersion: core.riptides.io/v1alpha1\nkind: WorkloadIdentity\nmetadata:\n  name: a\nspec:\n';

function both(text: string) {
  const fast = parseManifestText('deep.yaml', text);
  const slow = parseManifestText('deep.yaml', text, { fastReader: false });
  const shape = (r: typeof fast) => ({
    data: r.documents.map((d) => d.data),
    findings: r.findings.map((f) => [f.code, f.line, f.column]),
  });
  expect(shape(fast)).toEqual(shape(slow));
  return fast;
}

describe('deep nesting', () => {
  test.each([150, 3000, 20000])('%i levels of flow sequences: RT1001 on the line, no document', (depth) => {
    const r = both(HEAD + '  x: ' + '['.repeat(depth) + ']'.repeat(depth) + '\n');
    expect(r.documents).toEqual([]);
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([['RT1001', 6]]);
    expect(r.findings[0].message).toMatch(/nested more than 100 levels/);
  });

  test('150 levels of block mappings: RT1001 where the limit is crossed', () => {
    let text = HEAD;
    for (let i = 0; i < 150; i++) text += '  '.repeat(i + 1) + 'k:\n';
    const r = both(text);
    expect(r.findings.map((f) => f.code)).toEqual(['RT1001']);
    expect(r.findings[0].line).toBeGreaterThan(100);
  });

  test('60 levels still read, and positions inside them found', () => {
    const r = both(HEAD + '  x: ' + '['.repeat(60) + 'v' + ']'.repeat(60) + '\n');
    expect(r.findings).toEqual([]);
    expect(r.documents[0].origin.locate('/spec/x/0/0').line).toBe(6);
  });

  test('a deep document does not hide the next one', () => {
    const r = both(HEAD + '  x: ' + '['.repeat(500) + ']'.repeat(500) + '\n---\n' + HEAD + '  y: 1\n');
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([['RT1001', 6]]);
    expect(r.documents.map((d) => (d.data as { spec: unknown }).spec)).toEqual([{ y: 1 }]);
  });
});

describe('control characters', () => {
  test.each([
    ['double-quoted', '"a\x01b"'],
    ['single-quoted', "'a\x01b'"],
    ['plain', 'a\x01b'],
    ['DEL in plain', 'a\x7fb'],
    ['NUL', 'a\x00b'],
    ['C1 (U+0085 inside a word is a line break to YAML, U+0086 is not allowed)', 'a\x86b'],
    ['U+FFFE', 'a\ufffeb'],
    ['lone surrogate', 'a\ud800b'],
  ])('%s: a finding at its line, never an exception', (_name, value) => {
    const r = both(HEAD.replace('name: a', `name: ${value}`));
    expect(r.documents).toEqual([]);
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([['RT1001', 4]]);
  });

  test('escaped controls in double quotes are fine (\\x01 written as an escape)', () => {
    const r = both(HEAD.replace('name: a', 'name: "a\\x01b"'));
    expect(r.findings).toEqual([]);
    expect((r.documents[0].data as { metadata: { name: string } }).metadata.name).toBe('a\x01b');
  });
});
