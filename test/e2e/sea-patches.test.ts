/**
 * The patches the one-file binary's bundle makes (scripts/make-sea.js PATCHES), checked against the
 * installed @oclif/core and the built dist/ without building the binary (test/e2e/sea.test.ts does
 * that): each matches exactly one file, applies there, and refuses a text it does not match (the
 * build then fails, as it does when a patch finds no file at all).
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/cli';

const { PATCHES } = require(path.join(REPO_ROOT, 'scripts', 'make-sea.js')) as {
  PATCHES: Record<string, { file: RegExp; patch(text: string): string | undefined }>;
};

/** Every .js file under `dir`. */
function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.name.endsWith('.js')) out.push(full);
  }
  return out;
}

// What the SEA bundle is built from: @oclif/core and the tsc output (not the bundles made from it).
const oclifLib = path.join(path.dirname(require.resolve('@oclif/core/package.json')), 'lib');
const dist = path.join(REPO_ROOT, 'dist');
const files = [...walk(oclifLib), ...walk(dist).filter((f) => !/[/\\]dist[/\\](bundle|sea)[/\\]/.test(f))];

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

  test.each(Object.keys(PATCHES))('%s matches exactly one file, and applies', (name) => {
    const { file, patch } = PATCHES[name];
    const matching = files.filter((f) => file.test(f));
    expect(matching).toHaveLength(1);
    const text = fs.readFileSync(matching[0], 'utf8');
    const patched = patch(text);
    expect(typeof patched).toBe('string');
    expect(patched).not.toBe(text);
  });

  test.each(Object.keys(PATCHES))('%s refuses a text it does not match (the build then fails)', (name) => {
    expect(PATCHES[name].patch('module.exports = {};\n')).toBeUndefined();
  });

  test('a text that would be patched twice is refused too', () => {
    const { file, patch } = PATCHES['oclif-sea-manifest'];
    const text = fs.readFileSync(
      files.find((f) => file.test(f))!,
      'utf8',
    );
    expect(patch(text + text)).toBeUndefined();
  });
});
