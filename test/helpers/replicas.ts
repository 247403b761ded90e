/**
 * `controlplane serve --datastore postgres://…` replicas as child processes (the built bin/run.js),
 * each with its own data directory, for end-to-end tests and benchmarks on one real PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Agent, request } from 'undici';
import { BIN, tempDir } from './cli';
import type { TestPostgres } from './postgres';

export interface Replica {
  url: string;
  port: number;
  caFile: string;
  dataDir: string;
  cluster: 'created' | 'joined';
  /** The admin token: printed by the first replica only (the others get it from the caller). */
  printedToken?: string;
  stdout: string;
  stderr: () => string;
  child: ChildProcess;
  /** Wait for the process to exit after a signal. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function startReplica(
  pg: TestPostgres,
  options: { url?: string; port?: number; dataDir?: string; extraArgs?: string[] } = {},
): Promise<Replica> {
  const dataDir = options.dataDir ?? tempDir('riptides-replica-');
  const args = [
    BIN,
    'controlplane',
    'serve',
    '--listen',
    `127.0.0.1:${options.port ?? 0}`,
    '--data-dir',
    dataDir,
    '--datastore',
    options.url ?? pg.url,
    '-o',
    'json',
    ...(options.extraArgs ?? []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', PGPASSWORD: pg.password },
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`replica did not start: ${err}`));
    }, 30_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited with ${code}: ${err}`));
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl === -1) return;
      clearTimeout(timer);
      const info = JSON.parse(out.slice(0, nl)) as {
        url: string;
        caFile: string;
        cluster: 'created' | 'joined';
        adminToken?: string;
      };
      resolve({
        url: info.url,
        port: Number(new URL(info.url).port),
        caFile: info.caFile,
        dataDir,
        cluster: info.cluster,
        printedToken: info.adminToken,
        stdout: out,
        stderr: () => err,
        child,
        async stop(signal: NodeJS.Signals = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
  });
}

/** A JSON-over-HTTPS client for replicas that share one root CA. */
export function replicaClient(caFile: string, token: string) {
  const agent = new Agent({ connect: { ca: fs.readFileSync(caFile, 'utf8') }, connections: 16 });
  return {
    async call<T = unknown>(
      base: string,
      method: string,
      urlPath: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<{ status: number; body: T; headers: Record<string, unknown> }> {
      const res = await request(base + urlPath, {
        method: method as 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: agent,
      });
      const text = await res.body.text();
      return {
        status: res.statusCode,
        body: (text ? JSON.parse(text) : undefined) as T,
        headers: res.headers,
      };
    },
    close: () => agent.close(),
  };
}

/** Write the token to a 0600 file (for --token-file). */
export function tokenFile(token: string): string {
  const file = path.join(tempDir('riptides-token-'), 'token');
  fs.writeFileSync(file, token + '\n', { mode: 0o600 });
  return file;
}
