/**
 * The fast reader must never disagree with js-yaml: for any text, it either gives up (undefined) or
 * returns exactly js-yaml's value. Checked on the repository's manifests, on generated documents, and
 * on random mutations of real ones (where js-yaml fails, the fast reader must give up).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { nextUnsafeChar, readFastDocument } from '../../src/core/manifest/fast-yaml';
import { parseManifestText } from '../../src/core/manifest/parse';

const REPO = path.join(__dirname, '..', '..');
/** Runs of the property tests; docs/performance.md quotes these numbers. */
const RANDOM_EDIT_RUNS = 3000;
const HOSTILE_RUNS = 3000;

/** js-yaml's reading of a one-document text: its value, or 'error'. */
function reference(text: string): unknown {
  try {
    const docs = jsyaml.loadAll(text);
    return docs.length === 0 ? { empty: true } : docs.length === 1 ? docs[0] : 'several';
  } catch {
    return 'error';
  }
}

function agree(text: string): void {
  const fast = readFastDocument(text, 0, text.length);
  if (fast === undefined) return;
  const ref = reference(text);
  // Only comments: one null document when `---` opened it, none otherwise (parse.ts counts it so).
  if ('empty' in fast) expect([text, ref]).toEqual([text, text.startsWith('---') ? null : { empty: true }]);
  else {
    expect([text, fast.value]).toEqual([text, ref]);
    // Its node positions too (read again by the fast reader, or from js-yaml's events).
    sameWithFastReaderOnAndOff(text);
  }
}

/** The JSON pointer of every node of a value, and one under each mapping that names no node. */
function pointersOf(value: unknown, pointer = '', out: string[] = []): string[] {
  out.push(pointer);
  if (Array.isArray(value)) value.forEach((v, i) => pointersOf(v, `${pointer}/${i}`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      pointersOf(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
    out.push(`${pointer}/no-such-key/0`);
  }
  return out;
}

/**
 * The whole of parseManifestText's answer with the fast reader on or off: values, findings, origins,
 * and where every node (its key and its value) and some missing ones are placed.
 */
function wholeFile(text: string, fastReader: boolean): unknown {
  const r = parseManifestText('t.yaml', text, { fastReader });
  return {
    documents: r.documents.map((d) => [
      d.data,
      d.origin.index,
      d.origin.start.line,
      d.origin.start.column,
      pointersOf(d.data).map((p) => {
        const value = d.origin.locate(p, 'value');
        const key = d.origin.locate(p, 'key');
        return `${p} ${value.line}:${value.column} ${key.line}:${key.column}`;
      }),
    ]),
    findings: r.findings.map((f) => [f.code, f.line, f.column]),
  };
}

function sameWithFastReaderOnAndOff(text: string): void {
  expect([text, wholeFile(text, true)]).toEqual([text, wholeFile(text, false)]);
}

function manifestFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push(p);
    }
  };
  walk(path.join(REPO, 'examples'));
  walk(path.join(REPO, 'test', 'fixtures', 'validate'));
  return out;
}

function documentsOf(text: string): string[] {
  return text.split(/^(?=---(?:[ \t]|\r?\n|$))/m);
}

test('nextUnsafeChar finds what the one-regex definition finds, from any offset', () => {
  // The definition: anything but printable ASCII, LF and the CR of a CRLF.
  const definition = (text: string, from: number) => {
    const re = /[^\n\r\x20-\x7e]|\r(?!\n)/g;
    re.lastIndex = from;
    return re.exec(text)?.index ?? -1;
  };
  const char = fc.constantFrom('a', ' ', '\n', '\r', '\r\n', '\t', 'é', '\u2028', '\x7f', '\x00', '~', '😀');
  fc.assert(
    fc.property(fc.array(char, { maxLength: 30 }), fc.nat(40), (chars, from) => {
      const text = chars.join('');
      expect(nextUnsafeChar(text, from)).toBe(definition(text, from));
    }),
    { numRuns: 5000 },
  );
});

describe('fast YAML reader', () => {
  test('reads the examples and fixtures exactly as js-yaml does (and actually reads most of them)', () => {
    let read = 0;
    let total = 0;
    for (const file of manifestFiles()) {
      for (const doc of documentsOf(fs.readFileSync(file, 'utf8'))) {
        total++;
        if (readFastDocument(doc, 0, doc.length) !== undefined) read++;
        agree(doc);
      }
    }
    expect(read / total).toBeGreaterThan(0.8);
  });

  test('the root offset is where js-yaml puts the document start', () => {
    const text = '# c\n---\n# d\n\n  a: 1\n  b: [x]\n';
    const doc = readFastDocument(text, 4, text.length) as { rootOffset: number };
    const viaJsYaml = parseManifestText('t.yaml', text, { fastReader: false }).documents[0].origin.start;
    const viaFast = parseManifestText('t.yaml', text).documents[0].origin.start;
    expect(viaFast).toEqual(viaJsYaml);
    expect(doc.rootOffset).toBe(text.indexOf('a: 1'));
  });

  const tricky = fc.constantFrom(
    'a',
    'b c',
    'k8s:label:app',
    'spiffe://example.com/x',
    'x: y',
    'x #y',
    'x#y',
    '#x',
    '- x',
    '-x',
    '1000',
    '007',
    '+1',
    '1.5',
    '1e3',
    '0x1F',
    '.inf',
    'true',
    'True',
    'tRUE',
    'FALSE',
    'Null',
    'nul',
    '-.inf',
    '.NaN',
    'team-5',
    'yes',
    'null',
    '~',
    '',
    ' ',
    "it's",
    'say "hi"',
    '[a]',
    '{a}',
    'a,b',
    '10.0.0.7',
    '2026-01-01',
    '__proto__',
    '<<',
    '*a',
    '&a',
    '!t',
    '|',
    '>',
    '%',
    '@',
    '`',
    '?',
    'é',
    'a\\b',
  );
  const scalar = fc.oneof(tricky, fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true }));
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
    list: fc.array(tie('node'), { maxLength: 4 }),
    map: fc.dictionary(tricky, tie('node'), { maxKeys: 4 }),
  })).node;

  test('generated documents in block and flow style: same value as js-yaml, or gives up', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: -1, max: 3 }), fc.boolean(), (v, flowLevel, sortKeys) => {
        const text = jsyaml.dump(v, { flowLevel, sortKeys, lineWidth: -1 });
        agree(text);
        agree('---\n' + text);
        agree(text.replace(/\n/g, '\r\n'));
        // as a one-line JSON document (quoted keys, values touching their ':')
        const json = JSON.stringify(v);
        if (json !== undefined) {
          agree(json);
          agree(json + '\n');
          agree('---\n' + json + ' # c\n');
          agree(JSON.stringify(v, null, 1).replace(/\n */g, ' ') + '\n');
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('one-line JSON manifests (every example and fixture document as JSON): read by the fast reader, the same as js-yaml, in whole files too', () => {
    let read = 0;
    let total = 0;
    for (const file of manifestFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      let values: unknown[];
      try {
        values = jsyaml.loadAll(text);
      } catch {
        continue; // a fixture that is bad YAML on purpose
      }
      const lines = values.filter((v) => v !== null && v !== undefined).map((v) => JSON.stringify(v));
      for (const line of lines) {
        total++;
        if (readFastDocument(line + '\n', 0, line.length + 1) !== undefined) read++;
        agree(line + '\n');
      }
      sameWithFastReaderOnAndOff(lines.join('\n---\n') + '\n');
      sameWithFastReaderOnAndOff(lines.map((l) => '---\n' + l.replace(/,"/g, ', "')).join('\n') + '\n');
    }
    expect(total).toBeGreaterThan(30);
    expect(read / total).toBeGreaterThan(0.8);
  });

  test('flow documents the fast reader leaves to js-yaml', () => {
    for (const text of [
      '{"a": 1}\nb: 2\n', // a second node after the root collection
      '{"a": 1,\n "b": 2}\n', // over two lines
      '{"a": 1, "a": 2}\n', // a repeated key
      '{"a\\n": 1}\n', // an escape
      '{"a"}\n', // a key without a value
      '{"<<": {"a": 1}}\n',
      '{"__proto__": 1}\n',
      '{"a": 1} x\n',
    ])
      expect([text, readFastDocument(text, 0, text.length)]).toEqual([text, undefined]);
  });

  test('random edits of real manifests: never a value js-yaml would not give', () => {
    const sources = manifestFiles().flatMap((f) => documentsOf(fs.readFileSync(f, 'utf8')));
    const edit = fc.record({
      doc: fc.nat(),
      at: fc.nat(),
      del: fc.integer({ min: 0, max: 3 }),
      ins: fc.constantFrom(
        '',
        ' ',
        '  ',
        ':',
        ': ',
        '-',
        '- ',
        '#',
        ' #',
        '"',
        "'",
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
        '|',
        '>',
        'x',
        '1',
        '?',
      ),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = sources[edits[0].doc % sources.length];
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
        }
        agree(text);
      }),
      { numRuns: RANDOM_EDIT_RUNS },
    );
  });

  // Characters where a hand-written reader and js-yaml may disagree: Unicode spaces (trimmed or not),
  // line-break look-alikes, controls js-yaml rejects, non-characters and lone surrogates.
  const HOSTILE = [
    '\u00a0', // NBSP
    '\u2007',
    '\u3000',
    '\ufeff', // BOM inside the text
    '\r', // a lone CR
    '\r\n',
    '\u0085', // NEL
    '\u2028', // LINE SEPARATOR
    '\u0000',
    '\u0001',
    '\u001b',
    '\u007f', // DEL
    '\u0080',
    '\u009f',
    '\ud800', // lone high surrogate
    '\udc00',
    '\ufffe',
    '\uffff',
    '\t',
    'é',
    '😀',
  ];
  const hostileText = fc
    .array(
      fc.oneof(
        fc.constantFrom(...HOSTILE),
        fc.constantFrom('a', ' ', ':', '- ', '"', "'", '#', '\n', '\n  '),
      ),
      {
        minLength: 1,
        maxLength: 4,
      },
    )
    .map((parts) => parts.join(''));

  test('named hostile characters in a key, a plain, a quoted value and a comment: the same with the reader on and off', () => {
    const base = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: NAME\n  labels: {k: v}\n';
    for (const ch of HOSTILE) {
      for (const place of [
        'a' + ch,
        ch + 'a',
        'a' + ch + 'b',
        `"a${ch}"`,
        `'a${ch}'`,
        `a # c${ch}`,
        `[a${ch}]`,
      ]) {
        const text = base.replace('NAME', place);
        sameWithFastReaderOnAndOff(text);
        sameWithFastReaderOnAndOff(text.replace('  labels', `  k${ch}y: 1\n  labels`));
        agree(text);
      }
    }
  });

  test('differential fuzz over a Unicode and control-character alphabet: fast reader on and off agree on whole files', () => {
    const sources = manifestFiles().map((f) => fs.readFileSync(f, 'utf8'));
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(fc.record({ at: fc.nat(), del: fc.integer({ min: 0, max: 2 }), ins: hostileText }), {
          minLength: 1,
          maxLength: 3,
        }),
        (which, edits) => {
          let text = sources[which % sources.length];
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.ins + text.slice(at + e.del);
          }
          sameWithFastReaderOnAndOff(text);
        },
      ),
      { numRuns: HOSTILE_RUNS },
    );
  });

  test('every example and fixture file: the same with the fast reader on and off', () => {
    for (const file of manifestFiles()) sameWithFastReaderOnAndOff(fs.readFileSync(file, 'utf8'));
  });
});

test('a document longer than the kept line buffer is read whole, and the next one still reads', () => {
  const items = Array.from({ length: 70_000 }, (_, i) => `  - item-${i}`);
  const long = `list:\n${items.join('\n')}\n`;
  const doc = readFastDocument(long, 0, long.length) as { value: { list: string[] } };
  expect(doc.value.list).toHaveLength(70_000);
  expect(doc.value).toEqual(jsyaml.load(long));
  const small = 'a: 1\nb:\n  - x\n';
  expect((readFastDocument(small, 0, small.length) as { value: unknown }).value).toEqual({ a: 1, b: ['x'] });
});
