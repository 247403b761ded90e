// Remove the run's temporary directory (test/global-setup.js) and everything the tests made in it.
const fs = require('node:fs');

module.exports = async () => {
  const run = process.env.RIPTIDES_TEST_RUN_DIR;
  if (run) fs.rmSync(run, { recursive: true, force: true });
};
