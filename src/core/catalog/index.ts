/**
 * The one catalog of finding codes. Each area keeps its entries in its own file; this module joins
 * them and is what printers, `--list-rules` and the meta-tests read.
 */
import { manifestCodes } from './manifest-codes';
import { ruleCodes } from './rule-codes';
import { svidCodes } from './svid-codes';
import type { CatalogEntry } from './types';

export type { CatalogArea, CatalogEntry } from './types';

// Codes are ASCII (RT1001): code-unit order is their order, and it spares every command that loads
// the catalog the ICU collator set-up (≈ 8 ms of CPU) that localeCompare costs on its first call.
export const catalog: readonly CatalogEntry[] = [...manifestCodes, ...ruleCodes, ...svidCodes].sort((a, b) =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
);

const byCode = new Map(catalog.map((e) => [e.code, e]));

export function lookupCode(code: string): CatalogEntry | undefined {
  return byCode.get(code);
}

/** The catalog entry for `code`; throws for an unknown code (a bug: every finding must be catalogued). */
export function catalogEntry(code: string): CatalogEntry {
  const entry = byCode.get(code);
  if (!entry) throw new Error(`finding code ${code} is not in the catalog`);
  return entry;
}
