/**
 * Which commands run without TurboFan, V8's optimising compiler (bin/run.js, src/cli/v8-tiering.ts):
 * the short ones on Node.js 24 and later, until their input reaches LONG_RUN_DOCUMENTS; never
 * `simulate` or `controlplane serve`; never on Node.js 22 (no Maglev there). Read from V8's own
 * `--trace-opt` lines ("… (target TURBOFAN…)"), with TurboFan's threshold lowered to 10 calls so
 * that a small run has hot functions; both CI runs (Node.js 24 and the lowest declared) pass here.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, isolatedEnv, REPO_ROOT, tempDir } from '../helpers/cli';
import { LONG_RUN_CHARS, LONG_RUN_DOCUMENTS } from '../../src/cli/v8-tiering';

const QUICKSTART = path.join(REPO_ROOT, 'examples', 'quickstart');
const withoutTurbofan = Number(process.versions.node.split('.')[0]) >= 24;

/** How many functions V8 compiled with TurboFan during the command. */
function turbofanCompiles(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--trace-opt', '--invocation-count-for-turbofan=10', BIN, ...args],
      { env: { ...process.env, ...isolatedEnv(), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', () => resolve(out.match(/\(target TURBOFAN/g)?.length ?? 0));
  });
}

test('validate of a few files: no TurboFan on Node.js 24 (Maglev compiles), TurboFan on 22', async () => {
  const compiles = await turbofanCompiles(['validate', '-f', QUICKSTART, '-o', 'json']);
  if (withoutTurbofan) expect(compiles).toBe(0);
  else expect(compiles).toBeGreaterThan(0);
});

test('simulate keeps TurboFan (its loops run for millions of pairs)', async () => {
  expect(await turbofanCompiles(['simulate', '-f', QUICKSTART, '-o', 'json'])).toBeGreaterThan(0);
});

test(`validate turns TurboFan back on once it has parsed ${LONG_RUN_DOCUMENTS.toLocaleString('en')} documents`, async () => {
  const dir = tempDir();
  const doc = (i: number) =>
    `apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  addresses:\n    - address: s${i}.internal\n      port: 443\n`;
  // Just under the line in the first file, then the rest: the line is crossed after the first.
  const first = LONG_RUN_DOCUMENTS - 1;
  fs.writeFileSync(path.join(dir, 'a.yaml'), Array.from({ length: first }, (_, i) => doc(i)).join('---\n'));
  fs.writeFileSync(
    path.join(dir, 'b.yaml'),
    Array.from({ length: 500 }, (_, i) => doc(first + i)).join('---\n'),
  );
  const justUnder = await turbofanCompiles([
    'validate',
    '-f',
    path.join(dir, 'a.yaml'),
    '-o',
    'json',
    '--no-rules',
  ]);
  const over = await turbofanCompiles(['validate', '-f', dir, '-o', 'json', '--no-rules']);
  if (withoutTurbofan) expect(justUnder).toBe(0);
  expect(over).toBeGreaterThan(0);
}, 60000);

test('and once it has parsed LONG_RUN_CHARS of text, however few the documents', async () => {
  const doc = (name: string, comment = '') =>
    `${comment}apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  addresses:\n    - address: ${name}.internal\n      port: 443\n`;
  // 3,000 ordinary documents (far under LONG_RUN_DOCUMENTS), after 5 documents whose comments
  // alone make LONG_RUN_CHARS: the work on the 3,000 is what TurboFan gets to compile.
  const many = Array.from({ length: 3000 }, (_, i) => doc(`s${i}`)).join('---\n');
  const filler = `# ${'x'.repeat(98)}\n`.repeat(Math.ceil(LONG_RUN_CHARS / 5 / 100) + 10);
  const big = Array.from({ length: 5 }, (_, i) => doc(`big${i}`, filler)).join('---\n');
  const under = tempDir();
  fs.writeFileSync(path.join(under, 'b-many.yaml'), many);
  const over = tempDir();
  fs.writeFileSync(path.join(over, 'a-big.yaml'), big);
  fs.writeFileSync(path.join(over, 'b-many.yaml'), many);
  const compilesUnder = await turbofanCompiles(['validate', '-f', under, '-o', 'json', '--no-rules']);
  const compilesOver = await turbofanCompiles(['validate', '-f', over, '-o', 'json', '--no-rules']);
  if (withoutTurbofan) expect(compilesUnder).toBe(0);
  expect(compilesOver).toBeGreaterThan(0);
}, 60000);
