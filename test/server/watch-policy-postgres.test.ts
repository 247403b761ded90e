/** ./watch-policy.test.ts again, with the PostgreSQL store on a real PostgreSQL started for this file. */
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

require('./watch-policy.test');
