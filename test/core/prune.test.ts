/** pruneForRules: what of a resource with schema errors the rules may still read, positions intact. */
import { parseManifestText } from '../../src/core/manifest/parse';
import { pruneForRules } from '../../src/core/manifest/prune';
import type { Resource } from '../../src/core/manifest/types';
import { lintResources } from '../../src/core/lint/run';

const text = [
  'apiVersion: core.riptides.io/v1alpha1', // 1
  'kind: WorkloadIdentity', // 2
  'metadata: {name: web}', // 3
  'spec:', // 4
  '  workloadID: shop/web', // 5
  '  selectors:', // 6
  '    - {bad: x}', // 7
  '    - {k8s:label:app: web}', // 8
  '  scope: {bogus: 1}', // 9
  '  egress:', // 10
  '    - selectors: [{app: a}]', // 11
  '      allowedSPIFFEIDs: [nope]', // 12
  '    - selectors: [{app: b}]', // 13
].join('\n');
const doc = parseManifestText('w.yaml', text).documents[0];
const located = { resource: doc.data as Resource, origin: doc.origin };

test('list entries with errors are left out, optional fields with errors too; positions map back', () => {
  const pruned = pruneForRules(located, [
    '/spec/selectors/0/bad',
    '/spec/scope/bogus',
    '/spec/egress/0/allowedSPIFFEIDs/0',
  ])!;
  expect(pruned.resource.spec).toEqual({
    workloadID: 'shop/web',
    selectors: [{ 'k8s:label:app': 'web' }],
    egress: [{ selectors: [{ app: 'b' }] }],
  });
  expect(pruned.origin.locate('/spec/selectors/0').line).toBe(8);
  expect(pruned.origin.locate('/spec/egress/0/selectors').line).toBe(13);
  expect(pruned.origin.sourcePointer?.('/spec/egress/0/selectors/0')).toBe('/spec/egress/1/selectors/0');
  expect(located.resource.spec).toHaveProperty('scope'); // the original is untouched
});

test.each([
  ['a required field', ['/spec/workloadID']],
  ['metadata', ['/metadata/name']],
  ['the whole spec', ['/spec']],
  ['the document', ['']],
  ['every selector entry', ['/spec/selectors/0/bad', '/spec/selectors/1']],
])('an error in %s: the resource is left out', (_name, pointers) => {
  expect(pruneForRules(located, pointers)).toBeUndefined();
});

test('a rule finding on a pruned resource names the list index as written', () => {
  const pruned = pruneForRules(located, ['/spec/selectors/0/bad', '/spec/egress/0/allowedSPIFFEIDs/0'])!;
  const report = lintResources([pruned]);
  const noService = report.findings.filter((f) => f.code === 'RT2001');
  expect(noService.map((f) => [f.path?.split('/').slice(0, 4).join('/'), f.line])).toEqual([
    ['/spec/egress/1', 13],
  ]);
});
