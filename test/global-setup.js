// Build dist/ once before the test run: end-to-end tests run bin/run.js as a user does. And one
// temporary directory for the whole run, as TMPDIR of the test processes and of every process they
// start (os.tmpdir()): jest ends its workers without their 'exit' handlers, so the directories the
// tests make are removed with this one by test/global-teardown.js.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-test-run-'));
  // Traversable by the postgres user the PostgreSQL tests run initdb as (test/helpers/postgres-server.js).
  fs.chmodSync(run, 0o755);
  process.env.RIPTIDES_TEST_RUN_DIR = run;
  process.env.TMPDIR = run;
  if (process.env.RIPTIDES_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'build.js')], { stdio: 'inherit' });
};
