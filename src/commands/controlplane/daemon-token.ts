/** `controlplane daemon-token NAME`: mint a daemon token (posts flows, reads policy, cannot write resources). */
import fs from 'node:fs';
import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command';
import { ExitCode, RiptidesError, usageError } from '../../core/errors';
import { defaultServeDataDir } from './serve';
import { outputFlag } from '../../cli/flags';
import type { Printed } from '../../printers/printed';
import { printDaemonToken, type DaemonTokenResult } from '../../printers/small-commands';

export default class ControlplaneDaemonToken extends BaseCommand<DaemonTokenResult> {
  static override summary = 'Mint a daemon token: it may post flows and read policy, never write resources.';
  static override description = `Creates a bearer token for a Riptides daemon in the control plane's DATA directory (run it where controlplane serve keeps its data; the server may be running). Only the token's SHA-256 digest is stored. The token is written to a file (mode 0600), never printed: DATA/daemon-NAME.token unless --token-file says where.

With it a daemon can POST /v1/flows and GET resources and /v1/info; any other request is refused with 403. Point a context at it with config set-context NAME --token-file FILE.

Exit codes:
  0  the token file was written
  2  usage: a bad NAME, or the token file exists
  3  DATA cannot be opened
  70 internal error (a bug)`;
  static override examples = [
    '<%= config.bin %> controlplane daemon-token node-7 --data-dir ./cp-data',
    '<%= config.bin %> controlplane daemon-token node-7 --token-file /etc/riptides/daemon.token',
  ];
  static override args = {
    name: Args.string({
      description: 'Which daemon the token is for (letters, digits, . _ -).',
      required: true,
    }),
  };
  static override flags = {
    // Only the human format: every command takes -o text (README, "Output").
    output: outputFlag(['text'] as const, 'text'),
    'data-dir': Flags.string({
      description: 'The control plane data directory. [default: $XDG_DATA_HOME/riptides/controlplane]',
    }),
    'token-file': Flags.string({ description: 'Where to write the token (default DATA/daemon-NAME.token).' }),
  };

  async run(): Promise<DaemonTokenResult> {
    const { args, flags } = await this.parse(ControlplaneDaemonToken);
    this.debugMode = flags.debug === true;
    if (!/^[A-Za-z0-9._-]{1,128}$/.test(args.name))
      throw usageError(`daemon name "${args.name}": use 1–128 letters, digits, ".", "_" or "-"`);
    const dataDir = path.resolve(flags['data-dir'] ?? defaultServeDataDir());
    const file = path.resolve(flags['token-file'] ?? path.join(dataDir, `daemon-${args.name}.token`));
    if (fs.existsSync(file)) throw usageError(`${file} exists; remove it or pass another --token-file`);
    const dbFile = path.join(dataDir, 'controlplane.db');
    if (!fs.existsSync(dbFile))
      throw new RiptidesError(`no control plane data in ${dataDir}`, {
        code: 'data-dir-unusable',
        exitCode: ExitCode.UNAVAILABLE,
        suggestions: [
          'start it once with riptides-cli controlplane serve --data-dir DIR, or pass the right --data-dir',
        ],
      });
    const { openStore } = require('../../server/store') as typeof import('../../server/store');
    const { createDaemonToken } =
      require('../../server/flow-store') as typeof import('../../server/flow-store');
    const store = openStore(dbFile);
    try {
      const token = store.transaction(() => createDaemonToken(store.db, args.name, new Date()));
      fs.writeFileSync(file, token + '\n', { mode: 0o600, flag: 'wx' });
    } finally {
      store.close();
    }
    return { name: args.name, file };
  }

  protected override print(result: DaemonTokenResult): Printed {
    return printDaemonToken(result);
  }
}
