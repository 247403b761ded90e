/**
 * A fix's snippet (core/policy YamlValue) as YAML, written by the `yaml` package: block style, no
 * line folding, quoting only where YAML needs it. The package (≈ 15 ms of start-up) is loaded on the
 * first snippet, not by every explain or simulate.
 */
import type { YamlValue } from '../core/policy/yaml-snippet';

let yaml: typeof import('yaml') | undefined;

export function toYamlSnippet(value: YamlValue): string {
  yaml ??= require('yaml') as typeof import('yaml');
  return yaml.stringify(value, { lineWidth: 0 });
}
