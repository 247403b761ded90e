/**
 * Every page of docs/codes has a real example (the one catalog, src/core/catalog/examples*.ts): this
 * runs each one with the built CLI, as a user would, and checks that it exits as the example says,
 * that its output carries the code, and that the output the page shows is what the CLI prints now.
 * The shown output is recorded in scripts/code-examples.json: after a change to what a command
 * prints, `npm run docs:examples` records it again (and `npm run build` regenerates the pages).
 * Also: the committed pages are what the catalog generates.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeEntry } from '../../src/core/catalog/codes';
import { allCodesWithExamples, NO_EXAMPLES, SERVED_URL } from '../../src/core/catalog/examples';
import { ERROR_CODES, type ErrorCode } from '../../src/core/catalog/error-codes';
import { startServe, type ServedControlPlane } from '../api/serve-helper';
import { REPO_ROOT, runCli, runShell, tempDir } from '../helpers/cli';
import { startForeignServer } from '../helpers/foreign-server';
import { MADE_INPUTS } from '../helpers/code-example-inputs';

const RECORDED_FILE = path.join(REPO_ROOT, 'scripts', 'code-examples.json');
const RECORD = process.env.RECORD_CODE_EXAMPLES === '1';
const recorded = JSON.parse(fs.readFileSync(RECORDED_FILE, 'utf8')) as Record<string, { shown: string }>;
const fresh: Record<string, { shown: string }> = {};

const withExample = allCodesWithExamples().filter(
  (c): c is CodeEntry & Required<Pick<CodeEntry, 'example'>> => Boolean(c.example),
);

/** The lines the page shows: all, those with the code, or the block that starts at the first of them. */
function shownPart(output: string, id: string, show: 'all' | 'code-lines' | 'code-block' = 'all'): string {
  const lines = output.split('\n');
  if (show === 'all') return output;
  if (show === 'code-lines') return lines.filter((l) => l.includes(id)).join('\n');
  const start = lines.findIndex((l) => l.includes(id));
  const indent = (l: string) => l.length - l.trimStart().length;
  let end = start + 1;
  while (end < lines.length && lines[end].trim() !== '' && indent(lines[end]) > indent(lines[start])) end++;
  return lines.slice(start, end).join('\n');
}

/** stdout then stderr, without trailing blanks (what the page shows after the command line). */
function outputOf(r: { stdout: string; stderr: string }): string {
  return [r.stdout, r.stderr]
    .join('')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
}

describe('every code example', () => {
  test.concurrent.each(withExample.map((c) => [c.id, c] as const))(
    '%s: the example produces the code, and the page shows what the CLI prints',
    async (id, entry) => {
      const ex = entry.example;
      const dir = tempDir('riptides-code-example-');
      for (const [name, content] of Object.entries(ex.files ?? {})) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), content);
      }
      if (ex.made) await MADE_INPUTS[id](dir);
      // Each example has a home of its own in its directory, shown as ~ (the default places).
      const env = {
        XDG_CONFIG_HOME: path.join(dir, '.config'),
        XDG_DATA_HOME: path.join(dir, '.local', 'share'),
        XDG_CACHE_HOME: path.join(dir, '.cache'),
        ...ex.env,
      };
      // Data the served control plane then serves (`prepare`): each step must exit 0.
      for (const step of ex.prepare ?? []) {
        const b = await runCli([...step], { cwd: dir, env });
        expect({ id, step, exit: b.code, output: b.code === 0 ? '' : outputOf(b) }).toEqual({
          id,
          step,
          exit: 0,
          output: '',
        });
      }
      // A served control plane (`served`) is addressed as SERVED_URL in the examples; it runs on a free port.
      const served: Pick<ServedControlPlane, 'url' | 'stop'> | undefined = ex.served
        ? await startServe(path.join(dir, ex.servedDataDir ?? 'cp'))
        : ex.foreign
          ? await startForeignServer(ex.foreign.kind, dir).then((f) => ({ url: f.url, stop: f.close }))
          : undefined;
      const real = (args: readonly string[]) =>
        args.map((a) => (served ? a.replaceAll(SERVED_URL, served.url) : a));
      let r: Awaited<ReturnType<typeof runCli>>;
      try {
        for (const before of ex.before ?? []) {
          const b = await runCli(real(before), { cwd: dir, env });
          expect({ id, before, exit: b.code, output: b.code === 0 ? '' : outputOf(b) }).toEqual({
            id,
            before,
            exit: 0,
            output: '',
          });
        }
        r =
          ex.shell !== undefined
            ? await runShell(real([ex.shell])[0], { cwd: dir, input: ex.stdin, env })
            : await runCli(real(ex.args ?? []), { cwd: dir, input: ex.stdin, env });
      } finally {
        await served?.stop();
      }
      let output = outputOf(r).replaceAll(`${dir}/.`, '~/.').replaceAll(`${dir}/`, '');
      if (served) output = output.replaceAll(served.url, SERVED_URL);
      expect({ id, exit: r.code }).toEqual({ id, exit: ex.exit });
      // An error's page states its exit code: the example proves it.
      if (entry.kind === 'error') expect(ex.exit).toBe(ERROR_CODES[id as ErrorCode].exit);
      expect(output).toContain(id);
      const shown = shownPart(output, id, ex.show);
      if (RECORD) fresh[id] = { shown };
      else expect({ id, shown }).toEqual({ id, shown: recorded[id]?.shown });
    },
  );

  afterAll(() => {
    if (!RECORD) return;
    const sorted = Object.fromEntries(Object.entries(fresh).sort(([a], [b]) => (a < b ? -1 : 1)));
    fs.writeFileSync(RECORDED_FILE, JSON.stringify(sorted, null, 2) + '\n');
  });

  test('an example is a riptides-cli command line or a shell one against a served control plane, not both', () => {
    for (const c of withExample) {
      const { args, shell, served } = c.example;
      expect({ id: c.id, either: (args === undefined) !== (shell === undefined) }).toEqual({
        id: c.id,
        either: true,
      });
      if (shell !== undefined) expect({ id: c.id, served }).toEqual({ id: c.id, served: true });
      // Preparing data and choosing the served directory only mean something with a served control plane.
      if (c.example.prepare || c.example.servedDataDir)
        expect({ id: c.id, served }).toEqual({ id: c.id, served: true });
    }
  });

  test('every example with made inputs has their recipe, and the recipe makes the files it names', () => {
    const made = withExample.filter((c) => c.example.made).map((c) => c.id);
    expect(Object.keys(MADE_INPUTS).sort()).toEqual(made.sort());
  });

  test('every code has a runnable example or a stated reason why not, never both', () => {
    const all = allCodesWithExamples();
    const neither = all.filter((c) => !c.example && !c.noExample).map((c) => c.id);
    const both = all.filter((c) => c.example && c.noExample).map((c) => c.id);
    expect({ neither, both }).toEqual({ neither: [], both: [] });
    // A reason names a code of the catalog, and says something.
    const ids = new Set(all.map((c) => c.id));
    for (const [id, why] of Object.entries(NO_EXAMPLES)) {
      expect({ id, known: ids.has(id) }).toEqual({ id, known: true });
      expect(why.length).toBeGreaterThan(20);
    }
  });

  test('the recorded outputs are those of the current examples, no more', () => {
    if (RECORD) return; // being recorded now
    expect(Object.keys(recorded).sort()).toEqual(withExample.map((c) => c.id).sort());
  });
});

test('the committed docs/codes pages are what the catalog generates (npm run build writes them)', () => {
  // The build (test/global-setup.js) has just run; --check compares without writing. When recording,
  // the pages are written after the run (npm run docs:examples builds again).
  if (RECORD) return;
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-docs.js'), '--check'], {
    stdio: 'pipe',
  });
});
