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
import { loadValidators } from '../../src/io/validators';
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
