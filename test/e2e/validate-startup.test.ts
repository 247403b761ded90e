/**
 * `validate` starts fast: plain invocations skip oclif (src/cli/fast-validate.ts) and nothing heavy is
 * imported — no oclif, undici, x509, fastify, nor the ajv compiler (the validators are precompiled).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Validate from '../../src/commands/validate';
import { FAST_VALIDATE_OPTIONS, parseFastValidate } from '../../src/cli/fast-validate';
import { BIN, REPO_ROOT, tempDir } from '../helpers/cli';

/** Modules (paths under node_modules) loaded by one run of bin/run.js. */
function loadedModules(args: string[]): { modules: string[]; status: number | null } {
  const dir = tempDir();
  const hook = path.join(dir, 'hook.js');
  const out = path.join(dir, 'modules.json');
  fs.writeFileSync(
    hook,
    `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));`,
  );
  const r = spawnSync(process.execPath, ['--require', hook, BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  const modules = (JSON.parse(fs.readFileSync(out, 'utf8')) as string[])
    .filter((m) => m.includes('node_modules'))
    .map((m) => m.slice(m.lastIndexOf('node_modules') + 'node_modules/'.length));
  return { modules, status: r.status };
}

const HEAVY = [/^@oclif\//, /^undici\//, /^@peculiar\//, /^fastify\//, /^ajv\/dist\/(core|ajv|2020|compile)/];

test('validate imports nothing heavy: no oclif, undici, x509, fastify or ajv compiler', () => {
  for (const args of [
    ['validate', '-f', 'examples', '-R'],
    ['validate', '-f', 'test/fixtures/validate/e2e/invalid-frontend.yaml', '-o', 'sarif'],
  ]) {
    const { modules, status } = loadedModules(args);
    expect(status === 0 || status === 1).toBe(true);
    expect(modules.some((m) => m.startsWith('js-yaml/'))).toBe(true);
    expect(modules.filter((m) => HEAVY.some((h) => h.test(m)))).toEqual([]);
  }
});

test('the fast path knows exactly the flags of the validate command (and the global ones)', () => {
  const flags = { ...Validate.baseFlags, ...Validate.flags } as Record<
    string,
    { char?: string; type: string; multiple?: boolean }
  >;
  expect(Object.keys(FAST_VALIDATE_OPTIONS).sort()).toEqual(Object.keys(flags).sort());
  for (const [name, spec] of Object.entries(FAST_VALIDATE_OPTIONS) as [
    string,
    { type: string; short?: string; multiple?: boolean },
  ][]) {
    const flag = flags[name];
    expect([name, spec.short]).toEqual([name, flag.char]);
    expect([name, spec.type]).toEqual([name, flag.type === 'boolean' ? 'boolean' : 'string']);
    expect([name, spec.multiple === true]).toEqual([name, flag.multiple === true]);
  }
});

test('the fast path leaves to oclif what it does not handle exactly like oclif', () => {
  expect(parseFastValidate(['-f', 'a.yaml', '-f', 'b', '-R', '-ojson', '--strict', '--no-color'])).toEqual({
    filename: ['a.yaml', 'b'],
    recursive: true,
    output: 'json',
    strict: true,
    color: false,
  });
  for (const argv of [
    ['--help'],
    ['-f', 'a', '-h'],
    [],
    ['-f', 'a', '--bogus'],
    ['-f', 'a', 'positional'],
    ['-f', 'a', '-o', 'xml'],
    ['-f', 'a', '--no-strict'],
    ['-f'],
  ]) {
    expect([argv, parseFastValidate(argv)]).toEqual([argv, undefined]);
  }
});
