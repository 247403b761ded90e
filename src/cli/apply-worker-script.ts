/**
 * Where `controlplane serve` finds its apply worker (src/cli/apply-worker.ts, compiled beside this
 * module in dist/cli; the bundle in dist/bundle finds it there too).
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * The worker's script, or undefined: `RIPTIDES_NO_WORKERS=1`, or no compiled script on disk (a
 * single-executable build has no files beside it; ts-jest runs the sources). The control plane
 * then prepares every apply batch on its main thread.
 */
export function applyWorkerScript(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.RIPTIDES_NO_WORKERS === '1') return undefined;
  try {
    const file = path.join(__dirname, '..', 'cli', 'apply-worker.js');
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined; // no __dirname
  }
}
