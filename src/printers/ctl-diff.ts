/** Output of `ctl diff`: the unified diffs of the resources that differ, one after the other. */
import type { ResourceDiff } from '../core/apply/diff';

export function printDiffs(diffs: readonly ResourceDiff[]): string {
  return diffs
    .filter((d) => d.change !== 'same')
    .map((d) => d.patch.trimEnd())
    .join('\n');
}
