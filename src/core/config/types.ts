/**
 * The shape of the contexts file (`$XDG_CONFIG_HOME/riptides/config.yaml`): read and written by
 * src/cli/context.ts, printed by src/printers/config.ts. Types only.
 */

export interface ContextEntry {
  /** `https://host:port`. Absent only for `local` (embedded). */
  server?: string;
  token?: string;
  tokenFile?: string;
  caFile?: string;
  namespace?: string;
  insecureSkipTlsVerify?: boolean;
}

export interface ConfigFile {
  currentContext?: string;
  contexts: Record<string, ContextEntry>;
}
