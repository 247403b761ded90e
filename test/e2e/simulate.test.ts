/** End-to-end: `simulate` on the examples — matrix, JSON, graphs, expectations, coverage, change impact. */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli';

const QS = ['-f', 'examples/quickstart', '--scenario', 'examples/quickstart/scenario.yaml'];

function copyExample(name: string): string {
  const dir = tempDir();
  for (const f of fs.readdirSync(path.join(REPO_ROOT, 'examples', name)))
    fs.copyFileSync(path.join(REPO_ROOT, 'examples', name, f), path.join(dir, f));
  return dir;
}

describe('simulate', () => {
  test.each(['quickstart', 'implicit-mtls'])(
    'every expectation of examples/%s passes (scenario among -f)',
    async (name) => {
      const r = await runCli(['simulate', '-f', `examples/${name}`, '-o', 'json']);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.summary.expectations.failed).toBe(0);
      expect(j.summary.expectations.passed).toBe(j.results.length);
    },
  );

  test('table: a matrix with a legend, the non-mTLS pairs with their reason, expectations and coverage', async () => {
    const r = await runCli(['simulate', ...QS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Legend: M = MTLS, T = TLS, P = PLAINTEXT, X = REJECTED/);
    expect(r.stdout).toMatch(
      /legacy-client → backend-api\.myapp\.svc\.cluster\.local:3000\s+REJECTED\s+plaintext-to-mutual/,
    );
    expect(r.stdout).toMatch(/Expectations\s+3 passed, 0 failed/);
    expect(r.stdout).toMatch(/Coverage\s+endpoints 2\/2/);
  });

  test('json: results in the explain shape, summary and coverage', async () => {
    const r = await runCli(['simulate', ...QS, '-o', 'json']);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['apiVersion', 'kind', 'results', 'summary', 'coverage']);
    expect(j.results[0]).toMatchObject({
      from: 'frontend',
      to: 'backend-api.myapp.svc.cluster.local:3000',
      expect: 'MTLS',
      expectation: 'passed',
      verdict: 'MTLS',
      path: 'explicit',
    });
    expect(j.results[0].steps.length).toBeGreaterThan(0);
    expect(j.summary).toEqual({
      MTLS: 1,
      TLS: 0,
      PLAINTEXT: 1,
      REJECTED: 1,
      expectations: { passed: 3, failed: 0 },
    });
    expect(j.coverage.endpoints).toEqual({ total: 2, withExpectation: 2, share: 1 });
  });

  test('without connections: every workload × every endpoint except its own', async () => {
    const dir = copyExample('implicit-mtls');
    const s = fs.readFileSync(path.join(dir, 'scenario.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'scenario.yaml'), s.slice(0, s.indexOf('  connections:')));
    const r = await runCli(['simulate', '-f', dir, '-o', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const pairs = j.results
      .map((x: { from: string; to: string; verdict: string }) => `${x.from}>${x.to}=${x.verdict}`)
      .sort();
    expect(pairs).toEqual([
      'service-a>db.legacy.internal:5432=PLAINTEXT',
      'service-a>service-b.internal:8443=MTLS',
      'service-b>db.legacy.internal:5432=PLAINTEXT',
      'service-b>service-a.internal:8443=MTLS',
    ]);
    expect(j.coverage.endpoints.withExpectation).toBe(0);
  });

  test('mermaid and dot graphs with edges labelled and coloured by verdict', async () => {
    const m = await runCli(['simulate', ...QS, '-o', 'mermaid']);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/^flowchart LR/);
    expect(m.stdout).toMatch(/-->\|":3000 MTLS"\|/);
    expect(m.stdout).toMatch(/linkStyle 0 stroke:#2e7d32/);
    const d = await runCli(['simulate', ...QS, '-o', 'dot']);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/^digraph riptides \{/);
    expect(d.stdout).toMatch(/label=":3000 REJECTED \(plaintext-to-mutual\)", color="#c62828"/);
  });

  test('a failing expectation is listed with its reason and exits 1', async () => {
    const dir = copyExample('quickstart');
    const file = path.join(dir, 'scenario.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('expect: REJECTED', 'expect: MTLS'));
    const r = await runCli(['simulate', '-f', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /✗ legacy-client → backend-api\.myapp\.svc\.cluster\.local:3000: expected MTLS, got REJECTED \(plaintext-to-mutual\)\s+\S*scenario\.yaml:\d+:\d+/,
    );
    const j = JSON.parse((await runCli(['simulate', '-f', dir, '-o', 'json'])).stdout);
    expect(j.summary.expectations).toEqual({ passed: 2, failed: 1 });
  });

  test('--baseline lists changed verdicts; --fail-on-regression exits 1 on a regression', async () => {
    const dir = copyExample('quickstart');
    const wi = path.join(dir, 'backend-api-workloadidentity.yaml');
    fs.writeFileSync(
      wi,
      fs
        .readFileSync(wi, 'utf8')
        .replace('spiffe://example.com/myapp/app/frontend', 'spiffe://example.com/myapp/app/someone-else'),
    );
    const scenario = path.join(dir, 'scenario.yaml');
    const plain = await runCli([
      'simulate',
      '-f',
      dir,
      '--scenario',
      scenario,
      '--baseline',
      'examples/quickstart',
      '-o',
      'json',
    ]);
    const j = JSON.parse(plain.stdout);
    expect(j.changes).toEqual([
      {
        from: 'frontend',
        to: 'backend-api.myapp.svc.cluster.local:3000',
        before: 'MTLS',
        after: 'REJECTED',
        regression: true,
        kind: 'availability',
        reason: 'not-allowed-inbound',
      },
    ]);
    expect(j.regressions).toEqual({ security: 0, availability: 1 });
    const strict = await runCli([
      'simulate',
      '-f',
      dir,
      '--scenario',
      scenario,
      '--baseline',
      'examples/quickstart',
      '--fail-on-regression',
    ]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(
      /Availability regressions[^\n]*\n\s+✗ frontend → [^\n]*MTLS → REJECTED \(not-allowed-inbound\)/,
    );
    const same = await runCli([
      'simulate',
      ...QS,
      '--baseline',
      'examples/quickstart',
      '--fail-on-regression',
    ]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/0 changed, 0 regressions/);
  });

  test('weakening the backend from MUTUAL to PERMISSIVE is a security regression (legacy-client REJECTED → PLAINTEXT)', async () => {
    const dir = copyExample('quickstart');
    const wi = path.join(dir, 'backend-api-workloadidentity.yaml');
    fs.writeFileSync(wi, fs.readFileSync(wi, 'utf8').replace('mode: MUTUAL', 'mode: PERMISSIVE'));
    // The scenario now expects what the weakened manifests do, so only the regression gate decides the exit code.
    const sc = path.join(dir, 'scenario.yaml');
    fs.writeFileSync(sc, fs.readFileSync(sc, 'utf8').replace('expect: REJECTED', 'expect: PLAINTEXT'));
    const base = ['simulate', '-f', dir, '--scenario', path.join(dir, 'scenario.yaml')];
    const json = await runCli([...base, '--baseline', 'examples/quickstart', '-o', 'json']);
    const j = JSON.parse(json.stdout);
    expect(j.changes).toEqual([
      {
        from: 'legacy-client',
        to: 'backend-api.myapp.svc.cluster.local:3000',
        before: 'REJECTED',
        after: 'PLAINTEXT',
        regression: true,
        kind: 'security',
        reason: 'no-identity',
      },
    ]);
    expect(j.regressions).toEqual({ security: 1, availability: 0 });
    const gate = async (...flags: string[]) =>
      (await runCli([...base, '--baseline', 'examples/quickstart', ...flags])).code;
    // The bare flag means `any`, also when another flag follows it.
    expect(await gate('--fail-on-regression')).toBe(1);
    expect(await gate('--fail-on-regression', '-o', 'json')).toBe(1);
    expect(await gate('--fail-on-regression', 'any')).toBe(1);
    expect(await gate('--fail-on-regression=security')).toBe(1);
    expect(await gate('--fail-on-regression', 'availability')).toBe(0);
    const text = await runCli([...base, '--baseline', 'examples/quickstart', '--fail-on-regression']);
    expect(text.stdout).toMatch(/1 changed, 1 regression \(1 security, 0 availability\)/);
    expect(text.stdout).toMatch(
      /Security regressions[^\n]*\n\s+✗ legacy-client → backend-api\.myapp\.svc\.cluster\.local:3000: REJECTED → PLAINTEXT/,
    );
    expect(text.stderr).toMatch(/1 regression against the baseline \(1 security, 0 availability\)/);
    expect(await gate('--fail-on-regression', 'some')).toBe(2);
  });

  test('usage errors exit 2', async () => {
    expect((await runCli(['simulate', '-f', 'examples/quickstart/backend-api-svc.yaml'])).code).toBe(2);
    expect((await runCli(['simulate', ...QS, '--fail-on-regression'])).code).toBe(2);
    expect((await runCli(['simulate', ...QS, '-o', 'yaml'])).code).toBe(2);
  });
});
