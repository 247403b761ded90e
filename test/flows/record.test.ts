/** Flow records: the schema (strict, described) and the hand-written checker agree; bad records give per-line problems. */
import fs from 'node:fs';
import path from 'node:path';
import { checkFlowRecord, formatFlowError, parseFlowLine, type FlowRecord } from '../../src/core/flows';
import { SCHEMA_DIR } from '../../src/io/schema-compiler';
import { flow } from '../helpers/flows';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Rec = Record<string, any>;

const read = (f: string) => JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
const flowSchema = read('flow.schema.json');

function ajvValidate(): (v: unknown) => boolean {
  const Ajv2020 = require('ajv/dist/2020').default;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  ajv.addKeyword({ keyword: 'x-riptides-format', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-riptides-one-of', schemaType: 'array' });
  ajv.addSchema(read('defs.schema.json'));
  return ajv.compile(flowSchema);
}
const schemaValid = ajvValidate();

const good = flow('frontend', 'backend', 'PLAINTEXT', { reason: 'peer did not answer the TLS handshake' });
const clone = (): Rec => JSON.parse(JSON.stringify(good));

/** Mutations of the good record and the pointer of the problem each must raise. */
const BAD: [string, (r: Rec) => void, string][] = [
  ['wrong type: port as a string', (r) => (r.destination.port = '3000'), '/destination/port'],
  ['wrong type: attributes as a list', (r) => (r.source.attributes = ['a']), '/source/attributes'],
  [
    'wrong type: attribute value a number',
    (r) => (r.source.attributes['process:name'] = 7),
    '/source/attributes/process:name',
  ],
  ['unknown field', (r) => (r.observed.verdikt = 'MTLS'), '/observed/verdikt'],
  ['unknown top-level field', (r) => (r.daemonGroups = 'x'), '/daemonGroups'],
  ['missing verdict', (r) => delete r.observed.verdict, '/observed/verdict'],
  ['unknown verdict', (r) => (r.observed.verdict = 'MTLS_STRICT'), '/observed/verdict'],
  ['bad SPIFFE ID', (r) => (r.source.spiffeID = 'spiffe://Example.com/a'), '/source/spiffeID'],
  [
    'bad SPIFFE ID scheme',
    (r) => (r.destination.spiffeID = 'https://example.com/a'),
    '/destination/spiffeID',
  ],
  ['1 MB attribute', (r) => (r.source.attributes['k8s:label:big'] = 'x'.repeat(1 << 20)), ''],
  [
    '5 KB attribute',
    (r) => (r.source.attributes['k8s:label:big'] = 'x'.repeat(5000)),
    '/source/attributes/k8s:label:big',
  ],
  ['bad time', (r) => (r.time = 'yesterday'), '/time'],
  ['port out of range', (r) => (r.destination.port = 70000), '/destination/port'],
  ['missing destination', (r) => delete r.destination, '/destination'],
  ['bad tlsVersion', (r) => (r.observed.tlsVersion = '1.1'), '/observed/tlsVersion'],
];

describe('flow.schema.json', () => {
  test('is strict and every field is described', () => {
    const problems: string[] = [];
    const walk = (node: Rec, where: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}/${i}`));
      if (typeof node !== 'object' || node === null) return;
      if (node.type === 'object' && node.properties && node.additionalProperties !== false)
        problems.push(`${where}: not closed`);
      for (const [k, v] of Object.entries(node.properties ?? {}))
        if (!(v as { description?: string }).description)
          problems.push(`${where}/properties/${k}: no description`);
      for (const [k, v] of Object.entries(node)) if (k !== 'properties') walk(v as Rec, `${where}/${k}`);
      for (const [k, v] of Object.entries(node.properties ?? {})) walk(v as Rec, `${where}/properties/${k}`);
    };
    walk(flowSchema, '');
    expect(problems).toEqual([]);
  });

  test('the good record is valid for both the schema and the checker', () => {
    expect(schemaValid(good)).toBe(true);
    expect(checkFlowRecord(good)).toEqual([]);
    const minimal = {
      time: '2026-11-30T10:00:00+01:00',
      source: { attributes: {} },
      destination: { address: '10.0.0.1', port: 443 },
      observed: { verdict: 'TLS' },
    };
    expect(schemaValid(minimal)).toBe(true);
    expect(checkFlowRecord(minimal)).toEqual([]);
  });

  test.each(BAD)('%s: invalid for the schema and the checker, at %s', (_name, mutate, pointer) => {
    const r = clone();
    mutate(r);
    expect(schemaValid(r)).toBe(false);
    const line = JSON.stringify(r);
    const parsed = parseFlowLine(line, 7);
    expect(parsed.ok).toBe(false);
    if (parsed.ok !== false) return;
    expect(parsed.error.line).toBe(7);
    expect(parsed.error.problems.map((p) => p.path)).toContain(pointer);
  });
});

describe('parseFlowLine', () => {
  test('a good line parses; a blank line is skipped', () => {
    expect(parseFlowLine(JSON.stringify(good), 1)).toEqual({ ok: true, flow: good as FlowRecord });
    expect(parseFlowLine('   ', 2)).toEqual({ ok: 'blank' });
  });

  test('a JSON syntax error carries line and column', () => {
    const parsed = parseFlowLine('{"time": "2026-11-30T10:00:00Z",, }', 3);
    expect(parsed.ok).toBe(false);
    if (parsed.ok !== false) return;
    expect(parsed.error.line).toBe(3);
    expect(parsed.error.column).toBeGreaterThan(1);
    expect(formatFlowError('f.ndjson', parsed.error)[0]).toMatch(/^f\.ndjson:3:\d+: /);
  });

  test('an unknown field near a known one gets a suggestion', () => {
    const r = clone();
    r.observed.verdikt = r.observed.verdict;
    delete r.observed.verdict;
    const problems = checkFlowRecord(r);
    expect(problems.find((p) => p.path === '/observed/verdikt')?.message).toMatch(/verdict/);
    expect(problems.map((p) => p.path)).toContain('/observed/verdict');
  });

  test('a non-object is one problem at the root', () => {
    expect(checkFlowRecord([1])).toEqual([{ path: '', message: expect.any(String) }]);
  });
});
