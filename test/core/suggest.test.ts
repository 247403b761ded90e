import fc from 'fast-check';
import { boundedEditDistance, closestMatch, editDistance } from '../../src/core/text/suggest';

/** The plain definition the fast search must agree with. */
function referenceClosest(input: string, candidates: string[], maxRatio = 0.34): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_. \t]/g, '');
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c === input) continue;
    if (norm(c) === norm(input)) return c;
    const d = editDistance(input.toLowerCase(), c.toLowerCase());
    const limit = Math.max(1, Math.floor(Math.max(input.length, c.length) * maxRatio));
    if (d <= limit && d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', '-', '_', '/', '1'), maxLength: 10 });

test('closestMatch agrees with the plain definition', () => {
  fc.assert(
    fc.property(word, fc.array(word, { maxLength: 12 }), (input, candidates) => {
      expect(closestMatch(input, candidates)).toBe(referenceClosest(input, candidates));
    }),
    { numRuns: 2000 },
  );
});

test('boundedEditDistance is exact within the bound and above it otherwise', () => {
  fc.assert(
    fc.property(word, word, fc.integer({ min: 0, max: 6 }), (a, b, bound) => {
      const exact = editDistance(a, b);
      const bounded = boundedEditDistance(a, b, bound);
      if (exact <= bound) expect(bounded).toBe(exact);
      else expect(bounded).toBeGreaterThan(bound);
    }),
    { numRuns: 2000 },
  );
});

test('known distances', () => {
  expect(editDistance('kitten', 'sitting')).toBe(3);
  expect(editDistance('ab', 'ba')).toBe(1); // a transposition
  expect(closestMatch('workload-id', ['workloadID', 'selectors'])).toBe('workloadID');
});
