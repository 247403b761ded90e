// Lint: typescript-eslint's recommended rules, plus the architecture rule that keeps src/core a
// pure library (no CLI framework, no network, no file system, no environment, no clock, no randomness;
// I/O lives in src/io, src/api, src/server). test/architecture/core-purity.test.ts checks that the
// rule catches each way in; test/architecture/layers.test.ts checks the layers.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const impure = [
  '@oclif/*',
  'undici',
  'fastify',
  'cli-progress',
  'chalk',
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'tls',
  'node:tls',
  'child_process',
  'node:child_process',
  // the machine, the process, the database, timers and threads
  'os',
  'node:os',
  'process',
  'node:process',
  'sqlite',
  'node:sqlite',
  'pg',
  'perf_hooks',
  'node:perf_hooks',
  'worker_threads',
  'node:worker_threads',
  'timers',
  'node:timers',
  'timers/promises',
  'node:timers/promises',
  'dns',
  'node:dns',
  'dgram',
  'node:dgram',
  'readline',
  'node:readline',
  'module',
  'node:module',
  'vm',
  'node:vm',
];

// node:crypto's randomness and what is made from it (keys, primes, key agreement), and the ways to
// reach it whole (the default or a namespace import, webcrypto, subtle). What src/core uses —
// createHash, createPublicKey, verify, X509Certificate, constants — is deterministic and stays allowed.
const cryptoRandomness = [
  'default',
  'randomBytes',
  'randomFill',
  'randomFillSync',
  'randomInt',
  'randomUUID',
  'randomUUIDv7',
  'getRandomValues',
  'webcrypto',
  'subtle',
  'generateKey',
  'generateKeySync',
  'generateKeyPair',
  'generateKeyPairSync',
  'generatePrime',
  'generatePrimeSync',
  'createDiffieHellman',
  'createDiffieHellmanGroup',
  'getDiffieHellman',
  'DiffieHellman',
  'DiffieHellmanGroup',
  'createECDH',
  'ECDH',
];

const clock = 'src/core must not read the clock: take `now` as a parameter.';
const random = 'src/core must be deterministic: take random values (and keys) as a parameter.';

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:crypto', 'crypto'].map((name) => ({
            name,
            importNames: cryptoRandomness,
            message: `${random} Import what you use by name (createHash, verify … are allowed).`,
          })),
          patterns: [
            {
              group: impure,
              message:
                'src/core is a pure library: do I/O in src/io, src/api or src/server and pass data in.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'globalThis', 'global'].map((name) => ({
          name,
          message: 'src/core must not read the environment or exit: take it as a parameter.',
        })),
        { name: 'performance', message: clock },
        { name: 'crypto', message: random },
        ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval'].map((name) => ({
          name,
          message: 'src/core does not schedule: the caller owns time.',
        })),
        {
          name: 'require',
          message:
            'src/core imports statically (`import … from`), so that the import rule above sees every module.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: clock },
        { selector: "CallExpression[callee.name='Date']", message: clock },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: clock },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: random,
        },
        {
          selector: 'ImportExpression',
          message:
            'src/core imports statically (`import … from`), so that the import rule above sees every module.',
        },
      ],
    },
  },
  {
    // Commands return results and printers render them (docs/output.md): JSON is written by
    // src/printers only. Quote a value in an error message with quote() from src/core/text/quote.ts.
    files: ['src/commands/**/*.ts', 'src/cli/**/*.ts', 'src/io/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='JSON'][callee.property.name='stringify']",
          message:
            'JSON output is a printer’s job (src/printers, renderJsonDocument); for an error message use quote() from src/core/text/quote.ts.',
        },
      ],
    },
  },
);
