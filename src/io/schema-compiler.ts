/**
 * Compiles the JSON Schemas in schemas/ with ajv: into validators (tests, and the fallback when dist/
 * has no precompiled ones) or into standalone code (scripts/build-validators.js writes it to dist/).
 * Requiring this module loads the ajv compiler (~80 ms with a compile): the CLI avoids it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SchemaKind, SchemaValidators } from '../core/manifest/schema-validators';

/** schemas/ of the package (the same two levels up from src/io and from dist/io). */
export const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'schemas');

export const SCHEMA_FILES: Readonly<Record<SchemaKind, string>> = {
  WorkloadIdentity: 'workloadidentity.schema.json',
  Service: 'service.schema.json',
  Scenario: 'scenario.schema.json',
};
/** Schemas that the kind schemas refer to. */
export const SHARED_SCHEMA_FILES = ['defs.schema.json'];

interface AjvLike {
  addSchema(schema: object): unknown;
  getSchema(id: string): unknown;
}

function readSchema(dir: string, file: string): { $id: string } & Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
}

/** An ajv (draft 2020-12) with every schema added, set up the way findings need (all errors, verbose). */
export function createSchemaAjv(
  dir = SCHEMA_DIR,
  options: { standalone?: boolean } = {},
): { ajv: AjvLike; ids: Record<SchemaKind, string> } {
  const Ajv2020 = require('ajv/dist/2020').default;
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    // `not: {required: [a, b]}` (at most one of a, b) names properties defined next to it, not inside.
    strictRequired: false,
    code: options.standalone ? { source: true, optimize: 1 } : undefined,
  });
  // Annotations the finding mapper reads (which checker explains a pattern; which keys exclude each other).
  ajv.addKeyword({ keyword: 'x-riptides-format', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-riptides-one-of', schemaType: 'array' });
  for (const file of SHARED_SCHEMA_FILES) ajv.addSchema(readSchema(dir, file));
  const ids = {} as Record<SchemaKind, string>;
  for (const [kind, file] of Object.entries(SCHEMA_FILES) as [SchemaKind, string][]) {
    const schema = readSchema(dir, file);
    ajv.addSchema(schema);
    ids[kind] = schema.$id;
  }
  return { ajv, ids };
}

/** Validators compiled now (≈ 60 ms): for tests and when dist/ has no precompiled module. */
export function compileValidators(dir = SCHEMA_DIR): SchemaValidators {
  const { ajv, ids } = createSchemaAjv(dir);
  const out = {} as Record<SchemaKind, unknown>;
  for (const [kind, id] of Object.entries(ids) as [SchemaKind, string][]) out[kind] = ajv.getSchema(id);
  return out as SchemaValidators;
}

/** CommonJS source of a module exporting one standalone validator per kind. */
export function standaloneValidatorsCode(dir = SCHEMA_DIR): string {
  const { ajv, ids } = createSchemaAjv(dir, { standalone: true });
  const standaloneCode = require('ajv/dist/standalone').default;
  return countKeysInPlace(guardStringLengths(standaloneCode(ajv, ids)));
}

/** The helper countKeysInPlace adds: Object.keys(o).length without building the array. */
const OWN_KEY_COUNT =
  'function ownKeyCount(o){let n=0;for(const k in o)if(Object.prototype.hasOwnProperty.call(o,k))n++;return n;}';

/**
 * ajv checks minProperties/maxProperties with `Object.keys(o).length`: an array of the keys per
 * mapping checked, a tenth of what schema checks allocate. This counts them in place instead
 * (own enumerable string keys, as Object.keys does). Same results (test/io/schema-compiler.test.ts).
 */
export function countKeysInPlace(code: string): string {
  const out = code.replace(/\bObject\.keys\(([A-Za-z_$][\w$]*)\)\.length\b/g, 'ownKeyCount($1)');
  if (out === code) return code;
  if (/\bObject\.keys\(/.test(out))
    throw new Error(
      "countKeysInPlace: an Object.keys call it does not know: ajv's standalone code changed; update src/io/schema-compiler.ts",
    );
  const strict = '"use strict";';
  return out.startsWith(strict) ? strict + OWN_KEY_COUNT + out.slice(strict.length) : OWN_KEY_COUNT + out;
}

/**
 * ajv checks minLength/maxLength by counting code points (`ucs2length(s) > n`), a loop over the
 * whole string for every name, address and ID. A string's code points are at most its UTF-16
 * length and at least half of it, so most checks are settled by `s.length` alone: this rewrites
 * each comparison to consult `s.length` first and count only when that cannot decide. Same results
 * (test/io/schema-compiler.test.ts compares the validators with and without it).
 */
export function guardStringLengths(code: string): string {
  const counter = /const (func\d+) = require\("ajv\/dist\/runtime\/ucs2length"\)\.default;/.exec(code);
  if (!counter) return code;
  const fn = counter[1];
  const call = new RegExp(`\\b${fn}\\(([A-Za-z_$][\\w$]*)\\) ([<>]) (\\d+)\\b`, 'g');
  let rewritten = 0;
  const out = code.replace(call, (_m, data: string, op: string, n: string) => {
    rewritten++;
    // maxLength: more code points than n needs more than n code units.
    if (op === '>') return `(${data}.length > ${n} && ${fn}(${data}) > ${n})`;
    // minLength: fewer code units than n is fewer code points; 2n or more code units is at least n code points.
    return `(${data}.length < ${n} || (${data}.length < ${2 * Number(n)} && ${fn}(${data}) < ${n}))`;
  });
  // Every call must have been a comparison this knows: otherwise ajv's output changed shape.
  const calls = code.split(`${fn}(`).length - 1;
  if (rewritten !== calls)
    throw new Error(
      `guardStringLengths: rewrote ${rewritten} of ${calls} ${fn}( calls: ajv's standalone code changed; update src/io/schema-compiler.ts`,
    );
  return out;
}
