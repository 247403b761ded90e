import { checkWorkloadPath, parseSpiffeId, trustDomainOf } from '../../src/core/spiffe/id';
import { closestMatch } from '../../src/core/text/suggest';

const codes = (input: string) => {
  const r = parseSpiffeId(input);
  return r.ok ? [] : r.problems.map((p) => p.code);
};

describe('parseSpiffeId', () => {
  test.each(['spiffe://example.com/myapp/app/frontend', 'spiffe://example.com', 'spiffe://a-b_c.d/x.y-z_0'])(
    'valid: %s',
    (id) => expect(parseSpiffeId(id).ok).toBe(true),
  );

  test.each([
    ['https://example.com/x', 'wrong-scheme'],
    ['SPIFFE://example.com/x', 'wrong-scheme'],
    ['example.com/x', 'wrong-scheme'],
    ['spiffe:///x', 'missing-trust-domain'],
    ['spiffe://Example.com/x', 'trust-domain-chars'],
    ['spiffe://example.com:8443/x', 'port-not-allowed'],
    ['spiffe://user@example.com/x', 'userinfo-not-allowed'],
    ['spiffe://example.com/x?y=1', 'query-not-allowed'],
    ['spiffe://example.com/x#frag', 'fragment-not-allowed'],
    ['spiffe://example.com/a//b', 'empty-segment'],
    ['spiffe://example.com/a/./b', 'dot-segment'],
    ['spiffe://example.com/a/../b', 'dot-segment'],
    ['spiffe://example.com/a/b%20c', 'path-chars'],
    ['spiffe://example.com/a/', 'trailing-slash'],
    ['spiffe://example.com/' + 'a'.repeat(2100), 'too-long'],
    ['spiffe://' + 'a'.repeat(256) + '/x', 'trust-domain-too-long'],
  ])('invalid: %s → %s', (id, code) => expect(codes(id)).toContain(code));

  test('reports every problem at once', () => {
    expect(codes('spiffe://Ex:1/a//b/')).toEqual(
      expect.arrayContaining(['port-not-allowed', 'trust-domain-chars', 'empty-segment', 'trailing-slash']),
    );
  });

  test('workloadID path rules', () => {
    expect(checkWorkloadPath('myapp/app/frontend')).toEqual([]);
    expect(checkWorkloadPath('/myapp').map((p) => p.code)).toEqual(['leading-slash']);
    expect(checkWorkloadPath('a/../b').map((p) => p.code)).toEqual(['dot-segment']);
  });

  test('trustDomainOf', () => {
    expect(trustDomainOf('spiffe://example.com/a')).toBe('example.com');
    expect(trustDomainOf('nope')).toBeUndefined();
  });
});

describe('closestMatch', () => {
  test('case and punctuation insensitive match wins', () => {
    expect(closestMatch('allowedSpiffeIds', ['allowedSPIFFEIDs', 'egress'])).toBe('allowedSPIFFEIDs');
  });
  test('typo within distance', () => {
    expect(closestMatch('workloadId', ['workloadID', 'selectors'])).toBe('workloadID');
    expect(closestMatch('selecters', ['workloadID', 'selectors'])).toBe('selectors');
  });
  test('nothing close', () => {
    expect(closestMatch('STRICT', ['MUTUAL', 'PERMISSIVE', 'SIMPLE'])).toBeUndefined();
  });
});
