/**
 * A real PostgreSQL for tests and benchmarks: a temporary cluster (initdb) on a random 127.0.0.1
 * port, password authentication, stopped and removed afterwards. The server binaries come from
 * `pg_config --bindir` (Debian's postgresql package; .ci/run installs it when missing). initdb
 * refuses to run as root, so as root the cluster is created and run as the `postgres` user.
 * When PostgreSQL cannot be started this throws: PostgreSQL tests fail, they never skip.
 */
export interface TestPostgres {
  /** `postgres://riptides@127.0.0.1:PORT/riptides` (no password: pass `password` or PGPASSWORD). */
  url: string;
  password: string;
  port: number;
  /** A new empty database on the same server, as a URL. */
  createDatabase(name: string): string;
  stop(): void;
}

// The implementation is plain JavaScript so that the benchmarks (bench/replicas) share it.
const impl = require('./postgres-server') as { startPostgres(): Promise<TestPostgres> };

export const startPostgres = (): Promise<TestPostgres> => impl.startPostgres();
