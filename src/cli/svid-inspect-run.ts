/**
 * The body of `svid inspect` (src/commands/svid/inspect.ts keeps only the flag definitions): flags in,
 * an `SvidInspectResult` out (src/printers/svid-result.ts prints it) — callable without oclif.
 */
import type { ConnectionFlagValues } from './context';
import { usageError } from '../core/errors';
import type { TrustBundle } from '../core/spiffe/bundle';
import { parseDuration } from '../core/spiffe/duration';
import { checkTrustDomain, parseSpiffeId } from '../core/spiffe/id';
import {
  inspectSvidBytes,
  inspectX509Svid,
  type InspectOptions,
  type SvidReport,
} from '../core/spiffe/verify';
import type { SvidJsonExtras } from '../printers/svid-json';
import type { SvidInspectResult } from '../printers/svid-result';

export interface SvidInspectArgs {
  file?: string;
}

export interface SvidInspectFlags extends ConnectionFlagValues {
  output?: string;
  bundle?: string;
  'trust-domain'?: string;
  audience?: string[];
  'expect-spiffe-id'?: string;
  'fail-if-expires-within'?: string;
  connect?: string;
  cert?: string;
  key?: string;
  servername?: string;
  workload?: string;
  offline?: boolean;
  'require-verified'?: boolean;
  explain?: boolean;
  filename?: string[];
  recursive?: boolean;
}

export interface SvidInspectIo {
  /** The CLI's name, for suggestions. */
  bin: string;
}

export async function runSvidInspect(
  args: SvidInspectArgs,
  flags: SvidInspectFlags,
  io: SvidInspectIo,
): Promise<SvidInspectResult> {
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
  const sources = [args.file !== undefined, flags.connect !== undefined, flags.workload !== undefined].filter(
    Boolean,
  ).length;
  if (sources > 1)
    throw usageError('give one of FILE, --connect or --workload', ['run one inspection per source']);
  if (sources === 0 && process.stdin.isTTY) {
    throw usageError('nothing to inspect: give a FILE, - for stdin, --connect HOST:PORT or --workload ID', [
      `${io.bin} svid inspect svid.pem --bundle bundle.pem`,
    ]);
  }

  let bundle: TrustBundle | undefined;
  if (flags.bundle) {
    const { readTrustBundle } = require('../io/svid-input') as typeof import('../io/svid-input');
    bundle = readTrustBundle(flags.bundle, flags['trust-domain']);
  }
  const options: InspectOptions = {
    now,
    bundle,
    trustDomain: flags['trust-domain'],
    expectSpiffeId: flags['expect-spiffe-id'],
    expiresWithin,
    audience: flags.audience,
    requireVerified: flags['require-verified'],
  };

  let report: SvidReport;
  const extras: SvidJsonExtras = {};
  const sections: { title: string; lines: string[] }[] = [];
  if (flags.connect) {
    const { captureServerChain, parseConnectTarget } =
      require('../io/tls-connect') as typeof import('../io/tls-connect');
    const { readPemFile } = require('../io/svid-input') as typeof import('../io/svid-input');
    const target = parseConnectTarget(flags.connect);
    const handshake = await captureServerChain(target, {
      certPem: flags.cert ? readPemFile(flags.cert, 'certificate') : undefined,
      keyPem: flags.key ? readPemFile(flags.key, 'key') : undefined,
      servername: flags.servername,
    });
    const { parseCertificateDer } =
      require('../core/spiffe/x509-svid') as typeof import('../core/spiffe/x509-svid');
    options.bundle ??= await contextBundle(flags, options.trustDomain);
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
    const fetched = await workloadSvid(flags, flags.workload, options.trustDomain, !options.bundle);
    options.bundle ??= fetched.bundle;
    report = inspectSvidBytes(Buffer.from(fetched.pem), { ...options, file: `workload ${flags.workload}` });
    extras.source = { type: 'workload', name: flags.workload };
  } else {
    const { readSvidInput } = require('../io/svid-input') as typeof import('../io/svid-input');
    const input = await readSvidInput(args.file ?? '-');
    options.file = input.file;
    if (!options.bundle && !flags.offline) options.bundle = await contextBundle(flags, options.trustDomain);
    report = inspectSvidBytes(input.bytes, options);
    extras.source = { type: input.file === '<stdin>' ? 'stdin' : 'file', name: input.file };
  }

  if (flags.explain && report.spiffeID) {
    const explained = await explainIdentity(
      report.spiffeID,
      report.trustDomain,
      flags.filename ?? [],
      flags.recursive === true,
    );
    extras.explain = explained.data;
    sections.push({ title: 'Policy', lines: explained.lines });
  }

  return { report, extras, sections, now };
}

/** The bundle of the current context, when one is configured (never creates a local control plane). */
async function contextBundle(
  flags: ConnectionFlagValues & { offline?: boolean },
  trustDomain?: string,
): Promise<TrustBundle | undefined> {
  if (flags.offline) return undefined;
  const cp = require('./svid-control-plane') as typeof import('./svid-control-plane');
  if (!cp.hasControlPlane(flags)) return undefined;
  return cp.withConnection(flags, async (c) => (await cp.fetchTrustBundle(c, trustDomain)).bundle);
}

/** The newest X.509-SVID the control plane issued for `workload`, with its bundle. */
async function workloadSvid(
  flags: ConnectionFlagValues,
  workload: string,
  trustDomain: string | undefined,
  needBundle: boolean,
): Promise<{ pem: string; bundle?: TrustBundle }> {
  const cp = require('./svid-control-plane') as typeof import('./svid-control-plane');
  return cp.withConnection(flags, async (c) => {
    const { pem } = await cp.fetchNewestSvid(c, workload);
    return { pem, bundle: needBundle ? (await cp.fetchTrustBundle(c, trustDomain)).bundle : undefined };
  });
}

/** Which WorkloadIdentity of the -f manifests owns the SPIFFE ID, and what it may reach (the policy engine). */
async function explainIdentity(
  spiffeID: string,
  svidTrustDomain: string | null,
  paths: string[],
  recursive: boolean,
): Promise<{ data: unknown; lines: string[] }> {
  const { loadPolicyInputs } = require('./load-policy-inputs') as typeof import('./load-policy-inputs');
  const policy = require('../core/policy') as typeof import('../core/policy');
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
        e.services.map((s) => `${s.service} (${s.addresses.join(', ')})`).join('; ') || 'no Service matches';
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
