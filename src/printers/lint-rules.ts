/** `validate --list-rules`: the lint rules as a table (text) or as JSON. Pure: (rules, format) → string. */
import type { LintRule } from '../core/lint/types';
import { renderJsonDocument } from './envelope';

export interface RuleListEntry {
  code: string;
  name: string;
  severity: string;
  description: string;
  reads: string[];
  docs: string;
}

export function ruleListData(rules: readonly LintRule[]): RuleListEntry[] {
  return rules.map((r) => ({
    code: r.code,
    name: r.name,
    severity: r.severity,
    description: r.description,
    reads: [...r.reads],
    docs: `docs/codes/${r.code}.md`,
  }));
}

/** JSON: `{"apiVersion","kind":"LintRuleList","rules":[{code,name,severity,description,reads,docs}]}` (docs/lint.md). */
export function renderRuleListJson(rules: readonly LintRule[]): string {
  return renderJsonDocument('LintRuleList', { rules: ruleListData(rules) });
}

/** Wrap text at `width` columns, indenting continuation lines. */
function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n' + indent);
}

/** Text: one block per rule: `RT2011  warning  permissive-inbound` and the wrapped description. */
export function renderRuleListText(rules: readonly LintRule[]): string {
  const nameWidth = Math.max(...rules.map((r) => r.name.length));
  const out = ['CODE    SEVERITY  NAME'.padEnd(20 + nameWidth) + '  '];
  for (const r of rules) {
    out.push(`${r.code}  ${r.severity.padEnd(8)}  ${r.name}`);
    out.push('        ' + wrap(r.description, 92, '        '));
  }
  out.push('');
  out.push('Suppress with --disable CODE, disable: [CODE] in .riptides-lint.yaml, or the annotation');
  out.push('lint.riptides.io/disable: CODE on a resource. Details: docs/codes/CODE.md');
  return out.map((l) => l.trimEnd()).join('\n') + '\n';
}
