/** Output of `ctl diff`: the unified diffs of the resources that differ, one after the other. */
import chalk from 'chalk';
import type { ResourceDiff } from '../core/apply/diff';
import { escapeTerminalText } from '../core/text/terminal';

export function printDiffs(diffs: readonly ResourceDiff[], options: { color?: boolean } = {}): string {
  const text = diffs
    .filter((d) => d.change !== 'same')
    .map((d) => escapeTerminalText(d.patch.trimEnd())) // live values come from a control plane
    .join('\n');
  if (!options.color) return text;
  const c = new chalk.Instance({ level: 1 });
  return text
    .split('\n')
    .map((l) =>
      l.startsWith('+++') || l.startsWith('---')
        ? c.bold(l)
        : l.startsWith('+')
          ? c.green(l)
          : l.startsWith('-')
            ? c.red(l)
            : l.startsWith('@@')
              ? c.cyan(l)
              : l,
    )
    .join('\n');
}
