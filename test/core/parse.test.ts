import { parseManifestText } from '../../src/core/manifest/parse';

describe('parseManifestText', () => {
  const text = [
    'apiVersion: core.riptides.io/v1alpha1', // 1
    'kind: Service', // 2
    'metadata:', // 3
    '  name: backend', // 4
    'spec:', // 5
    '  addresses:', // 6
    '    - address: "b.internal"', // 7
    '      port: 3000', // 8
    '---', // 9
    '# only a comment', // 10
    '---', // 11
    'kind: WorkloadIdentity', // 12
    'spec: {workloadID: a/b, selectors: [{process:name: x}]}', // 13
  ].join('\n');

  test('multi-document: values, empty documents skipped, document indexes kept', () => {
    const r = parseManifestText('m.yaml', text);
    expect(r.findings).toEqual([]);
    expect(r.documents).toHaveLength(2);
    expect(r.documents[0].data).toMatchObject({ kind: 'Service', spec: { addresses: [{ port: 3000 }] } });
    expect(r.documents[0].origin.index).toBe(0);
    expect(r.documents[1].origin.index).toBe(2);
  });

  test("locate: value, key, quoted scalar, flow collections, missing node falls back to the parent's key", () => {
    const [svc, wi] = parseManifestText('m.yaml', text).documents;
    expect(svc.origin.locate('/metadata/name')).toEqual({ file: 'm.yaml', line: 4, column: 9 });
    expect(svc.origin.locate('/metadata/name', 'key')).toEqual({ file: 'm.yaml', line: 4, column: 3 });
    expect(svc.origin.locate('/spec/addresses/0/address')).toMatchObject({ line: 7, column: 16 });
    expect(svc.origin.locate('/spec/addresses/0')).toMatchObject({ line: 7, column: 7 });
    expect(svc.origin.locate('/spec/labels')).toMatchObject({ line: 5, column: 1 });
    expect(wi.origin.locate('/spec/selectors/0/process:name')).toMatchObject({ line: 13, column: 52 });
    expect(wi.origin.start).toMatchObject({ line: 12, column: 1 });
    expect(svc.origin.sourceLine(7)).toBe('    - address: "b.internal"');
  });

  test('syntax error becomes RT1001 with line and column', () => {
    const r = parseManifestText('bad.yaml', 'a: 1\nb: [1, 2\nc: 3\n');
    expect(r.documents).toEqual([]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ code: 'RT1001', file: 'bad.yaml', severity: 'error' });
    expect(r.findings[0].line).toBeGreaterThanOrEqual(2);
  });

  test('duplicate key becomes RT1002 at the duplicate', () => {
    const r = parseManifestText('dup.yaml', 'kind: Service\nmetadata:\n  name: a\n  name: b\n');
    expect(r.findings[0]).toMatchObject({ code: 'RT1002', line: 4 });
  });

  test('alias bomb is refused (RT1003) and other documents still load', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(
        `${cur}: &${cur} [${Array(10)
          .fill('*' + prev)
          .join(',')}]`,
      );
    }
    const r = parseManifestText('bomb.yaml', levels.join('\n') + '\n---\nkind: Service\n');
    expect(r.findings.map((f) => f.code)).toEqual(['RT1003']);
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0].data).toEqual({ kind: 'Service' });
  });

  test('JSON input is YAML too', () => {
    const r = parseManifestText('x.json', '{\n  "kind": "Service",\n  "spec": {"addresses": []}\n}');
    expect(r.documents[0].data).toEqual({ kind: 'Service', spec: { addresses: [] } });
    expect(r.documents[0].origin.locate('/spec/addresses')).toMatchObject({ line: 3, column: 25 });
  });
});
