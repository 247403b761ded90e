/**
 * The control-plane API tests of ./controlplane.test.ts (every route, auth, concurrency, dry runs,
 * batches, idempotency, paging, restarts, and the OpenAPI meta-test that every operation was
 * exercised with conforming responses), run again with the PostgreSQL store on a real PostgreSQL
 * started for this file.
 */
import { onPostgresForThisFile } from './harness';

onPostgresForThisFile();

require('./controlplane.test');
