/**
 * The few parts of an X.509 certificate that `node:crypto` does not expose, read straight from the
 * DER: validity, key usage bits and their criticality, basic constraints, extended key usage and the
 * subject alternative names by type. A minimal DER walker — enough for certificates, not a general
 * ASN.1 library; anything it cannot read is reported as a problem, never thrown past `readCertificateDer`.
 */

interface Tlv {
  tag: number;
  /** Offset of the first content byte. */
  start: number;
  /** Offset one past the last content byte. */
  end: number;
}

export class DerError extends Error {}

function readTlv(buf: Uint8Array, offset: number, limit = buf.length): Tlv {
  if (offset + 2 > limit) throw new DerError('truncated DER element');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError('high-tag-number form is not used in certificates');
  let len = buf[offset + 1];
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError('unsupported DER length');
    if (pos + n > limit) throw new DerError('truncated DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos + i];
    pos += n;
  }
  if (pos + len > limit) throw new DerError('DER element runs past its container');
  return { tag, start: pos, end: pos + len };
}

function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let pos = parent.start;
  while (pos < parent.end) {
    const t = readTlv(buf, pos, parent.end);
    out.push(t);
    pos = t.end;
  }
  return out;
}

function decodeOid(buf: Uint8Array, t: Tlv): string {
  const parts: number[] = [];
  let value = 0;
  for (let i = t.start; i < t.end; i++) {
    value = value * 128 + (buf[i] & 0x7f);
    if (!(buf[i] & 0x80)) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const ascii = (buf: Uint8Array, t: Tlv) => Buffer.from(buf.subarray(t.start, t.end)).toString('latin1');

function decodeTime(buf: Uint8Array, t: Tlv): Date {
  const s = ascii(buf, t);
  let m: RegExpExecArray | null;
  if (t.tag === 0x17 && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s))) {
    const yy = Number(m[1]);
    return new Date(Date.UTC(yy >= 50 ? 1900 + yy : 2000 + yy, +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  }
  if (t.tag === 0x18 && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s))) {
    return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  }
  throw new DerError(`unreadable validity time ${JSON.stringify(s)}`);
}

/** Key usage bits of RFC 5280 §4.2.1.3, in bit order. */
export const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageName = (typeof KEY_USAGE_NAMES)[number];

export const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

export interface SubjectAltNames {
  uri: string[];
  dns: string[];
  ip: string[];
  email: string[];
}

export interface CertificateFields {
  notBefore: Date;
  notAfter: Date;
  signatureAlgorithm: string;
  keyUsage?: { critical: boolean; usages: KeyUsageName[] };
  basicConstraints?: { critical: boolean; ca: boolean; pathLen?: number };
  extKeyUsage?: { critical: boolean; usages: string[] };
  subjectAltNames: SubjectAltNames;
  /** Extension OIDs present, in order (for display and for unknown critical extensions). */
  extensions: { oid: string; critical: boolean }[];
}

function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
    return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
  }
  return Buffer.from(bytes).toString('hex');
}

function readSubjectAltNames(buf: Uint8Array, value: Tlv): SubjectAltNames {
  const names: SubjectAltNames = { uri: [], dns: [], ip: [], email: [] };
  for (const gn of children(buf, value)) {
    switch (gn.tag) {
      case 0x86:
        names.uri.push(ascii(buf, gn));
        break;
      case 0x82:
        names.dns.push(ascii(buf, gn));
        break;
      case 0x81:
        names.email.push(ascii(buf, gn));
        break;
      case 0x87:
        names.ip.push(formatIp(buf.subarray(gn.start, gn.end)));
        break;
      default:
        break;
    }
  }
  return names;
}

/** Read the fields above from one DER certificate. Throws `DerError` when the structure is not a certificate. */
export function readCertificateDer(der: Uint8Array): CertificateFields {
  const cert = readTlv(der, 0);
  if (cert.tag !== 0x30) throw new DerError('not a DER SEQUENCE');
  const [tbs, sigAlg] = children(der, cert);
  if (!tbs || tbs.tag !== 0x30 || !sigAlg || sigAlg.tag !== 0x30) {
    throw new DerError('not an X.509 certificate');
  }
  const sigOid = children(der, sigAlg)[0];
  const sigName = decodeOid(der, sigOid);
  const fields = children(der, tbs);
  let i = 0;
  if (fields[i]?.tag === 0xa0) i++; // version
  i += 3; // serial, signature, issuer
  const validity = fields[i++];
  if (!validity || validity.tag !== 0x30) throw new DerError('certificate validity missing');
  const [nb, na] = children(der, validity);
  const out: CertificateFields = {
    notBefore: decodeTime(der, nb),
    notAfter: decodeTime(der, na),
    signatureAlgorithm: SIGNATURE_ALGORITHMS[sigName] ?? sigName,
    subjectAltNames: { uri: [], dns: [], ip: [], email: [] },
    extensions: [],
  };
  i += 2; // subject, subjectPublicKeyInfo
  const extsWrapper = fields.slice(i).find((f) => f.tag === 0xa3);
  if (!extsWrapper) return out;
  const extsSeq = children(der, extsWrapper)[0];
  for (const ext of children(der, extsSeq)) {
    const parts = children(der, ext);
    const oid = decodeOid(der, parts[0]);
    let critical = false;
    let valueTlv = parts[1];
    if (valueTlv.tag === 0x01) {
      critical = der[valueTlv.start] !== 0;
      valueTlv = parts[2];
    }
    out.extensions.push({ oid, critical });
    const inner = readTlv(der, valueTlv.start, valueTlv.end);
    switch (oid) {
      case '2.5.29.15': {
        // BIT STRING: first content byte = unused bits.
        const usages: KeyUsageName[] = [];
        for (let b = 0; b < KEY_USAGE_NAMES.length; b++) {
          const byte = inner.start + 1 + (b >> 3);
          if (byte < inner.end && der[byte] & (0x80 >> (b & 7))) usages.push(KEY_USAGE_NAMES[b]);
        }
        out.keyUsage = { critical, usages };
        break;
      }
      case '2.5.29.19': {
        let ca = false;
        let pathLen: number | undefined;
        for (const c of children(der, inner)) {
          if (c.tag === 0x01) ca = der[c.start] !== 0;
          else if (c.tag === 0x02) {
            pathLen = 0;
            for (let k = c.start; k < c.end; k++) pathLen = pathLen * 256 + der[k];
          }
        }
        out.basicConstraints = { critical, ca, pathLen };
        break;
      }
      case '2.5.29.37':
        out.extKeyUsage = {
          critical,
          usages: children(der, inner).map((o) => {
            const id = decodeOid(der, o);
            return EKU_NAMES[id] ?? id;
          }),
        };
        break;
      case '2.5.29.17':
        out.subjectAltNames = readSubjectAltNames(der, inner);
        break;
      default:
        break;
    }
  }
  return out;
}
