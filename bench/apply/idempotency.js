#!/usr/bin/env node
'use strict';
// What keeping the Idempotency-Key records within their budget costs each `POST /v1/apply` that
// carries a key (ctl apply's batches all do), on a SQLite store whose records fill the budget:
// 10,000 keys with answers of 6,700 characters (≈ 64 MiB). Each measured write stores one more
// record and prunes, as the apply route does, in a transaction of its own.
// Usage: npm run build && node bench/apply/idempotency.js [--writes 50] [--baseline DIR]
//   --baseline DIR: another checkout's build, measured on the same records in the same run.
require('../need-node');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const WRITES = Number(arg('--writes') ?? 50);
const BASELINE = arg('--baseline') ? path.resolve(arg('--baseline')) : undefined;
const { IDEMPOTENCY_BUDGET } = require(path.join(ROOT, 'dist', 'server', 'routes', 'apply.js'));
const RECORDS = IDEMPOTENCY_BUDGET.maxRecords;
const ANSWER = 'x'.repeat(Math.floor(IDEMPOTENCY_BUDGET.maxChars / RECORDS / 1000) * 1000);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-bench-idem-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));

const stamp = (i) => new Date(Date.UTC(2026, 0, 2) + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const record = (key, i) => ({
  key,
  requestHash: 'h',
  status: 200,
  contentType: 'application/json',
  body: ANSWER,
  createdAt: stamp(i),
});

/** Median milliseconds of one put + prune on a full store of `build`. */
function measure(build, label) {
  const { openStore } = require(path.join(build, 'dist', 'server', 'store', 'sqlite.js'));
  const store = openStore(path.join(work, `${label}.db`));
  store.transaction(() => {
    for (let i = 0; i < RECORDS; i++) store.putIdempotency(record(`fill-${i}`, i));
  });
  const times = [];
  for (let w = 0; w < WRITES; w++) {
    const t0 = performance.now();
    store.transaction(() => {
      store.putIdempotency(record(`write-${w}`, RECORDS + w));
      store.pruneIdempotency(stamp(0), IDEMPOTENCY_BUDGET);
    });
    times.push(performance.now() - t0);
  }
  const left = store.db.prepare('SELECT count(*) AS n FROM idempotency').get().n;
  store.close();
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], left };
}

console.log(
  `riptides-cli bench/apply/idempotency: ${RECORDS.toLocaleString('en-US')} records of ${ANSWER.length.toLocaleString('en-US')} characters, ${WRITES} writes`,
);
console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0].model})\n`);
const now = measure(ROOT, 'this');
console.log(`this build: ${now.median.toFixed(2)} ms per put + prune (median), ${now.left} records left`);
if (BASELINE) {
  const base = measure(BASELINE, 'baseline');
  console.log(
    `baseline:   ${base.median.toFixed(2)} ms per put + prune (median), ${base.left} records left  → ${(base.median / now.median).toFixed(1)}× this build's`,
  );
}
