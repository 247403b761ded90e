/** Query parameters shared by the write routes. */
import { problemError } from '../problem';

/** `?dryRun=All` (the only value, as in Kubernetes) → true; absent → false; anything else → 400. */
export function parseDryRun(value: string | string[] | undefined): boolean {
  if (value === undefined) return false;
  if (value === 'All') return true;
  throw problemError(
    'bad-request',
    `dryRun must be "All" (validate and report, store nothing), got "${String(value)}"`,
  );
}
