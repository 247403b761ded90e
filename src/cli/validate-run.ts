/**
 * The `validate` pipeline: load → check → cross-resource rules → summarise, called by the command
 * (src/commands/validate.ts), which prints the result (src/printers/validate.ts). The extra report
 * files (--sarif-file …) are written here. Imports nothing heavy: no oclif, no ajv compiler.
 */
import fs from 'node:fs';
import { ExitCode, RiptidesError } from '../core/errors';
import { failsThreshold } from '../core/lint/controls';
import type { LintPassFlags } from './lint-pass';
import { prefetchLiveContext } from './lint-pass';
import { checkManifestFiles } from './check-manifests';
import { noDocumentsFinding } from '../core/manifest/empty-input';
import { manifestsInSubdirectories } from '../io/read-inputs';
import type { ConnectionFlagValues } from './context';
import {
  renderValidateReport,
  type ValidateFormat,
  type ValidateRenderContext,
  type ValidateResult,
} from '../printers/validate';

export { VALIDATE_FORMATS, type ValidateFormat } from '../printers/validate';

export interface ValidateOptions {
  filenames: string[];
  recursive?: boolean;
  sarifFile?: string;
  junitFile?: string;
  jsonFile?: string;
  skipUnknown?: boolean;
  strict?: boolean;
  /** riptides-cli's version, for SARIF's tool.driver.version. */
  version: string;
  /** The cross-resource rule pass: --disable, --fail-on, --trust-domain, --lint-config, --no-rules. */
  lint?: Omit<LintPassFlags, 'strict'>;
  /** Where to start looking for .riptides-lint.yaml. */
  cwd: string;
  /** Base URL of the browsable docs/ pages for SARIF helpUri (RIPTIDES_DOCS_URL). */
  docsBaseUrl?: string;
  /** `--live`: add the control plane's resources as lint context, connecting with these flags. */
  live?: ConnectionFlagValues;
  /** `--allow-empty`: zero documents is a pass (otherwise RT1005). */
  allowEmpty?: boolean;
  /** `--server-side`: the control plane dry-runs the resources that passed, connecting with these flags. */
  serverSide?: ConnectionFlagValues;
}

export async function runValidate(options: ValidateOptions): Promise<ValidateResult> {
  // 1–3. Load, check kinds and JSON Schemas, run the cross-resource rules (all inputs together).
  // --live: the control plane is read while the files load.
  const live = options.live ? prefetchLiveContext(options.live) : undefined;
  let checkedFiles: Awaited<ReturnType<typeof checkManifestFiles>>;
  try {
    checkedFiles = await checkManifestFiles(options.filenames, {
      recursive: options.recursive,
      skipUnknown: options.skipUnknown,
      lint: { ...options.lint, strict: options.strict },
      cwd: options.cwd,
      live: live?.context,
    });
  } finally {
    await live?.cancel();
  }
  const { loaded, checked, lint, findings, summarize } = checkedFiles;
  // 3a. Nothing read is not a pass (RT1005), unless --allow-empty.
  if (!options.allowEmpty && loaded.documents.length === 0 && findings.length === 0) {
    const inSubdirectories = options.recursive ? 0 : manifestsInSubdirectories(options.filenames);
    findings.push(noDocumentsFinding({ inputs: options.filenames, inSubdirectories }));
  }
  // 3b. --server-side: the control plane's own dry run of what passed locally (RT1040 findings).
  if (options.serverSide) {
    const { serverSideFindings } = require('./server-side') as typeof import('./server-side');
    findings.push(...(await serverSideFindings(options.serverSide, checked.resources)));
  }
  // 4. Summarise.
  const report = summarize();

  // 5. The extra report files (stdout is the command's to print).
  const render: ValidateRenderContext = {
    toolVersion: options.version,
    docsBaseUrl: options.docsBaseUrl,
    strict: lint.failOn !== 'error',
    sourceLine: loaded.sourceLine,
  };
  const extra: [string | undefined, ValidateFormat][] = [
    [options.sarifFile, 'sarif'],
    [options.junitFile, 'junit'],
    [options.jsonFile, 'json'],
  ];
  for (const [file, format] of extra)
    if (file) writeReport(file, renderValidateReport(report, format, { ...render, color: false }));
  return { kind: 'report', report, failed: failsThreshold(report.findings, lint.failOn), render };
}

function writeReport(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (err) {
    throw new RiptidesError(`cannot write ${file}: ${(err as Error).message}`, {
      code: 'unwritable-file',
      exitCode: ExitCode.USAGE,
      suggestions: ['check that the directory exists and is writable'],
      cause: err,
    });
  }
}
