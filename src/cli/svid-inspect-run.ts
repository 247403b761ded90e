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
import type { SvidInspectResult } from '../printers/svid-result';
import type { SvidHandshake, SvidPolicy, SvidSource } from '../printers/svid-sections';

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
  let source: SvidSource;
  let handshake: SvidHandshake | undefined;
  if (flags.connect) {
    const { captureServerChain, parseConnectTarget } =
      require('../io/tls-connect') as typeof import('../io/tls-connect');
    const { readPemFile } = require('../io/svid-input') as typeof import('../io/svid-input');
    const target = parseConnectTarget(flags.connect);
    const captured = await captureServerChain(target, {
      certPem: flags.cert ? readPemFile(flags.cert, 'certificate') : undefined,
      keyPem: flags.key ? readPemFile(flags.key, 'key') : undefined,
      servername: flags.servername,
    });
    const { parseCertificateDer } =
      require('../core/spiffe/x509-svid') as typeof import('../core/spiffe/x509-svid');
    options.bundle ??= await contextBundle(flags, options.trustDomain);
    report = inspectX509Svid(
      captured.chain.map((der) => parseCertificateDer(der)),
      options,
    );
    source = { type: 'connect', name: flags.connect };
    handshake = {
      protocol: captured.protocol,
      cipher: captured.cipher,
      clientCertificateSent: captured.clientCertificateSent,
      certificates: captured.chain.length,
    };
  } else if (flags.workload) {
    const fetched = await workloadSvid(flags, flags.workload, options.trustDomain, !options.bundle);
    options.bundle ??= fetched.bundle;
    report = inspectSvidBytes(Buffer.from(fetched.pem), { ...options, file: `workload ${flags.workload}` });
    source = { type: 'workload', name: flags.workload };
  } else {
    const { readSvidInput } = require('../io/svid-input') as typeof import('../io/svid-input');
    const input = await readSvidInput(args.file ?? '-');
    options.file = input.file;
    if (!options.bundle && !flags.offline) options.bundle = await contextBundle(flags, options.trustDomain);
    report = inspectSvidBytes(input.bytes, options);
    source = { type: input.file === '<stdin>' ? 'stdin' : 'file', name: input.file };
  }

  const policy =
    flags.explain && report.spiffeID
      ? await explainIdentity(
          report.spiffeID,
          report.trustDomain,
          flags.filename ?? [],
          flags.recursive === true,
        )
      : undefined;

  return { report, source, ...(handshake ? { handshake } : {}), ...(policy ? { policy } : {}), now };
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
): Promise<SvidPolicy> {
  const { loadPolicyInputs } = require('./load-policy-inputs') as typeof import('./load-policy-inputs');
  const engine = require('../core/policy') as typeof import('../core/policy');
  const inputs = await loadPolicyInputs(paths, { recursive });
  const base = inputs.scenario ? engine.scenarioInput(inputs.scenario) : undefined;
  const trustDomain = base?.trustDomain ?? svidTrustDomain ?? '';
  const snapshot = engine.buildSnapshot(inputs.resources, {
    trustDomain,
    workloads: base?.workloads ?? [],
    external: base?.external ?? [],
  });
  const identities = engine.findIdentitiesBySpiffeId(snapshot, spiffeID, trustDomain).map((m) => ({
    resource: m.resource,
    ref: { origin: m.ref.origin, path: '/spec/workloadID' },
    reach: engine.summarizeIdentityReach(snapshot, m.identity, trustDomain),
  }));
  return { spiffeID, trustDomain, paths, identities };
}
