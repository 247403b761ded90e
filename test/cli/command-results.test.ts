/**
 * Commands return typed results (docs/output.md, "From result to output"): run() parses, computes
 * and returns; the base command prints. These tests call run() in-process — the real commands over
 * real files and a real `controlplane serve` over HTTPS — and assert the returned
 * objects, not text; and that run() wrote nothing to stdout. The last test keeps every command's
 * run() at most 60 lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '@oclif/core';
import type { BaseCommand } from '../../src/cli/base-command';
import { isRiptidesError } from '../../src/core/errors';
import { explainExitCode, type ExplainResult } from '../../src/printers/explain-result';
import { ctlExitCode, type CtlResult } from '../../src/printers/ctl-result';
import type { CtlGetResult } from '../../src/printers/ctl-get-result';
import type { ConfigResult } from '../../src/printers/config-result';
import { simulateExitCode, type SimulateResult } from '../../src/printers/simulate-result';
import type { ServeResult } from '../../src/printers/serve';
import type { CompletionResult, DocsResult, SchemasResult } from '../../src/printers/small-commands';
import { svidExitCode, type SvidInspectResult, type SvidIssueResult } from '../../src/printers/svid-result';
import type { RuleListResult, ValidateResult } from '../../src/printers/validate';
import validate from '../../src/commands/validate';
import explain from '../../src/commands/explain/connection';
import simulate from '../../src/commands/simulate';
import svidInspect from '../../src/commands/svid/inspect';
import svidIssue from '../../src/commands/svid/issue';
import ctlApply from '../../src/commands/ctl/apply';
import ctlGet from '../../src/commands/ctl/get';
import ctlDiff from '../../src/commands/ctl/diff';
import ctlDelete from '../../src/commands/ctl/delete';
import setContext from '../../src/commands/config/set-context';
import useContext from '../../src/commands/config/use-context';
import currentContext from '../../src/commands/config/current-context';
import getContexts from '../../src/commands/config/get-contexts';
import viewConfig from '../../src/commands/config/view';
import deleteContext from '../../src/commands/config/delete-context';
import docs from '../../src/commands/docs';
import schemas from '../../src/commands/schemas';
import completion from '../../src/commands/completion';
import daemonToken from '../../src/commands/controlplane/daemon-token';
import serve from '../../src/commands/controlplane/serve';
import { tempDir } from '../helpers/cli';
import { quickstartFlowsNdjson, stagedQuickstart } from '../helpers/flows';

const ROOT = path.join(__dirname, '..', '..');
const QUICKSTART = path.join(ROOT, 'examples', 'quickstart');
const SCENARIO = path.join(QUICKSTART, 'scenario.yaml');
const BACKEND = 'backend-api.myapp.svc.cluster.local:3000';

const home = tempDir('riptides-results-');
const FLOWS = path.join(home, 'flows.ndjson');
fs.writeFileSync(FLOWS, quickstartFlowsNdjson());

/**
 * What the commands read from oclif's Config: the CLI's name and version, and (completion) the
 * commands and topics — from the manifest the build wrote. (Config.load needs ESM dynamic imports,
 * which jest's CommonJS runtime refuses.)
 */
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, unknown>;
};
const config = {
  bin: 'riptides-cli',
  version: (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version,
  commands: Object.values(manifest.commands),
  topics: [],
  runHook: async () => ({ successes: [], failures: [] }),
} as unknown as Config;
const savedEnv = { ...process.env };
beforeAll(() => {
  process.env.XDG_CONFIG_HOME = path.join(home, 'config');
  process.env.XDG_DATA_HOME = path.join(home, 'data');
  delete process.env.RIPTIDES_CONTEXT;
});
afterAll(() => {
  process.env = savedEnv;
});

type CommandClass = new (argv: string[], config: Config) => BaseCommand<unknown>;

/** Run a command's run() in-process; fail if it wrote to stdout (printing is the base command's job). */
async function result<R>(Command: unknown, argv: string[]): Promise<R> {
  const Cmd = Command as CommandClass;
  const write = jest.spyOn(process.stdout, 'write');
  try {
    const value = await new Cmd(argv, config).run();
    expect(write).not.toHaveBeenCalled();
    return value as R;
  } finally {
    write.mockRestore();
  }
}

/** run() throws a RiptidesError (rendered by the base command); its code and exit code. */
async function failure(Command: unknown, argv: string[]) {
  try {
    await result(Command, argv);
  } catch (err) {
    if (isRiptidesError(err)) return { code: err.code, exitCode: err.exitCode };
    throw err;
  }
  throw new Error('run() did not throw');
}

describe('validate', () => {
  test('the quickstart: a report with no errors, not failed', async () => {
    const r = await result<ValidateResult>(validate, ['-f', QUICKSTART]);
    expect(r.kind).toBe('report');
    expect(r.failed).toBe(false);
    expect(r.report.summary.errors).toBe(0);
  });

  test('an invalid manifest: failed, with its finding codes', async () => {
    const r = await result<ValidateResult>(validate, [
      '-f',
      path.join(ROOT, 'test/fixtures/validate/e2e/invalid-frontend.yaml'),
    ]);
    expect(r.failed).toBe(true);
    expect(r.report.summary.errors).toBeGreaterThan(0);
    expect(r.report.findings.every((f) => /^RT\d{4}$/.test(f.code))).toBe(true);
  });

  test('--list-rules: the rules, whatever -o', async () => {
    const r = await result<RuleListResult>(validate, ['--list-rules', '-o', 'json']);
    expect(r.kind).toBe('rules');
    expect(r.rules.map((x) => x.code)).toContain('RT2003');
  });
});

describe('explain connection', () => {
  const base = ['-f', QUICKSTART, '--scenario', SCENARIO, '--from', 'frontend', '--to', BACKEND];

  test('frontend → backend: MTLS, exit 0', async () => {
    const r = await result<ExplainResult>(explain, base);
    expect(r).toMatchObject({ kind: 'connection', warnings: 0, verdictExitCode: false });
    expect(r.result.verdict).toBe('MTLS');
    expect(explainExitCode(r)).toBe(0);
  });

  test('--expect REJECTED on an MTLS connection: exit 1', async () => {
    const r = await result<ExplainResult>(explain, [...base, '--expect', 'REJECTED']);
    expect(r.expect).toBe('REJECTED');
    expect(explainExitCode(r)).toBe(1);
  });

  test('--flow: an observed PLAINTEXT where MTLS is predicted is drift', async () => {
    const r = await result<ExplainResult>(explain, ['-f', QUICKSTART, '--flow', `${FLOWS}:1`]);
    if (r.kind !== 'flow') throw new Error(`kind ${r.kind}`);
    expect(r.explained.flow.observed.verdict).toBe('PLAINTEXT');
    expect(r.result.verdict).toBe('MTLS');
    expect(r.explained.comparison.status).toBe('drift');
  });

  test('an unknown scenario workload is a usage error (exit 2), nothing returned', async () => {
    const e = await failure(explain, [
      '-f',
      QUICKSTART,
      '--scenario',
      SCENARIO,
      '--from',
      'nobody',
      '--to',
      BACKEND,
    ]);
    expect(e.exitCode).toBe(2);
  });
});

describe('simulate', () => {
  test('the quickstart scenario: every pair evaluated, its expectations hold', async () => {
    const r = await result<SimulateResult>(simulate, ['-f', QUICKSTART]);
    if (r.kind !== 'scenario') throw new Error(`kind ${r.kind}`);
    expect(r.sim.total).toBeGreaterThan(0);
    expect(r.sim.summary.expectations.failed).toBe(0);
    expect(r.coverage).toBeUndefined();
    expect(simulateExitCode(r)).toBe(0);
  });

  test('--min-mtls-coverage 100: the gate fails and lists the non-MTLS pairs', async () => {
    const r = await result<SimulateResult>(simulate, ['-f', QUICKSTART, '--min-mtls-coverage', '100']);
    if (r.kind !== 'scenario') throw new Error(`kind ${r.kind}`);
    expect(r.coverage?.passed).toBe(false);
    expect(r.coverage?.nonMtls.length).toBeGreaterThan(0);
    expect(simulateExitCode(r)).toBe(1);
  });

  test('--flows with a staged set: drift and changes counted; --fail-on any fails', async () => {
    const r = await result<SimulateResult>(simulate, [
      '--flows',
      FLOWS,
      '--baseline',
      QUICKSTART,
      '-f',
      stagedQuickstart('PERMISSIVE'),
      '--fail-on',
      'any',
    ]);
    if (r.kind !== 'flows') throw new Error(`kind ${r.kind}`);
    expect(r.report.summary.status).toEqual({ agree: 2, drift: 1, changes: 1 });
    expect(r.failures).toEqual([
      { kind: 'drift', count: 1 },
      { kind: 'changes', count: 1 },
    ]);
    expect(simulateExitCode(r)).toBe(1);
  });
});

describe('svid inspect', () => {
  test('a leaf with CA:true: not valid, exit 1', async () => {
    const r = await result<SvidInspectResult>(svidInspect, [
      path.join(ROOT, 'test/fixtures/svid/wrong-leaf-ca-true.pem'),
      '--offline',
    ]);
    expect(r.report.valid).toBe(false);
    expect(r.source).toEqual({
      type: 'file',
      name: expect.stringContaining('wrong-leaf-ca-true.pem'),
    });
    expect(svidExitCode(r)).toBe(1);
  });
});

describe('controlplane serve, then ctl and svid issue against it over HTTPS', () => {
  const data = path.join(home, 'cp');
  let served: ServeResult;
  let connection: string[];
  beforeAll(async () => {
    served = await result<ServeResult>(serve, ['--listen', '127.0.0.1:0', '--data-dir', data]);
    const { tokenFile, caFile } = served.paths;
    connection = ['--server', served.url, '--token-file', tokenFile, '--ca-file', caFile];
  }, 60_000);
  afterAll(async () => {
    // SIGTERM stops it as it would the process (the handler's note goes to stderr).
    const note = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.emit('SIGTERM');
    await served.stopped;
    note.mockRestore();
  });

  test('serve returns its endpoint once listening', () => {
    expect(served.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(served.paths).toEqual({
      dataDir: data,
      caFile: path.join(data, 'ca.pem'),
      tokenFile: path.join(data, 'admin.token'),
    });
    expect(served.cluster).toBeUndefined();
    expect(served.adminToken).toBeUndefined();
    expect(served.setContext).toContain(`--server ${served.url}`);
  });

  test('apply, get, diff, svid issue, delete', async () => {
    const applied = await result<CtlResult>(ctlApply, ['-f', QUICKSTART, ...connection]);
    if (applied.kind === 'failed') throw applied.error;
    if (applied.kind !== 'written') throw new Error(`kind ${applied.kind}`);
    expect(applied.skipped).toEqual([{ file: expect.stringContaining('scenario.yaml'), kind: 'Scenario' }]);
    expect(applied.write.items.map((i) => `${i.kind}/${i.name} ${i.action}`).sort()).toEqual([
      'Service/backend-api-svc created',
      'WorkloadIdentity/backend-api created',
      'WorkloadIdentity/frontend created',
    ]);
    expect(ctlExitCode(applied)).toBe(0);

    const listed = await result<CtlGetResult>(ctlGet, ['wi', ...connection]);
    if (listed.kind !== 'list') throw new Error(`kind ${listed.kind}`);
    expect(listed.items.map((i) => i.metadata.name).sort()).toEqual(['backend-api', 'frontend']);
    expect(listed.single).toBe(false);

    const diffed = await result<CtlResult>(ctlDiff, ['-f', stagedQuickstart('PERMISSIVE'), ...connection]);
    if (diffed.kind !== 'diff') throw new Error(`kind ${diffed.kind}`);
    expect(diffed.diffs.filter((d) => d.change !== 'same').length).toBe(1);
    expect(ctlExitCode(diffed)).toBe(1);

    const out = path.join(home, 'svid');
    fs.mkdirSync(out);
    const issued = await result<SvidIssueResult>(svidIssue, [
      '--workload',
      'myapp/app/frontend',
      '--out',
      out,
      ...connection,
    ]);
    if (issued.kind !== 'x509') throw new Error(`kind ${issued.kind}`);
    expect(issued.issued.spiffeID).toBe('spiffe://example.com/myapp/app/frontend');
    expect(issued.report.valid).toBe(true);
    expect(fs.existsSync(issued.files.key!)).toBe(true);

    const deleted = await result<CtlResult>(ctlDelete, [
      'wi',
      'frontend',
      '-n',
      'riptides-system',
      ...connection,
    ]);
    if (deleted.kind !== 'written') throw new Error(`kind ${deleted.kind}`);
    expect(deleted.write.items.map((i) => i.action)).toEqual(['deleted']);
  }, 60_000);

  test('apply of invalid manifests: blocked, nothing sent, exit 1 (diff: 2)', async () => {
    const bad = path.join(ROOT, 'test/fixtures/validate/e2e/invalid-frontend.yaml');
    const blocked = await result<CtlResult>(ctlApply, ['-f', bad]);
    expect(blocked.kind).toBe('blocked');
    expect(ctlExitCode(blocked)).toBe(1);
    expect(ctlExitCode(await result<CtlResult>(ctlDiff, ['-f', bad]))).toBe(2);
  });
});

describe('config, docs, schemas, completion', () => {
  test('config: set-context, use-context, current-context, get-contexts, view, delete-context', async () => {
    expect(await result<ConfigResult>(setContext, ['team', '--server', 'https://127.0.0.1:7443'])).toEqual({
      command: 'set-context',
      name: 'team',
      created: true,
      use: false,
      insecure: false,
    });
    expect(await result<ConfigResult>(useContext, ['team'])).toEqual({
      command: 'use-context',
      name: 'team',
    });
    expect(await result<ConfigResult>(currentContext, [])).toEqual({
      command: 'current-context',
      name: 'team',
    });
    const list = await result<ConfigResult>(getContexts, []);
    if (list.command !== 'get-contexts') throw new Error(list.command);
    expect(list.contexts.filter((c) => c.current).map((c) => c.name)).toEqual(['team']);
    const view = await result<ConfigResult>(viewConfig, []);
    expect(view).toMatchObject({ command: 'view', exists: true, config: { currentContext: 'team' } });
    expect(await result<ConfigResult>(deleteContext, ['team'])).toEqual({
      command: 'delete-context',
      name: 'team',
      wasCurrent: true,
      nowCurrent: 'local',
    });
  });

  test('docs, schemas, completion', async () => {
    const page = await result<DocsResult>(docs, ['RT1020']);
    expect(page.text).toMatch(/RT1020/);
    const listed = await result<SchemasResult>(schemas, []);
    expect(listed.files).toContain('workloadidentity.schema.json');
    expect(listed.written).toBeUndefined();
    const script = await result<CompletionResult>(completion, ['fish']);
    expect(script.commands.map((c) => c.id)).toContain('explain:connection');
  });

  test('daemon-token without control plane data: a RiptidesError (exit 3), not output', async () => {
    const e = await failure(daemonToken, ['n1', '--data-dir', path.join(home, 'nothing-here')]);
    expect(e).toEqual({ code: 'data-dir-unusable', exitCode: 3 });
  });
});

test('every command’s run() is at most 60 lines', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }))
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name.endsWith('.ts')) files.push(path.join(dir, e.name));
  };
  walk(path.join(ROOT, 'src', 'commands'));
  const lengths: Record<string, number> = {};
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const start = lines.findIndex((l) => /^ {2}(public )?async run\(\)/.test(l));
    if (start < 0) continue;
    const end = lines.findIndex((l, i) => i > start && l === '  }');
    lengths[path.relative(ROOT, file)] = end - start + 1;
  }
  expect(Object.keys(lengths).length).toBe(20);
  expect(Object.entries(lengths).filter(([, n]) => n > 60)).toEqual([]);
});
