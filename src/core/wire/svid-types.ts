/** Wire types of the SVID endpoints (SPEC §4), shared by `svid issue` / `svid inspect` and the server routes. */

export const SVIDS_PATH = '/v1/svids';
export const X509_SVIDS_PATH = '/v1/svids/x509';
export const JWT_SVIDS_PATH = '/v1/svids/jwt';
export const SPIFFE_BUNDLE_PATH = '/v1/bundle';

/** `POST /v1/svids/x509` */
export interface X509SvidRequest {
  /** PEM PKCS#10 certificate signing request; its subject and SANs are ignored. */
  csr: string;
  workloadID: string;
  /** Duration (`"1h"`, `"30m"`) or seconds; default 1 h, 1 minute to 7 days. */
  ttl?: string | number;
}

export interface X509SvidResponse {
  /** Leaf then issuing CA certificate, PEM. */
  svid: string;
  spiffeID: string;
  serial: string;
  notBefore: string;
  notAfter: string;
}

/** `POST /v1/svids/jwt` */
export interface JwtSvidRequest {
  workloadID: string;
  audience: string[] | string;
  /** Default 5 minutes, at most 24 hours. */
  ttl?: string | number;
}

export interface JwtSvidResponse {
  token: string;
  spiffeID: string;
  expiresAt: string;
}

/** One entry of `GET /v1/svids?workloadID=` (newest first; never a key). */
export interface IssuedSvid {
  type: 'x509' | 'jwt';
  workloadID: string;
  spiffeID: string;
  /** X.509: certificate serial (hex); JWT: `jti`. */
  serial?: string;
  notBefore: string;
  notAfter: string;
  issuedAt: string;
  /** X.509: the issued chain, PEM (leaf first). */
  certificate?: string;
  /** JWT: audiences. */
  audience?: string[];
}

export interface IssuedSvidList {
  items: IssuedSvid[];
}

/** `GET /v1/bundle`: the SPIFFE bundle (JWKS). */
export interface SpiffeBundleDocument {
  keys: Record<string, unknown>[];
  spiffe_sequence: number;
  spiffe_refresh_hint: number;
}
