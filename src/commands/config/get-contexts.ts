/** `config get-contexts`: every context, the current one marked. */
import { BaseCommand } from '../../cli/base-command';
import { outputFlag } from '../../cli/flags';
import { contextNames, currentContextName, LOCAL_CONTEXT, loadConfig, localDataDir } from '../../cli/context';
import { DEFAULT_NAMESPACE } from '../../core/manifest/types';
import type { ContextRow } from '../../printers/config';
import { printConfigResult, type ConfigResult } from '../../printers/config-result';
import type { Printed, PrintOptions } from '../../printers/printed';

export default class ConfigGetContexts extends BaseCommand<ConfigResult> {
  static override summary = 'List the contexts; * marks the current one.';
  static override description = `"local" is always there: the control plane embedded in riptides-cli (data under $XDG_DATA_HOME/riptides/local). The current context is RIPTIDES_CONTEXT if set, else currentContext of the file, else local.

Exit codes:
  0  listed
  2  the config file is not valid`;

  static override flags = { output: outputFlag(['table', 'name', 'json'] as const, 'table') };

  async run(): Promise<ConfigResult> {
    await this.parse(ConfigGetContexts);
    const { config } = loadConfig(process.env);
    const current = currentContextName(config, process.env);
    const rows: ContextRow[] = contextNames(config).map((name) => {
      const c = config.contexts[name] ?? {};
      return {
        name,
        current: name === current,
        server: name === LOCAL_CONTEXT ? `(embedded) ${localDataDir(process.env)}` : (c.server ?? ''),
        namespace: c.namespace ?? DEFAULT_NAMESPACE,
        auth:
          name === LOCAL_CONTEXT
            ? 'in-process'
            : c.token !== undefined
              ? 'token'
              : c.tokenFile
                ? `tokenFile ${c.tokenFile}`
                : 'none',
      };
    });
    return { command: 'get-contexts', contexts: rows };
  }

  protected override print(result: ConfigResult, options: PrintOptions): Printed {
    return printConfigResult(result, options.output);
  }
}
