/**
 * Loading what explain and simulate evaluate: manifests from `-f` (WorkloadIdentity, Service) and a
 * Scenario (from `--scenario`, or one `kind: Scenario` document among the `-f` inputs). The one place
 * that decides which documents are usable; invalid ones stop the command with exit 1 and the problems.
 * TODO(validate): switch the shape checks below to `checkDocuments` from src/core/manifest/check.ts.
 */
import { ExitCode, RiptidesError, usageError } from '../core/errors';
import type { Finding } from '../core/findings';
import type { LoadedDocument } from '../core/manifest/document';
import type { Resource, Scenario } from '../core/manifest/types';
import { parseEndpoint, type LocatedResource } from '../core/policy';
import { loadManifests } from '../io/read-inputs';

export interface PolicyInputs {
  resources: LocatedResource[];
  scenario?: LoadedDocument<Scenario>;
}

interface Problem {
  doc: LoadedDocument;
  path: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringMap = (v: unknown) => isObject(v) && Object.values(v).every((x) => typeof x === 'string');
const isPort = (v: unknown) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535;

function checkAddresses(
  list: unknown,
  doc: LoadedDocument,
  path: string,
  out: Problem[],
  required: boolean,
): void {
  if (list === undefined && !required) return;
  if (!Array.isArray(list) || (required && list.length === 0)) {
    out.push({ doc, path, message: 'must be a list of {address, port}' });
    return;
  }
  list.forEach((a, i) => {
    if (!isObject(a) || typeof a.address !== 'string' || a.address === '')
      out.push({ doc, path: `${path}/${i}/address`, message: 'address must be a DNS name or IP' });
    else if (!isPort(a.port))
      out.push({ doc, path: `${path}/${i}/port`, message: 'port must be an integer 1–65535' });
  });
}

function checkDocument(doc: LoadedDocument, out: Problem[]): void {
  const d = doc.data as Record<string, unknown>;
  const meta = d.metadata;
  if (!isObject(meta) || typeof meta.name !== 'string' || meta.name === '')
    out.push({ doc, path: '/metadata/name', message: 'metadata.name is required' });
  const spec = d.spec;
  if (!isObject(spec)) {
    out.push({ doc, path: '/spec', message: 'spec is required' });
    return;
  }
  if (d.kind === 'WorkloadIdentity') {
    if (typeof spec.workloadID !== 'string' || spec.workloadID === '')
      out.push({ doc, path: '/spec/workloadID', message: 'workloadID is required' });
    if (!Array.isArray(spec.selectors) || spec.selectors.length === 0 || !spec.selectors.every(isStringMap))
      out.push({
        doc,
        path: '/spec/selectors',
        message: 'selectors must be a non-empty list of selector → string maps',
      });
    if (
      spec.egress !== undefined &&
      (!Array.isArray(spec.egress) ||
        !spec.egress.every(
          (e) => isObject(e) && Array.isArray(e.selectors) && e.selectors.every(isStringMap),
        ))
    )
      out.push({
        doc,
        path: '/spec/egress',
        message: 'each egress rule needs selectors: a list of label maps',
      });
    if (
      spec.ingress !== undefined &&
      (!Array.isArray(spec.ingress) || !spec.ingress.every((e) => isObject(e) && isPort(e.port)))
    )
      out.push({ doc, path: '/spec/ingress', message: 'each ingress rule needs a port 1–65535' });
  } else if (d.kind === 'Service') {
    checkAddresses(spec.addresses, doc, '/spec/addresses', out, true);
    if (spec.labels !== undefined && !isStringMap(spec.labels))
      out.push({ doc, path: '/spec/labels', message: 'labels must map strings to strings' });
  } else if (d.kind === 'Scenario') {
    if (typeof spec.trustDomain !== 'string' || spec.trustDomain === '')
      out.push({ doc, path: '/spec/trustDomain', message: 'trustDomain is required' });
    const names = new Set<string>();
    if (spec.workloads !== undefined) {
      if (!Array.isArray(spec.workloads))
        out.push({ doc, path: '/spec/workloads', message: 'workloads must be a list' });
      else
        spec.workloads.forEach((w, i) => {
          if (!isObject(w) || typeof w.name !== 'string')
            return out.push({ doc, path: `/spec/workloads/${i}`, message: 'a workload needs a name' });
          if (names.has(w.name))
            out.push({
              doc,
              path: `/spec/workloads/${i}/name`,
              message: `workload name "${w.name}" is used twice`,
            });
          names.add(w.name);
          if (w.attributes !== undefined && !isStringMap(w.attributes))
            out.push({
              doc,
              path: `/spec/workloads/${i}/attributes`,
              message: 'attributes must map selector keys to strings',
            });
          checkAddresses(w.listen, doc, `/spec/workloads/${i}/listen`, out, false);
        });
    }
    checkAddresses(spec.external, doc, '/spec/external', out, false);
    if (spec.connections !== undefined) {
      if (!Array.isArray(spec.connections))
        out.push({ doc, path: '/spec/connections', message: 'connections must be a list' });
      else
        spec.connections.forEach((c, i) => {
          if (!isObject(c))
            return out.push({
              doc,
              path: `/spec/connections/${i}`,
              message: 'a connection is {from, to, expect}',
            });
          if (typeof c.from !== 'string' || !names.has(c.from))
            out.push({
              doc,
              path: `/spec/connections/${i}/from`,
              message: `from must name a workload of the scenario (${[...names].join(', ') || 'none defined'})`,
            });
          if (typeof c.to !== 'string' || !parseEndpoint(c.to))
            out.push({ doc, path: `/spec/connections/${i}/to`, message: 'to must be host:port' });
          if (
            c.expect !== undefined &&
            !['MTLS', 'TLS', 'PLAINTEXT', 'REJECTED'].includes(c.expect as string)
          )
            out.push({
              doc,
              path: `/spec/connections/${i}/expect`,
              message: 'expect must be MTLS, TLS, PLAINTEXT or REJECTED',
            });
        });
    }
  }
}

function problemsError(problems: Problem[], findings: Finding[]): RiptidesError {
  const lines: string[] = [];
  for (const f of findings) lines.push(`${f.file}:${f.line ?? 1}:${f.column ?? 1}: ${f.code} ${f.message}`);
  for (const p of problems) {
    const pos = p.doc.origin.locate(p.path, 'value');
    lines.push(`${pos.file}:${pos.line}:${pos.column}: ${p.path}: ${p.message}`);
  }
  const first = findings[0] ?? (problems[0] && p2loc(problems[0]));
  return new RiptidesError(
    `the manifests are not valid (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n  ${lines.join('\n  ')}`,
    {
      code: 'invalid-manifests',
      exitCode: ExitCode.FINDINGS,
      suggestions: ['fix the manifests (riptides-cli validate -f … lists every problem), then run again'],
      location: first ? { file: first.file!, line: first.line, column: first.column } : undefined,
    },
  );
}

function p2loc(p: Problem): Finding {
  const pos = p.doc.origin.locate(p.path, 'value');
  return {
    severity: 'error',
    code: 'shape',
    message: p.message,
    file: pos.file,
    line: pos.line,
    column: pos.column,
  };
}

export async function loadPolicyInputs(
  paths: readonly string[],
  options: { recursive?: boolean; scenario?: string },
): Promise<PolicyInputs> {
  if (paths.length === 0 && !options.scenario) {
    throw usageError('no manifests given', [
      'pass them with -f FILE|DIR (repeatable), and a scenario with --scenario FILE',
    ]);
  }
  const loaded = await loadManifests(paths, { recursive: options.recursive });
  const fromScenario = options.scenario ? await loadManifests([options.scenario]) : undefined;
  const findings = [...loaded.findings, ...(fromScenario?.findings ?? [])];
  const problems: Problem[] = [];
  const resources: LocatedResource[] = [];
  const scenarios: LoadedDocument<Scenario>[] = [];
  const scenarioFromFlag: LoadedDocument<Scenario>[] = [];
  const take = (doc: LoadedDocument, fromFlag: boolean) => {
    const d = doc.data;
    if (d === null || d === undefined) return; // empty document
    if (!isObject(d))
      return problems.push({
        doc,
        path: '',
        message: 'a manifest must be a mapping with apiVersion, kind, metadata, spec',
      });
    const before = problems.length;
    if (d.kind === 'WorkloadIdentity' || d.kind === 'Service' || d.kind === 'Scenario')
      checkDocument(doc, problems);
    else
      return problems.push({
        doc,
        path: '/kind',
        message: `kind ${JSON.stringify(d.kind)} is not WorkloadIdentity, Service or Scenario`,
      });
    if (problems.length > before) return;
    if (d.kind === 'Scenario')
      (fromFlag ? scenarioFromFlag : scenarios).push(doc as LoadedDocument<Scenario>);
    else resources.push({ resource: d as unknown as Resource, origin: doc.origin });
  };
  for (const doc of loaded.documents) take(doc, false);
  for (const doc of fromScenario?.documents ?? []) take(doc, true);
  if (findings.length > 0 || problems.length > 0) throw problemsError(problems, findings);
  if (options.scenario && scenarioFromFlag.length === 0)
    throw usageError(`${options.scenario}: no kind: Scenario document in it`);
  const candidates = scenarioFromFlag.length > 0 ? scenarioFromFlag : scenarios;
  if (candidates.length > 1) {
    throw usageError(
      `${candidates.length} Scenario documents given (${candidates.map((s) => `${s.origin.file}: ${(s.data.metadata as { name?: string })?.name}`).join(', ')}); explain and simulate use one`,
      ['pass the one to use with --scenario FILE, and keep other scenarios out of the -f paths'],
    );
  }
  return { resources, scenario: candidates[0] };
}

/** `k=v` flags (`--from-attr process:name=node`); the value may contain `=`. */
export function parseAttributes(values: readonly string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const i = v.indexOf('=');
    if (i <= 0)
      throw usageError(`--${flag} ${JSON.stringify(v)}: expected KEY=VALUE`, [
        `e.g. --${flag} process:name=node --${flag} k8s:label:app=frontend`,
      ]);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

/** The trust domain when no scenario gives one: the one SPIFFE IDs in the manifests use, if unique. */
export function inferTrustDomain(resources: readonly LocatedResource[]): string | undefined {
  const seen = new Set<string>();
  const add = (ids: readonly string[] | undefined) => {
    for (const id of ids ?? []) {
      const m = /^spiffe:\/\/([^/]+)/.exec(id);
      if (m) seen.add(m[1]);
    }
  };
  for (const { resource } of resources) {
    if (resource.kind !== 'WorkloadIdentity') continue;
    add(resource.spec.allowedSPIFFEIDs?.inbound);
    add(resource.spec.allowedSPIFFEIDs?.outbound);
    for (const e of resource.spec.egress ?? []) add(e.allowedSPIFFEIDs);
    for (const e of resource.spec.ingress ?? []) add(e.allowedSPIFFEIDs);
  }
  return seen.size === 1 ? [...seen][0] : undefined;
}
