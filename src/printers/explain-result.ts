/**
 * `explain connection`'s result → output: the manifests' warning count (stderr), the explanation
 * (text or JSON, with the observed flow beside it for --flow), and an --expect mismatch (stderr).
 * The exit status it implies is `explainExitCode`.
 */
import { ExitCode } from '../core/errors';
import type { Verdict } from '../core/manifest/types';
import type { ConnectionResult } from '../core/policy/types';
import { printExplainFlowJson, printExplainFlowText, type ExplainFlowResult } from './explain-flow';
import { printExplainJson } from './explain-json';
import { printExplainText } from './explain-text';
import { toStderr, toStdout, type Printed } from './printed';

interface ExplainOutcome {
  /** The verdict the explanation reached. */
  result: ConnectionResult;
  /** Warnings in the manifests (validate lists them). */
  warnings: number;
  /** --expect VERDICT. */
  expect?: Verdict;
  /** --exit-code: the verdict decides the exit status (10 PLAINTEXT, 11 REJECTED). */
  verdictExitCode: boolean;
}

export type ExplainResult =
  | ({ kind: 'connection' } & ExplainOutcome)
  | ({ kind: 'flow'; explained: ExplainFlowResult } & ExplainOutcome);

export function printExplainResult(r: ExplainResult, options: { output: string; color: boolean }): Printed {
  const out: Printed = [];
  if (r.warnings > 0)
    out.push(toStderr(`${r.warnings} warning(s) in the manifests; riptides-cli validate -f … lists them`));
  const json = options.output === 'json';
  if (r.kind === 'flow')
    out.push(toStdout(json ? printExplainFlowJson(r.explained) : printExplainFlowText(r.explained, options)));
  else out.push(toStdout(json ? printExplainJson(r.result) : printExplainText(r.result, options)));
  if (r.expect && r.expect !== r.result.verdict)
    out.push(toStderr(`expected ${r.expect}, got ${r.result.verdict}`));
  return out;
}

/** 1 when --expect does not match; with --exit-code 10 for PLAINTEXT, 11 for REJECTED; else 0. */
export function explainExitCode(r: ExplainOutcome): number {
  const verdict = r.result.verdict;
  if (r.expect && r.expect !== verdict) return ExitCode.FINDINGS;
  if (!r.verdictExitCode) return ExitCode.OK;
  return verdict === 'PLAINTEXT'
    ? ExitCode.PLAINTEXT
    : verdict === 'REJECTED'
      ? ExitCode.REJECTED
      : ExitCode.OK;
}
