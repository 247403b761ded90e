/** One entry of the diagnostic catalog. Codes are stable: never renumbered, never reused. */
import type { Severity } from '../findings';

export type CatalogArea = 'manifest' | 'rule' | 'x509-svid' | 'jwt-svid' | 'bundle';

export interface CatalogEntry {
  /** `RT1xxx` manifest & schema, `RT2xxx` cross-resource rules, `RT3xxx` X.509-SVID, `RT4xxx` JWT-SVID & bundles. */
  code: string;
  /** kebab-case name, e.g. `unknown-field`. */
  name: string;
  area: CatalogArea;
  /** Default severity. */
  severity: Severity;
  /** One line: what the finding means. */
  title: string;
  /** Path of the page that explains it, relative to the repository root. */
  docs: string;
}
