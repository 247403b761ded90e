/**
 * `svid inspect` as a pure function: detect what the bytes are (PEM chain, DER, JWT, SPIFFE bundle
 * JSON), check every rule of the matching SPIFFE standard, verify against the bundle of the SVID's
 * own trust domain, and return one report with all findings at once. The clock is a parameter.
 */
import { compareFindings, type Finding } from '../findings';
import { checkBundleAt, parseTrustBundle, type TrustBundle } from './bundle';
import { parseSpiffeId } from './id';
import { checkJwtSvid, decodeJwt, looksLikeJwt } from './jwt-svid';
import {
  checkLeafCertificate,
  checkSigningCertificate,
  derElementLength,
  isIssuedBy,
  looksLikePem,
  parseDerCertificates,
  parsePemCertificates,
  spiffeIdOfCertificate,
  svidFinding,
  type ParsedCertificate,
} from './x509-svid';

export type SvidKind = 'x509-svid' | 'jwt-svid' | 'bundle';

export interface CertificateSummary {
  role: 'leaf' | 'intermediate' | 'authority';
  subject: string;
  issuer: string;
  serial: string;
  spiffeID: string | null;
  notBefore: string;
  notAfter: string;
  isCA: boolean;
  pathLen?: number;
  key: { type: string; bits?: number; curve?: string };
  signatureAlgorithm: string;
  keyUsage: string[];
  keyUsageCritical: boolean;
  extKeyUsage: string[];
  sans: { uri: string[]; dns: string[]; ip: string[]; email: string[] };
  fingerprintSHA256: string;
  selfSigned: boolean;
}

export interface BundleSummary {
  trustDomain: string | null;
  format: 'pem' | 'jwks';
  x509Authorities: CertificateSummary[];
  jwtAuthorities: { kid: string; kty: string; crv?: string; alg?: string }[];
  sequence: number | null;
  refreshHint: number | null;
}

export interface SvidReport {
  kind: SvidKind;
  /** No error finding. Says nothing about the signature: see `verified`. */
  valid: boolean;
  /**
   * The signature was checked against a trust bundle and holds: the X.509 chain reaches a bundle
   * authority, or the JWT signature verifies with a bundle key. `null` for a bundle (nothing to verify).
   * A report that is valid but not verified only passed the structural checks (`valid` and `verified`
   * together are what a reader means by VALID).
   */
  verified: boolean | null;
  spiffeID: string | null;
  trustDomain: string | null;
  notBefore: string | null;
  notAfter: string | null;
  /** Serial of the leaf (X.509) or `jti` (JWT), when there is one. */
  serial: string | null;
  chain: CertificateSummary[];
  /** The bundle authority the chain ends at, when it verified. */
  verifiedBy: CertificateSummary | null;
  /** The trust that was used (or inspected, for kind `bundle`). */
  bundle: BundleSummary | null;
  jwt: { header: Record<string, unknown>; claims: Record<string, unknown> } | null;
  findings: Finding[];
}

export interface InspectOptions {
  now: Date;
  bundle?: TrustBundle;
  /** Names the bundle's trust domain when it cannot (PEM); without a bundle, the expected trust domain. */
  trustDomain?: string;
  expectSpiffeId?: string;
  /** --fail-if-expires-within, in milliseconds. */
  expiresWithin?: number;
  /** Expected JWT audience(s). */
  audience?: readonly string[];
  /** --require-verified: an unverified signature (no bundle, no usable key) is an error, not a warning. */
  requireVerified?: boolean;
  file?: string;
}

export function summarizeCertificate(
  cert: ParsedCertificate,
  role: CertificateSummary['role'],
): CertificateSummary {
  const f = cert.fields;
  const uris = f.subjectAltNames.uri;
  return {
    role,
    subject: cert.subject,
    issuer: cert.issuer,
    serial: cert.serial,
    spiffeID: uris.find((u) => u.startsWith('spiffe://')) ?? null,
    notBefore: f.notBefore.toISOString(),
    notAfter: f.notAfter.toISOString(),
    isCA: cert.isCA,
    ...(f.basicConstraints?.pathLen !== undefined ? { pathLen: f.basicConstraints.pathLen } : {}),
    key: cert.key,
    signatureAlgorithm: f.signatureAlgorithm,
    keyUsage: f.keyUsage?.usages ?? [],
    keyUsageCritical: f.keyUsage?.critical ?? false,
    extKeyUsage: f.extKeyUsage?.usages ?? [],
    sans: f.subjectAltNames,
    fingerprintSHA256: cert.fingerprint256,
    selfSigned: Buffer.compare(cert.fields.subjectDer, cert.fields.issuerDer) === 0,
  };
}

const bundleSummaries = new WeakMap<TrustBundle, BundleSummary>();

/** The bundle as reports show it (computed once per bundle: many SVIDs are checked against one). */
export function summarizeBundle(bundle: TrustBundle): BundleSummary {
  const cached = bundleSummaries.get(bundle);
  if (cached) return cached;
  const summary: BundleSummary = {
    trustDomain: bundle.trustDomain ?? null,
    format: bundle.format,
    x509Authorities: bundle.x509Authorities.map((c) => summarizeCertificate(c, 'authority')),
    jwtAuthorities: bundle.jwtAuthorities.map((a) => ({
      kid: a.kid,
      kty: String(a.jwk.kty),
      ...(typeof a.jwk.crv === 'string' ? { crv: a.jwk.crv } : {}),
      ...(typeof a.jwk.alg === 'string' ? { alg: a.jwk.alg } : {}),
    })),
    sequence: bundle.sequence ?? null,
    refreshHint: bundle.refreshHint ?? null,
  };
  bundleSummaries.set(bundle, summary);
  return summary;
}

function finish(report: Omit<SvidReport, 'valid' | 'verified'>, verified: boolean | null): SvidReport {
  const findings = [...report.findings].sort(
    (a, b) => severityOrder(a) - severityOrder(b) || compareFindings(a, b),
  );
  const valid = !findings.some((f) => f.severity === 'error');
  return { ...report, findings, valid, verified: verified === null ? null : verified && valid };
}

/** The "not verified" codes become errors under --require-verified. */
function unverifiedSeverity(options: Pick<InspectOptions, 'requireVerified'>): { severity?: 'error' } {
  return options.requireVerified ? { severity: 'error' } : {};
}

/** JWT findings that mean the signature was not (or could not be) checked, or does not hold. */
const JWT_UNVERIFIED = new Set(['RT4002', 'RT4004', 'RT4005', 'RT4006', 'RT4009', 'RT4017']);
const severityOrder = (f: Finding) => (f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2);

function emptyReport(kind: SvidKind, findings: Finding[]): SvidReport {
  return finish(
    {
      kind,
      spiffeID: null,
      trustDomain: null,
      notBefore: null,
      notAfter: null,
      serial: null,
      chain: [],
      verifiedBy: null,
      bundle: null,
      jwt: null,
      findings,
    },
    kind === 'bundle' ? null : false,
  );
}

/**
 * Inspect an X.509-SVID: `chain[0]` is the leaf, the rest are intermediates in issuing order.
 * Every SPIFFE rule is checked; with a bundle, the chain is verified to one of its authorities.
 */
export function inspectX509Svid(
  chain: readonly ParsedCertificate[],
  options: InspectOptions,
  extraFindings: Finding[] = [],
): SvidReport {
  const findings: Finding[] = [...extraFindings];
  if (chain.length === 0) {
    if (!findings.some((f) => f.code === 'RT3002')) {
      findings.push(svidFinding('RT3001', 'the input holds no certificate', { file: options.file }));
    }
    return emptyReport('x509-svid', findings);
  }
  const { now } = options;
  const leaf = chain[0];
  const spiffeID = spiffeIdOfCertificate(leaf);
  const parsedId = spiffeID ? parseSpiffeId(spiffeID) : undefined;
  const trustDomain = parsedId?.ok ? parsedId.value.trustDomain : undefined;

  findings.push(...checkLeafCertificate(leaf));
  chain.slice(1).forEach((cert, i) => {
    findings.push(
      ...checkSigningCertificate(
        cert,
        trustDomain,
        `/chain/${i + 1}`,
        `intermediate ${i + 1} (${cert.subject || cert.serial})`,
      ),
    );
  });

  // Validity of every certificate presented.
  chain.forEach((cert, i) => {
    const label = i === 0 ? 'the leaf' : `intermediate ${i} (${cert.subject || cert.serial})`;
    const at = { path: `/chain/${i}` };
    if (cert.fields.notBefore > now) {
      findings.push(
        svidFinding('RT3017', `${label} is valid only from ${cert.fields.notBefore.toISOString()}`, at),
      );
    }
    if (cert.fields.notAfter <= now) {
      findings.push(svidFinding('RT3018', `${label} expired at ${cert.fields.notAfter.toISOString()}`, at));
    }
  });
  const leafNotAfter = leaf.fields.notAfter;
  if (
    options.expiresWithin !== undefined &&
    leafNotAfter > now &&
    leafNotAfter.getTime() - now.getTime() < options.expiresWithin
  ) {
    findings.push(
      svidFinding(
        'RT3019',
        `the leaf expires at ${leafNotAfter.toISOString()}, within the requested window`,
        { path: '/chain/0' },
      ),
    );
  }

  // The presented chain must link: chain[i] issued by chain[i+1].
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!isIssuedBy(chain[i], chain[i + 1])) {
      const why =
        Buffer.compare(chain[i].fields.issuerDer, chain[i + 1].fields.subjectDer) !== 0
          ? `its issuer is "${chain[i].issuer}", not "${chain[i + 1].subject}"`
          : 'the signature does not verify with its key';
      findings.push(
        svidFinding(
          'RT3020',
          `certificate ${i} (${chain[i].subject || chain[i].serial}) is not issued by certificate ${i + 1}: ${why}`,
          {
            path: `/chain/${i}`,
          },
        ),
      );
    }
  }

  if (options.expectSpiffeId !== undefined && spiffeID !== options.expectSpiffeId) {
    findings.push(
      svidFinding('RT3024', `the SPIFFE ID is ${spiffeID ?? '(none)'}, expected ${options.expectSpiffeId}`, {
        path: '/chain/0',
      }),
    );
  }

  // Verification against the bundle of the SVID's own trust domain.
  let verifiedBy: ParsedCertificate | undefined;
  const bundle = options.bundle;
  if (!bundle) {
    if (options.trustDomain && trustDomain && trustDomain !== options.trustDomain) {
      findings.push(
        svidFinding('RT3022', `the SVID is in trust domain ${trustDomain}, expected ${options.trustDomain}`, {
          path: '/chain/0',
        }),
      );
    }
    findings.push(
      svidFinding(
        'RT3023',
        'no trust bundle was given: the SPIFFE rules, key usages and validity period were checked, but not who signed the chain (a forged signature would pass)',
        unverifiedSeverity(options),
      ),
    );
  } else {
    findings.push(...bundle.findings, ...checkBundleAt(bundle, now));
    if (bundle.trustDomain === undefined && trustDomain) {
      findings.push(
        svidFinding('RT4114', `the bundle names no trust domain; assumed ${trustDomain}, the SVID's`, {
          file: bundle.file,
        }),
      );
    }
    if (bundle.trustDomain !== undefined && trustDomain !== undefined && bundle.trustDomain !== trustDomain) {
      findings.push(
        svidFinding(
          'RT3022',
          `the SVID is in trust domain ${trustDomain}, but the bundle is for ${bundle.trustDomain}`,
          { path: '/chain/0' },
        ),
      );
    } else if (bundle.x509Authorities.length === 0) {
      findings.push(
        svidFinding('RT3021', 'the bundle holds no X.509 authority, so the chain cannot be verified'),
      );
    } else {
      verifiedBy = findAnchor(chain, bundle.x509Authorities);
      if (!verifiedBy) {
        const top = chain[chain.length - 1];
        findings.push(
          svidFinding(
            'RT3021',
            `no authority of the bundle issued ${chain.length === 1 ? 'the leaf' : 'the top of the chain'} (issuer "${top.issuer}")`,
            {
              path: `/chain/${chain.length - 1}`,
            },
          ),
        );
      }
    }
  }

  return finish(
    {
      kind: 'x509-svid',
      spiffeID: spiffeID ?? null,
      trustDomain: trustDomain ?? null,
      notBefore: leaf.fields.notBefore.toISOString(),
      notAfter: leafNotAfter.toISOString(),
      serial: leaf.serial,
      chain: chain.map((c, i) => summarizeCertificate(c, i === 0 ? 'leaf' : 'intermediate')),
      verifiedBy: verifiedBy ? summarizeCertificate(verifiedBy, 'authority') : null,
      bundle: bundle ? summarizeBundle(bundle) : null,
      jwt: null,
      findings,
    },
    verifiedBy !== undefined && !findings.some((f) => f.code === 'RT3020'),
  );
}

/** The bundle authority the chain ends at: an authority equal to a presented cert, or one that issued the top. */
function findAnchor(
  chain: readonly ParsedCertificate[],
  authorities: readonly ParsedCertificate[],
): ParsedCertificate | undefined {
  for (let i = 0; i < chain.length; i++) {
    const same = authorities.find((a) => a.der.equals(chain[i].der));
    if (same && i > 0) return same;
    const issuer = authorities.find((a) => isIssuedBy(chain[i], a));
    if (issuer) {
      // Everything below i must link up to it (RT3020 already reports breaks).
      return issuer;
    }
  }
  return undefined;
}

/** Inspect a JWT-SVID. */
export function inspectJwtSvid(token: string, options: InspectOptions): SvidReport {
  const decoded = decodeJwt(token);
  if (!decoded.ok) return emptyReport('jwt-svid', [{ ...decoded.finding, file: options.file }]);
  const { jwt } = decoded;
  const findings = checkJwtSvid(jwt, {
    now: options.now,
    bundle: options.bundle,
    trustDomain: options.trustDomain,
    audience: options.audience,
    expectSpiffeId: options.expectSpiffeId,
    expiresWithinMs: options.expiresWithin,
    requireVerified: options.requireVerified,
  });
  if (options.bundle) findings.push(...options.bundle.findings);
  const sub = typeof jwt.claims.sub === 'string' ? jwt.claims.sub : null;
  const parsed = sub ? parseSpiffeId(sub) : undefined;
  const time = (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) ? new Date(v * 1000).toISOString() : null;
  const bundleTd = options.bundle?.trustDomain;
  const subTd = parsed?.ok ? parsed.value.trustDomain : undefined;
  if (options.bundle && bundleTd === undefined && subTd && options.bundle.jwtAuthorities.length > 0) {
    findings.push(
      svidFinding('RT4114', `the bundle names no trust domain; assumed ${subTd}, the token's`, {
        file: options.bundle.file,
      }),
    );
  }
  return finish(
    {
      kind: 'jwt-svid',
      spiffeID: sub,
      trustDomain: subTd ?? null,
      notBefore: time(jwt.claims.nbf) ?? time(jwt.claims.iat),
      notAfter: time(jwt.claims.exp),
      serial: typeof jwt.claims.jti === 'string' ? jwt.claims.jti : null,
      chain: [],
      verifiedBy: null,
      bundle: options.bundle ? summarizeBundle(options.bundle) : null,
      jwt: { header: jwt.header, claims: jwt.claims },
      findings,
    },
    options.bundle !== undefined && !findings.some((f) => JWT_UNVERIFIED.has(f.code)),
  );
}

/** Inspect a bundle on its own (its structure and its authorities' validity). */
export function inspectBundle(bundle: TrustBundle, options: Pick<InspectOptions, 'now'>): SvidReport {
  const validity = bundle.x509Authorities.map((c) => [c.fields.notBefore, c.fields.notAfter] as const);
  const min = validity.length ? new Date(Math.max(...validity.map(([nb]) => nb.getTime()))) : undefined;
  const max = validity.length ? new Date(Math.min(...validity.map(([, na]) => na.getTime()))) : undefined;
  return finish(
    {
      kind: 'bundle',
      spiffeID: bundle.trustDomain ? `spiffe://${bundle.trustDomain}` : null,
      trustDomain: bundle.trustDomain ?? null,
      notBefore: min?.toISOString() ?? null,
      notAfter: max?.toISOString() ?? null,
      serial: null,
      chain: bundle.x509Authorities.map((c) => summarizeCertificate(c, 'authority')),
      verifiedBy: null,
      bundle: summarizeBundle(bundle),
      jwt: null,
      findings: [...bundle.findings, ...checkBundleAt(bundle, options.now)],
    },
    null,
  );
}

export type DetectedFormat = 'pem' | 'der' | 'jwt' | 'bundle-json' | 'api-json' | 'unknown';

/** What the bytes are. Base64 text of DER (as Kubernetes secrets hold certificates) counts as DER. */
export function detectSvidFormat(bytes: Uint8Array): {
  format: DetectedFormat;
  der?: Uint8Array;
  text?: string;
} {
  if (bytes.length > 0 && bytes[0] === 0x30 && derElementLength(bytes) !== undefined)
    return { format: 'der', der: bytes };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const doc: unknown = JSON.parse(trimmed);
      if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
        if (Array.isArray((doc as { keys?: unknown }).keys)) return { format: 'bundle-json', text: trimmed };
        if (
          typeof (doc as { svid?: unknown }).svid === 'string' ||
          typeof (doc as { token?: unknown }).token === 'string'
        ) {
          return { format: 'api-json', text: trimmed };
        }
      }
    } catch {
      // not JSON: unknown below
    }
    if (looksLikePem(text)) return { format: 'pem', text };
    return { format: 'unknown', text };
  }
  if (looksLikePem(text)) return { format: 'pem', text };
  if (looksLikeJwt(trimmed)) return { format: 'jwt', text: trimmed };
  const compact = trimmed.replace(/\s+/g, '');
  if (compact.length >= 16 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    const der = Buffer.from(compact, 'base64');
    if (der[0] === 0x30 && derElementLength(der) !== undefined) return { format: 'der', der };
    const inner = der.toString('utf8');
    if (looksLikePem(inner)) return { format: 'pem', text: inner };
  }
  return { format: 'unknown', text };
}

/** A PEM input whose certificates are all CAs and none names a workload is a bundle, not an SVID. */
function isBundleLike(certs: readonly ParsedCertificate[]): boolean {
  return (
    certs.length > 0 &&
    certs.every(
      (c) =>
        c.isCA &&
        (c.fields.keyUsage?.usages.includes('keyCertSign') ?? true) &&
        c.fields.subjectAltNames.uri.every((u) => {
          const r = parseSpiffeId(u);
          return r.ok && r.value.path === '';
        }),
    )
  );
}

/** Detect, parse and inspect whatever `bytes` holds. Never throws for bad input: it becomes findings. */
export function inspectSvidBytes(bytes: Uint8Array, options: InspectOptions): SvidReport {
  const detected = detectSvidFormat(bytes);
  const file = options.file;
  switch (detected.format) {
    case 'der': {
      const parsed = parseDerCertificates(detected.der!, file);
      return inspectX509Svid(parsed.certs, options, parsed.findings);
    }
    case 'pem': {
      const parsed = parsePemCertificates(detected.text!, file);
      if (parsed.findings.every((f) => f.code !== 'RT3002') && isBundleLike(parsed.certs)) {
        return inspectBundle(
          parseTrustBundle(detected.text!, { trustDomain: options.trustDomain, file }),
          options,
        );
      }
      return inspectX509Svid(parsed.certs, options, parsed.findings);
    }
    case 'jwt':
      return inspectJwtSvid(detected.text!, options);
    case 'bundle-json':
      return inspectBundle(
        parseTrustBundle(detected.text!, { trustDomain: options.trustDomain, file }),
        options,
      );
    case 'api-json': {
      const doc = JSON.parse(detected.text!) as { svid?: string; token?: string };
      return typeof doc.svid === 'string'
        ? inspectSvidBytes(Buffer.from(doc.svid, 'utf8'), options)
        : inspectJwtSvid(doc.token!, options);
    }
    default: {
      const text = (detected.text ?? '').trim();
      const what =
        text === ''
          ? 'the input is empty'
          : text.split('.').length === 3
            ? 'the input looks like a JWT but is not valid base64url JSON'
            : 'the input is not a PEM or DER certificate, a JWT or SPIFFE bundle JSON';
      if (text.split('.').length === 3 && text.startsWith('ey')) return inspectJwtSvid(text, options);
      return emptyReport('x509-svid', [svidFinding('RT3001', what, { file })]);
    }
  }
}
