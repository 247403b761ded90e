/** RT1xxx: YAML syntax, document structure and JSON Schema findings (owned by the loader and `validate`). */
import type { CatalogEntry } from './types';

function entry(
  code: string,
  name: string,
  title: string,
  severity: CatalogEntry['severity'] = 'error',
): CatalogEntry {
  return { code, name, area: 'manifest', severity, title, docs: `docs/codes/${code}.md` };
}

/** Codes are stable: never renumbered, never reused. Gaps are room for related codes. */
export const manifestCodes: CatalogEntry[] = [
  // Reading and parsing (src/core/manifest/parse.ts, src/io/read-inputs.ts)
  entry('RT1001', 'yaml-syntax', 'The file is not valid YAML or JSON'),
  entry('RT1002', 'duplicate-key', 'A YAML mapping repeats a key'),
  entry('RT1003', 'alias-expansion', 'YAML aliases expand a document beyond the safety limit'),
  entry('RT1004', 'file-too-large', 'The file is larger than the size limit and was not read'),
  entry('RT1005', 'no-documents', 'The inputs hold no document: nothing was checked'),
  entry('RT1007', 'unreadable-path', 'A path under a -f directory cannot be read (dangling link, link loop)'),
  entry(
    'RT1006',
    'skipped-special-file',
    'A FIFO, socket or device inside a -f directory was skipped',
    'info',
  ),
  // Document structure (src/core/manifest/check.ts)
  entry('RT1010', 'not-a-mapping', 'A document is not a mapping of fields'),
  entry('RT1011', 'missing-kind', 'A document has no apiVersion or no kind'),
  entry('RT1012', 'unknown-kind', 'The kind is not a Riptides kind'),
  entry('RT1013', 'unknown-api-version', 'The apiVersion does not serve this kind'),
  // JSON Schema (src/core/manifest/schema-findings.ts)
  entry('RT1020', 'unknown-field', 'A field that the schema does not define'),
  entry('RT1021', 'missing-field', 'A required field is missing'),
  entry('RT1022', 'wrong-type', 'A value has the wrong type'),
  entry('RT1023', 'invalid-enum-value', 'A value is not one of the allowed values'),
  entry('RT1024', 'invalid-value', 'A value has the wrong format, length or range'),
  entry('RT1025', 'invalid-count', 'A list or map has too few or too many entries'),
  entry('RT1026', 'unknown-selector-key', 'A workload selector key that Riptides does not know'),
  entry(
    'RT1027',
    'exclusive-fields',
    'Fields that exclude each other are set together, or none of them is set',
  ),
  entry('RT1028', 'duplicate-entry', 'A list repeats an entry'),
  entry('RT1030', 'invalid-spiffe-id', 'A SPIFFE ID breaks the SPIFFE ID standard'),
  entry('RT1031', 'invalid-workload-id', 'A workloadID is not a valid SPIFFE ID path'),
  entry('RT1032', 'invalid-name', 'A name or namespace is not a lowercase RFC 1123 name'),
  entry('RT1033', 'invalid-trust-domain', 'A trust domain name breaks the SPIFFE rules'),
  // Server-side dry run (src/cli/server-side.ts, validate --server-side)
  entry('RT1040', 'server-rejected', 'The control plane refuses the resource in a dry run'),
];
