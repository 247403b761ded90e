/**
 * A test CA for SVID tests: a root (and optionally an intermediate) for a trust domain that issues
 * leaves with any SPIFFE rule broken on purpose, and JWT-SVIDs signed (or mis-signed) at will.
 * Everything is generated in memory per test run; only a few defect files are committed.
 */
import {
  createHmac,
  generateKeyPairSync,
  sign as cryptoSign,
  X509Certificate,
  type KeyObject,
  type webcrypto,
} from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(globalThis.crypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const subtle = globalThis.crypto.subtle;

export type LeafKeyType = 'EC' | 'RSA' | 'Ed25519' | 'RSA-1024';

const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

async function generateKeys(type: LeafKeyType): Promise<CryptoKeyPair> {
  switch (type) {
    case 'EC':
      return (await subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
    case 'RSA':
    case 'RSA-1024':
      return (await subtle.generateKey(
        {
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: type === 'RSA' ? 2048 : 1024,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        },
        true,
        ['sign', 'verify'],
      )) as CryptoKeyPair;
    case 'Ed25519':
      return (await subtle.generateKey({ name: 'Ed25519' }, true, [
        'sign',
        'verify',
      ])) as unknown as CryptoKeyPair;
  }
}

export interface Issuer {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  pem: string;
}

export interface LeafOptions {
  /** URI SANs; default [`spiffe://<td>/workload`]. */
  uris?: string[];
  dns?: string[];
  ca?: boolean;
  /** Omit the basic constraints extension. */
  noBasicConstraints?: boolean;
  /** Key usage flags (x509.KeyUsageFlags); `null` omits the extension. */
  keyUsage?: number | null;
  keyUsageCritical?: boolean;
  /** EKU OIDs; `null` omits the extension. */
  extKeyUsage?: string[] | null;
  notBefore?: Date;
  notAfter?: Date;
  keyType?: LeafKeyType;
  /** Sign with this issuer instead of the CA's issuing certificate. */
  issuer?: Issuer;
  /** Subject CN. */
  cn?: string;
  /** The whole subject DN ('' = an empty subject), instead of `CN=<cn>, O=riptides-test`. */
  subject?: string;
  /** Mark the subjectAltName extension critical (default true). */
  sanCritical?: boolean;
}

const HOUR = 3_600_000;

export const EKU_SERVER = '1.3.6.1.5.5.7.3.1';
export const EKU_CLIENT = '1.3.6.1.5.5.7.3.2';
export const KU = x509.KeyUsageFlags;

let serialCounter = 1;
const nextSerial = () => `7${(serialCounter++).toString(16).padStart(8, '0')}`;

export interface CaOptions {
  trustDomain?: string;
  intermediate?: boolean;
  /** Validity of the CA certificates around `now`. */
  now?: Date;
  /** Signing cert overrides to break signing-certificate rules. */
  intermediateOptions?: { ca?: boolean; keyUsage?: number; uris?: string[] };
  /** Root without the spiffe://<td> URI SAN (a bundle that does not name its trust domain). */
  anonymousRoot?: boolean;
}

export class TestCa {
  private constructor(
    readonly trustDomain: string,
    readonly root: Issuer,
    readonly intermediate: Issuer | undefined,
    readonly now: Date,
  ) {}

  static async create(options: CaOptions = {}): Promise<TestCa> {
    const td = options.trustDomain ?? 'example.com';
    const now = options.now ?? new Date();
    const rootKeys = await generateKeys('EC');
    const rootCert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: nextSerial(),
      name: `CN=${td} test root, O=riptides-test`,
      keys: rootKeys,
      notBefore: new Date(now.getTime() - 24 * HOUR),
      notAfter: new Date(now.getTime() + 365 * 24 * HOUR),
      signingAlgorithm: EC_ALG,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        ...(options.anonymousRoot
          ? []
          : [new x509.SubjectAlternativeNameExtension([{ type: 'url', value: `spiffe://${td}` }])]),
      ],
    });
    const root: Issuer = { cert: rootCert, keys: rootKeys, pem: rootCert.toString('pem') };
    let intermediate: Issuer | undefined;
    if (options.intermediate || options.intermediateOptions) {
      const o = options.intermediateOptions ?? {};
      const keys = await generateKeys('EC');
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: nextSerial(),
        subject: `CN=${td} test intermediate, O=riptides-test`,
        issuer: rootCert.subject,
        publicKey: keys.publicKey,
        signingKey: rootKeys.privateKey,
        notBefore: new Date(now.getTime() - 23 * HOUR),
        notAfter: new Date(now.getTime() + 180 * 24 * HOUR),
        signingAlgorithm: EC_ALG,
        extensions: [
          new x509.BasicConstraintsExtension(o.ca ?? true, 0, true),
          new x509.KeyUsagesExtension(
            o.keyUsage ?? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
            true,
          ),
          new x509.SubjectAlternativeNameExtension(
            (o.uris ?? [`spiffe://${td}`]).map((value) => ({ type: 'url' as const, value })),
          ),
        ],
      });
      intermediate = { cert, keys, pem: cert.toString('pem') };
    }
    return new TestCa(td, root, intermediate, now);
  }

  /** The certificate that signs leaves. */
  get issuing(): Issuer {
    return this.intermediate ?? this.root;
  }

  /** PEM bundle (the root). */
  get bundlePem(): string {
    return this.root.pem;
  }

  /** Issue a leaf; returns its PEM, the chain PEM (leaf + intermediate when there is one) and its keys. */
  async issueLeaf(
    options: LeafOptions = {},
  ): Promise<{ pem: string; chainPem: string; keys: CryptoKeyPair; cert: x509.X509Certificate }> {
    const issuer = options.issuer ?? this.issuing;
    const keys = await generateKeys(options.keyType ?? 'EC');
    const extensions: x509.Extension[] = [];
    if (!options.noBasicConstraints)
      extensions.push(new x509.BasicConstraintsExtension(options.ca ?? false, undefined, true));
    if (options.keyUsage !== null) {
      extensions.push(
        new x509.KeyUsagesExtension(
          options.keyUsage ?? x509.KeyUsageFlags.digitalSignature,
          options.keyUsageCritical ?? true,
        ),
      );
    }
    if (options.extKeyUsage !== null) {
      extensions.push(new x509.ExtendedKeyUsageExtension(options.extKeyUsage ?? [EKU_SERVER, EKU_CLIENT]));
    }
    const names = [
      ...(options.uris ?? [`spiffe://${this.trustDomain}/workload`]).map((value) => ({
        type: 'url' as const,
        value,
      })),
      ...(options.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
    ];
    if (names.length > 0)
      extensions.push(new x509.SubjectAlternativeNameExtension(names, options.sanCritical ?? true));
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: nextSerial(),
      subject: options.subject ?? `CN=${options.cn ?? 'workload'}, O=riptides-test`,
      issuer: issuer.cert.subject,
      publicKey: keys.publicKey,
      signingKey: issuer.keys.privateKey,
      notBefore: options.notBefore ?? new Date(this.now.getTime() - 60_000),
      notAfter: options.notAfter ?? new Date(this.now.getTime() + HOUR),
      signingAlgorithm: EC_ALG,
      extensions,
    });
    const pem = cert.toString('pem');
    const chainPem = issuer === this.intermediate ? `${pem}\n${this.intermediate.pem}\n` : `${pem}\n`;
    return { pem, chainPem, keys, cert };
  }
}

// ---------------------------------------------------------------- JWT-SVIDs

export interface JwtKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

export function createJwtKey(kid = 'test-key-1', type: 'EC' | 'RSA' = 'EC'): JwtKey {
  const { privateKey, publicKey } =
    type === 'EC'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'jwt-svid' } };
}

/** A SPIFFE bundle JSON with the CA's root as x509-svid key and the given JWT keys. */
export function spiffeBundleJson(
  ca: TestCa | undefined,
  jwtKeys: JwtKey[] = [],
  extra: Record<string, unknown> = {},
): string {
  const keys: Record<string, unknown>[] = [];
  if (ca) {
    const pub = createPrivateKeyless(ca);
    keys.push({ ...pub, use: 'x509-svid', x5c: [Buffer.from(ca.root.cert.rawData).toString('base64')] });
  }
  for (const k of jwtKeys) keys.push(k.publicJwk);
  return JSON.stringify({ keys, spiffe_sequence: 1, spiffe_refresh_hint: 300, ...extra });
}

function createPrivateKeyless(ca: TestCa): Record<string, unknown> {
  // The x509-svid JWK carries the CA public key too (RFC 7517 requires kty); derive it from the cert.
  return new X509Certificate(Buffer.from(ca.root.cert.rawData)).publicKey.export({ format: 'jwk' }) as Record<
    string,
    unknown
  >;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export interface TokenOptions {
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  /** Remove these header / claim names. */
  omitHeader?: string[];
  omitClaims?: string[];
  /** Sign as: ES256 (default) with the key, `none` (empty signature), `HS256` with a secret. */
  alg?: string;
  now?: Date;
}

/** Sign a JWT-SVID (or a broken one) with `key`. Defaults: ES256, kid, sub, aud ["test-aud"], exp +5 min. */
export function signJwt(key: JwtKey, trustDomain: string, options: TokenOptions = {}): string {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const alg = options.alg ?? (key.privateKey.asymmetricKeyType === 'rsa' ? 'RS256' : 'ES256');
  const header: Record<string, unknown> = { alg, kid: key.kid, typ: 'JWT', ...options.header };
  const claims: Record<string, unknown> = {
    sub: `spiffe://${trustDomain}/workload`,
    aud: ['test-aud'],
    exp: now + 300,
    iat: now,
    ...options.claims,
  };
  for (const k of options.omitHeader ?? []) delete header[k];
  for (const k of options.omitClaims ?? []) delete claims[k];
  const input = `${b64(header)}.${b64(claims)}`;
  let sig: Buffer;
  if (alg === 'none') sig = Buffer.alloc(0);
  else if (alg.startsWith('HS')) sig = createHmac('sha256', 'shared-secret').update(input).digest();
  else if (alg.startsWith('ES'))
    sig = cryptoSign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  else sig = cryptoSign('sha256', Buffer.from(input), key.privateKey);
  return `${input}.${sig.toString('base64url')}`;
}

/** A PKCS#10 CSR for a fresh key of `keyType` (what `svid issue` sends), with its keys. */
export async function createCsr(
  keyType: LeafKeyType = 'EC',
): Promise<{ csrPem: string; keys: CryptoKeyPair }> {
  const keys = await generateKeys(keyType);
  const signingAlgorithm =
    keyType === 'EC'
      ? EC_ALG
      : keyType === 'Ed25519'
        ? { name: 'Ed25519' }
        : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=ignored',
    keys,
    signingAlgorithm,
  });
  return { csrPem: csr.toString('pem'), keys };
}

/** The TestCa's issuing certificate as the control plane's issuer sees it. */
export function issuingAuthorityOf(ca: TestCa): {
  trustDomain: string;
  rootPem: string;
  issuerPem: string;
  issuerKey: CryptoKeyPair['privateKey'];
} {
  return {
    trustDomain: ca.trustDomain,
    rootPem: ca.root.pem,
    issuerPem: ca.issuing.pem,
    issuerKey: ca.issuing.keys.privateKey,
  };
}
