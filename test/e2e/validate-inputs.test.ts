/** `validate` end to end on hostile and empty inputs: never an internal error, never a silent pass. */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const HEAD = 'apiVersion: core.riptides.io/v1alpha1\nkind: WorkloadIdentity\nmetadata:\n  name: a\nspec:\n';

describe('validate: hostile input', () => {
  test.each([
    ['3,000 levels of nesting', HEAD + '  x: ' + '['.repeat(3000) + ']'.repeat(3000) + '\n', 6],
    ['a \\x01 in a value', HEAD.replace('name: a', 'name: "a\x01b"'), 4],
  ])('%s: RT1001 at its line, exit 1, every report file written', async (_name, text, line) => {
    const dir = tempDir();
    const file = path.join(dir, 'in.yaml');
    fs.writeFileSync(file, text);
    const reports = ['sarif', 'junit', 'json'].map((k) => path.join(dir, `out.${k}`));
    const r = await runCli([
      'validate',
      '-f',
      file,
      '-o',
      'json',
      '--sarif-file',
      reports[0],
      '--junit-file',
      reports[1],
      '--json-file',
      reports[2],
    ]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: { code: string; line: number }) => [f.code, f.line])).toEqual([
      ['RT1001', line],
    ]);
    for (const report of reports) expect(fs.statSync(report).size).toBeGreaterThan(0);
    const sarif = JSON.parse(fs.readFileSync(reports[0], 'utf8'));
    expect(sarif.runs[0].results[0].ruleId).toBe('RT1001');
  });
});

describe('validate: zero documents is not a pass', () => {
  const codes = (stdout: string) =>
    JSON.parse(stdout).findings.map((f: { code: string; fix: string }) => [f.code, f.fix]);

  test('an empty directory: RT1005, exit 1; --allow-empty: exit 0', async () => {
    const dir = tempDir();
    const r = await runCli(['validate', '-f', dir, '-o', 'json']);
    expect(r.code).toBe(1);
    expect(codes(r.stdout).map((c: string[]) => c[0])).toEqual(['RT1005']);
    const allowed = await runCli(['validate', '-f', dir, '--allow-empty']);
    expect(allowed.code).toBe(0);
  });

  test('manifests only in sub-directories without -R: RT1005 with an -R hint; with -R they are read', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'prod'));
    fs.copyFileSync('test/fixtures/validate/e2e/valid-service.yaml', path.join(dir, 'prod', 'svc.yaml'));
    const r = await runCli(['validate', '-f', dir, '-o', 'json']);
    expect(r.code).toBe(1);
    const [[code, fix]] = codes(r.stdout);
    expect(code).toBe('RT1005');
    expect(fix).toMatch(/-R/);
    expect((await runCli(['validate', '-R', '-f', dir])).code).toBe(0);
  });

  test.each([
    ['empty stdin', ''],
    ['stdin with only comments', '# nothing\n---\n'],
  ])('%s: RT1005, exit 1', async (_name, input) => {
    const r = await runCli(['validate', '-f', '-', '-o', 'json'], { input });
    expect(r.code).toBe(1);
    expect(codes(r.stdout).map((c: string[]) => c[0])).toEqual(['RT1005']);
  });
});

describe('validate: YAML merge keys', () => {
  test('<<: *anchor is accepted (no unknown field <<); a bad merged value is reported at the anchor', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'svc.yaml');
    fs.writeFileSync(
      file,
      [
        'apiVersion: core.riptides.io/v1alpha1',
        'kind: Service',
        'metadata:',
        '  name: db',
        'spec:',
        '  addresses:',
        '    - &primary',
        '      address: db.internal',
        '      port: 5432',
        '    - <<: *primary',
        '      port: 5433',
        '---',
        'apiVersion: core.riptides.io/v1alpha1',
        'kind: Service',
        'metadata: &meta',
        '  name: cache',
        'spec:',
        '  addresses:',
        '    - &bad',
        '      address: cache.internal',
        '      port: 99999',
        '    - <<: *bad',
        '      address: cache2.internal',
        '',
      ].join('\n'),
    );
    const r = await runCli(['validate', '-f', file, '-o', 'json', '--no-rules']);
    const findings = JSON.parse(r.stdout).findings.map((f: { code: string; path: string; line: number }) => [
      f.code,
      f.path,
      f.line,
    ]);
    expect(findings).toEqual([
      ['RT1024', '/spec/addresses/0/port', 21],
      ['RT1024', '/spec/addresses/1/port', 21],
    ]);
    expect(r.code).toBe(1);
  });
});

describe('validate: trust domains', () => {
  test('SPIFFE IDs of two trust domains and nothing configured: RT2019; with --trust-domain: RT2006 instead', async () => {
    const file = 'test/fixtures/lint/RT2019-fires.yaml';
    const codesOf = (stdout: string) =>
      JSON.parse(stdout)
        .findings.map((f: { code: string; path: string }) => `${f.code} ${f.path}`)
        .filter((c: string) => /RT20(06|19)/.test(c));
    const inferred = await runCli(['validate', '-f', file, '-o', 'json']);
    expect(codesOf(inferred.stdout)).toEqual(['RT2019 /spec/allowedSPIFFEIDs/inbound/1']);
    expect(inferred.code).toBe(0); // a warning
    expect((await runCli(['validate', '-f', file, '--strict'])).code).toBe(1);
    const configured = await runCli(['validate', '-f', file, '-o', 'json', '--trust-domain', 'example.com']);
    expect(codesOf(configured.stdout)).toEqual(['RT2006 /spec/allowedSPIFFEIDs/inbound/1']);
  });
});

describe('validate: rules run on the well-formed part of resources with schema errors', () => {
  test('a selector-key typo hides neither the duplicate workloadID nor the misspelt SPIFFE ID; a Service with one bad port is still selected', async () => {
    const r = await runCli(['validate', '-f', 'test/fixtures/validate/partial', '-o', 'json']);
    expect(r.code).toBe(1);
    const found = JSON.parse(r.stdout).findings.map(
      (f: { code: string; file: string; line: number }) => `${f.code} ${path.basename(f.file)}:${f.line}`,
    );
    expect(found).toEqual([
      'RT2004 identities.yaml:14',
      'RT1026 identities.yaml:16',
      'RT2007 identities.yaml:19',
      'RT1024 service.yaml:8',
    ]);
    // No RT2001 ("egress selects no Service") for api → db, no RT2014 for the typo the schema reports.
  });
});
