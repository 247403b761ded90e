/**
 * Each kind's field paths, from the JSON Schemas in schemas/ (shipped in the package). Read only when
 * a document has an unknown field, so the usual run never pays for it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fieldPathsOf, type FieldPath } from '../core/manifest/field-paths';
import type { SchemaKind } from '../core/manifest/schema-validators';

const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'schemas');
const FILES: Record<SchemaKind, string> = {
  WorkloadIdentity: 'workloadidentity.schema.json',
  Service: 'service.schema.json',
  Scenario: 'scenario.schema.json',
};

const cache = new Map<SchemaKind, readonly FieldPath[]>();

export function loadFieldPaths(kind: SchemaKind): readonly FieldPath[] {
  let paths = cache.get(kind);
  if (!paths) {
    try {
      const read = (f: string) => JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
      const documents = { 'defs.schema.json': read('defs.schema.json'), [FILES[kind]]: read(FILES[kind]) };
      paths = fieldPathsOf(documents[FILES[kind]], FILES[kind], documents);
    } catch {
      paths = []; // advice only: without the schemas, unknown fields get the plain fix
    }
    cache.set(kind, paths);
  }
  return paths;
}
