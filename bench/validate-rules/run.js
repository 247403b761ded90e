/**
 * Rule-pass benchmark: 10,000 generated manifest documents (WorkloadIdentities with egress rules and
 * allowedSPIFFEIDs, Services, one Scenario) validated schema-only vs schema + every lint rule.
 * Target: rules on ≤ 1.5× schema-only. Also times the rule pass alone at 2× the size to show it
 * scales linearly (no quadratic rule). Run: npm run build && node bench/validate-rules/run.js [docs]
 */
'use strict';
const path = require('node:path');
const dist = path.join(__dirname, '..', '..', 'dist');
const { parseManifestText } = require(path.join(dist, 'core/manifest/parse'));
const { lintResources } = require(path.join(dist, 'core/lint/run'));

// Schema validation, when the validate engine is built (it lands on main separately).
let schemaCheck;
try {
  const { checkDocuments } = require(path.join(dist, 'core/manifest/check'));
  const { loadValidators } = require(path.join(dist, 'io/validators'));
  const validators = loadValidators();
  schemaCheck = (documents) => checkDocuments(documents, { validators });
} catch {
  schemaCheck = undefined;
}

const { generate } = require('./generate');

function located(documents) {
  const resources = [];
  const scenarios = [];
  for (const d of documents) {
    const kind = d.data && d.data.kind;
    if (kind === 'Scenario') scenarios.push({ scenario: d.data, origin: d.origin });
    else if (kind === 'WorkloadIdentity' || kind === 'Service')
      resources.push({ resource: d.data, origin: d.origin });
  }
  return { resources, scenarios };
}

/** One validate run without output: parse, schema (when built), optionally rules. */
function validateOnce(files, withRules) {
  const documents = [];
  for (const f of files) documents.push(...parseManifestText(f.file, f.text).documents);
  let set;
  if (schemaCheck) {
    const checked = schemaCheck(documents);
    set = { resources: checked.resources, scenarios: checked.scenarios };
  } else set = located(documents);
  let findings = 0;
  if (withRules)
    findings = lintResources(set.resources, { scenarios: set.scenarios, trustDomain: 'example.com' }).findings
      .length;
  return { resources: set.resources.length, findings };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Median CPU time (user + system of this process) and wall time. CPU time is the figure compared:
 * on a shared machine wall time mostly measures the other processes.
 */
function time(fn, runs) {
  const cpu = [];
  const wall = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    result = fn();
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
    wall.push(performance.now() - t);
  }
  return { ms: median(cpu), wall: median(wall), result };
}

const docCount = Number(process.argv[2] ?? 10000);
const runs = 7;
const { files, documents } = generate(docCount);
// Warm up both paths (JIT, lazy requires).
validateOnce(files, true);
validateOnce(files, false);
const base = time(() => validateOnce(files, false), runs);
const rules = time(() => validateOnce(files, true), runs);

// The rule pass alone at 1× and 2× the size: linear means the ratio stays near 2.
const big = generate(docCount * 2);
const prep = (f) => {
  const docs = [];
  for (const x of f) docs.push(...parseManifestText(x.file, x.text).documents);
  return schemaCheck ? schemaCheck(docs) : located(docs);
};
const s1 = prep(files);
const s2 = prep(big.files);
const lint1 = time(
  () => lintResources(s1.resources, { scenarios: s1.scenarios, trustDomain: 'example.com' }),
  runs,
);
const lint2 = time(
  () => lintResources(s2.resources, { scenarios: s2.scenarios, trustDomain: 'example.com' }),
  runs,
);

const fmt = (x) => x.toFixed(1).padStart(8);
console.log(
  `documents: ${documents} in ${files.length} files; ${rules.result.resources} resources; ${rules.result.findings} rule findings`,
);
console.log(
  `baseline: ${schemaCheck ? 'parse + JSON Schema (checkDocuments)' : 'parse only (validate engine not built: stricter baseline)'}`,
);
console.log(`CPU ms, median of ${runs} (wall ms in brackets)`);
console.log(`schema-only      ${fmt(base.ms)} ms  [${base.wall.toFixed(0)}]`);
console.log(
  `schema + rules   ${fmt(rules.ms)} ms  [${rules.wall.toFixed(0)}]   ratio ${(rules.ms / base.ms).toFixed(2)}x   (target <= 1.50x)`,
);
console.log(
  `rule pass alone  ${fmt(lint1.ms)} ms at ${documents} docs, ${fmt(lint2.ms)} ms at ${big.documents} docs: x${(lint2.ms / lint1.ms).toFixed(2)} for 2x the input (linear ~ 2)`,
);
