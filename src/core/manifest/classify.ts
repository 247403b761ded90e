/**
 * Which schema a document is checked against, decided from its `apiVersion` and `kind`. A document
 * that is not a Riptides one is an error, or is skipped when the caller asks (`--skip-unknown`).
 */
import type { Finding } from '../findings';
import { closestMatch } from '../text/suggest';
import type { DocumentOrigin } from './document';
import type { SchemaKind } from './schema-validators';
import { CORE_API_VERSION, SIM_API_VERSION } from './types';

/** The apiVersion that serves each kind. */
export const KIND_API_VERSIONS: Readonly<Record<SchemaKind, string>> = {
  WorkloadIdentity: CORE_API_VERSION,
  Service: CORE_API_VERSION,
  Scenario: SIM_API_VERSION,
};

export type DocumentClass =
  | { outcome: 'check'; kind: SchemaKind }
  /** Not a Riptides document, and the caller asked to pass over those. */
  | { outcome: 'skip' }
  | { outcome: 'reject'; finding: Finding };

/** True for API groups of Riptides (`core.riptides.io/…`, `sim.riptides.io/…`). */
export function isRiptidesApiVersion(apiVersion: unknown): boolean {
  return typeof apiVersion === 'string' && /^([a-z0-9-]+\.)*riptides\.io\//.test(apiVersion);
}

function isPlainMapping(data: unknown): data is Record<string, unknown> {
  return typeof data === 'object' && data !== null && !Array.isArray(data);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

const SKIP_HINT =
  'If the file also holds non-Riptides manifests (Kubernetes, Helm …), pass --skip-unknown to pass over them.';

/** The outcome for a document of a known kind and apiVersion: one object per kind, shared. */
const CHECK: Readonly<Record<SchemaKind, DocumentClass>> = {
  WorkloadIdentity: { outcome: 'check', kind: 'WorkloadIdentity' },
  Service: { outcome: 'check', kind: 'Service' },
  Scenario: { outcome: 'check', kind: 'Scenario' },
};

export function classifyDocument(data: unknown, origin: DocumentOrigin, skipUnknown = false): DocumentClass {
  if (isPlainMapping(data)) {
    // The usual case first, without allocating anything.
    const { apiVersion, kind } = data;
    if (
      typeof kind === 'string' &&
      Object.hasOwn(KIND_API_VERSIONS, kind) &&
      apiVersion === KIND_API_VERSIONS[kind as SchemaKind]
    )
      return CHECK[kind as SchemaKind];
  }
  return classifyOther(data, origin, skipUnknown);
}

function classifyOther(data: unknown, origin: DocumentOrigin, skipUnknown: boolean): DocumentClass {
  const at = (pointer: string, target: 'key' | 'value' = 'value') => ({
    ...origin.locate(pointer, target),
    path: pointer,
  });
  if (!isPlainMapping(data)) {
    return {
      outcome: 'reject',
      finding: {
        severity: 'error',
        code: 'RT1010',
        message: `the document is ${typeName(data)}, not a mapping with apiVersion, kind, metadata and spec`,
        ...at(''),
        fix: 'Each YAML document (separated by ---) must be one resource: a mapping that starts with apiVersion and kind.',
      },
    };
  }
  const { apiVersion, kind } = data;
  const riptides = isRiptidesApiVersion(apiVersion);
  const known = typeof kind === 'string' && Object.hasOwn(KIND_API_VERSIONS, kind);
  if (known) {
    const expected = KIND_API_VERSIONS[kind as SchemaKind];
    if (apiVersion === expected) return CHECK[kind as SchemaKind];
    if (skipUnknown && !riptides && apiVersion !== undefined) return { outcome: 'skip' };
    if (apiVersion === undefined) {
      return {
        outcome: 'reject',
        finding: {
          severity: 'error',
          code: 'RT1011',
          message: `the ${kind} has no apiVersion`,
          ...at('/apiVersion'),
          fix: `Add "apiVersion: ${expected}" at the top of the document.`,
        },
      };
    }
    const hint = riptides ? '' : ` (a ${kind} of another API is not a Riptides document)`;
    return {
      outcome: 'reject',
      finding: {
        severity: 'error',
        code: 'RT1013',
        message: `apiVersion ${JSON.stringify(apiVersion)} does not serve kind ${kind}: use ${expected}${hint}`,
        ...at('/apiVersion'),
        fix: `Write "apiVersion: ${expected}".${riptides ? '' : ' ' + SKIP_HINT}`,
      },
    };
  }
  if (skipUnknown && !riptides) return { outcome: 'skip' };
  const kinds = Object.keys(KIND_API_VERSIONS);
  if (kind === undefined || kind === null || kind === '') {
    return {
      outcome: 'reject',
      finding: {
        severity: 'error',
        code: 'RT1011',
        message: 'the document has no kind',
        ...at('/kind'),
        fix: `Add "kind:" with one of ${kinds.join(', ')}.${riptides ? '' : ' ' + SKIP_HINT}`,
      },
    };
  }
  const guess = typeof kind === 'string' ? closestMatch(kind, kinds) : undefined;
  return {
    outcome: 'reject',
    finding: {
      severity: 'error',
      code: 'RT1012',
      message:
        `unknown kind ${JSON.stringify(kind)}` +
        (guess ? `; did you mean "${guess}"?` : `: Riptides kinds are ${kinds.join(', ')}`),
      ...at('/kind'),
      fix: guess ? `Write "kind: ${guess}".` : `Use one of ${kinds.join(', ')}. ${SKIP_HINT}`,
    },
  };
}
