/** `validate` end to end on hostile and empty inputs: never an internal error, never a silent pass. */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const HEAD = 'apiVersion: core.riptides.io/v1alpha1\nkind: WorkloadIdentity\nmetadata:\n  name: a\nspec:\n';

describe('validate: hostile input', () => {
  test.each([
    ['3,000 levels of nesting', HEAD + '  x: ' + '['.repeat(3000) + ']'.repeat(3000) + '\n', 6],
    ['a \\x01 in a value', HEAD.replace('name: a', 'name: "a\x01b"'), 4],
  ])('%s: RT1001 at its line, exit 1, every report file written', async (_name, text, line) => {
    const dir = tempDir();
    const file = path.join(dir, 'in.yaml');
    fs.writeFileSync(file, text);
    const reports = ['sarif', 'junit', 'json'].map((k) => path.join(dir, `out.${k}`));
    const r = await runCli([
      'validate',
      '-f',
      file,
      '-o',
      'json',
      '--sarif-file',
      reports[0],
      '--junit-file',
      reports[1],
      '--json-file',
      reports[2],
    ]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: { code: string; line: number }) => [f.code, f.line])).toEqual([
      ['RT1001', line],
    ]);
    for (const report of reports) expect(fs.statSync(report).size).toBeGreaterThan(0);
    const sarif = JSON.parse(fs.readFileSync(reports[0], 'utf8'));
    expect(sarif.runs[0].results[0].ruleId).toBe('RT1001');
  });
});
