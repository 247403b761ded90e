/** `config use-context NAME`: make NAME the current context. */
import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command';
import { outputFlag } from '../../cli/flags';
import { LOCAL_CONTEXT, loadConfig, saveConfig, unknownContextError } from '../../cli/context';
import { printConfigResult, type ConfigResult } from '../../printers/config-result';
import type { Printed, PrintOptions } from '../../printers/printed';

export default class ConfigUseContext extends BaseCommand<ConfigResult> {
  static override summary = 'Make NAME the current context (written to the config file).';
  static override description = `Exit codes:
  0  switched
  2  no context of that name (the message lists them)`;

  static override examples = [
    '<%= config.bin %> config use-context team',
    '<%= config.bin %> config use-context local',
  ];
  static override args = { name: Args.string({ required: true, description: 'Context name' }) };

  /** `-o text` (the only format) so that every command accepts it. */
  static override flags = { output: outputFlag(['text'] as const, 'text') };

  async run(): Promise<ConfigResult> {
    const { args } = await this.parse(ConfigUseContext);
    const loaded = loadConfig(process.env);
    if (args.name !== LOCAL_CONTEXT && !loaded.config.contexts[args.name])
      throw unknownContextError(args.name, loaded.config, loaded.file);
    saveConfig(loaded, { currentContext: args.name });
    return { command: 'use-context', name: args.name };
  }

  protected override print(result: ConfigResult, options: PrintOptions): Printed {
    return printConfigResult(result, options.output);
  }
}
