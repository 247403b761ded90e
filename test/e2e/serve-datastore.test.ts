/**
 * `controlplane serve --datastore` input errors, without a PostgreSQL: a password in the URL is
 * refused (exit 2, not echoed), a URL that is not postgres:// is a usage error, and an unreachable
 * database is exit 3 with the password-free URL and a fix.
 */
import net from 'node:net';
import { runCli, tempDir } from '../helpers/cli';

const serve = (...args: string[]) =>
  runCli(['controlplane', 'serve', '--listen', '127.0.0.1:0', '--data-dir', tempDir(), ...args]);

test('a password in the URL is refused and never echoed (exit 2)', async () => {
  const r = await serve('--datastore', 'postgres://riptides:s3cr3t-pw@127.0.0.1:5432/riptides');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/PGPASSWORD|--datastore-password-file/);
  expect(r.stdout + r.stderr).not.toContain('s3cr3t-pw');
});

test('a URL that is not postgres:// is a usage error (exit 2)', async () => {
  const r = await serve('--datastore', 'mysql://root@db/riptides');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/postgres:\/\//);
});

test('an unreachable database is exit 3, with a fix', async () => {
  // A port that refuses connections: bind one, note it, close it.
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  const r = await runCli(
    [
      'controlplane',
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--data-dir',
      tempDir(),
      '--datastore',
      `postgres://riptides@127.0.0.1:${port}/riptides`,
    ],
    { env: { PGPASSWORD: 'pw-not-shown' } },
  );
  expect(r.code).toBe(3);
  expect(r.stderr).toContain(`postgres://riptides@127.0.0.1:${port}/riptides`);
  expect(r.stderr).toMatch(/PostgreSQL runs/);
  expect(r.stdout + r.stderr).not.toContain('pw-not-shown');
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
