/**
 * The one error family of riptides-cli. Core code throws or returns these; the CLI's base command
 * renders them (what, where, how to fix) and turns `exitCode` into the process exit status.
 */

import type { ErrorCode } from './catalog/error-codes';
import type { IssuanceReason } from './catalog/issuance-codes';
import type { ProblemCode } from './catalog/problem-codes';

/**
 * The code of an error, one of the one catalog (src/core/catalog/codes.ts): a CLI error code, or the
 * code of the problem a control plane answered, or the reason it gave for refusing an SVID request.
 * The type makes the catalog the registry: an error with a code that has no page does not compile.
 */
export type UserErrorCode = ErrorCode | ProblemCode | IssuanceReason;

/** Exit codes of SPEC §5. */
export const ExitCode = {
  OK: 0,
  /** Findings: invalid manifests, an invalid SVID, a failed expectation, a rejected write, diff found changes. */
  FINDINGS: 1,
  /** Usage: bad flags or arguments, a path that does not exist. */
  USAGE: 2,
  /** The control plane is unreachable, refused our credentials or failed. */
  UNAVAILABLE: 3,
  /** `explain connection --exit-code`: PLAINTEXT verdict. */
  PLAINTEXT: 10,
  /** `explain connection --exit-code`: REJECTED verdict. */
  REJECTED: 11,
  /** An internal error: a bug in riptides-cli. */
  INTERNAL: 70,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface RiptidesErrorOptions {
  /** Stable machine-readable code, e.g. `token-over-http`, `unauthorized`: its page is docs/codes/<code>.md. */
  code: UserErrorCode;
  exitCode: ExitCodeValue;
  /** "Try this" lines: concrete commands or edits that fix the problem. */
  suggestions?: string[];
  /** Where the problem is, when it comes from a file. */
  location?: { file: string; line?: number; column?: number };
  cause?: unknown;
}

export class RiptidesError extends Error {
  readonly code: UserErrorCode;
  readonly exitCode: ExitCodeValue;
  readonly suggestions: string[];
  readonly location?: { file: string; line?: number; column?: number };

  constructor(message: string, options: RiptidesErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RiptidesError';
    this.code = options.code;
    this.exitCode = options.exitCode;
    this.suggestions = options.suggestions ?? [];
    this.location = options.location;
  }
}

/** A usage error (exit 2): bad flag values, missing paths, conflicting options. */
export function usageError(
  message: string,
  suggestions: string[] = [],
  code: UserErrorCode = 'usage',
): RiptidesError {
  return new RiptidesError(message, { code, exitCode: ExitCode.USAGE, suggestions });
}

/**
 * A lower layer's error that knows better advice than the caller's generic suggestions (e.g. data
 * written by a newer release: "check the permissions" would mislead). Callers wrapping an error in a
 * RiptidesError take these first (`suggestionsFor`).
 */
export class AdvisedError extends Error {
  readonly suggestions: string[];
  constructor(message: string, suggestions: string[]) {
    super(message);
    this.name = 'AdvisedError';
    this.suggestions = suggestions;
  }
}

/** The advice `err` carries (an AdvisedError), else `fallback`. */
export function suggestionsFor(err: unknown, fallback: string[]): string[] {
  return err instanceof AdvisedError ? err.suggestions : fallback;
}

export function isRiptidesError(err: unknown): err is RiptidesError {
  return err instanceof RiptidesError;
}
