/**
 * Loading what explain and simulate evaluate: manifests from `-f` (WorkloadIdentity, Service) and a
 * Scenario (from `--scenario`, or one `kind: Scenario` document among the `-f` inputs). Documents are
 * checked like `validate` does (kind + JSON Schema, checkDocuments); any error stops the command with
 * exit 1 and every finding at file:line:col. Scenario references (connections naming workloads, host:port)
 * are checked here too.
 */
import { ExitCode, RiptidesError, usageError } from '../core/errors';
import type { Finding } from '../core/findings';
import { checkDocuments } from '../core/manifest/check';
import type { LoadedDocument } from '../core/manifest/document';
import type { LocatedResource } from '../core/manifest/located';
import type { Scenario } from '../core/manifest/types';
import { resourceKey } from '../core/manifest/types';
import { parseEndpoint } from '../core/policy/scenario';
import { loadManifests } from '../io/read-inputs';
import { loadValidators } from '../io/validators';
import { loadFieldPaths } from '../io/field-paths';
import type { ConnectionFlagValues } from './context';
import { prefetchLive, takeLiveInputs, type LivePrefetch } from './live-prefetch';
import { optimiseForLongRun } from './v8-tiering';
import { quote } from '../core/text/quote';

export interface PolicyInputs {
  resources: LocatedResource[];
  /** With `--live`: the trust domain of the control plane the resources came from. */
  liveTrustDomain?: string;
  scenario?: LoadedDocument<Scenario>;
  /** Warnings of the checks (e.g. an unknown selector key); errors stop loading instead. */
  warnings: Finding[];
}

interface Problem {
  doc: LoadedDocument;
  path: string;
  message: string;
}

/** What the schema cannot say: connections must name scenario workloads and host:port endpoints. */
function checkScenarioReferences(doc: LoadedDocument<Scenario>, out: Problem[]): void {
  const spec = doc.data.spec;
  const names = new Set<string>();
  (spec.workloads ?? []).forEach((w, i) => {
    if (names.has(w.name))
      out.push({
        doc,
        path: `/spec/workloads/${i}/name`,
        message: `workload name "${w.name}" is used twice`,
      });
    names.add(w.name);
  });
  (spec.connections ?? []).forEach((c, i) => {
    if (!names.has(c.from))
      out.push({
        doc,
        path: `/spec/connections/${i}/from`,
        message: `"${c.from}" is not a workload of the scenario (${[...names].join(', ') || 'none defined'})`,
      });
    if (!parseEndpoint(c.to))
      out.push({ doc, path: `/spec/connections/${i}/to`, message: `"${c.to}" is not host:port` });
  });
}

function problemsError(findings: Finding[], problems: Problem[]): RiptidesError {
  const lines: string[] = [];
  const positions: { file: string; line?: number; column?: number }[] = [];
  for (const f of findings) {
    lines.push(
      `${f.file ?? '<input>'}:${f.line ?? 1}:${f.column ?? 1}: ${f.code} ${f.message}${f.path ? ` (${f.path})` : ''}`,
    );
    positions.push({ file: f.file ?? '<input>', line: f.line, column: f.column });
  }
  for (const p of problems) {
    const pos = p.doc.origin.locate(p.path, 'value');
    lines.push(`${pos.file}:${pos.line}:${pos.column}: ${p.path}: ${p.message}`);
    positions.push(pos);
  }
  return new RiptidesError(
    `the manifests are not valid (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n  ${lines.join('\n  ')}`,
    {
      code: 'invalid-manifests',
      exitCode: ExitCode.FINDINGS,
      suggestions: ['fix the manifests (riptides-cli validate -f … explains every finding), then run again'],
      location: positions[0],
    },
  );
}

export async function loadPolicyInputs(
  paths: readonly string[],
  options: {
    recursive?: boolean;
    scenario?: string;
    /** `--live`: start from the current context's resources; local manifests replace live ones of the same kind/namespace/name. */
    live?: ConnectionFlagValues;
  },
): Promise<PolicyInputs> {
  if (paths.length === 0 && !options.scenario && !options.live) {
    throw usageError('no manifests given', [
      'pass them with -f FILE|DIR (repeatable), and a scenario with --scenario FILE',
    ]);
  }
  // --live: the control plane is read while the files load (dropped if they do not pass).
  const prefetch = options.live ? prefetchLive(options.live) : undefined;
  try {
    return await checkPolicyInputs(paths, options, prefetch);
  } finally {
    await prefetch?.cancel();
  }
}

async function checkPolicyInputs(
  paths: readonly string[],
  options: { recursive?: boolean; scenario?: string },
  prefetch: LivePrefetch | undefined,
): Promise<PolicyInputs> {
  const loaded = await loadManifests(paths, {
    recursive: options.recursive,
    onDocuments: optimiseForLongRun,
  });
  const fromFlag = options.scenario ? await loadManifests([options.scenario]) : undefined;
  const validators = loadValidators();
  const checked = checkDocuments(loaded.documents, { validators, fieldPaths: loadFieldPaths });
  const checkedFlag = fromFlag
    ? checkDocuments(fromFlag.documents, { validators, fieldPaths: loadFieldPaths })
    : undefined;
  const all = [
    ...loaded.findings,
    ...checked.findings,
    ...(fromFlag?.findings ?? []),
    ...(checkedFlag?.findings ?? []),
  ];
  const errors = all.filter((f) => f.severity === 'error');
  const toDoc = (s: { scenario: Scenario; origin: LoadedDocument['origin'] }): LoadedDocument<Scenario> => ({
    data: s.scenario,
    origin: s.origin,
  });
  const scenarios = checked.scenarios.map(toDoc);
  const scenariosFromFlag = (checkedFlag?.scenarios ?? []).map(toDoc);
  const problems: Problem[] = [];
  for (const doc of [...scenarios, ...scenariosFromFlag]) checkScenarioReferences(doc, problems);
  if (errors.length > 0 || problems.length > 0) throw problemsError(errors, problems);
  if (options.scenario && scenariosFromFlag.length === 0)
    throw usageError(`${options.scenario}: no kind: Scenario document in it`);
  const candidates = scenariosFromFlag.length > 0 ? scenariosFromFlag : scenarios;
  if (candidates.length > 1) {
    throw usageError(
      `${candidates.length} Scenario documents given (${candidates.map((s) => `${s.origin.file}: ${s.data.metadata.name}`).join(', ')}); explain and simulate use one`,
      ['pass the one to use with --scenario FILE, and keep other scenarios out of the -f paths'],
    );
  }
  const local = [...checked.resources, ...(checkedFlag?.resources ?? [])];
  const live = prefetch ? await takeLiveInputs(prefetch) : undefined;
  optimiseForLongRun(local.length + (live?.resources.length ?? 0));
  return {
    resources: live ? overlayResources(live.resources, local) : local,
    liveTrustDomain: live?.trustDomain,
    scenario: candidates[0],
    warnings: all.filter((f) => f.severity !== 'error'),
  };
}

/** Live resources overlaid with local ones: a local manifest replaces the live resource with its kind/namespace/name. */
export function overlayResources(
  live: readonly LocatedResource[],
  local: readonly LocatedResource[],
): LocatedResource[] {
  const key = (r: LocatedResource) => `${r.resource.kind}/${resourceKey(r.resource)}`;
  const localKeys = new Set(local.map(key));
  return [...live.filter((r) => !localKeys.has(key(r))), ...local];
}

/** `k=v` flags (`--from-attr process:name=node`); the value may contain `=`. */
export function parseAttributes(values: readonly string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const i = v.indexOf('=');
    if (i <= 0)
      throw usageError(`--${flag} ${quote(v)}: expected KEY=VALUE`, [
        `e.g. --${flag} process:name=node --${flag} k8s:label:app=frontend`,
      ]);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

/** The trust domain when no scenario gives one: the shared inference (src/core/lint/trust-domains.ts). */
export { inferTrustDomain } from '../core/lint/trust-domains';
