/**
 * Zero documents is not a pass: a CI gate whose `-f` names an empty directory, a directory whose
 * manifests are all in sub-directories (without `-R`) or empty stdin checks nothing, so `validate`
 * says so (RT1005) unless `--allow-empty` says an empty input is expected.
 */
import type { Finding } from '../findings';

export interface EmptyInput {
  /** The `-f` arguments as given (`-` for stdin). */
  inputs: readonly string[];
  /** Manifest files that `-R` would have added. */
  inSubdirectories: number;
}

export function noDocumentsFinding({ inputs, inSubdirectories }: EmptyInput): Finding {
  const file = inputs[0] === '-' ? '<stdin>' : (inputs[0] ?? '<stdin>');
  const fix =
    inSubdirectories > 0
      ? `Add -R: ${inSubdirectories} manifest file${inSubdirectories === 1 ? ' is' : 's are'} in sub-directories, which are read only with -R (--recursive).`
      : 'Check the -f paths (directories are read for .yaml, .yml and .json files; -R for sub-directories), or pass --allow-empty if an empty input is expected.';
  return {
    severity: 'error',
    code: 'RT1005',
    message: `no documents in ${inputs.map((i) => (i === '-' ? '<stdin>' : i)).join(', ')}: nothing was checked`,
    file,
    line: 1,
    column: 1,
    fix,
  };
}
