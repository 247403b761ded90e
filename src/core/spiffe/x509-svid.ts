/**
 * X.509 certificates as the SVID verifier sees them: PEM/DER decoding into `ParsedCertificate`s
 * (node:crypto's X509Certificate for signatures and fingerprints, `der.ts` for the extensions it does
 * not expose) and the per-certificate SPIFFE rules of the X509-SVID standard, each failure a finding.
 */
import {
  constants,
  createHash,
  createPublicKey,
  verify as cryptoVerify,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { svidCodeDetails } from '../catalog/svid-codes';
import type { Finding, Severity } from '../findings';
import { lookupCode } from '../catalog';
import { readCertificateDer, type CertificateFields } from './der';
import { parseSpiffeId } from './id';

export interface KeyInfo {
  /** `EC`, `RSA`, `RSA-PSS`, `Ed25519`, `Ed448` … */
  type: string;
  /** Key size in bits (RSA modulus, EC field size, 256 for Ed25519). */
  bits?: number;
  /** EC curve: `P-256`, `P-384`, `P-521`, or the OpenSSL name of another one. */
  curve?: string;
}

export interface ParsedCertificate {
  der: Buffer;
  /** node:crypto's view, created on first access. */
  readonly x509: X509Certificate;
  fields: CertificateFields;
  /** `CN=…, O=…` */
  subject: string;
  issuer: string;
  /** Hex, lowercase, no separators. */
  serial: string;
  /** SHA-256 fingerprint, lowercase hex with colons. */
  fingerprint256: string;
  key: KeyInfo;
  isCA: boolean;
  /** The public key, created once (X509Certificate builds a new KeyObject per access). */
  publicKey: KeyObject;
}

/** Parse one DER certificate. Throws (with a readable message) when it is not one. */
export function parseCertificateDer(der: Uint8Array): ParsedCertificate {
  const buf = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  const fields = readCertificateDer(buf);
  let x509: X509Certificate | undefined;
  let publicKey: KeyObject | undefined;
  let fingerprint: string | undefined;
  return {
    der: buf,
    fields,
    subject: fields.subject,
    issuer: fields.issuer,
    serial: fields.serial,
    key: fields.key,
    isCA: fields.basicConstraints?.ca === true,
    // node:crypto objects are created on first use: bulk verification needs only the issuers' keys.
    get x509() {
      return (x509 ??= new X509Certificate(buf));
    },
    get fingerprint256() {
      return (fingerprint ??= createHash('sha256')
        .update(buf)
        .digest('hex')
        .replace(/(..)(?!$)/g, '$1:'));
    },
    get publicKey() {
      return (publicKey ??= createPublicKey({
        key: Buffer.from(fields.spkiDer),
        format: 'der',
        type: 'spki',
      }));
    },
  };
}

export interface PemBlock {
  label: string;
  der: Buffer;
  /** 1-based line of the BEGIN line. */
  line: number;
}

const PEM_BEGIN = '-----BEGIN ';
const PEM_END = '-----END ';
const PEM_DASHES = '-----';

/** The label of a `-----BEGIN LABEL-----` / `-----END LABEL-----` line whose label starts at `from`, and where the line's dashes end. */
function pemLabelAt(text: string, from: number): { label: string; after: number } | undefined {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // [A-Z0-9 ]
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 32) i++;
    else break;
  }
  if (i === from || !text.startsWith(PEM_DASHES, i)) return undefined;
  return { label: text.slice(from, i), after: i + PEM_DASHES.length };
}

/**
 * The PEM blocks of a text, in order. Text between blocks is ignored (as openssl does); a BEGIN
 * without its END is skipped. Linear in the text: the END lines are indexed in one pass and each
 * label's list is walked once, so a megabyte of BEGIN lines without END costs one scan (a lazy
 * regex up to the END rescanned the rest of the text for every BEGIN).
 */
export function splitPem(text: string): PemBlock[] {
  const ends = new Map<string, { at: number[]; next: number }>();
  for (let i = text.indexOf(PEM_END); i !== -1; i = text.indexOf(PEM_END, i + 1)) {
    const l = pemLabelAt(text, i + PEM_END.length);
    if (!l) continue;
    const entry = ends.get(l.label) ?? { at: [], next: 0 };
    entry.at.push(i);
    ends.set(l.label, entry);
  }
  const out: PemBlock[] = [];
  let line = 1;
  let counted = 0;
  let pos = 0;
  while (pos < text.length) {
    const begin = text.indexOf(PEM_BEGIN, pos);
    if (begin === -1) break;
    const l = pemLabelAt(text, begin + PEM_BEGIN.length);
    const entry = l && ends.get(l.label);
    if (!l || !entry) {
      pos = begin + 1;
      continue;
    }
    while (entry.next < entry.at.length && entry.at[entry.next] < l.after) entry.next++;
    if (entry.next === entry.at.length) {
      pos = begin + 1;
      continue;
    }
    const end = entry.at[entry.next];
    for (let i = text.indexOf('\n', counted); i !== -1 && i < begin; i = text.indexOf('\n', i + 1)) line++;
    counted = begin;
    const raw = text.slice(l.after, end);
    const body = raw.includes(':') ? raw.replace(/^[A-Za-z-]+:.*$/gm, '') : raw;
    out.push({ label: l.label, der: Buffer.from(body, 'base64'), line });
    pos = end + PEM_END.length + l.label.length + PEM_DASHES.length;
  }
  return out;
}

export function looksLikePem(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(text);
}

/** Build a finding for an SVID code: catalog severity (unless overridden) and the catalog's fix. */
export function svidFinding(
  code: string,
  message: string,
  extra: Partial<Finding> & { severity?: Severity } = {},
): Finding {
  const entry = lookupCode(code);
  if (!entry) throw new Error(`finding code ${code} is not in the catalog`);
  return { severity: entry.severity, code, message, fix: svidCodeDetails(code).fix, ...extra };
}

export interface CertificateParse {
  certs: ParsedCertificate[];
  findings: Finding[];
  /** The input held a private key block (it was skipped, never decoded). */
  hasPrivateKey: boolean;
}

/** Certificates from PEM text: every CERTIFICATE block, in order; broken blocks become RT3002 findings. */
export function parsePemCertificates(text: string, file?: string): CertificateParse {
  const result: CertificateParse = { certs: [], findings: [], hasPrivateKey: false };
  for (const block of splitPem(text)) {
    if (/PRIVATE KEY/.test(block.label)) {
      result.hasPrivateKey = true;
      continue;
    }
    if (block.label !== 'CERTIFICATE' && block.label !== 'TRUSTED CERTIFICATE') continue;
    // The block must hold exactly one certificate: bytes after it (inside the base64) are refused
    // like trailing DER data, else the fingerprint would cover junk the certificate does not sign.
    const len = derElementLength(block.der);
    if (len !== undefined && len < block.der.length) {
      result.findings.push(
        svidFinding(
          'RT3002',
          `the certificate at line ${block.line} is followed by ${block.der.length - len} trailing byte(s) inside its PEM block`,
          { file, line: block.line },
        ),
      );
      continue;
    }
    try {
      result.certs.push(parseCertificateDer(block.der));
    } catch (err) {
      result.findings.push(
        svidFinding('RT3002', `the certificate at line ${block.line} cannot be parsed: ${reason(err)}`, {
          file,
          line: block.line,
        }),
      );
    }
  }
  if (result.hasPrivateKey) {
    result.findings.push(
      svidFinding('RT3026', 'the input contains a private key (it was skipped, not read)', { file }),
    );
  }
  return result;
}

/** Certificates from DER: one certificate, or several concatenated (as some tools write chains). */
export function parseDerCertificates(der: Uint8Array, file?: string): CertificateParse {
  const result: CertificateParse = { certs: [], findings: [], hasPrivateKey: false };
  let offset = 0;
  while (offset < der.length) {
    const len = derElementLength(der, offset);
    if (len === undefined) {
      result.findings.push(
        svidFinding('RT3002', `the DER data at byte ${offset} is not a complete certificate`, { file }),
      );
      break;
    }
    try {
      result.certs.push(parseCertificateDer(der.subarray(offset, offset + len)));
    } catch (err) {
      result.findings.push(
        svidFinding('RT3002', `the DER certificate at byte ${offset} cannot be parsed: ${reason(err)}`, {
          file,
        }),
      );
      break;
    }
    offset += len;
  }
  return result;
}

/** Total length of the DER element at `offset`, or undefined when it is not a complete SEQUENCE. */
export function derElementLength(der: Uint8Array, offset = 0): number | undefined {
  if (der[offset] !== 0x30 || offset + 2 > der.length) return undefined;
  let len = der[offset + 1];
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || offset + 2 + n > der.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[offset + 2 + i];
    header += n;
  }
  return offset + header + len <= der.length ? header + len : undefined;
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message.replace(/^error:[0-9A-F]+:/i, '') : String(err);
}

/** The SPIFFE ID of a certificate when it has exactly one URI SAN (whatever its validity). */
export function spiffeIdOfCertificate(cert: ParsedCertificate): string | undefined {
  const uris = cert.fields.subjectAltNames.uri;
  return uris.length === 1 ? uris[0] : undefined;
}

/** Per-certificate rules of the leaf (§3.1, §4, §5.2). `where` is the JSON pointer of the cert. */
export function checkLeafCertificate(cert: ParsedCertificate, where = '/chain/0'): Finding[] {
  const out: Finding[] = [];
  const at = { path: where };
  const uris = cert.fields.subjectAltNames.uri;
  if (uris.length === 0) {
    out.push(svidFinding('RT3003', 'the leaf certificate has no URI SAN, so it carries no SPIFFE ID', at));
  } else if (uris.length > 1) {
    out.push(
      svidFinding(
        'RT3004',
        `the leaf certificate has ${uris.length} URI SANs (${uris.join(', ')}); exactly one is allowed`,
        at,
      ),
    );
  }
  for (const uri of uris) {
    const parsed = parseSpiffeId(uri);
    if (!parsed.ok) {
      out.push(
        svidFinding(
          'RT3005',
          `URI SAN "${uri}" is not a SPIFFE ID: ${parsed.problems.map((p) => p.message).join('; ')}`,
          at,
        ),
      );
    } else if (parsed.value.path === '') {
      out.push(
        svidFinding(
          'RT3006',
          `the leaf's SPIFFE ID ${uri} has no path: it names the trust domain, not a workload`,
          at,
        ),
      );
    }
  }
  if (cert.isCA) {
    out.push(svidFinding('RT3007', 'the leaf certificate has basicConstraints CA=true', at));
  }
  const ku = cert.fields.keyUsage;
  if (!ku) {
    out.push(svidFinding('RT3008', 'the leaf certificate has no key usage extension', at));
  } else {
    if (!ku.critical) out.push(svidFinding('RT3009', 'the leaf key usage extension is not critical', at));
    if (!ku.usages.includes('digitalSignature')) {
      out.push(
        svidFinding(
          'RT3010',
          `the leaf key usage (${ku.usages.join(', ') || 'none'}) lacks digitalSignature`,
          at,
        ),
      );
    }
    const signing = ku.usages.filter((u) => u === 'keyCertSign' || u === 'cRLSign');
    if (signing.length > 0) {
      out.push(svidFinding('RT3011', `the leaf key usage sets ${signing.join(' and ')}`, at));
    }
  }
  const eku = cert.fields.extKeyUsage;
  if (!eku) {
    out.push(svidFinding('RT3013', 'the leaf has no extended key usage extension', at));
  } else {
    const missing = ['serverAuth', 'clientAuth'].filter((u) => !eku.usages.includes(u));
    if (missing.length > 0) {
      out.push(
        svidFinding(
          'RT3012',
          `the leaf extended key usage (${eku.usages.join(', ') || 'none'}) lacks ${missing.join(' and ')}`,
          at,
        ),
      );
    }
  }
  out.push(...checkSanCriticality(cert, at.path, 'the leaf'));
  out.push(...checkKeyStrength(cert, at.path));
  return out;
}

/** Rules of a signing certificate presented in the chain (§3.2, §4.1, §4.3). */
export function checkSigningCertificate(
  cert: ParsedCertificate,
  trustDomain: string | undefined,
  where: string,
  label: string,
): Finding[] {
  const out: Finding[] = [];
  const at = { path: where };
  if (!cert.isCA)
    out.push(svidFinding('RT3014', `${label} is not a CA (basicConstraints CA=false or absent)`, at));
  const ku = cert.fields.keyUsage;
  if (!ku) {
    out.push(svidFinding('RT3008', `${label} has no key usage extension`, at));
  } else {
    if (!ku.critical)
      out.push(svidFinding('RT3009', `${label}: the key usage extension is not critical`, at));
    if (!ku.usages.includes('keyCertSign')) {
      out.push(
        svidFinding(
          'RT3015',
          `${label}: key usage (${ku.usages.join(', ') || 'none'}) lacks keyCertSign`,
          at,
        ),
      );
    }
  }
  for (const uri of cert.fields.subjectAltNames.uri) {
    const parsed = parseSpiffeId(uri);
    if (!parsed.ok) {
      if (uri.toLowerCase().startsWith('spiffe:')) {
        out.push(svidFinding('RT3016', `${label} has URI SAN "${uri}", which is not a valid SPIFFE ID`, at));
      }
      continue;
    }
    if (parsed.value.path !== '') {
      out.push(
        svidFinding(
          'RT3016',
          `${label} has SPIFFE ID ${uri} with a path; a signing certificate may only name the trust domain`,
          at,
        ),
      );
    } else if (trustDomain && parsed.value.trustDomain !== trustDomain) {
      out.push(
        svidFinding(
          'RT3016',
          `${label} names trust domain ${parsed.value.trustDomain}, but the leaf is in ${trustDomain}`,
          at,
        ),
      );
    }
  }
  out.push(...checkSanCriticality(cert, where, label));
  out.push(...checkKeyStrength(cert, where));
  return out;
}

const SAN_OID = '2.5.29.17';

/**
 * RFC 5280 §4.1.2.6 / §4.2.1.6: a certificate whose subject is empty identifies its subject by the
 * subjectAltName alone, so that extension MUST be critical (a validator that skips non-critical
 * extensions would see no subject at all).
 */
function checkSanCriticality(cert: ParsedCertificate, where: string, label: string): Finding[] {
  const subjectEmpty = cert.fields.subjectDer.length <= 2; // SEQUENCE {} (30 00)
  const san = cert.fields.extensions.find((e) => e.oid === SAN_OID);
  if (!subjectEmpty || !san || san.critical) return [];
  return [
    svidFinding(
      'RT3027',
      `${label} has an empty subject and a non-critical subjectAltName extension; RFC 5280 §4.1.2.6 requires it to be critical`,
      { path: where },
    ),
  ];
}

function checkKeyStrength(cert: ParsedCertificate, where: string): Finding[] {
  const { type, bits, curve } = cert.key;
  let problem: string | undefined;
  if ((type === 'RSA' || type === 'RSA-PSS') && (bits ?? 0) < 2048) problem = `an RSA key of ${bits} bits`;
  else if (type === 'EC' && !['P-256', 'P-384', 'P-521'].includes(curve ?? ''))
    problem = `an EC key on curve ${curve}`;
  else if (!['RSA', 'RSA-PSS', 'EC', 'Ed25519', 'Ed448'].includes(type)) problem = `a ${type} key`;
  return problem
    ? [svidFinding('RT3025', `the certificate at ${where} has ${problem}`, { path: where })]
    : [];
}

const issuedCache = new WeakMap<ParsedCertificate, WeakMap<ParsedCertificate, boolean>>();

/** True when `child` names `parent` as issuer and `parent`'s key verifies `child`'s signature (memoized per pair). */
export function isIssuedBy(child: ParsedCertificate, parent: ParsedCertificate): boolean {
  if (Buffer.compare(child.fields.issuerDer, parent.fields.subjectDer) !== 0) return false;
  let byParent = issuedCache.get(child);
  const known = byParent?.get(parent);
  if (known !== undefined) return known;
  const ok = verifySignature(child, parent);
  if (!byParent) issuedCache.set(child, (byParent = new WeakMap()));
  byParent.set(parent, ok);
  return ok;
}

/** Signature algorithm OID → the hash node:crypto's verify takes (null: EdDSA, no separate hash). */
export const SIGNATURE_HASHES: Record<string, string | null> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.3.101.112': null,
  '1.3.101.113': null,
};

/** Verify `cert`'s signature with `issuer`'s key: ECDSA, RSA PKCS#1 v1.5 and EdDSA directly, anything else through X509Certificate. */
function verifySignature(cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  try {
    const key = issuer.publicKey;
    const { signatureOid, tbsDer, signature } = cert.fields;
    if (signatureOid in SIGNATURE_HASHES) {
      const hash = SIGNATURE_HASHES[signatureOid];
      const isRsa = key.asymmetricKeyType === 'rsa';
      return cryptoVerify(
        hash,
        tbsDer,
        isRsa ? { key, padding: constants.RSA_PKCS1_PADDING } : key,
        signature,
      );
    }
    return cert.x509.verify(key);
  } catch {
    return false;
  }
}
