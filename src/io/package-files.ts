/**
 * Files that ship with the CLI (schemas/, docs/): read from the package directory, or, in the
 * one-file binary (Node single-executable application, scripts/build-sea.js), from its assets.
 * Paths are relative to the package root, with `/`.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The package root (two levels up from src/io, dist/io and dist/bundle alike). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/** The asset holding the list of embedded package files (written by scripts/build-sea.js). */
export const SEA_FILE_LIST = 'package-files.json';

interface SeaApi {
  isSea(): boolean;
  getAsset(key: string, encoding: string): string;
}

let seaApi: SeaApi | null | undefined;
function sea(): SeaApi | null {
  if (seaApi === undefined) {
    try {
      const s = require('node:sea') as SeaApi;
      seaApi = s.isSea() ? s : null;
    } catch {
      seaApi = null;
    }
  }
  return seaApi;
}

/** Whether this process is the one-file binary. */
export function isSingleExecutable(): boolean {
  return sea() !== null;
}

export function readPackageFile(rel: string): string {
  const s = sea();
  return s ? s.getAsset(rel, 'utf8') : fs.readFileSync(path.join(PACKAGE_ROOT, rel), 'utf8');
}

/** Every file under `dir` (recursively), sorted, as package-relative paths. */
export function listPackageFiles(dir: string): string[] {
  const prefix = dir.replace(/\/+$/, '') + '/';
  const s = sea();
  if (s)
    return (JSON.parse(s.getAsset(SEA_FILE_LIST, 'utf8')) as string[])
      .filter((f) => f.startsWith(prefix))
      .sort();
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(PACKAGE_ROOT, rel), { withFileTypes: true })) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk(prefix.slice(0, -1));
  return out.sort();
}

/** Copy package files (under `base`) into `outDir`, keeping their paths below `base`; returns the paths written. */
export function copyPackageFiles(files: readonly string[], base: string, outDir: string): string[] {
  return files.map((f) => {
    const target = path.join(outDir, ...f.slice(base.length + 1).split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, readPackageFile(f));
    return target;
  });
}
