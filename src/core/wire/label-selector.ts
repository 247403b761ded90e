/**
 * Kubernetes-style label selectors for `?labelSelector=`: `a=b`, `a==b`, `a!=b`, `a` (exists),
 * `!a` (absent), `a in (x,y)`, `a notin (x,y)`, joined by commas (AND). Parse once, match per item.
 */

export type LabelRequirement =
  | { key: string; op: 'eq' | 'ne'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'absent' };

export type LabelSelectorResult =
  { ok: true; requirements: LabelRequirement[] } | { ok: false; message: string };

const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Split on commas that are not inside `( … )`. */
function splitTerms(text: string): string[] | undefined {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth < 0) return undefined;
    } else if (c === ',' && depth === 0) {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  terms.push(text.slice(start));
  return terms.map((t) => t.trim());
}

export function parseLabelSelector(text: string): LabelSelectorResult {
  const requirements: LabelRequirement[] = [];
  if (text.trim() === '') return { ok: true, requirements };
  const terms = splitTerms(text);
  if (!terms) return { ok: false, message: `unbalanced parentheses in label selector "${text}"` };
  for (const term of terms) {
    const bad = (why: string): LabelSelectorResult => ({
      ok: false,
      message: `invalid label selector term "${term}": ${why}`,
    });
    if (term === '') return bad('empty term (check for a doubled or trailing comma)');
    let m = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(term);
    if (m) {
      const values = m[3].split(',').map((v) => v.trim());
      if (!KEY.test(m[1])) return bad(`"${m[1]}" is not a valid label key`);
      if (m[3].trim() === '' || values.some((v) => !VALUE.test(v))) return bad('invalid value list');
      requirements.push({ key: m[1], op: m[2] as 'in' | 'notin', values });
      continue;
    }
    m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (m) {
      if (!KEY.test(m[1])) return bad(`"${m[1]}" is not a valid label key`);
      if (!VALUE.test(m[3])) return bad(`"${m[3]}" is not a valid label value`);
      requirements.push({ key: m[1], op: m[2] === '!=' ? 'ne' : 'eq', value: m[3] });
      continue;
    }
    m = /^(!?)\s*([^=!\s()]+)$/.exec(term);
    if (m) {
      if (!KEY.test(m[2])) return bad(`"${m[2]}" is not a valid label key`);
      requirements.push({ key: m[2], op: m[1] ? 'absent' : 'exists' });
      continue;
    }
    return bad('expected key=value, key!=value, key, !key, key in (a,b) or key notin (a,b)');
  }
  return { ok: true, requirements };
}

/** Whether `labels` satisfy every requirement (an empty selector matches everything). */
export function matchesLabelSelector(
  requirements: readonly LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  for (const r of requirements) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'eq':
        if (!has || l[r.key] !== r.value) return false;
        break;
      case 'ne':
        if (has && l[r.key] === r.value) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(l[r.key])) return false;
        break;
      case 'notin':
        if (has && r.values.includes(l[r.key])) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case 'absent':
        if (has) return false;
        break;
    }
  }
  return true;
}
