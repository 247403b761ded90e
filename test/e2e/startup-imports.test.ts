/**
 * Start-up discipline of the built CLI: short commands run from the one-file bundle
 * (dist/bundle/cli.js, what users get after `npm run build`) and never load the heavy dependencies
 * that only other commands need (undici, @peculiar/x509, fastify, jose, the ajv compiler). Loaded
 * modules are recorded by bench/startup/record-modules.js, preloaded through NODE_OPTIONS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isolatedEnv, REPO_ROOT, runCli, tempDir } from '../helpers/cli';
import { quickstartFlowsNdjson } from '../helpers/flows';
import { TestCa } from '../helpers/test-ca';

const HOOK = path.join(REPO_ROOT, 'bench', 'startup', 'record-modules.js');
const BUNDLE = path.join(REPO_ROOT, 'dist', 'bundle', 'cli.js');
const QUICKSTART = path.join(REPO_ROOT, 'examples', 'quickstart');

/** Heavy packages, as patterns on the resolved file name. ajv's runtime helpers are allowed. */
const HEAVY: Record<string, RegExp> = {
  undici: /node_modules[/\\]undici[/\\]/,
  '@peculiar/x509': /node_modules[/\\]@peculiar[/\\]x509[/\\]/,
  fastify: /node_modules[/\\]fastify[/\\]/,
  jose: /node_modules[/\\]jose[/\\]/,
  'ajv compiler': /node_modules[/\\]ajv[/\\]dist[/\\](ajv|2020|core|compile[/\\].*)\.js$/,
};

let dir: string;
let svidFile: string;
let flowsFile: string;

beforeAll(async () => {
  dir = tempDir('riptides-startup-');
  const ca = await TestCa.create();
  const leaf = await ca.issueLeaf({ uris: ['spiffe://example.com/myapp/frontend'] });
  svidFile = path.join(dir, 'svid.pem');
  fs.writeFileSync(svidFile, leaf.chainPem);
  flowsFile = path.join(dir, 'flows.ndjson');
  fs.writeFileSync(flowsFile, quickstartFlowsNdjson());
});

interface Recorded {
  code: number | null;
  files: string[];
}

let runs = 0;
async function recordModules(args: string[], env: Record<string, string> = {}): Promise<Recorded> {
  const out = path.join(dir, `modules-${++runs}.json`);
  const r = await runCli(args, {
    env: { NODE_OPTIONS: `--require ${HOOK}`, RIPTIDES_RECORD_MODULES: out, ...env },
  });
  const files = (JSON.parse(fs.readFileSync(out, 'utf8')) as { file: string }[]).map((m) => m.file);
  return { code: r.code, files };
}

function heavyIn(files: string[]): string[] {
  return Object.keys(HEAVY).filter((name) => files.some((f) => HEAVY[name].test(f)));
}

const SHORT_COMMANDS: [string, () => string[], number][] = [
  ['validate', () => ['validate', '-f', path.join(QUICKSTART, 'frontend-workloadidentity.yaml')], 0],
  [
    'explain connection',
    () => [
      'explain',
      'connection',
      '-f',
      QUICKSTART,
      '--scenario',
      path.join(QUICKSTART, 'scenario.yaml'),
      '--from',
      'frontend',
      '--to',
      'backend-api.myapp.svc.cluster.local:3000',
    ],
    0,
  ],
  ['svid inspect FILE', () => ['svid', 'inspect', svidFile, '--offline'], 0],
  ['config view', () => ['config', 'view'], 0],
  ['simulate --flows FILE', () => ['simulate', '-f', QUICKSTART, '--flows', flowsFile, '-o', 'json'], 0],
  [
    'explain connection --flow FILE:LINE',
    () => ['explain', 'connection', '-f', QUICKSTART, '--flow', `${flowsFile}:2`],
    0,
  ],
];

describe('start-up imports', () => {
  test('the build made the bundle, in ASCII (bin/run.js reads it as latin1, the fast decoding)', () => {
    const bytes = fs.readFileSync(BUNDLE);
    expect(bytes.length).toBeGreaterThan(1_000_000);
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
  });

  describe.each(SHORT_COMMANDS)('%s', (_name, args, _exit) => {
    test('runs from the bundle and loads no heavy dependency', async () => {
      const r = await recordModules(args());
      expect(r.code).not.toBe(70);
      expect(r.files).toContain(BUNDLE);
      // @oclif/core is inside the bundle: nothing is loaded from its package directory.
      expect(r.files.filter((f) => /node_modules[/\\]@oclif[/\\]core[/\\]/.test(f))).toEqual([]);
      expect(heavyIn(r.files)).toEqual([]);
    });

    test('without the bundle (oclif loading dist/commands) it loads no heavy dependency either', async () => {
      const r = await recordModules(args(), { RIPTIDES_NO_BUNDLE: '1' });
      expect(r.code).not.toBe(70);
      expect(r.files).not.toContain(BUNDLE);
      expect(heavyIn(r.files)).toEqual([]);
    });
  });

  test('a replay on one thread loads no node:worker_threads (the flow threads are opt-in)', async () => {
    for (const env of [{}, { RIPTIDES_NO_BUNDLE: '1' }] as Record<string, string>[]) {
      const r = await recordModules(['simulate', '-f', QUICKSTART, '--flows', flowsFile, '-o', 'json'], env);
      expect(r.code).toBe(0);
      expect(r.files.filter((f) => f.includes('worker_threads'))).toEqual([]);
    }
  });

  test('exit codes are those of a normal run', async () => {
    for (const [, args, exit] of SHORT_COMMANDS) expect((await recordModules(args())).code).toBe(exit);
  });

  test('the recorder sees a heavy dependency loaded from the bundle (ctl get on the embedded control plane loads fastify)', async () => {
    const r = await recordModules(['ctl', 'get', 'workloadidentities']);
    expect(r.code).toBe(0);
    expect(r.files).toContain(BUNDLE);
    expect(heavyIn(r.files)).toContain('fastify');
  });

  test('the recorder sees undici used inside the bundle (ctl get against a served control plane), and only its Agent and request parts', async () => {
    // Nothing listens on port 1: the command sets up its HTTPS client, then fails to connect (exit 3).
    const r = await recordModules(['ctl', 'get', 'workloadidentities'], {
      RIPTIDES_SERVER: 'https://127.0.0.1:1',
      RIPTIDES_TOKEN: 'not-used',
    });
    expect(r.code).toBe(3);
    expect(heavyIn(r.files)).toContain('undici');
    // undici's index (fetch, WebSocket, cookies, caches: ~50 ms more) would set its global dispatcher.
    expect(r.files).toContain('bundle:node_modules/undici/lib/api/api-request.js');
    expect(r.files).not.toContain('bundle:node_modules/undici/index.js');
  });

  test('the bundle keeps a V8 code cache per command word, and a damaged one is only rebuilt', async () => {
    const cacheDir = path.join(isolatedEnv().XDG_CACHE_HOME, 'riptides', 'code-cache');
    const args = ['validate', '-f', path.join(QUICKSTART, 'frontend-workloadidentity.yaml')];
    expect((await runCli(args)).code).toBe(0);
    const files = fs.readdirSync(cacheDir).filter((f) => f.startsWith('validate-'));
    expect(files).toHaveLength(1);
    const cacheFile = path.join(cacheDir, files[0]);
    expect(fs.statSync(cacheFile).size).toBeGreaterThan(10000);

    fs.writeFileSync(cacheFile, 'not a code cache');
    const r = await runCli(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(fs.statSync(cacheFile).size).toBeGreaterThan(10000);
  });
});
