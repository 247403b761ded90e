/**
 * A real control plane for tests: a temporary data directory, HTTPS on 127.0.0.1 with port 0, and
 * an undici client that trusts the control plane's CA. Every response is checked against
 * schemas/openapi.yaml; a non-conforming response fails the request (and so the test).
 */
import { loadValidators } from '../../src/io/validators';
import fs from 'node:fs';
import { Agent, request as undiciRequest } from 'undici';
import { createControlPlane, type ControlPlane, type ControlPlaneOptions } from '../../src/server/index';
import { tempDir } from '../helpers/cli';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { loadOpenApiChecker } from './openapi-conformance';

/** Response bodies in tests are loosely typed JSON; the OpenAPI check is what holds them to the contract. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface HttpResult<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
  text: string;
}

export interface Harness {
  cp: ControlPlane;
  url: string;
  dataDir: string;
  /** Authenticated request (pass `token: null` for none, or another token). */
  call<T = Json>(
    method: string,
    path: string,
    options?: {
      body?: unknown;
      rawBody?: string;
      token?: string | null;
      headers?: Record<string, string>;
      /** false: the route is deliberately outside the OpenAPI document (unknown routes). */
      conform?: boolean;
    },
  ): Promise<HttpResult<T>>;
  close(): Promise<void>;
}

export const wi = (
  name: string,
  extra: {
    labels?: Record<string, string>;
    namespace?: string;
    workloadID?: string;
    resourceVersion?: string;
  } = {},
) => ({
  apiVersion: 'core.riptides.io/v1alpha1',
  kind: 'WorkloadIdentity',
  metadata: {
    name,
    ...(extra.namespace ? { namespace: extra.namespace } : {}),
    ...(extra.labels ? { labels: extra.labels } : {}),
    ...(extra.resourceVersion ? { resourceVersion: extra.resourceVersion } : {}),
  },
  spec: { workloadID: extra.workloadID ?? `myapp/${name}`, selectors: [{ 'process:name': name }] },
});

export const svc = (name: string, port = 443, labels: Record<string, string> = { app: name }) => ({
  apiVersion: 'core.riptides.io/v1alpha1',
  kind: 'Service',
  metadata: { name },
  spec: { addresses: [{ address: `${name}.example.com`, port }], labels },
});

let harnessPostgres: TestPostgres | undefined;
/** PostgreSQL databases by data directory: a restart on the same directory finds the same data. */
const databases = new Map<string, { url: string; token?: string }>();

/**
 * From now on, harnesses keep their data in `pg` (a new database per data directory) instead of
 * SQLite: the same tests then run against the PostgreSQL store (test/server/*-postgres.test.ts).
 */
export function useHarnessPostgres(pg: TestPostgres | undefined): void {
  harnessPostgres = pg;
}

/**
 * Call at the top of a `*-postgres.test.ts` file, before it requires the SQLite suite it reruns: a
 * real PostgreSQL is started for the file and every harness of the suite keeps its data there.
 */
export function onPostgresForThisFile(): void {
  let pg: TestPostgres | undefined;
  beforeAll(async () => {
    pg = await startPostgres();
    useHarnessPostgres(pg);
  });
  afterAll(() => {
    useHarnessPostgres(undefined);
    pg?.stop();
  });
}

export function harnessBackend(): 'sqlite' | 'postgres' {
  return harnessPostgres ? 'postgres' : 'sqlite';
}

export async function startHarness(
  options: Partial<ControlPlaneOptions> = {},
  dataDir = tempDir('riptides-cp-'),
): Promise<Harness> {
  let database: { url: string; token?: string } | undefined;
  if (harnessPostgres && options.datastore === undefined) {
    database = databases.get(dataDir);
    if (!database) {
      database = { url: harnessPostgres.createDatabase(`harness_${databases.size + 1}`) };
      databases.set(dataDir, database);
    }
  }
  const cp = await createControlPlane({
    dataDir,
    validators: loadValidators(),
    ...(database ? { datastore: database.url, datastorePassword: harnessPostgres?.password } : {}),
    ...options,
  });
  if (database) {
    // Only the token's hash is stored: a replica that joins does not know it; the client (this
    // harness, as an operator) keeps the one the first replica printed.
    if (cp.cluster === 'created') database.token = cp.adminToken;
    else Object.assign(cp, { adminToken: database.token });
  }
  const { url } = await cp.listen('127.0.0.1', 0);
  const ca = fs.readFileSync(cp.paths.caFile, 'utf8');
  const agent = new Agent({ connect: { ca }, connections: 8 });
  const checker = loadOpenApiChecker();
  return {
    cp,
    url,
    dataDir,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      const token = opts.token === undefined ? cp.adminToken : opts.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (opts.rawBody !== undefined) body = opts.rawBody;
      else if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await undiciRequest(url + path, {
        method: method as 'GET',
        headers,
        body,
        dispatcher: agent,
      });
      const text = await res.body.text();
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers))
        if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
      let parsed: unknown = text;
      if (/json/.test(flat['content-type'] ?? '')) parsed = JSON.parse(text);
      const problems =
        opts.conform === false
          ? []
          : checker.check(method, path, res.statusCode, flat['content-type'], parsed);
      if (problems.length > 0) {
        throw new Error(
          `response does not conform to schemas/openapi.yaml:\n  ${problems.join('\n  ')}\nbody: ${text.slice(0, 2000)}`,
        );
      }
      return { status: res.statusCode, headers: flat, body: parsed as never, text };
    },
    async close() {
      await agent.close();
      await cp.close();
    },
  };
}
