/**
 * Data-driven rule tests: test/fixtures/lint/RTxxxx-fires*.yaml must produce exactly the
 * `# expect: CODE Kind ns/name` lines (for the codes it names), RTxxxx-clean*.yaml nothing at all
 * but what its `# allow: CODE` lines permit. `# trust-domain: td` configures the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { lintRules } from '../../src/core/lint/registry';
import { FIXTURES, lint, loadPaths } from './helpers';

interface FixtureHeader {
  trustDomain?: string;
  expect: string[];
  allow: Set<string>;
}

function readHeader(file: string): FixtureHeader {
  const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  const header: FixtureHeader = { expect: [], allow: new Set() };
  for (const line of text.split('\n')) {
    let m = /^# trust-domain: (\S+)/.exec(line);
    if (m) header.trustDomain = m[1];
    m = /^# expect: (RT\d{4}) (.+)$/.exec(line);
    if (m) header.expect.push(`${m[1]} ${m[2].trim()}`);
    m = /^# allow: (RT\d{4})/.exec(line);
    if (m) header.allow.add(m[1]);
  }
  return header;
}

const files = fs.readdirSync(FIXTURES).filter((f) => /^RT\d{4}-(fires|clean).*\.yaml$/.test(f));
const fires = files.filter((f) => f.includes('-fires'));
const clean = files.filter((f) => f.includes('-clean'));

describe('every rule has fixtures', () => {
  test.each(lintRules.filter((r) => r.code !== 'RT2000').map((r) => r.code))(
    '%s has a firing and a clean fixture',
    (code) => {
      expect(fires.some((f) => f.startsWith(code))).toBe(true);
      expect(clean.some((f) => f.startsWith(code))).toBe(true);
    },
  );
});

describe('fixtures that fire', () => {
  test.each(fires)('%s', (file) => {
    const header = readHeader(file);
    const report = lint(loadPaths(file), { trustDomain: header.trustDomain });
    const codes = new Set(header.expect.map((e) => e.split(' ')[0]));
    codes.add(file.slice(0, 6));
    const got = [
      ...new Set(report.findings.filter((f) => codes.has(f.code)).map((f) => `${f.code} ${f.resource}`)),
    ].sort();
    expect(got).toEqual([...new Set(header.expect)].sort());
    // Every finding is placed in the fixture file at a real line.
    for (const f of report.findings) {
      expect(f.file).toContain(file);
      expect(f.line).toBeGreaterThan(0);
      expect(f.column).toBeGreaterThan(0);
      for (const r of f.related ?? []) expect(r.line).toBeGreaterThan(0);
    }
  });
});

describe('fixtures that stay clean', () => {
  test.each(clean)('%s', (file) => {
    const header = readHeader(file);
    const report = lint(loadPaths(file), { trustDomain: header.trustDomain });
    expect(
      report.findings.filter((f) => !header.allow.has(f.code)).map((f) => `${f.code} ${f.resource}`),
    ).toEqual([]);
  });
});
