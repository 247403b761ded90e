/** RT2xxx: cross-resource lint rules (one rule per file in src/core/lint/rules). */
import type { CatalogEntry } from './types';

export const ruleCodes: CatalogEntry[] = [];
