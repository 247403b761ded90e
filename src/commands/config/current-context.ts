/** `config current-context`: the name of the context commands use. */
import { BaseCommand } from '../../cli/base-command';
import { outputFlag } from '../../cli/flags';
import { currentContextName, loadConfig } from '../../cli/context';
import { printConfigResult, type ConfigResult } from '../../printers/config-result';
import type { Printed, PrintOptions } from '../../printers/printed';

export default class ConfigCurrentContext extends BaseCommand<ConfigResult> {
  static override summary =
    'Print the current context: RIPTIDES_CONTEXT, else currentContext of the config file, else local.';
  static override description = `Exit codes:
  0  printed
  2  the config file is not valid`;

  /** `-o text` (the only format) so that every command accepts it. */
  static override flags = { output: outputFlag(['text'] as const, 'text') };

  async run(): Promise<ConfigResult> {
    await this.parse(ConfigCurrentContext);
    const { config } = loadConfig(process.env);
    return { command: 'current-context', name: currentContextName(config, process.env) };
  }

  protected override print(result: ConfigResult, options: PrintOptions): Printed {
    return printConfigResult(result, options.output);
  }
}
