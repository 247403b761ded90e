/** "Did you mean …?" for near misses: field names, enum values, selector keys, SPIFFE IDs. */

/** Optimal-string-alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  return boundedEditDistance(a, b, Infinity);
}

/**
 * The edit distance of `a` and `b` when it is at most `bound`, else some number above `bound`: rows
 * stop as soon as every entry exceeds the bound, so far-apart strings cost a few rows, not all of them.
 */
export function boundedEditDistance(a: string, b: string, bound: number): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > bound) return bound + 1;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > bound) return bound + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

const isPunct = (c: number) => c === 45 || c === 95 || c === 46 || c === 32 || c === 9; // - _ . space tab
const fold = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);

/** Equal ignoring case and the punctuation "-", "_", "." and spaces, without building new strings. */
function equalLoosely(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && isPunct(a.charCodeAt(i))) i++;
    while (j < b.length && isPunct(b.charCodeAt(j))) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (fold(a.charCodeAt(i)) !== fold(b.charCodeAt(j))) return false;
    i++;
    j++;
  }
}

/** Half the size of the multiset difference of the characters: a lower bound of the edit distance. */
function histogramBound(counts: Int32Array, a: string, b: string): number {
  for (let i = 0; i < a.length; i++) counts[a.charCodeAt(i) & 127]++;
  for (let i = 0; i < b.length; i++) counts[b.charCodeAt(i) & 127]--;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    const k = a.charCodeAt(i) & 127;
    diff += Math.abs(counts[k]);
    counts[k] = 0;
  }
  for (let i = 0; i < b.length; i++) {
    const k = b.charCodeAt(i) & 127;
    diff += Math.abs(counts[k]);
    counts[k] = 0;
  }
  return Math.ceil(diff / 2);
}

/**
 * The candidate closest to `input`, if close enough to be a plausible typo: equal ignoring case and
 * punctuation, or within a distance of about a third of the length. Cheap per candidate (a length
 * check and a character-count bound before any edit distance), so it can scan thousands.
 */
export function closestMatch(
  input: string,
  candidates: Iterable<string>,
  maxRatio = 0.34,
): string | undefined {
  const lower = input.toLowerCase();
  const counts = new Int32Array(128);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c === input) continue;
    if (equalLoosely(input, c)) return c;
    const limit = Math.max(1, Math.floor(Math.max(input.length, c.length) * maxRatio));
    const bound = Math.min(limit, bestScore - 1);
    if (Math.abs(c.length - input.length) > bound) continue;
    const lc = c.toLowerCase();
    if (histogramBound(counts, lower, lc) > bound) continue;
    const d = boundedEditDistance(lower, lc, bound);
    if (d <= bound) {
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
