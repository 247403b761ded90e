/** YAML merge keys (`<<: *anchor`) as kubectl reads them: merged values, positions at the anchor. */
import { parseManifestText } from '../../src/core/manifest/parse';

const text = [
  'apiVersion: core.riptides.io/v1alpha1', // 1
  'kind: Service', // 2
  'metadata:', // 3
  '  name: db', // 4
  '  labels: &labels', // 5
  '    team: data', // 6
  '    tier: db', // 7
  'spec:', // 8
  '  addresses:', // 9
  '    - &primary', // 10
  '      address: db.internal', // 11
  '      port: 5432', // 12
  '    - <<: *primary', // 13
  '      port: 5433', // 14
  '  labels:', // 15
  '    <<: [*labels, {extra: x}]', // 16
  '    tier: replica', // 17
].join('\n');

describe('merge keys', () => {
  test.each([true, false])('values are merged (fast reader %s), keys written beside << win', (fastReader) => {
    const r = parseManifestText('m.yaml', text, { fastReader });
    expect(r.findings).toEqual([]);
    expect(r.documents[0].data).toMatchObject({
      spec: {
        addresses: [
          { address: 'db.internal', port: 5432 },
          { address: 'db.internal', port: 5433 },
        ],
        labels: { team: 'data', tier: 'replica', extra: 'x' },
      },
    });
    expect(Object.keys((r.documents[0].data as { spec: { labels: object } }).spec.labels)).not.toContain(
      '<<',
    );
  });

  test('a merged value is located at the anchor; a key written beside << at its own line', () => {
    const { origin } = parseManifestText('m.yaml', text).documents[0];
    expect(origin.locate('/spec/addresses/1/address')).toMatchObject({ line: 11, column: 16 });
    expect(origin.locate('/spec/addresses/1/port')).toMatchObject({ line: 14 });
    expect(origin.locate('/spec/labels/team', 'key')).toMatchObject({ line: 6, column: 5 });
    expect(origin.locate('/spec/labels/tier')).toMatchObject({ line: 17 });
    expect(origin.locate('/spec/labels/extra')).toMatchObject({ line: 16 });
  });

  test('a quoted "<<" is an ordinary key', () => {
    const r = parseManifestText('m.yaml', 'a: &x {k: 1}\nb:\n  "<<": *x\n');
    expect(r.documents[0].data).toEqual({ a: { k: 1 }, b: { '<<': { k: 1 } } });
  });
});
