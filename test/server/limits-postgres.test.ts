/**
 * The bounds of ./limits.test.ts (batch cap, bounded error lists and answers, duplicates in one
 * batch, request guards, the canonical Idempotency-Key fingerprint and the bounded idempotency
 * storage) again with the PostgreSQL store on a real PostgreSQL started for this file.
 */
import { onPostgresForThisFile } from './harness';

onPostgresForThisFile();

require('./limits.test');
