/**
 * The results of the `config` commands and their printer. The config and context-table renderers
 * (src/printers/config.ts, which load the YAML library) are loaded only by the commands that print them.
 */
import type { ConfigFile } from '../core/config/types';
import type { ContextRow } from './config';
import { toStderr, toStdout, type Printed } from './printed';

const view = () => require('./config') as typeof import('./config');

/** What a `config` command did or found: its result, printed by `printConfigResult`. */
export type ConfigResult =
  | { command: 'current-context'; name: string }
  | { command: 'use-context'; name: string }
  | { command: 'delete-context'; name: string; wasCurrent: boolean; nowCurrent: string }
  | { command: 'set-context'; name: string; created: boolean; use: boolean; insecure: boolean }
  | { command: 'view'; file: string; exists: boolean; config: ConfigFile }
  | { command: 'get-contexts'; contexts: ContextRow[] };

export function printConfigResult(result: ConfigResult, format: string): Printed {
  switch (result.command) {
    case 'current-context':
      return [toStdout(result.name)];
    case 'use-context':
      return [toStdout(`Switched to context "${result.name}".`)];
    case 'delete-context':
      return [
        toStdout(`Deleted context "${result.name}".`),
        ...(result.wasCurrent
          ? [toStderr(`It was the current context; the current context is now "${result.nowCurrent}".`)]
          : []),
      ];
    case 'set-context':
      return [
        toStdout(
          `Context "${result.name}" ${result.created ? 'created' : 'modified'}${result.use ? ' and set as current' : ''}.`,
        ),
        ...(result.insecure
          ? [
              toStderr(
                'WARNING: this context does not verify the server certificate; prefer --ca-file DATA/ca.pem.',
              ),
            ]
          : []),
      ];
    case 'view':
      return [
        ...(result.exists
          ? []
          : [
              toStderr(
                `# ${result.file} does not exist: the current context is "${result.config.currentContext}" (embedded)`,
              ),
            ]),
        toStdout(view().printConfigView(result.config, format as 'yaml' | 'json')),
      ];
    case 'get-contexts':
      return [toStdout(view().printContexts(result.contexts, format as 'table' | 'name' | 'json'))];
  }
}
