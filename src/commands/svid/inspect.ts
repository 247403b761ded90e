/**
 * `riptides-cli svid inspect [FILE|-]`: read anything SVID-shaped (a file, a pipe, a live TLS endpoint,
 * the control plane's record), check every SPIFFE rule, verify against the bundle of the SVID's own
 * trust domain, and print every finding with its fix.
 */
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command';
import { filenameFlag, outputFlag, recursiveFlag } from '../../cli/flags';
import { ExitCode, usageError } from '../../core/errors';
import type { TrustBundle } from '../../core/spiffe/bundle';
import { parseDuration } from '../../core/spiffe/duration';
import { parseSpiffeId, checkTrustDomain } from '../../core/spiffe/id';
import {
  inspectSvidBytes,
  inspectX509Svid,
  type InspectOptions,
  type SvidReport,
} from '../../core/spiffe/verify';
import type { SvidJsonExtras } from '../../printers/svid-json';

export default class SvidInspect extends BaseCommand {
  static override summary = 'Inspect and verify an X.509-SVID, a JWT-SVID or a SPIFFE trust bundle.';

  static override description = `Reads a PEM chain (leaf first), a DER certificate (raw or base64), a JWT-SVID or a SPIFFE bundle (JSON) from FILE or - (stdin), the chain a TLS server presents (--connect), or the newest SVID the control plane issued for a workload (--workload). Every rule of the SPIFFE X509-SVID / JWT-SVID standards is checked at once and each failure is reported with a stable code (RT3xxx X.509, RT4xxx JWT and bundle; see docs/codes/) and a fix.

Trust: --bundle FILE (PEM or SPIFFE bundle JSON; --trust-domain names its trust domain when the file cannot). Without --bundle, the bundle of the current context's control plane is used (GET /v1/bundle) when a context is configured; --offline never contacts it.

Exit codes:
  0  the SVID (or bundle) is valid: no error finding
  1  invalid: at least one error finding (malformed input and a failed --connect handshake included)
  2  usage: bad flags, a file that does not exist
  3  the control plane is unreachable, refused the credentials or failed (--workload, context bundle)`;

  static override examples = [
    '<%= config.bin %> svid inspect svid.pem --bundle bundle.pem',
    'kubectl get secret web-tls -o jsonpath="{.data.tls\\.crt}" | <%= config.bin %> svid inspect - --bundle bundle.json',
    '<%= config.bin %> svid inspect token.jwt --bundle bundle.json --audience billing',
    '<%= config.bin %> svid inspect --connect 127.0.0.1:8443 --bundle bundle.pem --cert svid.pem --key key.pem',
    '<%= config.bin %> svid inspect svid.pem --fail-if-expires-within 24h -o json',
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
    explain: Flags.boolean({
      description: 'Show which WorkloadIdentity of the -f manifests the SPIFFE ID belongs to.',
      dependsOn: ['filename'],
    }),
    filename: filenameFlag,
    recursive: recursiveFlag,
  };

  public async run(): Promise<void> {
    const { args, flags } = await this.parse(SvidInspect);
    this.debugMode = flags.debug ?? false;
    const now = new Date();

    if (flags['trust-domain']) {
      const problems = checkTrustDomain(flags['trust-domain']);
      if (problems.length)
        throw usageError(
          `--trust-domain ${flags['trust-domain']}: ${problems.map((p) => p.message).join('; ')}`,
        );
    }
    if (flags['expect-spiffe-id'] !== undefined) {
      const r = parseSpiffeId(flags['expect-spiffe-id']);
      if (!r.ok) throw usageError(`--expect-spiffe-id: ${r.problems.map((p) => p.message).join('; ')}`);
    }
    let expiresWithin: number | undefined;
    if (flags['fail-if-expires-within'] !== undefined) {
      const d = parseDuration(flags['fail-if-expires-within']);
      if (!d.ok) throw usageError(`--fail-if-expires-within: ${d.message}`);
      expiresWithin = d.ms;
    }
    const sources = [
      args.file !== undefined,
      flags.connect !== undefined,
      flags.workload !== undefined,
    ].filter(Boolean).length;
    if (sources > 1)
      throw usageError('give one of FILE, --connect or --workload', ['run one inspection per source']);
    if (sources === 0 && process.stdin.isTTY) {
      throw usageError('nothing to inspect: give a FILE, - for stdin, --connect HOST:PORT or --workload ID', [
        `${this.config.bin} svid inspect svid.pem --bundle bundle.pem`,
      ]);
    }

    let bundle: TrustBundle | undefined;
    if (flags.bundle) {
      const { readTrustBundle } = require('../../io/svid-input') as typeof import('../../io/svid-input');
      bundle = readTrustBundle(flags.bundle, flags['trust-domain']);
    }
    const options: InspectOptions = {
      now,
      bundle,
      trustDomain: flags['trust-domain'],
      expectSpiffeId: flags['expect-spiffe-id'],
      expiresWithin,
      audience: flags.audience,
    };

    let report: SvidReport;
    const extras: SvidJsonExtras = {};
    const sections: { title: string; lines: string[] }[] = [];
    if (flags.connect) {
      const { captureServerChain, parseConnectTarget } =
        require('../../io/tls-connect') as typeof import('../../io/tls-connect');
      const { readPemFile } = require('../../io/svid-input') as typeof import('../../io/svid-input');
      const target = parseConnectTarget(flags.connect);
      const handshake = await captureServerChain(target, {
        certPem: flags.cert ? readPemFile(flags.cert, 'certificate') : undefined,
        keyPem: flags.key ? readPemFile(flags.key, 'key') : undefined,
        servername: flags.servername,
      });
      const { parseCertificateDer } =
        require('../../core/spiffe/x509-svid') as typeof import('../../core/spiffe/x509-svid');
      options.bundle ??= await this.contextBundle(flags, options.trustDomain);
      report = inspectX509Svid(
        handshake.chain.map((der) => parseCertificateDer(der)),
        options,
      );
      extras.source = { type: 'connect', name: flags.connect };
      extras.handshake = {
        protocol: handshake.protocol,
        cipher: handshake.cipher,
        clientCertificateSent: handshake.clientCertificateSent,
      };
      sections.push({
        title: 'TLS handshake',
        lines: [
          `${flags.connect}: ${handshake.protocol ?? '?'} ${handshake.cipher ?? ''}`.trim(),
          `server presented ${handshake.chain.length} certificate${handshake.chain.length === 1 ? '' : 's'}; client certificate ${handshake.clientCertificateSent ? 'sent' : 'not sent'}`,
        ],
      });
    } else if (flags.workload) {
      const fetched = await this.workloadSvid(flags, flags.workload);
      options.bundle ??= fetched.bundle;
      report = inspectSvidBytes(Buffer.from(fetched.pem), { ...options, file: `workload ${flags.workload}` });
      extras.source = { type: 'workload', name: flags.workload };
    } else {
      const { readSvidInput } = require('../../io/svid-input') as typeof import('../../io/svid-input');
      const input = await readSvidInput(args.file ?? '-');
      options.file = input.file;
      if (!options.bundle && !flags.offline)
        options.bundle = await this.contextBundle(flags, options.trustDomain);
      report = inspectSvidBytes(input.bytes, options);
      extras.source = { type: input.file === '<stdin>' ? 'stdin' : 'file', name: input.file };
    }

    if (flags.explain && report.spiffeID) {
      const explained = await this.explainIdentity(
        report.spiffeID,
        report.trustDomain,
        flags.filename ?? [],
        flags.recursive,
      );
      extras.explain = explained.data;
      sections.push({ title: 'Policy', lines: explained.lines });
    }

    if (flags.output === 'json') {
      const { renderSvidJson } =
        require('../../printers/svid-json') as typeof import('../../printers/svid-json');
      this.emit(renderSvidJson(report, extras));
    } else {
      const { renderSvidText } =
        require('../../printers/svid-text') as typeof import('../../printers/svid-text');
      this.emit(
        renderSvidText(report, { now, color: this.useColor(flags), source: extras.source?.name, sections }),
      );
    }
    this.setExitCode(report.valid ? ExitCode.OK : ExitCode.FINDINGS);
  }

  /** The bundle of the current context, when one is configured (never creates a local control plane). */
  protected async contextBundle(
    _flags: Record<string, unknown>,
    _trustDomain?: string,
  ): Promise<TrustBundle | undefined> {
    return undefined;
  }

  protected async workloadSvid(
    _flags: Record<string, unknown>,
    workload: string,
  ): Promise<{ pem: string; bundle?: TrustBundle }> {
    throw usageError(`--workload ${workload}: this build has no control-plane client yet`);
  }

  /** Which WorkloadIdentity of the -f manifests owns the SPIFFE ID, and what it may reach (the policy engine). */
  private async explainIdentity(
    spiffeID: string,
    svidTrustDomain: string | null,
    paths: string[],
    recursive: boolean,
  ): Promise<{ data: unknown; lines: string[] }> {
    const { loadPolicyInputs } =
      require('../../cli/load-policy-inputs') as typeof import('../../cli/load-policy-inputs');
    const policy = require('../../core/policy') as typeof import('../../core/policy');
    const inputs = await loadPolicyInputs(paths, { recursive });
    const base = inputs.scenario ? policy.scenarioInput(inputs.scenario) : undefined;
    const trustDomain = base?.trustDomain ?? svidTrustDomain ?? '';
    const snapshot = policy.buildSnapshot(inputs.resources, {
      trustDomain,
      workloads: base?.workloads ?? [],
      external: base?.external ?? [],
    });
    const matches = policy.findIdentitiesBySpiffeId(snapshot, spiffeID, trustDomain);
    const lines: string[] = [];
    const identities = matches.map((m) => {
      const at = policy.resolveRef({ origin: m.ref.origin, path: '/spec/workloadID' });
      const reach = policy.summarizeIdentityReach(snapshot, m.identity, trustDomain);
      lines.push(`belongs to ${m.resource} (${at.file}:${at.line}:${at.column})`);
      if (reach.inboundMode) lines.push(`  inbound posture: ${reach.inboundMode}`);
      if (reach.inbound) lines.push(`  accepts callers: ${reach.inbound.join(', ') || '(none)'}`);
      if (reach.outbound) lines.push(`  may call: ${reach.outbound.join(', ') || '(none)'}`);
      for (const e of reach.egress) {
        const ref = policy.resolveRef(e.ref);
        const targets =
          e.services.map((s) => `${s.service} (${s.addresses.join(', ')})`).join('; ') ||
          'no Service matches';
        lines.push(`  egress[${e.index}] ${e.mode} → ${targets}  ${ref.file}:${ref.line}`);
      }
      lines.push(`  ${reach.implicitMtls.note}`);
      return {
        resource: m.resource,
        file: at.file,
        line: at.line,
        column: at.column,
        reach: { ...reach, egress: reach.egress.map((e) => ({ ...e, ref: policy.resolveRef(e.ref) })) },
      };
    });
    if (matches.length === 0) {
      lines.push(
        `no WorkloadIdentity in ${paths.join(', ')} has SPIFFE ID ${spiffeID} (trust domain ${trustDomain || 'unknown'})`,
      );
    } else if (matches.length > 1) {
      lines.push('several identities claim this SPIFFE ID: the policy is ambiguous');
    }
    return { data: { spiffeID, trustDomain, identities }, lines };
  }
}
