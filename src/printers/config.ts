/** Output of the `config` commands: the config with tokens redacted, and the context table. */
import { stringify } from 'yaml';
import type { ConfigFile, ContextEntry } from '../cli/context';
import { alignColumns } from './ctl-get';
import { renderJsonDocument } from './envelope';

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
