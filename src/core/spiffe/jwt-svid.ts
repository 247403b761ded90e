/**
 * JWT-SVIDs: decoding the JWS compact serialization and checking every rule of the JWT-SVID standard
 * (allowed asymmetric `alg`, `typ`, `kid` among the bundle's jwt-svid keys, signature, `sub` a SPIFFE
 * ID of the bundle's trust domain, `aud`, `exp`, `nbf`, `iat`). Signatures are checked with node:crypto.
 */
import { constants, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import type { Finding } from '../findings';
import type { TrustBundle } from './bundle';
import { parseSpiffeId } from './id';
import { svidFinding } from './x509-svid';

export const ALLOWED_JWT_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
] as const;

/** JWT-SVID §2: "Any header not described here, registered or private, MUST NOT be included". */
const ALLOWED_JWT_HEADERS: ReadonlySet<string> = new Set(['alg', 'kid', 'typ']);

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: Buffer;
  signature: Buffer;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** True when the text has the shape of a compact JWS (three base64url parts, a JSON header). */
export function looksLikeJwt(text: string): boolean {
  const t = stripBearer(text.trim());
  const parts = t.split('.');
  return parts.length === 3 && parts.every((p) => B64URL.test(p)) && t.startsWith('eyJ');
}

export function stripBearer(text: string): string {
  return text.replace(/^Bearer\s+/i, '');
}

/** Decode a compact JWS; returns the problem as a finding instead of throwing. */
export function decodeJwt(token: string): { ok: true; jwt: DecodedJwt } | { ok: false; finding: Finding } {
  const t = stripBearer(token.trim());
  const parts = t.split('.');
  const bad = (message: string) => ({ ok: false as const, finding: svidFinding('RT4001', message) });
  if (parts.length !== 3) return bad(`a JWT has 3 dot-separated parts, this one has ${parts.length}`);
  if (!parts.every((p) => B64URL.test(p))) return bad('a JWT part contains characters outside base64url');
  const json = (part: string, what: string): Record<string, unknown> | string => {
    try {
      const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
      return typeof v === 'object' && v !== null && !Array.isArray(v)
        ? (v as Record<string, unknown>)
        : `the ${what} is not a JSON object`;
    } catch {
      return `the ${what} is not base64url-encoded JSON`;
    }
  };
  const header = json(parts[0], 'header');
  if (typeof header === 'string') return bad(header);
  const claims = json(parts[1], 'claims part');
  if (typeof claims === 'string') return bad(claims);
  return {
    ok: true,
    jwt: {
      header,
      claims,
      signingInput: Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'),
      signature: Buffer.from(parts[2], 'base64url'),
    },
  };
}

const EC_CURVE_FOR_ALG: Record<string, string> = {
  ES256: 'prime256v1',
  ES384: 'secp384r1',
  ES512: 'secp521r1',
};

/** Verify a JWS signature with node:crypto. Returns a reason when it does not verify. */
export function verifyJwsSignature(
  alg: string,
  key: KeyObject,
  signingInput: Buffer,
  signature: Buffer,
): string | undefined {
  const hash = `sha${alg.slice(2)}`;
  const type = key.asymmetricKeyType;
  try {
    if (alg.startsWith('ES')) {
      if (type !== 'ec') return `${alg} needs an EC key, the bundle key is ${type}`;
      if (key.asymmetricKeyDetails?.namedCurve !== EC_CURVE_FOR_ALG[alg]) {
        return `${alg} needs curve ${EC_CURVE_FOR_ALG[alg]}, the bundle key is on ${key.asymmetricKeyDetails?.namedCurve}`;
      }
      return cryptoVerify(hash, signingInput, { key, dsaEncoding: 'ieee-p1363' }, signature)
        ? undefined
        : 'the signature does not match';
    }
    if (type !== 'rsa' && type !== 'rsa-pss') return `${alg} needs an RSA key, the bundle key is ${type}`;
    if (alg.startsWith('PS')) {
      return cryptoVerify(
        hash,
        signingInput,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
        signature,
      )
        ? undefined
        : 'the signature does not match';
    }
    return cryptoVerify(hash, signingInput, key, signature) ? undefined : 'the signature does not match';
  } catch (err) {
    return `the signature cannot be checked: ${(err as Error).message}`;
  }
}

export interface JwtCheckOptions {
  now: Date;
  bundle?: TrustBundle;
  /** Trust domain when no bundle names one (--trust-domain). */
  trustDomain?: string;
  audience?: readonly string[];
  expectSpiffeId?: string;
  expiresWithinMs?: number;
  /** An unverified signature (RT4017) is an error instead of a warning. */
  requireVerified?: boolean;
}

const numericDate = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** Every JWT-SVID rule the token breaks, with the trust domain it was checked against. */
export function checkJwtSvid(jwt: DecodedJwt, options: JwtCheckOptions): Finding[] {
  const out: Finding[] = [];
  const { header, claims } = jwt;
  const nowSec = options.now.getTime() / 1000;
  const alg = typeof header.alg === 'string' ? header.alg : undefined;
  const algAllowed = alg !== undefined && (ALLOWED_JWT_ALGS as readonly string[]).includes(alg);
  if (!algAllowed) {
    const why =
      alg === undefined
        ? 'the header has no alg'
        : alg.toLowerCase() === 'none'
          ? 'alg "none" means the token is not signed'
          : /^HS/.test(alg)
            ? `alg ${alg} is HMAC with a shared secret, which proves nothing about the issuer`
            : `alg ${JSON.stringify(alg)} is not allowed`;
    out.push(
      svidFinding('RT4002', `${why}; allowed: ${ALLOWED_JWT_ALGS.join(', ')}`, { path: '/header/alg' }),
    );
  }
  if (header.typ !== undefined && header.typ !== 'JWT' && header.typ !== 'JOSE') {
    out.push(
      svidFinding('RT4003', `typ is ${JSON.stringify(header.typ)}; it must be JWT or JOSE when set`, {
        path: '/header/typ',
      }),
    );
  }
  const extra = Object.keys(header).filter((k) => !ALLOWED_JWT_HEADERS.has(k));
  if (extra.length > 0) {
    out.push(
      svidFinding(
        'RT4021',
        `the header has ${extra.map((k) => JSON.stringify(k)).join(', ')}; a JWT-SVID header may only hold alg, kid and typ`,
        { path: `/header/${extra[0]}` },
      ),
    );
  }
  const kid = typeof header.kid === 'string' && header.kid !== '' ? header.kid : undefined;
  if (!kid)
    out.push(
      svidFinding('RT4004', 'the header has no kid, so no bundle key can be chosen to verify it', {
        path: '/header/kid',
      }),
    );

  // Subject and trust domain.
  const sub = claims.sub;
  let subTd: string | undefined;
  if (sub === undefined)
    out.push(svidFinding('RT4007', 'the token has no sub claim', { path: '/claims/sub' }));
  else if (typeof sub !== 'string') {
    out.push(svidFinding('RT4008', `sub is ${JSON.stringify(sub)}, not a string`, { path: '/claims/sub' }));
  } else {
    const r = parseSpiffeId(sub);
    if (!r.ok) {
      out.push(
        svidFinding(
          'RT4008',
          `sub "${sub}" is not a SPIFFE ID: ${r.problems.map((p) => p.message).join('; ')}`,
          { path: '/claims/sub' },
        ),
      );
    } else subTd = r.value.trustDomain;
  }
  const bundleTd = options.bundle?.trustDomain ?? options.trustDomain;
  if (subTd && bundleTd && subTd !== bundleTd) {
    out.push(
      svidFinding('RT4009', `sub is in trust domain ${subTd}, but the bundle is for ${bundleTd}`, {
        path: '/claims/sub',
      }),
    );
  }
  if (options.expectSpiffeId !== undefined && sub !== options.expectSpiffeId) {
    out.push(
      svidFinding('RT4018', `sub is ${JSON.stringify(sub ?? null)}, expected ${options.expectSpiffeId}`, {
        path: '/claims/sub',
      }),
    );
  }

  // Signature against the bundle.
  const bundleMismatch = subTd !== undefined && bundleTd !== undefined && subTd !== bundleTd;
  if (!options.bundle || options.bundle.jwtAuthorities.length === 0) {
    out.push(
      svidFinding(
        'RT4017',
        options.bundle
          ? 'the bundle has no jwt-svid keys; the claims and header were checked, but not the signature (a forged token would pass)'
          : 'no trust bundle was given; the claims and header were checked, but not the signature (a forged token would pass)',
        options.requireVerified ? { severity: 'error' } : {},
      ),
    );
  } else if (kid && !bundleMismatch) {
    const authority = options.bundle.jwtAuthorities.find((a) => a.kid === kid);
    if (!authority) {
      out.push(
        svidFinding(
          'RT4005',
          `kid ${JSON.stringify(kid)} is not among the bundle's jwt-svid keys (${options.bundle.jwtAuthorities.map((a) => a.kid).join(', ')})`,
          {
            path: '/header/kid',
          },
        ),
      );
    } else if (algAllowed) {
      const why = verifyJwsSignature(alg!, authority.key, jwt.signingInput, jwt.signature);
      if (why)
        out.push(
          svidFinding('RT4006', `the signature does not verify with key ${kid}: ${why}`, {
            path: '/signature',
          }),
        );
    }
  }

  // Audience.
  const aud = claims.aud;
  const auds =
    typeof aud === 'string'
      ? [aud]
      : Array.isArray(aud)
        ? aud.filter((a): a is string => typeof a === 'string')
        : [];
  if (auds.length === 0 || (Array.isArray(aud) && auds.length !== aud.length)) {
    out.push(
      svidFinding(
        'RT4010',
        aud === undefined
          ? 'the token has no aud claim'
          : `aud is ${JSON.stringify(aud)}; it must be a string or a non-empty array of strings`,
        { path: '/claims/aud' },
      ),
    );
  } else {
    if (options.audience && options.audience.length > 0) {
      if (!options.audience.some((a) => auds.includes(a))) {
        out.push(
          svidFinding(
            'RT4011',
            `aud is ${JSON.stringify(auds)}, which does not contain ${options.audience.map((a) => JSON.stringify(a)).join(' or ')}`,
            {
              path: '/claims/aud',
            },
          ),
        );
      }
    } else {
      out.push(
        svidFinding('RT4012', 'no --audience was given; the aud claim was not checked', {
          path: '/claims/aud',
        }),
      );
    }
    if (auds.length > 1)
      out.push(svidFinding('RT4020', `the token has ${auds.length} audiences`, { path: '/claims/aud' }));
  }

  // Time claims.
  const exp = numericDate(claims.exp);
  if (exp === undefined) {
    out.push(
      svidFinding(
        'RT4013',
        claims.exp === undefined
          ? 'the token has no exp claim'
          : `exp is ${JSON.stringify(claims.exp)}, not a NumericDate`,
        { path: '/claims/exp' },
      ),
    );
  } else if (exp <= nowSec) {
    out.push(
      svidFinding('RT4014', `the token expired at ${new Date(exp * 1000).toISOString()}`, {
        path: '/claims/exp',
      }),
    );
  } else if (
    options.expiresWithinMs !== undefined &&
    exp * 1000 - options.now.getTime() < options.expiresWithinMs
  ) {
    out.push(
      svidFinding(
        'RT4019',
        `the token expires at ${new Date(exp * 1000).toISOString()}, within the requested window`,
        { path: '/claims/exp' },
      ),
    );
  }
  const nbf = numericDate(claims.nbf);
  if (nbf !== undefined && nbf > nowSec) {
    out.push(
      svidFinding('RT4015', `the token is valid only from ${new Date(nbf * 1000).toISOString()} (nbf)`, {
        path: '/claims/nbf',
      }),
    );
  }
  const iat = numericDate(claims.iat);
  if (iat !== undefined && iat > nowSec) {
    out.push(
      svidFinding(
        'RT4016',
        `the token was issued in the future, at ${new Date(iat * 1000).toISOString()} (iat)`,
        { path: '/claims/iat' },
      ),
    );
  }
  return out;
}
