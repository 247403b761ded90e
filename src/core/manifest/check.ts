/**
 * Check loaded documents: which kind each is, then its JSON Schema, and turn every problem into a
 * finding at its exact place. The validators are passed in (compiled elsewhere), so this stays pure.
 */
import type { Finding } from '../findings';
import { classifyDocument } from './classify';
import type { LoadedDocument } from './document';
import type { LocatedResource, LocatedScenario } from './located';
import { schemaErrorsToFindings } from './schema-findings';
import type { SchemaKind, SchemaValidators } from './schema-validators';
import type { FieldPath } from './field-paths';
import { pruneForRules } from './prune';
import type { Resource, Scenario } from './types';
import { describeResource } from './types';
import { boundListsForValidation, LIST_SCAN_LIMIT } from './list-bound';

export interface CheckOptions {
  /** Pass over documents that are not Riptides ones (other apiVersions) instead of reporting them. */
  skipUnknown?: boolean;
  /** Compiled JSON Schema validators, one per kind (src/io/validators.ts loads them). */
  validators: SchemaValidators;
  /** Each kind's field paths, asked for only when a document has an unknown field (src/io/field-paths.ts). */
  fieldPaths?: (kind: SchemaKind) => readonly FieldPath[];
}

export interface CheckResult {
  /** WorkloadIdentity and Service documents without errors, in input order. */
  resources: LocatedResource[];
  /**
   * What the cross-resource rules read: the valid resources, and of each resource with schema errors
   * the part that is well-formed (pruneForRules), in document order.
   */
  lintable: LocatedResource[];
  /** Scenario documents without errors, in input order. */
  scenarios: LocatedScenario[];
  /** Schema and structure findings (RT10xx), in input order. */
  findings: Finding[];
  /** Documents passed over because of `skipUnknown`. */
  skipped: number;
  /** Every document that was checked (all but the skipped ones), valid or not. */
  checked: LoadedDocument[];
}

/** `WorkloadIdentity riptides-system/frontend`, `Scenario quickstart`, or undefined without a name. */
export function nameDocument(kind: string, data: unknown): string | undefined {
  const metadata = (data as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
  if (typeof metadata !== 'object' || metadata === null || typeof metadata.name !== 'string')
    return undefined;
  if (kind === 'Scenario') return `Scenario ${metadata.name}`;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  return describeResource({ kind, metadata: { name: metadata.name, namespace } });
}

export function checkDocuments(documents: readonly LoadedDocument[], options: CheckOptions): CheckResult {
  const result: CheckResult = {
    resources: [],
    lintable: [],
    scenarios: [],
    findings: [],
    skipped: 0,
    checked: [],
  };
  for (const doc of documents) {
    const cls = classifyDocument(doc.data, doc.origin, options.skipUnknown);
    if (cls.outcome === 'skip') {
      result.skipped++;
      continue;
    }
    result.checked.push(doc);
    if (cls.outcome === 'reject') {
      result.findings.push(cls.finding);
      continue;
    }
    const validate = options.validators[cls.kind];
    const limit = LIST_SCAN_LIMIT[cls.kind];
    // A document of at most `limit` characters holds no list or mapping longer than that.
    const valid = validate(
      doc.size !== undefined && doc.size <= limit ? doc.data : boundListsForValidation(doc.data, limit),
    );
    let errorPaths: string[] = [];
    if (!valid) {
      const errors = validate.errors ?? [];
      const unknownField = errors.some((e) => e.keyword === 'additionalProperties');
      const found = schemaErrorsToFindings(
        errors,
        doc.origin,
        nameDocument(cls.kind, doc.data),
        unknownField ? options.fieldPaths?.(cls.kind) : undefined,
      );
      if (found.length === 0) {
        // Never let an invalid document through silently, even if no error could be put into words.
        found.push({
          severity: 'error',
          code: 'RT1024',
          message: `the ${cls.kind} does not match its schema`,
          ...doc.origin.start,
          path: '',
        });
      }
      for (const f of found) result.findings.push(f); // not push(...found): 200,000 arguments overflow the stack
      errorPaths = found.filter((f) => f.severity === 'error').map((f) => f.path ?? '');
    }
    if (errorPaths.length > 0) {
      // The rules still see what is well-formed of it (prune.ts); apply and explain do not.
      if (cls.kind !== 'Scenario') {
        const partial = pruneForRules({ resource: doc.data as Resource, origin: doc.origin }, errorPaths);
        if (partial) result.lintable.push(partial);
      }
      continue;
    }
    if (cls.kind === 'Scenario')
      result.scenarios.push({ scenario: doc.data as Scenario, origin: doc.origin });
    else {
      const located = { resource: doc.data as Resource, origin: doc.origin };
      result.resources.push(located);
      result.lintable.push(located);
    }
  }
  return result;
}
