/** `validate` with the rule pass, end to end through the built bin/run.js. */
import fs from 'node:fs';
import path from 'node:path';
import { lintRules } from '../../src/core/lint/registry';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli';

const REPO = 'test/fixtures/lint/repo';
const CONFIG = `${REPO}/.riptides-lint.yaml`;
const F = (name: string) => `${REPO}/${name}`;

interface JsonFinding {
  severity: string;
  code: string;
  file: string;
  line: number;
  column: number;
  path: string;
  resource: string;
  related?: { message: string; resource: string; file: string; line: number; column: number }[];
}

async function validateJson(args: string[], cwd?: string) {
  const r = await runCli(['validate', ...args, '-o', 'json'], { cwd });
  return { ...r, out: JSON.parse(r.stdout) as { summary: Record<string, number>; findings: JsonFinding[] } };
}

/** Every class of mistake in the repository fixture, at the line:column worked out by hand. */
const EXPECTED: [string, string, number, number][] = [
  ['RT2008', F('identities/backend.yaml'), 15, 5], // inbound list excludes the frontend
  ['RT2006', F('identities/backend.yaml'), 17, 9], // example.org
  ['RT2008', F('identities/backend.yaml'), 20, 7], // ingress[0] for port 3000 excludes the frontend
  ['RT2007', F('identities/backend.yaml'), 21, 11], // shop/admn
  ['RT2015', F('identities/backend.yaml'), 22, 13], // second rule for port 3000
  ['RT2016', F('identities/backend.yaml'), 23, 7], // allowedSPIFFEIDs: []
  ['RT2011', F('identities/frontend.yaml'), 13, 13], // PERMISSIVE
  ['RT2009', F('identities/frontend.yaml'), 15, 5], // outbound lacks the backend
  ['RT2001', F('identities/frontend.yaml'), 24, 9], // service: orders
  ['RT2012', F('identities/frontend.yaml'), 31, 7], // SIMPLE + allowedSPIFFEIDs
  ['RT2007', F('identities/frontend.yaml'), 32, 11], // spiffe://example.com/stripe
  ['RT2013', F('identities/workers.yaml'), 31, 7], // process:name alone
  ['RT2010', F('identities/workers.yaml'), 34, 7], // ingress list, implicit path only
  ['RT2003', F('identities/workers.yaml'), 40, 9], // cache twice
  ['RT2004', F('identities/workers.yaml'), 54, 15], // cache-replica reuses shop/cache
  ['RT2002', F('services/backend.yaml'), 21, 7], // backend-canary on the backend's address
];

describe('validate: the rule pass over a repository of manifests', () => {
  test('finds each class of mistake at its line and column, with the other resource involved', async () => {
    const { code, out } = await validateJson(['-R', '-f', REPO, '--lint-config', CONFIG]);
    expect(code).toBe(1);
    const got = out.findings
      .filter((f) => f.code !== 'RT2005')
      .map((f) => [f.code, f.file, f.line, f.column]);
    expect(got).toEqual(EXPECTED);
    const ambiguous = out.findings.filter((f) => f.code === 'RT2005').map((f) => f.resource);
    expect(ambiguous).toEqual([
      'WorkloadIdentity shop/admin',
      'WorkloadIdentity shop/cron',
      'WorkloadIdentity shop/cache',
      'WorkloadIdentity shop/cache',
      'WorkloadIdentity shop/cache-replica',
    ]);
    const rejected = out.findings.find((f) => f.code === 'RT2008')!;
    expect(rejected.resource).toBe('WorkloadIdentity shop/backend');
    expect(rejected.related!.map((r) => [r.resource, r.file, r.line])).toEqual([
      ['WorkloadIdentity shop/frontend', F('identities/frontend.yaml'), 18],
      ['Service shop/backend', F('services/backend.yaml'), 8],
      ['WorkloadIdentity shop/frontend', F('identities/frontend.yaml'), 22],
    ]);
    const dup = out.findings.find((f) => f.code === 'RT2002')!;
    expect(dup.related![0]).toMatchObject({
      resource: 'Service shop/backend',
      file: F('services/backend.yaml'),
      line: 8,
    });
  });

  test('the config file is found from the working directory upwards', async () => {
    const { out } = await validateJson(['-R', '-f', '.'], path.join(REPO_ROOT, REPO, 'identities'));
    // trustDomain: example.com comes from the config one directory up: RT2006 fires.
    expect(out.findings.some((f) => f.code === 'RT2006')).toBe(true);
    const { out: none } = await validateJson(['-R', '-f', REPO]);
    expect(none.findings.some((f) => f.code === 'RT2006')).toBe(false);
  });

  test('--trust-domain configures the SPIFFE ID rules', async () => {
    const { out } = await validateJson(['-R', '-f', REPO, '--trust-domain', 'example.org']);
    const foreign = out.findings.filter((f) => f.code === 'RT2006').map((f) => f.line);
    expect(foreign.length).toBeGreaterThan(3); // now every example.com entry is foreign
  });

  test('--disable suppresses by code or name, counted in the summary', async () => {
    const all = await validateJson(['-R', '-f', REPO, '--lint-config', CONFIG]);
    const r = await validateJson([
      '-R',
      '-f',
      REPO,
      '--lint-config',
      CONFIG,
      '--disable',
      'RT2005',
      '--disable',
      'weak-process-name-selector,RT2007',
    ]);
    expect(r.out.findings.some((f) => ['RT2005', 'RT2013', 'RT2007'].includes(f.code))).toBe(false);
    const removed = all.out.findings.length - r.out.findings.length;
    expect(removed).toBe(8);
    expect(r.out.summary.suppressed).toBe(8);
  });

  test('the threshold: errors fail by default, --fail-on warning and --strict fail on warnings', async () => {
    const warningsOnly = ['-f', 'test/fixtures/lint/RT2011-fires.yaml'];
    expect((await runCli(['validate', ...warningsOnly])).code).toBe(0);
    expect((await runCli(['validate', ...warningsOnly, '--strict'])).code).toBe(1);
    expect((await runCli(['validate', ...warningsOnly, '--fail-on', 'warning'])).code).toBe(1);
    expect((await runCli(['validate', ...warningsOnly, '--strict', '--fail-on', 'error'])).code).toBe(0);
    const infosOnly = ['-f', 'test/fixtures/lint/RT2013-fires.yaml'];
    expect((await runCli(['validate', ...infosOnly, '--strict'])).code).toBe(0);
    expect((await runCli(['validate', ...infosOnly, '--fail-on', 'info'])).code).toBe(1);
    expect((await runCli(['validate', '-R', '-f', REPO, '--lint-config', CONFIG, '--no-rules'])).code).toBe(
      0,
    );
  });

  test('a config file sets failOn, disable and severity', async () => {
    const dir = tempDir();
    fs.copyFileSync(
      path.join(REPO_ROOT, 'test/fixtures/lint/RT2011-fires.yaml'),
      path.join(dir, 'frontend.yaml'),
    );
    fs.writeFileSync(path.join(dir, '.riptides-lint.yaml'), 'failOn: warning\n');
    expect((await runCli(['validate', '-f', 'frontend.yaml'], { cwd: dir })).code).toBe(1);
    fs.writeFileSync(
      path.join(dir, '.riptides-lint.yaml'),
      'failOn: warning\ndisable: [permissive-inbound]\n',
    );
    const r = await validateJson(['-f', 'frontend.yaml'], dir);
    expect([r.code, r.out.findings.length, r.out.summary.suppressed]).toEqual([0, 0, 1]);
    fs.writeFileSync(path.join(dir, '.riptides-lint.yaml'), 'severity: {RT2011: error}\n');
    const s = await validateJson(['-f', 'frontend.yaml'], dir);
    expect([s.code, s.out.findings[0].code, s.out.findings[0].severity]).toEqual([1, 'RT2011', 'error']);
  });

  test('the annotation suppresses on its resource; a typo in it is reported', async () => {
    const clean = await validateJson(['-f', 'test/fixtures/lint/RT2017-clean.yaml']);
    expect([clean.code, clean.out.findings.length, clean.out.summary.suppressed]).toEqual([0, 0, 2]);
    const typo = await validateJson(['-f', 'test/fixtures/lint/RT2017-fires.yaml']);
    expect(typo.out.findings.map((f) => f.code).sort()).toEqual(['RT2011', 'RT2017']);
  });

  test('bad controls are usage errors (exit 2) that say where and what', async () => {
    const r = await runCli(['validate', '-f', REPO, '--disable', 'RT2101']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('RT2101');
    expect(r.stderr).toMatch(/did you mean/);
    const bad = await runCli(['validate', '-f', REPO, '--fail-on', 'fatal']);
    expect(bad.code).toBe(2);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.riptides-lint.yaml'), 'disable: [RT2013]\nfailon: warning\n');
    const cfg = await runCli(['validate', '-f', path.join(REPO_ROOT, REPO)], { cwd: dir });
    expect(cfg.code).toBe(2);
    expect(cfg.stderr).toMatch(/\.riptides-lint\.yaml:2:1/);
    expect(cfg.stderr).toContain('failOn');
    expect(cfg.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
    const missing = await runCli(['validate', '-f', REPO, '--lint-config', 'nope.yaml']);
    expect(missing.code).toBe(2);
  });

  test('--list-rules: every registered rule, text and JSON', async () => {
    const text = await runCli(['validate', '--list-rules']);
    expect(text.code).toBe(0);
    for (const r of lintRules)
      expect(text.stdout).toMatch(new RegExp(`^${r.code}\\s+${r.severity}\\s+${r.name}$`, 'm'));
    const json = await runCli(['validate', '--list-rules', '-o', 'json']);
    const out = JSON.parse(json.stdout) as { rules: Record<string, unknown>[] };
    expect(out.rules.map((r) => r.code)).toEqual(lintRules.map((r) => r.code));
    for (const r of out.rules)
      expect(Object.keys(r)).toEqual(['code', 'name', 'severity', 'description', 'reads', 'docs']);
  });

  test('SARIF carries the related resources as relatedLocations', async () => {
    const r = await runCli(['validate', '-R', '-f', REPO, '--lint-config', CONFIG, '-o', 'sarif']);
    const sarif = JSON.parse(r.stdout);
    const results = sarif.runs[0].results as { ruleId: string; relatedLocations?: unknown[] }[];
    const dup = results.find((x) => x.ruleId === 'RT2002')!;
    expect(dup.relatedLocations).toEqual([
      {
        id: 1,
        message: { text: 'first claim of backend.shop.svc.cluster.local:3000 (Service shop/backend)' },
        physicalLocation: {
          artifactLocation: { uri: F('services/backend.yaml') },
          region: { startLine: 8, startColumn: 7 },
        },
      },
    ]);
  });

  test('examples/ pass --strict: the deliberate PERMISSIVE frontend is suppressed by annotation', async () => {
    const r = await validateJson(['-R', '-f', 'examples', '--strict']);
    expect(r.code).toBe(0);
    expect(r.out.summary).toMatchObject({ errors: 0, warnings: 0, infos: 2, suppressed: 1 });
  });
});

describe('validate --live: the control plane as context', () => {
  test('resources applied to the (embedded) control plane resolve references; its findings are not reported', async () => {
    const files = [
      'examples/quickstart/backend-api-workloadidentity.yaml',
      'examples/quickstart/backend-api-svc.yaml',
    ];
    const applied = await runCli(['ctl', 'apply', ...files.flatMap((f) => ['-f', f])]);
    expect(applied.code).toBe(0);
    const frontend = ['-f', 'examples/quickstart/frontend-workloadidentity.yaml'];
    const alone = await validateJson(frontend);
    expect(alone.out.findings.map((f) => f.code).sort()).toEqual(['RT2001', 'RT2007', 'RT2007']);
    const live = await validateJson([...frontend, '--live']);
    expect([live.code, live.out.findings]).toEqual([0, []]);
  });
  test('an unreachable control plane is exit 3', async () => {
    const r = await runCli([
      'validate',
      '-f',
      'examples/quickstart',
      '--live',
      '--server',
      'https://127.0.0.1:1',
      '--token',
      't',
    ]);
    expect(r.code).toBe(3);
  });
});

test('--disable with the former name of RT2005 (ambiguous-identity) still works, with a deprecation warning', async () => {
  const r = await validateJson([
    '-f',
    'test/fixtures/lint/RT2005-fires.yaml',
    '--disable',
    'ambiguous-identity',
  ]);
  expect(r.code).toBe(0);
  expect(r.out.findings.filter((f) => f.code === 'RT2005')).toEqual([]);
  expect(r.out.summary.suppressed).toBeGreaterThan(0);
  expect(r.stderr).toContain(
    'warning: --disable ambiguous-identity: the rule is now named overlapping-selectors (RT2005); the old name still works but is deprecated',
  );
  const current = await validateJson([
    '-f',
    'test/fixtures/lint/RT2005-fires.yaml',
    '--disable',
    'overlapping-selectors',
  ]);
  expect(current.stderr).toBe('');
  expect(current.out.summary.suppressed).toBe(r.out.summary.suppressed);
});
