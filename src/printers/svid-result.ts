/**
 * `svid inspect` and `svid issue` results → output (text or JSON). The renderers are loaded when
 * used, as the commands did, so that a short command does not evaluate them.
 */
import type { JwtSvidResponse, X509SvidResponse } from '../core/wire/svid-types';
import { ExitCode } from '../core/errors';
import type { SvidReport } from '../core/spiffe/verify';
import { renderJsonDocument } from './envelope';
import { toStderr, toStdout, type Printed } from './printed';
import type { SvidHandshake, SvidPolicy, SvidSource } from './svid-sections';

/** `svid inspect`: the report, what was inspected, the TLS handshake (--connect) and the policy (--explain). */
export interface SvidInspectResult {
  report: SvidReport;
  source: SvidSource;
  handshake?: SvidHandshake;
  policy?: SvidPolicy;
  /** The clock the report was made with (relative times in text). */
  now: Date;
}

export function printSvidInspect(r: SvidInspectResult, options: { output: string; color: boolean }): Printed {
  const svidSections = require('./svid-sections') as typeof import('./svid-sections');
  if (options.output === 'json') {
    const { renderSvidJson } = require('./svid-json') as typeof import('./svid-json');
    const h = r.handshake;
    return [
      toStdout(
        renderSvidJson(r.report, {
          source: r.source,
          ...(h
            ? {
                handshake: {
                  protocol: h.protocol,
                  cipher: h.cipher,
                  clientCertificateSent: h.clientCertificateSent,
                },
              }
            : {}),
          ...(r.policy ? { explain: svidSections.svidPolicyJson(r.policy) } : {}),
        }),
      ),
    ];
  }
  const { renderSvidText } = require('./svid-text') as typeof import('./svid-text');
  return [
    toStdout(
      renderSvidText(r.report, {
        now: r.now,
        color: options.color,
        source: r.source.name,
        sections: [
          ...(r.handshake ? [svidSections.handshakeSection(r.source.name, r.handshake)] : []),
          ...(r.policy ? [svidSections.policySection(r.policy)] : []),
        ],
      }),
    ),
  ];
}

/** `svid issue`: a JWT-SVID, or an X.509-SVID with the files written and its verification. */
export type SvidIssueResult =
  | { kind: 'jwt'; issued: JwtSvidResponse; audience: string[]; report: SvidReport }
  | {
      kind: 'x509';
      issued: X509SvidResponse;
      files: { svid: string; key?: string; bundle: string };
      report: SvidReport;
      now: Date;
    };

export function printSvidIssue(r: SvidIssueResult, options: { output: string; color: boolean }): Printed {
  const json = options.output === 'json';
  if (r.kind === 'jwt') {
    if (json) {
      const { svidReportJson } = require('./svid-json') as typeof import('./svid-json');
      return [
        toStdout(
          renderJsonDocument('IssuedJwtSvid', { ...r.issued, verification: svidReportJson(r.report) }),
        ),
      ];
    }
    const { notVerified } = require('./svid-issue') as typeof import('./svid-issue');
    return [
      toStdout(r.issued.token),
      toStderr(
        `JWT-SVID for ${r.issued.spiffeID}, audience ${r.audience.join(', ')}, expires ${r.issued.expiresAt}`,
      ),
      ...(r.report.valid ? [] : [toStderr(notVerified('JWT-SVID', r.report).join('\n'))]),
    ];
  }
  if (json) {
    const { svidReportJson } = require('./svid-json') as typeof import('./svid-json');
    const { spiffeID, serial, notBefore, notAfter } = r.issued;
    return [
      toStdout(
        renderJsonDocument('IssuedX509Svid', {
          spiffeID,
          serial,
          notBefore,
          notAfter,
          files: r.files,
          verification: svidReportJson(r.report),
        }),
      ),
    ];
  }
  const { renderIssuedSvidText } = require('./svid-issue') as typeof import('./svid-issue');
  return [
    toStdout(
      renderIssuedSvidText(
        { ...r.issued, files: r.files, report: r.report },
        { now: r.now, color: options.color },
      ),
    ),
  ];
}

/** 0 when the SVID is valid, else 1. */
export function svidExitCode(r: SvidInspectResult | SvidIssueResult): number {
  return r.report.valid ? ExitCode.OK : ExitCode.FINDINGS;
}
