/** The schemas themselves (strict, described) and checkDocuments' contract: kinds, skip-unknown, messages, what passes through. */
import fs from 'node:fs';
import path from 'node:path';
import { catalog, lookupCode } from '../../src/core/catalog';
import { checkDocuments } from '../../src/core/manifest/check';
import { parseManifestText } from '../../src/core/manifest/parse';
import {
  compileValidators,
  SCHEMA_DIR,
  SCHEMA_FILES,
  SHARED_SCHEMA_FILES,
} from '../../src/io/schema-compiler';

const validators = compileValidators();
const REPO = path.join(__dirname, '..', '..');

function check(text: string, skipUnknown = false) {
  const parsed = parseManifestText('m.yaml', text);
  expect(parsed.findings).toEqual([]);
  return checkDocuments(parsed.documents, { validators, skipUnknown });
}

const WI = (spec: string) =>
  `apiVersion: core.riptides.io/v1alpha1\nkind: WorkloadIdentity\nmetadata: {name: a}\nspec:\n  workloadID: a\n  selectors: [{process:name: a}]\n${spec}`;

describe('schema files', () => {
  const files = [...SHARED_SCHEMA_FILES, ...Object.values(SCHEMA_FILES)];
  const schemas = files.map(
    (f) => [f, JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8'))] as const,
  );

  test.each(schemas)('%s is draft 2020-12 with an $id', (_f, schema) => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(/^https:\/\/riptides\.io\/schemas\/v1alpha1\/[a-z]+\.schema\.json$/);
  });

  test.each(schemas)('%s: every object is closed and every field is described', (_f, schema) => {
    const problems: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}/${i}`));
      if (typeof node !== 'object' || node === null) return;
      const s = node as Record<string, unknown>;
      if (s.type === 'object' && s.additionalProperties !== false && s.propertyNames === undefined)
        problems.push(`${where}: open object`);
      if (s.properties)
        for (const [name, prop] of Object.entries(s.properties as Record<string, Record<string, unknown>>)) {
          if (
            typeof prop.description !== 'string' &&
            !(typeof prop.$ref === 'string' && prop.$ref.includes('$defs'))
          )
            problems.push(`${where}/properties/${name}: no description`);
        }
      for (const [k, v] of Object.entries(s))
        if (k !== 'properties' && k !== 'enum') walk(v, `${where}/${k}`);
      if (s.properties)
        for (const [k, v] of Object.entries(s.properties as object)) walk(v, `${where}/properties/${k}`);
    };
    walk(schema, '#');
    expect(problems).toEqual([]);
  });

  test('every $defs entry has a description (so that $ref fields are described too)', () => {
    const defs = schemas.find(([f]) => f === 'defs.schema.json')![1].$defs as Record<
      string,
      { description?: string }
    >;
    expect(Object.entries(defs).filter(([, d]) => typeof d.description !== 'string')).toEqual([]);
  });

  test('the examples carry the editor modeline of their schema', () => {
    for (const dir of ['quickstart', 'implicit-mtls']) {
      for (const f of fs.readdirSync(path.join(REPO, 'examples', dir))) {
        const first = fs.readFileSync(path.join(REPO, 'examples', dir, f), 'utf8').split('\n')[0];
        const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
        expect(m).not.toBeNull();
        expect(fs.existsSync(path.join(REPO, 'examples', dir, m![1]))).toBe(true);
      }
    }
  });
});

describe('checkDocuments', () => {
  test('valid documents become located resources and scenarios; documents with errors are left out', () => {
    const r = check(
      [
        WI(''),
        '---',
        'apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata: {name: s}\nspec: {addresses: [{address: a, port: 0}]}',
        '---',
        'apiVersion: sim.riptides.io/v1alpha1\nkind: Scenario\nmetadata: {name: q}\nspec: {trustDomain: example.com}',
      ].join('\n'),
    );
    expect(r.resources.map((x) => x.resource.kind)).toEqual(['WorkloadIdentity']);
    expect(r.resources[0].origin).toMatchObject({ file: 'm.yaml', index: 0 });
    expect(r.scenarios.map((x) => x.scenario.metadata.name)).toEqual(['q']);
    expect(r.findings.map((f) => [f.code, f.resource])).toEqual([['RT1024', 'Service riptides-system/s']]);
    expect(r.checked).toHaveLength(3);
  });

  test('warnings do not keep a resource out', () => {
    const r = check(WI('  allowedSPIFFEIDs: {inbound: [spiffe://x/a, spiffe://x/a]}'));
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([['RT1028', 'warning']]);
    expect(r.resources).toHaveLength(1);
  });

  test('near misses get "did you mean"', () => {
    const r = check(WI('  allowedSpiffeIds: {}\n  connection: {tls: {mode: STRICT}}'));
    const unknown = r.findings.find((f) => f.code === 'RT1020')!;
    expect(unknown.message).toContain('"allowedSPIFFEIDs"');
    expect(unknown.path).toBe('/spec/allowedSpiffeIds');
    const mode = r.findings.find((f) => f.code === 'RT1023')!;
    for (const m of ['MUTUAL', 'PERMISSIVE', 'SIMPLE']) expect(mode.message).toContain(m);
  });

  test('SPIFFE ID and workloadID messages come from the SPIFFE checker (what exactly is wrong)', () => {
    const r = check(
      WI('  allowedSPIFFEIDs: {inbound: ["spiffe://example.com:8443/a"]}').replace(
        'workloadID: a',
        'workloadID: a/../b',
      ),
    );
    expect(r.findings.find((f) => f.code === 'RT1030')!.message).toMatch(/port/);
    expect(r.findings.find((f) => f.code === 'RT1031')!.message).toMatch(/"\.\." segment/);
  });

  test('a SPIFFE ID or workloadID over the byte limits is refused', () => {
    const long = 'a'.repeat(2040);
    const r = check(
      WI(`  allowedSPIFFEIDs: {inbound: ["spiffe://example.com/${long}"]}`).replace(
        'workloadID: a',
        `workloadID: ${long}/b`,
      ),
    );
    expect(r.findings.map((f) => f.code).sort()).toEqual(['RT1030', 'RT1031']);
    const td = check(WI(`  allowedSPIFFEIDs: {inbound: ["spiffe://${'t'.repeat(256)}/a"]}`));
    expect(td.findings.map((f) => f.code)).toEqual(['RT1030']);
  });

  test('a metadata.name over 253 characters is refused; 253 is fine', () => {
    const name = (n: number) => WI('').replace('name: a', `name: ${'a'.repeat(n)}`);
    expect(check(name(253)).findings).toEqual([]);
    expect(check(name(254)).findings.map((f) => f.code)).toEqual(['RT1032']);
  });

  test('unknown kinds and apiVersions are errors; --skip-unknown passes over non-Riptides documents and counts them', () => {
    const text = [
      'apiVersion: v1\nkind: Service\nmetadata: {name: k8s}',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}',
      'apiVersion: core.riptides.io/v1alpha1\nkind: Servce\nmetadata: {name: s}',
      'metadata: {name: nothing}',
    ].join('\n---\n');
    const strict = check(text);
    expect(strict.findings.map((f) => f.code)).toEqual(['RT1013', 'RT1012', 'RT1012', 'RT1011']);
    expect(strict.findings[2].message).toContain('"Service"');
    const lenient = check(text, true);
    expect(lenient.skipped).toBe(3);
    expect(lenient.findings.map((f) => f.code)).toEqual(['RT1012']);
  });

  test('ajv oneOf/anyOf noise is collapsed into the one useful message', () => {
    // The credential "one of" is modelled without oneOf; an invalid awsSigV4 gives one finding, not a cascade.
    const r = check(
      WI('  egress:\n    - selectors: [{app: b}]\n      credentials: [{awsSigV4: {region: eu-west-1}}]'),
    );
    expect(r.findings.map((f) => [f.code, f.path])).toEqual([
      ['RT1021', '/spec/egress/0/credentials/0/awsSigV4/service'],
    ]);
  });

  test('every code checkDocuments can emit is in the catalog with a docs page', () => {
    for (const entry of catalog.filter((e) => e.area === 'manifest')) {
      expect(fs.existsSync(path.join(REPO, entry.docs))).toBe(true);
      expect(entry.docs).toBe(`docs/codes/${entry.code}.md`);
    }
    const emitted = fs
      .readdirSync(path.join(REPO, 'src', 'core', 'manifest'))
      .flatMap((f) =>
        [
          ...fs.readFileSync(path.join(REPO, 'src', 'core', 'manifest', f), 'utf8').matchAll(/'(RT1\d{3})'/g),
        ].map((m) => m[1]),
      );
    for (const code of new Set(emitted)) expect(lookupCode(code)).toBeDefined();
  });
});

describe('precompiled validators (dist/generated)', () => {
  test('give the same findings as validators compiled from schemas/', () => {
    const precompiled = require(path.join(REPO, 'dist', 'generated', 'schema-validators.js'));
    const dir = path.join(REPO, 'test', 'fixtures', 'validate', 'schema');
    for (const file of fs.readdirSync(dir)) {
      const parsed = parseManifestText(file, fs.readFileSync(path.join(dir, file), 'utf8'));
      const a = checkDocuments(parsed.documents, { validators }).findings;
      const b = checkDocuments(parsed.documents, { validators: precompiled }).findings;
      expect(b).toEqual(a);
    }
  });
});
