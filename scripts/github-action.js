#!/usr/bin/env node
'use strict';
// The script behind action.yml (the GitHub Action): `validate` the manifests (SARIF for code
// scanning), and when a baseline ref exists, `simulate --baseline` against the manifests at that ref
// (checked out with `git worktree`). Writes the step outputs (findings, regressions, exit-code) to
// $GITHUB_OUTPUT and a Markdown report to $GITHUB_STEP_SUMMARY. Exit code: 0 pass, 1 the run fails
// (findings at fail-on, a counted regression, a failed expectation), 2 bad inputs, 70 a bug.
// Inputs come as INPUT_* environment variables (action.yml maps them); docs/ci.md describes them.
// Only Node.js built-ins: it runs before, and beside, anything else.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SEVERITIES = ['error', 'warning', 'info'];
const REGRESSION_POLICIES = ['security', 'availability', 'any', 'none'];
const TOP_FINDINGS = 10;
const MAX_CHANGE_ROWS = 50;

/** An input: INPUT_FAIL_ON (action.yml maps them so) or INPUT_FAIL-ON (as GitHub names them for JS actions). */
function input(name, fallback = '') {
  const upper = name.toUpperCase();
  const v = process.env[`INPUT_${upper.replace(/-/g, '_')}`] ?? process.env[`INPUT_${upper}`];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
}

class InputError extends Error {}

/** The action's inputs, checked. Paths are relative to the workspace (the repository root). */
function readInputs() {
  const env = process.env;
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  const manifests = input('manifests', '.')
    .split(/[\s,]+/)
    .filter(Boolean);
  const failOn = input('fail-on', 'error');
  if (!SEVERITIES.slice(0, 2).includes(failOn))
    throw new InputError(`fail-on: "${failOn}" is not one of error, warning`);
  const regressions = input('regressions', 'security');
  if (!REGRESSION_POLICIES.includes(regressions))
    throw new InputError(`regressions: "${regressions}" is not one of ${REGRESSION_POLICIES.join(', ')}`);
  for (const m of manifests) {
    if (path.isAbsolute(m) || m.split(/[\\/]/).includes('..'))
      throw new InputError(`manifests: "${m}" must be a path inside the repository`);
    if (!fs.existsSync(path.join(workspace, m)))
      throw new InputError(`manifests: "${m}" does not exist in ${workspace}`);
  }
  return {
    workspace,
    manifests,
    failOn,
    regressions,
    baselineRef: input('baseline-ref', ''),
    baseRef: env.GITHUB_BASE_REF || '',
    sarifFile: input('sarif-file', 'riptides.sarif'),
    scenario: input('scenario', ''),
    cli: env.RIPTIDES_CLI || path.join(__dirname, '..', 'bin', 'run.js'),
  };
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function cli(inputs, args) {
  return run(process.execPath, [inputs.cli, ...args], inputs.workspace);
}

const git = (args, cwd) => run('git', args, cwd);

/**
 * The commit to compare with: the baseline-ref input, else the pull request's base branch
 * (origin/BASE, then BASE, then fetched from origin). Undefined when there is none (a push build).
 */
function resolveBaseline(inputs) {
  const candidates = inputs.baselineRef
    ? [inputs.baselineRef, `origin/${inputs.baselineRef}`]
    : inputs.baseRef
      ? [`origin/${inputs.baseRef}`, inputs.baseRef]
      : [];
  for (const ref of candidates) {
    const r = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], inputs.workspace);
    if (r.code === 0) return { ref, commit: r.stdout.trim() };
  }
  const wanted = inputs.baselineRef || inputs.baseRef;
  if (!wanted) return undefined;
  // actions/checkout fetches one commit by default: fetch the base too.
  if (git(['fetch', '--no-tags', '--depth=1', 'origin', wanted], inputs.workspace).code === 0) {
    const r = git(['rev-parse', '--verify', '--quiet', 'FETCH_HEAD^{commit}'], inputs.workspace);
    if (r.code === 0) return { ref: wanted, commit: r.stdout.trim() };
  }
  return { ref: wanted, commit: null };
}

/** Files under the manifest paths, for finding a Scenario document. */
function listFiles(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return [p];
  return fs
    .readdirSync(p, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => listFiles(path.join(p, e.name)));
}

const RIPTIDES_DOC = /apiVersion["']?\s*:\s*["']?(core|sim)\.riptides\.io\//;
const SCENARIO_DOC = /^kind:\s*["']?Scenario["']?\s*$|"kind"\s*:\s*"Scenario"/m;

/**
 * The files under the manifest paths (relative to `root`, with `/`) that hold Riptides documents:
 * what simulate reads (it has no --skip-unknown; validate has already reported everything else).
 */
function riptidesFiles(root, manifests) {
  return manifests
    .map((m) => path.join(root, m))
    .filter((p) => fs.existsSync(p))
    .flatMap(listFiles)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => ({ rel: path.relative(root, f).split(path.sep).join('/'), text: fs.readFileSync(f, 'utf8') }))
    .filter((f) => RIPTIDES_DOC.test(f.text));
}

function fArgs(inputs) {
  return ['-R', ...inputs.manifests.flatMap((m) => ['-f', m])];
}

function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} did not print JSON`);
  }
}

/**
 * Which regressions fail the run, by the kind simulate gives each change (docs/simulate: security =
 * newly admitted or less protected, availability = newly REJECTED).
 */
function countsAs(change, policy) {
  if (!change.regression || policy === 'none') return false;
  return policy === 'any' || change.kind === policy;
}

/** The manifest position that decided a pair (the step carrying the change's reason, else a failed step). */
function decidingRef(result, reason) {
  if (!result) return null;
  const steps = result.steps || [];
  const step =
    steps.find((s) => reason && s.reason === reason && s.refs.length > 0) ||
    steps.find((s) => s.outcome === 'fail' && s.refs.length > 0);
  const ref = step?.refs[0];
  return ref && ref.file ? `${ref.file}:${ref.line}` : null;
}

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function markdown(report) {
  const { inputs, validate, simulation, simulationError, broken, baseline, counted, exitCode } = report;
  const s = validate.summary;
  const out = [`## Riptides manifests: ${exitCode === 0 ? '✅ passed' : '❌ failed'}`, ''];
  out.push(
    `**${s.errors}** errors · **${s.warnings}** warnings · **${s.infos}** notes in ${s.resources} resources (${s.files} files; fails on ${inputs.failOn})`,
  );
  if (baseline?.commit)
    out.push(
      `**${report.regressionCount}** regressions (${counted} counted by \`regressions: ${inputs.regressions}\`) in ${report.changes.length} changed connections against \`${baseline.ref}\` (${baseline.commit.slice(0, 7)})`,
    );
  else if (baseline) out.push(`Baseline \`${baseline.ref}\` not found: change impact skipped.`);
  else if (simulation) out.push('No baseline ref (not a pull request): change impact skipped.');
  if (simulation) {
    const e = simulation.summary.expectations;
    if (e.passed + e.failed > 0) out.push(`Expectations: ${e.passed} passed, ${e.failed} failed`);
    if (broken.length > 0)
      out.push(`Simulated without ${broken.map((f) => `\`${f}\``).join(', ')} (errors).`);
  } else if (simulationError) out.push(`Simulation failed: ${simulationError}`);
  else out.push('No Scenario among the manifests: connections not simulated.');
  if (report.changes.length > 0) {
    out.push(
      '',
      '### Changed connections',
      '',
      '| pair | before → after | reason | file:line |',
      '|---|---|---|---|',
    );
    for (const c of report.changes.slice(0, MAX_CHANGE_ROWS)) {
      const mark = c.regression ? (countsAs(c, inputs.regressions) ? '❌ ' : '⚠️ ') : '';
      out.push(
        `| ${mark}${cell(c.from)} → ${cell(c.to)} | ${c.before} → ${c.after} | ${c.reason ?? ''} | ${c.where ? `\`${cell(c.where)}\`` : ''} |`,
      );
    }
    if (report.changes.length > MAX_CHANGE_ROWS)
      out.push('', `…and ${report.changes.length - MAX_CHANGE_ROWS} more.`);
  }
  const findings = [...validate.findings].sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
  );
  if (findings.length > 0) {
    out.push('', '### Top findings', '', '| severity | code | file:line | message |', '|---|---|---|---|');
    for (const f of findings.slice(0, TOP_FINDINGS)) {
      const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '';
      out.push(`| ${f.severity} | ${f.code} | ${where ? `\`${cell(where)}\`` : ''} | ${cell(f.message)} |`);
    }
    if (findings.length > TOP_FINDINGS)
      out.push('', `…and ${findings.length - TOP_FINDINGS} more (see the SARIF report).`);
  }
  return out.join('\n') + '\n';
}

function writeOutputs(values) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  fs.appendFileSync(
    file,
    Object.entries(values)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
}

function writeSummary(text) {
  if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, text);
  else process.stdout.write(text);
}

function main() {
  const inputs = readInputs();
  // 1. validate: JSON on stdout for the summary, SARIF for code scanning.
  const sarif = path.resolve(inputs.workspace, inputs.sarifFile);
  const v = cli(inputs, [
    'validate',
    ...fArgs(inputs),
    '--skip-unknown',
    '--fail-on',
    inputs.failOn,
    '-o',
    'json',
    '--sarif-file',
    sarif,
  ]);
  if (v.code !== 0 && v.code !== 1) throw new Error(`validate exited ${v.code}: ${v.stderr.trim()}`);
  const validate = parseJson(v.stdout, 'validate');
  let exitCode = v.code;

  // 2. simulate (needs a Scenario), against the baseline when there is one.
  let simulation = null;
  let baseline;
  let changes = [];
  let worktree;
  let simulationError = null;
  // Files with errors cannot be evaluated: simulate the others (validate reported those).
  const broken = new Set(
    validate.findings.filter((f) => f.severity === 'error' && f.file).map((f) => f.file),
  );
  const files = riptidesFiles(inputs.workspace, inputs.manifests).filter((f) => !broken.has(f.rel));
  if (inputs.scenario || files.some((f) => SCENARIO_DOC.test(f.text))) {
    baseline = resolveBaseline(inputs);
    const args = ['simulate', ...files.flatMap((f) => ['-f', f.rel]), '-o', 'json'];
    if (inputs.scenario) args.push('--scenario', inputs.scenario);
    try {
      if (baseline?.commit) {
        worktree = fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-baseline-'));
        const added = git(['worktree', 'add', '--detach', worktree, baseline.commit], inputs.workspace);
        if (added.code !== 0) throw new Error(`git worktree add ${baseline.ref}: ${added.stderr.trim()}`);
        const old = riptidesFiles(worktree, inputs.manifests).map((f) => path.join(worktree, f.rel));
        // Manifests that are new in this change have no baseline: compare with an empty directory.
        if (old.length === 0) old.push(fs.mkdtempSync(path.join(os.tmpdir(), 'riptides-empty-')));
        for (const p of old) args.push('--baseline', p);
      }
      const r = cli(inputs, args);
      if (r.code === 0 || r.code === 1) {
        simulation = parseJson(r.stdout, 'simulate');
        if (simulation.summary.expectations.failed > 0) exitCode = 1;
      } else {
        // e.g. the base branch's manifests do not load: say so, fail, keep the rest of the report.
        simulationError = r.stderr.trim().split('\n')[0] || `simulate exited ${r.code}`;
        exitCode = 1;
      }
    } finally {
      if (worktree) {
        git(['worktree', 'remove', '--force', worktree], inputs.workspace);
        fs.rmSync(worktree, { recursive: true, force: true });
      }
    }
  }
  if (simulation) {
    const byPair = new Map(simulation.results.map((r) => [`${r.from}\n${r.to}`, r]));
    changes = (simulation.changes || []).map((c) => ({
      ...c,
      where: decidingRef(byPair.get(`${c.from}\n${c.to}`), c.reason),
    }));
  }
  const regressionCount = changes.filter((c) => c.regression).length;
  const counted = changes.filter((c) => countsAs(c, inputs.regressions)).length;
  if (counted > 0) exitCode = 1;

  writeSummary(
    markdown({
      inputs,
      validate,
      simulation,
      simulationError,
      broken: [...broken],
      baseline,
      changes,
      regressionCount,
      counted,
      exitCode,
    }),
  );
  writeOutputs({
    findings: validate.findings.length,
    regressions: regressionCount,
    'sarif-file': path.relative(inputs.workspace, sarif) || sarif,
    'exit-code': exitCode,
  });
  return exitCode;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (err) {
    const bad = err instanceof InputError;
    process.stderr.write(`::error title=riptides-cli action::${err.message}\n`);
    writeOutputs({ 'exit-code': bad ? 2 : 70 });
    process.exitCode = bad ? 2 : 70;
  }
}

module.exports = { countsAs, decidingRef, markdown, readInputs };
