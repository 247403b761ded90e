/** End-to-end: `explain connection` as a user runs it (built bin/run.js), every output format and exit code. */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const QS = ['-f', 'examples/quickstart', '--scenario', 'examples/quickstart/scenario.yaml'];
const BACKEND = 'backend-api.myapp.svc.cluster.local:3000';
const DG = 'riptides/daemongroup/dev-eu-west-1/on-demand-workers';

describe('explain connection', () => {
  test('text: a trace with a ✓ per stage and the deciding manifest lines', async () => {
    const r = await runCli(['explain', 'connection', ...QS, '--from', 'frontend', '--to', BACKEND]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^MTLS\s+explicit path/m);
    expect(r.stdout).toMatch(/✓ source-identity/);
    expect(r.stdout).toMatch(
      /examples\/quickstart\/frontend-workloadidentity\.yaml:\d+:\d+\s+\/spec\/egress\/0/,
    );
    expect(r.stdout).not.toMatch(/✗/);
  });

  test('json: the SPEC §3 shape with refs to file:line:column', async () => {
    const r = await runCli([
      'explain',
      'connection',
      ...QS,
      '--from',
      'legacy-client',
      '--to',
      BACKEND,
      '-o',
      'json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual([
      'apiVersion',
      'kind',
      'verdict',
      'path',
      'tls',
      'source',
      'destination',
      'reasons',
      'steps',
      'hints',
    ]);
    expect(j.verdict).toBe('REJECTED');
    expect(j.path).toBe('none');
    expect(j.reasons).toEqual(['no-identity', 'plaintext-to-mutual']);
    expect(j.source).toEqual({ identity: null, spiffeID: null });
    expect(j.destination).toMatchObject({
      address: 'backend-api.myapp.svc.cluster.local',
      port: 3000,
      service: 'riptides-system/backend-api-svc',
      identity: 'riptides-system/backend-api',
      spiffeID: 'spiffe://example.com/myapp/app/backend-api',
    });
    const server = j.steps.find((s: { stage: string }) => s.stage === 'server-authorization');
    expect(server.outcome).toBe('fail');
    expect(server.refs[0]).toEqual({
      file: path.join('examples', 'quickstart', 'backend-api-workloadidentity.yaml'),
      line: 19,
      column: 13,
      path: '/spec/connection/tls/mode',
    });
    const source = j.steps.find((s: { stage: string }) => s.stage === 'source-identity');
    expect(source.nearestMisses.length).toBeGreaterThan(0);
    expect(j.hints.some((h: { yaml?: string }) => h.yaml?.includes('kind: WorkloadIdentity'))).toBe(true);
  });

  test('--exit-code: 0 for MTLS, 10 for PLAINTEXT, 11 for REJECTED', async () => {
    const ok = await runCli([
      'explain',
      'connection',
      ...QS,
      '--from',
      'frontend',
      '--to',
      BACKEND,
      '--exit-code',
    ]);
    const plain = await runCli([
      'explain',
      'connection',
      ...QS,
      '--from',
      'legacy-client',
      '--to',
      'frontend.myapp.svc.cluster.local:8080',
      '--exit-code',
    ]);
    const rejected = await runCli([
      'explain',
      'connection',
      ...QS,
      '--from',
      'legacy-client',
      '--to',
      BACKEND,
      '--exit-code',
    ]);
    expect([ok.code, plain.code, rejected.code]).toEqual([0, 10, 11]);
  });

  test('--expect: exit 0 on a match, 1 on a mismatch', async () => {
    const match = await runCli([
      'explain',
      'connection',
      ...QS,
      '--from',
      'frontend',
      '--to',
      BACKEND,
      '--expect',
      'MTLS',
    ]);
    const mismatch = await runCli([
      'explain',
      'connection',
      ...QS,
      '--from',
      'frontend',
      '--to',
      BACKEND,
      '--expect',
      'REJECTED',
    ]);
    expect(match.code).toBe(0);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/expected REJECTED, got MTLS/);
  });

  test('ad-hoc peers from flags; the trust domain comes from the manifests', async () => {
    const r = await runCli([
      'explain',
      'connection',
      '-f',
      'examples/quickstart',
      '--from-attr',
      'k8s:label:app=frontend',
      '--from-attr',
      'k8s:pod:namespace=myapp',
      '--from-attr',
      'process:name=node',
      '--from-daemon-group',
      DG,
      '--to',
      BACKEND,
      '--to-attr',
      'k8s:label:app=backend-api',
      '--to-attr',
      'k8s:pod:namespace=myapp',
      '--to-attr',
      'process:name=node',
      '--to-daemon-group',
      DG,
      '-o',
      'json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect([j.verdict, j.path, j.source.spiffeID]).toEqual([
      'MTLS',
      'explicit',
      'spiffe://example.com/myapp/app/frontend',
    ]);
  });

  test('an ad-hoc destination without --to-attr is unmanaged', async () => {
    const r = await runCli([
      'explain',
      'connection',
      '-f',
      'examples/quickstart/backend-api-workloadidentity.yaml',
      '-f',
      'examples/quickstart/backend-api-svc.yaml',
      '--trust-domain',
      'example.com',
      '--from-attr',
      'process:name=curl',
      '--to',
      BACKEND,
      '-o',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      verdict: 'PLAINTEXT',
      reasons: ['no-identity', 'peer-unmanaged'],
    });
  });

  test.each([
    [['--from', 'nobody', '--to', BACKEND, ...QS], /no workload named "nobody"/],
    [['--from', 'frontend', '--to', 'backend-api', ...QS], /HOST:PORT/],
    [['--from', 'frontend', '--to', `${BACKEND}0000`, ...QS], /HOST:PORT/],
    [['--to', BACKEND, ...QS], /no source/],
    [
      ['--from', 'frontend', '--to', BACKEND, '-f', 'examples/quickstart/frontend-workloadidentity.yaml'],
      /no scenario/,
    ],
    [['--from', 'frontend', '--to', BACKEND, '-f', 'no/such/dir'], /no such file/],
    [['--from-attr', 'nokey', '--to', BACKEND, ...QS], /KEY=VALUE/],
    [['--from-attr', 'a=b', '--to', BACKEND, '-f', 'examples/implicit-mtls/service-a.yaml'], /trust domain/],
  ])('usage errors exit 2: %j', async (args, message) => {
    const r = await runCli(['explain', 'connection', ...(args as string[])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  test('invalid manifests stop with exit 1 and file:line:col', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'bad.yaml'),
      'apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata: {name: x}\nspec:\n  addresses:\n    - address: a\n      port: 99999\n',
    );
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'kind: [unclosed\n');
    const r = await runCli([
      'explain',
      'connection',
      '-f',
      dir,
      '--from-attr',
      'a=b',
      '--to',
      'a:1',
      '--trust-domain',
      'example.com',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:7:\d+: RT10\d\d .*\/spec\/addresses\/0\/port/);
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+: RT1001/);
  });

  test('manifest warnings are counted once on stderr and do not stop the explanation', async () => {
    const dir = tempDir();
    for (const f of fs.readdirSync('examples/quickstart'))
      fs.copyFileSync(path.join('examples/quickstart', f), path.join(dir, f));
    // The same inbound entry twice: a warning (RT1028), not an error.
    const backend = path.join(dir, 'backend-api-workloadidentity.yaml');
    const entry = '      - spiffe://example.com/myapp/app/frontend\n';
    fs.writeFileSync(backend, fs.readFileSync(backend, 'utf8').replace(entry, entry + entry));
    const r = await runCli([
      'explain',
      'connection',
      '-f',
      dir,
      '--from',
      'frontend',
      '--to',
      'backend-api.myapp.svc.cluster.local:3000',
      '-o',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).verdict).toBe('MTLS');
    expect(r.stderr.match(/1 warning\(s\) in the manifests/g)).toHaveLength(1);
  });

  test('a scenario whose connection names an unknown workload is invalid (exit 1)', async () => {
    const dir = tempDir();
    const scenario =
      'apiVersion: sim.riptides.io/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  trustDomain: example.com\n  workloads: [{name: a}]\n  connections:\n    - {from: b, to: "x:1"}\n';
    fs.writeFileSync(path.join(dir, 's.yaml'), scenario);
    const r = await runCli([
      'explain',
      'connection',
      '--scenario',
      path.join(dir, 's.yaml'),
      '--from',
      'a',
      '--to',
      'x:1',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/s\.yaml:8:\d+: \/spec\/connections\/0\/from/);
  });

  test('two scenarios among -f without --scenario is a usage error', async () => {
    const r = await runCli([
      'explain',
      'connection',
      '-f',
      'examples',
      '-R',
      '--from',
      'frontend',
      '--to',
      BACKEND,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2 Scenario documents/);
  });
  test('manifests from stdin (-f -) with refs to <stdin>', async () => {
    const input = [
      'backend-api-svc.yaml',
      'backend-api-workloadidentity.yaml',
      'frontend-workloadidentity.yaml',
    ]
      .map((f) => fs.readFileSync(path.join('examples', 'quickstart', f), 'utf8'))
      .join('\n---\n');
    const r = await runCli(
      [
        'explain',
        'connection',
        '-f',
        '-',
        '--scenario',
        'examples/quickstart/scenario.yaml',
        '--from',
        'frontend',
        '--to',
        BACKEND,
        '-o',
        'json',
      ],
      { input },
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.verdict).toBe('MTLS');
    expect(j.steps[0].refs[0].file).toBe('<stdin>');
  });

  test('a --scenario path that does not exist is a usage error', async () => {
    const r = await runCli([
      'explain',
      'connection',
      '-f',
      'examples/quickstart',
      '--scenario',
      'no-such.yaml',
      '--from',
      'frontend',
      '--to',
      BACKEND,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-such\.yaml: no such file/);
  });
});
