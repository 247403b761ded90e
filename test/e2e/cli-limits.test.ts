/**
 * Hostile input to the CLI (issue 10, "The CLI"): unbounded reads, broken links, output amplification,
 * terminal escapes. Every test runs the built CLI with small caps (RIPTIDES_MAX_INPUT_BYTES) so that it
 * stays fast and small; each one failed (hung, grew to gigabytes or exited 70) before the fix.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { BIN, isolatedEnv, REPO_ROOT, runCli, tempDir, type CliResult } from '../helpers/cli';
import { createJwtKey, signJwt, TestCa } from '../helpers/test-ca';

const SVC = (name: string) =>
  `apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  addresses:\n    - address: ${name}.internal\n      port: 443\n`;
const SMALL_CAP = { RIPTIDES_MAX_INPUT_BYTES: String(1024 * 1024) };

/** Run the CLI with stdin read from a file (such as /dev/zero) instead of a pipe. */
function runWithStdinFile(
  args: string[],
  stdinFile: string,
  env: Record<string, string>,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(stdinFile, 'r');
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...isolatedEnv(), NO_COLOR: '1', ...env },
      stdio: [fd, 'pipe', 'pipe'],
    });
    fs.closeSync(fd);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const hasDevZero = fs.existsSync('/dev/zero');

describe('unbounded reads stop at the cap, for every input kind', () => {
  test('validate -f /dev/zero: RT1004, exit 1, bounded', async () => {
    expect(hasDevZero).toBe(true);
    const r = await runCli(['validate', '-f', '/dev/zero', '-o', 'json'], {
      env: SMALL_CAP,
      timeoutMs: 20000,
    });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { code: string; file: string }[] };
    expect(report.findings.map((f) => [f.code, f.file])).toEqual([['RT1004', '/dev/zero']]);
  });

  test('validate -f - < /dev/zero: RT1004 for <stdin>, exit 1', async () => {
    const r = await runWithStdinFile(['validate', '-f', '-', '-o', 'json'], '/dev/zero', SMALL_CAP);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { code: string; file: string }[] };
    expect(report.findings.map((f) => [f.code, f.file])).toEqual([['RT1004', '<stdin>']]);
  });

  test('ctl apply -f /dev/zero: blocked by RT1004 before anything is sent (exit 1)', async () => {
    const r = await runCli(['ctl', 'apply', '-f', '/dev/zero'], { env: SMALL_CAP, timeoutMs: 20000 });
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toContain('RT1004');
    expect(r.stderr + r.stdout).toContain('Nothing was sent');
  });

  test('svid inspect /dev/zero and - < /dev/zero: usage error (exit 2), bounded', async () => {
    const r = await runCli(['svid', 'inspect', '/dev/zero'], { env: SMALL_CAP, timeoutMs: 20000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at most 1048576 bytes');
    const s = await runWithStdinFile(['svid', 'inspect', '-'], '/dev/zero', SMALL_CAP);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('<stdin>');
  });

  test('a FIFO named explicitly is read (as -f <(cmd) is); one inside a directory is skipped with a note', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'piped.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    fs.writeFileSync(path.join(dir, 'a.yaml'), SVC('a'));
    // The writer opens the FIFO in a child so that the CLI's open does not wait forever.
    const writer = spawn('sh', ['-c', `printf '%s' "$0" > "$1"`, SVC('piped'), fifo]);
    const written = new Promise((resolve) => writer.on('close', resolve));
    const named = await runCli(['validate', '-f', fifo, '-o', 'json'], { timeoutMs: 20000 });
    await written;
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout).summary.resources).toBe(1);
    // Nobody writes now: reading it would hang; it is skipped with an RT1006 note.
    const listed = await runCli(['validate', '-f', dir, '-o', 'json'], { timeoutMs: 20000 });
    expect(listed.code).toBe(0);
    const report = JSON.parse(listed.stdout) as {
      findings: { code: string; file: string; severity: string }[];
    };
    expect(report.findings.map((f) => [f.code, f.severity, f.file])).toEqual([['RT1006', 'info', fifo]]);
  });

  test('a FIFO fed more than the cap stops at the cap', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'zero.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const writer = spawn('sh', ['-c', 'cat /dev/zero > "$0" 2>/dev/null', fifo]);
    const r = await runCli(['validate', '-f', fifo, '-o', 'json'], { env: SMALL_CAP, timeoutMs: 20000 });
    writer.kill('SIGKILL');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code)).toEqual(['RT1004']);
  });
});

describe('broken links under -R', () => {
  test('a dangling symlink and a symlink loop are RT1007 findings; the other files are still checked', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'a.yaml'), SVC('a'));
    fs.symlinkSync(path.join(dir, 'missing.yaml'), path.join(dir, 'sub', 'dangling.yaml'));
    fs.symlinkSync(path.join(dir, 'sub', 'loop2.yaml'), path.join(dir, 'sub', 'loop1.yaml'));
    fs.symlinkSync(path.join(dir, 'sub', 'loop1.yaml'), path.join(dir, 'sub', 'loop2.yaml'));
    fs.writeFileSync(path.join(dir, 'b-target.txt'), SVC('b'));
    fs.symlinkSync(path.join(dir, 'b-target.txt'), path.join(dir, 'sub', 'b.yaml'));
    const r = await runCli(['validate', '-R', '-f', dir, '-o', 'json'], { timeoutMs: 20000 });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      findings: { code: string; file: string }[];
      summary: { resources: number };
    };
    expect(report.findings.map((f) => [f.code, path.basename(f.file)])).toEqual([
      ['RT1007', 'dangling.yaml'],
      ['RT1007', 'loop1.yaml'],
      ['RT1007', 'loop2.yaml'],
    ]);
    expect(report.summary.resources).toBe(2); // a.yaml and the link b.yaml to a file outside
    // Named explicitly, a loop is a usage error that says so (exit 2), not exit 70.
    const named = await runCli(['validate', '-f', path.join(dir, 'sub', 'loop1.yaml')], { timeoutMs: 20000 });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('symbolic link loop');
  });
});

describe('output stays proportional to what is worth showing', () => {
  test('a 1 MB one-line manifest with 100 findings prints kilobytes, not 420 MB', async () => {
    const dir = tempDir();
    const bogus = Array.from({ length: 100 }, (_, i) => `bogus${i}: 1`).join(', ');
    const file = path.join(dir, 'wide.yaml');
    fs.writeFileSync(
      file,
      `{apiVersion: core.riptides.io/v1alpha1, kind: Service, metadata: {name: a, annotations: {pad: ${'x'.repeat(1024 * 1024)}}}, spec: {addresses: [{address: a.internal, port: 443}], ${bogus}}}\n`,
    );
    const r = await runCli(['validate', '-f', file], { timeoutMs: 40000 });
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBeLessThan(200 * 1024);
    expect(r.stdout).toContain('… and 50 more findings in Service riptides-system/a');
    expect(r.stdout).toContain('100 errors');
    const json = await runCli(['validate', '-f', file, '-o', 'json'], { timeoutMs: 40000 });
    expect(JSON.parse(json.stdout).findings).toHaveLength(100); // JSON keeps every finding
  }, 90000);

  test('200,000 findings in one document: exit 1 with a count of the rest, not exit 70', async () => {
    const dir = tempDir();
    const bogus = Array.from({ length: 200000 }, (_, i) => `b${i}: 1`).join(', ');
    const file = path.join(dir, 'many.yaml');
    fs.writeFileSync(
      file,
      `{apiVersion: core.riptides.io/v1alpha1, kind: Service, metadata: {name: a}, spec: {addresses: [{address: a.internal, port: 443}], ${bogus}}}\n`,
    );
    const r = await runCli(['validate', '-f', file], { timeoutMs: 80000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    // A map longer than any schema allows is cut to 1001 keys before the schema check (docs/limits.md,
    // list-bound), so the findings are bounded too; text shows 50 and counts the rest.
    expect(r.stdout).toMatch(/… and \d+ more findings in Service riptides-system\/a/);
    expect(r.stdout.length).toBeLessThan(200 * 1024);
  }, 90000);

  test('3,000 documents with %TAG directives: findings located in seconds (was > 60 s)', async () => {
    const dir = tempDir();
    let text = '';
    for (let i = 0; i < 3000; i++)
      text += `%TAG !e! tag:yaml.org,2002:\n---\napiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  addresses:\n    - address: !e!str a${i}.internal\n      port: 443\n  bogus: 1\n...\n`;
    const file = path.join(dir, 'tags.yaml');
    fs.writeFileSync(file, text);
    const r = await runCli(['validate', '-f', file, '-o', 'json'], { timeoutMs: 45000 });
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { code: string; line: number }[];
    expect(findings).toHaveLength(3000);
    // 12 lines per document; `bogus` is the 11th.
    expect(findings[2999]).toMatchObject({ code: 'RT1020', line: 2999 * 12 + 11 });
  }, 60000);
});

describe('terminal escapes from untrusted text are shown, not executed', () => {
  const rawControls = (text: string) =>
    [...text]
      .map((ch) => ch.charCodeAt(0))
      .filter((c) => (c < 0x20 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f));

  test('manifest excerpts and messages', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'evil.yaml');
    fs.writeFileSync(
      file,
      `apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata:\n  name: "bad\\e]0;pwned\\a\\e[2J"\nspec:\n  addresses:\n    - address: a.internal\n      port: 443\n  "x\\e[31m": 1\n`,
    );
    for (const output of ['text', 'github']) {
      const r = await runCli(['validate', '-f', file, '-o', output], { timeoutMs: 30000 });
      expect(r.code).toBe(1);
      expect(rawControls(r.stdout)).toEqual([]);
      expect(r.stdout).toContain('\\x1b[31m');
    }
  });

  test("a JWT-SVID's sub and a certificate's SANs (svid inspect)", async () => {
    const dir = tempDir();
    const key = createJwtKey('k1');
    const token = path.join(dir, 'token.jwt');
    fs.writeFileSync(
      token,
      signJwt(key, 'example.com', { claims: { sub: 'spiffe://example.com/a\u001b]2;owned\u0007' } }),
    );
    const jwt = await runCli(['svid', 'inspect', token, '--offline'], { timeoutMs: 30000 });
    expect(jwt.stderr).not.toContain('Internal error');
    expect(rawControls(jwt.stdout + jwt.stderr)).toEqual([]);
    expect(jwt.stdout).toContain('\\x1b]2;owned\\x07');
    const ca = await TestCa.create({});
    const leaf = await ca.issueLeaf({ uris: ['spiffe://example.com/x'], dns: ['host\u001b[2J.example.com'] });
    const pem = path.join(dir, 'svid.pem');
    fs.writeFileSync(pem, leaf.chainPem);
    const cert = await runCli(['svid', 'inspect', pem, '--offline'], { timeoutMs: 30000 });
    expect(cert.stderr).not.toContain('Internal error');
    expect(rawControls(cert.stdout + cert.stderr)).toEqual([]);
    expect(cert.stdout).toContain('DNS:host\\x1b[2J.example.com');
  });

  test('a certificate SAN presented by a remote peer (svid inspect --connect)', async () => {
    const ca = await TestCa.create({});
    const leaf = await ca.issueLeaf({
      uris: ['spiffe://example.com/x'],
      dns: ['localhost', 'peer\u001b]0;pwned\u0007.example.com'],
    });
    const der = Buffer.from(await globalThis.crypto.subtle.exportKey('pkcs8', leaf.keys.privateKey));
    const key = `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
    const server = tls.createServer({ cert: leaf.chainPem, key }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const r = await runCli(['svid', 'inspect', '--connect', `127.0.0.1:${port}`, '--offline'], {
        timeoutMs: 30000,
      });
      expect(r.stderr).not.toContain('Internal error');
      expect(rawControls(r.stdout + r.stderr)).toEqual([]);
      expect(r.stdout).toContain('DNS:peer\\x1b]0;pwned\\x07.example.com');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('small files named by flags are capped too', () => {
  test('--token-file, --ca-file and --lint-config pointing at /dev/zero: exit 2, bounded', async () => {
    const token = await runCli(
      ['ctl', 'get', 'services', '--server', 'https://127.0.0.1:1', '--token-file', '/dev/zero'],
      { timeoutMs: 20000 },
    );
    expect(token.code).toBe(2);
    expect(token.stderr).toContain('more than 1048576 bytes');
    const ca = await runCli(
      ['ctl', 'get', 'services', '--server', 'https://127.0.0.1:1', '--ca-file', '/dev/zero'],
      {
        timeoutMs: 20000,
      },
    );
    expect(ca.code).toBe(2);
    expect(ca.stderr).toContain('more than 1048576 bytes');
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.yaml'), SVC('a'));
    const lint = await runCli(['validate', '-f', dir, '--lint-config', '/dev/zero'], { timeoutMs: 20000 });
    expect(lint.code).toBe(2);
    expect(lint.stderr).toContain('more than 1048576 bytes');
  });
});
