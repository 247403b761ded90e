/**
 * The body of `svid issue` (src/commands/svid/issue.ts keeps the flags): check the flags, then get a
 * JWT-SVID, or generate a key (or read the CSR given with --csr), send the CSR, verify the issued
 * X.509-SVID against the served bundle and write the files. Returns an `SvidIssueResult` (src/printers/svid-result.ts prints it).
 */
import { usageError } from '../core/errors';
import { parseDuration } from '../core/spiffe/duration';
import { checkWorkloadPath, spiffeIdFor, trustDomainOf } from '../core/spiffe/id';
import { quote } from '../core/text/quote';
import type { TrustBundle } from '../core/spiffe/bundle';
import type { SvidReport } from '../core/spiffe/verify';
import type { SvidIssueResult } from '../printers/svid-result';
import type { KeyType } from '../io/svid-files';
import type { ConnectionFlagValues } from './context';

export interface SvidIssueFlags extends ConnectionFlagValues {
  workload: string;
  ttl?: string;
  /** Where the files go (undefined: the current directory). */
  out?: string;
  /** The key to generate (undefined: ec-p256); not with --csr or --jwt, which generate none. */
  'key-type'?: KeyType;
  jwt?: boolean;
  force?: boolean;
  audience?: string[];
  /** A PKCS#10 request made elsewhere: sent instead of generating a key here. */
  csr?: string;
}

function checkFlags(flags: SvidIssueFlags): void {
  const problems = checkWorkloadPath(flags.workload);
  if (problems.length) {
    throw usageError(`--workload ${quote(flags.workload)}: ${problems.map((p) => p.message).join('; ')}`, [
      'a workloadID is the SPIFFE path without the leading "/", e.g. myapp/app/frontend',
    ]);
  }
  if (flags.ttl !== undefined && !parseDuration(flags.ttl).ok) {
    throw usageError(`--ttl: ${(parseDuration(flags.ttl) as { message: string }).message}`);
  }
  if (flags.jwt && !flags.audience?.length)
    throw usageError('--jwt needs --audience AUD', ['e.g. --jwt --audience billing']);
  if (!flags.jwt && flags.audience?.length) throw usageError('--audience applies to --jwt only');
  if (flags.jwt && flags.csr !== undefined)
    throw usageError('--csr applies to X.509-SVIDs, not --jwt', ['drop --csr, or drop --jwt and --audience']);
  // A flag that would do nothing is refused, not ignored: the user meant something by it.
  if (flags['key-type'] !== undefined && (flags.jwt || flags.csr !== undefined))
    throw usageError(
      flags.jwt
        ? '--key-type applies to X.509-SVIDs: --jwt generates no key'
        : '--key-type and --csr: the CSR holds its own key, so no key is generated here',
      flags.jwt
        ? ['drop --key-type']
        : ['drop --key-type, or drop --csr to have a key of that type generated here'],
    );
  const written = [flags.out !== undefined && '--out', flags.force && '--force'].filter(Boolean);
  if (flags.jwt && written.length > 0)
    throw usageError(`${written.join(' and ')}: --jwt writes no files, it prints the token`, [
      `drop ${written.join(' and ')}, or drop --jwt and --audience to get an X.509-SVID written`,
    ]);
}

export async function runSvidIssue(flags: SvidIssueFlags): Promise<SvidIssueResult> {
  checkFlags(flags);
  const cp = require('./svid-control-plane') as typeof import('./svid-control-plane');
  if (flags.jwt) {
    const { issued, bundle } = await cp.withConnection(flags, async (c) => {
      const issued = await cp.requestJwtSvid(c, {
        workloadID: flags.workload,
        audience: flags.audience!,
        ttl: flags.ttl,
      });
      return { issued, bundle: (await cp.fetchTrustBundle(c)).bundle };
    });
    // Verified like the X.509-SVID: the served bundle's key signed it, for the workload and audience asked.
    const report = verifyIssued(issued.token, issued.spiffeID, bundle, flags, new Date());
    return { kind: 'jwt', issued, audience: flags.audience!, report };
  }

  // Bring your own key: the CSR given is read (and checked to be one) before anything else; its key
  // stays where the CSR was made, and no key.pem is written.
  const out = flags.out ?? '.';
  const givenCsr =
    flags.csr === undefined
      ? undefined
      : await (require('../io/svid-input') as typeof import('../io/svid-input')).readCsrFile(flags.csr);
  if (!flags.force)
    (require('../io/svid-existing') as typeof import('../io/svid-existing')).refuseOverwrite(
      out,
      givenCsr === undefined,
    );
  const { generateKeyAndCsr, writeSvidFiles, bundleJsonToPem, certifiesCsrKey } =
    require('../io/svid-files') as typeof import('../io/svid-files');
  const { keyPem, csrPem } =
    givenCsr === undefined
      ? await generateKeyAndCsr(flags['key-type'] ?? 'ec-p256', flags.workload)
      : { keyPem: undefined, csrPem: givenCsr };
  const { issued, bundle, bundleJson } = await cp.withConnection(flags, async (c) => {
    const issued = await cp.requestX509Svid(c, { csr: csrPem, workloadID: flags.workload, ttl: flags.ttl });
    const { bundle, json } = await cp.fetchTrustBundle(c);
    return { issued, bundle, bundleJson: json };
  });
  if (certifiesCsrKey(issued.svid, csrPem) === false) {
    const { badResponse } = require('../api/client') as typeof import('../api/client');
    throw badResponse(
      'the control plane issued a certificate for another key than the one the CSR holds: nothing was written',
    );
  }
  const now = new Date();
  const report = verifyIssued(issued.svid, issued.spiffeID, bundle, flags, now);
  const files = writeSvidFiles(out, {
    chainPem: issued.svid,
    keyPem,
    bundlePem: bundleJsonToPem(bundleJson),
  });
  return { kind: 'x509', issued, files, report, now };
}

/**
 * Check an issued SVID (X.509 chain or JWT) against the served bundle as the identity asked for, not
 * the one the answer claims (an SVID for another workload is RT3024, a JWT-SVID RT4018); a JWT for --audience.
 */
function verifyIssued(
  svid: string,
  claimed: string,
  bundle: TrustBundle,
  flags: SvidIssueFlags,
  now: Date,
): SvidReport {
  const { inspectSvidBytes } = require('../core/spiffe/verify') as typeof import('../core/spiffe/verify');
  const trustDomain = bundle.trustDomain ?? trustDomainOf(claimed);
  return inspectSvidBytes(Buffer.from(svid), {
    now,
    bundle,
    expectSpiffeId: trustDomain === undefined ? claimed : spiffeIdFor(trustDomain, flags.workload),
    ...(flags.jwt ? { audience: flags.audience, requireVerified: true } : {}),
  });
}
