/**
 * Read `-f` inputs for `ctl apply/diff/delete` and check them locally before anything is sent:
 * YAML problems, document structure, duplicates. Scenarios (used by explain/simulate) are set aside.
 * The one place to switch to the full `validate` checks (checkDocuments) once they are on main.
 */
import type { Finding } from '../core/findings';
import type { LoadedDocument } from '../core/manifest/document';
import { CORE_API_VERSION, describeResource, type Resource } from '../core/manifest/types';
import { findDuplicates } from '../core/apply/plan';
import { loadManifests } from '../io/read-inputs';

export interface ResourcesForApply {
  /** WorkloadIdentities and Services, in input order. */
  resources: LoadedDocument<Resource>[];
  /** Documents that are never applied (Scenario). */
  skipped: LoadedDocument[];
  /** Errors block the apply; warnings are shown. */
  findings: Finding[];
  files: number;
}

function at(doc: LoadedDocument, pointer: string, target: 'key' | 'value' = 'value') {
  const pos = doc.origin.locate(pointer, target);
  return { file: pos.file, line: pos.line, column: pos.column, path: pointer };
}

/** Structure checks until schema validation (checkDocuments) is wired in. */
function checkStructure(doc: LoadedDocument): Finding[] {
  const d = doc.data as Record<string, unknown> | null;
  if (d === null || typeof d !== 'object' || Array.isArray(d))
    return [
      {
        severity: 'error',
        code: 'RT1010',
        message: 'a manifest must be a mapping with apiVersion, kind, metadata and spec',
        ...at(doc, ''),
      },
    ];
  if (typeof d.kind !== 'string' || typeof d.apiVersion !== 'string')
    return [
      { severity: 'error', code: 'RT1011', message: 'apiVersion and kind are required', ...at(doc, '') },
    ];
  if (d.kind !== 'WorkloadIdentity' && d.kind !== 'Service')
    return [
      {
        severity: 'error',
        code: 'RT1012',
        message: `unknown kind "${d.kind}"`,
        fix: 'kind is WorkloadIdentity or Service (Scenario documents are never applied)',
        ...at(doc, '/kind'),
      },
    ];
  if (d.apiVersion !== CORE_API_VERSION)
    return [
      {
        severity: 'error',
        code: 'RT1013',
        message: `apiVersion of ${d.kind} is ${CORE_API_VERSION}`,
        ...at(doc, '/apiVersion'),
      },
    ];
  const meta = d.metadata as Record<string, unknown> | undefined;
  const out: Finding[] = [];
  if (!meta || typeof meta !== 'object' || typeof meta.name !== 'string' || meta.name === '')
    out.push({
      severity: 'error',
      code: 'RT1021',
      message: 'metadata.name is required',
      ...at(doc, '/metadata'),
    });
  if (!d.spec || typeof d.spec !== 'object')
    out.push({ severity: 'error', code: 'RT1021', message: 'spec is required', ...at(doc, '') });
  return out;
}

export async function loadResourcesForApply(
  paths: readonly string[],
  options: { recursive?: boolean } = {},
): Promise<ResourcesForApply> {
  const loaded = await loadManifests(paths, { recursive: options.recursive });
  const findings: Finding[] = [...loaded.findings];
  const resources: LoadedDocument<Resource>[] = [];
  const skipped: LoadedDocument[] = [];
  for (const doc of loaded.documents) {
    const data = doc.data as { kind?: unknown } | null;
    if (data && typeof data === 'object' && data.kind === 'Scenario') {
      skipped.push(doc);
      continue;
    }
    const problems = checkStructure(doc);
    findings.push(...problems);
    if (problems.length === 0) resources.push(doc as LoadedDocument<Resource>);
  }
  for (const dup of findDuplicates(resources.map((r) => r.data))) {
    const doc = resources[dup.index];
    const first = resources[dup.firstIndex];
    findings.push({
      severity: 'error',
      code: 'RT2003',
      message: `${describeResource(doc.data)} appears twice in the input`,
      resource: describeResource(doc.data),
      ...at(doc, '/metadata/name'),
      fix: 'keep one of the two documents (or give them different names)',
      related: [{ message: 'first defined here', ...at(first, '/metadata/name') }],
    });
  }
  return { resources, skipped, findings, files: loaded.files };
}
