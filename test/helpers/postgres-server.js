/**
 * A real PostgreSQL for tests and benchmarks: a temporary cluster (initdb) on a random 127.0.0.1
 * port, password authentication, stopped and removed afterwards. The server binaries come from
 * `pg_config --bindir` (Debian's postgresql package; .ci/run installs it when missing). initdb
 * refuses to run as root, so as root the cluster is created and run as the `postgres` user.
 * When PostgreSQL cannot be started this throws: PostgreSQL tests fail, they never skip.
 */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = srv.address().port;
      srv.close(() => resolve(port));
    });
  });
}

function binDir() {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'PostgreSQL is not installed (pg_config not found): install the server package (apt-get install -y postgresql); the PostgreSQL tests need it',
    );
  }
}

/** @returns {Promise<import('./postgres').TestPostgres>} */
async function startPostgres() {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-pg-'));
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  const password = 'test-' + Math.random().toString(36).slice(2);
  const pwfile = path.join(dir, 'pw');
  fs.writeFileSync(pwfile, password + '\n');
  let uid;
  let gid;
  if (asRoot) {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
    fs.chownSync(pwfile, uid, gid);
  }
  const run = (cmd, args) => {
    const r = spawnSync(path.join(bin, cmd), args, { uid, gid, encoding: 'utf8', cwd: dir });
    if (r.status !== 0) {
      throw new Error(`PostgreSQL: ${cmd} failed (${r.status ?? r.error?.message}): ${r.stderr || r.stdout}`);
    }
  };
  run('initdb', [
    '-D',
    data,
    '-U',
    'riptides',
    '--auth=scram-sha-256',
    `--pwfile=${pwfile}`,
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], {
      uid,
      gid,
      cwd: dir,
    });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  const psql = (sql) => {
    const r = spawnSync(
      path.join(bin, 'psql'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'riptides',
        '-d',
        'postgres',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        sql,
      ],
      { encoding: 'utf8', env: { ...process.env, PGPASSWORD: password } },
    );
    if (r.status !== 0) throw new Error(`PostgreSQL: ${sql}: ${r.stderr}`);
  };
  try {
    psql('CREATE DATABASE riptides');
  } catch (err) {
    stop();
    throw err;
  }
  const urlOf = (db) => `postgres://riptides@127.0.0.1:${port}/${db}`;
  return {
    url: urlOf('riptides'),
    password,
    port,
    createDatabase(name) {
      psql(`CREATE DATABASE ${name}`);
      return urlOf(name);
    },
    stop,
  };
}

module.exports = { startPostgres };
