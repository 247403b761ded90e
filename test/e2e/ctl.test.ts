/**
 * `ctl apply/get/diff/delete` end to end: the built CLI against `controlplane serve` over real HTTPS
 * on 127.0.0.1 (random port), with the CA and token files the server printed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BIN, runCli, runShell, tempDir } from '../helpers/cli';
import { startServe, writeManifest, type ServedControlPlane } from '../api/serve-helper';

const WI = (name: string, mode = 'MUTUAL', extra = '') => `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata:
  name: ${name}
  namespace: team-a
spec:
  workloadID: team-a/${name}
  selectors:
    - process:name: ${name}
  connection:
    tls:
      mode: ${mode}
${extra}`;

const SVC = (name: string, port = 443) => `apiVersion: core.riptides.io/v1alpha1
kind: Service
metadata:
  name: ${name}
  namespace: team-a
  labels:
    team: ${name}
spec:
  addresses:
    - address: ${name}.example.internal
      port: ${port}
  labels:
    app: ${name}
`;

let cp: ServedControlPlane;
let dir: string;

beforeAll(async () => {
  cp = await startServe();
  dir = tempDir();
});
afterAll(async () => {
  await cp?.stop();
});

const ctl = (args: string[], env?: Record<string, string | undefined>) =>
  runCli(['ctl', ...args, ...cp.flags], { env });

interface JsonApply {
  items: { kind: string; namespace: string; name: string; action: string; resourceVersion?: string }[];
  dryRun: string;
}

describe('ctl over HTTPS', () => {
  test('apply → get → apply again (unchanged) → edit → configured → diff → delete', async () => {
    const d = path.join(dir, 'flow');
    fs.mkdirSync(d);
    const wiFile = writeManifest(d, 'web.yaml', WI('web', 'MUTUAL'));
    writeManifest(d, 'db.yaml', SVC('db'));

    let r = await ctl(['apply', '-f', d]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').sort()).toEqual([
      'service/db created',
      'workloadidentity/web created',
    ]);

    r = await ctl(['get', 'wi', '-n', 'team-a', '-o', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { items: { metadata: { name: string; uid: string } }[] };
    expect(list.items.map((i) => i.metadata.name)).toEqual(['web']);
    expect(list.items[0].metadata.uid).toBeTruthy();

    r = await ctl(['get', 'wi', '-n', 'team-a']);
    expect(r.stdout.split('\n')[0].split(/\s+/)).toEqual(['NAME', 'WORKLOADID', 'TLS', 'EGRESS', 'AGE']);
    expect(r.stdout).toMatch(/^web\s+team-a\/web\s+MUTUAL\s+0\s+\d+s$/m);

    r = await ctl(['apply', '-f', d, '-o', 'json']);
    expect(r.code).toBe(0);
    const again = JSON.parse(r.stdout) as JsonApply;
    expect(again.items.map((i) => i.action)).toEqual(['unchanged', 'unchanged']);
    expect(again.dryRun).toBe('none');

    r = await ctl(['diff', '-f', d]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');

    fs.writeFileSync(wiFile, WI('web', 'PERMISSIVE'));
    r = await ctl(['diff', '-f', d]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('--- live/team-a/workloadidentity/web');
    expect(r.stdout).toContain('-      mode: MUTUAL');
    expect(r.stdout).toContain('+      mode: PERMISSIVE');
    expect(r.stdout).not.toContain('resourceVersion');

    r = await ctl(['apply', '-f', wiFile, '--dry-run=server']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('workloadidentity/web configured (server dry run)');
    r = await ctl(['apply', '-f', wiFile, '--dry-run=client']);
    expect(r.stdout.trim()).toBe('workloadidentity/web configured (dry run)');
    r = await ctl(['diff', '-f', wiFile]);
    expect(r.code).toBe(1); // dry runs stored nothing

    r = await ctl(['apply', '-f', d, '-o', 'json']);
    const edited = JSON.parse(r.stdout) as JsonApply;
    expect(edited.items.find((i) => i.name === 'web')?.action).toBe('configured');
    expect(edited.items.find((i) => i.name === 'db')?.action).toBe('unchanged');
    r = await ctl(['diff', '-f', d]);
    expect(r.code).toBe(0);

    r = await ctl(['delete', '-f', d]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').sort()).toEqual([
      'service/db deleted',
      'workloadidentity/web deleted',
    ]);
    r = await ctl(['get', 'wi', 'web', '-n', 'team-a']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not found');
    r = await ctl(['delete', 'wi', 'web', '-n', 'team-a']);
    expect(r.code).toBe(1);
  });

  test('apply again: what the live state shows unchanged is not sent; what differs is, and the output is what the server says', async () => {
    const d = path.join(dir, 'skip');
    fs.mkdirSync(d);
    writeManifest(d, 'a.yaml', WI('skip-a'));
    writeManifest(d, 'b.yaml', WI('skip-b'));
    writeManifest(d, 'svc.yaml', SVC('skip-svc'));
    const applyJson = async (args: string[] = []) => {
      const r = await ctl(['apply', '-f', d, '-o', 'json', '-v', ...args]);
      expect(r.code).toBe(0);
      return {
        out: JSON.parse(r.stdout) as JsonApply,
        posts: r.stderr.split(`> POST ${cp.url}/v1/apply`).length - 1,
      };
    };
    const first = await applyJson();
    expect(first.posts).toBe(1);
    expect(first.out.items.map((i) => i.action)).toEqual(['created', 'created', 'created']);

    // Nothing changed: no write request at all, and the same items the server gives (--no-rules
    // reads no live state, so it sends everything and the server decides).
    const again = await applyJson();
    expect(again.posts).toBe(0);
    const byServer = await applyJson(['--no-rules']);
    expect(byServer.posts).toBe(1);
    expect(again.out.items).toEqual(byServer.out.items);
    expect(again.out.items.map((i) => i.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(again.out.items.map((i) => i.resourceVersion)).toEqual(
      first.out.items.map((i) => i.resourceVersion),
    );

    // Keys in another order are no change; an edit and an empty label map are (the server stores them).
    writeManifest(
      d,
      'a.yaml',
      'kind: WorkloadIdentity\napiVersion: core.riptides.io/v1alpha1\nspec:\n  connection:\n    tls:\n      mode: MUTUAL\n  selectors:\n    - process:name: skip-a\n  workloadID: team-a/skip-a\nmetadata:\n  namespace: team-a\n  name: skip-a\n',
    );
    writeManifest(d, 'b.yaml', WI('skip-b', 'PERMISSIVE'));
    writeManifest(
      d,
      'svc.yaml',
      SVC('skip-svc').replace('  labels:\n    team: skip-svc\n', '  labels: {}\n'),
    );
    const edited = await applyJson();
    expect(edited.posts).toBe(1);
    expect(edited.out.items.map((i) => [i.name, i.action])).toEqual([
      ['skip-a', 'unchanged'],
      ['skip-b', 'configured'],
      ['skip-svc', 'configured'],
    ]);
    const svc = await ctl(['get', 'svc', 'skip-svc', '-n', 'team-a', '-o', 'json']);
    expect(JSON.parse(svc.stdout).metadata.labels).toEqual({});

    // --dry-run=client plans against the live state the rules read: no GET per object, no write.
    writeManifest(d, 'b.yaml', WI('skip-b', 'SIMPLE'));
    const plan = await ctl(['apply', '-f', d, '--dry-run=client', '-v']);
    expect(plan.code).toBe(0);
    expect(plan.stdout.trim().split('\n')).toEqual([
      'workloadidentity/skip-a unchanged (dry run)',
      'workloadidentity/skip-b configured (dry run)',
      'service/skip-svc unchanged (dry run)',
    ]);
    expect(plan.stderr).not.toContain(`> GET ${cp.url}/v1/namespaces/`);
    expect(plan.stderr).not.toContain(`> POST`);
  });

  test('a stale metadata.resourceVersion is a conflict: exit 1, the item named with the reason', async () => {
    const first = writeManifest(dir, 'stale.yaml', WI('stale'));
    let r = await ctl(['apply', '-f', first, '-o', 'json']);
    expect(r.code).toBe(0);
    const rv = (JSON.parse(r.stdout) as JsonApply).items[0].resourceVersion;
    expect(rv).toBeTruthy();
    // Someone else updates it; our copy still carries the old version.
    r = await ctl(['apply', '-f', writeManifest(dir, 'stale-2.yaml', WI('stale', 'PERMISSIVE'))]);
    expect(r.code).toBe(0);
    const withOld = WI('stale', 'SIMPLE').replace(
      '  namespace: team-a',
      `  namespace: team-a\n  resourceVersion: "${rv}"`,
    );
    r = await ctl(['apply', '-f', writeManifest(dir, 'stale-3.yaml', withOld), '-o', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { items: { action: string; error?: { message: string } }[] };
    expect(out.items[0].action).toBe('error');
    expect(out.items[0].error?.message).toMatch(/resourceVersion|conflict|modified/i);
    r = await ctl(['apply', '-f', path.join(dir, 'stale-3.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('workloadidentity/stale');
  });

  test('--atomic with one item the server rejects changes nothing; without it the others are applied', async () => {
    const d = path.join(dir, 'atomic');
    fs.mkdirSync(d);
    // b exists and has moved on; the manifest carries its first resourceVersion: the server refuses it (409).
    const bFile = writeManifest(d, 'b.yaml', SVC('atomic-b'));
    let r = await ctl(['apply', '-f', bFile, '-o', 'json']);
    const firstRv = (JSON.parse(r.stdout) as JsonApply).items[0].resourceVersion;
    r = await ctl(['apply', '-f', writeManifest(dir, 'b2.yaml', SVC('atomic-b', 444))]);
    expect(r.code).toBe(0);
    fs.writeFileSync(
      bFile,
      SVC('atomic-b', 445).replace(
        '  namespace: team-a',
        `  namespace: team-a\n  resourceVersion: "${firstRv}"`,
      ),
    );
    writeManifest(d, 'a.yaml', SVC('atomic-a'));

    r = await ctl(['apply', '-f', d, '--atomic', '-o', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as JsonApply;
    expect(out.items.map((i) => [i.name, i.action])).toEqual([
      ['atomic-a', 'error'],
      ['atomic-b', 'error'],
    ]);
    r = await ctl(['get', 'svc', '-n', 'team-a', '-o', 'name']);
    expect(r.stdout).not.toContain('atomic-a');

    r = await ctl(['apply', '-f', d]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim()).toBe('service/atomic-a created');
    expect(r.stderr).toContain('service/atomic-b');
    expect(r.stderr).toContain('/metadata/resourceVersion');
  });

  test('a manifest that fails the schema is caught locally: nothing is sent', async () => {
    const bad = writeManifest(dir, 'port.yaml', SVC('bad-port', 70000));
    const r = await ctl(['apply', '-f', bad, '-v', '-o', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { items: unknown[]; findings: { code: string; path: string }[] };
    expect(out.items).toEqual([]);
    expect(out.findings.map((f) => [f.code, f.path])).toEqual([['RT1024', '/spec/addresses/0/port']]);
    expect(r.stderr).not.toContain('> POST');
  });

  test('get: -A shows NAMESPACE, -l filters, -o name/yaml, unknown -o lists the formats', async () => {
    await ctl(['apply', '-f', writeManifest(dir, 'lbl.yaml', SVC('labelled'))]);
    let r = await ctl(['get', 'svc', '-A']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0].split(/\s+/)).toEqual(['NAMESPACE', 'NAME', 'ADDRESSES', 'AGE']);
    r = await ctl(['get', 'services', '-n', 'team-a', '-l', 'team=labelled', '-o', 'name']);
    expect(r.stdout.trim()).toBe('service/labelled');
    r = await ctl(['get', 'svc', 'labelled', '-n', 'team-a', '-o', 'yaml']);
    expect(r.stdout).toContain('kind: Service');
    expect(r.stdout).toContain('name: labelled');
    r = await ctl(['get', 'svc', '-o', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/table.*wide.*json.*yaml.*name/s);
    r = await ctl(['get', 'workloadidentitys']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('workloadidentities');
  });

  test('the live state read early is read again when the input came slowly: a change made meanwhile is not taken for unchanged', async () => {
    const d = path.join(dir, 'slow');
    fs.mkdirSync(d);
    const v1 = writeManifest(d, 'v1.yaml', SVC('slow', 443));
    const v2 = writeManifest(d, 'v2.yaml', SVC('slow', 444));
    expect((await ctl(['apply', '-f', v1])).code).toBe(0);
    // The manifest reaches stdin after 3 s (more than LIVE_FRESH_MS); meanwhile someone applies v2.
    const quote = (a: string) => `'${a}'`;
    const slow = runShell(
      `(sleep 3; cat ${quote(v1)}) | ${quote(process.execPath)} ${quote(BIN)} ctl apply -f - -o json ${cp.flags.map(quote).join(' ')}`,
      { timeoutMs: 30000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await ctl(['apply', '-f', v2])).stdout.trim()).toBe('service/slow configured');
    const r = await slow;
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as JsonApply).items.map((i) => i.action)).toEqual(['configured']);
    const live = JSON.parse((await ctl(['get', 'svc', 'slow', '-n', 'team-a', '-o', 'json'])).stdout) as {
      spec: { addresses: { port: number }[] };
    };
    expect(live.spec.addresses[0].port).toBe(443);
  });

  test('invalid manifests: nothing is sent, exit 1 with file:line', async () => {
    const bad = writeManifest(
      dir,
      'bad.yaml',
      'apiVersion: core.riptides.io/v1alpha1\nkind: Widget\nmetadata: {name: w}\nspec: {}\n',
    );
    const r = await ctl(['apply', '-f', bad, '-v']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toMatch(/2:7\s+error RT1012/);
    expect(r.stderr).not.toContain('> POST'); // no request was made
  });

  test('diff: exit 1 only for differences; invalid manifests and a -n conflict exit 2 (like kubectl diff)', async () => {
    const bad = writeManifest(dir, 'diff-bad.yaml', SVC('diff-bad', 70000));
    let r = await ctl(['diff', '-f', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('RT1024');
    const fresh = writeManifest(dir, 'diff-new.yaml', SVC('diff-new'));
    r = await ctl(['diff', '-f', fresh, '-o', 'text']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('--- /dev/null');
    r = await ctl(['diff', '-f', fresh, '-n', 'other-ns']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    r = await runCli(['ctl', 'diff', '-h']);
    expect(r.stdout).toMatch(/1\s+differences found/);
    expect(r.stdout).toMatch(/>1\s+an error/);
  });

  test('-n conflicting with metadata.namespace is an error (exit 2, file:line:col) for apply and delete; -n equal to it is fine', async () => {
    const f = writeManifest(dir, 'ns-conflict.yaml', WI('nsconf'));
    let r = await ctl(['apply', '-f', f, '-n', 'team-b', '-v']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('conflicts with -n team-b');
    expect(r.stderr).toContain(`${f}:5:14`);
    expect(r.stderr).not.toContain('> POST');
    r = await ctl(['delete', '-f', f, '-n', 'team-b']);
    expect(r.code).toBe(2);
    r = await ctl(['apply', '-f', f, '-n', 'team-a']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('workloadidentity/nsconf created');
    r = await ctl(['delete', '-f', f, '-n', 'team-a']);
    expect(r.code).toBe(0);
  });

  test('delete of something already gone says "not found"; --ignore-not-found exits 0', async () => {
    const d = path.join(dir, 'gone');
    fs.mkdirSync(d);
    writeManifest(d, 'a.yaml', WI('gone-a'));
    writeManifest(d, 'b.yaml', SVC('gone-b'));
    expect((await ctl(['apply', '-f', path.join(d, 'a.yaml')])).code).toBe(0);
    let r = await ctl(['delete', '-f', d]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim()).toBe('workloadidentity/gone-a deleted');
    expect(r.stderr).toContain('error: service/gone-b not found in namespace team-a');
    expect(r.stderr).toContain('1 of 2 resource(s) not found; the other 1 were deleted');
    expect(r.stderr).not.toMatch(/failed|applied/);
    r = await ctl(['delete', 'svc', 'gone-b', '-n', 'team-a']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not found');
    r = await ctl(['delete', '-f', d, '--ignore-not-found']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    r = await ctl(['delete', 'svc', 'gone-b', '-n', 'team-a', '--ignore-not-found', '-o', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as JsonApply).items.map((i) => i.action)).toEqual(['not-found']);
  });

  test('get: -l is metadata.labels; --spec-labels selects Services by spec.labels (help says which)', async () => {
    // SVC(name) has metadata.labels {team: name} and spec.labels {app: name}.
    await ctl(['apply', '-f', writeManifest(dir, 'spec-lbl.yaml', SVC('speclbl'))]);
    let r = await ctl(['get', 'svc', '-n', 'team-a', '-l', 'app=speclbl', '-o', 'name']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('');
    r = await ctl(['get', 'svc', '-n', 'team-a', '--spec-labels', 'app=speclbl', '-o', 'name']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('service/speclbl');
    r = await ctl([
      'get',
      'svc',
      '-A',
      '--spec-labels',
      'app in (speclbl,nothing)',
      '-l',
      'team=speclbl',
      '-o',
      'name',
    ]);
    expect(r.stdout.trim()).toBe('service/speclbl');
    r = await ctl(['get', 'svc', '-A', '--spec-labels', 'app=speclbl', '-l', 'team=other', '-o', 'name']);
    expect(r.stdout.trim()).toBe('');
    r = await ctl(['get', 'wi', '--spec-labels', 'app=x']);
    expect(r.code).toBe(2);
    r = await ctl(['get', 'svc', '--spec-labels', 'app=(']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--spec-labels');
    // --resource-version as the watch route takes it (1 to 19 digits), checked before anything is sent.
    for (const bad of ['x1', '-1', '1'.repeat(20)]) {
      r = await ctl(['get', 'svc', '--watch', '--resource-version', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--resource-version must be a non-negative integer');
    }
    // -l is checked here too, before anything is sent (the control plane would answer 400: exit 1).
    for (const bad of ['app in (a', 'app=(', '=x', 'a b']) {
      for (const extra of [[], ['--watch']]) {
        r = await ctl(['get', 'svc', '-l', bad, ...extra]);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('-l: ');
        expect(r.stderr).toContain('e.g. -l app=backend-api');
      }
    }
    r = await runCli(['ctl', 'get', '--help']);
    expect(r.stdout).toContain('metadata.labels');
    expect(r.stdout).toContain('--spec-labels');
  });

  test('a wrong token exits 3 and says which flags set the token', async () => {
    const r = await runCli([
      'ctl',
      'get',
      'wi',
      '--server',
      cp.url,
      '--ca-file',
      cp.caFile,
      '--token',
      'not-the-token-4711',
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('401');
    expect(r.stderr).toContain('--token-file');
    expect(r.stderr).not.toContain('not-the-token-4711');
  });

  test('no token at all exits 3 too', async () => {
    const r = await runCli(['ctl', 'get', 'wi', '--server', cp.url, '--ca-file', cp.caFile]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/token is wrong or missing/);
  });

  test('an unknown CA is refused with the fix: --ca-file DATA/ca.pem', async () => {
    const r = await runCli(['ctl', 'get', 'wi', '--server', cp.url, '--token-file', cp.tokenFile]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('unknown CA');
    expect(r.stderr).toContain('--ca-file');
  });

  test('unknown CA while controlplane serve uses its default data directory: the fix names that ca.pem', async () => {
    const data = tempDir('riptides-xdg-data-');
    const served = await startServe(path.join(data, 'riptides', 'controlplane'));
    try {
      const r = await runCli(['ctl', 'get', 'wi', '--server', served.url, '--token-file', served.tokenFile], {
        env: { XDG_DATA_HOME: data },
      });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`--ca-file ${served.caFile}`);
    } finally {
      await served.stop();
    }
  });

  test('--insecure-skip-tls-verify works and warns loudly', async () => {
    const r = await runCli([
      'ctl',
      'get',
      'wi',
      '-A',
      '--server',
      cp.url,
      '--token-file',
      cp.tokenFile,
      '--insecure-skip-tls-verify',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/WARNING.*NOT verified/);
  });

  test('env RIPTIDES_SERVER / RIPTIDES_TOKEN / RIPTIDES_CA_FILE connect without flags', async () => {
    const r = await runCli(['ctl', 'get', 'svc', '-A', '-o', 'name'], {
      env: { RIPTIDES_SERVER: cp.url, RIPTIDES_TOKEN: cp.token, RIPTIDES_CA_FILE: cp.caFile },
    });
    expect(r.code).toBe(0);
  });

  test('-v logs each request and response, never the token', async () => {
    const r = await runCli([
      'ctl',
      'get',
      'wi',
      '-A',
      '-v',
      '--server',
      cp.url,
      '--ca-file',
      cp.caFile,
      '--token',
      cp.token,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`> GET ${cp.url}/v1/workloadidentities`);
    expect(r.stderr).toContain('> authorization: Bearer <redacted>');
    expect(r.stderr).toMatch(/< 200/);
    expect(r.stderr).not.toContain(cp.token);
    expect(r.stdout).not.toContain(cp.token);
  });
});

describe('ctl with no control plane', () => {
  test('connection refused exits 3 and asks whether controlplane serve is running', async () => {
    // A port that was just free: start and stop a server to get one.
    const gone = await startServe();
    const url = gone.url;
    const caFile = path.join(tempDir(), 'ca.pem');
    fs.copyFileSync(gone.caFile, caFile);
    await gone.stop();
    const r = await runCli(['ctl', 'get', 'wi', '--server', url, '--ca-file', caFile, '--token', 'x']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('connection refused');
    expect(r.stderr).toContain('controlplane serve');
  });

  test('a --server that is not a URL is a usage error', async () => {
    const r = await runCli(['ctl', 'get', 'wi', '--server', 'not a url']);
    expect(r.code).toBe(2);
  });
});
