'use strict';
// Preload hook (NODE_OPTIONS=--require) for bench/startup: at exit, write the CPU time (user + system,
// microseconds) the process used to $RIPTIDES_CPU_FILE. CPU time is far less disturbed than wall time
// when other jobs load the machine.
const out = process.env.RIPTIDES_CPU_FILE;
if (out) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    require('node:fs').writeFileSync(out, String(user + system));
  });
}
