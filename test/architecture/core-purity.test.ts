/**
 * The core-purity lint rule (eslint.config.js) catches each way a src/core module could reach the
 * machine, the environment, the clock or randomness: each snippet below, linted as if it were a
 * file in src/core, must be reported; the same snippet in src/io must not (the rule is core's alone).
 */
import path from 'node:path';
import { Linter } from 'eslint';

const ROOT = path.join(__dirname, '..', '..');

const IMPURE: Record<string, string> = {
  'node:os': "import os from 'node:os';\nexport const h = os.hostname();",
  'os (bare)': "import { homedir } from 'os';\nexport const h = homedir();",
  'node:sqlite':
    "import { DatabaseSync } from 'node:sqlite';\nexport const d = new DatabaseSync(':memory:');",
  'node:process': "import process from 'node:process';\nexport const e = process.env.HOME;",
  'node:fs': "import fs from 'node:fs';\nexport const t = fs.readFileSync('x');",
  'node:perf_hooks': "import { performance } from 'node:perf_hooks';\nexport const t = performance.now();",
  'node:worker_threads': "import { Worker } from 'node:worker_threads';\nexport const w = Worker;",
  undici: "import { request } from 'undici';\nexport const r = request;",
  '@oclif/core': "import { Command } from '@oclif/core';\nexport const c = Command;",
  'process global': 'export const e = process.env.HOME;',
  'globalThis.process': 'export const e = globalThis.process.env.HOME;',
  'global.process': 'export const e = global.process.env.HOME;',
  'performance.now()': 'export const t = performance.now();',
  'new Date()': 'export const t = new Date();',
  'Date()': 'export const t = Date();',
  'Date.now()': 'export const t = Date.now();',
  'Math.random()': 'export const r = Math.random();',
  setTimeout: 'setTimeout(() => undefined, 1);',
  'require()': "export const fs = require('node:fs');",
  'import()': "export const fs = import('node:fs');",
};

const PURE = [
  'export const t = new Date(0).toISOString();',
  'export const t = (now: () => Date) => now().getTime();',
  "import { createHash } from 'node:crypto';\nexport const h = createHash('sha256');",
];

// The repository's own flat config, run by ESLint's Linter (the ESLint class would load it with a
// dynamic import, which jest's module system does not allow).
const config = require(path.join(ROOT, 'eslint.config.js')) as Linter.Config[];
const linter = new Linter({ cwd: ROOT });

async function lint(text: string, file: string): Promise<string[]> {
  const messages = linter.verify(text, config, { filename: path.join(ROOT, file) });
  return messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('core purity rule', () => {
  it.each(Object.entries(IMPURE))('reports %s in src/core', async (_name, text) => {
    const rules = await lint(text, 'src/core/purity-fixture.ts');
    expect(rules.some((r) => r.startsWith('no-restricted-'))).toBe(true);
  });

  it.each(PURE)('lets pure code through: %s', async (text) => {
    expect(await lint(text, 'src/core/purity-fixture.ts')).toEqual([]);
  });

  it('applies to src/core only', async () => {
    const rules = await lint(IMPURE['node:os'], 'src/io/purity-fixture.ts');
    expect(rules.filter((r) => r.startsWith('no-restricted-'))).toEqual([]);
  });
});
