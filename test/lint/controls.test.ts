/** Lint controls: config file validation, flag + config merging, thresholds, trust domain, annotation parsing. */
import fs from 'node:fs';
import path from 'node:path';
import { RiptidesError } from '../../src/core/errors';
import type { Finding } from '../../src/core/findings';
import {
  annotationCodes,
  failsThreshold,
  mergeLintControls,
  parseLintConfig,
  resolveRuleRef,
  resolveTrustDomain,
} from '../../src/core/lint/controls';
import { findLintConfig, loadLintConfig, readLintConfig } from '../../src/io/lint-config';
import { tempDir } from '../helpers/cli';

test('rule references resolve by code (any case) or name', () => {
  expect(resolveRuleRef('RT2011')).toBe('RT2011');
  expect(resolveRuleRef(' rt2011 ')).toBe('RT2011');
  expect(resolveRuleRef('permissive-inbound')).toBe('RT2011');
  expect(resolveRuleRef('RT1001')).toBeUndefined();
  expect(resolveRuleRef('nope')).toBeUndefined();
});

test('the annotation takes codes and names separated by commas or spaces', () => {
  expect(
    [...annotationCodes({ 'lint.riptides.io/disable': 'RT2011, weak-process-name-selector RT9999' })].sort(),
  ).toEqual(['RT2011', 'RT2013']);
  expect(annotationCodes(undefined).size).toBe(0);
  expect(annotationCodes({ 'lint.riptides.io/disable': 42 }).size).toBe(0);
});

describe('parseLintConfig', () => {
  test('a full, valid config', () => {
    const { config, problems } = parseLintConfig({
      disable: ['RT2013', 'permissive-inbound'],
      failOn: 'warning',
      trustDomain: 'example.com',
      severity: { RT2005: 'error', 'weak-process-name-selector': 'warning' },
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      disable: ['RT2013', 'RT2011'],
      failOn: 'warning',
      trustDomain: 'example.com',
      severity: { RT2005: 'error', RT2013: 'warning' },
    });
  });
  test('an empty file is an empty config', () => {
    expect(parseLintConfig(null)).toEqual({ config: { disable: [], severity: {} }, problems: [] });
  });
  test.each([
    [{ disabel: ['RT2011'] }, '/disabel', 'key'],
    [{ disable: 'RT2011' }, '/disable', 'value'],
    [{ disable: ['RT2101x'] }, '/disable/0', 'value'],
    [{ failOn: 'warn' }, '/failOn', 'value'],
    [{ trustDomain: 'Example.COM' }, '/trustDomain', 'value'],
    [{ severity: { RT2011: 'fatal' } }, '/severity/RT2011', 'value'],
    [{ severity: { RT9999: 'error' } }, '/severity/RT9999', 'key'],
    [['RT2011'], '', 'value'],
  ])('%j is reported at %s', (data, pointer, target) => {
    const { problems } = parseLintConfig(data);
    expect(problems.map((p) => [p.pointer, p.target])).toContainEqual([pointer, target]);
  });
});

describe('mergeLintControls', () => {
  const config = {
    disable: ['RT2013'],
    failOn: 'warning' as const,
    trustDomain: 'example.com',
    severity: { RT2011: 'error' as const },
  };
  test('defaults without config or flags', () => {
    const c = mergeLintControls(undefined, {});
    expect([c.failOn, [...c.disabled], c.trustDomain]).toEqual(['error', [], undefined]);
  });
  test('flags add to disable and replace failOn and trustDomain', () => {
    const c = mergeLintControls(config, {
      disable: ['RT2011'],
      failOn: 'error',
      trustDomain: 'prod.example.com',
    });
    expect([...c.disabled].sort()).toEqual(['RT2011', 'RT2013']);
    expect(c.failOn).toBe('error');
    expect(c.trustDomain).toBe('prod.example.com');
    expect(c.severity).toEqual({ RT2011: 'error' });
  });
  test('--strict means warning; an explicit --fail-on wins over it', () => {
    expect(mergeLintControls(undefined, { strict: true }).failOn).toBe('warning');
    expect(mergeLintControls(undefined, { strict: true, failOn: 'error' }).failOn).toBe('error');
    expect(mergeLintControls({ ...config, failOn: 'info' }, { strict: true }).failOn).toBe('warning');
    expect(mergeLintControls(config, {}).failOn).toBe('warning');
  });
});

test('failsThreshold', () => {
  const f = (severity: Finding['severity']): Finding => ({ severity, code: 'RT2011', message: '' });
  expect(failsThreshold([f('warning')], 'error')).toBe(false);
  expect(failsThreshold([f('warning')], 'warning')).toBe(true);
  expect(failsThreshold([f('info')], 'warning')).toBe(false);
  expect(failsThreshold([f('info')], 'info')).toBe(true);
  expect(failsThreshold([], 'info')).toBe(false);
});

test('trust domain: configured, else the one all scenarios agree on, else none', () => {
  expect(resolveTrustDomain('a.com', ['b.com'])).toBe('a.com');
  expect(resolveTrustDomain(undefined, ['b.com', 'b.com', undefined])).toBe('b.com');
  expect(resolveTrustDomain(undefined, ['b.com', 'c.com'])).toBeUndefined();
  expect(resolveTrustDomain(undefined, [])).toBeUndefined();
});

describe('config file lookup and reading', () => {
  test('found in the working directory or a parent, nearest first', () => {
    const root = tempDir();
    const deep = path.join(root, 'a', 'b', 'c');
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(root, '.riptides-lint.yaml'), 'failOn: warning\n');
    expect(findLintConfig(deep)).toBe(path.join(root, '.riptides-lint.yaml'));
    fs.writeFileSync(path.join(root, 'a', '.riptides-lint.yaml'), 'disable: [RT2013]\n');
    expect(findLintConfig(deep)).toBe(path.join(root, 'a', '.riptides-lint.yaml'));
    expect(loadLintConfig({ cwd: deep }).config).toEqual({ disable: ['RT2013'], severity: {} });
  });
  test('an explicit file wins; a missing one is a usage error', () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'lint.yaml'), 'trustDomain: example.com\n');
    expect(loadLintConfig({ cwd: root, explicit: 'lint.yaml' }).config?.trustDomain).toBe('example.com');
    expect(() => loadLintConfig({ cwd: root, explicit: 'nope.yaml' })).toThrow(
      expect.objectContaining({ exitCode: 2 }),
    );
  });
  test('a bad config is a usage error at its line and column', () => {
    const root = tempDir();
    const file = path.join(root, '.riptides-lint.yaml');
    fs.writeFileSync(file, 'disable:\n  - RT2011\nfailon: warning\n');
    let err: unknown;
    try {
      readLintConfig(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RiptidesError);
    const r = err as RiptidesError;
    expect([r.exitCode, r.code, r.location?.line, r.location?.column]).toEqual([
      2,
      'invalid-lint-config',
      3,
      1,
    ]);
    expect(r.message).toContain('failOn');
  });
  test('YAML syntax errors and several documents are usage errors', () => {
    const root = tempDir();
    const file = path.join(root, '.riptides-lint.yaml');
    fs.writeFileSync(file, 'disable: [RT2011\n');
    expect(() => readLintConfig(file)).toThrow(
      expect.objectContaining({ exitCode: 2, code: 'invalid-lint-config' }),
    );
    fs.writeFileSync(file, 'failOn: warning\n---\nfailOn: error\n');
    expect(() => readLintConfig(file)).toThrow(
      expect.objectContaining({ exitCode: 2, code: 'invalid-lint-config' }),
    );
  });
});
