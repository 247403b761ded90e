/**
 * The embedded `local` context: on a fresh "machine" (XDG_* pointed at an empty temporary folder)
 * `ctl apply -f examples/quickstart` works with no server started, and the data persists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

function freshMachine(): Record<string, string> {
  const home = tempDir('riptides-machine-');
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
  };
}

describe('the embedded local context', () => {
  test('ctl apply -f examples/quickstart on a fresh machine, then get, unchanged, delete', async () => {
    const env = freshMachine();
    let r = await runCli(['ctl', 'apply', '-f', 'examples/quickstart'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'service/backend-api-svc created',
      'workloadidentity/backend-api created',
      'workloadidentity/frontend created',
    ]);
    expect(r.stderr).toContain('Scenario');
    // The data lives under $XDG_DATA_HOME/riptides/local and no config file was needed.
    expect(fs.existsSync(path.join(env.XDG_DATA_HOME, 'riptides', 'local'))).toBe(true);
    expect(fs.existsSync(path.join(env.XDG_CONFIG_HOME, 'riptides', 'config.yaml'))).toBe(false);

    r = await runCli(['ctl', 'get', 'wi', '-o', 'name'], { env });
    expect(r.stdout.trim().split('\n')).toEqual([
      'workloadidentity/backend-api',
      'workloadidentity/frontend',
    ]);

    r = await runCli(['ctl', 'apply', '-f', 'examples/quickstart', '-o', 'json'], { env });
    const items = (JSON.parse(r.stdout) as { items: { action: string }[] }).items;
    expect(items.map((i) => i.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);

    r = await runCli(['ctl', 'diff', '-f', 'examples/quickstart'], { env });
    expect(r.code).toBe(0);

    r = await runCli(['ctl', 'delete', 'svc', 'backend-api-svc'], { env });
    expect(r.stdout.trim()).toBe('service/backend-api-svc deleted');
    r = await runCli(['ctl', 'diff', '-f', 'examples/quickstart'], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('--- /dev/null');
    expect(r.stdout).toContain('+++ local/riptides-system/service/backend-api-svc');
  });

  test('the rules see what is live: the quickstart applied one file at a time has no false "selects no Service" / "names no WorkloadIdentity" warning', async () => {
    const env = freshMachine();
    const apply = (file: string) => runCli(['ctl', 'apply', '-f', `examples/quickstart/${file}`], { env });
    let r = await apply('backend-api-svc.yaml');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // backend-api's inbound list names the frontend, which is not applied yet: that warning is true.
    r = await apply('backend-api-workloadidentity.yaml');
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/RT2007 allowedSPIFFEIDs\.inbound .*frontend/),
    ]);
    // frontend's egress selects the live Service and names the live backend-api: nothing to say.
    r = await apply('frontend-workloadidentity.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('workloadidentity/frontend created');
    expect(r.stderr).toBe('');
    // And now that the frontend is live, backend-api has nothing to say either.
    r = await apply('backend-api-workloadidentity.yaml');
    expect(r.stdout.trim()).toBe('workloadidentity/backend-api unchanged');
    expect(r.stderr).toBe('');
    // The live objects are context only: a live resource's own problems are not reported here, and
    // with --no-rules nothing is linted.
    r = await runCli(
      ['ctl', 'apply', '-f', 'examples/quickstart/frontend-workloadidentity.yaml', '--no-rules'],
      { env },
    );
    expect(r.stderr).toBe('');
  });

  test('a rule error against a live object blocks the apply: a second Service on a live address is RT2002, nothing sent', async () => {
    const env = freshMachine();
    expect(
      (await runCli(['ctl', 'apply', '-f', 'examples/quickstart/backend-api-svc.yaml'], { env })).code,
    ).toBe(0);
    const dir = tempDir('riptides-dup-');
    const file = path.join(dir, 'dup.yaml');
    fs.writeFileSync(
      file,
      'apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata:\n  name: another-svc\nspec:\n  addresses:\n    - address: backend-api.myapp.svc.cluster.local\n      port: 3000\n',
    );
    const r = await runCli(['ctl', 'apply', '-f', file], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('RT2002');
    expect(r.stderr).toContain('Nothing was sent');
    const get = await runCli(['ctl', 'get', 'svc', '-o', 'name'], { env });
    expect(get.stdout.trim()).toBe('service/backend-api-svc');
  });

  test('--context local is explicit and -v logs embedded requests without a token', async () => {
    const env = freshMachine();
    const r = await runCli(['ctl', 'get', 'svc', '--context', 'local', '-v'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('> GET embedded:/v1/namespaces/riptides-system/services');
    expect(r.stderr).not.toMatch(/authorization: Bearer (?!<redacted>)/i);
    expect(r.stderr).toContain('No resources found in riptides-system namespace.');
  });

  test('-n puts namespace-less manifests into that namespace', async () => {
    const env = freshMachine();
    const dir = tempDir();
    const file = path.join(dir, 'svc.yaml');
    fs.writeFileSync(
      file,
      'apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata: {name: nsless}\nspec: {addresses: [{address: a.example, port: 80}]}\n',
    );
    let r = await runCli(['ctl', 'apply', '-f', file, '-n', 'other', '-o', 'json'], { env });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { items: { namespace: string }[] }).items[0].namespace).toBe('other');
    r = await runCli(['ctl', 'get', 'svc', 'nsless', '-n', 'other', '-o', 'json'], { env });
    expect(r.code).toBe(0);
  });

  test('an unknown --context is a usage error listing the contexts', async () => {
    const r = await runCli(['ctl', 'get', 'wi', '--context', 'nope'], { env: freshMachine() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('local');
  });

  test('an unusable data directory exits 3 with a message, not a crash', async () => {
    const env = freshMachine();
    fs.mkdirSync(env.XDG_DATA_HOME, { recursive: true });
    fs.writeFileSync(path.join(env.XDG_DATA_HOME, 'riptides'), 'a file where a directory should be');
    const r = await runCli(['ctl', 'get', 'wi'], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("cannot open the local control plane's data");
  });

  test('-f - reads manifests from stdin', async () => {
    const env = freshMachine();
    const input = fs.readFileSync('examples/implicit-mtls/service-a.yaml', 'utf8');
    const r = await runCli(['ctl', 'apply', '-f', '-'], { env, input });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('workloadidentity/service-a created');
  });

  test('the same object twice in the input is refused before sending, with or without --no-rules', async () => {
    const env = freshMachine();
    const dir = tempDir();
    const doc = fs.readFileSync('examples/quickstart/backend-api-svc.yaml', 'utf8');
    fs.writeFileSync(path.join(dir, 'a.yaml'), doc);
    fs.writeFileSync(path.join(dir, 'b.yaml'), doc);
    for (const extra of [[], ['--no-rules']]) {
      const r = await runCli(['ctl', 'apply', '-f', dir, '-o', 'json', ...extra], { env });
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout) as { items: unknown[]; findings: { code: string }[] };
      expect(out.items).toEqual([]);
      expect(out.findings.map((f) => f.code)).toContain('RT2003');
    }
  });

  test('one file with 3,000 documents applies in batches (and parses in linear time)', async () => {
    const env = freshMachine();
    const dir = tempDir();
    let text = '';
    for (let i = 0; i < 3000; i++)
      text += `apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata:\n  name: s${i}\n  namespace: bulk\nspec:\n  addresses:\n    - address: s${i}.bulk.internal\n      port: 443\n---\n`;
    fs.writeFileSync(path.join(dir, 'bulk.yaml'), text);
    const r = await runCli(['ctl', 'apply', '-f', path.join(dir, 'bulk.yaml'), '-o', 'json'], { env });
    expect(r.code).toBe(0);
    const items = (JSON.parse(r.stdout) as { items: { name: string; action: string }[] }).items;
    expect(items).toHaveLength(3000);
    expect(items.every((i) => i.action === 'created')).toBe(true);
    expect(items[2999].name).toBe('s2999'); // input order kept across concurrent batches
  });
});
