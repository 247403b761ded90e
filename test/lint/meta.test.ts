/** Meta-tests: every rule file is registered, codes are unique and catalogued, each rule is documented. */
import fs from 'node:fs';
import path from 'node:path';
import { catalog } from '../../src/core/catalog';
import { ruleCodes } from '../../src/core/catalog/rule-codes';
import { lintRules } from '../../src/core/lint/registry';
import type { LintRule } from '../../src/core/lint/types';

const ROOT = path.resolve(__dirname, '..', '..');
const RULES_DIR = path.join(ROOT, 'src', 'core', 'lint', 'rules');

test('every rule file exports exactly one registered rule', () => {
  const files = fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBe(lintRules.length);
  for (const f of files) {
    const mod = require(path.join(RULES_DIR, f)) as Record<string, LintRule>;
    const exported = Object.values(mod).filter((v) => v && typeof v === 'object' && 'check' in v);
    expect(exported).toHaveLength(1);
    expect(lintRules).toContain(exported[0]);
    // The file is named after the rule.
    expect(f).toBe(`${exported[0].name}.ts`);
  }
});

test('the registry is sorted by code and codes are unique', () => {
  const codes = lintRules.map((r) => r.code);
  expect([...codes].sort()).toEqual(codes);
  expect(new Set(codes).size).toBe(codes.length);
});

test('each rule is in the one catalog with its name and severity, and described', () => {
  for (const rule of lintRules) {
    expect(rule.code).toMatch(/^RT2\d{3}$/);
    const entry = catalog.find((e) => e.code === rule.code);
    expect(entry).toBeDefined();
    expect(entry!.area).toBe('rule');
    expect(entry!.name).toBe(rule.name);
    expect(entry!.severity).toBe(rule.severity);
    expect(rule.description.length).toBeGreaterThan(40);
    expect(rule.reads.length).toBeGreaterThan(0);
  }
});

test('every RT2xxx catalog entry is a registered rule or the internal-failure code', () => {
  const registered = new Set(lintRules.map((r) => r.code));
  for (const e of ruleCodes) expect(registered.has(e.code) || e.code === 'RT2000').toBe(true);
  expect(new Set(ruleCodes.map((e) => e.name)).size).toBe(ruleCodes.length);
});

test('every RT2xxx code has a docs page with what, why, fix and an example', () => {
  for (const e of ruleCodes) {
    const file = path.join(ROOT, e.docs);
    expect(fs.existsSync(file)).toBe(true);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain(e.code);
    // RT2000 is a bug in a rule; RT2014 cannot fire in validate (the schema reports RT1026 first).
    if (e.code === 'RT2000' || e.code === 'RT2014') continue;
    for (const heading of ['## Why it matters', '## How to fix', '## Example'])
      expect(text).toContain(heading);
    expect(text).toMatch(/```yaml/);
    expect(text).toMatch(/```console\n\$ riptides-cli validate/);
  }
});
