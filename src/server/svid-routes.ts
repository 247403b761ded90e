/**
 * The SVID routes of the control plane, as a fastify plugin over a small deps interface:
 * `POST /v1/svids/x509` (CSR → X.509-SVID chain), `POST /v1/svids/jwt` (→ JWT-SVID),
 * `GET /v1/svids?workloadID=` (issued SVIDs, newest first, never keys) and the unauthenticated
 * `GET /v1/bundle` (SPIFFE bundle: x509-svid root(s) with x5c, jwt-svid key with kid).
 * x509 / jose load on first issuance, so the routes cost nothing until used.
 */
import { X509Certificate } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  JWT_SVIDS_PATH,
  SPIFFE_BUNDLE_PATH,
  SVIDS_PATH,
  X509_SVIDS_PATH,
  type IssuedSvid,
  type IssuedSvidList,
  type JwtSvidResponse,
  type SpiffeBundleDocument,
  type X509SvidResponse,
} from '../core/wire/svid-types';
import type { IssuanceReason } from '../core/catalog/issuance-codes';
import { parseDuration } from '../core/spiffe/duration';
import { checkWorkloadPath, spiffeIdFor } from '../core/spiffe/id';
import type { ControlPlanePlugin } from './plugin';
import type { JwtSigningKey } from './jwt-keys';
import { makeProblem, sendProblem } from './problem';
import { rfc3339, type IssuedSvidRecord } from './store';
import type { IssuingAuthority } from './svid-issuer';

export interface SvidRecords {
  record(svid: IssuedSvidRecord): number | Promise<number>;
  /** Newest first; every workload when `workloadID` is undefined. */
  list(workloadID: string | undefined, limit: number): IssuedSvidRecord[] | Promise<IssuedSvidRecord[]>;
}

export interface SvidRouteDeps {
  trustDomain: string;
  /** The data directory (the JWT signing key lives there). */
  dataDir: string;
  getCa(): Promise<IssuingAuthority>;
  /** `namespace/name` of every applied WorkloadIdentity with this `spec.workloadID`. */
  findWorkloadIdentity(workloadID: string): string[] | Promise<string[]>;
  records: SvidRecords;
  now(): Date;
  /** The JWT signing key when it is not DATA's (PostgreSQL replicas share one from the database). */
  jwtSigningKeyPem?: string;
  /** Seconds consumers should wait between bundle refreshes (default 300). */
  refreshHintSeconds?: number;
}

class SvidProblem extends Error {
  constructor(
    readonly code: 'bad-request' | 'not-found' | 'invalid',
    readonly detail: string,
    readonly errors: { pointer: string; message: string }[] = [],
    /** `reason`: why an SVID request was refused (catalogued: src/core/catalog/issuance-codes.ts). */
    readonly extensions: { reason?: IssuanceReason } = {},
  ) {
    super(detail);
  }
}

function replyProblem(reply: FastifyReply, p: SvidProblem): FastifyReply {
  return sendProblem(reply, makeProblem(p.code, p.detail, { errors: p.errors }), p.extensions);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function bodyOf(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw new SvidProblem('bad-request', 'the request body must be a JSON object');
  return body;
}

const MAX_WORKLOAD_ID_LENGTH = 2037;

/** The workloadID of a request, checked, with the identities that own it. */
async function resolveWorkload(
  deps: SvidRouteDeps,
  body: Record<string, unknown>,
): Promise<{ workloadID: string; spiffeID: string }> {
  const workloadID = body.workloadID;
  if (typeof workloadID !== 'string') {
    throw new SvidProblem('invalid', 'workloadID is required', [
      { pointer: '/workloadID', message: 'a string such as "myapp/frontend"' },
    ]);
  }
  const problems = checkWorkloadPath(workloadID);
  // schemas/defs.schema.json#/$defs/workloadID: a SPIFFE ID is at most 2048 bytes.
  if (workloadID.length > MAX_WORKLOAD_ID_LENGTH)
    problems.push({ code: 'too-long', message: `longer than ${MAX_WORKLOAD_ID_LENGTH} characters` });
  if (problems.length) {
    throw new SvidProblem(
      'invalid',
      `workloadID ${JSON.stringify(workloadID)} is not a SPIFFE path`,
      problems.map((p) => ({ pointer: '/workloadID', message: p.message })),
    );
  }
  if ((await deps.findWorkloadIdentity(workloadID)).length === 0) {
    throw new SvidProblem(
      'not-found',
      `no applied WorkloadIdentity has workloadID ${JSON.stringify(workloadID)}; apply one first (riptides-cli ctl apply -f …)`,
      [{ pointer: '/workloadID', message: 'no WorkloadIdentity with this workloadID' }],
    );
  }
  return { workloadID, spiffeID: spiffeIdFor(deps.trustDomain, workloadID) };
}

function ttlOf(body: Record<string, unknown>): number | undefined {
  const ttl = body.ttl;
  if (ttl === undefined) return undefined;
  if (typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0) return ttl * 1000;
  if (typeof ttl === 'string') {
    const d = parseDuration(ttl);
    if (d.ok) return d.ms;
  }
  throw new SvidProblem(
    'invalid',
    `ttl ${JSON.stringify(ttl)} is not a duration`,
    [{ pointer: '/ttl', message: 'a duration such as "1h" or "30m", or a number of seconds' }],
    { reason: 'invalid-ttl' },
  );
}

function toWire(r: IssuedSvidRecord): IssuedSvid {
  return {
    type: r.type,
    workloadID: r.workloadID,
    spiffeID: r.spiffeID,
    ...(r.serial ? { serial: r.serial } : {}),
    notBefore: r.notBefore,
    notAfter: r.notAfter,
    issuedAt: r.issuedAt ?? r.notBefore,
    ...(r.certificatePem ? { certificate: r.certificatePem } : {}),
    ...(r.audience ? { audience: r.audience } : {}),
  };
}

/** The SPIFFE bundle of the trust domain: the root as x509-svid key, the JWT key as jwt-svid key. */
export function buildSpiffeBundle(
  ca: IssuingAuthority,
  jwtKey: JwtSigningKey,
  refreshHint = 300,
): SpiffeBundleDocument {
  const root = new X509Certificate(ca.rootPem);
  const rootJwk = root.publicKey.export({ format: 'jwk' });
  return {
    keys: [{ ...rootJwk, use: 'x509-svid', x5c: [root.raw.toString('base64')] }, { ...jwtKey.publicJwk }],
    // One root and one JWT key that never rotate yet: the sequence changes only when they do.
    spiffe_sequence: 1,
    spiffe_refresh_hint: refreshHint,
  };
}

/** Register the SVID routes on `app`. */
export function registerSvidRoutes(app: FastifyInstance, deps: SvidRouteDeps): void {
  let jwtKey: JwtSigningKey | undefined;
  const getJwtKey = () => {
    if (!jwtKey) {
      const keys = require('./jwt-keys') as typeof import('./jwt-keys');
      jwtKey =
        deps.jwtSigningKeyPem !== undefined
          ? keys.jwtSigningKeyFromPem(deps.jwtSigningKeyPem)
          : keys.loadOrCreateJwtSigningKey(deps.dataDir);
    }
    return jwtKey;
  };
  const handle =
    <T>(fn: (body: unknown, query: Record<string, unknown>, reply: FastifyReply) => Promise<T>) =>
    async (request: { body: unknown; query: unknown }, reply: FastifyReply) => {
      try {
        return await fn(request.body, (request.query ?? {}) as Record<string, unknown>, reply);
      } catch (err) {
        if (err instanceof SvidProblem) return replyProblem(reply, err);
        throw err;
      }
    };

  app.post(
    X509_SVIDS_PATH,
    handle(async (raw, _q, reply) => {
      const body = bodyOf(raw);
      const { workloadID, spiffeID } = await resolveWorkload(deps, body);
      if (typeof body.csr !== 'string' || body.csr.trim() === '') {
        throw new SvidProblem('invalid', 'csr is required', [
          { pointer: '/csr', message: 'a PEM certificate signing request' },
        ]);
      }
      const ttlMs = ttlOf(body);
      const { issueX509Svid, IssuanceError } = require('./svid-issuer') as typeof import('./svid-issuer');
      let issued;
      try {
        issued = await issueX509Svid(await deps.getCa(), {
          csrPem: body.csr,
          spiffeID,
          ttlMs,
          now: deps.now(),
        });
      } catch (err) {
        if (err instanceof IssuanceError) {
          const pointer = err.code === 'invalid-ttl' ? '/ttl' : '/csr';
          throw new SvidProblem('invalid', err.message, [{ pointer, message: err.message }], {
            reason: err.code,
          });
        }
        throw err;
      }
      const notBefore = rfc3339(issued.notBefore);
      const notAfter = rfc3339(issued.notAfter);
      await deps.records.record({
        type: 'x509',
        workloadID,
        spiffeID,
        serial: issued.serial,
        notBefore,
        notAfter,
        certificatePem: issued.chainPem,
        issuedAt: rfc3339(deps.now()),
      });
      const response: X509SvidResponse = {
        svid: issued.chainPem,
        spiffeID,
        serial: issued.serial,
        notBefore,
        notAfter,
      };
      return reply.code(201).send(response);
    }),
  );

  app.post(
    JWT_SVIDS_PATH,
    handle(async (raw, _q, reply) => {
      const body = bodyOf(raw);
      const { workloadID, spiffeID } = await resolveWorkload(deps, body);
      const aud = typeof body.audience === 'string' ? [body.audience] : body.audience;
      if (!Array.isArray(aud) || aud.length === 0 || !aud.every((a) => typeof a === 'string' && a !== '')) {
        throw new SvidProblem('invalid', 'audience is required: one or more non-empty strings', [
          { pointer: '/audience', message: 'e.g. ["billing"]' },
        ]);
      }
      const { signJwtSvid, MAX_JWT_TTL_MS } = require('./jwt-keys') as typeof import('./jwt-keys');
      const ttlMs = ttlOf(body);
      if (ttlMs !== undefined && (ttlMs < 1000 || ttlMs > MAX_JWT_TTL_MS)) {
        throw new SvidProblem(
          'invalid',
          'ttl must be between 1 second and 24 hours',
          [{ pointer: '/ttl', message: 'out of range' }],
          { reason: 'invalid-ttl' },
        );
      }
      const now = deps.now();
      const { token, expiresAt, jti } = await signJwtSvid(getJwtKey(), {
        spiffeID,
        audience: aud as string[],
        ttlMs,
        now,
      });
      await deps.records.record({
        type: 'jwt',
        workloadID,
        spiffeID,
        serial: jti,
        notBefore: rfc3339(now),
        notAfter: rfc3339(expiresAt),
        audience: aud as string[],
        issuedAt: rfc3339(now),
      });
      const response: JwtSvidResponse = { token, spiffeID, expiresAt: rfc3339(expiresAt) };
      return reply.code(201).send(response);
    }),
  );

  app.get(
    SVIDS_PATH,
    handle(async (_b, query) => {
      const workloadID =
        typeof query.workloadID === 'string' && query.workloadID !== '' ? query.workloadID : undefined;
      if (
        workloadID !== undefined &&
        (workloadID.length > MAX_WORKLOAD_ID_LENGTH || checkWorkloadPath(workloadID).length > 0)
      ) {
        throw new SvidProblem(
          'bad-request',
          `workloadID ${JSON.stringify(workloadID.slice(0, 80))} is not a SPIFFE path`,
          [
            {
              pointer: '/workloadID',
              message: 'a SPIFFE path without the leading "/", such as myapp/frontend',
            },
          ],
        );
      }
      // Digits only: Number() would also take "1e3", "0x10", "+5" and " 7".
      const limit =
        query.limit === undefined
          ? 100
          : /^[0-9]{1,4}$/.test(String(query.limit))
            ? Number(query.limit)
            : NaN;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw new SvidProblem('bad-request', 'limit must be an integer from 1 to 1000', [
          { pointer: '/limit', message: 'out of range' },
        ]);
      }
      const type = query.type;
      if (type !== undefined && type !== 'x509' && type !== 'jwt') {
        throw new SvidProblem('bad-request', 'type must be x509 or jwt', [
          { pointer: '/type', message: 'x509 or jwt' },
        ]);
      }
      const items = (await deps.records.list(workloadID, type === undefined ? limit : 1000))
        .filter((r) => type === undefined || r.type === type)
        .slice(0, limit)
        .map(toWire);
      const list: IssuedSvidList = { items };
      return list;
    }),
  );

  app.get(SPIFFE_BUNDLE_PATH, { config: { public: true } }, async (_request, reply) => {
    const bundle = buildSpiffeBundle(await deps.getCa(), getJwtKey(), deps.refreshHintSeconds ?? 300);
    return reply.header('cache-control', `max-age=${deps.refreshHintSeconds ?? 300}`).send(bundle);
  });
}

/** The SVID routes as a control-plane plugin (registered in src/server/extensions.ts). */
export const svidRoutesPlugin: ControlPlanePlugin = (app, context) => {
  const { datastore } = context;
  registerSvidRoutes(app, {
    trustDomain: context.trustDomain,
    dataDir: context.paths.dataDir,
    getCa: () => context.getCertificateAuthority(),
    findWorkloadIdentity: async (workloadID) =>
      (await datastore.findWorkloadIdentitiesByWorkloadId(workloadID)).map(
        (r) => `${r.metadata.namespace ?? 'riptides-system'}/${r.metadata.name}`,
      ),
    records: {
      record: (svid) => datastore.recordIssuedSvid(svid),
      list: (workloadID, limit) => datastore.listIssuedSvids(workloadID, limit),
    },
    now: context.now,
    jwtSigningKeyPem: context.jwtSigningKeyPem,
  });
};
