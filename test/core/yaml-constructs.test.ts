/**
 * The YAML constructs a manifest can contain (the categories the official YAML test suite exercises,
 * written here as our own cases): each is read to the value YAML 1.2 gives it, identically with the
 * fast reader on and off, or reported as a finding — never an exception.
 */
import { parseManifestText } from '../../src/core/manifest/parse';

function read(text: string): unknown[] {
  const fast = parseManifestText('c.yaml', text);
  const slow = parseManifestText('c.yaml', text, { fastReader: false });
  const shape = (r: typeof fast) => ({
    data: r.documents.map((d) => d.data),
    starts: r.documents.map((d) => d.origin.start),
    findings: r.findings.map((f) => [f.code, f.line, f.column]),
  });
  expect(shape(fast)).toEqual(shape(slow));
  expect(fast.findings).toEqual([]);
  return fast.documents.map((d) => d.data);
}

function codes(text: string): string[] {
  const fast = parseManifestText('c.yaml', text).findings.map((f) => `${f.code}@${f.line}`);
  expect(fast).toEqual(
    parseManifestText('c.yaml', text, { fastReader: false }).findings.map((f) => `${f.code}@${f.line}`),
  );
  return fast;
}

describe('YAML constructs in manifests', () => {
  test.each<[string, string, unknown[]]>([
    ['block mapping and compact sequence', 'a:\n- x\n- y\nb: 1\n', [{ a: ['x', 'y'], b: 1 }]],
    [
      'sequence of mappings, compact',
      '- name: a\n  port: 1\n- name: b\n',
      [[{ name: 'a', port: 1 }, { name: 'b' }]],
    ],
    [
      'flow collections, nested and spread over lines',
      'a: {x: [1, 2],\n  y: {z: w}}\n',
      [{ a: { x: [1, 2], y: { z: 'w' } } }],
    ],
    ['double-quoted escapes', 'a: "t\\tb\\u00e9\\x41\\"\\\\"\n', [{ a: 't\tbéA"\\' }]],
    ["single-quoted with ''", "a: 'it''s'\n", [{ a: "it's" }]],
    ['multi-line plain scalar folds', 'a: one\n  two\n\n  three\n', [{ a: 'one two\nthree' }]],
    [
      'multi-line double-quoted folds, escaped line break',
      'a: "one\n  two \\\n  three"\n',
      [{ a: 'one two three' }],
    ],
    [
      'literal block scalar, clip/strip/keep',
      'a: |\n  x\n  y\n\nb: |-\n  x\nc: |+\n  x\n\n',
      [{ a: 'x\ny\n', b: 'x', c: 'x\n\n' }],
    ],
    ['folded block scalar with indentation indicator', 'a: >2\n   x\n  y\n  z\n', [{ a: ' x\ny z\n' }]],
    [
      'anchors and aliases',
      'a: &p {k: v}\nb: *p\nc: [&s x, *s]\n',
      [{ a: { k: 'v' }, b: { k: 'v' }, c: ['x', 'x'] }],
    ],
    [
      'core-schema scalars',
      'a: [~, null, true, False, 012, 0x1f, 0o17, 1.5e3, .inf, -.INF, yes, "1"]\n',
      [{ a: [null, null, true, false, 12, 31, 15, 1500, Infinity, -Infinity, 'yes', '1'] }],
    ],
    ['explicit tags', 'a: !!str 1\nb: !!int "2"\n', [{ a: '1', b: 2 }]],
    [
      'comments everywhere',
      '# head\na: 1 # tail\n# between\nb: # after key\n  c: 2\n',
      [{ a: 1, b: { c: 2 } }],
    ],
    ['explicit key', '? a\n: 1\n', [{ a: 1 }]],
    ['empty values', 'a:\nb: ""\nc: []\nd: {}\n', [{ a: null, b: '', c: [], d: {} }]],
    ['document markers and an end marker', '---\na: 1\n...\n---\nb: 2\n', [{ a: 1 }, { b: 2 }]],
    ['a %YAML directive', '%YAML 1.2\n---\na: 1\n', [{ a: 1 }]],
    ['CRLF line breaks', 'a: 1\r\nb:\r\n  - x\r\n', [{ a: 1, b: ['x'] }]],
    ['byte-order mark', '\ufeffa: 1\n', [{ a: 1 }]],
    ['a tab as the separator after a key', 'a:\t1\n', [{ a: 1 }]],
    [
      'Unicode content kept as written (NBSP is content, not space)',
      'a: x\u00a0\nb: "é 😀"\n',
      [{ a: 'x\u00a0', b: 'é 😀' }],
    ],
    ['no final newline', 'a: 1', [{ a: 1 }]],
  ])('%s', (_name, text, want) => {
    expect(read(text)).toEqual(want);
  });

  test.each<[string, string, string[]]>([
    ['tab as indentation', 'a:\n\tb: 1\n', ['RT1001@2']],
    ['a key repeated', 'a: 1\na: 2\n', ['RT1002@2']],
    ['an undefined alias', 'a: *nope\n', ['RT1001@1']],
    ['an unclosed flow sequence', 'a: [1, 2\nb: 3\n', ['RT1001@2']],
    ['a lone CR inside a plain scalar line', 'a: x\ry: 1\n', []],
  ])('%s: a finding (or a value) the same on both readers, no exception', (_name, text, want) => {
    const got = codes(text);
    if (want.length) expect(got.map((c) => c.split('@')[0])).toEqual(want.map((c) => c.split('@')[0]));
  });
});
