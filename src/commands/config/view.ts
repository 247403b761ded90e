/** `config view`: the contexts file, tokens redacted. */
import { BaseCommand } from '../../cli/base-command';
import { outputFlag } from '../../cli/flags';
import { LOCAL_CONTEXT, loadConfig } from '../../cli/context';
import { printConfigView } from '../../printers/config';

export default class ConfigView extends BaseCommand {
  static override summary =
    'Show the contexts file ($XDG_CONFIG_HOME/riptides/config.yaml); tokens are shown as <redacted>.';
  static override description = `Tokens are never printed: read a token file directly if you need it. With no file, the current context is "local", the control plane embedded in riptides-cli.

Exit codes:
  0  shown
  2  the file is not valid (the message names the key)`;

  static override examples = ['<%= config.bin %> config view', '<%= config.bin %> config view -o json'];
  static override flags = { output: outputFlag(['yaml', 'json'] as const, 'yaml') };

  async run(): Promise<void> {
    const { flags } = await this.parse(ConfigView);
    const loaded = loadConfig(process.env);
    if (!loaded.exists)
      this.note(`# ${loaded.file} does not exist: the current context is "${LOCAL_CONTEXT}" (embedded)`);
    const config = { ...loaded.config, currentContext: loaded.config.currentContext ?? LOCAL_CONTEXT };
    this.emit(printConfigView(config, flags.output));
  }
}
