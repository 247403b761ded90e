/**
 * Runs the built CLI (bin/run.js) as a child process, the way a user does, with its own
 * XDG_CONFIG_HOME / XDG_DATA_HOME so tests never touch the developer's contexts or data.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(REPO_ROOT, 'bin', 'run.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
}

/** A fresh temporary directory, removed at process exit. */
/** The temporary directories made by this test file, removed when its process exits (one listener). */
const madeDirs = new Set<string>();
export function tempDir(prefix = 'riptides-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (madeDirs.size === 0)
    process.once('exit', () => {
      for (const d of madeDirs) fs.rmSync(d, { recursive: true, force: true });
    });
  madeDirs.add(dir);
  return dir;
}

let isolatedHome: string | undefined;
/** One isolated XDG home per test file unless a test passes its own. */
export function isolatedEnv(): Record<string, string> {
  isolatedHome ??= tempDir('riptides-home-');
  return {
    XDG_CONFIG_HOME: path.join(isolatedHome, 'config'),
    XDG_DATA_HOME: path.join(isolatedHome, 'data'),
    XDG_CACHE_HOME: path.join(isolatedHome, 'cache'),
  };
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return run(process.execPath, [BIN, ...args], options);
}

/**
 * A shell command line (`bash -c`) in the same isolated environment as runCli: what a user pastes,
 * e.g. the curl request of a code example against a served control plane.
 */
export function runShell(command: string, options: RunOptions = {}): Promise<CliResult> {
  return run('bash', ['-c', command], options);
}

function run(file: string, args: string[], options: RunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      ...isolatedEnv(),
      NO_COLOR: '1',
      ...options.env,
    };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    // Never inherit the developer's context settings.
    for (const key of ['RIPTIDES_CONTEXT', 'RIPTIDES_SERVER', 'RIPTIDES_TOKEN', 'RIPTIDES_CA_FILE']) {
      if (!options.env || !(key in options.env)) delete env[key];
    }
    const child = spawn(file, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 50000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
