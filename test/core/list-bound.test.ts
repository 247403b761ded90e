/**
 * Schema validation stays linear (issue 10): lists and maps past the schemas' limits are cut before
 * ajv, so one Service with 40,000 invalid addresses is checked in milliseconds, reported once as
 * "at most 1000", and LIST_SCAN_LIMIT follows the schemas' own maxItems / maxProperties.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkDocuments } from '../../src/core/manifest/check';
import { syntheticOrigin } from '../../src/core/manifest/document';
import { boundListsForValidation, LIST_SCAN_LIMIT } from '../../src/core/manifest/list-bound';
import { parseManifestText } from '../../src/core/manifest/parse';
import { loadValidators } from '../../src/io/validators';
import fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { REPO_ROOT } from '../helpers/cli';

const service = (addresses: unknown[]) => ({
  apiVersion: 'core.riptides.io/v1alpha1',
  kind: 'Service',
  metadata: { name: 'many' },
  spec: { addresses },
});

test('one Service with 40,000 invalid addresses: bounded findings, fast (was 11 s)', () => {
  const validators = loadValidators();
  const doc = service(Array.from({ length: 40_000 }, () => ({ address: 'not valid!', port: 0 })));
  const started = performance.now();
  const result = checkDocuments([{ data: doc, origin: syntheticOrigin('x') }], { validators });
  expect(performance.now() - started).toBeLessThan(2000);
  expect(result.findings.some((f) => f.path === '/spec/addresses' && /at most 1000/.test(f.message))).toBe(
    true,
  );
  expect(result.findings.length).toBeLessThanOrEqual(2 * LIST_SCAN_LIMIT.Service + 1);
});

test('a document within the limits is validated as it is (no copy)', () => {
  const doc = service([{ address: 'a.example.com', port: 443 }]);
  expect(boundListsForValidation(doc, LIST_SCAN_LIMIT.Service)).toBe(doc);
  const cut = boundListsForValidation({ a: [1, 2, 3, { b: [1, 2, 3] }] }, 2) as { a: unknown[] };
  expect(cut).toEqual({ a: [1, 2] });
});

/** The largest number of entries of any list or mapping in a value. */
function widest(value: unknown): number {
  if (Array.isArray(value)) return Math.max(value.length, ...value.map(widest));
  if (value !== null && typeof value === 'object')
    return Math.max(Object.keys(value).length, ...Object.values(value).map(widest));
  return 0;
}

test("a parsed document's size bounds every list and mapping in it (what lets checkDocuments skip the count)", () => {
  const key = fc.stringMatching(/^[a-z]{1,3}$/);
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(1, 'a', null, true),
      fc.array(tie('node'), { maxLength: 40 }),
      fc.dictionary(key, tie('node'), { maxKeys: 40 }),
    ),
  })).node;
  fc.assert(
    fc.property(value, fc.boolean(), (v, asJson) => {
      const text = asJson ? JSON.stringify({ v }) : jsyaml.dump({ v }, { flowLevel: 2 });
      for (const doc of parseManifestText('m.yaml', text).documents)
        if (doc.size !== undefined) expect(widest(doc.data)).toBeLessThanOrEqual(doc.size);
    }),
    { numRuns: 500 },
  );
});

test('a parsed Service with more addresses than the limit is still cut and reported', () => {
  const addresses = Array.from({ length: 5000 }, () => ({ address: 'not valid!', port: 0 }));
  const parsed = parseManifestText('m.yaml', JSON.stringify(service(addresses)));
  expect(parsed.documents[0].size).toBeGreaterThan(LIST_SCAN_LIMIT.Service);
  const result = checkDocuments(parsed.documents, { validators: loadValidators() });
  expect(result.findings.some((f) => f.path === '/spec/addresses' && /at most 1000/.test(f.message))).toBe(
    true,
  );
  expect(result.findings.length).toBeLessThanOrEqual(2 * LIST_SCAN_LIMIT.Service + 1);
});

test('LIST_SCAN_LIMIT is one more than the largest maxItems / maxProperties of each schema', () => {
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', f), 'utf8'));
  const defs = read('defs.schema.json');
  const largest = (node: unknown, seen = new Set<string>()): number => {
    if (Array.isArray(node)) return Math.max(0, ...node.map((n) => largest(n, seen)));
    if (node === null || typeof node !== 'object') return 0;
    const o = node as Record<string, unknown>;
    let max = Math.max(Number(o.maxItems ?? 0), Number(o.maxProperties ?? 0));
    if (typeof o.$ref === 'string' && o.$ref.includes('defs.schema.json#/$defs/')) {
      const name = o.$ref.split('/').pop()!;
      if (!seen.has(name)) {
        seen.add(name);
        max = Math.max(max, largest(defs.$defs[name], seen));
      }
    }
    for (const [k, v] of Object.entries(o)) if (k !== '$ref') max = Math.max(max, largest(v, seen));
    return max;
  };
  expect(largest(read('service.schema.json')) + 1).toBe(LIST_SCAN_LIMIT.Service);
  expect(largest(read('workloadidentity.schema.json')) + 1).toBe(LIST_SCAN_LIMIT.WorkloadIdentity);
  expect(largest(read('scenario.schema.json')) + 1).toBe(LIST_SCAN_LIMIT.Scenario);
});
