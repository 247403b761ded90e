/**
 * Server-side validation of one resource document before it is stored: the same JSON Schemas and
 * the same checks as the CLI's `validate` (src/core/manifest/check.ts), reported as JSON pointers
 * into the document with the finding's code and fix. Empty means valid.
 */
import type { ProblemFieldError } from '../core/wire/types';
import { checkDocuments } from '../core/manifest/check';
import { syntheticOrigin } from '../core/manifest/document';
import type { SchemaValidators } from '../core/manifest/schema-validators';

const ORIGIN = syntheticOrigin('request');

/** At most this many field errors are reported per resource (the count of the rest is in `detail`). */
export const MAX_ERRORS_PER_ITEM = 20;
/** Longest message, pointer or fix text in a field error (longer ones end in `…`). */
export const MAX_ERROR_TEXT = 512;

/** `text` cut to `max` characters (with `…`), so that an echoed input never makes an answer large. */
export function clip(text: string, max = MAX_ERROR_TEXT): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/** The errors of one resource and how many there were in all (only the first MAX_ERRORS_PER_ITEM are kept). */
export interface ValidationErrors {
  errors: ProblemFieldError[];
  total: number;
}

/** Validate a WorkloadIdentity or Service manifest; metadata fields the server sets are allowed. */
export function validateResourceDocument(doc: unknown, validators: SchemaValidators): ValidationErrors {
  if (typeof doc === 'object' && doc !== null && (doc as { kind?: unknown }).kind === 'Scenario') {
    const errors = [
      {
        pointer: '/kind',
        message:
          'a Scenario is for explain and simulate and is never applied: send WorkloadIdentity or Service',
      },
    ];
    return { errors, total: 1 };
  }
  const result = checkDocuments([{ data: doc, origin: ORIGIN }], { validators });
  const errors: ProblemFieldError[] = [];
  let total = 0;
  for (const f of result.findings) {
    if (f.severity !== 'error') continue;
    if (++total > MAX_ERRORS_PER_ITEM) continue;
    const e: ProblemFieldError = { pointer: clip(f.path ?? ''), message: clip(f.message), code: f.code };
    if (f.fix) e.fix = clip(f.fix);
    errors.push(e);
  }
  return { errors, total };
}
