/** `config set-context NAME …`: create or update a context. */
import fs from 'node:fs';
import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command';
import { outputFlag } from '../../cli/flags';
import { LOCAL_CONTEXT, loadConfig, saveConfig, type ContextEntry } from '../../cli/context';
import { printConfigResult, type ConfigResult } from '../../printers/config-result';
import type { Printed, PrintOptions } from '../../printers/printed';
import { parseServerUrl } from '../../api/transport-http';
import { usageError } from '../../core/errors';

function existingFile(file: string, flag: string): string {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs))
    throw usageError(`--${flag} ${file}: no such file`, [`check the path (it is stored as ${abs})`]);
  return abs;
}

export default class ConfigSetContext extends BaseCommand<ConfigResult> {
  static override summary = 'Create or update a context: server, token or token file, CA file, namespace.';
  static override description = `Only the flags given change; the rest of an existing context stays. Paths are stored absolute. --token stores the token itself in the config file (mode 0600); --token-file stores only the path, which is safer to share and rotate. "local" (the embedded control plane) takes only --namespace.

Exit codes:
  0  saved
  2  usage: a new context without --server, a bad URL, a file that does not exist`;

  static override examples = [
    '<%= config.bin %> config set-context team --server https://127.0.0.1:7443 --token-file ./cp-data/admin.token --ca-file ./cp-data/ca.pem --use',
    '<%= config.bin %> config set-context team --namespace myapp',
  ];

  static override args = { name: Args.string({ required: true, description: 'Context name' }) };

  static override flags = {
    output: outputFlag(['text'] as const, 'text'),
    server: Flags.string({ description: 'Control plane URL, https://HOST:PORT' }),
    token: Flags.string({
      description: 'Bearer token, stored in the config file',
      exclusive: ['token-file'],
    }),
    'token-file': Flags.string({ description: 'File holding the bearer token (its path is stored)' }),
    'ca-file': Flags.string({
      description: 'PEM CA certificate of the control plane (controlplane serve prints DATA/ca.pem)',
    }),
    namespace: Flags.string({ char: 'n', description: 'Default namespace for this context' }),
    'insecure-skip-tls-verify': Flags.boolean({
      description: 'Do not verify the server certificate (insecure)',
      allowNo: true,
    }),
    use: Flags.boolean({ description: 'Also make it the current context' }),
  };

  async run(): Promise<ConfigResult> {
    const { args, flags } = await this.parse(ConfigSetContext);
    const loaded = loadConfig(process.env);
    const existing = loaded.config.contexts[args.name];
    const entry: ContextEntry = { ...existing };
    if (args.name === LOCAL_CONTEXT) {
      if (
        flags.server ||
        flags.token ||
        flags['token-file'] ||
        flags['ca-file'] ||
        flags['insecure-skip-tls-verify'] !== undefined
      )
        throw usageError('"local" is the built-in embedded control plane: only --namespace can be set', [
          `pick another name: riptides-cli config set-context team --server ${flags.server ?? 'https://HOST:PORT'} …`,
        ]);
    } else if (!existing && !flags.server) {
      throw usageError(`context "${args.name}" is new: --server is required`, [
        `riptides-cli config set-context ${args.name} --server https://127.0.0.1:7443 --token-file DATA/admin.token --ca-file DATA/ca.pem`,
      ]);
    }
    if (flags.server) entry.server = parseServerUrl(flags.server).href.replace(/\/$/, '');
    if (flags.token !== undefined) {
      entry.token = flags.token;
      delete entry.tokenFile;
    }
    if (flags['token-file']) {
      entry.tokenFile = existingFile(flags['token-file'], 'token-file');
      delete entry.token;
    }
    if (flags['ca-file']) entry.caFile = existingFile(flags['ca-file'], 'ca-file');
    if (flags.namespace) entry.namespace = flags.namespace;
    if (flags['insecure-skip-tls-verify'] !== undefined) {
      if (flags['insecure-skip-tls-verify']) entry.insecureSkipTlsVerify = true;
      else delete entry.insecureSkipTlsVerify;
    }
    saveConfig(loaded, {
      currentContext: flags.use ? args.name : undefined,
      contexts: { [args.name]: entry },
    });
    return {
      command: 'set-context',
      name: args.name,
      created: !existing,
      use: flags.use === true,
      insecure: entry.insecureSkipTlsVerify === true,
    };
  }

  protected override print(result: ConfigResult, options: PrintOptions): Printed {
    return printConfigResult(result, options.output);
  }
}
