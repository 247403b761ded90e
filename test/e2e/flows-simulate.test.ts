/** End-to-end: `simulate --flows` replays recorded quickstart flows (built bin/run.js): statuses, exit codes, formats. */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';
import { flow, quickstartFlowsNdjson, stagedQuickstart } from '../helpers/flows';

const dir = tempDir('riptides-flows-');
const FILE = path.join(dir, 'flows.ndjson');
fs.writeFileSync(FILE, quickstartFlowsNdjson());
const staged = stagedQuickstart('PERMISSIVE');
const SIM = ['simulate', '--flows', FILE];

describe('simulate --flows', () => {
  test('quickstart: frontend → backend PLAINTEXT is drift, legacy-client → frontend agrees', async () => {
    const r = await runCli([...SIM, '-f', 'examples/quickstart', '-o', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.flows).toEqual({ total: 4, invalid: 0, evaluations: 3 });
    expect(j.summary.status).toEqual({ agree: 3, drift: 1, changes: 0 });
    expect(j.disagreements).toEqual([
      expect.objectContaining({ line: 1, status: 'drift', observed: 'PLAINTEXT', predicted: 'MTLS' }),
    ]);
    const drift = j.pairs[0];
    expect(drift).toMatchObject({
      source: { identity: 'riptides-system/frontend' },
      destination: { address: 'backend-api.myapp.svc.cluster.local:3000' },
      count: 2,
      status: { agree: 1, drift: 1, changes: 0 },
      firstSeen: '2026-11-30T10:00:00.123Z',
      decidedBy: {
        file: 'examples/quickstart/frontend-workloadidentity.yaml',
        path: '/spec/egress/0/connection/tls/mode',
      },
    });
    expect(drift.explanations).toContain('silent-downgrade');
  });

  test('--fail-on drift exits 1; without it a drift is reported but exit 0', async () => {
    const r = await runCli([...SIM, '-f', 'examples/quickstart', '--fail-on', 'drift']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1 drift/);
  });

  test('staged backend PERMISSIVE: legacy-client → backend (observed REJECTED) is changes; --fail-on changes exits 1', async () => {
    const r = await runCli([
      ...SIM,
      '--baseline',
      'examples/quickstart',
      '-f',
      staged,
      '-o',
      'json',
      '--fail-on',
      'changes',
    ]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.summary.status).toEqual({ agree: 2, drift: 1, changes: 1 });
    expect(j.disagreements).toContainEqual(
      expect.objectContaining({
        line: 3,
        status: 'changes',
        observed: 'REJECTED',
        predicted: 'REJECTED',
        staged: 'PLAINTEXT',
      }),
    );
  });

  test('sarif: a drift is a result at the manifest line that decides it', async () => {
    const r = await runCli([...SIM, '-f', 'examples/quickstart', '-o', 'sarif']);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout).runs[0].results;
    expect(results).toHaveLength(1);
    expect(results[0].ruleId).toBe('flow-drift');
    const loc = results[0].locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).toBe('examples/quickstart/frontend-workloadidentity.yaml');
    expect(loc.region.startLine).toBeGreaterThan(0);
  });

  test('--min-mtls-coverage fails below the threshold and lists every non-MTLS pair with its deciding line', async () => {
    const r = await runCli([...SIM, '-f', 'examples/quickstart', '--min-mtls-coverage', '90', '-o', 'json']);
    expect(r.code).toBe(1);
    const c = JSON.parse(r.stdout).coverage;
    expect(c).toMatchObject({ threshold: 90, basis: 'flows', mtls: 2, total: 4, percent: 50, passed: false });
    expect(c.nonMtlsPairs).toHaveLength(2);
    for (const p of c.nonMtlsPairs) expect(p.decidedBy.line).toBeGreaterThan(0);
    expect((await runCli([...SIM, '-f', 'examples/quickstart', '--min-mtls-coverage', '50'])).code).toBe(0);
  });

  test('bad records are per-line errors, the good ones are replayed, exit 1 (never 70)', async () => {
    const bad = path.join(dir, 'bad.ndjson');
    const big = flow('legacy', 'frontend', 'PLAINTEXT');
    big.source.attributes = { ...big.source.attributes, 'k8s:label:big': 'x'.repeat(1 << 20) };
    const noVerdict = flow('legacy', 'frontend', 'PLAINTEXT') as unknown as {
      observed: Record<string, unknown>;
    };
    delete noVerdict.observed.verdict;
    const lines = [
      JSON.stringify(flow('legacy', 'frontend', 'PLAINTEXT')),
      JSON.stringify({
        ...flow('legacy', 'frontend', 'PLAINTEXT'),
        destination: { address: 'a', port: 'x' },
      }),
      JSON.stringify({ ...flow('legacy', 'frontend', 'PLAINTEXT'), extra: 1 }),
      JSON.stringify(noVerdict),
      JSON.stringify({
        ...flow('legacy', 'frontend', 'PLAINTEXT'),
        source: { attributes: {}, spiffeID: 'spiffe://A/b' },
      }),
      JSON.stringify(big),
      '{not json',
      JSON.stringify(flow('frontend', 'backend', 'MTLS')),
    ];
    fs.writeFileSync(bad, lines.join('\n') + '\n');
    const r = await runCli(['simulate', '--flows', bad, '-f', 'examples/quickstart', '-o', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.flows).toMatchObject({ total: 2, invalid: 6 });
    expect(j.errors.map((e: { line: number }) => e.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(r.stderr).toMatch(/6 invalid flow records/);
  });

  test('CRLF, an over-long line, no final newline: the same report from the file and from stdin', async () => {
    const lines = quickstartFlowsNdjson().trimEnd().split('\n');
    const content = [lines[0], lines[1], 'x'.repeat(300_000), lines[2], lines[3]].join('\r\n');
    const file = path.join(dir, 'crlf.ndjson');
    fs.writeFileSync(file, content);
    const fromFile = await runCli(['simulate', '--flows', file, '-f', 'examples/quickstart', '-o', 'json']);
    const fromStdin = await runCli(['simulate', '--flows', '-', '-f', 'examples/quickstart', '-o', 'json'], {
      input: content,
    });
    expect(fromFile.code).toBe(1); // the over-long line is a bad record
    const j = JSON.parse(fromFile.stdout);
    expect(j.flows).toEqual({ total: 4, invalid: 1, evaluations: 3 });
    expect(j.summary.status).toEqual({ agree: 3, drift: 1, changes: 0 });
    expect(j.errors).toEqual([
      { line: 3, problems: [{ path: '', message: 'the record is 300001 bytes long; at most 65536' }] },
    ]);
    expect(j.disagreements.map((d: { line: number }) => d.line)).toEqual([1]);
    expect(fromStdin.code).toBe(1);
    expect(JSON.parse(fromStdin.stdout)).toEqual({ ...j, source: '<stdin>' });
  });

  test('on worker threads (RIPTIDES_FLOW_THREADS: this thread replays the front, the workers scan the rest): the same report, lines and errors as on one thread', async () => {
    const good = quickstartFlowsNdjson().trimEnd().split('\n');
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const f = flow(i % 3 === 0 ? 'legacy' : 'frontend', i % 2 === 0 ? 'frontend' : 'backend', 'PLAINTEXT', {
        time: `2026-11-30T10:${String(i % 60).padStart(2, '0')}:00.000Z`,
        reason: i % 7 === 0 ? 'peer reset' : undefined,
      });
      lines.push(i % 5 === 0 ? good[i % good.length] : JSON.stringify(f));
      if (i % 401 === 0) lines.push('{not json');
      if (i % 503 === 0) lines.push('');
      if (i === 1500) lines.push('x'.repeat(300_000));
      // not for the fast path (an escaped string, another time form): the slow path's line numbers
      if (i % 611 === 0) lines.push(JSON.stringify({ ...f, time: '2026-11-30T10:00:00Z' }));
    }
    const file = path.join(dir, 'threads.ndjson');
    fs.writeFileSync(file, lines.join('\r\n'));
    const args = ['simulate', '--flows', file, '-f', 'examples/quickstart', '-o', 'json'];
    const one = await runCli(args, { env: { RIPTIDES_FLOW_THREADS: '1' } });
    const three = await runCli(args, { env: { RIPTIDES_FLOW_THREADS: '3' } });
    expect(one.code).toBe(1);
    const j = JSON.parse(one.stdout);
    expect(j.flows.total).toBe(3000 + 5);
    expect(j.flows.invalid).toBe(8 + 1);
    // the over-long line: after 1,501 flows, 4 bad, 3 blank and 3 slow-path lines
    expect(j.errors.map((e: { line: number }) => e.line)).toContain(1501 + 4 + 3 + 3 + 1);
    expect(three.code).toBe(1);
    expect(three.stdout).toBe(one.stdout);
    expect(three.stderr).toBe(one.stderr);
    // one worker, and this thread reads the front
    const two = await runCli(args, { env: { RIPTIDES_FLOW_THREADS: '2' } });
    expect(two.stdout).toBe(one.stdout);
    // against a staged set (changes), and as SARIF
    for (const extra of [
      ['--baseline', 'examples/quickstart', '-f', staged],
      ['-f', 'examples/quickstart', '-o', 'sarif'],
    ]) {
      const a = [...args.slice(0, 3), ...extra, ...(extra.includes('-o') ? [] : ['-o', 'json'])];
      const t1 = await runCli(a, { env: { RIPTIDES_FLOW_THREADS: '1' } });
      const t2 = await runCli(a, { env: { RIPTIDES_FLOW_THREADS: '2' } });
      expect(t2.code).toBe(t1.code);
      expect(t2.stdout).toBe(t1.stdout);
      expect(t2.stderr).toBe(t1.stderr);
      if (extra[0] === '--baseline')
        expect(JSON.parse(t1.stdout).summary.status.changes).toBeGreaterThan(100);
    }
  });

  test('stdin; usage errors are exit 2', async () => {
    const r = await runCli(['simulate', '--flows', '-', '-f', 'examples/quickstart', '-o', 'json'], {
      input: quickstartFlowsNdjson(),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).flows.total).toBe(4);
    expect((await runCli([...SIM, '-f', 'examples/quickstart', '--fail-on', 'changes'])).code).toBe(2);
    expect(
      (await runCli(['simulate', '--flows', path.join(dir, 'none.ndjson'), '-f', 'examples/quickstart']))
        .code,
    ).toBe(2);
    expect((await runCli([...SIM, '-f', 'examples/quickstart', '-o', 'mermaid'])).code).toBe(2);
  });

  test('without flows, --min-mtls-coverage is over the scenario pairs, every non-MTLS pair listed with its line', async () => {
    const r = await runCli([
      'simulate',
      '-f',
      'examples/quickstart',
      '--min-mtls-coverage',
      '50',
      '-o',
      'json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.MTLS).toBe(1);
    expect(r.stderr).toMatch(/mTLS coverage 33\.3% of 3 predicted pairs/);
    expect(r.stderr).toMatch(
      /legacy-client → backend-api\.myapp\.svc\.cluster\.local:3000 {2}REJECTED \[plaintext-to-mutual\] {2}examples\/quickstart\/backend-api-workloadidentity\.yaml:\d+:\d+/,
    );
    expect(r.stderr).toMatch(/legacy-client → frontend\.myapp\.svc\.cluster\.local:8080 {2}PLAINTEXT/);
    expect((await runCli(['simulate', '-f', 'examples/quickstart', '--min-mtls-coverage', '30'])).code).toBe(
      0,
    );
  });
});
