/** Text output of `svid issue`: what was issued, where it was written, and whether it verifies. */
import chalk from 'chalk';
import { relativeTime } from '../core/spiffe/duration';
import type { SvidReport } from '../core/spiffe/verify';

export interface IssuedSvidView {
  spiffeID: string;
  serial: string;
  notAfter: string;
  /** `key` is absent when the CSR was made elsewhere (`svid issue --csr`). */
  files: { svid: string; key?: string; bundle: string };
  report: SvidReport;
}

export function renderIssuedSvidText(v: IssuedSvidView, options: { now: Date; color: boolean }): string {
  const c = new chalk.Instance({ level: options.color ? 1 : 0 });
  const lines = [
    `${c.green('issued')} ${v.spiffeID}  serial ${v.serial}  (${relativeTime(new Date(v.notAfter), options.now, 'expires', 'expired')})`,
    `  ${v.files.svid}    certificate chain`,
    v.files.key === undefined
      ? `  (no key.pem: the key stays where the CSR was made)`
      : `  ${v.files.key}     private key (0600, generated here, never sent)`,
    `  ${v.files.bundle}  trust bundle`,
  ];
  if (v.report.valid) lines.push(c.green('verified against the served bundle: every SPIFFE rule passes'));
  else lines.push(...notVerified('SVID', v.report, c));
  return lines.join('\n') + '\n';
}

/** The lines that say an issued SVID does not verify, with its errors. */
export function notVerified(
  what: string,
  report: SvidReport,
  c: chalk.Chalk = new chalk.Instance({ level: 0 }),
): string[] {
  return [
    c.red(`the issued ${what} does NOT verify:`),
    ...report.findings.filter((x) => x.severity === 'error').map((f) => `  ${f.code} ${f.message}`),
  ];
}
