/** `svid issue` never overwrites files silently: which of svid.pem, key.pem, bundle.pem already exist in --out. */
import fs from 'node:fs';
import path from 'node:path';
import { usageError } from '../core/errors';

export const SVID_FILE_NAMES = ['svid.pem', 'key.pem', 'bundle.pem'] as const;

/** The paths in `dir` that would be replaced (any kind of entry, a dangling symlink included). */
export function existingSvidFiles(dir: string, names: readonly string[] = SVID_FILE_NAMES): string[] {
  return names
    .map((name) => path.join(dir, name))
    .filter((file) => {
      try {
        fs.lstatSync(file);
        return true;
      } catch {
        return false;
      }
    });
}

/**
 * Refuse (exit 2, before a key is generated or anything is requested) when files would be replaced.
 * `withKey: false` (`svid issue --csr`): key.pem is not written, so it is not looked at.
 */
export function refuseOverwrite(dir: string, withKey = true): void {
  const existing = existingSvidFiles(
    dir,
    SVID_FILE_NAMES.filter((name) => withKey || name !== 'key.pem'),
  );
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
