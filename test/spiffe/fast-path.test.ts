/** The `svid inspect` start-up fast path parses exactly what oclif would, and defers everything else to oclif. */
import fs from 'node:fs';
import path from 'node:path';
import { parseFast } from '../../src/cli/fast-path';
import { REPO_ROOT } from '../helpers/cli';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, { flags: Parameters<typeof parseFast>[1] }>;
};
const flags = manifest.commands['svid:inspect'].flags;

test('plain invocations parse, with manifest defaults', () => {
  expect(
    parseFast(['svid.pem', '--bundle', 'b.pem', '-o', 'json', '-a', 'x', '-a', 'y', '--no-color'], flags),
  ).toEqual({
    args: { file: 'svid.pem' },
    flags: expect.objectContaining({ bundle: 'b.pem', output: 'json', audience: ['x', 'y'], color: false }),
  });
  expect(parseFast(['-'], flags)?.flags.output).toBe('text');
  expect(parseFast(['--connect=127.0.0.1:1', '--cert', 'c', '--key', 'k'], flags)?.flags.connect).toBe(
    '127.0.0.1:1',
  );
});

test.each([
  [['--help']],
  [['x.pem', '--bogus']],
  [['x.pem', '-o', 'yaml']],
  [['a.pem', 'b.pem']],
  [['--cert', 'c.pem']],
  [['--connect', 'h:1', '--workload', 'w']],
  [['x.pem', '--request-timeout', '5']],
  [['x.pem', '--no-offline']],
])('%j is left to oclif', (args) => {
  expect(parseFast(args, flags)).toBeUndefined();
});
