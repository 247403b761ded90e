/** The runner: internal failures, suppression (flag list, annotation), severity overrides, examples, order. */
import path from 'node:path';
import { lintRules } from '../../src/core/lint/registry';
import { lintResources } from '../../src/core/lint/run';
import type { LintRule } from '../../src/core/lint/types';
import { EXAMPLES, lint, loadPaths, loadText } from './helpers';

const permissive = `
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
spec:
  workloadID: shop/frontend
  selectors: [{process:name: node}]
  connection: {tls: {mode: PERMISSIVE}}
`;

test('a rule that throws becomes RT2000 and the other rules still run', () => {
  const broken: LintRule = {
    code: 'RT2999',
    name: 'broken',
    severity: 'warning',
    description: 'throws',
    reads: ['WorkloadIdentity'],
    check() {
      throw new Error('boom');
    },
  };
  const set = loadText('p.yaml', permissive);
  const report = lintResources(set.resources, { rules: [broken, ...lintRules] });
  expect(report.findings.map((f) => f.code).sort()).toEqual(['RT2000', 'RT2011', 'RT2013']);
  expect(report.findings.find((f) => f.code === 'RT2000')!.severity).toBe('error');
});

test('a disabled rule that throws is silent', () => {
  const broken: LintRule = {
    ...lintRules[0],
    code: 'RT2011',
    check: () => {
      throw new Error('boom');
    },
  };
  const set = loadText('p.yaml', permissive);
  const report = lintResources(set.resources, { rules: [broken], disabled: ['RT2011'] });
  expect(report.findings).toEqual([]);
});

test('disabled codes (by code or name) are suppressed and counted', () => {
  const set = loadText('p.yaml', permissive);
  const report = lintResources(set.resources, { disabled: ['rt2011', 'weak-process-name-selector'] });
  expect(report.findings).toEqual([]);
  expect(report.suppressed).toEqual([
    { code: 'RT2011', resource: 'WorkloadIdentity shop/frontend', reason: 'disabled' },
    { code: 'RT2013', resource: 'WorkloadIdentity shop/frontend', reason: 'disabled' },
  ]);
});

test('the annotation suppresses on its own resource only, and is counted', () => {
  const text =
    permissive.replace(
      'metadata: {name: frontend, namespace: shop}',
      'metadata: {name: frontend, namespace: shop, annotations: {lint.riptides.io/disable: "RT2011"}}',
    ) +
    '---' +
    permissive.replace(/frontend/g, 'admin');
  const set = loadText('p.yaml', text);
  const report = lintResources(set.resources, { disabled: ['RT2013', 'RT2005'] });
  expect(report.findings.map((f) => [f.code, f.resource])).toEqual([
    ['RT2011', 'WorkloadIdentity shop/admin'],
  ]);
  expect(report.suppressed.filter((s) => s.reason === 'annotation')).toEqual([
    { code: 'RT2011', resource: 'WorkloadIdentity shop/frontend', reason: 'annotation' },
  ]);
});

test('severity overrides apply per code', () => {
  const set = loadText('p.yaml', permissive);
  const report = lintResources(set.resources, { severity: { RT2011: 'error' } });
  expect(report.findings.find((f) => f.code === 'RT2011')!.severity).toBe('error');
  expect(report.findings.find((f) => f.code === 'RT2013')!.severity).toBe('info');
});

test('findings point at the deciding line and column', () => {
  const set = loadText('p.yaml', permissive);
  const f = lintResources(set.resources).findings.find((x) => x.code === 'RT2011')!;
  expect([f.file, f.line, f.column, f.path]).toEqual(['p.yaml', 8, 28, '/spec/connection/tls/mode']);
});

test('findings are sorted by file, line, column, code', () => {
  const report = lint(loadPaths('RT2008-fires.yaml', 'RT2005-fires.yaml'), { trustDomain: 'example.com' });
  const keys = report.findings.map((f) => [f.file!, f.line!, f.column!]);
  const sorted = [...keys].sort(
    (a, b) =>
      String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]),
  );
  expect(keys).toEqual(sorted);
});

describe('the examples stay clean but for documented, deliberate findings', () => {
  test('quickstart: clean; the deliberately PERMISSIVE frontend suppresses RT2011 by annotation', () => {
    const report = lint(loadPaths(path.join(EXAMPLES, 'quickstart')), { trustDomain: 'example.com' });
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([
      { code: 'RT2011', resource: 'WorkloadIdentity riptides-system/frontend', reason: 'annotation' },
    ]);
  });
  test("implicit-mtls: only the seed guide's process:name selectors (RT2013, info)", () => {
    const report = lint(loadPaths(path.join(EXAMPLES, 'implicit-mtls')), { trustDomain: 'example.com' });
    expect(report.findings.map((f) => [f.code, f.resource, f.severity])).toEqual([
      ['RT2013', 'WorkloadIdentity riptides-system/service-a', 'info'],
      ['RT2013', 'WorkloadIdentity riptides-system/service-b', 'info'],
    ]);
  });
  test('both examples together: no cross-example conflicts', () => {
    const report = lint(loadPaths(path.join(EXAMPLES, 'quickstart'), path.join(EXAMPLES, 'implicit-mtls')), {
      trustDomain: 'example.com',
    });
    expect(report.findings.map((f) => f.code).sort()).toEqual(['RT2013', 'RT2013']);
  });
});

describe('context resources (--live)', () => {
  const backend = `
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: backend, namespace: shop}
spec:
  workloadID: shop/backend
  selectors: [{k8s:label:app: backend, k8s:pod:namespace: shop}]
  connection: {tls: {mode: PERMISSIVE}}
`;
  const frontend = `
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: frontend, namespace: shop}
spec:
  workloadID: shop/frontend
  selectors: [{k8s:label:app: frontend, k8s:pod:namespace: shop}]
  allowedSPIFFEIDs: {outbound: [spiffe://example.com/shop/backend]}
`;
  test('references to context resources resolve; findings on them are not reported', () => {
    const input = loadText('frontend.yaml', frontend).resources;
    expect(lintResources(input, { trustDomain: 'example.com' }).findings.map((f) => f.code)).toEqual([
      'RT2007',
    ]);
    const live = loadText('<live:local>', backend).resources;
    const report = lintResources(input, { trustDomain: 'example.com', context: live });
    expect(report.findings).toEqual([]); // backend's RT2011 is not ours to report
    expect(report.suppressed).toEqual([]);
  });
  test('an input resource replaces the context one with the same kind/namespace/name', () => {
    const input = loadText('backend.yaml', backend).resources;
    const live = loadText('<live:local>', backend).resources;
    const report = lintResources(input, { context: live });
    expect(report.findings.map((f) => [f.code, f.file])).toEqual([['RT2011', 'backend.yaml']]); // no RT2003
  });
  test('a pair of (context, input) is reported on the input', () => {
    const input = loadText('backend2.yaml', backend.replace('name: backend,', 'name: backend2,')).resources;
    const live = loadText('<live:local>', backend).resources;
    const report = lintResources(input, { context: live, disabled: ['RT2011'] });
    expect(report.findings.map((f) => [f.code, f.resource])).toEqual([
      ['RT2004', 'WorkloadIdentity shop/backend2'],
    ]);
  });
});
