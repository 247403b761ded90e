/** The one trust-domain inference that validate's rules and explain/simulate share. */
import { inferTrustDomain as explainInference } from '../../src/cli/load-policy-inputs';
import { inferTrustDomain, majorityTrustDomain, trustDomainsOf } from '../../src/core/lint/trust-domains';
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
