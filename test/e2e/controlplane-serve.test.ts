/**
 * `controlplane serve` as a user runs it (bin/run.js in a child process): start-up output, HTTPS
 * with the printed CA and token, clean SIGTERM/SIGINT shutdown, restarts, usage errors, and a
 * `kill -9` in the middle of a 5,000-resource apply that must lose no acknowledged write.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Agent, request } from 'undici';
import { BIN, REPO_ROOT, isolatedEnv, runCli, tempDir } from '../helpers/cli';

interface Started {
  child: ChildProcess;
  info: {
    url: string;
    trustDomain: string;
    dataDir: string;
    caFile: string;
    tokenFile: string;
    setContext: string;
  };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startServe(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'controlplane', 'serve', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...isolatedEnv(), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n')) {
        try {
          resolve({ child, info: JSON.parse(line), exited });
        } catch {
          reject(new Error(`unexpected serve output: ${stdout}`));
        }
      }
    });
    exited.then((e) => reject(new Error(`serve exited early (${e.code}): ${e.stderr}`)));
  });
}

function client(info: Started['info']) {
  const dispatcher = new Agent({ connect: { ca: fs.readFileSync(info.caFile) }, connections: 8 });
  const token = fs.readFileSync(info.tokenFile, 'utf8').trim();
  return {
    dispatcher,
    async call(method: string, p: string, body?: unknown) {
      const res = await request(info.url + p, {
        method: method as 'GET',
        dispatcher,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.statusCode, body: (await res.body.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    },
  };
}

const wi = (name: string) => ({
  apiVersion: 'core.riptides.io/v1alpha1',
  kind: 'WorkloadIdentity',
  metadata: { name, namespace: 'crash' },
  spec: { workloadID: `crash/${name}`, selectors: [{ 'process:name': name }] },
});

describe('controlplane serve', () => {
  test('prints URL, CA, token and the set-context command; stops cleanly on SIGTERM', async () => {
    const dataDir = path.join(tempDir('riptides-serve-'), 'data dir');
    const text = spawn(
      process.execPath,
      [BIN, 'controlplane', 'serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...isolatedEnv(), NO_COLOR: '1' },
      },
    );
    let out = '';
    await new Promise<void>((resolve) =>
      text.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('SIGTERM')) resolve();
      }),
    );
    const url = /serving (https:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(url).toBeDefined();
    expect(out).toContain(`CA:    ${path.join(dataDir, 'ca.pem')}`);
    expect(out).toContain(`token: ${path.join(dataDir, 'admin.token')}`);
    // Paths with spaces are quoted so that the command can be pasted.
    expect(out).toContain(
      `riptides-cli config set-context NAME --server ${url} --token-file '${path.join(dataDir, 'admin.token')}' --ca-file '${path.join(dataDir, 'ca.pem')}'`,
    );
    const exit = new Promise<number | null>((resolve) => text.on('exit', (code) => resolve(code)));
    text.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  test('-o json start-up line; data survives a SIGINT restart', async () => {
    const dataDir = tempDir('riptides-serve-');
    const first = await startServe([
      '--listen',
      '127.0.0.1:0',
      '--data-dir',
      dataDir,
      '-o',
      'json',
      '--trust-domain',
      'ci.example',
    ]);
    expect(first.info).toMatchObject({
      trustDomain: 'ci.example',
      dataDir,
      caFile: path.join(dataDir, 'ca.pem'),
    });
    expect(first.info.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const c1 = client(first.info);
    const put = await c1.call('PUT', '/v1/namespaces/crash/workloadidentities/keep', wi('keep'));
    expect(put.status).toBe(201);
    expect((await c1.call('GET', '/v1/info')).body.trustDomain).toBe('ci.example');
    await c1.dispatcher.close();
    first.child.kill('SIGINT');
    expect((await first.exited).code).toBe(0);

    const second = await startServe(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '-o', 'json']);
    const c2 = client(second.info);
    const got = await c2.call('GET', '/v1/namespaces/crash/workloadidentities/keep');
    expect(got.body).toEqual(put.body);
    expect(second.info.trustDomain).toBe('ci.example');
    await c2.dispatcher.close();
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  test('usage errors exit 2; an address in use or an unusable data directory exits 3', async () => {
    const bad = await runCli(['controlplane', 'serve', '--listen', 'nonsense']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--listen/);
    const badTd = await runCli([
      'controlplane',
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--trust-domain',
      'Bad Domain',
    ]);
    expect(badTd.code).toBe(2);

    const notADir = path.join(tempDir('riptides-serve-'), 'file');
    fs.writeFileSync(notADir, 'x');
    const unusable = await runCli([
      'controlplane',
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--data-dir',
      path.join(notADir, 'data'),
    ]);
    expect(unusable.code).toBe(3);
    expect(unusable.stderr).toContain(path.join(notADir, 'data'));
    const garbage = tempDir('riptides-serve-');
    fs.writeFileSync(path.join(garbage, 'controlplane.db'), 'this is not a database'.repeat(200));
    const corrupt = await runCli(['controlplane', 'serve', '--listen', '127.0.0.1:0', '--data-dir', garbage]);
    expect(corrupt.code).toBe(3);

    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const dataDir = tempDir('riptides-serve-');
    const inUse = await runCli([
      'controlplane',
      'serve',
      '--listen',
      `127.0.0.1:${port}`,
      '--data-dir',
      dataDir,
      '--trust-domain',
      'a.example',
    ]);
    blocker.close();
    expect(inUse.code).toBe(3);
    const mismatch = await runCli([
      'controlplane',
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--data-dir',
      dataDir,
      '--trust-domain',
      'b.example',
    ]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('a.example');
    expect(inUse.stderr).toMatch(/EADDRINUSE/);
  });

  test('kill -9 in the middle of a 5,000-resource apply loses no acknowledged write', async () => {
    const dataDir = tempDir('riptides-crash-');
    const first = await startServe(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '-o', 'json']);
    const c = client(first.info);
    const total = 5000;
    const batch = 25;
    const acknowledged = new Map<string, string>();
    let killed = false;
    let next = 0;
    // Four connections send batches and single PUTs until the server dies.
    const worker = async (w: number) => {
      while (next < total && !killed) {
        const start = next;
        next += batch;
        try {
          if (w === 0) {
            for (let i = start; i < start + batch; i++) {
              const name = `r-${String(i).padStart(5, '0')}`;
              const res = await c.call('PUT', `/v1/namespaces/crash/workloadidentities/${name}`, wi(name));
              if (res.status === 201) acknowledged.set(name, res.body.metadata.resourceVersion);
            }
          } else {
            const items = Array.from({ length: batch }, (_, k) =>
              wi(`r-${String(start + k).padStart(5, '0')}`),
            );
            const res = await c.call('POST', '/v1/apply', { items });
            if (res.status === 200) {
              for (const item of res.body.items)
                if (item.action === 'created') acknowledged.set(item.name, item.resourceVersion);
            }
          }
        } catch {
          return; // the connection died with the server
        }
        if (!killed && acknowledged.size >= total / 3) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(worker));
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(acknowledged.size).toBeLessThan(total);
    await c.dispatcher.destroy();

    const second = await startServe(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '-o', 'json']);
    const c2 = client(second.info);
    const stored = new Map<string, string>();
    let token: string | undefined;
    do {
      const res = await c2.call(
        'GET',
        `/v1/namespaces/crash/workloadidentities?limit=1000${token ? `&continue=${token}` : ''}`,
      );
      for (const item of res.body.items) stored.set(item.metadata.name, item.metadata.resourceVersion);
      token = res.body.metadata.continue;
    } while (token);
    const lost = [...acknowledged].filter(([name, version]) => stored.get(name) !== version);
    expect(lost).toEqual([]);
    await c2.dispatcher.close();
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
