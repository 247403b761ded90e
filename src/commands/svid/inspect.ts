/**
 * `riptides-cli svid inspect [FILE|-]`: read anything SVID-shaped (a file, a pipe, a live TLS endpoint,
 * the control plane's record), check every SPIFFE rule, verify against the bundle of the SVID's own
 * trust domain, and print every finding with its fix.
 */
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command';
import { connectionFlags } from '../../cli/connection-flags';
import { filenameFlag, outputFlag, recursiveFlag } from '../../cli/flags';
import type { Printed, PrintOptions } from '../../printers/printed';
import { printSvidInspect, svidExitCode, type SvidInspectResult } from '../../printers/svid-result';

export default class SvidInspect extends BaseCommand<SvidInspectResult> {
  static override summary = 'Inspect and verify an X.509-SVID, a JWT-SVID or a SPIFFE trust bundle.';

  static override description = `Reads a PEM chain (leaf first), a DER certificate (raw or base64), a JWT-SVID or a SPIFFE bundle (JSON) from FILE or - (stdin), the chain a TLS server presents (--connect), or the newest SVID the control plane issued for a workload (--workload). Every rule of the SPIFFE X509-SVID / JWT-SVID standards is checked at once and each failure is reported with a stable code (RT3xxx X.509, RT4xxx JWT and bundle; see docs/codes/) and a fix.

Trust: --bundle FILE (PEM or SPIFFE bundle JSON; --trust-domain names its trust domain when the file cannot). Without --bundle, the bundle of the current context's control plane is used (GET /v1/bundle) when a context is configured; --offline never contacts it.

The verdict is VALID only when every rule passes and the signature was verified against a trust bundle. Without a usable bundle it is NOT VERIFIED: the structure, SPIFFE ID, key usages and validity period were checked, the signature was not (a forged one would pass), and the output says so (RT3023 / RT4017 warnings, "verified": false in JSON). That still exits 0; --require-verified makes it an error (exit 1), for CI.

Exit codes:
  0  no error finding (VALID, or NOT VERIFIED without --require-verified)
  1  invalid: at least one error finding (malformed input and a failed --connect handshake included), or not verified with --require-verified
  2  usage: bad flags, a file that does not exist
  3  the control plane is unreachable, refused the credentials or failed (--workload, context bundle)`;

  static override examples = [
    '<%= config.bin %> svid inspect svid.pem --bundle bundle.pem',
    'kubectl get secret web-tls -o jsonpath="{.data.tls\\.crt}" | <%= config.bin %> svid inspect - --bundle bundle.json',
    '<%= config.bin %> svid inspect token.jwt --bundle bundle.json --audience billing',
    '<%= config.bin %> svid inspect --connect 127.0.0.1:8443 --bundle bundle.pem --cert svid.pem --key key.pem',
    '<%= config.bin %> svid inspect svid.pem --fail-if-expires-within 24h -o json',
    '<%= config.bin %> svid inspect svid.pem --bundle bundle.pem --require-verified',
    '<%= config.bin %> svid inspect --workload myapp/frontend',
    '<%= config.bin %> svid inspect svid.pem --explain -f examples/quickstart',
  ];

  static override args = {
    file: Args.string({ description: 'File to inspect, or - for stdin.', required: false }),
  };

  static override flags = {
    output: outputFlag(['text', 'json'] as const, 'text'),
    bundle: Flags.string({
      char: 'b',
      description: 'Trust bundle: PEM CA certificates or SPIFFE bundle JSON.',
    }),
    'trust-domain': Flags.string({
      description: 'Trust domain of the --bundle (when the file does not name it).',
    }),
    audience: Flags.string({
      char: 'a',
      description: 'Expected JWT-SVID audience (repeatable: any of them).',
      multiple: true,
    }),
    'expect-spiffe-id': Flags.string({ description: 'Fail unless the SVID carries exactly this SPIFFE ID.' }),
    'fail-if-expires-within': Flags.string({
      description: 'Fail if the SVID expires within this duration (e.g. 24h, 30m, 7d).',
    }),
    connect: Flags.string({
      description: 'Inspect the chain presented by the TLS server at HOST:PORT.',
      exclusive: ['workload'],
    }),
    cert: Flags.string({
      description: 'With --connect: client certificate chain (PEM) to present.',
      dependsOn: ['connect', 'key'],
    }),
    key: Flags.string({
      description: 'With --connect: private key (PEM) of --cert.',
      dependsOn: ['connect', 'cert'],
    }),
    servername: Flags.string({
      description: 'With --connect: TLS server name (SNI) to send.',
      dependsOn: ['connect'],
    }),
    workload: Flags.string({
      description: 'Inspect the newest SVID the control plane issued for this workloadID.',
    }),
    offline: Flags.boolean({ description: 'Never contact the control plane for a bundle.' }),
    'require-verified': Flags.boolean({
      description:
        'Fail (exit 1) unless the signature was verified against a trust bundle; without it an unverified SVID is NOT VERIFIED, exit 0.',
    }),
    explain: Flags.boolean({
      description: 'Show which WorkloadIdentity of the -f manifests the SPIFFE ID belongs to.',
      dependsOn: ['filename'],
    }),
    filename: filenameFlag,
    recursive: recursiveFlag,
    ...connectionFlags,
  };

  public async run(): Promise<SvidInspectResult> {
    const { args, flags } = await this.parse(SvidInspect);
    const { runSvidInspect } =
      require('../../cli/svid-inspect-run') as typeof import('../../cli/svid-inspect-run');
    return runSvidInspect(args, flags, { bin: this.config.bin });
  }

  protected override print(result: SvidInspectResult, options: PrintOptions): Printed {
    return printSvidInspect(result, options);
  }

  protected override exitCodeFor(result: SvidInspectResult): number {
    return svidExitCode(result);
  }
}
