/**
 * A fix's snippet as data: what to paste into a manifest. The engine returns it as data; the
 * printers write it as YAML with the `yaml` package (src/printers/yaml-snippet.ts), so that the
 * package is loaded only when a snippet is shown.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };
