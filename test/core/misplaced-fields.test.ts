/**
 * A field unknown where it is written but valid one level up or down (a manifest pasted flat, a list
 * indented under the wrong key) gets "indent it" / "un-indent it" / "move it", never "Remove" — the
 * field is often a security control. Empty mapping values are reported at their own key.
 */
import { checkDocuments } from '../../src/core/manifest/check';
import { findFieldHome } from '../../src/core/manifest/field-paths';
import { parseManifestText } from '../../src/core/manifest/parse';
import { loadFieldPaths } from '../../src/io/field-paths';
import { compileValidators } from '../../src/io/schema-compiler';

const validators = compileValidators();

function check(text: string) {
  const parsed = parseManifestText('m.yaml', text);
  return checkDocuments(parsed.documents, { validators, fieldPaths: loadFieldPaths }).findings;
}

describe('misplaced fields', () => {
  test('a WorkloadIdentity pasted flat: every spec field says "indent it under spec", none says Remove', () => {
    const findings = check(
      [
        'apiVersion: core.riptides.io/v1alpha1',
        'kind: WorkloadIdentity',
        'metadata:',
        '  name: web',
        'spec:',
        'workloadID: web/frontend',
        'selectors:',
        '  - process:name: nginx',
        'connection:',
        '  tls:',
        '    mode: MUTUAL',
        'allowedSPIFFEIDs:',
        '  - spiffe://example.org/x',
      ].join('\n'),
    );
    const unknown = findings.filter((f) => f.code === 'RT1020');
    expect(unknown.map((f) => [f.path, f.line])).toEqual([
      ['/workloadID', 6],
      ['/selectors', 7],
      ['/connection', 9],
      ['/allowedSPIFFEIDs', 12],
    ]);
    for (const f of unknown) {
      expect(f.fix).toMatch(/indent it below "spec:"/);
      expect(f.fix).not.toMatch(/remove/i);
    }
  });

  test('allowedSPIFFEIDs indented under connection: un-indent it into spec, not Remove', () => {
    const [f] = check(
      [
        'apiVersion: core.riptides.io/v1alpha1',
        'kind: WorkloadIdentity',
        'metadata: {name: web}',
        'spec:',
        '  workloadID: web/frontend',
        '  selectors: [{process:name: nginx}]',
        '  connection:',
        '    tls: {mode: MUTUAL}',
        '    allowedSPIFFEIDs: [spiffe://example.org/x]',
      ].join('\n'),
    );
    expect([f.code, f.path, f.line]).toEqual(['RT1020', '/spec/connection/allowedSPIFFEIDs', 9]);
    expect(f.fix).toMatch(/belongs in spec, one level up/);
    expect(f.fix).not.toMatch(/remove/i);
  });

  test('homes: up, down (also under a list), elsewhere, none', () => {
    const wi = loadFieldPaths('WorkloadIdentity');
    expect(findFieldHome(wi, ['spec', 'connection'], 'allowedSPIFFEIDs')).toEqual({
      where: 'up',
      parent: ['spec'],
    });
    expect(findFieldHome(wi, [], 'workloadID')).toEqual({ where: 'down', under: ['spec'] });
    expect(findFieldHome(wi, ['spec'], 'mode')?.where).toBe('elsewhere');
    expect(findFieldHome(wi, ['spec'], 'nonsense')).toBeUndefined();
    const svc = loadFieldPaths('Service');
    expect(findFieldHome(svc, ['spec'], 'port')).toEqual({
      where: 'down',
      under: ['spec', 'addresses', '[]'],
    });
  });

  test('a typo still gets "did you mean" (rename), not a move', () => {
    const findings = check(
      'apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata: {name: db}\nspec:\n  adresses: [{address: a, port: 1}]\n',
    );
    expect(findings.find((f) => f.code === 'RT1020')?.fix).toMatch(/Rename "adresses" to "addresses"/);
  });
});

describe('empty mapping values', () => {
  test('metadata: with nothing under it is reported at its own key, not line 1', () => {
    const findings = check(
      'apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata:\nspec:\n  addresses: [{address: a, port: 1}]\n',
    );
    expect(findings.map((f) => [f.code, f.path, f.line, f.column])).toEqual([['RT1022', '/metadata', 3, 1]]);
    expect(findings[0].fix).not.toMatch(/remove/i); // metadata is required
  });

  test('an empty sequence item is reported at its parent', () => {
    const r = parseManifestText('m.yaml', 'a:\n  -\n  - x\n');
    expect(r.documents[0].origin.locate('/a/0')).toMatchObject({ line: 2 });
  });
});
