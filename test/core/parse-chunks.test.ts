/** Large files are parsed in chunks cut at `---` lines: same documents, same positions, errors kept local. */
import { chunkStarts, parseManifestSteps, parseManifestText } from '../../src/core/manifest/parse';

const DOC_LINES = 9;
function service(i: number): string {
  return [
    'apiVersion: core.riptides.io/v1alpha1',
    'kind: Service',
    'metadata:',
    `  name: svc-${i}`,
    'spec:',
    '  addresses:',
    `    - address: svc-${i}.internal`,
    '      port: 443',
    `# end of ${i}`,
  ].join('\n');
}
/** n documents; document i starts on line i * (DOC_LINES + 1) + 1. */
function bigFile(n: number, replace?: (i: number, text: string) => string): string {
  return (
    Array.from({ length: n }, (_, i) => (replace ? replace(i, service(i)) : service(i))).join('\n---\n') +
    '\n'
  );
}
const startLine = (i: number) => i * (DOC_LINES + 1) + 1;

describe('chunked parsing', () => {
  const text = bigFile(2000); // ~ 300 KB: several chunks

  test('the file really is cut into several chunks', () => {
    expect(chunkStarts(text).length).toBeGreaterThan(3);
    expect(chunkStarts('%YAML 1.2\n---\na: 1\n---\nb: 2\n', 0)).toEqual([0]);
    expect(chunkStarts('a: 1\n---\nb: 2\n--- c\n---x: 1\n', 0)).toEqual([0, 5, 14]);
  });

  test('every document keeps its index, start and exact node positions across chunks', () => {
    const r = parseManifestText('big.yaml', text);
    expect(r.findings).toEqual([]);
    expect(r.documents).toHaveLength(2000);
    for (const i of [0, 1, 437, 438, 999, 1500, 1999]) {
      const d = r.documents[i];
      expect(d.origin.index).toBe(i);
      expect(d.origin.start).toEqual({ file: 'big.yaml', line: startLine(i), column: 1 });
      expect(d.origin.locate('/metadata/name')).toEqual({
        file: 'big.yaml',
        line: startLine(i) + 3,
        column: 9,
      });
      expect(d.origin.locate('/spec/addresses/0/port', 'key')).toEqual({
        file: 'big.yaml',
        line: startLine(i) + 7,
        column: 7,
      });
      expect(d.origin.locate('/spec/labels')).toEqual({
        file: 'big.yaml',
        line: startLine(i) + 4,
        column: 1,
      });
    }
  });

  test('a syntax error in one document loses only that document, reported at its line', () => {
    const broken = bigFile(2000, (i, t) => (i === 1234 ? t.replace('port: 443', 'port: [443') : t));
    const r = parseManifestText('big.yaml', broken);
    expect(r.documents).toHaveLength(1999);
    expect(r.findings.map((f) => f.code)).toEqual(['RT1001']);
    expect(r.findings[0].line).toBeGreaterThanOrEqual(startLine(1234) + 7);
    expect(r.findings[0].line).toBeLessThanOrEqual(startLine(1235));
    // Documents after the broken one keep their index and positions.
    const after = r.documents.find((d) => d.origin.index === 1235)!;
    expect(after.origin.locate('/metadata/name')).toMatchObject({ line: startLine(1235) + 3, column: 9 });
  });

  test('a duplicate key in one document loses only that document', () => {
    const dup = bigFile(2000, (i, t) =>
      i === 42 ? t.replace('kind: Service', 'kind: Service\nkind: Service') : t,
    );
    const r = parseManifestText('big.yaml', dup);
    expect(r.documents).toHaveLength(1999);
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([['RT1002', startLine(42) + 2]]);
  });

  test('one chunk per document gives the same data and positions as the default', () => {
    const tricky = [
      '# leading comment',
      '---',
      'a: &x {k: v}',
      'b: *x',
      '--- |',
      '  literal on the marker line',
      '---',
      '  indented: root',
      '  second: 2',
      '...',
      '--- {flow: [1, 2]}',
      '---',
      '# only a comment',
      '---',
      'last: "quoted # not a comment"',
    ].join('\n');
    const whole = parseManifestText('t.yaml', tricky, { chunkChars: 1e9 });
    const split = parseManifestText('t.yaml', tricky, { chunkChars: 0 });
    expect(split.findings).toEqual(whole.findings);
    expect(split.documents.map((d) => [d.data, d.origin.index, d.origin.start])).toEqual(
      whole.documents.map((d) => [d.data, d.origin.index, d.origin.start]),
    );
    const pointers = ['', '/a', '/b', '/indented', '/second', '/flow/1', '/last'];
    for (let i = 0; i < whole.documents.length; i++) {
      for (const p of pointers) {
        expect(split.documents[i].origin.locate(p)).toEqual(whole.documents[i].origin.locate(p));
        expect(split.documents[i].origin.locate(p, 'key')).toEqual(
          whole.documents[i].origin.locate(p, 'key'),
        );
      }
    }
    expect(whole.documents[2].origin.locate('/second')).toEqual({ file: 't.yaml', line: 9, column: 11 });
  });

  test('a byte-order mark inside the text: the file is read whole, the same with any chunk size and with the fast reader on or off', () => {
    // js-yaml ends a document at a line of a BOM and a comment followed by `---`: cut before that
    // `---`, the BOM line would be content of the document instead (a key "\ufeff#a- kind").
    const text = 'a: 1\r\n\ufeff#a- kind: Service\n---\nmetadata: {name: a}\n';
    const reference = parseManifestText('t.yaml', text, { fastReader: false, chunkChars: 1e9 });
    expect(reference.documents.map((d) => d.data)).toEqual([{ a: 1 }, { metadata: { name: 'a' } }]);
    expect(chunkStarts(text, 0)).toEqual([0]);
    for (const options of [{}, { chunkChars: 0 }, { fastReader: false, chunkChars: 0 }]) {
      const r = parseManifestText('t.yaml', text, options);
      expect({ options, data: r.documents.map((d) => d.data) }).toEqual({
        options,
        data: reference.documents.map((d) => d.data),
      });
    }
  });
});

describe('parsing a step at a time (parseManifestSteps: a loader lets the event loop turn between steps)', () => {
  const drain = (steps: Generator<void, ReturnType<typeof parseManifestText>>) => {
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    return { pauses, parsed: step.value };
  };
  const view = (p: ReturnType<typeof parseManifestText>) => ({
    data: p.documents.map((d) => d.data),
    places: p.documents.map((d) => [d.origin.index, d.origin.locate('/spec/addresses/0/port')]),
    findings: p.findings,
  });

  test('pauses every 64 documents and gives what parseManifestText gives, errors included', () => {
    const text = bigFile(1000, (i, t) => (i === 500 ? t.replace('port: 443', 'port: [443') : t));
    const { pauses, parsed } = drain(parseManifestSteps('big.yaml', text));
    expect(pauses).toBe(Math.floor(1000 / 64));
    const whole = parseManifestText('big.yaml', text);
    expect(parsed.documents).toHaveLength(999);
    expect(parsed.findings.map((f) => f.code)).toEqual(['RT1001']);
    // Within document 500 (the unclosed `[` is reported where the document ends).
    expect(parsed.findings[0].line).toBeGreaterThanOrEqual(startLine(500) + 7);
    expect(parsed.findings[0].line).toBeLessThan(startLine(501));
    expect(view(parsed)).toEqual(view(whole));
  });

  test('a file the fast reader leaves whole (a directive) is one step', () => {
    const text = '%YAML 1.2\n---\n' + bigFile(200);
    const { pauses, parsed } = drain(parseManifestSteps('d.yaml', text));
    expect(pauses).toBe(0);
    expect(view(parsed)).toEqual(view(parseManifestText('d.yaml', text)));
    expect(parsed.documents).toHaveLength(200);
  });
});
