/** RT1xxx: YAML syntax, document structure and JSON Schema findings (owned by the loader and `validate`). */
import type { CatalogEntry } from './types';

export const manifestCodes: CatalogEntry[] = [];
