/**
 * The flows API tests of ./flows.test.ts (batches, per-item errors with the good records kept,
 * filters, paging, the retention window, daemon tokens and their 403s, the OpenAPI check) run again
 * with the PostgreSQL store on a real PostgreSQL started for this file.
 */
import { onPostgresForThisFile } from './harness';

onPostgresForThisFile();

require('./flows.test');
