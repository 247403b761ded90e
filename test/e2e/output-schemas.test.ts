/**
 * Machine output that never breaks (docs/output.md): every JSON document the CLI prints carries
 * `apiVersion: cli.riptides.io/v1` and a `kind`, and validates against schemas/output/<kind>.schema.json.
 * Each command runs as a user runs it (bin/run.js), against the embedded control plane of a fresh machine.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { BIN, REPO_ROOT, runCli, tempDir } from '../helpers/cli';
import { createCsr } from '../helpers/test-ca';
import { CLI_API_VERSION, OUTPUT_KINDS } from '../../src/printers/envelope';

const SCHEMAS = path.join(REPO_ROOT, 'schemas', 'output');
const QS = ['-f', 'examples/quickstart', '--scenario', 'examples/quickstart/scenario.yaml'];
const INVALID = 'test/fixtures/validate/e2e/invalid-frontend.yaml';

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
for (const f of fs.readdirSync(SCHEMAS))
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMAS, f), 'utf8')));

/** Kinds seen by the tests below; the last test checks that every kind was. */
const seen = new Set<string>();

/** Parse one printed document, check the envelope, validate it against its kind's schema; return it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function checked(stdout: string): Record<string, any> {
  const doc = JSON.parse(stdout);
  expect(doc.apiVersion).toBe(CLI_API_VERSION);
  expect(OUTPUT_KINDS).toContain(doc.kind);
  const validate = ajv.getSchema(`https://riptides.io/schemas/cli/v1/${doc.kind}.schema.json`)!;
  expect(validate).toBeDefined();
  expect(validate(doc) ? [] : validate.errors).toEqual([]);
  seen.add(doc.kind);
  return doc;
}

const home = tempDir('riptides-output-');
const env = {
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, 'config'),
  XDG_DATA_HOME: path.join(home, 'data'),
  XDG_CACHE_HOME: path.join(home, 'cache'),
};

describe('every JSON document validates against its schema', () => {
  test('every schema under schemas/output/ compiles and every kind has one', () => {
    for (const kind of OUTPUT_KINDS)
      expect(fs.existsSync(path.join(SCHEMAS, `${kind}.schema.json`))).toBe(true);
    const files = fs.readdirSync(SCHEMAS).filter((f) => f !== 'defs.schema.json');
    expect(files.map((f) => f.replace('.schema.json', '')).sort()).toEqual([...OUTPUT_KINDS].sort());
  });

  test('validate: findings, a clean run, --list-rules', async () => {
    const bad = await runCli(['validate', '-f', INVALID, '-o', 'json']);
    expect(bad.code).toBe(1);
    expect(checked(bad.stdout).kind).toBe('ValidateReport');
    const ok = await runCli(['validate', '-f', 'examples/quickstart', '-o', 'json']);
    expect(checked(ok.stdout).summary.errors).toBe(0);
    const rules = await runCli(['validate', '--list-rules', '-o', 'json']);
    expect(checked(rules.stdout).rules.length).toBeGreaterThan(0);
  });

  test('explain connection and simulate (with --baseline changes)', async () => {
    const e = await runCli([
      'explain',
      'connection',
      ...QS,
      '--from',
      'legacy-client',
      '--to',
      'backend-api.myapp.svc.cluster.local:3000',
      '-o',
      'json',
    ]);
    expect(checked(e.stdout)).toMatchObject({ kind: 'ConnectionExplanation', verdict: 'REJECTED' });
    const s = await runCli(['simulate', ...QS, '-o', 'json', '--baseline', 'examples/implicit-mtls']);
    const sim = checked(s.stdout);
    expect(sim.kind).toBe('Simulation');
    expect(sim.results.length).toBeGreaterThan(0);
    expect(sim.changes.length).toBeGreaterThan(0);
  });

  test('ctl apply / get / delete and the findings that stop an apply', async () => {
    const applied = await runCli(['ctl', 'apply', '-f', 'examples/quickstart', '-o', 'json'], { env });
    expect(applied.code).toBe(0);
    expect(checked(applied.stdout).items).toHaveLength(3);
    const list = await runCli(['ctl', 'get', 'wi', '-o', 'json'], { env });
    expect(checked(list.stdout)).toMatchObject({ kind: 'ResourceList' });
    // A named resource prints as itself (its own apiVersion), so that it can be applied again.
    const one = await runCli(['ctl', 'get', 'wi', 'frontend', '-n', 'myapp', '-o', 'json'], { env });
    if (one.code === 0) expect(JSON.parse(one.stdout).apiVersion).toBe('core.riptides.io/v1alpha1');
    const empty = await runCli(['ctl', 'get', 'svc', '-n', 'nowhere', '-o', 'json'], { env });
    expect(checked(empty.stdout).items).toEqual([]);
    const refused = await runCli(['ctl', 'apply', '-f', INVALID, '-o', 'json'], { env });
    expect(refused.code).toBe(1);
    expect(checked(refused.stdout).findings.length).toBeGreaterThan(0);
    const deleted = await runCli(['ctl', 'delete', '-f', 'examples/quickstart', '-o', 'json'], { env });
    expect(checked(deleted.stdout).items.map((i: { action: string }) => i.action)).toContain('deleted');
  });

  test('svid issue (X.509 and JWT) and svid inspect', async () => {
    await runCli(['ctl', 'apply', '-f', 'examples/quickstart'], { env });
    const out = path.join(tempDir('riptides-output-svid-'), 'frontend');
    const x = await runCli(
      ['svid', 'issue', '--workload', 'myapp/app/frontend', '--out', out, '-o', 'json'],
      {
        env,
      },
    );
    expect(x.code).toBe(0);
    expect(checked(x.stdout).verification.valid).toBe(true);
    const j = await runCli(
      ['svid', 'issue', '--workload', 'myapp/app/frontend', '--jwt', '--audience', 'billing', '-o', 'json'],
      { env },
    );
    expect(checked(j.stdout).kind).toBe('IssuedJwtSvid');
    // With --csr no key is written: files.key is absent, and the schema allows it.
    const csr = path.join(tempDir('riptides-output-csr-'), 'frontend.csr');
    fs.writeFileSync(csr, (await createCsr('EC')).csrPem);
    const own = await runCli(
      [
        'svid',
        'issue',
        '--workload',
        'myapp/app/frontend',
        '--csr',
        csr,
        '--out',
        `${out}-csr`,
        '-o',
        'json',
      ],
      { env },
    );
    expect(own.code).toBe(0);
    expect(checked(own.stdout).files).toEqual({
      svid: path.join(`${out}-csr`, 'svid.pem'),
      bundle: path.join(`${out}-csr`, 'bundle.pem'),
    });
    const inspected = await runCli(
      ['svid', 'inspect', path.join(out, 'svid.pem'), '--bundle', path.join(out, 'bundle.pem'), '-o', 'json'],
      { env },
    );
    expect(checked(inspected.stdout)).toMatchObject({ kind: 'SvidReport', type: 'x509-svid', valid: true });
  });

  test('config view and get-contexts', async () => {
    const cfgEnv = { ...env, XDG_CONFIG_HOME: path.join(tempDir('riptides-output-cfg-'), 'config') };
    await runCli(['config', 'set-context', 'team', '--server', 'https://127.0.0.1:1', '--token', 'secret'], {
      env: cfgEnv,
    });
    const view = await runCli(['config', 'view', '-o', 'json'], { env: cfgEnv });
    expect(JSON.stringify(checked(view.stdout))).not.toContain('secret');
    const contexts = await runCli(['config', 'get-contexts', '-o', 'json'], { env: cfgEnv });
    expect(checked(contexts.stdout).contexts.length).toBeGreaterThan(0);
  });

  test('controlplane serve -o json prints one line; ctl get --watch -o json against it', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'controlplane', 'serve', '--listen', '127.0.0.1:0', '--data-dir', tempDir(), '-o', 'json'],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const line = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        buf += d;
        if (buf.includes('\n')) resolve(buf.split('\n')[0]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      const endpoint = checked(line);
      expect(endpoint.kind).toBe('ControlPlaneEndpoint');
      // ctl get --watch -o json against it: one WatchEvent document per line (the list as ADDED).
      const served = [
        '--server',
        endpoint.url,
        '--ca-file',
        endpoint.caFile,
        '--token-file',
        endpoint.tokenFile,
      ];
      const applied = await runCli(['ctl', 'apply', '-f', 'examples/quickstart', ...served], { env });
      expect(applied.code).toBe(0);
      const watcher = spawn(
        process.execPath,
        [BIN, 'ctl', 'get', 'wi', '-A', '--watch', '-o', 'json', ...served],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const event = await new Promise<string>((resolve, reject) => {
        let buf = '';
        watcher.stdout!.setEncoding('utf8').on('data', (d: string) => {
          buf += d;
          if (buf.includes('\n')) resolve(buf.split('\n')[0]);
        });
        watcher.on('exit', (code) => reject(new Error(`ctl get --watch exited ${code}`)));
      });
      const watcherExited = new Promise((resolve) => watcher.on('exit', resolve));
      watcher.kill('SIGINT');
      await watcherExited;
      expect(checked(event)).toMatchObject({ kind: 'WatchEvent', type: 'ADDED' });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  test('every kind was printed and validated above', () => {
    expect([...seen].sort()).toEqual([...OUTPUT_KINDS].sort());
  });
});
