/**
 * The few parts of an X.509 certificate that `node:crypto` does not expose, read straight from the
 * DER: validity, key usage bits and their criticality, basic constraints, extended key usage and the
 * subject alternative names by type. A minimal DER walker — enough for certificates, not a general
 * ASN.1 library; anything it cannot read is reported as a problem, never thrown past `readCertificateDer`.
 */

interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  offset: number;
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
  return { tag, offset, start: pos, end: pos + len };
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
  /** DER of the issuer and subject Names (byte-exact comparison when building chains). */
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  /** The subject public key, read from SubjectPublicKeyInfo without creating a KeyObject. */
  key: { type: string; bits?: number; curve?: string };
  /** `CN=…, O=…` in the order of the certificate. */
  subject: string;
  issuer: string;
  /** Serial number, lowercase hex without leading zero bytes. */
  serial: string;
  /** The signed part, the signature algorithm OID and the signature (for verification without X509Certificate). */
  tbsDer: Uint8Array;
  signatureOid: string;
  signature: Uint8Array;
  spkiDer: Uint8Array;
}

const NAME_ATTRIBUTES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.45': 'x500UniqueIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

function decodeString(buf: Uint8Array, t: Tlv): string {
  const bytes = Buffer.from(buf.buffer, buf.byteOffset + t.start, t.end - t.start);
  if (t.tag === 0x1e) {
    // BMPString: UTF-16BE
    let out = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
    return out;
  }
  return t.tag === 0x0c ? bytes.toString('utf8') : bytes.toString('latin1');
}

/** An RDNSequence as `CN=a, O=b` (multi-valued RDNs joined with `+`). */
function formatNameDer(buf: Uint8Array, name: Tlv): string {
  return children(buf, name)
    .map((rdn) =>
      children(buf, rdn)
        .map((atv) => {
          const [type, value] = children(buf, atv);
          const oid = decodeOid(buf, type);
          return `${NAME_ATTRIBUTES[oid] ?? oid}=${value ? decodeString(buf, value) : ''}`;
        })
        .join('+'),
    )
    .join(', ');
}

const CURVE_OIDS: Record<string, { name: string; bits: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', bits: 256 },
  '1.3.132.0.34': { name: 'P-384', bits: 384 },
  '1.3.132.0.35': { name: 'P-521', bits: 521 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
};

function bitLength(buf: Uint8Array, t: Tlv): number {
  let start = t.start;
  while (start < t.end && buf[start] === 0) start++;
  if (start === t.end) return 0;
  return (t.end - start - 1) * 8 + (32 - Math.clz32(buf[start]));
}

function readKeyInfo(der: Uint8Array, spki: Tlv): CertificateFields['key'] {
  const [alg, bits] = children(der, spki);
  const [algOid, params] = children(der, alg);
  const oid = decodeOid(der, algOid);
  switch (oid) {
    case '1.2.840.10045.2.1': {
      const curveOid = params && params.tag === 0x06 ? decodeOid(der, params) : 'unknown';
      const curve = CURVE_OIDS[curveOid];
      return { type: 'EC', curve: curve?.name ?? curveOid, bits: curve?.bits };
    }
    case '1.2.840.113549.1.1.1':
    case '1.2.840.113549.1.1.10': {
      // BIT STRING (unused-bits byte) wrapping RSAPublicKey SEQUENCE { modulus, exponent }.
      const rsaKey = readTlv(der, bits.start + 1, bits.end);
      const [modulus] = children(der, rsaKey);
      return { type: oid.endsWith('.1') ? 'RSA' : 'RSA-PSS', bits: bitLength(der, modulus) };
    }
    case '1.3.101.112':
      return { type: 'Ed25519', bits: 256 };
    case '1.3.101.113':
      return { type: 'Ed448', bits: 456 };
    default:
      return { type: oid };
  }
}

function serialHex(buf: Uint8Array, t: Tlv): string {
  let start = t.start;
  while (start < t.end - 1 && buf[start] === 0) start++;
  return Buffer.from(buf.buffer, buf.byteOffset + start, t.end - start).toString('hex');
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
  const [tbs, sigAlg, sigValue] = children(der, cert);
  if (!tbs || tbs.tag !== 0x30 || !sigAlg || sigAlg.tag !== 0x30) {
    throw new DerError('not an X.509 certificate');
  }
  const sigOid = children(der, sigAlg)[0];
  const sigName = decodeOid(der, sigOid);
  const fields = children(der, tbs);
  let i = 0;
  if (fields[i]?.tag === 0xa0) i++; // version
  const serialTlv = fields[i];
  const innerSigAlg = fields[i + 1];
  // RFC 5280 §4.1.1.2: the signature algorithm inside the signed part must equal the outer one.
  const algorithmsAgree =
    innerSigAlg !== undefined &&
    Buffer.compare(
      der.subarray(innerSigAlg.offset, innerSigAlg.end),
      der.subarray(sigAlg.offset, sigAlg.end),
    ) === 0;
  i += 2; // serial, signature
  const issuer = fields[i++];
  const validity = fields[i++];
  if (!validity || validity.tag !== 0x30) throw new DerError('certificate validity missing');
  const [nb, na] = children(der, validity);
  const out: CertificateFields = {
    notBefore: decodeTime(der, nb),
    notAfter: decodeTime(der, na),
    signatureAlgorithm: SIGNATURE_ALGORITHMS[sigName] ?? sigName,
    subjectAltNames: { uri: [], dns: [], ip: [], email: [] },
    extensions: [],
    issuerDer: der.subarray(issuer.start, issuer.end),
    subjectDer: der.subarray(fields[i].start, fields[i].end),
    key: readKeyInfo(der, fields[i + 1]),
    subject: formatNameDer(der, fields[i]),
    issuer: formatNameDer(der, issuer),
    serial: serialHex(der, serialTlv),
    tbsDer: der.subarray(cert.start, tbs.end),
    signatureOid: sigName,
    // A signature BIT STRING has no unused bits, and its algorithm is the signed one; else it cannot verify.
    signature:
      algorithmsAgree && sigValue && sigValue.tag === 0x03 && der[sigValue.start] === 0
        ? der.subarray(sigValue.start + 1, sigValue.end)
        : new Uint8Array(0),
    spkiDer: der.subarray(fields[i + 1].offset, fields[i + 1].end),
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

export interface CsrFields {
  /** The signed CertificationRequestInfo. */
  criDer: Uint8Array;
  spkiDer: Uint8Array;
  signatureOid: string;
  signature: Uint8Array;
}

/** The parts of a PKCS#10 CSR needed to verify it and certify its key. Throws `DerError` when it is not one. */
export function readCsrDer(der: Uint8Array): CsrFields {
  const req = readTlv(der, 0);
  if (req.tag !== 0x30 || req.end !== der.length) throw new DerError('not a DER SEQUENCE');
  const [cri, sigAlg, sig] = children(der, req);
  if (!cri || cri.tag !== 0x30 || !sigAlg || sigAlg.tag !== 0x30 || !sig || sig.tag !== 0x03) {
    throw new DerError('not a PKCS#10 certification request');
  }
  const [version, , spki] = children(der, cri);
  if (!version || version.tag !== 0x02 || !spki || spki.tag !== 0x30)
    throw new DerError('not a PKCS#10 certification request');
  return {
    criDer: der.subarray(cri.offset, cri.end),
    spkiDer: der.subarray(spki.offset, spki.end),
    signatureOid: decodeOid(der, children(der, sigAlg)[0]),
    signature: der.subarray(sig.start + 1, sig.end),
  };
}
