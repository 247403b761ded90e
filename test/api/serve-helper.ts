/**
 * Starts `riptides-cli controlplane serve --listen 127.0.0.1:0` (the built bin/run.js) as a child
 * process on a temporary data directory, for end-to-end tests over real HTTPS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, tempDir } from '../helpers/cli';

export interface ServedControlPlane {
  url: string;
  caFile: string;
  tokenFile: string;
  token: string;
  dataDir: string;
  /** Connection flags for runCli: --server, --ca-file, --token-file. */
  flags: string[];
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function startServe(dataDir = tempDir('riptides-cp-')): Promise<ServedControlPlane> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, 'controlplane', 'serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '-o', 'json'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`controlplane serve did not start: ${err}`));
    }, 30000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`controlplane serve exited with ${code}: ${err}`));
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl === -1) return;
      clearTimeout(timer);
      const info = JSON.parse(out.slice(0, nl)) as { url: string; caFile: string; tokenFile: string };
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      resolve({
        url: info.url,
        caFile: info.caFile,
        tokenFile: info.tokenFile,
        token: fs.readFileSync(info.tokenFile, 'utf8').trim(),
        dataDir,
        flags: ['--server', info.url, '--ca-file', info.caFile, '--token-file', info.tokenFile],
        child,
        async stop(signal: NodeJS.Signals = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
  });
}

/** Write a manifest file into `dir` and return its path. */
export function writeManifest(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
