/**
 * Human rendering of an `svid inspect` report: identity, validity with relative times, key, SANs,
 * key usages, the issuer chain with fingerprints, then every finding with its fix.
 */
import chalk from 'chalk';
import { lookupCode } from '../core/catalog';
import { summarizeFindings } from '../core/findings';
import { relativeTime } from '../core/spiffe/duration';
import { escapeTerminal as t, escapeTerminalText } from '../core/text/terminal';
import type { CertificateSummary, SvidReport } from '../core/spiffe/verify';

export interface SvidTextOptions {
  now: Date;
  color: boolean;
  /** Where the input came from: a file name, `<stdin>`, `127.0.0.1:8443` … */
  source?: string;
  /** Extra lines (handshake details, the WorkloadIdentity it belongs to …) shown before the findings. */
  sections?: { title: string; lines: string[] }[];
}

const KIND_TITLE = { 'x509-svid': 'X.509-SVID', 'jwt-svid': 'JWT-SVID', bundle: 'Trust bundle' } as const;

function keyText(k: CertificateSummary['key']): string {
  if (k.type === 'EC') return `EC ${k.curve ?? '?'}`;
  if (k.type === 'RSA' || k.type === 'RSA-PSS') return `${k.type} ${k.bits ?? '?'} bits`;
  return k.type;
}

/** `2026-06-01 12:00:00 UTC` */
const day = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');

function validityText(nb: string | null, na: string | null, now: Date): string {
  if (!na) return nb ? `from ${day(nb)}` : 'unknown';
  const notAfter = new Date(na);
  const rel =
    nb && new Date(nb) > now
      ? relativeTime(new Date(nb), now, 'valid', 'valid')
      : relativeTime(notAfter, now, 'expires', 'expired');
  return `${nb ? day(nb) : '?'} → ${day(na)} (${rel})`;
}

function sansText(s: CertificateSummary['sans']): string {
  const parts = [
    ...s.uri.map((v) => `URI:${t(v)}`),
    ...s.dns.map((v) => `DNS:${t(v)}`),
    ...s.ip.map((v) => `IP:${t(v)}`),
    ...s.email.map((v) => `email:${t(v)}`),
  ];
  return parts.length ? parts.join(', ') : '(none)';
}

export function renderSvidText(report: SvidReport, options: SvidTextOptions): string {
  const c = new chalk.Instance({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  const summary = summarizeFindings(report.findings);
  const counts = [
    summary.errors ? `${summary.errors} error${summary.errors === 1 ? '' : 's'}` : '',
    summary.warnings ? `${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  // VALID needs a verified signature too; structure alone is NOT VERIFIED (a forged SVID would pass).
  const verdict = !report.valid
    ? c.red.bold('INVALID')
    : report.verified === false
      ? c.yellow.bold('NOT VERIFIED')
      : c.green.bold('VALID');
  lines.push(
    `${c.bold(KIND_TITLE[report.kind])}  ${verdict}${counts ? ` (${counts})` : ''}${options.source ? `  ${c.dim(t(options.source))}` : ''}`,
  );
  const row = (label: string, value: string) => lines.push(`  ${(label + ':').padEnd(16)}${value}`);

  if (report.kind !== 'bundle') {
    // Everything below comes from the certificate or token: a remote peer (--connect) chose it.
    row(
      'SPIFFE ID',
      report.spiffeID !== null && report.spiffeID !== undefined ? t(report.spiffeID) : c.red('(none)'),
    );
    row('Trust domain', t(report.trustDomain ?? '(unknown)'));
  }
  if (report.kind === 'x509-svid' && report.chain.length > 0) {
    const leaf = report.chain[0];
    row('Serial', t(leaf.serial));
    row('Validity', validityText(report.notBefore, report.notAfter, options.now));
    row('Key', keyText(leaf.key));
    row('Signature', t(leaf.signatureAlgorithm));
    row('SANs', sansText(leaf.sans));
    row(
      'Key usage',
      leaf.keyUsage.length
        ? `${t(leaf.keyUsage.join(', '))}${leaf.keyUsageCritical ? ' (critical)' : ''}`
        : '(none)',
    );
    row('Ext key usage', leaf.extKeyUsage.length ? t(leaf.extKeyUsage.join(', ')) : '(none)');
    row('CA', leaf.isCA ? 'yes' : 'no');
    row('SHA-256', leaf.fingerprintSHA256);
    lines.push('', c.bold('Chain:'));
    report.chain.forEach((cert, i) => lines.push(...certLines(cert, i, options.now)));
    if (report.verifiedBy) {
      lines.push(...certLines(report.verifiedBy, report.chain.length, options.now, 'trust anchor'));
    }
  }
  if (report.kind === 'jwt-svid' && report.jwt) {
    const { header, claims } = report.jwt;
    const aud = claims.aud;
    row('Audience', t(Array.isArray(aud) ? aud.join(', ') : aud === undefined ? '(none)' : String(aud)));
    row('Algorithm', t(String(header.alg ?? '(none)')));
    row('Key ID', header.kid === undefined ? '(none)' : t(String(header.kid)));
    if (header.typ !== undefined) row('Type', t(String(header.typ)));
    if (typeof claims.iat === 'number')
      row(
        'Issued',
        `${day(new Date(claims.iat * 1000).toISOString())} (${relativeTime(new Date(claims.iat * 1000), options.now, 'issued', 'issued')})`,
      );
    row('Validity', validityText(report.notBefore, report.notAfter, options.now));
    if (report.serial) row('JWT ID', t(report.serial));
  }
  if (report.kind === 'bundle' && report.bundle) {
    const b = report.bundle;
    row('Trust domain', t(b.trustDomain ?? '(not named)'));
    row('Format', b.format === 'jwks' ? 'SPIFFE bundle (JWKS)' : 'PEM certificates');
    if (b.sequence !== null) row('Sequence', String(b.sequence));
    if (b.refreshHint !== null) row('Refresh hint', `${b.refreshHint} s`);
    lines.push('', c.bold(`X.509 authorities (${b.x509Authorities.length}):`));
    b.x509Authorities.forEach((cert, i) => lines.push(...certLines(cert, i, options.now)));
    lines.push('', c.bold(`JWT authorities (${b.jwtAuthorities.length}):`));
    for (const a of b.jwtAuthorities)
      lines.push(t(`  ${a.kid}  ${a.kty}${a.crv ? ` ${a.crv}` : ''}${a.alg ? ` ${a.alg}` : ''}`));
  }
  if (report.kind !== 'bundle') {
    lines.push('');
    if (report.bundle) {
      const b = report.bundle;
      const trusted = report.verified === true;
      lines.push(
        `${c.bold('Trust:')} ${trusted ? 'verified with' : 'checked against'} the bundle of ${t(b.trustDomain ?? '(unnamed trust domain)')} (${b.x509Authorities.length} X.509, ${b.jwtAuthorities.length} JWT authorit${b.jwtAuthorities.length === 1 ? 'y' : 'ies'})`,
      );
    } else {
      lines.push(`${c.bold('Trust:')} ${c.yellow('not verified')}: no trust bundle`);
    }
    if (report.verified === false && report.valid) {
      const what =
        report.kind === 'x509-svid'
          ? 'the SPIFFE ID, key usages, constraints and validity period of the chain'
          : 'the header, the SPIFFE ID in sub, aud and the time claims';
      const not = report.kind === 'x509-svid' ? 'who signed the chain' : 'the signature';
      lines.push(
        `  checked:     ${what}`,
        `  not checked: ${not} (a forged ${report.kind === 'x509-svid' ? 'certificate' : 'token'} would pass)`,
        `  verify with --bundle FILE (or a context's control plane); --require-verified makes this exit 1`,
      );
    }
  }
  for (const section of options.sections ?? []) {
    lines.push('', c.bold(`${section.title}:`), ...section.lines.map((l) => `  ${t(l)}`));
  }
  lines.push('');
  if (report.findings.length === 0) {
    lines.push(c.green('No findings: every SPIFFE rule checked passes.'));
  } else {
    lines.push(c.bold(`Findings (${report.findings.length}):`));
    for (const f of report.findings) {
      const sev =
        f.severity === 'error'
          ? c.red('error  ')
          : f.severity === 'warning'
            ? c.yellow('warning')
            : c.cyan('info   ');
      const name = lookupCode(f.code)?.name ?? '';
      const where = f.file ? ` ${c.dim(`${t(f.file)}${f.line ? `:${f.line}` : ''}`)}` : '';
      lines.push(`  ${sev} ${f.code} ${c.dim(name)}${where}`);
      lines.push(`          ${escapeTerminalText(f.message)}`);
      if (f.fix) lines.push(`          ${c.bold('fix:')} ${escapeTerminalText(f.fix)}`);
      lines.push(`          ${c.dim(`docs/codes/${f.code}.md`)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function certLines(cert: CertificateSummary, i: number, now: Date, label?: string): string[] {
  const role = label ?? cert.role;
  const when =
    new Date(cert.notAfter) > now
      ? relativeTime(new Date(cert.notAfter), now, 'expires', 'expired')
      : relativeTime(new Date(cert.notAfter), now, 'expires', 'expired');
  return [
    `  ${String(i).padStart(2)} ${role.padEnd(13)} ${t(cert.subject || '(empty subject)')}${cert.spiffeID ? `  ${t(cert.spiffeID)}` : ''}`,
    `     ${''.padEnd(13)} issuer ${t(cert.issuer || '(empty)')}; ${keyText(cert.key)}; ${cert.isCA ? 'CA' : 'not CA'}; ${when}`,
    `     ${''.padEnd(13)} SHA-256 ${cert.fingerprintSHA256}`,
  ];
}
