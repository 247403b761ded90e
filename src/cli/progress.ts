/** A progress bar on stderr for long writes — only on a terminal, never in machine output. */
import type { Progress } from './ctl-operations';

/** A bar when stderr is a TTY and there is enough work to watch; otherwise undefined. */
export function stderrProgress(total: number, label: string, threshold = 500): Progress | undefined {
  if (!process.stderr.isTTY || total < threshold) return undefined;
  const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {percentage}%`,
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  return {
    start: (n) => bar.start(n, 0),
    advance: (n) => bar.increment(n),
    stop: () => bar.stop(),
  };
}
