/**
 * End-to-end: one destination, one spelling. IPv6 addresses compare as addresses and host names
 * without case or a trailing dot, in explain, simulate (every format) and the suggested fixes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const FILE = 'test/fixtures/addresses/manifests.yaml';

describe('addresses', () => {
  test('explain: [fd00:0:0::1]:443 is the Service and the listener on fd00::1, printed as [fd00::1]', async () => {
    const r = await runCli([
      'explain',
      'connection',
      '-f',
      FILE,
      '--from',
      'client',
      '--to',
      '[FD00:0:0::1]:5432',
      '-o',
      'json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.verdict).toBe('MTLS');
    expect(j.path).toBe('explicit');
    expect(j.destination).toMatchObject({
      address: 'fd00::1',
      port: 5432,
      service: 'riptides-system/db',
      identity: 'riptides-system/db',
    });
    const text = await runCli([
      'explain',
      'connection',
      '-f',
      FILE,
      '--from',
      'client',
      '--to',
      '[fd00:0::1]:5432',
    ]);
    expect(text.stdout.split('\n')[0]).toBe('client → [fd00::1]:5432');
    expect(text.stdout).toMatch(/\[fd00::1\]:5432 is Service riptides-system\/db/);
  });

  test('explain: a host name matches whatever its case and trailing dot', async () => {
    const r = await runCli([
      'explain',
      'connection',
      '-f',
      FILE,
      '--from',
      'client',
      '--to',
      'WEB.Internal.:443',
      '-o',
      'json',
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.destination).toMatchObject({
      address: 'web.internal',
      service: 'riptides-system/web',
      identity: null,
    });
  });

  test('simulate: every spelling is one column, IPv6 as [host]:port, the same in table, json and graphs', async () => {
    const json = JSON.parse((await runCli(['simulate', '-f', FILE, '-o', 'json'])).stdout);
    expect(json.results.map((x: { to: string }) => x.to)).toEqual([
      '[fd00::1]:5432',
      'web.internal:443',
      '[fd00::2]:443',
    ]);
    expect(json.summary.expectations).toEqual({ passed: 3, failed: 0 });
    const table = (await runCli(['simulate', '-f', FILE])).stdout;
    expect(table).toMatch(/^ +1 +\[fd00::1\]:5432$/m);
    expect(table).not.toMatch(/fd00::1:5432|fd00:0/);
    const mermaid = (await runCli(['simulate', '-f', FILE, '-o', 'mermaid'])).stdout;
    // The listener on fd00::1 is drawn as its workload, the external endpoint once.
    expect(mermaid).toMatch(/w0 -->\|":5432 MTLS"\| w1/);
    expect(mermaid.match(/\[fd00::2\]:443/g)).toHaveLength(1);
    const dot = (await runCli(['simulate', '-f', FILE, '-o', 'dot'])).stdout;
    expect(dot.match(/label="\[fd00::2\]:443"/g)).toHaveLength(1);
  });

  test('the suggested Service for an IPv6 endpoint holds an address validate accepts', async () => {
    const r = await runCli([
      'explain',
      'connection',
      '-f',
      FILE,
      '--from',
      'client',
      '--to',
      '[FD00:0::2]:443',
      '-o',
      'json',
    ]);
    const j = JSON.parse(r.stdout);
    const hint = j.hints.find((h: { reason: string }) => h.reason === 'no-service');
    expect(hint.yaml).toMatch(/address: fd00::2\n/);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'svc.yaml'), hint.yaml);
    const v = await runCli(['validate', '-f', path.join(dir, 'svc.yaml')]);
    expect(v.stderr + v.stdout).not.toMatch(/RT1\d{3}/);
    expect(v.code).toBe(0);
  });

  test('an IPv6 address without brackets in --to is a usage error that says how to write it', async () => {
    const r = await runCli(['explain', 'connection', '-f', FILE, '--from', 'client', '--to', 'fd00::1:5432']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[fd00::1\]:443/);
  });

  test('a failed expectation to an IPv6 endpoint suggests an explain command a shell can run', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'm.yaml');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(FILE, 'utf8')
        .replace("'[fd00:0:0::1]:5432', expect: MTLS", "'[fd00:0:0::1]:5432', expect: TLS"),
    );
    const r = await runCli(['simulate', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ client → \[fd00::1\]:5432: expected TLS, got MTLS/);
    expect(r.stdout).toContain("explain connection --from client --to '[fd00::1]:5432'");
  });
});
