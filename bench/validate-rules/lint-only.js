/**
 * The rule pass alone, repeated on one parsed and schema-checked set (10,000 generated documents):
 * median CPU and wall time of lintResources over 25 runs. Compare two builds with DIST=<other dist>.
 * Run: npm run build && node bench/validate-rules/lint-only.js [docs]
 */
'use strict';
const path = require('node:path');
const dist = process.env.DIST ?? path.join(__dirname, '..', '..', 'dist');
const { parseManifestText } = require(path.join(dist, 'core/manifest/parse'));
const { lintResources } = require(path.join(dist, 'core/lint/run'));
const { checkDocuments } = require(path.join(dist, 'core/manifest/check'));
const { loadValidators } = require(path.join(dist, 'io/validators'));
const { generate } = require('./generate');

const validators = loadValidators();
const { files, documents } = generate(Number(process.argv[2] ?? 10000));
const parsed = [];
for (const f of files) parsed.push(...parseManifestText(f.file, f.text).documents);
const set = checkDocuments(parsed, { validators });
const options = { scenarios: set.scenarios, trustDomain: 'example.com' };

const cpu = [];
const wall = [];
let findings = 0;
for (let k = 0; k < 25; k++) {
  const t = performance.now();
  const c = process.cpuUsage();
  findings = lintResources(set.resources, options).findings.length;
  const u = process.cpuUsage(c);
  wall.push(performance.now() - t);
  cpu.push((u.user + u.system) / 1000);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(
  `rule pass alone, ${documents} documents, ${findings} findings (${dist}): CPU ${median(cpu).toFixed(1)} ms, wall ${median(wall).toFixed(1)} ms (median of 25)`,
);
