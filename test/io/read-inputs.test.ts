/** Loading manifests: files, directories, stdin, and every kind of bad input becoming a positioned finding. */
import fs from 'node:fs';
import path from 'node:path';
import { RiptidesError } from '../../src/core/errors';
import { loadManifests, MAX_FILE_BYTES } from '../../src/io/read-inputs';
import { tempDir } from '../helpers/cli';

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const SVC = (name: string) =>
  `apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  addresses:\n    - address: ${name}.internal\n      port: 443\n`;

describe('loadManifests', () => {
  test('multi-document file: every document keeps its own positions', async () => {
    const dir = tempDir();
    const file = write(dir, 'all.yaml', `${SVC('a')}---\n${SVC('b')}---\n# nothing here\n---\n${SVC('c')}`);
    const r = await loadManifests([file]);
    expect(r.findings).toEqual([]);
    expect(r.documents.map((d) => d.origin.index)).toEqual([0, 1, 3]);
    const c = r.documents[2];
    // a: lines 1-8, ---: 9, b: 10-17, ---: 18, comment: 19, ---: 20, c: 21-28
    expect(c.origin.start).toMatchObject({ file, line: 21, column: 1 });
    expect(c.origin.locate('/metadata/name')).toMatchObject({ line: 24, column: 9 });
    expect(c.origin.locate('/spec/addresses/0/port', 'key')).toMatchObject({ line: 28, column: 7 });
    expect(r.sourceLine(file, 24)).toBe('  name: c');
  });

  test('stdin is read once, named <stdin>; a second - is a usage error', async () => {
    const r = await loadManifests(['-'], { readStdin: async () => SVC('a') });
    expect(r.fileNames).toEqual(['<stdin>']);
    expect(r.documents[0].origin.file).toBe('<stdin>');
    expect(r.sourceLine('<stdin>', 4)).toBe('  name: a');
    await expect(loadManifests(['-', '-'], { readStdin: async () => '' })).rejects.toMatchObject({
      exitCode: 2,
    });
  });

  test('directories: manifest extensions only, hidden files skipped, -R for subdirectories, name order', async () => {
    const dir = tempDir();
    write(dir, 'b.yml', SVC('b'));
    write(dir, 'a.json', JSON.stringify({ apiVersion: 'x', kind: 'Service' }));
    write(dir, 'notes.txt', 'not a manifest');
    write(dir, '.hidden.yaml', SVC('h'));
    write(dir, 'sub/c.YAML', SVC('c'));
    const flat = await loadManifests([dir]);
    expect(flat.fileNames.map((f) => path.relative(dir, f))).toEqual(['a.json', 'b.yml']);
    const deep = await loadManifests([dir], { recursive: true });
    expect(deep.fileNames.map((f) => path.relative(dir, f))).toEqual([
      'a.json',
      'b.yml',
      path.join('sub', 'c.YAML'),
    ]);
  });

  test('a path that does not exist and a URL are usage errors (exit 2)', async () => {
    const missing = loadManifests(['/no/such/file.yaml']);
    await expect(missing).rejects.toBeInstanceOf(RiptidesError);
    await expect(loadManifests(['/no/such/file.yaml'])).rejects.toMatchObject({ exitCode: 2 });
    await expect(loadManifests(['https://example.com/x.yaml'])).rejects.toMatchObject({ exitCode: 2 });
  });

  test('a file over the size limit is refused with RT1004, without reading it; others still load', async () => {
    const dir = tempDir();
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_FILE_BYTES + 1); // sparse: no 64 MiB written
    const small = write(dir, 'small.yaml', SVC('a'));
    const r = await loadManifests([big, small]);
    expect(r.findings.map((f) => [f.code, f.file, f.line, f.column])).toEqual([['RT1004', big, 1, 1]]);
    expect(r.documents).toHaveLength(1);
    expect(r.files).toBe(2);
    const viaOption = await loadManifests([small], { maxFileBytes: 10 });
    expect(viaOption.findings.map((f) => f.code)).toEqual(['RT1004']);
  });

  test('duplicate keys (RT1002) and alias bombs (RT1003) are positioned findings', async () => {
    const dir = tempDir();
    const dup = write(dir, 'dup.yaml', 'apiVersion: x\nkind: Service\nmetadata:\n  name: a\n  name: b\n');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 7; i++) {
      const p = String.fromCharCode(96 + i);
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill('*' + p)
          .join(', ')}]`,
      );
    }
    const bomb = write(dir, 'bomb.yaml', `${SVC('ok')}---\n${levels.join('\n')}\n`);
    const r = await loadManifests([dup, bomb]);
    expect(r.findings.map((f) => [f.code, path.basename(f.file!), f.line])).toEqual([
      ['RT1002', 'dup.yaml', 5],
      ['RT1003', 'bomb.yaml', 10],
    ]);
    expect(r.documents.map((d) => path.basename(d.origin.file))).toEqual(['bomb.yaml']);
  });

  test('empty files and empty documents give no documents and no findings', async () => {
    const dir = tempDir();
    const files = [
      write(dir, 'empty.yaml', ''),
      write(dir, 'comments.yaml', '# just a comment\n'),
      write(dir, 'separators.yaml', '---\n---\n# c\n---\n'),
      write(dir, 'null.yaml', '~\n'),
    ];
    const r = await loadManifests(files);
    expect(r.documents).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(r.files).toBe(4);
  });

  test('a byte-order mark is not a column; CRLF line ends keep positions and source lines clean', async () => {
    const dir = tempDir();
    const bom = write(dir, 'bom.yaml', '\uFEFF' + SVC('a'));
    const crlf = write(dir, 'crlf.yaml', SVC('b').replace(/\n/g, '\r\n'));
    const r = await loadManifests([bom, crlf]);
    expect(r.findings).toEqual([]);
    expect(r.documents[0].origin.locate('/apiVersion', 'key')).toMatchObject({ line: 1, column: 1 });
    expect(r.documents[0].origin.locate('/apiVersion')).toMatchObject({ line: 1, column: 13 });
    expect(r.sourceLine(bom, 1)).toBe('apiVersion: core.riptides.io/v1alpha1');
    expect(r.documents[1].origin.locate('/spec/addresses/0/port')).toMatchObject({ line: 8, column: 13 });
    expect(r.sourceLine(crlf, 8)).toBe('      port: 443');
    expect(r.documents[1].origin.sourceLine(8)).toBe('      port: 443');
  });

  test('tabs: indentation with a tab is a YAML syntax error (RT1001) at its line; a tab inside a value is fine', async () => {
    const dir = tempDir();
    const tabbed = write(dir, 'tab.yaml', 'apiVersion: x\nkind: Service\nmetadata:\n\tname: a\n');
    const inValue = write(dir, 'tab-value.yaml', 'apiVersion: x\nkind: Service\nmetadata: {name: "a\tb"}\n');
    const r = await loadManifests([tabbed, inValue]);
    expect(r.findings.map((f) => [f.code, path.basename(f.file!), f.line])).toEqual([
      ['RT1001', 'tab.yaml', 4],
    ]);
    expect(r.documents).toHaveLength(1);
    expect((r.documents[0].data as { metadata: { name: string } }).metadata.name).toBe('a\tb');
  });

  test('a syntax error names the file, line and column; the other files still load', async () => {
    const dir = tempDir();
    const bad = write(dir, 'bad.yaml', 'apiVersion: x\nkind: [Service\nmetadata: {}\n');
    const good = write(dir, 'good.yaml', SVC('a'));
    const r = await loadManifests([bad, good]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ code: 'RT1001', file: bad, severity: 'error' });
    expect(r.findings[0].line).toBeGreaterThanOrEqual(2);
    expect(r.findings[0].column).toBeGreaterThanOrEqual(1);
    expect(r.documents).toHaveLength(1);
  });
});
