/** ./watch-policy.test.ts again, with the PostgreSQL store on a real PostgreSQL started for this file. */
import { onPostgresForThisFile } from './harness';

onPostgresForThisFile();

require('./watch-policy.test');
