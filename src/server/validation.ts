/**
 * Server-side validation of one resource document before it is stored: the same JSON Schemas and
 * the same checks as the CLI's `validate` (src/core/manifest/check.ts), reported as JSON pointers
 * into the document with the finding's code and fix. Empty means valid.
 */
import type { ProblemFieldError } from '../api/types';
import { checkDocuments } from '../core/manifest/check';
import { syntheticOrigin } from '../core/manifest/document';
import { loadValidators } from '../io/validators';

const ORIGIN = syntheticOrigin('request');

/** Validate a WorkloadIdentity or Service manifest; metadata fields the server sets are allowed. */
export function validateResourceDocument(doc: unknown): ProblemFieldError[] {
  if (typeof doc === 'object' && doc !== null && (doc as { kind?: unknown }).kind === 'Scenario') {
    return [
      {
        pointer: '/kind',
        message:
          'a Scenario is for explain and simulate and is never applied: send WorkloadIdentity or Service',
      },
    ];
  }
  const result = checkDocuments([{ data: doc, origin: ORIGIN }], { validators: loadValidators() });
  const errors: ProblemFieldError[] = [];
  for (const f of result.findings) {
    if (f.severity !== 'error') continue;
    const e: ProblemFieldError = { pointer: f.path ?? '', message: f.message, code: f.code };
    if (f.fix) e.fix = f.fix;
    errors.push(e);
  }
  return errors;
}
