/** Output of `ctl diff`: the unified diffs of the resources that differ, one after the other. */
import chalk from 'chalk';
import type { ResourceDiff } from '../core/apply/diff';

export function printDiffs(diffs: readonly ResourceDiff[], options: { color?: boolean } = {}): string {
  const text = diffs
    .filter((d) => d.change !== 'same')
    .map((d) => d.patch.trimEnd())
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
