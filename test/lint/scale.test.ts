/** Output and work stay linear on sets built to provoke pairwise blow-ups. */
import { lintResources } from '../../src/core/lint/run';
import { loadText } from './helpers';

function identities(n: number, selector: (i: number) => string): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++)
    docs.push(`apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: w-${i}}
spec:
  workloadID: w/${i}
  selectors: [{${selector(i)}}]
`);
  return docs.join('---\n');
}

test('2,000 identities that all claim "node" processes: one RT2005 finding each, at most 5 named', () => {
  const set = loadText(
    'same.yaml',
    identities(2000, () => 'process:name: node, k8s:pod:namespace: shop'),
  );
  const report = lintResources(set.resources, { disabled: ['RT2013'] });
  const ambiguous = report.findings.filter((f) => f.code === 'RT2005');
  expect(ambiguous).toHaveLength(1999);
  for (const f of ambiguous) expect(f.related!.length).toBeLessThanOrEqual(5);
});

test('2,000 identities sharing a namespace but with distinct apps: no RT2005', () => {
  const set = loadText(
    'apps.yaml',
    identities(2000, (i) => `k8s:label:app: a-${i}, k8s:pod:namespace: shop`),
  );
  expect(lintResources(set.resources).findings).toEqual([]);
});
