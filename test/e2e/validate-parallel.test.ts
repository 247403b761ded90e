/**
 * `validate` of many files reads them on a worker thread ahead of the main thread, which parses
 * (src/io/read-ahead.ts): the reports must be byte for byte those of one thread
 * (RIPTIDES_NO_WORKERS=1), positions included, whatever is wrong in the files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const SERVICE = (i: number, port: number | string) =>
  `apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: ns\nspec:\n  addresses:\n    - address: svc-${i}.internal\n      port: ${port}\n`;
const IDENTITY = (i: number, extra = '') =>
  `apiVersion: core.riptides.io/v1alpha1\nkind: WorkloadIdentity\nmetadata:\n  name: wl-${i}\n  namespace: ns\nspec:\n  workloadID: app/wl-${i}\n  selectors:\n    - process:name: wl-${i}\n  egress:\n    - selectors:\n        - service: svc-${i + 1}\n${extra}`;

/**
 * 300 files; what goes wrong is near the end of the list and in the middle. `shared`: also a value
 * used twice (an alias) and an infinite port.
 */
function writeRepository(dir: string, shared: boolean): void {
  for (let i = 0; i < 300; i++) {
    const name = path.join(dir, `m-${String(i).padStart(3, '0')}.yaml`);
    let text = i % 2 === 0 ? IDENTITY(i) : SERVICE(i, 443);
    if (i === 151 || i === 297) text = SERVICE(i, 70000); // schema error, positioned
    if (i === 260) text = IDENTITY(i, '  unknownField: 1\n'); // unknown field: a position at the key
    if (i === 270) text = 'apiVersion: core.riptides.io/v1alpha1\nkind: Service\nmetadata: [oops\n'; // YAML syntax
    if (i === 280) text = '\uFEFF' + SERVICE(i, 443) + '---\n' + SERVICE(1000 + i, 'x'); // BOM, two documents
    if (i === 290)
      // anchors, aliases and a merge key: js-yaml's path, one value shared twice
      text = `base: &b {port: 70000}\n---\n${SERVICE(i, 443).replace('    - address: svc-290.internal\n      port: 443\n', '    - &x {address: b.internal, port: 99999}\n    - <<: *x\n      address: a.internal\n')}`;
    if (shared && i === 285)
      text =
        SERVICE(i, 443).replace('  namespace: ns\n', '  namespace: ns\n  labels: &l {team: a}\n') +
        '  labels: *l\n';
    if (shared && i === 287) text = SERVICE(i, '.inf');
    if (i === 295) text = SERVICE(i, 443) + '#'.repeat(3000) + '\n'; // over the cap below: RT1004
    fs.writeFileSync(name, text);
  }
}

describe('validate: many files on two threads', () => {
  test.each([
    ['json', false],
    ['text', false],
    ['sarif', false],
    ['json', true],
    ['text', true],
  ])('-o %s (aliases and infinities: %s): the same report as on one thread', async (format, shared) => {
    const dir = tempDir();
    writeRepository(dir, shared);
    const env = { RIPTIDES_MAX_INPUT_BYTES: '2500' };
    const args = ['validate', '-f', dir, '-o', format];
    const [two, single] = await Promise.all([
      runCli(args, { env, cwd: dir }),
      runCli(args, { env: { ...env, RIPTIDES_NO_WORKERS: '1' }, cwd: dir }),
    ]);
    expect(two.stderr).toBe(single.stderr);
    expect(two.stdout).toBe(single.stdout);
    expect(two.code).toBe(1);
    if (format === 'json') {
      const out = JSON.parse(two.stdout) as {
        findings: { code: string; file: string; line: number; column: number }[];
        summary: { files: number };
      };
      expect(out.summary.files).toBe(300);
      const at = (n: number) =>
        out.findings
          .filter((f) => f.file.endsWith(`m-${n}.yaml`))
          .map((f) => `${f.code}@${f.line}:${f.column}`);
      // The merged `port` (m-290) is reported where the anchored mapping wrote it, for both addresses.
      expect(at(297)).toEqual(['RT1024@9:13']);
      expect(at(151)).toEqual(['RT1024@9:13']);
      expect(at(260)).toEqual(['RT2013@9:7', 'RT2001@12:9', 'RT1020@13:3']);
      expect(at(270)).toEqual(['RT1001@4:1']);
      expect(at(280)).toEqual(['RT1022@19:13']);
      expect(at(295)).toEqual(['RT1004@1:1']);
      expect(at(290)).toEqual(['RT1011@1:1', 'RT1024@10:38', 'RT1024@10:38']);
      expect(at(285)).toEqual([]);
      if (shared) expect(at(287)).toEqual(['RT1022@9:13']);
    }
  });
});
