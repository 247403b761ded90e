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
  // node:crypto's randomness (hashing and signature checks stay allowed: PURE below)
  randomBytes: "import { randomBytes } from 'node:crypto';\nexport const b = randomBytes(16);",
  randomUUID: "import { randomUUID } from 'node:crypto';\nexport const u = randomUUID();",
  randomInt: "import { randomInt } from 'node:crypto';\nexport const i = randomInt(10);",
  getRandomValues:
    "import { getRandomValues } from 'node:crypto';\nexport const v = getRandomValues(new Uint8Array(4));",
  'randomBytes (bare crypto)': "import { randomBytes } from 'crypto';\nexport const b = randomBytes(16);",
  'randomBytes (renamed)': "import { randomBytes as rb } from 'node:crypto';\nexport const b = rb(16);",
  'randomBytes (re-exported)': "export { randomBytes } from 'node:crypto';",
  generateKeyPairSync:
    "import { generateKeyPairSync } from 'node:crypto';\nexport const k = generateKeyPairSync('ed25519');",
  'webcrypto.getRandomValues':
    "import { webcrypto } from 'node:crypto';\nexport const v = webcrypto.getRandomValues(new Uint8Array(4));",
  'node:crypto default import':
    "import nodeCrypto from 'node:crypto';\nexport const b = nodeCrypto.randomBytes(4);",
  'node:crypto namespace import':
    "import * as nodeCrypto from 'node:crypto';\nexport const b = nodeCrypto.randomBytes(4);",
  'global crypto.randomUUID()': 'export const u = crypto.randomUUID();',
  'global crypto.getRandomValues()': 'export const v = crypto.getRandomValues(new Uint8Array(4));',
  'globalThis.crypto': 'export const u = globalThis.crypto.randomUUID();',
  setTimeout: 'setTimeout(() => undefined, 1);',
  'require()': "export const fs = require('node:fs');",
  'import()': "export const fs = import('node:fs');",
};

const PURE = [
  'export const t = new Date(0).toISOString();',
  'export const t = (now: () => Date) => now().getTime();',
  "import { createHash } from 'node:crypto';\nexport const h = createHash('sha256');",
  // what src/core/spiffe imports from node:crypto: signatures and certificates, no randomness
  "import { constants, createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';\nexport const v = [constants, createPublicKey, verify, X509Certificate] as unknown as KeyObject;",
  "import { createHash } from 'crypto';\nexport const h = createHash('sha256');",
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

  it.each(['node:os', 'randomBytes', 'global crypto.randomUUID()'])(
    'applies to src/core only: %s passes in src/io and src/server',
    async (name) => {
      for (const dir of ['src/io', 'src/server']) {
        const rules = await lint(IMPURE[name], `${dir}/purity-fixture.ts`);
        expect({ dir, rules: rules.filter((r) => r.startsWith('no-restricted-')) }).toEqual({
          dir,
          rules: [],
        });
      }
    },
  );
});
