'use strict';
// What the benchmarks that run `controlplane serve` share: a scratch directory with an isolated
// config/data/cache environment, a serve child process whose first line of output (`-o json`)
// is the control plane's info (url, tokenFile, caFile, dataDir, trustDomain), and a timed run of a
// command against it.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** A temporary directory (removed at exit) and an environment whose XDG directories are inside it. */
function benchDirs(prefix) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(work, 'config'),
    XDG_DATA_HOME: path.join(work, 'data'),
    XDG_CACHE_HOME: path.join(work, 'cache'),
    NO_COLOR: '1',
  };
  return { work, env };
}

/**
 * Start `node [nodeArgs] BIN controlplane serve --listen 127.0.0.1:0 --data-dir DATA -o json [args]`;
 * resolves to the child and the info line it printed, rejects if it exits first.
 */
function startServe({ bin, dataDir, env, nodeArgs = [], args = [], stderr = 'inherit' }) {
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      bin,
      'controlplane',
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--data-dir',
      dataDir,
      '-o',
      'json',
      ...args,
    ],
    { env, stdio: ['ignore', 'pipe', stderr] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl !== -1) resolve({ child, info: JSON.parse(out.slice(0, nl)) });
    });
  });
}

/**
 * Run `argv` to completion with its stdout in `out` (default: discarded), timed: wall time and the
 * child's CPU time (user + system, ms, through bash's `times`; NaN if it printed none). Returns
 * spawnSync's status, signal and stderr with them.
 */
function timedRun(argv, { env, out = '/dev/null', timeout }) {
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', '"$@" > "$OUT"; rc=$?; times >&2; exit $rc', 'bash', ...argv], {
    env: { ...env, OUT: out },
    encoding: 'utf8',
    ...(timeout ? { timeout, killSignal: 'SIGKILL' } : {}),
  });
  const wallMs = performance.now() - t0;
  const m = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(r.stderr.trim());
  const cpuMs = m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000 : NaN;
  return { status: r.status, signal: r.signal, stderr: r.stderr, wallMs, cpuMs };
}

/**
 * `url` (a served control plane) through bench/apply/latency-proxy.js, a process that delays each
 * direction by `delayMs` (a remote control plane); the proxy is stopped at exit. Resolves to the
 * proxy's URL.
 */
async function behindLatency(url, delayMs) {
  const proxy = spawn(
    process.execPath,
    [path.join(__dirname, 'apply', 'latency-proxy.js'), new URL(url).port, String(delayMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  process.on('exit', () => proxy.kill());
  const port = await new Promise((resolve, reject) => {
    proxy.stdout.setEncoding('utf8').once('data', (d) => {
      // Neither the child nor its pipe may keep the bench alive: the exit handler stops it.
      proxy.stdout.destroy();
      proxy.unref();
      resolve(Number(d.trim()));
    });
    proxy.on('exit', (code) => reject(new Error(`latency proxy exited ${code}`)));
  });
  return `https://127.0.0.1:${port}`;
}

module.exports = { behindLatency, benchDirs, startServe, timedRun };
