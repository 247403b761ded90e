/** `config view`: the contexts file, tokens redacted. */
import { BaseCommand } from '../../cli/base-command';
import { outputFlag } from '../../cli/flags';
import { LOCAL_CONTEXT, loadConfig } from '../../cli/context';
import { printConfigResult, type ConfigResult } from '../../printers/config-result';
import type { Printed, PrintOptions } from '../../printers/printed';

export default class ConfigView extends BaseCommand<ConfigResult> {
  static override summary =
    'Show the contexts file ($XDG_CONFIG_HOME/riptides/config.yaml); tokens are shown as <redacted>.';
  static override description = `Tokens are never printed: read a token file directly if you need it. With no file, the current context is "local", the control plane embedded in riptides-cli.

Exit codes:
  0  shown
  2  the file is not valid (the message names the key)`;

  static override examples = ['<%= config.bin %> config view', '<%= config.bin %> config view -o json'];
  static override flags = { output: outputFlag(['yaml', 'json'] as const, 'yaml') };

  async run(): Promise<ConfigResult> {
    await this.parse(ConfigView);
    const loaded = loadConfig(process.env);
    const config = { ...loaded.config, currentContext: loaded.config.currentContext ?? LOCAL_CONTEXT };
    return { command: 'view', file: loaded.file, exists: loaded.exists, config };
  }

  protected override print(result: ConfigResult, options: PrintOptions): Printed {
    return printConfigResult(result, options.output);
  }
}
