/**
 * The bounds of ./limits.test.ts (batch cap, bounded error lists and answers, duplicates in one
 * batch, request guards, the canonical Idempotency-Key fingerprint and the bounded idempotency
 * storage) again with the PostgreSQL store on a real PostgreSQL started for this file.
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

require('./limits.test');
