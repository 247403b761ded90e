/**
 * Checks shared by the tests of the build's string-patch tables (scripts/build-bundle.js and
 * scripts/make-sea.js PATCHES): every patch matches exactly one of `files`, applies there, and
 * refuses a text it does not match (the build then fails).
 */
import fs from 'node:fs';
import path from 'node:path';

export type PatchTable = Record<string, { file: RegExp; patch(text: string): string | undefined }>;

/** Every .js file under `dir`. */
export function jsFilesUnder(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) jsFilesUnder(full, out);
    else if (e.name.endsWith('.js')) out.push(full);
  }
  return out;
}

/** The two checks every patch gets (call inside a describe). */
export function testPatchTable(patches: PatchTable, files: readonly string[]): void {
  test.each(Object.keys(patches))('%s matches exactly one file, and applies', (name) => {
    const { file, patch } = patches[name];
    const matching = files.filter((f) => file.test(f));
    expect(matching).toHaveLength(1);
    const text = fs.readFileSync(matching[0], 'utf8');
    const patched = patch(text);
    expect(typeof patched).toBe('string');
    expect(patched).not.toBe(text);
  });

  test.each(Object.keys(patches))('%s refuses a text it does not match (the build then fails)', (name) => {
    expect(patches[name].patch('module.exports = {};\n')).toBeUndefined();
  });
}
