/**
 * `riptides-cli svid issue --workload ID`: generate a key on this machine, send only a CSR, and write
 * the X.509-SVID chain, the key (0600) and the trust bundle — or, with --jwt, print a JWT-SVID.
 * The result is verified against the served bundle before it is reported.
 */
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command';
import { connectionFlags } from '../../cli/connection-flags';
import { outputFlag } from '../../cli/flags';
import { KEY_TYPES } from '../../io/svid-files';
import type { Printed, PrintOptions } from '../../printers/printed';
import { printSvidIssue, svidExitCode, type SvidIssueResult } from '../../printers/svid-result';

export default class SvidIssue extends BaseCommand<SvidIssueResult> {
  static override summary = 'Get an X.509-SVID (or a JWT-SVID) issued by the control plane for a workload.';

  static override description = `The private key is generated locally and never leaves this machine: only a certificate signing request is sent (POST /v1/svids/x509). Writes into --out (default: the current directory):
  svid.pem    the certificate chain (leaf first, then the issuing CA)
  key.pem     the private key (PKCS#8, mode 0600)
  bundle.pem  the trust domain's X.509 authorities (from GET /v1/bundle)
Existing files are never replaced without --force: the command stops (exit 2) before a key is generated or anything is requested.
The issued SVID must hold the CSR's key, and is verified against that bundle before anything is reported.

With --csr FILE, sends that PKCS#10 request (PEM, or DER) instead of generating a key: bring your own key (an HSM, a TPM, a key made with openssl). Only svid.pem and bundle.pem are written; the control plane ignores the CSR's subject and names, and refuses a bad request with a reason (invalid-csr, csr-signature-invalid, csr-weak-key; exit 1).

With --jwt, prints a JWT-SVID for --audience instead (POST /v1/svids/jwt), verified against the served bundle; nothing is written.

The workload must belong to an applied WorkloadIdentity (spec.workloadID), else the control plane answers 404.

Exit codes:
  0  issued (and verified)
  1  the control plane refused the request (unknown workload, invalid request) or the SVID does not verify
  2  usage: bad flags, files in --out that would be replaced (without --force)
  3  the control plane is unreachable, refused the credentials or failed`;

  static override examples = [
    '<%= config.bin %> svid issue --workload myapp/app/frontend --out ./frontend',
    '<%= config.bin %> svid issue --workload myapp/app/frontend --ttl 10m --key-type ed25519',
    '<%= config.bin %> svid issue --workload myapp/app/frontend --csr frontend.csr --out ./frontend',
    '<%= config.bin %> svid issue --workload myapp/app/frontend --jwt --audience billing',
  ];

  static override flags = {
    workload: Flags.string({
      description: 'workloadID of an applied WorkloadIdentity (e.g. myapp/app/frontend).',
      required: true,
    }),
    ttl: Flags.string({ description: 'Lifetime: 1h (X.509 default), 30m, 5m (JWT default) …' }),
    out: Flags.string({
      description:
        'Directory for svid.pem, key.pem and bundle.pem (default: the current directory; not with --jwt).',
    }),
    'key-type': Flags.option({
      description:
        'Key to generate (default: ec-p256; not with --csr, whose key is made elsewhere, nor with --jwt).',
      options: KEY_TYPES,
    })(),
    csr: Flags.string({
      description:
        'Send this PKCS#10 request (PEM or DER file, - for stdin) instead of generating a key; key.pem is neither written nor touched.',
    }),
    jwt: Flags.boolean({ description: 'Issue a JWT-SVID instead and print it.' }),
    force: Flags.boolean({
      description:
        'Replace svid.pem, key.pem and bundle.pem when they already exist in --out (not with --jwt).',
    }),
    audience: Flags.string({ char: 'a', description: 'JWT-SVID audience (repeatable).', multiple: true }),
    output: outputFlag(['text', 'json'] as const, 'text'),
    ...connectionFlags,
  };

  public async run(): Promise<SvidIssueResult> {
    const { flags } = await this.parse(SvidIssue);
    const { runSvidIssue } = require('../../cli/svid-issue-run') as typeof import('../../cli/svid-issue-run');
    return runSvidIssue(flags);
  }

  protected override print(result: SvidIssueResult, options: PrintOptions): Printed {
    return printSvidIssue(result, options);
  }

  protected override exitCodeFor(result: SvidIssueResult): number {
    return svidExitCode(result);
  }
}
