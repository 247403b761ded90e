// A generator of realistic NDJSON flow records for a manifest set and its Scenario, with a known
// fraction of drift: every source talks to a few destinations (so (source, destination) keys repeat,
// as real traffic does); the observed verdict is the engine's prediction, except for a seeded random
// `drift` share where it is another verdict (MTLS→PLAINTEXT is the silent downgrade). Used by the
// flow tests (test/flows) and benchmarks (bench/flows/run.js). Needs `npm run build` (uses dist/).
//   node bench/flows/generate.js --set quickstart|large --count 1000000 --drift 0.05 --out FILE
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { buildSnapshot, evaluateConnection } = require('../../dist/core/policy');
const { flowQuery } = require('../../dist/core/flows');
const { syntheticOrigin } = require('../../dist/core/manifest/document');
const { generateDataset } = require('../simulate/dataset');

/** Deterministic PRNG (mulberry32). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DRIFTED = { MTLS: 'PLAINTEXT', TLS: 'PLAINTEXT', PLAINTEXT: 'REJECTED', REJECTED: 'PLAINTEXT' };
const DRIFT_REASONS = {
  PLAINTEXT: 'peer did not answer the TLS handshake',
  REJECTED: 'connection reset by peer',
};

/**
 * Flows for `resources` (LocatedResource[]) and `scenario` (a ScenarioInput: trustDomain, workloads
 * with attributes/daemonGroup/listen). Returns { flows(): Generator<record>, stats } where stats.drift
 * counts the drifted records once the generator is exhausted.
 */
function flowGenerator({
  resources,
  scenario,
  count,
  drift = 0.05,
  seed = 42,
  fanOut = 8,
  start = Date.parse('2026-11-30T10:00:00Z'),
}) {
  const snapshot = buildSnapshot(resources, { ...scenario, workloads: [] });
  const workloads = scenario.workloads;
  const endpoints = [];
  for (const w of workloads) for (const l of w.listen ?? []) endpoints.push({ w, l });
  for (const e of scenario.external ?? []) endpoints.push({ w: null, l: e });
  const rand = prng(seed);
  // Each source has `fanOut` destinations it talks to (not itself).
  const targets = workloads.map((w) => {
    const list = [];
    for (let k = 0; k < fanOut * 3 && list.length < Math.min(fanOut, endpoints.length); k++) {
      const e = endpoints[Math.floor(rand() * endpoints.length)];
      if (e.w !== w && !list.includes(e)) list.push(e);
    }
    return list;
  });
  const predictions = new Map();
  const stats = { flows: 0, drift: 0, predicted: { MTLS: 0, TLS: 0, PLAINTEXT: 0, REJECTED: 0 } };
  function* flows() {
    for (let i = 0; i < count; i++) {
      const si = Math.floor(rand() * workloads.length);
      const src = workloads[si];
      const ts = targets[si];
      if (ts.length === 0) continue;
      const ti = Math.floor(rand() * ts.length);
      const dst = ts[ti];
      const rec = {
        time: new Date(start + i * 3).toISOString(),
        daemon: `node-${si % 97}`,
        daemonGroup: src.daemonGroup ?? null,
        source: {
          attributes: src.attributes,
          address: `10.${(si >> 8) & 255}.${si & 255}.${1 + (i % 200)}`,
          spiffeID: null,
        },
        destination: {
          address: dst.l.address,
          port: dst.l.port,
          attributes: dst.w ? dst.w.attributes : null,
          spiffeID: null,
        },
        observed: { verdict: 'PLAINTEXT', tlsVersion: null, reason: null },
      };
      const key = si * 65536 + ti;
      let p = predictions.get(key);
      if (!p) {
        p = evaluateConnection(snapshot, flowQuery(rec), { trace: false });
        predictions.set(key, p);
      }
      stats.predicted[p.verdict]++;
      let verdict = p.verdict;
      if (rand() < drift) {
        verdict = DRIFTED[verdict];
        rec.observed.reason = DRIFT_REASONS[verdict];
        stats.drift++;
      }
      rec.observed.verdict = verdict;
      if (verdict === 'MTLS' || verdict === 'TLS')
        rec.observed.tlsVersion = verdict === 'MTLS' ? '1.3' : '1.2';
      if (verdict === 'MTLS') {
        rec.source.spiffeID = p.source.spiffeID;
        rec.destination.spiffeID = p.destination.spiffeID;
      }
      stats.flows++;
      yield rec;
    }
  }
  return { flows, stats };
}

/** The large set (2,000 workloads, 1,000 Services) as located resources + scenario input. */
function largeSet(W = 2000, S = 1000) {
  const d = generateDataset(W, S, 'example.com');
  const docs = [...d.identities, ...d.services];
  return {
    docs,
    scenarioDoc: {
      apiVersion: 'sim.riptides.io/v1alpha1',
      kind: 'Scenario',
      metadata: { name: 'bench' },
      spec: d.scenario,
    },
    resources: docs.map((resource, i) => ({ resource, origin: syntheticOrigin(`r${i}`) })),
    scenario: d.scenario,
  };
}

/** The quickstart example: its manifests and scenario, loaded with the CLI's own loaders. */
async function quickstartSet() {
  const { loadManifests } = require('../../dist/io/read-inputs');
  const { checkDocuments } = require('../../dist/core/manifest/check');
  const { loadValidators } = require('../../dist/io/validators');
  const { scenarioInput } = require('../../dist/core/policy');
  const loaded = await loadManifests([path.join(__dirname, '..', '..', 'examples', 'quickstart')]);
  const checked = checkDocuments(loaded.documents, { validators: loadValidators() });
  return {
    resources: checked.resources,
    scenario: scenarioInput({ data: checked.scenarios[0].scenario, origin: checked.scenarios[0].origin }),
  };
}

/** Write `count` flows as NDJSON to `file`; returns the stats. */
function writeFlows(file, options) {
  const g = flowGenerator(options);
  const fd = fs.openSync(file, 'w');
  let buf = [];
  for (const f of g.flows()) {
    buf.push(JSON.stringify(f));
    if (buf.length === 10000) {
      fs.writeSync(fd, buf.join('\n') + '\n');
      buf = [];
    }
  }
  if (buf.length) fs.writeSync(fd, buf.join('\n') + '\n');
  fs.closeSync(fd);
  return g.stats;
}

module.exports = { flowGenerator, largeSet, quickstartSet, writeFlows, prng };

if (require.main === module) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? def : process.argv[i + 1];
  };
  (async () => {
    const set = arg('set', 'large');
    const data = set === 'quickstart' ? await quickstartSet() : largeSet();
    const out = arg('out', path.join(__dirname, '..', 'out', 'flows', `${set}.ndjson`));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const stats = writeFlows(out, {
      ...data,
      count: Number(arg('count', 1000000)),
      drift: Number(arg('drift', 0.05)),
    });
    if (data.docs) {
      fs.writeFileSync(
        path.join(path.dirname(out), `${set}-manifests.yaml`),
        data.docs.map((d) => JSON.stringify(d)).join('\n---\n') + '\n',
      );
    }
    console.log(JSON.stringify({ out, ...stats }));
  })();
}
