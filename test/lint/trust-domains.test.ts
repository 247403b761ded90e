/** The one trust-domain inference that validate's rules and explain/simulate share. */
import { inferTrustDomain as explainInference } from '../../src/cli/load-policy-inputs';
import { inferTrustDomain, majorityTrustDomain, trustDomainsOf } from '../../src/core/lint/trust-domains';
import fc from 'fast-check';
import { syntheticOrigin } from '../../src/core/manifest/document';
import type { LocatedResource } from '../../src/core/manifest/located';
import { loadPaths } from './helpers';

test('explain uses the same function as the rules', () => {
  expect(explainInference).toBe(inferTrustDomain);
});

test('one trust domain in every list: inferred; two: none, counted, the majority named', () => {
  expect(inferTrustDomain(loadPaths('RT2019-clean.yaml').resources)).toBe('example.com');
  const mixed = loadPaths('RT2019-fires.yaml').resources;
  expect(inferTrustDomain(mixed)).toBeUndefined();
  expect([...trustDomainsOf(mixed)]).toEqual([
    ['example.com', 1],
    ['example.org', 1],
  ]);
  expect(
    majorityTrustDomain(
      new Map([
        ['b.org', 1],
        ['a.org', 1],
      ]),
    ),
  ).toBe('a.org');
});

test('trustDomainsOf counts the trust domain a regex would capture, in first-seen order, for any entries', () => {
  const definition = (lists: unknown[][]) => {
    const seen = new Map<string, number>();
    for (const list of lists)
      for (const id of list) {
        const m = typeof id === 'string' ? /^spiffe:\/\/([^/?#]+)/.exec(id) : null;
        if (m) seen.set(m[1], (seen.get(m[1]) ?? 0) + 1);
      }
    return [...seen];
  };
  const part = fc.constantFrom(
    'spiffe://',
    'spiffe:/',
    'a',
    'a.org',
    'example.com',
    '/',
    '?',
    '#',
    'x/y',
    '',
  );
  const id = fc.oneof(
    fc.array(part, { maxLength: 4 }).map((p) => p.join('')),
    fc.integer(),
  );
  fc.assert(
    fc.property(fc.array(fc.array(id, { maxLength: 6 }), { maxLength: 5 }), (lists) => {
      const resources = lists.map((inbound, i) => ({
        resource: {
          apiVersion: 'core.riptides.io/v1alpha1',
          kind: 'WorkloadIdentity',
          metadata: { name: `w${i}` },
          spec: { workloadID: `w${i}`, selectors: [], allowedSPIFFEIDs: { inbound } },
        },
        origin: syntheticOrigin('m.yaml'),
      })) as unknown as LocatedResource[];
      expect([...trustDomainsOf(resources)]).toEqual(definition(lists));
    }),
    { numRuns: 2000 },
  );
});
