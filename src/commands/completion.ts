/** `riptides-cli completion fish`: the fish completion script (bash, zsh, PowerShell: `autocomplete`). */
import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base-command';
import { outputFlag } from '../cli/flags';
import type { CompletionCommand, CompletionFlag } from '../printers/completion-fish';
import type { Printed } from '../printers/printed';
import { printCompletion, type CompletionResult } from '../printers/small-commands';

export default class Completion extends BaseCommand<CompletionResult> {
  static override summary = 'Print the fish shell completion script';

  static override description = `Prints a completion script for fish: commands, topics, flags with their descriptions, the values of option flags, file names for path flags. For bash, zsh and PowerShell use \`<%= config.bin %> autocomplete SHELL\` (oclif's plugin).

Exit codes:
  0  printed
  2  usage: a shell other than fish`;

  static override examples = [
    '<%= config.bin %> completion fish > ~/.config/fish/completions/<%= config.bin %>.fish',
    '<%= config.bin %> completion fish | source',
  ];

  static override args = {
    shell: Args.string({ description: 'Shell (fish).', options: ['fish'], required: true }),
  };

  static override flags = {
    // Only the human format: every command takes -o text (README, "Output").
    output: outputFlag(['text'] as const, 'text'),
  };

  async run(): Promise<CompletionResult> {
    await this.parse(Completion);
    const commands: CompletionCommand[] = this.config.commands.map((c) => ({
      id: c.id,
      summary: c.summary ?? c.description,
      hidden: c.hidden,
      flags: Object.values(c.flags ?? {}).map((f) => f as CompletionFlag),
      args: Object.values(c.args ?? {}).map((a) => ({ name: a.name, options: a.options })),
    }));
    const topics = Object.fromEntries(this.config.topics.map((t) => [t.name, t.description ?? '']));
    return { shell: 'fish', bin: this.config.bin, commands, topics };
  }

  protected override print(result: CompletionResult): Printed {
    return printCompletion(result);
  }
}
