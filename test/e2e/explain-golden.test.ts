/**
 * Golden files for the human output of explain and simulate on the examples (no colour; paths are
 * relative to the repository, nothing else varies). Regenerate with UPDATE_GOLDEN=1 after checking
 * the new output is right.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/cli';

const cases: [string, string[]][] = [
  [
    'explain-quickstart-legacy-client.txt',
    [
      'explain',
      'connection',
      '-f',
      'examples/quickstart',
      '--from',
      'legacy-client',
      '--to',
      'backend-api.myapp.svc.cluster.local:3000',
    ],
  ],
  ['simulate-implicit-mtls.txt', ['simulate', '-f', 'examples/implicit-mtls']],
];

test.each(cases)('%s', async (file, args) => {
  const r = await runCli(args);
  expect(r.code).toBe(0);
  const golden = path.join(REPO_ROOT, 'test', 'golden', file);
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, r.stdout);
  expect(r.stdout).toBe(fs.readFileSync(golden, 'utf8'));
});
