/**
 * Finding and reading `.riptides-lint.yaml`: the nearest one from the working directory upwards (like
 * .eslintrc / .prettierrc), or the file named by --lint-config. Problems in it are usage errors
 * (exit 2) at their file:line:column; validating its content is the core's (src/core/lint/controls.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, RiptidesError, usageError } from '../core/errors';
import { LINT_CONFIG_FILE, parseLintConfig } from '../core/lint/controls';
import type { LintConfig } from '../core/lint/controls';
import { parseManifestText } from '../core/manifest/parse';
import { readTextFileCapped } from './bounded-read';

/** The nearest `.riptides-lint.yaml` in `start` or one of its parents, or undefined. */
export function findLintConfig(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, LINT_CONFIG_FILE);
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here: go up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function configError(
  message: string,
  location: { file: string; line?: number; column?: number },
): RiptidesError {
  return new RiptidesError(message, {
    code: 'invalid-lint-config',
    exitCode: ExitCode.USAGE,
    location,
    suggestions: ['Fix the file, or point --lint-config at another one. Its format: docs/lint.md'],
  });
}

/** Read and validate a lint config file; any problem is a usage error at its position. */
export function readLintConfig(file: string): LintConfig {
  let text: string;
  try {
    text = readTextFileCapped(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT')
      throw usageError(
        `lint config ${file} does not exist`,
        ['Check the path given to --lint-config.'],
        'path-not-found',
      );
    throw new RiptidesError(`cannot read lint config ${file}: ${e.message}`, {
      code: 'unreadable-file',
      exitCode: ExitCode.USAGE,
      cause: err,
    });
  }
  const display = path.relative(process.cwd(), file) || file;
  const parsed = parseManifestText(display, text);
  if (parsed.findings.length > 0) {
    const f = parsed.findings[0];
    throw configError(`lint config is not valid YAML: ${f.message}`, {
      file: display,
      line: f.line,
      column: f.column,
    });
  }
  if (parsed.documents.length > 1) {
    const at = parsed.documents[1].origin.start;
    throw configError('lint config must be a single YAML document', at);
  }
  const doc = parsed.documents[0];
  const { config, problems } = parseLintConfig(doc?.data);
  if (problems.length > 0) {
    const first = problems[0];
    const at = doc ? doc.origin.locate(first.pointer, first.target) : { file: display };
    const more =
      problems.length > 1
        ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}: ${problems
            .slice(1)
            .map((p) => p.message)
            .join('; ')})`
        : '';
    throw configError(`invalid lint config: ${first.message}${more}`, at);
  }
  return config;
}

/** The config that applies: the explicit file, else the nearest one from `cwd` up, else none. */
export function loadLintConfig(options: { explicit?: string; cwd: string }): {
  config?: LintConfig;
  file?: string;
} {
  const file = options.explicit ? path.resolve(options.cwd, options.explicit) : findLintConfig(options.cwd);
  if (!file) return {};
  return { config: readLintConfig(file), file };
}
