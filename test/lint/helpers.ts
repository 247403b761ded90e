/** Test helpers: load YAML fixtures into located resources and scenarios, run the rules, pick findings. */
import fs from 'node:fs';
import path from 'node:path';
import { parseManifestText } from '../../src/core/manifest/parse';
import type { Resource, Scenario } from '../../src/core/manifest/types';
import type { LocatedResource, LocatedScenario } from '../../src/core/lint/located';
import { lintResources } from '../../src/core/lint/run';
import type { LintReport, LintRunOptions } from '../../src/core/lint/run';

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'lint');
export const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

export interface LoadedSet {
  resources: LocatedResource[];
  scenarios: LocatedScenario[];
}

/** Parse YAML text (multi-document) into resources and scenarios; YAML problems fail the test. */
export function loadText(
  file: string,
  text: string,
  into: LoadedSet = { resources: [], scenarios: [] },
): LoadedSet {
  const parsed = parseManifestText(file, text);
  if (parsed.findings.length > 0) throw new Error(`fixture ${file}: ${JSON.stringify(parsed.findings)}`);
  for (const doc of parsed.documents) {
    const data = doc.data as { kind?: string };
    if (data?.kind === 'Scenario') into.scenarios.push({ scenario: data as Scenario, origin: doc.origin });
    else if (data?.kind === 'WorkloadIdentity' || data?.kind === 'Service')
      into.resources.push({ resource: data as Resource, origin: doc.origin });
  }
  return into;
}

/** Load files or directories (YAML files in them, sorted). Paths relative to the fixture dir. */
export function loadPaths(...paths: string[]): LoadedSet {
  const set: LoadedSet = { resources: [], scenarios: [] };
  for (const p of paths) {
    const full = path.isAbsolute(p) ? p : path.join(FIXTURES, p);
    const files = fs.statSync(full).isDirectory()
      ? fs
          .readdirSync(full)
          .filter((f) => /\.ya?ml$/.test(f))
          .sort()
          .map((f) => path.join(full, f))
      : [full];
    for (const f of files) loadText(path.relative(process.cwd(), f), fs.readFileSync(f, 'utf8'), set);
  }
  return set;
}

export function lint(set: LoadedSet, options: LintRunOptions = {}): LintReport {
  return lintResources(set.resources, { scenarios: set.scenarios, ...options });
}

/** (code, resource) pairs: what tests assert, never wording. */
export function codesAndResources(report: LintReport, code?: string): [string, string | undefined][] {
  return report.findings
    .filter((f) => code === undefined || f.code === code)
    .map((f) => [f.code, f.resource]);
}
