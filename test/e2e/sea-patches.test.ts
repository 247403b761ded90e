/**
 * The patches the one-file binary's bundle makes (scripts/make-sea.js PATCHES), checked against the
 * installed @oclif/core and the built dist/ without building the binary (test/e2e/sea.test.ts does
 * that): each matches exactly one file, applies there, and refuses a text it does not match (the
 * build then fails, as it does when a patch finds no file at all).
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/cli';
import { jsFilesUnder, testPatchTable, type PatchTable } from '../helpers/patch-tables';

const { PATCHES } = require(path.join(REPO_ROOT, 'scripts', 'make-sea.js')) as { PATCHES: PatchTable };

// What the SEA bundle is built from: @oclif/core and the tsc output (not the bundles made from it).
const oclifLib = path.join(path.dirname(require.resolve('@oclif/core/package.json')), 'lib');
const dist = path.join(REPO_ROOT, 'dist');
const files = [
  ...jsFilesUnder(oclifLib),
  ...jsFilesUnder(dist).filter((f) => !/[/\\]dist[/\\](bundle|sea)[/\\]/.test(f)),
];

describe('the SEA bundle patches (scripts/make-sea.js)', () => {
  test('there are the three patches, each for a file of its own', () => {
    expect(Object.keys(PATCHES).sort()).toEqual([
      'oclif-sea-manifest',
      'oclif-sea-modules',
      'static-validators',
    ]);
    const patched = Object.values(PATCHES).map(({ file }) => files.find((f) => file.test(f)));
    expect(new Set(patched).size).toBe(patched.length);
  });

  testPatchTable(PATCHES, files);

  test('a text that would be patched twice is refused too', () => {
    const { file, patch } = PATCHES['oclif-sea-manifest'];
    const text = fs.readFileSync(
      files.find((f) => file.test(f))!,
      'utf8',
    );
    expect(patch(text + text)).toBeUndefined();
  });
});
