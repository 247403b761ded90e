/** The pure apply helpers: normalisation, planning, duplicates, batching, diffs. */
import { diffResource } from '../../../src/core/apply/diff';
import { jsonEqual, normalizeResource } from '../../../src/core/apply/normalize';
import { chunk, planAction } from '../../../src/core/apply/plan';
import { findKind, objectRef, resolveKind } from '../../../src/core/wire/resources';
import { isRiptidesError } from '../../../src/core/errors';

const local = {
  apiVersion: 'core.riptides.io/v1alpha1',
  kind: 'Service',
  metadata: { name: 'db' },
  spec: { addresses: [{ address: 'db.internal', port: 5432 }], labels: { app: 'db' } },
};
const live = {
  kind: 'Service',
  apiVersion: 'core.riptides.io/v1alpha1',
  metadata: {
    namespace: 'riptides-system',
    name: 'db',
    uid: 'u-1',
    resourceVersion: '7',
    generation: 2,
    creationTimestamp: '2026-01-01T00:00:00Z',
    labels: {},
  },
  spec: { labels: { app: 'db' }, addresses: [{ port: 5432, address: 'db.internal' }] },
};

describe('normalize and plan', () => {
  test('server-set fields, key order, the default namespace and empty labels do not count', () => {
    expect(jsonEqual(normalizeResource(local), normalizeResource(live))).toBe(true);
    expect(Object.keys(normalizeResource(live))).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(normalizeResource(live).metadata).toEqual({ name: 'db', namespace: 'riptides-system' });
  });

  test('planAction: created, unchanged, configured', () => {
    expect(planAction(local, undefined)).toBe('created');
    expect(planAction(local, live)).toBe('unchanged');
    expect(planAction({ ...local, spec: { ...local.spec, labels: { app: 'other' } } }, live)).toBe(
      'configured',
    );
    expect(planAction({ ...local, metadata: { ...local.metadata, labels: { a: 'b' } } }, live)).toBe(
      'configured',
    );
  });

  test('chunk', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 500)).toEqual([]);
  });
});

describe('diffResource', () => {
  test('same → no patch; changed → unified diff of the user-owned fields only', () => {
    expect(diffResource('service/db', 'riptides-system', live, local)).toMatchObject({
      change: 'same',
      patch: '',
    });
    const d = diffResource('service/db', 'riptides-system', live, {
      ...local,
      spec: { ...local.spec, addresses: [{ address: 'db.internal', port: 5433 }] },
    });
    expect(d.change).toBe('changed');
    expect(d.patch.split('\n')[0]).toBe('--- live/riptides-system/service/db');
    expect(d.patch).toContain('-      port: 5432');
    expect(d.patch).toContain('+      port: 5433');
    expect(d.patch).not.toMatch(/uid|resourceVersion|generation|creationTimestamp/);
  });

  test('not live yet → created, diffed against /dev/null', () => {
    const d = diffResource('service/db', 'riptides-system', undefined, local);
    expect(d.change).toBe('created');
    expect(d.patch.split('\n')[0]).toBe('--- /dev/null');
  });
});

describe('kinds', () => {
  test.each(['wi', 'WI', 'workloadidentity', 'workloadidentities', 'WorkloadIdentity'])(
    '%s → WorkloadIdentity',
    (k) => {
      expect(findKind(k)?.kind).toBe('WorkloadIdentity');
    },
  );
  test.each(['svc', 'service', 'services', 'Service'])('%s → Service', (k) => {
    expect(findKind(k)?.kind).toBe('Service');
  });
  test('unknown kind: usage error with a suggestion', () => {
    let err: unknown;
    try {
      resolveKind('servic');
    } catch (e) {
      err = e;
    }
    expect(isRiptidesError(err) && err.exitCode).toBe(2);
    expect((err as Error).message).toContain('did you mean "service"');
  });
  test('objectRef', () => {
    expect(objectRef('WorkloadIdentity', 'frontend')).toBe('workloadidentity/frontend');
  });
});
