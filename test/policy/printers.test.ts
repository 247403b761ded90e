/** Fix snippets are valid YAML that means what it says; graph printers escape labels. */
import fc from 'fast-check';
import { parse } from 'yaml';
import { toYamlSnippet } from '../../src/printers/yaml-snippet';
import type { Simulation } from '../../src/core/policy/simulate';
import { printSimulateDot, printSimulateMermaid } from '../../src/printers/simulate-graph';

describe('YAML snippets', () => {
  test('tricky scalars round-trip', () => {
    const value = {
      spec: {
        selectors: [
          { 'k8s:label:app': 'frontend', 'process:cmdline': 'node server.js', 'process:uid': '1000' },
        ],
        flags: [
          'true',
          'no',
          'null',
          '~',
          'a: b',
          'x:',
          '#c',
          '- d',
          '',
          ' lead',
          "it's",
          '"q"',
          '.5',
          '.inf',
          '1e3',
          '0x1F',
        ],
        empty: [],
        map: {},
        port: 3000,
      },
    };
    expect(parse(toYamlSnippet(value))).toEqual(value);
  });

  test('any nested map of strings round-trips', () => {
    const key = fc.string({ minLength: 1, maxLength: 12 });
    const leaf = fc.oneof(fc.string({ maxLength: 20 }), fc.integer({ min: 0, max: 65535 }));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 4 }), (value) => {
        expect(parse(toYamlSnippet(value as never))).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });
});

describe('graph printers', () => {
  const sim = {
    endpoints: ['a"b:1'],
    workloads: ['x"y'],
    pairs: [
      {
        from: 'x"y',
        to: { address: 'a"b', port: 1 },
        toText: 'a"b:1',
        result: { verdict: 'REJECTED', reasons: ['peer-unmanaged'] },
      },
    ],
    summary: { MTLS: 0, TLS: 0, PLAINTEXT: 0, REJECTED: 1, expectations: { passed: 0, failed: 0 } },
    coverage: {} as never,
  } as unknown as Simulation;

  test('mermaid escapes quotes and dashes REJECTED edges', () => {
    const out = printSimulateMermaid(sim, () => undefined);
    expect(out).toContain('["x#quot;y"]');
    expect(out).toMatch(/-\.->\|"REJECTED \(peer-unmanaged\)"\|/);
  });

  test('dot escapes quotes', () => {
    const out = printSimulateDot(sim, () => undefined);
    expect(out).toContain('label="x\\"y"');
    expect(out).toContain('style=dashed');
  });
});
