/**
 * What the svid commands ask the control plane: its trust bundle (`GET /v1/bundle`), the newest SVID
 * issued for a workload (`GET /v1/svids`), and issuance (`POST /v1/svids/x509|jwt`). `svid inspect`
 * only contacts a control plane that exists: a configured remote context, or the embedded `local`
 * one once it has a CA — inspecting a file never creates a control plane as a side effect.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  JWT_SVIDS_PATH,
  SPIFFE_BUNDLE_PATH,
  SVIDS_PATH,
  X509_SVIDS_PATH,
  type IssuedSvidList,
  type JwtSvidRequest,
  type JwtSvidResponse,
  type X509SvidRequest,
  type X509SvidResponse,
} from '../core/wire/svid-types';
import { ExitCode, RiptidesError } from '../core/errors';
import { parseTrustBundle, type TrustBundle } from '../core/spiffe/bundle';
import type { ConnectionFlagValues, Connection } from './context';

type Context = typeof import('./context');
const context = () => require('./context') as Context;

/** True when a control plane is configured or already exists locally (so asking it costs no side effect). */
export function hasControlPlane(flags: ConnectionFlagValues, env: NodeJS.ProcessEnv = process.env): boolean {
  const { loadConfig, currentContextName, localDataDir } = context();
  const loaded = loadConfig(env);
  const name = currentContextName(loaded.config, env, flags.context);
  if (flags.server || env.RIPTIDES_SERVER || loaded.config.contexts[name]?.server) return true;
  return fs.existsSync(path.join(localDataDir(env), 'ca.pem'));
}

export async function withConnection<T>(
  flags: ConnectionFlagValues,
  fn: (c: Connection) => Promise<T>,
): Promise<T> {
  const connection = await context().resolveConnection(flags);
  try {
    return await fn(connection);
  } finally {
    await connection.client.close();
  }
}

/** The trust bundle the control plane serves, parsed (its trust domain from the root's SPIFFE ID, or `trustDomain`). */
export async function fetchTrustBundle(
  c: Connection,
  trustDomain?: string,
): Promise<{ bundle: TrustBundle; json: string }> {
  const res = await c.client.request<unknown>('GET', SPIFFE_BUNDLE_PATH);
  // Not output: the bundle parser reads JSON text (as from a file), and bundle.pem is written from it.
  // eslint-disable-next-line no-restricted-syntax
  const json = JSON.stringify(res.body);
  return {
    bundle: parseTrustBundle(json, { trustDomain, file: `${c.context.name} (GET ${SPIFFE_BUNDLE_PATH})` }),
    json,
  };
}

/** The newest X.509-SVID chain issued for `workloadID`. */
export async function fetchNewestSvid(
  c: Connection,
  workloadID: string,
): Promise<{ pem: string; serial?: string }> {
  const res = await c.client.request<IssuedSvidList>('GET', SVIDS_PATH, {
    query: { workloadID, type: 'x509', limit: '1' },
  });
  const item = res.body.items[0];
  if (!item?.certificate) {
    throw new RiptidesError(
      `the control plane (${c.context.name}) has issued no X.509-SVID for workload ${workloadID}`,
      {
        code: 'no-svid',
        exitCode: ExitCode.FINDINGS,
        suggestions: [`riptides-cli svid issue --workload ${workloadID}`],
      },
    );
  }
  return { pem: item.certificate, serial: item.serial };
}

export async function requestX509Svid(c: Connection, body: X509SvidRequest): Promise<X509SvidResponse> {
  return (await c.client.request<X509SvidResponse>('POST', X509_SVIDS_PATH, { body })).body;
}

export async function requestJwtSvid(c: Connection, body: JwtSvidRequest): Promise<JwtSvidResponse> {
  return (await c.client.request<JwtSvidResponse>('POST', JWT_SVIDS_PATH, { body })).body;
}
