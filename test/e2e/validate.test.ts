/** `validate` end to end through the built bin/run.js: every output format, exit codes, inputs. */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli';

const FIX = 'test/fixtures/validate/e2e';
const INVALID = `${FIX}/invalid-frontend.yaml`;
const VALID = `${FIX}/valid-service.yaml`;

/** (code, line:column) of the invalid fixture, worked out by hand from the file. */
const EXPECTED = [
  ['RT1023', '/spec/connection/tls/mode', 11, 13],
  ['RT1020', '/spec/allowedSpiffeIds', 12, 3],
  ['RT1024', '/spec/addresses/0/port', 23, 13],
];

function sarifValidator() {
  const Ajv = require('ajv').default;
  const addFormats = require('ajv-formats').default;
  // The file says draft-04 but uses nothing that draft-07 reads differently (no boolean exclusiveMinimum);
  // one of its patterns is not valid with the u flag.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false });
  addFormats(ajv);
  const schema = JSON.parse(
    fs.readFileSync(
      path.join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
      'utf8',
    ),
  );
  // draft-04 spells the schema's identifier `id`; draft-07 `$id`.
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  return ajv.compile(schema);
}

describe('validate', () => {
  test('examples/ validate clean: exit 0', async () => {
    const r = await runCli(['validate', '-R', '-f', 'examples']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = await runCli(['validate', '-R', '-f', 'examples', '-o', 'json']);
    const out = JSON.parse(json.stdout);
    expect(out.summary).toMatchObject({ files: 7, resources: 7, errors: 0, warnings: 0 });
  });

  test('text: grouped by file, position, code, the source line and a caret under the exact place; exit 1', async () => {
    const r = await runCli(['validate', '-f', INVALID, '-f', VALID]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(INVALID);
    for (const [code, , line, column] of EXPECTED) {
      const i = lines.findIndex((l) => l.includes(`${line}:${column} `) && l.includes(code as string));
      expect(i).toBeGreaterThan(0);
      // Source line, then the caret line: the caret starts under the reported column.
      expect(lines[i + 1]).toMatch(new RegExp(`^\\s+${line} \\| `));
      const sourceStart = lines[i + 1].indexOf('| ') + 2;
      expect(lines[i + 2].indexOf('^') - sourceStart).toBe((column as number) - 1);
    }
    expect(r.stdout).not.toContain('\u001b['); // no colour when not a terminal
  });

  test('--color forces colour in text output', async () => {
    const r = await runCli(['validate', '-f', INVALID, '--color']);
    expect(r.stdout).toContain('\u001b[');
  });

  test('json: exactly the documented shape, 1-based positions', async () => {
    const r = await runCli(['validate', '-f', INVALID, '-f', VALID, '-o', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['apiVersion', 'kind', 'summary', 'findings']);
    expect(out.summary).toEqual({
      files: 2,
      resources: 3,
      errors: 3,
      warnings: 0,
      infos: 0,
      skipped: 0,
      suppressed: 0,
    });
    for (const f of out.findings) {
      expect(Object.keys(f).filter((k) => k !== 'fix')).toEqual([
        'severity',
        'code',
        'message',
        'file',
        'line',
        'column',
        'path',
        'resource',
      ]);
    }
    expect(
      out.findings.map((f: { code: string; path: string; line: number; column: number }) => [
        f.code,
        f.path,
        f.line,
        f.column,
      ]),
    ).toEqual(EXPECTED);
    expect(out.findings[0]).toMatchObject({
      severity: 'error',
      file: INVALID,
      resource: 'WorkloadIdentity riptides-system/frontend',
    });
    expect(out.findings[1].message).toContain('allowedSPIFFEIDs');
  });

  test('sarif: helpUri only when RIPTIDES_DOCS_URL says where the docs are', async () => {
    const plain = JSON.parse((await runCli(['validate', '-f', INVALID, '-o', 'sarif'])).stdout);
    const plainRule = plain.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'RT1020');
    expect(plainRule.helpUri).toBeUndefined();
    expect(plainRule.help.text).toContain('docs/codes/RT1020.md');
  });

  test('sarif: valid SARIF 2.1.0, rules from the catalog with helpUri, regions with line and column', async () => {
    const r = await runCli(['validate', '-f', INVALID, '-o', 'sarif'], {
      env: { RIPTIDES_DOCS_URL: 'https://docs.example.test/riptides-cli/' },
    });
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    const validate = sarifValidator();
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('riptides-cli');
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'RT1020');
    expect(rule.helpUri).toBe('https://docs.example.test/riptides-cli/docs/codes/RT1020.md');
    expect(
      run.results.map(
        (x: {
          ruleId: string;
          level: string;
          locations: {
            physicalLocation: {
              artifactLocation: { uri: string };
              region: { startLine: number; startColumn: number };
            };
          }[];
        }) => [
          x.ruleId,
          x.level,
          x.locations[0].physicalLocation.artifactLocation.uri,
          x.locations[0].physicalLocation.region.startLine,
          x.locations[0].physicalLocation.region.startColumn,
        ],
      ),
    ).toEqual(EXPECTED.map(([code, , line, column]) => [code, 'error', INVALID, line, column]));
    for (const x of run.results) expect(run.tool.driver.rules[x.ruleIndex].id).toBe(x.ruleId);
  });

  test('junit: parses as XML, a suite per file, a failing test case per invalid document', async () => {
    const r = await runCli([
      'validate',
      '-f',
      INVALID,
      '-f',
      VALID,
      '-f',
      `${FIX}/syntax-error.yaml`,
      '-o',
      'junit',
    ]);
    expect(r.code).toBe(1);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout);
    const suites = [doc.testsuites.testsuite].flat();
    expect(suites.map((s: { name: string }) => s.name)).toEqual([INVALID, VALID, `${FIX}/syntax-error.yaml`]);
    const cases = (s: { testcase: unknown }) =>
      [s.testcase].flat() as { name: string; failure?: { type: string } }[];
    expect(cases(suites[0]).map((c) => [c.name, c.failure?.type])).toEqual([
      ['WorkloadIdentity riptides-system/frontend', 'RT1023'],
      ['Service riptides-system/backend-api-svc', 'RT1024'],
    ]);
    expect(cases(suites[1]).map((c) => [c.name, c.failure])).toEqual([
      ['Service riptides-system/db', undefined],
    ]);
    expect(cases(suites[2]).map((c) => c.failure?.type)).toEqual(['RT1001']);
    expect(doc.testsuites.failures).toBe('3');
  });

  test('github: one workflow command per finding with file, line, col and the code as title', async () => {
    const r = await runCli(['validate', '-f', INVALID, '-o', 'github']);
    expect(r.code).toBe(1);
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(
      commands.map((l) => /^::error file=([^,]+),line=(\d+),col=(\d+),title=(RT\d{4})::/.exec(l)?.slice(1)),
    ).toEqual(EXPECTED.map(([code, , line, column]) => [INVALID, String(line), String(column), code]));
    for (const l of commands) expect(l).not.toMatch(/\n/);
  });

  test('several formats in one run: stdout plus --sarif-file, --junit-file, --json-file', async () => {
    const dir = tempDir();
    const r = await runCli([
      'validate',
      '-f',
      INVALID,
      '-o',
      'github',
      '--sarif-file',
      path.join(dir, 'out.sarif'),
      '--junit-file',
      path.join(dir, 'out.xml'),
      '--json-file',
      path.join(dir, 'out.json'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error /);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(fs.readFileSync(path.join(dir, 'out.xml'), 'utf8')).toMatch(/^<\?xml/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')).summary.errors).toBe(3);
  });

  test('stdin with -f -', async () => {
    const r = await runCli(['validate', '-f', '-', '-o', 'json'], {
      input: fs.readFileSync(path.join(REPO_ROOT, INVALID), 'utf8'),
    });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary.files).toBe(1);
    expect(out.findings.map((f: { file: string; line: number }) => [f.file, f.line])).toEqual(
      EXPECTED.map(([, , line]) => ['<stdin>', line]),
    );
    const clean = await runCli(['validate', '-f', '-'], {
      input: fs.readFileSync(path.join(REPO_ROOT, VALID), 'utf8'),
    });
    expect(clean.code).toBe(0);
  });

  test('a YAML syntax error is exit 1 with RT1001 at its line', async () => {
    const r = await runCli(['validate', '-f', `${FIX}/syntax-error.yaml`, '-o', 'json']);
    expect(r.code).toBe(1);
    const [f] = JSON.parse(r.stdout).findings;
    expect(f).toMatchObject({ code: 'RT1001', severity: 'error' });
    expect(f.line).toBeGreaterThanOrEqual(3);
  });

  test('--skip-unknown passes over non-Riptides documents and counts them', async () => {
    const strict = await runCli(['validate', '-f', `${FIX}/mixed-kubernetes.yaml`, '-o', 'json']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).findings.map((f: { code: string }) => f.code)).toEqual([
      'RT1013',
      'RT1012',
    ]);
    const lenient = await runCli([
      'validate',
      '-f',
      `${FIX}/mixed-kubernetes.yaml`,
      '--skip-unknown',
      '-o',
      'json',
    ]);
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout).summary).toMatchObject({ resources: 1, skipped: 2, errors: 0 });
  });

  test('warnings pass unless --strict', async () => {
    const r = await runCli(['validate', '-f', `${FIX}/warning-only.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('RT1028');
    const strict = await runCli(['validate', '-f', `${FIX}/warning-only.yaml`, '--strict']);
    expect(strict.code).toBe(1);
  });

  test('usage errors exit 2: missing path, unknown flag, no -f, unknown -o', async () => {
    const missing = await runCli(['validate', '-f', 'no/such/dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such/dir');
    expect(missing.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect((await runCli(['validate', '-f', VALID, '--no-such-flag'])).code).toBe(2);
    expect((await runCli(['validate'])).code).toBe(2);
    const badFormat = await runCli(['validate', '-f', VALID, '-o', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('sarif');
  });

  test('--help documents the exit codes', async () => {
    const r = await runCli(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes/);
    for (const code of ['0', '1', '2']) expect(r.stdout).toMatch(new RegExp(`^\\s+${code}\\s`, 'm'));
  });
});
