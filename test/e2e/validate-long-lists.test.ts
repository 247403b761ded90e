/**
 * Issue 10: `validate` stays linear in the number of schema errors. One Service with 40,000 invalid
 * addresses (about 1 MB) took 11 s; the list is now checked up to its schema limit (1000) plus one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

test('one Service with 40,000 invalid addresses: exit 1 with the list-length finding, in seconds', async () => {
  const dir = tempDir('riptides-long-');
  const file = path.join(dir, 'many.yaml');
  const lines = [
    'apiVersion: core.riptides.io/v1alpha1',
    'kind: Service',
    'metadata: {name: many}',
    'spec:',
    '  addresses:',
    ...Array.from({ length: 40_000 }, () => '    - {address: "not valid!", port: 0}'),
  ];
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const started = performance.now();
  const res = await runCli(['validate', '-f', file, '-o', 'json'], { timeoutMs: 60_000 });
  const elapsed = performance.now() - started;
  expect(res.code).toBe(1);
  const report = JSON.parse(res.stdout) as { findings: Array<{ path?: string; message: string }> };
  expect(report.findings.some((f) => f.path === '/spec/addresses' && /at most 1000/.test(f.message))).toBe(
    true,
  );
  expect(report.findings.length).toBeLessThanOrEqual(2003);
  expect(elapsed).toBeLessThan(10_000);
}, 70_000);
