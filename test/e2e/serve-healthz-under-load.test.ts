/**
 * Issue 10: `/healthz` keeps answering within 100 ms while `controlplane serve` (a child process,
 * as deployed) works on the largest apply batch it accepts. Before batches yielded to the event
 * loop, every probe waited for the whole batch (seconds).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { Agent, request } from 'undici';
import { RESOURCE_BODY_LIMIT } from '../../src/server/index';
import { MAX_APPLY_ITEMS } from '../../src/server/writes';
import { BIN, REPO_ROOT, isolatedEnv, tempDir } from '../helpers/cli';

test('/healthz answers within 100 ms while the largest allowed batch is processed', async () => {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'controlplane',
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--data-dir',
      tempDir('riptides-hz-'),
      '-o',
      'json',
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...isolatedEnv(), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const info = await new Promise<{ url: string; caFile: string; tokenFile: string }>((resolve, reject) => {
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const dispatcher = new Agent({ connect: { ca: fs.readFileSync(info.caFile) }, connections: 4 });
    const token = fs.readFileSync(info.tokenFile, 'utf8').trim();
    // MAX_APPLY_ITEMS invalid Services (100 bad addresses each) fill the body limit: about the most
    // validation work one request can ask for.
    const items = Array.from({ length: MAX_APPLY_ITEMS }, (_, i) => ({
      apiVersion: 'core.riptides.io/v1alpha1',
      kind: 'Service',
      metadata: { name: `heavy-${i}` },
      spec: { addresses: Array.from({ length: 100 }, () => ({ address: 'not valid!', port: 0 })) },
    }));
    const body = JSON.stringify({ items, dryRun: true });
    expect(body.length).toBeLessThan(RESOURCE_BODY_LIMIT);
    expect(body.length).toBeGreaterThan(RESOURCE_BODY_LIMIT * 0.8);
    const probe = async () => {
      const t = performance.now();
      const res = await request(info.url + '/healthz', { dispatcher });
      await res.body.text();
      return performance.now() - t;
    };
    await probe(); // TLS session and connection set up before measuring
    let done = false;
    const big = request(info.url + '/v1/apply', {
      method: 'POST',
      dispatcher,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    }).then(async (res) => {
      await res.body.text();
      done = true;
      return res.statusCode;
    });
    const latencies: number[] = [];
    while (!done) {
      latencies.push(await probe());
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await big).toBe(200);
    await dispatcher.close();
    latencies.sort((a, b) => a - b);
    expect(latencies.length).toBeGreaterThan(5);
    // The bound is 100 ms. On a machine shared with other jobs (2 cores, load average 10 while
    // this was written) a probe now and then also waits for CPU time that others took: 9 probes in
    // 10 must meet it, and none may wait a second (before the fix every probe waited seconds).
    const p90 = latencies[Math.ceil(latencies.length * 0.9) - 1];
    const summary = `probes (ms): ${latencies.map(Math.round).join(',')}`;
    if (process.env.SHOW_LATENCIES) process.stderr.write(summary + '\n');
    expect([p90 < 100, summary]).toEqual([true, summary]);
    expect([latencies[latencies.length - 1] < 1000, summary]).toEqual([true, summary]);
  } finally {
    child.kill('SIGTERM');
  }
}, 120_000);
