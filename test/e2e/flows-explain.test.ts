/** End-to-end: `explain connection --flow` on recorded flows of the quickstart (built bin/run.js). */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';
import { quickstartFlowsNdjson } from '../helpers/flows';

const dir = tempDir('riptides-flows-');
const FILE = path.join(dir, 'flows.ndjson');
fs.writeFileSync(FILE, quickstartFlowsNdjson());
const QS = ['explain', 'connection', '-f', 'examples/quickstart'];

describe('explain connection --flow', () => {
  test('json: the explain shape plus observed, status and explanations (drift: a silent downgrade)', async () => {
    const r = await runCli([...QS, '--flow', `${FILE}:1`, '-o', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      verdict: 'MTLS',
      path: 'explicit',
      observed: { verdict: 'PLAINTEXT', reason: 'peer did not answer the TLS handshake' },
      status: 'drift',
      flow: { line: 1, record: { daemon: 'node-7' } },
    });
    expect(j.explanations.map((e: { code: string }) => e.code)).toContain('silent-downgrade');
    expect(j.steps.length).toBeGreaterThan(3);
  });

  test('text: observed beside predicted, then the usual trace with fixes', async () => {
    const r = await runCli([...QS, '--flow', `${FILE}:2`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/observed\s+PLAINTEXT/);
    expect(r.stdout).toMatch(/predicted\s+PLAINTEXT/);
    expect(r.stdout).toMatch(/status\s+agree/);
    expect(r.stdout).toMatch(/How to fix/);
  });

  test('stdin with FILE alone = its first record; --exit-code follows the predicted verdict', async () => {
    const r = await runCli([...QS, '--flow', '-', '--exit-code'], { input: quickstartFlowsNdjson() });
    expect(r.code).toBe(0);
    const rejected = await runCli([...QS, '--flow', `${FILE}:3`, '--exit-code']);
    expect(rejected.code).toBe(11);
  });

  test('a bad record is exit 1 at file:line:col, never 70', async () => {
    const bad = path.join(dir, 'bad.ndjson');
    fs.writeFileSync(bad, quickstartFlowsNdjson() + '{"time": 5,,}\n');
    const r = await runCli([...QS, '--flow', `${bad}:5`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:5:`);
  });

  test('a line past the end or a missing file is usage (2); --flow with --to is usage', async () => {
    expect((await runCli([...QS, '--flow', `${FILE}:99`])).code).toBe(2);
    expect((await runCli([...QS, '--flow', path.join(dir, 'nope.ndjson')])).code).toBe(2);
    expect((await runCli([...QS, '--flow', FILE, '--to', 'a:1'])).code).toBe(2);
  });
});
