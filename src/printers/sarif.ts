/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, the rules from the finding
 * catalog (with a helpUri to each code's page), one result per finding with file, line and column.
 */
import { catalog } from '../core/catalog';
import type { Finding } from '../core/findings';
import type { ValidateReport } from '../core/manifest/validate-report';

export interface SarifOptions {
  toolVersion: string;
  /**
   * Where the docs/ pages are browsable (validate passes RIPTIDES_DOCS_URL): helpUri is then
   * `<base>/docs/codes/RT1xxx.md`. Without it rules carry no helpUri (it must be an absolute URI) and
   * their help text names the page in the riptides-cli repository.
   */
  docsBaseUrl?: string;
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** A file as a SARIF artifact URI: relative paths stay relative (to the repository root in CI), with `/`. */
export function artifactUri(file: string): string {
  if (file === '<stdin>') return 'stdin';
  const slashed = file.replace(/\\/g, '/');
  const encoded = slashed
    .split('/')
    .map((s) => (/^[A-Za-z]:$/.test(s) ? s : encodeURIComponent(s)))
    .join('/');
  if (slashed.startsWith('/')) return 'file://' + encoded;
  if (/^[A-Za-z]:\//.test(slashed)) return 'file:///' + encoded;
  return encoded.replace(/^\.\//, '');
}

function result(f: Finding, ruleIndex: number) {
  const out: Record<string, unknown> = {
    ruleId: f.code,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.fix ? `${f.message}\nFix: ${f.fix}` : f.message },
  };
  if (f.file) {
    const physicalLocation: Record<string, unknown> = { artifactLocation: { uri: artifactUri(f.file) } };
    if (f.line && f.line > 0) {
      physicalLocation.region = {
        startLine: f.line,
        ...(f.column && f.column > 0 ? { startColumn: f.column } : {}),
      };
    }
    const location: Record<string, unknown> = { physicalLocation };
    if (f.resource || f.path) {
      location.logicalLocations = [
        { fullyQualifiedName: [f.resource, f.path].filter(Boolean).join(' '), kind: 'resource' },
      ];
    }
    out.locations = [location];
  }
  // The other resources involved (lint rules): SARIF relatedLocations, numbered from 1.
  const related = (f.related ?? []).filter((r) => r.file);
  if (related.length > 0) {
    out.relatedLocations = related.map((r, i) => ({
      id: i + 1,
      message: { text: r.resource ? `${r.message} (${r.resource})` : r.message },
      physicalLocation: {
        artifactLocation: { uri: artifactUri(r.file!) },
        ...(r.line && r.line > 0
          ? { region: { startLine: r.line, ...(r.column && r.column > 0 ? { startColumn: r.column } : {}) } }
          : {}),
      },
    }));
  }
  const properties: Record<string, string> = {};
  if (f.resource) properties.resource = f.resource;
  if (f.path) properties.path = f.path;
  if (Object.keys(properties).length > 0) out.properties = properties;
  return out;
}

export function toSarif(report: ValidateReport, options: SarifOptions): Record<string, unknown> {
  const base = options.docsBaseUrl?.replace(/\/+$/, '');
  const rules = catalog.map((e) => ({
    id: e.code,
    name: e.name,
    shortDescription: { text: e.title },
    fullDescription: { text: `${e.title}. See ${e.docs}.` },
    ...(base ? { helpUri: `${base}/${e.docs}` } : {}),
    help: {
      text: `${e.title}. What it means and how to fix it: ${base ? `${base}/${e.docs}` : `${e.docs} in the riptides-cli repository`}`,
    },
    defaultConfiguration: { level: LEVEL[e.severity] },
    properties: { area: e.area },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'riptides-cli',
            version: options.toolVersion,
            informationUri: 'https://riptides.io',
            rules,
          },
        },
        results: report.findings.map((f) => result(f, index.get(f.code) ?? -1)),
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
}

export function renderSarif(report: ValidateReport, options: SarifOptions): string {
  return JSON.stringify(toSarif(report, options), null, 2) + '\n';
}
