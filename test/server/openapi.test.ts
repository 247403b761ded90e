/**
 * schemas/openapi.yaml is well formed: OpenAPI 3.1, unique operation ids, every path parameter
 * declared, every `$ref` resolvable and every request and response schema compilable (with the
 * resource schemas it references).
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../helpers/cli';

type Json = Record<string, unknown>;
const SCHEMAS = path.join(REPO_ROOT, 'schemas');
const BASE = 'https://riptides.io/schemas/v1alpha1/';
const doc = parseYaml(fs.readFileSync(path.join(SCHEMAS, 'openapi.yaml'), 'utf8')) as Json;
const paths = doc.paths as Record<string, Json>;
const components = doc.components as Record<string, Record<string, Json>>;

function resolve(node: Json): Json {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/components/')) return node;
  const [, , section, name] = ref.split('/');
  const target = components[section]?.[name];
  if (!target) throw new Error(`unresolved ${ref}`);
  return target;
}

const operations = Object.entries(paths).flatMap(([p, item]) =>
  ['get', 'put', 'post', 'delete', 'patch']
    .filter((m) => item[m])
    .map((m) => ({ path: p, method: m, op: item[m] as Json, item })),
);

test('OpenAPI 3.1 with a bearer security scheme', () => {
  expect(doc.openapi).toMatch(/^3\.1\./);
  expect((components.securitySchemes.bearer as Json).scheme).toBe('bearer');
});

test('operation ids are unique', () => {
  const ids = operations.map((o) => o.op.operationId);
  expect(ids.every((id) => typeof id === 'string')).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
});

test('every path parameter is declared, and only /healthz and /v1/bundle are public', () => {
  for (const { path: p, op, item } of operations) {
    const declared = [...((item.parameters as Json[]) ?? []), ...((op.parameters as Json[]) ?? [])]
      .map(resolve)
      .filter((param) => param.in === 'path')
      .map((param) => param.name);
    const inPath = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    expect(declared.sort()).toEqual(inPath.sort());
    const isPublic = Array.isArray(op.security) && op.security.length === 0;
    expect([p, isPublic]).toEqual([p, p === '/healthz' || p === '/v1/bundle']);
  }
});

test('every request and response schema compiles, with every $ref resolved', () => {
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  for (const file of fs.readdirSync(SCHEMAS)) {
    if (file.endsWith('.schema.json'))
      ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8')));
  }
  ajv.addSchema({ $id: BASE + 'openapi.json', components });
  let compiled = 0;
  for (const { path: p, method, op } of operations) {
    const bodies: Json[] = [];
    if (op.requestBody) bodies.push(resolve(op.requestBody as Json));
    for (const response of Object.values(op.responses as Record<string, Json>))
      bodies.push(resolve(response));
    for (const body of bodies) {
      for (const media of Object.values((body.content as Record<string, Json>) ?? {})) {
        const schema = JSON.parse(
          JSON.stringify(media.schema).replace(
            /"\$ref":"#\/components\//g,
            `"$ref":"${BASE}openapi.json#/components/`,
          ),
        ) as Json;
        expect(() => ajv.compile({ $id: `${BASE}check-${compiled}.json`, ...schema })).not.toThrow();
        compiled++;
      }
    }
    expect([p, method, Object.keys(op.responses as Json).length > 0]).toEqual([p, method, true]);
  }
  expect(compiled).toBeGreaterThan(20);
});
