/**
 * Check loaded documents: which kind each is, then its JSON Schema, and turn every problem into a
 * finding at its exact place. The validators are passed in (compiled elsewhere), so this stays pure.
 */
import type { Finding } from '../findings';
import { classifyDocument } from './classify';
import type { LoadedDocument } from './document';
import type { LocatedResource, LocatedScenario } from './located';
import { schemaErrorsToFindings } from './schema-findings';
import type { SchemaValidators } from './schema-validators';
import type { Resource, Scenario } from './types';
import { describeResource } from './types';

export interface CheckOptions {
  /** Pass over documents that are not Riptides ones (other apiVersions) instead of reporting them. */
  skipUnknown?: boolean;
  /** Compiled JSON Schema validators, one per kind (src/io/validators.ts loads them). */
  validators: SchemaValidators;
}

export interface CheckResult {
  /** WorkloadIdentity and Service documents without errors, in input order. */
  resources: LocatedResource[];
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
  const result: CheckResult = { resources: [], scenarios: [], findings: [], skipped: 0, checked: [] };
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
    const valid = validate(doc.data);
    let hasErrors = false;
    if (!valid) {
      const found = schemaErrorsToFindings(
        validate.errors ?? [],
        doc.origin,
        nameDocument(cls.kind, doc.data),
      );
      for (const f of found) result.findings.push(f); // not push(...found): 200,000 arguments overflow the stack
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
      hasErrors = found.some((f) => f.severity === 'error');
    }
    if (hasErrors) continue;
    if (cls.kind === 'Scenario')
      result.scenarios.push({ scenario: doc.data as Scenario, origin: doc.origin });
    else result.resources.push({ resource: doc.data as Resource, origin: doc.origin });
  }
  return result;
}
