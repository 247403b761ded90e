/** `explain connection -o json`: the SPEC §3 shape (docs/explain.md). */
import { connectionResultToJson } from '../core/policy/json';
import type { ConnectionResult } from '../core/policy/types';

export function printExplainJson(r: ConnectionResult): string {
  return JSON.stringify(connectionResultToJson(r), null, 2) + '\n';
}
