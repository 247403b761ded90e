/** Every code a finding or a verdict can carry has a page that `riptides-cli docs` finds and ships. */
import fs from 'node:fs';
import path from 'node:path';
import { catalog } from '../../src/core/catalog';
import { allCodes } from '../../src/core/catalog/codes';
import { REASONS } from '../../src/core/policy/reasons';
import { docsTopics, findDocsTopic, PACKAGE_ROOT, readDocsPage } from '../../src/io/docs-pages';

describe('docs pages', () => {
  test('every code of the one catalog resolves to a page that exists and is titled with its code', () => {
    const codes = allCodes().map((c) => c.id);
    expect(codes).toEqual(
      expect.arrayContaining([...catalog.map((e) => e.code), ...REASONS.map((r) => r.code)]),
    );
    expect(docsTopics().map((t) => t.code)).toEqual(codes);
    for (const code of codes) {
      const page = readDocsPage(findDocsTopic(code));
      expect(page.split('\n')[0]).toContain(code);
    }
  });

  test('codes in any case and finding names resolve; reason codes are their own name', () => {
    expect(findDocsTopic('rt1020').code).toBe('RT1020');
    expect(findDocsTopic('unknown-field').code).toBe('RT1020');
    expect(findDocsTopic(' No-Identity ').code).toBe('no-identity');
    expect(findDocsTopic('token-over-http').code).toBe('token-over-http');
    expect(findDocsTopic('conflict').code).toBe('conflict');
  });

  test('former names lead to the renamed code: ambiguous-identity is the reason, RT2005 keeps its old name as an alias', () => {
    expect(findDocsTopic('ambiguous-identity').code).toBe('ambiguous-identity');
    expect(findDocsTopic('overlapping-selectors').code).toBe('RT2005');
    expect(findDocsTopic('trust-domain-mismatch').code).toBe('trust-domain-mismatch');
    expect(findDocsTopic('data-trust-domain-differs').code).toBe('data-trust-domain-differs');
  });

  test('an unknown code is a usage error (exit 2) with the closest code', () => {
    expect(() => findDocsTopic('RT1O20')).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => findDocsTopic('no-identiy')).toThrow(/did you mean "no-identity"/);
    expect(() => findDocsTopic('zzzzzzzz')).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  test('package.json ships docs/ (the pages findings name)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('docs');
  });
});
