/**
 * bin/run.js starts the short commands without TurboFan, V8's optimising compiler (Maglev still
 * compiles hot code): in a run of about a second, TurboFan's compile threads cost more CPU than its
 * faster code saves. A large input makes the run long enough for it to pay again, so the commands
 * that read manifests turn it back on once they have parsed this many documents or characters of text (a few
 * huge documents make a long run too), and the rule pass when it has this many resources, live ones
 * included (docs/performance.md: `validate` of 50,000 documents was 7 % slower without it, 10,000
 * were 6 % faster).
 */
export const LONG_RUN_DOCUMENTS = 15_000;
/** About the text of LONG_RUN_DOCUMENTS ordinary manifests (the benchmarks' are 640 bytes each). */
export const LONG_RUN_CHARS = 10 * 1024 * 1024;

let optimising = false;

/** Let V8 use TurboFan again for the rest of the run (unless `node --no-turbofan` asked otherwise). */
export function optimiseForLongRun(documents: number, chars = 0): void {
  if (optimising || (documents < LONG_RUN_DOCUMENTS && chars < LONG_RUN_CHARS)) return;
  if (process.execArgv.includes('--no-turbofan')) return;
  optimising = true;
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--turbofan');
}
