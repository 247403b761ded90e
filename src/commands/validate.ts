/**
 * `riptides-cli validate -f PATH…`: check manifests against the JSON Schemas (CI linting), every
 * finding at file:line:col, in one or several output formats at once.
 */
import fs from 'node:fs';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command';
import { connectionFlags } from '../cli/connection-flags';
import { applyLintPass, fetchLiveContext, lintFlags, renderRuleList } from '../cli/lint-pass';
import { filenameFlag, outputFlag, recursiveFlag } from '../cli/flags';
import { ExitCode, RiptidesError, usageError } from '../core/errors';
import type { Finding } from '../core/findings';
import { checkDocuments } from '../core/manifest/check';
import { failsThreshold } from '../core/lint/controls';
import { buildValidateReport } from '../core/manifest/validate-report';
import { loadManifests } from '../io/read-inputs';
import { loadValidators } from '../io/validators';
import { renderFindingsJson } from '../printers/findings-json';
import { renderFindingsText } from '../printers/findings-text';
import { renderGithubAnnotations } from '../printers/github';
import { renderJunit } from '../printers/junit';
import { renderSarif } from '../printers/sarif';

const FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;
type Format = (typeof FORMATS)[number];

export default class Validate extends BaseCommand {
  static override summary = 'Check manifests against the Riptides schemas (CI linting)';

  static override description = `Checks every WorkloadIdentity, Service and Scenario document against its JSON Schema and reports each problem at its exact file:line:column with a stable code (RT1xxx, see docs/codes/). Reads files, directories (-R for subdirectories) and - for stdin; YAML or JSON; several documents per file.

Then the cross-resource lint rules (RT2xxx, see docs/rules/ and --list-rules) run over all inputs together: egress rules selecting no Service, duplicate addresses and identities, ambiguous selectors, callers a peer always rejects … Suppress with --disable CODE, a .riptides-lint.yaml (found from the working directory upwards) or the annotation lint.riptides.io/disable: CODE on a resource.

Several output formats in one run: -o picks the one on stdout, --sarif-file, --junit-file and --json-file write more.

Exit codes:
  0  no finding at or above the threshold (--fail-on; default error, --strict = warning)
  1  findings at or above the threshold: invalid manifests, YAML syntax errors, unknown kinds, rule errors
  2  usage: unknown flag, no -f, a path that does not exist, an unknown --disable code, a bad .riptides-lint.yaml
  3  --live: the control plane is unreachable, refused the credentials or failed`;

  static override examples = [
    '<%= config.bin %> validate -f examples/quickstart',
    '<%= config.bin %> validate -R -f manifests/ -o github --sarif-file riptides.sarif',
    '<%= config.bin %> validate -R -f manifests/ --fail-on warning --disable RT2013 --trust-domain example.com',
    '<%= config.bin %> validate --list-rules',
    'cat app.yaml | <%= config.bin %> validate -f - -o json',
  ];

  static override flags = {
    filename: filenameFlag,
    recursive: recursiveFlag,
    output: outputFlag(FORMATS, 'text'),
    'sarif-file': Flags.string({
      description: 'Also write SARIF 2.1.0 (GitHub code scanning) to this file.',
    }),
    'junit-file': Flags.string({ description: 'Also write a JUnit XML report to this file.' }),
    'json-file': Flags.string({ description: 'Also write the JSON report to this file.' }),
    'skip-unknown': Flags.boolean({
      description:
        'Pass over documents that are not Riptides ones (other apiVersions) instead of reporting them.',
    }),
    strict: Flags.boolean({ description: 'Warnings fail the run too (exit 1).' }),
    ...lintFlags,
    ...connectionFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Validate);
    if (flags['list-rules']) return this.emit(renderRuleList(flags.output));
    if (!flags.filename || flags.filename.length === 0) {
      throw usageError('no manifests given', [
        `${this.config.bin} validate -f FILE_OR_DIRECTORY (repeatable, - for stdin)`,
      ]);
    }

    // 1. Load: read and parse every input (YAML problems are findings, not exceptions).
    const loaded = await loadManifests(flags.filename, { recursive: flags.recursive });
    // 2. Check: kind and JSON Schema of every document.
    const checked = checkDocuments(loaded.documents, {
      skipUnknown: flags['skip-unknown'],
      validators: loadValidators(),
    });
    const findings: Finding[] = [...loaded.findings, ...checked.findings];
    // 3. Cross-resource rules (src/cli/lint-pass.ts): all inputs together, suppression, fail threshold.
    const live = flags.live ? await fetchLiveContext(flags) : undefined;
    const lint = applyLintPass({
      resources: checked.resources,
      scenarios: checked.scenarios,
      flags,
      cwd: process.cwd(),
      live,
    });
    findings.push(...lint.findings);

    // 4. Summarise.
    const report = buildValidateReport({
      files: loaded.fileNames,
      documents: checked.checked,
      findings,
      skipped: checked.skipped,
      suppressed: lint.suppressed.length,
    });

    // 5. Print: extra files first, then stdout.
    const render = (format: Format): string => {
      switch (format) {
        case 'json':
          return renderFindingsJson(report);
        case 'sarif':
          return renderSarif(report, { toolVersion: this.config.version });
        case 'junit':
          return renderJunit(report, { strict: lint.failOn !== 'error' });
        case 'github':
          return renderGithubAnnotations(report);
        case 'text':
          return renderFindingsText(report, { color: this.useColor(flags), sourceLine: loaded.sourceLine });
      }
    };
    const extra: [string | undefined, Format][] = [
      [flags['sarif-file'], 'sarif'],
      [flags['junit-file'], 'junit'],
      [flags['json-file'], 'json'],
    ];
    for (const [file, format] of extra) if (file) writeReport(file, render(format));
    this.emit(render(flags.output as Format));
    this.setExitCode(failsThreshold(report.findings, lint.failOn) ? ExitCode.FINDINGS : ExitCode.OK);
  }
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
