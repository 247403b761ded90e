/** `riptides-cli docs CODE`: print the page for a finding or reason code, offline. */
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command';
import { usageError } from '../core/errors';
import { findDocsTopic, readDocsPage, renderDocsList } from '../io/docs-pages';
import { outputFlag } from '../cli/flags';
import type { Printed } from '../printers/printed';
import { printDocs, type DocsResult } from '../printers/small-commands';

export default class Docs extends BaseCommand<DocsResult> {
  static override summary =
    'Print the page for a code: a finding (RT1020), a connection reason (no-identity), a CLI error or an API problem type';

  static override description = `Every code riptides-cli shows has a page, docs/codes/CODE.md, with an example that produces it; the pages ship with riptides-cli and this prints one, offline. CODE is an RT code in any case, a finding's name (unknown-field), a connection reason (no-identity), the code of a CLI error (token-over-http), of an API problem type (conflict), of a refused SVID request (invalid-ttl) or of a flow explanation (silent-downgrade).

Exit codes:
  0  printed
  2  unknown code (with the closest one), or no CODE and no --list`;

  static override examples = [
    '<%= config.bin %> docs RT1020',
    '<%= config.bin %> docs no-identity',
    '<%= config.bin %> docs --list',
  ];

  static override args = {
    code: Args.string({ description: 'RT code, finding name, reason, error or problem code.' }),
  };

  static override flags = {
    // Only the human format: every command takes -o text (README, "Output").
    output: outputFlag(['text'] as const, 'text'),
    list: Flags.boolean({ description: 'List every code with its title.' }),
  };

  async run(): Promise<DocsResult> {
    const { args, flags } = await this.parse(Docs);
    if (flags.list) return { text: renderDocsList() };
    if (!args.code) throw usageError('name a code: riptides-cli docs RT1020', ['riptides-cli docs --list']);
    return { text: readDocsPage(findDocsTopic(args.code)) };
  }

  protected override print(result: DocsResult): Printed {
    return printDocs(result);
  }
}
