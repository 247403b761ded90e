/**
 * The control plane's JWT-SVID signing key: ES256 (P-256), created on first use under the data dir
 * (`DATA/jwt-signing-key.pem`, mode 0600) and reused; its `kid` is the RFC 7638 JWK thumbprint.
 * JWT-SVIDs are signed with `jose` (loaded only when a token is issued).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const JWT_KEY_FILE = 'jwt-signing-key.pem';
export const DEFAULT_JWT_TTL_MS = 5 * 60 * 1000;
export const MAX_JWT_TTL_MS = 24 * 60 * 60 * 1000;

export interface JwtSigningKey {
  kid: string;
  privateKey: KeyObject;
  /** The public JWK as published in the bundle (`use: jwt-svid`, `kid`, `alg: ES256`). */
  publicJwk: { kty: string; crv: string; x: string; y: string; kid: string; use: 'jwt-svid'; alg: 'ES256' };
}

function thumbprint(jwk: { crv: string; kty: string; x: string; y: string }): string {
  // RFC 7638: the required members in lexicographic order, no whitespace.
  const canonical = `{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}","y":"${jwk.y}"}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

function fromPrivateKey(privateKey: KeyObject): JwtSigningKey {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as {
    kty: string;
    crv: string;
    x: string;
    y: string;
  };
  const kid = thumbprint(jwk);
  return {
    kid,
    privateKey,
    publicJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid, use: 'jwt-svid', alg: 'ES256' },
  };
}

/** A signing key from its PKCS#8 PEM (the shared key of PostgreSQL replicas, kept in the database). */
export function jwtSigningKeyFromPem(pem: string): JwtSigningKey {
  return fromPrivateKey(createPrivateKey(pem));
}

/** A new signing key (ECDSA P-256) as PKCS#8 PEM. */
export function generateJwtSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
}

/** Load `DATA/jwt-signing-key.pem`, creating it on first use (a concurrent creator wins, we reuse theirs). */
export function loadOrCreateJwtSigningKey(dataDir: string): JwtSigningKey {
  const file = path.join(dataDir, JWT_KEY_FILE);
  try {
    return fromPrivateKey(createPrivateKey(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  try {
    fs.writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return fromPrivateKey(createPrivateKey(fs.readFileSync(file, 'utf8')));
    throw err;
  }
  return fromPrivateKey(privateKey);
}

export interface JwtIssueRequest {
  spiffeID: string;
  audience: string[];
  ttlMs?: number;
  now: Date;
}

/** Sign a JWT-SVID: header {alg ES256, kid, typ JWT}; claims sub, aud, exp, iat, jti. */
export async function signJwtSvid(
  key: JwtSigningKey,
  request: JwtIssueRequest,
): Promise<{ token: string; expiresAt: Date; jti: string }> {
  const { SignJWT } = require('jose') as typeof import('jose');
  const iat = Math.floor(request.now.getTime() / 1000);
  const exp = iat + Math.round((request.ttlMs ?? DEFAULT_JWT_TTL_MS) / 1000);
  const jti = randomUUID();
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setSubject(request.spiffeID)
    .setAudience(request.audience.length === 1 ? request.audience[0] : request.audience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(key.privateKey);
  return { token, expiresAt: new Date(exp * 1000), jti };
}
