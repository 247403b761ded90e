/**
 * The one catalog (src/core/catalog/codes.ts): one id space over every kind of code, and every code
 * the sources can emit is in it (a scan of src/ for the places codes are written).
 */
import fs from 'node:fs';
import path from 'node:path';
import { allCodes, findCode } from '../../src/core/catalog/codes';
import { resolveRuleRef } from '../../src/core/lint/controls';

const SRC = path.resolve(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every capture of `re` over the sources (outside the catalog itself), with where it was found. */
function scan(re: RegExp, filter: (file: string) => boolean = () => true): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(SRC)) {
    const rel = path.relative(SRC, file);
    if (rel.startsWith(`core${path.sep}catalog`) || !filter(rel)) continue;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(re)) found.set(m[1], `${rel}:${text.slice(0, m.index).split('\n').length}`);
  }
  return found;
}

const ids = new Set(allCodes().map((c) => c.id));
const missing = (found: Map<string, string>) => [...found].filter(([code]) => !ids.has(code));

describe('the one catalog', () => {
  test('ids are unique across kinds, every entry is complete, its page is docs/codes/<id>.md', () => {
    const codes = allCodes();
    expect(ids.size).toBe(codes.length);
    for (const c of codes) {
      expect(c.id).toMatch(/^(RT\d{4}|[a-z]+(-[a-z0-9]+)*)$/);
      expect(c.title.length).toBeGreaterThan(0);
      expect(c.summary.length).toBeGreaterThan(0);
      expect(c.fix.length).toBeGreaterThan(0);
      expect(c.docs).toBe(`docs/codes/${c.id}.md`);
    }
    expect(new Set(codes.map((c) => c.kind))).toEqual(
      new Set(['finding', 'reason', 'problem', 'issuance-reason', 'error', 'flow-note']),
    );
  });

  test('an alias never names another code: only a documented former name may equal another id', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const c of allCodes())
      for (const a of c.aliases) {
        if (c.formerNames.includes(a)) continue;
        if (ids.has(a)) clashes.push(`${a} (alias of ${c.id}) is the id of another code`);
        if (owner.has(a)) clashes.push(`${a} is an alias of ${owner.get(a)} and of ${c.id}`);
        owner.set(a, c.id);
      }
    expect(clashes).toEqual([]);
  });

  test('no name is used for two things: ambiguous-identity is the reason, RT2005 is overlapping-selectors (old name still accepted where typed)', () => {
    expect(findCode('ambiguous-identity')?.kind).toBe('reason');
    expect(findCode('overlapping-selectors')?.id).toBe('RT2005');
    expect(findCode('RT2005')?.formerNames).toEqual(['ambiguous-identity']);
    expect(resolveRuleRef('ambiguous-identity')).toBe('RT2005');
    expect(resolveRuleRef('overlapping-selectors')).toBe('RT2005');
    expect(findCode('trust-domain-mismatch')?.kind).toBe('reason');
    expect(findCode('data-trust-domain-differs')?.kind).toBe('error');
    // weak-key is RT3025's name; the refused SVID request's reason is csr-weak-key.
    expect(findCode('weak-key')?.id).toBe('RT3025');
    expect(findCode('csr-weak-key')?.kind).toBe('issuance-reason');
  });

  test('every RT code the sources write is a finding of the catalog', () => {
    const found = scan(/'(RT\d{4})'/g);
    expect(found.size).toBeGreaterThan(30);
    expect(missing(found)).toEqual([]);
  });

  test('every reason the engine emits is a reason of the catalog', () => {
    const policy = (f: string) => f.startsWith(`core${path.sep}policy`);
    const found = new Map([
      ...scan(/reason: '([a-z-]+)'/g, policy),
      ...scan(/reasons\.push\('([a-z-]+)'\)/g, policy),
      ...scan(/reject\(reasons, '([a-z-]+)'\)/g, policy),
    ]);
    expect(found.size).toBeGreaterThan(15);
    expect(missing(found)).toEqual([]);
    for (const code of found.keys()) expect(findCode(code)?.kind).toBe('reason');
  });

  test('every error code the sources throw is in the catalog (and the type UserErrorCode keeps it so)', () => {
    // RiptidesError({code}), usageError(…, …, code), and the helpers of src/api that take a code.
    const found = new Map([
      ...scan(/code: '([a-z][a-z0-9-]*)',\s*\n?\s*exitCode/g),
      ...scan(/^\s*'([a-z]+(?:-[a-z]+)*)',\n\s*\);/gm, (f) => !f.startsWith('core')),
      ...scan(/make\(\s*`[^`]*`,\s*'([a-z-]+)'/g),
      ...scan(/unavailable\(\s*`[^`]*`,\s*'([a-z-]+)'/g),
    ]);
    expect(found.size).toBeGreaterThan(25);
    expect(missing(found)).toEqual([]);
    for (const code of found.keys()) expect(['error', 'problem']).toContain(findCode(code)?.kind);
  });

  test('every problem the server answers is a problem type of the catalog', () => {
    const found = new Map([
      ...scan(/(?:problemError|makeProblem)\(\s*'([a-z-]+)'/g),
      ...scan(/code: '([a-z-]+)' as const/g, (f) => f.startsWith('server')),
    ]);
    expect(found.size).toBeGreaterThan(5);
    expect(missing(found)).toEqual([]);
    for (const code of found.keys()) expect(findCode(code)?.kind).toBe('problem');
  });

  test('every reason the server gives for refusing an SVID request is in the catalog', () => {
    // new IssuanceError('invalid-csr', …) in the issuer, { reason: 'invalid-ttl' } in the routes.
    const server = (f: string) => f.startsWith('server');
    const found = new Map([
      ...scan(/new IssuanceError\(\s*'([a-z][a-z0-9-]*)'/g, server),
      ...scan(/reason: '([a-z][a-z0-9-]*)'/g, server),
    ]);
    expect([...found.keys()].sort()).toEqual(
      expect.arrayContaining(['csr-signature-invalid', 'csr-weak-key', 'invalid-csr', 'invalid-ttl']),
    );
    expect(missing(found)).toEqual([]);
    for (const code of found.keys()) expect(findCode(code)?.kind).toBe('issuance-reason');
  });

  test('every flow explanation code is in the catalog', () => {
    const flows = (f: string) => f.startsWith(`core${path.sep}flows`);
    const found = new Map([
      ...scan(/out\.(?:push|unshift)\('([a-z-]+)'\)/g, flows),
      ...scan(/codes\.unshift\('([a-z-]+)'\)/g, flows),
      ...scan(/code: '([a-z-]+)',\s*\n?\s*message/g, flows),
    ]);
    expect(found.size).toBeGreaterThan(8);
    expect(missing(found)).toEqual([]);
    for (const code of found.keys()) expect(findCode(code)?.kind).toBe('flow-note');
  });
});
