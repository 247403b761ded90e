/** Meta-tests of the SVID codes: catalogued once, each used by the verifier, each with a docs page and a fix. */
import fs from 'node:fs';
import path from 'node:path';
import { catalog } from '../../src/core/catalog';
import { svidCodeDetails, svidCodes } from '../../src/core/catalog/svid-codes';
import { REPO_ROOT } from '../helpers/cli';

const sources = ['x509-svid.ts', 'jwt-svid.ts', 'bundle.ts', 'verify.ts']
  .map((f) => fs.readFileSync(path.join(REPO_ROOT, 'src/core/spiffe', f), 'utf8'))
  .join('\n');

test('SVID codes are RT3xxx (X.509) or RT4xxx (JWT, bundle), unique, in the one catalog', () => {
  const codes = svidCodes.map((e) => e.code);
  expect(new Set(codes).size).toBe(codes.length);
  for (const e of svidCodes) {
    expect(e.code).toMatch(e.area === 'x509-svid' ? /^RT3\d{3}$/ : /^RT4\d{3}$/);
    expect(catalog.filter((c) => c.code === e.code)).toHaveLength(1);
    expect(e.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  }
});

test('every SVID code is emitted by the verifier, and every code it emits is catalogued', () => {
  const used = new Set(sources.match(/'RT[34]\d{3}'/g)!.map((s) => s.slice(1, -1)));
  expect([...used].sort()).toEqual(svidCodes.map((e) => e.code).sort());
});

test('every SVID code has a docs page with its title and fix', () => {
  for (const e of svidCodes) {
    const page = fs.readFileSync(path.join(REPO_ROOT, e.docs), 'utf8');
    expect(page.startsWith(`# ${e.code} ${e.name}\n`)).toBe(true);
    expect(page).toContain(svidCodeDetails(e.code).fix);
  }
});
