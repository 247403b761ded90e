/** Loading the data-driven policy cases: one YAML file = resources + scenario + connections with wanted results. */
import fs from 'node:fs';
import path from 'node:path';
import type { DocumentOrigin, LoadedDocument } from '../../src/core/manifest/document';
import { parseManifestText } from '../../src/core/manifest/parse';
import type { Resource, Scenario, Verdict } from '../../src/core/manifest/types';
import { buildSnapshot, scenarioInput, type LocatedResource, type Snapshot } from '../../src/core/policy';

export const CASES_DIR = path.join(__dirname, 'cases');

export interface WantedCase {
  name: string;
  from: string;
  to: string;
  verdict: Verdict;
  path?: string;
  reasons?: string[];
  mode?: string;
  version?: string;
  sourceIdentity?: string;
  destinationIdentity?: string;
  service?: string | null;
  nearestMissScope?: boolean;
}

export interface CaseFile {
  file: string;
  resources: LocatedResource[];
  scenario: LoadedDocument<Scenario>;
  cases: WantedCase[];
}

/** An origin for a node inside the case document: pointers are prefixed (`/resources/2` + pointer). */
function subOrigin(parent: DocumentOrigin, prefix: string, rename?: [string, string]): DocumentOrigin {
  const map = (p: string) =>
    rename && p.startsWith(rename[0]) ? rename[1] + p.slice(rename[0].length) : prefix + p;
  return { ...parent, locate: (p, target) => parent.locate(map(p), target) };
}

export function loadCaseFile(file: string): CaseFile {
  const text = fs.readFileSync(file, 'utf8');
  const parsed = parseManifestText(path.relative(process.cwd(), file), text);
  if (parsed.findings.length) throw new Error(`${file}: ${JSON.stringify(parsed.findings)}`);
  const doc = parsed.documents[0];
  const data = doc.data as { resources: Resource[]; scenario: Scenario['spec']; cases: WantedCase[] };
  const resources = data.resources.map((resource, i) => ({
    resource,
    origin: subOrigin(doc.origin, `/resources/${i}`),
  }));
  const scenario: LoadedDocument<Scenario> = {
    data: {
      apiVersion: 'sim.riptides.io/v1alpha1',
      kind: 'Scenario',
      metadata: { name: path.basename(file) },
      spec: data.scenario,
    },
    origin: subOrigin(doc.origin, '', ['/spec', '/scenario']),
  };
  return { file, resources, scenario, cases: data.cases };
}

export function snapshotOf(c: CaseFile, resources = c.resources): Snapshot {
  return buildSnapshot(resources, scenarioInput(c.scenario));
}

export function listCaseFiles(): string[] {
  return fs
    .readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(CASES_DIR, f));
}
