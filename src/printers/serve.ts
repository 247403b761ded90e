/**
 * `controlplane serve`'s start-up banner: where it serves, the CA and token files, and the commands
 * that point a context (and a daemon) at it — text, or one JSON line (ControlPlaneEndpoint).
 */
import { renderJsonDocument } from './envelope';
import { toStdout, type Printed } from './printed';

export interface ServeResult {
  url: string;
  trustDomain: string;
  paths: { dataDir: string; caFile: string; tokenFile: string };
  /** With --datastore: whether this replica set the database up or joined it. */
  cluster?: 'created' | 'joined';
  /** The admin token, printed once by the replica that created it. */
  adminToken?: string;
  /** The --datastore URL without a password. */
  datastore?: string;
  /** `riptides-cli config set-context …` pointing at this control plane. */
  setContext: string;
  /** `riptides-cli controlplane daemon-token …` for this data directory. */
  daemonToken: string;
  /** Resolves when SIGINT/SIGTERM stopped the control plane. */
  stopped: Promise<void>;
}

export function printServeBanner(r: ServeResult, options: { output: string }): Printed {
  if (options.output === 'json') {
    const { dataDir, caFile, tokenFile } = r.paths;
    const cluster =
      r.cluster === undefined
        ? {}
        : { cluster: r.cluster, ...(r.cluster === 'created' ? { adminToken: r.adminToken } : {}) };
    return [
      toStdout(
        renderJsonDocument(
          'ControlPlaneEndpoint',
          {
            url: r.url,
            trustDomain: r.trustDomain,
            dataDir,
            caFile,
            ...(r.cluster === undefined ? { tokenFile } : {}),
            ...cluster,
            setContext: r.setContext,
            daemonToken: r.daemonToken,
          },
          { compact: true },
        ),
      ),
    ];
  }
  if (r.cluster !== undefined)
    return [
      toStdout(
        [
          `Riptides control plane serving ${r.url} (trust domain ${r.trustDomain})`,
          r.cluster === 'created'
            ? `  set up the datastore ${r.datastore ?? ''} (first replica)`
            : `  joined the replicas on ${r.datastore ?? ''}`,
          `  CA:    ${r.paths.caFile}`,
          ...(r.cluster === 'created'
            ? [
                `  admin token (shown once, only its hash is stored; save it in a file now):`,
                `  ${r.adminToken}`,
              ]
            : ['  admin token: the one the first replica printed']),
          '',
          'Point a context at it:',
          `  ${r.setContext}`,
          '',
          'Daemons (post flows, read policy, cannot write resources) get a token of their own, valid on every replica:',
          `  ${r.daemonToken}`,
          '',
          'Stop with Ctrl-C (SIGINT) or SIGTERM.',
        ].join('\n'),
      ),
    ];
  return [
    toStdout(
      [
        `Riptides control plane serving ${r.url} (trust domain ${r.trustDomain})`,
        `  data:  ${r.paths.dataDir}`,
        `  CA:    ${r.paths.caFile}`,
        `  token: ${r.paths.tokenFile}`,
        '',
        'Point a context at it:',
        `  ${r.setContext}`,
        '',
        'Daemons (post flows, read policy, cannot write resources) get a token of their own:',
        `  ${r.daemonToken}`,
        '',
        'Stop with Ctrl-C (SIGINT) or SIGTERM.',
      ].join('\n'),
    ),
  ];
}
