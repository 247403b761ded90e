// Output comparison harness for engine refactors (issue 14): records every connection result the engine
// gives on the repository's manifests — the policy cases (test/policy/cases), the examples and the test
// fixtures — as `explain -o json`, explain text (plain and coloured) and `simulate -o json`, in process
// and through the CLI. Run it against two builds and compare the directories:
//   node bench/trace-compare/run.js --root /work/main --out /tmp/cmp/main
//   node bench/trace-compare/run.js --root .          --out /tmp/cmp/new
//   diff -r /tmp/cmp/main /tmp/cmp/new && echo identical
// `--root` is a checkout with a built dist/ and bin/run.js; `--no-cli` skips the child processes.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? def : argv[i + 1];
};
const root = path.resolve(opt('root', path.join(__dirname, '..', '..')));
const out = path.resolve(opt('out', path.join(__dirname, '..', 'out', 'trace-compare')));
const withCli = !argv.includes('--no-cli');
// The inputs are always this checkout's (the same files for both builds).
const repo = path.join(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const policy = require(path.join(dist, 'core/policy'));
const { parseManifestText } = require(path.join(dist, 'core/manifest/parse'));
const { printExplainJson } = require(path.join(dist, 'printers/explain-json'));
const { printExplainText } = require(path.join(dist, 'printers/explain-text'));
const { printSimulateJson } = require(path.join(dist, 'printers/simulate-json'));
const yaml = require(path.join(repo, 'node_modules', 'js-yaml'));

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'inproc'), { recursive: true });
const counts = { sets: 0, evaluations: 0, simulations: 0, cliRuns: 0 };

const rel = (f) => path.relative(repo, f);
const listYaml = (dir) =>
  fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));

/** A sub-document origin (as test/policy/helpers.ts): pointers are prefixed. */
function subOrigin(parent, prefix, rename) {
  const map = (p) => (rename && p.startsWith(rename[0]) ? rename[1] + p.slice(rename[0].length) : prefix + p);
  return { ...parent, locate: (p, target) => parent.locate(map(p), target) };
}

/** One input set: located resources + a Scenario document (loaded or synthesized). */
function loadSet(file) {
  const parsed = parseManifestText(rel(file), fs.readFileSync(file, 'utf8'));
  const docs = parsed.documents.filter((d) => d.data && typeof d.data === 'object');
  if (docs.length === 1 && Array.isArray(docs[0].data.resources) && docs[0].data.scenario) {
    const doc = docs[0];
    return {
      resources: doc.data.resources.map((resource, i) => ({
        resource,
        origin: subOrigin(doc.origin, `/resources/${i}`),
      })),
      scenario: {
        data: {
          apiVersion: 'sim.riptides.io/v1alpha1',
          kind: 'Scenario',
          metadata: { name: 'c' },
          spec: doc.data.scenario,
        },
        origin: subOrigin(doc.origin, '', ['/spec', '/scenario']),
      },
      cases: doc.data.cases ?? [],
    };
  }
  const resources = docs
    .filter((d) => d.data.kind === 'WorkloadIdentity' || d.data.kind === 'Service')
    .filter((d) => d.data.spec && typeof d.data.spec === 'object' && d.data.metadata)
    .map((d) => ({ resource: d.data, origin: d.origin }));
  return { resources, scenario: docs.find((d) => d.data.kind === 'Scenario' && d.data.spec), cases: [] };
}

/** A scenario for manifests without one: a workload per identity (its first selector entry), listening. */
function synthesizeScenario(resources) {
  const workloads = [];
  resources.forEach(({ resource: r }, i) => {
    if (r.kind !== 'WorkloadIdentity') return;
    const sel =
      Array.isArray(r.spec.selectors) && r.spec.selectors[0] && typeof r.spec.selectors[0] === 'object'
        ? r.spec.selectors[0]
        : {};
    const w = { name: `w${i}`, attributes: { ...sel }, listen: [{ address: `w${i}.test`, port: 8080 }] };
    const scope = r.spec.scope;
    if (scope?.daemonGroup?.id) w.daemonGroup = scope.daemonGroup.id;
    if (scope?.daemon?.id) w.daemon = scope.daemon.id;
    workloads.push(w);
  });
  workloads.push({
    name: 'stranger',
    attributes: { 'process:name': 'stranger' },
    listen: [{ address: 'stranger.test', port: 80 }],
  });
  return { trustDomain: 'example.com', workloads, external: [{ address: 'api.example.net', port: 443 }] };
}

function recordSet(name, set) {
  // A synthesized scenario is parsed from its YAML text, so that its refs resolve to lines too.
  const scenarioDoc =
    set.scenario ??
    parseManifestText(
      `${name}.scenario.yaml`,
      yaml.dump({
        apiVersion: 'sim.riptides.io/v1alpha1',
        kind: 'Scenario',
        metadata: { name },
        spec: synthesizeScenario(set.resources),
      }),
    ).documents[0];
  let snapshot;
  try {
    snapshot = policy.buildSnapshot(set.resources, policy.scenarioInput(scenarioDoc));
  } catch (err) {
    return void fs.writeFileSync(path.join(out, 'inproc', `${name}.error`), String(err.message) + '\n');
  }
  counts.sets++;
  const chunks = [];
  const record = (label, query) => {
    let r;
    try {
      r = policy.evaluateConnection(snapshot, query);
    } catch (err) {
      chunks.push(`## ${label}\nthrows ${err.message}\n`);
      return;
    }
    counts.evaluations++;
    chunks.push(
      `## ${label}\n`,
      printExplainJson(r),
      printExplainText(r, { color: false }),
      printExplainText(r, { color: true, sourceLines: false }),
    );
    // The untraced mode decides the same (compared as data, not printed).
    const fast = policy.evaluateConnection(snapshot, query, { trace: false });
    chunks.push(JSON.stringify({ ...fast, steps: undefined, hints: undefined }) + '\n');
  };
  const endpoints = policy.listEndpoints(snapshot);
  const extra = [{ address: 'nowhere.test', port: 1 }];
  for (const w of snapshot.workloads)
    for (const e of [...endpoints, ...extra])
      record(`${w.peer.name} -> ${e.address}:${e.port}`, { from: w.peer.name, to: e });
  // Ad-hoc peers (--from-attr / --to-attr, and flows whose destination daemon is unknown).
  for (const w of snapshot.workloads) {
    const p = w.peer;
    const adhoc = {
      attributes: p.attributes,
      daemon: p.daemon,
      daemonGroup: p.daemonGroup,
      trustDomain: p.trustDomain,
    };
    for (const d of snapshot.workloads.slice(0, 6)) {
      const toPeer = {
        attributes: d.peer.attributes,
        daemon: d.peer.daemon,
        daemonGroup: d.peer.daemonGroup,
        announces: d.peer.announces,
      };
      const to = d.peer.listen?.[0] ?? { address: 'adhoc.test', port: 9 };
      record(`adhoc ${p.name} -> ${d.peer.name}`, { from: adhoc, to, toPeer });
      record(`adhoc ${p.name} -> ${d.peer.name} (scope unknown)`, {
        from: adhoc,
        to,
        toPeer: { ...toPeer, scopeUnknown: true },
      });
    }
  }
  for (const c of set.cases) {
    const to = policy.parseEndpoint(c.to);
    if (to) record(`case ${c.name}`, { from: c.from, to });
  }
  fs.writeFileSync(path.join(out, 'inproc', `${name}.txt`), chunks.join(''));
  const plan = policy.planPairs(snapshot, undefined);
  try {
    const sim = policy.simulate(snapshot, plan, { trace: true });
    counts.simulations++;
    fs.writeFileSync(path.join(out, 'inproc', `${name}.simulate.json`), printSimulateJson(sim));
  } catch (err) {
    fs.writeFileSync(path.join(out, 'inproc', `${name}.simulate.error`), String(err.message) + '\n');
  }
}

const sets = [];
for (const f of listYaml(path.join(repo, 'test/policy/cases')))
  sets.push([`cases-${path.basename(f, '.yaml')}`, f]);
for (const dir of ['test/fixtures/lint', 'test/fixtures/addresses', 'test/fixtures/validate/schema'])
  for (const f of listYaml(path.join(repo, dir)))
    sets.push([`${dir.replace(/\//g, '-')}-${path.basename(f, '.yaml')}`, f]);
for (const [name, file] of sets) recordSet(name, loadSet(file));
for (const ex of ['quickstart', 'implicit-mtls']) {
  const files = listYaml(path.join(repo, 'examples', ex)).map(loadSet);
  recordSet(`examples-${ex}`, {
    resources: files.flatMap((s) => s.resources),
    scenario: files.map((s) => s.scenario).find(Boolean),
    cases: [],
  });
}

if (withCli) {
  fs.mkdirSync(path.join(out, 'cli'), { recursive: true });
  // A fixed place: the paths are printed, and both builds must print the same ones.
  const tmp = path.join(require('node:os').tmpdir(), 'riptides-trace-compare-inputs');
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp);
  const bin = path.join(root, 'bin', 'run.js');
  const cli = (label, args) => {
    const r = spawnSync(process.execPath, [bin, ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: tmp, XDG_DATA_HOME: tmp },
    });
    counts.cliRuns++;
    fs.appendFileSync(
      path.join(out, 'cli', `${label}.txt`),
      `$ ${args.join(' ')}\nexit ${r.status}\n${r.stdout}--- stderr\n${r.stderr}\n`,
    );
  };
  // Policy cases as manifest files (resources in one file, the Scenario in another).
  const manifestSets = [];
  for (const f of listYaml(path.join(repo, 'test/policy/cases'))) {
    const data = yaml.load(fs.readFileSync(f, 'utf8'));
    const dir = path.join(tmp, path.basename(f, '.yaml'));
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'manifests.yaml'), data.resources.map((r) => yaml.dump(r)).join('---\n'));
    fs.writeFileSync(
      path.join(dir, 'scenario.yaml'),
      yaml.dump({
        apiVersion: 'sim.riptides.io/v1alpha1',
        kind: 'Scenario',
        metadata: { name: 'c' },
        spec: data.scenario,
      }),
    );
    manifestSets.push([`cases-${path.basename(f, '.yaml')}`, dir, data.cases.map((c) => [c.from, c.to])]);
  }
  for (const ex of ['quickstart', 'implicit-mtls']) {
    const dir = path.join(repo, 'examples', ex);
    const sc = yaml.load(fs.readFileSync(path.join(dir, 'scenario.yaml'), 'utf8')).spec;
    const addrs = [...sc.workloads.flatMap((w) => w.listen ?? []), ...(sc.external ?? [])].map(
      (l) => `${l.address}:${l.port}`,
    );
    manifestSets.push([
      `examples-${ex}`,
      rel(dir),
      sc.workloads.flatMap((w) => addrs.map((a) => [w.name, a])),
    ]);
  }
  for (const [label, dir, pairs] of manifestSets) {
    // A few explains per set (the in-process records cover every pair); every simulate output.
    for (const [from, to] of pairs.slice(0, 4)) {
      cli(label, ['explain', 'connection', '-f', dir, '--from', from, '--to', to]);
      cli(label, ['explain', 'connection', '-f', dir, '--from', from, '--to', to, '-o', 'json']);
    }
    for (const o of ['json', 'text', 'table']) cli(label, ['simulate', '-f', dir, '-o', o]);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
fs.writeFileSync(path.join(out, 'counts.json'), JSON.stringify(counts) + '\n');
console.log(`${root}: ${JSON.stringify(counts)} -> ${out}`);
