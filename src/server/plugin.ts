/**
 * What a route plugin of the control plane is and gets (src/server/extensions.ts lists them):
 * apart from src/server/index.ts so that plugins need not import the module that loads them.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { FastifyInstance } from 'fastify';
import type { CertificateAuthority } from './ca';
import type { Datastore, ResourceStore } from './store';

export interface ControlPlanePaths {
  dataDir: string;
  dbFile: string;
  /** The root CA certificate (trust anchor): what clients pass as --ca-file. Exists after the first listen() or CA use. */
  caFile: string;
  tokenFile: string;
}

/** What a plugin gets besides the fastify instance. */
export interface ControlPlaneContext {
  db: DatabaseSync;
  store: ResourceStore;
  datastore: Datastore;
  trustDomain: string;
  /** The JWT-SVID signing key shared by PostgreSQL replicas (PKCS#8 PEM); undefined: DATA's own. */
  jwtSigningKeyPem?: string;
  /** Lazy: loads @peculiar/x509 and creates the CA on first call. */
  getCertificateAuthority(): Promise<CertificateAuthority>;
  now: () => Date;
  paths: ControlPlanePaths;
}

/**
 * A route plugin (e.g. the SVID issuance and bundle routes). Every route needs the admin bearer token
 * unless it is declared with `config: { public: true }`. Throw `problemError(...)` (./problem) for
 * RFC 9457 answers.
 */
export type ControlPlanePlugin = (app: FastifyInstance, context: ControlPlaneContext) => void | Promise<void>;
