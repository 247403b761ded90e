/** Output of the `config` commands: the config with tokens redacted, and the context table. */
import { stringify } from 'yaml';
import type { ConfigFile, ContextEntry } from '../cli/context';
import { alignColumns } from './ctl-get';
import { renderJsonDocument } from './envelope';
import { toStderr, toStdout, type Printed } from './printed';

export const REDACTED = '<redacted>';

/** The config with every token replaced by `<redacted>` (token files are paths and stay). */
export function redactConfig(config: ConfigFile): ConfigFile {
  const contexts: Record<string, ContextEntry> = {};
  for (const [name, c] of Object.entries(config.contexts))
    contexts[name] = c.token === undefined ? { ...c } : { ...c, token: REDACTED };
  return { ...config, contexts };
}

export function printConfigView(config: ConfigFile, format: 'yaml' | 'json'): string {
  const redacted = redactConfig(config);
  const body = { currentContext: redacted.currentContext, contexts: redacted.contexts };
  return format === 'json' ? renderJsonDocument('Config', body) : stringify(body);
}

export interface ContextRow {
  name: string;
  current: boolean;
  server: string;
  namespace: string;
  auth: string;
}

export function printContexts(rows: readonly ContextRow[], format: 'table' | 'name' | 'json'): string {
  if (format === 'name') return rows.map((r) => r.name).join('\n');
  if (format === 'json') return renderJsonDocument('ContextList', { contexts: rows });
  return alignColumns([
    ['CURRENT', 'NAME', 'SERVER', 'NAMESPACE', 'AUTH'],
    ...rows.map((r) => [r.current ? '*' : '', r.name, r.server, r.namespace, r.auth]),
  ]);
}

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
        toStdout(printConfigView(result.config, format as 'yaml' | 'json')),
      ];
    case 'get-contexts':
      return [toStdout(printContexts(result.contexts, format as 'table' | 'name' | 'json'))];
  }
}
