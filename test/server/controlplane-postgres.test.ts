/**
 * The control-plane API tests of ./controlplane.test.ts (every route, auth, concurrency, dry runs,
 * batches, idempotency, paging, restarts, and the OpenAPI meta-test that every operation was
 * exercised with conforming responses), run again with the PostgreSQL store on a real PostgreSQL
 * started for this file.
 */
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { useHarnessPostgres } from './harness';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startPostgres();
  useHarnessPostgres(pg);
});
afterAll(() => {
  useHarnessPostgres(undefined);
  pg?.stop();
});

require('./controlplane.test');
