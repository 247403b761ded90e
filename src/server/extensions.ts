/**
 * Route plugins every control plane registers (served by `controlplane serve` and the embedded
 * `local` context alike). Add a plugin here to extend the API, e.g. the SVID issuance and bundle
 * routes: `(app, { store, getCertificateAuthority, trustDomain, now }) => { app.get(...) }`.
 * Keep heavy imports (x509, jose) inside the plugin's handlers so that in-process use stays fast.
 */
import type { ControlPlanePlugin } from './plugin';
import { svidRoutesPlugin } from './svid-routes';

export const defaultPlugins: ControlPlanePlugin[] = [svidRoutesPlugin];
