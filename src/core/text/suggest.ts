/** "Did you mean …?" for near misses: field names, enum values, selector keys, SPIFFE IDs. */

/** Optimal-string-alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

/**
 * The candidate closest to `input`, if close enough to be a plausible typo: equal ignoring case and
 * punctuation, or within a distance of about a third of the length.
 */
export function closestMatch(
  input: string,
  candidates: Iterable<string>,
  maxRatio = 0.34,
): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_.\s]/g, '');
  const ni = norm(input);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c === input) continue;
    if (norm(c) === ni) return c;
    const d = editDistance(input.toLowerCase(), c.toLowerCase());
    const limit = Math.max(1, Math.floor(Math.max(input.length, c.length) * maxRatio));
    if (d <= limit && d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}

/** `did you mean "x"?` or '' */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const m = closestMatch(input, candidates);
  return m === undefined ? '' : `did you mean "${m}"?`;
}
