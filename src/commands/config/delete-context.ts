/** `config delete-context NAME`: remove a context from the config file. */
import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command';
import { outputFlag } from '../../cli/flags';
import { LOCAL_CONTEXT, loadConfig, saveConfig, unknownContextError } from '../../cli/context';
import { printConfigResult, type ConfigResult } from '../../printers/config-result';
import type { Printed, PrintOptions } from '../../printers/printed';
import { usageError } from '../../core/errors';

export default class ConfigDeleteContext extends BaseCommand<ConfigResult> {
  static override summary = 'Delete a context. Deleting the current one makes "local" current.';
  static override description = `Exit codes:
  0  deleted
  2  no context of that name, or "local" (built in)`;

  static override args = { name: Args.string({ required: true, description: 'Context name' }) };

  /** `-o text` (the only format) so that every command accepts it. */
  static override flags = { output: outputFlag(['text'] as const, 'text') };

  async run(): Promise<ConfigResult> {
    const { args } = await this.parse(ConfigDeleteContext);
    const loaded = loadConfig(process.env);
    if (!loaded.config.contexts[args.name]) {
      if (args.name === LOCAL_CONTEXT)
        throw usageError('"local" is the built-in embedded context and cannot be deleted', [
          'switch away from it: riptides-cli config use-context NAME',
        ]);
      throw unknownContextError(args.name, loaded.config, loaded.file);
    }
    const wasCurrent = loaded.config.currentContext === args.name;
    saveConfig(loaded, { currentContext: wasCurrent ? null : undefined, contexts: { [args.name]: null } });
    return { command: 'delete-context', name: args.name, wasCurrent, nowCurrent: LOCAL_CONTEXT };
  }

  protected override print(result: ConfigResult, options: PrintOptions): Printed {
    return printConfigResult(result, options.output);
  }
}
