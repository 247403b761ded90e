/**
 * Trust bundles: a PEM file of CA certificates or a SPIFFE bundle (JWKS with `use: x509-svid` keys
 * carrying `x5c` and `use: jwt-svid` keys with `kid`, plus `spiffe_sequence` / `spiffe_refresh_hint`).
 * Parsing keeps every usable authority and reports every defect as a finding.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Finding } from '../findings';
import { parseSpiffeId } from './id';
import {
  looksLikePem,
  parseCertificateDer,
  parsePemCertificates,
  svidFinding,
  type ParsedCertificate,
} from './x509-svid';

export interface JwtAuthority {
  kid: string;
  key: KeyObject;
  /** The JWK as published (public members only). */
  jwk: Record<string, unknown>;
}

export interface TrustBundle {
  format: 'pem' | 'jwks';
  /** Undefined when neither the caller nor an authority's SPIFFE ID names it. */
  trustDomain?: string;
  trustDomainSource?: 'given' | 'authority';
  x509Authorities: ParsedCertificate[];
  jwtAuthorities: JwtAuthority[];
  sequence?: number;
  refreshHint?: number;
  /** Defects found while reading the bundle (RT41xx, RT3002). */
  findings: Finding[];
  file?: string;
}

/** Parse a bundle from text: SPIFFE bundle JSON when it starts with `{`, PEM certificates otherwise. */
export function parseTrustBundle(
  text: string,
  options: { trustDomain?: string; file?: string } = {},
): TrustBundle {
  const trimmed = text.trimStart();
  const bundle = trimmed.startsWith('{')
    ? parseBundleJson(trimmed, options.file)
    : parseBundlePem(text, options.file);
  nameTrustDomain(bundle, options.trustDomain);
  return bundle;
}

function parseBundlePem(text: string, file?: string): TrustBundle {
  const bundle: TrustBundle = { format: 'pem', x509Authorities: [], jwtAuthorities: [], findings: [], file };
  if (!looksLikePem(text)) {
    bundle.findings.push(
      svidFinding('RT4101', 'the bundle is neither SPIFFE bundle JSON nor PEM certificates', { file }),
    );
    return bundle;
  }
  const parsed = parsePemCertificates(text, file);
  bundle.x509Authorities = parsed.certs;
  bundle.findings.push(...parsed.findings);
  checkAuthorities(bundle);
  return bundle;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseBundleJson(text: string, file?: string): TrustBundle {
  const bundle: TrustBundle = { format: 'jwks', x509Authorities: [], jwtAuthorities: [], findings: [], file };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    bundle.findings.push(
      svidFinding('RT4101', `the bundle is not valid JSON: ${(err as Error).message}`, { file }),
    );
    return bundle;
  }
  if (!isRecord(doc) || !Array.isArray(doc.keys)) {
    bundle.findings.push(
      svidFinding('RT4101', 'the bundle JSON has no "keys" array', { file, path: '/keys' }),
    );
    return bundle;
  }
  const at = (path: string) => ({ file, path });
  if (doc.spiffe_sequence !== undefined) {
    if (Number.isSafeInteger(doc.spiffe_sequence) && (doc.spiffe_sequence as number) >= 0) {
      bundle.sequence = doc.spiffe_sequence as number;
    } else {
      bundle.findings.push(
        svidFinding(
          'RT4111',
          `spiffe_sequence is ${JSON.stringify(doc.spiffe_sequence)}, not an integer ≥ 0`,
          at('/spiffe_sequence'),
        ),
      );
    }
  }
  if (doc.spiffe_refresh_hint !== undefined) {
    if (Number.isSafeInteger(doc.spiffe_refresh_hint) && (doc.spiffe_refresh_hint as number) > 0) {
      bundle.refreshHint = doc.spiffe_refresh_hint as number;
    } else {
      bundle.findings.push(
        svidFinding(
          'RT4112',
          `spiffe_refresh_hint is ${JSON.stringify(doc.spiffe_refresh_hint)}, not a positive integer`,
          at('/spiffe_refresh_hint'),
        ),
      );
    }
  }
  const kids = new Set<string>();
  doc.keys.forEach((key: unknown, i: number) => {
    const where = at(`/keys/${i}`);
    if (!isRecord(key)) {
      bundle.findings.push(svidFinding('RT4101', `keys[${i}] is not a JSON object`, where));
      return;
    }
    if (key.use === 'x509-svid') {
      if (key.kid !== undefined) {
        bundle.findings.push(
          svidFinding('RT4105', `keys[${i}] (x509-svid) sets kid ${JSON.stringify(key.kid)}`, where),
        );
      }
      if (!Array.isArray(key.x5c) || key.x5c.length === 0) {
        bundle.findings.push(svidFinding('RT4103', `keys[${i}] (x509-svid) has no x5c certificate`, where));
        return;
      }
      if (key.x5c.length > 1) {
        bundle.findings.push(
          svidFinding(
            'RT4106',
            `keys[${i}] (x509-svid) has ${key.x5c.length} x5c values; only the first is used`,
            where,
          ),
        );
      }
      const first = key.x5c[0];
      if (typeof first !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(first)) {
        bundle.findings.push(svidFinding('RT4104', `keys[${i}].x5c[0] is not base64 DER`, where));
        return;
      }
      try {
        bundle.x509Authorities.push(parseCertificateDer(Buffer.from(first, 'base64')));
      } catch (err) {
        bundle.findings.push(
          svidFinding('RT4104', `keys[${i}].x5c[0] is not a certificate: ${(err as Error).message}`, where),
        );
      }
    } else if (key.use === 'jwt-svid') {
      if (typeof key.kid !== 'string' || key.kid === '') {
        bundle.findings.push(svidFinding('RT4108', `keys[${i}] (jwt-svid) has no kid`, where));
        return;
      }
      if (kids.has(key.kid)) {
        bundle.findings.push(
          svidFinding('RT4109', `keys[${i}] repeats kid ${JSON.stringify(key.kid)}`, where),
        );
        return;
      }
      kids.add(key.kid);
      const problem = publicJwkProblem(key);
      if (problem) {
        bundle.findings.push(svidFinding('RT4110', `keys[${i}] (kid ${key.kid}): ${problem}`, where));
        return;
      }
      try {
        const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = key;
        const keyObject = createPublicKey({ key: pub as never, format: 'jwk' });
        bundle.jwtAuthorities.push({ kid: key.kid, key: keyObject, jwk: pub });
      } catch (err) {
        bundle.findings.push(
          svidFinding(
            'RT4110',
            `keys[${i}] (kid ${key.kid}) cannot be imported: ${(err as Error).message}`,
            where,
          ),
        );
      }
    } else {
      bundle.findings.push(
        svidFinding(
          'RT4102',
          `keys[${i}] has use ${JSON.stringify(key.use)}; only x509-svid and jwt-svid are used`,
          where,
        ),
      );
    }
  });
  checkAuthorities(bundle);
  return bundle;
}

function publicJwkProblem(key: Record<string, unknown>): string | undefined {
  if ('d' in key) return 'it contains private key material ("d"); publish only the public key';
  if (key.kty === 'RSA')
    return typeof key.n === 'string' && typeof key.e === 'string' ? undefined : 'an RSA JWK needs n and e';
  if (key.kty === 'EC') {
    return typeof key.crv === 'string' && typeof key.x === 'string' && typeof key.y === 'string'
      ? undefined
      : 'an EC JWK needs crv, x and y';
  }
  return `kty ${JSON.stringify(key.kty)} is not usable for JWT-SVIDs (RSA or EC)`;
}

function checkAuthorities(bundle: TrustBundle): void {
  bundle.x509Authorities.forEach((cert, i) => {
    if (!cert.isCA || (cert.fields.keyUsage && !cert.fields.keyUsage.usages.includes('keyCertSign'))) {
      bundle.findings.push(
        svidFinding(
          'RT4107',
          `X.509 authority ${i + 1} (${cert.subject || cert.serial}) is not a CA certificate with keyCertSign`,
          {
            file: bundle.file,
          },
        ),
      );
    }
  });
  if (
    bundle.x509Authorities.length === 0 &&
    bundle.jwtAuthorities.length === 0 &&
    !bundle.findings.some((f) => f.code === 'RT4101')
  ) {
    bundle.findings.push(
      svidFinding('RT4113', 'the bundle holds no X.509 or JWT authority', { file: bundle.file }),
    );
  }
}

/** The trust domain named by the authorities' SPIFFE IDs (`spiffe://td`), when they agree on one. */
function trustDomainFromAuthorities(certs: ParsedCertificate[]): string | undefined {
  const tds = new Set<string>();
  for (const cert of certs) {
    for (const uri of cert.fields.subjectAltNames.uri) {
      const r = parseSpiffeId(uri);
      if (r.ok) tds.add(r.value.trustDomain);
    }
  }
  return tds.size === 1 ? [...tds][0] : undefined;
}

function nameTrustDomain(bundle: TrustBundle, given: string | undefined): void {
  const fromCerts = trustDomainFromAuthorities(bundle.x509Authorities);
  if (given) {
    bundle.trustDomain = given;
    bundle.trustDomainSource = 'given';
    if (fromCerts && fromCerts !== given) {
      bundle.findings.push(
        svidFinding('RT4116', `--trust-domain is ${given} but the bundle's authorities name ${fromCerts}`, {
          file: bundle.file,
        }),
      );
    }
  } else if (fromCerts) {
    bundle.trustDomain = fromCerts;
    bundle.trustDomainSource = 'authority';
  }
}

/** Bundle-level checks that depend on the clock (authority validity). */
export function checkBundleAt(bundle: TrustBundle, now: Date): Finding[] {
  const out: Finding[] = [];
  bundle.x509Authorities.forEach((cert, i) => {
    if (cert.fields.notAfter < now || cert.fields.notBefore > now) {
      const state =
        cert.fields.notAfter < now
          ? `expired at ${cert.fields.notAfter.toISOString()}`
          : `is valid only from ${cert.fields.notBefore.toISOString()}`;
      out.push(
        svidFinding('RT4115', `X.509 authority ${i + 1} (${cert.subject || cert.serial}) ${state}`, {
          file: bundle.file,
        }),
      );
    }
  });
  return out;
}
