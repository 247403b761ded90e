/**
 * X.509-SVID issuance from a CSR with the trust domain's issuing CA (@peculiar/x509 builds and signs
 * the certificate): exactly one URI SAN, CA=false, keyUsage digitalSignature (critical), extKeyUsage
 * serverAuth + clientAuth, a random serial, a bounded TTL. The CSR's signature is verified and weak
 * keys are refused; the CSR's own subject and SANs are ignored — the control plane decides identity.
 */
import { constants, createPublicKey, randomBytes, verify as cryptoVerify, webcrypto } from 'node:crypto';
import 'reflect-metadata'; // the Reflect metadata API @peculiar/x509's dependency injection needs
import * as x509 from '@peculiar/x509';
import type { IssuanceReason } from '../core/catalog/issuance-codes';
import { DerError, readCsrDer, type CsrFields } from '../core/spiffe/der';
import { SIGNATURE_HASHES, splitPem } from '../core/spiffe/x509-svid';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** What issuance needs from the control plane's CA (src/server/ca.ts `CertificateAuthority`). */
export interface IssuingAuthority {
  trustDomain: string;
  rootPem: string;
  /** The issuing certificate (an intermediate under the root, or the root itself). */
  issuerPem: string;
  issuerKey: webcrypto.CryptoKey;
}

export const DEFAULT_X509_TTL_MS = 60 * 60 * 1000;
export const MIN_TTL_MS = 60 * 1000;
export const MAX_X509_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Backdating of notBefore, for verifiers whose clocks run slightly behind. */
export const BACKDATE_MS = 30 * 1000;

/**
 * Why a request cannot be served; routes send `code` as the `reason` of a 422 problem. The codes are
 * catalogued (src/core/catalog/issuance-codes.ts): each has a page, docs/codes/<code>.md.
 */
export class IssuanceError extends Error {
  constructor(
    readonly code: IssuanceReason,
    message: string,
  ) {
    super(message);
    this.name = 'IssuanceError';
  }
}

export interface X509IssueRequest {
  csrPem: string;
  spiffeID: string;
  ttlMs?: number;
  now: Date;
}

export interface IssuedX509Svid {
  /** Leaf then issuing certificate, PEM. */
  chainPem: string;
  leafPem: string;
  spiffeID: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

interface PreparedIssuer {
  cert: x509.X509Certificate;
  /** The extensions every leaf shares (built and DER-encoded once per CA). */
  fixedExtensions: x509.Extension[];
}
const prepared = new WeakMap<IssuingAuthority, Promise<PreparedIssuer>>();

function prepareIssuer(ca: IssuingAuthority): Promise<PreparedIssuer> {
  let p = prepared.get(ca);
  if (!p) {
    p = (async () => {
      const cert = new x509.X509Certificate(ca.issuerPem);
      return {
        cert,
        fixedExtensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([
            x509.ExtendedKeyUsage.serverAuth,
            x509.ExtendedKeyUsage.clientAuth,
          ]),
          await x509.AuthorityKeyIdentifierExtension.create(cert.publicKey),
        ],
      };
    })();
    prepared.set(ca, p);
  }
  return p;
}

/** A weak or unusual key type, or undefined when the key is acceptable. */
export function weakKeyReason(spkiDer: Uint8Array): string | undefined {
  const key = createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
  const d = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ec':
      return ['prime256v1', 'secp384r1', 'secp521r1'].includes(d.namedCurve ?? '')
        ? undefined
        : `EC curve ${d.namedCurve} is not P-256, P-384 or P-521`;
    case 'rsa':
      return (d.modulusLength ?? 0) >= 2048
        ? undefined
        : `an RSA key of ${d.modulusLength} bits is shorter than 2048`;
    case 'ed25519':
      return undefined;
    default:
      return `${key.asymmetricKeyType} keys are not accepted (use EC P-256, RSA ≥ 2048 or Ed25519)`;
  }
}

/**
 * The largest CSR accepted, in characters of PEM or base64 text. A PKCS#10 request for an RSA 4096
 * key is under 2 KB; the cap keeps parsing bounded whatever the body size (docs/limits.md).
 */
export const MAX_CSR_CHARS = 64 * 1024;

/** The CSR from PEM (or base64 DER) text. */
function readCsr(text: string): CsrFields {
  if (text.length > MAX_CSR_CHARS) {
    throw new IssuanceError(
      'invalid-csr',
      `the CSR is ${text.length} characters; at most ${MAX_CSR_CHARS} are accepted (a PKCS#10 request is a few KB)`,
    );
  }
  const block = splitPem(text).find(
    (b) => b.label === 'CERTIFICATE REQUEST' || b.label === 'NEW CERTIFICATE REQUEST',
  );
  let der: Buffer;
  if (block) der = block.der;
  else {
    const b64 = text.replace(/\s+/g, '');
    if (text.includes('-----BEGIN ') || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
      throw new IssuanceError(
        'invalid-csr',
        'the CSR is not a PEM (BEGIN … END CERTIFICATE REQUEST) or base64 DER PKCS#10 request',
      );
    }
    der = Buffer.from(b64, 'base64');
  }
  try {
    return readCsrDer(der);
  } catch (err) {
    const why = err instanceof DerError ? err.message : String(err);
    throw new IssuanceError('invalid-csr', `the CSR is not a PKCS#10 request: ${why}`);
  }
}

/** Proof of possession: the CSR is signed by the key it asks to certify (node:crypto, no x509 parsing). */
function verifyCsrSignature(csr: CsrFields): boolean {
  if (!(csr.signatureOid in SIGNATURE_HASHES)) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(csr.spkiDer), format: 'der', type: 'spki' });
    const hash = SIGNATURE_HASHES[csr.signatureOid];
    return cryptoVerify(
      hash,
      csr.criDer,
      key.asymmetricKeyType === 'rsa' ? { key, padding: constants.RSA_PKCS1_PADDING } : key,
      csr.signature,
    );
  } catch {
    return false;
  }
}

/** A positive 128-bit serial (RFC 5280: ≤ 20 octets, positive). */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  if (bytes[0] === 0) bytes[0] = 0x01;
  return bytes.toString('hex');
}

export async function issueX509Svid(
  ca: IssuingAuthority,
  request: X509IssueRequest,
): Promise<IssuedX509Svid> {
  const ttl = request.ttlMs ?? DEFAULT_X509_TTL_MS;
  if (!Number.isFinite(ttl) || ttl < MIN_TTL_MS || ttl > MAX_X509_TTL_MS) {
    throw new IssuanceError(
      'invalid-ttl',
      `ttl must be between 1 minute and 7 days (got ${Math.round(ttl / 1000)} s)`,
    );
  }
  const csr = readCsr(request.csrPem);
  const weak = (() => {
    try {
      return weakKeyReason(csr.spkiDer);
    } catch (err) {
      return `the CSR public key cannot be read: ${(err as Error).message}`;
    }
  })();
  if (weak) throw new IssuanceError('csr-weak-key', weak);
  if (!verifyCsrSignature(csr)) {
    throw new IssuanceError('csr-signature-invalid', 'the CSR signature does not verify with its public key');
  }

  const issuer = await prepareIssuer(ca);
  const notBefore = new Date(request.now.getTime() - BACKDATE_MS);
  let notAfter = new Date(request.now.getTime() + ttl);
  if (notAfter > issuer.cert.notAfter) notAfter = issuer.cert.notAfter;
  const serial = randomSerial();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: 'O=Riptides',
    issuer: issuer.cert.subjectName,
    notBefore,
    notAfter,
    publicKey: new x509.PublicKey(Buffer.from(csr.spkiDer)),
    signingKey: ca.issuerKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      ...issuer.fixedExtensions,
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: request.spiffeID }]),
    ],
  });
  const leafPem = cert.toString('pem');
  return {
    chainPem: `${leafPem}\n${issuer.cert.toString('pem')}\n`,
    leafPem,
    spiffeID: request.spiffeID,
    serial,
    notBefore,
    notAfter,
  };
}
