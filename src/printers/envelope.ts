/**
 * The one place every JSON document the CLI prints gets its `apiVersion` and `kind` (docs/output.md).
 * A printer builds its body, then calls `renderJsonDocument(kind, body)`; the promise is that a
 * document of a given (apiVersion, kind) only ever gains optional fields within `cli.riptides.io/v1`.
 *
 * To add a kind: add it to `OUTPUT_KINDS` (and only there), write `schemas/output/<Kind>.schema.json`,
 * and add a case to test/e2e/output-schemas.test.ts that runs the command and validates its output.
 */

export const CLI_API_VERSION = 'cli.riptides.io/v1';

/** Every kind of JSON document the CLI prints, with the schema file that describes it. */
export const OUTPUT_KINDS = [
  'ConnectionExplanation', // explain connection -o json
  'ContextList', // config get-contexts -o json
  'Config', // config view -o json
  'ControlPlaneEndpoint', // controlplane serve -o json (one line)
  'IssuedJwtSvid', // svid issue --jwt -o json
  'IssuedX509Svid', // svid issue -o json
  'LintRuleList', // validate --list-rules -o json
  'ResourceList', // ctl get -o json (without a name)
  'Simulation', // simulate -o json
  'SvidReport', // svid inspect -o json
  'ValidateReport', // validate -o json, --json-file
  'WatchEvent', // ctl get --watch -o json (one line per event, NDJSON)
  'WriteResult', // ctl apply|delete -o json
] as const;

export type OutputKind = (typeof OUTPUT_KINDS)[number];

export type Enveloped<K extends OutputKind, T> = { apiVersion: typeof CLI_API_VERSION; kind: K } & T;

/** The body with `apiVersion` and `kind` first (a body must not carry its own `apiVersion`/`kind`). */
export function envelope<K extends OutputKind, T extends object>(kind: K, body: T): Enveloped<K, T> {
  return { apiVersion: CLI_API_VERSION, kind, ...body };
}

/** The document as printed: indented with a trailing newline, or on one line (`compact`). */
export function renderJsonDocument(
  kind: OutputKind,
  body: object,
  options: { compact?: boolean } = {},
): string {
  return JSON.stringify(envelope(kind, body), null, options.compact ? undefined : 2) + '\n';
}
