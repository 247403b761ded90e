/** RT3xxx X.509-SVID, RT4xxx JWT-SVID and trust-bundle findings (owned by `svid inspect`). */
import type { CatalogEntry } from './types';

export const svidCodes: CatalogEntry[] = [];
