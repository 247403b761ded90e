/**
 * The JSON form of an `svid inspect` report (documented in docs/svid.md): the report itself, with
 * findings reduced to their stable members. Field order is fixed so diffs of outputs stay readable.
 */
import type { SvidReport } from '../core/spiffe/verify';
import { renderJsonDocument } from './envelope';
import type { svidPolicyJson, SvidSource } from './svid-sections';

export interface SvidJsonExtras {
  source?: SvidSource;
  handshake?: { protocol: string | null; cipher: string | null; clientCertificateSent: boolean };
  explain?: ReturnType<typeof svidPolicyJson>;
}

export function svidReportJson(report: SvidReport, extras: SvidJsonExtras = {}): Record<string, unknown> {
  return {
    // `kind` is the document's (SvidReport); what was inspected is `type`.
    type: report.kind,
    valid: report.valid,
    verified: report.verified,
    spiffeID: report.spiffeID,
    trustDomain: report.trustDomain,
    notBefore: report.notBefore,
    notAfter: report.notAfter,
    serial: report.serial,
    chain: report.chain,
    verifiedBy: report.verifiedBy,
    bundle: report.bundle,
    jwt: report.jwt,
    ...(extras.source ? { source: extras.source } : {}),
    ...(extras.handshake ? { handshake: extras.handshake } : {}),
    ...(extras.explain !== undefined ? { explain: extras.explain } : {}),
    findings: report.findings.map((f) => ({
      severity: f.severity,
      code: f.code,
      message: f.message,
      ...(f.fix ? { fix: f.fix } : {}),
      ...(f.path ? { path: f.path } : {}),
      ...(f.file ? { file: f.file } : {}),
      ...(f.line ? { line: f.line } : {}),
    })),
  };
}

export function renderSvidJson(report: SvidReport, extras: SvidJsonExtras = {}): string {
  return renderJsonDocument('SvidReport', svidReportJson(report, extras));
}
