/** The ctl and config printers: ages, aligned columns, kubectl-style lines, redaction. */
import { formatAge, alignColumns, printResources } from '../../src/printers/ctl-get';
import { printWriteResultJson, printWriteResultText } from '../../src/printers/ctl-apply';
import { printConfigView, redactConfig } from '../../src/printers/config';
import type { StoredResource } from '../../src/core/wire/types';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

test.each([
  [5, '5s'],
  [119, '119s'],
  [125, '2m5s'],
  [3600, '60m'],
  [3 * 3600 + 60, '3h1m'],
  [30 * 3600, '30h'],
  [3 * 86400, '3d'],
  [40 * 86400, '40d'],
  [800 * 86400, '2y'],
])('formatAge(%i s) = %s', (s, want) => {
  expect(formatAge(ago(s), NOW)).toBe(want);
});

test('formatAge of nothing is <unknown>', () => {
  expect(formatAge(undefined, NOW)).toBe('<unknown>');
});

test('alignColumns pads to the widest cell, three spaces apart, no trailing blanks', () => {
  expect(
    alignColumns([
      ['NAME', 'AGE'],
      ['frontend', '5s'],
    ]),
  ).toBe('NAME       AGE\nfrontend   5s');
});

const svc = {
  apiVersion: 'core.riptides.io/v1alpha1',
  kind: 'Service',
  metadata: {
    name: 'db',
    namespace: 'ns',
    uid: 'u',
    resourceVersion: '3',
    generation: 1,
    creationTimestamp: ago(10),
  },
  spec: { addresses: [{ address: 'db.internal', port: 5432 }], labels: { app: 'db' } },
} as unknown as StoredResource;

test('printResources: an IPv6 address is bracketed before its port, a name or IPv4 is not', () => {
  const v6 = {
    ...svc,
    spec: {
      addresses: [
        { address: 'fd00::1', port: 443 },
        { address: '10.0.0.1', port: 80 },
      ],
    },
  } as unknown as StoredResource;
  const o = { format: 'table' as const, showNamespace: false, now: NOW, single: false };
  expect(printResources([v6], o).split('\n')[1].split(/\s+/)[1]).toBe('[fd00::1]:443,10.0.0.1:80');
});

test('printResources: table, wide, -A, name, json list and single, yaml stream', () => {
  const o = { format: 'table' as const, showNamespace: false, now: NOW, single: false };
  expect(printResources([svc], o)).toBe('NAME   ADDRESSES          AGE\ndb     db.internal:5432   10s');
  expect(printResources([svc], { ...o, showNamespace: true }).split('\n')[0]).toBe(
    'NAMESPACE   NAME   ADDRESSES          AGE',
  );
  expect(printResources([svc], { ...o, format: 'wide' }).split('\n')[1]).toMatch(/app=db\s+10s\s+3$/);
  expect(printResources([svc], { ...o, format: 'name' })).toBe('service/db');
  expect(JSON.parse(printResources([svc], { ...o, format: 'json' }))).toEqual({
    apiVersion: 'cli.riptides.io/v1',
    kind: 'ResourceList',
    items: [svc],
  });
  expect(JSON.parse(printResources([svc], { ...o, format: 'json', single: true }))).toEqual(svc);
  expect(
    printResources([svc, svc], { ...o, format: 'yaml' })
      .split('\n')
      .filter((l) => l === '---'),
  ).toHaveLength(1);
});

test('printWriteResult: kubectl lines with dry-run suffixes, failures on stderr, JSON shape', () => {
  const items = [
    {
      kind: 'WorkloadIdentity',
      namespace: 'ns',
      name: 'web',
      action: 'created' as const,
      resourceVersion: '4',
    },
    {
      kind: 'Service',
      namespace: 'ns',
      name: 'db',
      action: 'error' as const,
      error: {
        message: 'invalid',
        errors: [{ pointer: '/spec/x', message: 'bad', file: 'f.yaml', line: 3, column: 5 }],
      },
    },
  ];
  const text = printWriteResultText({ items, dryRun: 'server' });
  expect(text.stdout).toBe('workloadidentity/web created (server dry run)');
  expect(text.stderr).toContain('error: service/db');
  expect(text.stderr).toContain('f.yaml:3:5: /spec/x: bad');
  expect(printWriteResultText({ items: [items[0]], dryRun: 'client' }).stdout).toBe(
    'workloadidentity/web created (dry run)',
  );
  expect(JSON.parse(printWriteResultJson({ items, dryRun: 'none' }))).toEqual({
    apiVersion: 'cli.riptides.io/v1',
    kind: 'WriteResult',
    items: [
      { kind: 'WorkloadIdentity', namespace: 'ns', name: 'web', action: 'created', resourceVersion: '4' },
      { kind: 'Service', namespace: 'ns', name: 'db', action: 'error', error: items[1].error },
    ],
    dryRun: 'none',
  });
});

test('config view redacts tokens and keeps token files', () => {
  const config = {
    currentContext: 'a',
    contexts: {
      a: { server: 'https://a:1', token: 'SECRET' },
      b: { server: 'https://b:1', tokenFile: '/t' },
    },
  };
  expect(redactConfig(config).contexts.a.token).toBe('<redacted>');
  expect(config.contexts.a.token).toBe('SECRET'); // not mutated
  for (const format of ['yaml', 'json'] as const) {
    const out = printConfigView(config, format);
    expect(out).not.toContain('SECRET');
    expect(out).toContain('/t');
  }
});
