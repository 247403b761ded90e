/** `svid issue` never overwrites files silently: which of svid.pem, key.pem, bundle.pem already exist in --out. */
import fs from 'node:fs';
import path from 'node:path';
import { usageError } from '../core/errors';

export const SVID_FILE_NAMES = ['svid.pem', 'key.pem', 'bundle.pem'] as const;

/** The paths in `dir` that would be replaced (any kind of entry, a dangling symlink included). */
export function existingSvidFiles(dir: string): string[] {
  return SVID_FILE_NAMES.map((name) => path.join(dir, name)).filter((file) => {
    try {
      fs.lstatSync(file);
      return true;
    } catch {
      return false;
    }
  });
}

/** Refuse (exit 2, before a key is generated or anything is requested) when files would be replaced. */
export function refuseOverwrite(dir: string): void {
  const existing = existingSvidFiles(dir);
  if (existing.length === 0) return;
  throw usageError(
    `--out ${dir}: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; svid issue does not replace a key or certificate unless told to`,
    [
      'write somewhere else: --out DIR (one directory per workload)',
      'replace them (the old key is lost): add --force',
    ],
    'svid-files-exist',
  );
}
