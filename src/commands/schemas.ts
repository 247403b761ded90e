/** `riptides-cli schemas --out DIR`: write the JSON Schemas (manifests and JSON output) for editors and kubeconform. */
import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command';
import { usageError } from '../core/errors';
import { copyPackageFiles, listPackageFiles } from '../io/package-files';
import { outputFlag } from '../cli/flags';
import type { Printed } from '../printers/printed';
import { printSchemas, type SchemasResult } from '../printers/small-commands';

export default class Schemas extends BaseCommand<SchemasResult> {
  static override summary = 'Write the JSON Schemas of the manifests and of the JSON output to a directory';

  static override description = `Writes workloadidentity.schema.json, service.schema.json, scenario.schema.json and the defs.schema.json they refer to, and output/<Kind>.schema.json for every JSON document the CLI prints (docs/output.md), into DIR (created if needed; files there are replaced). Point editors (the yaml-language-server modeline) or kubeconform at them: see docs/ci.md. Without --out, lists the files.

Exit codes:
  0  written (or listed)
  2  usage: DIR is a file or cannot be written`;

  static override examples = [
    '<%= config.bin %> schemas --out .riptides/schemas',
    "kubeconform -schema-location default -schema-location '.riptides/schemas/{{ .ResourceKind }}.schema.json' deploy/",
  ];

  static override flags = {
    // Only the human format: every command takes -o text (README, "Output").
    output: outputFlag(['text'] as const, 'text'),
    out: Flags.string({ description: 'Directory to write the schemas to.', helpValue: 'DIR' }),
  };

  async run(): Promise<SchemasResult> {
    const { flags } = await this.parse(Schemas);
    const files = listPackageFiles('schemas').filter((f) => f.endsWith('.schema.json'));
    const result = { files: files.map((f) => f.slice('schemas/'.length)) };
    if (!flags.out) return result;
    let written: string[];
    try {
      written = copyPackageFiles(files, 'schemas', flags.out);
    } catch (err) {
      throw usageError(`cannot write the schemas to ${flags.out}: ${(err as Error).message}`, [
        '--out must name a directory that can be created or written',
      ]);
    }
    return { ...result, written: { dir: flags.out, files: written } };
  }

  protected override print(result: SchemasResult): Printed {
    return printSchemas(result);
  }
}
