/**
 * Start-up fast path for `validate`, the command CI runs on every pull request: bin/run.js calls
 * this before loading oclif (≈ 65 ms to import, ≈ 100 ms with config and plugins). It handles plain,
 * well-formed invocations only; anything else (--help, an unknown or malformed flag, no -f) returns
 * `undefined` and oclif runs the command as usual, with its own messages. Same pipeline, same output.
 */
import { parseArgs } from 'node:util';
import { ExitCode, isRiptidesError } from '../core/errors';
import { FAIL_ON_LEVELS } from '../core/lint/controls';
import { configureColor, renderError } from './render-error';
import type { ValidateFormat } from './validate-run';
import { runValidate, VALIDATE_FORMATS } from './validate-run';

/** The flags of `validate` (src/commands/validate.ts) plus the global ones, as node:util parseArgs sees them. */
export const FAST_VALIDATE_OPTIONS = {
  filename: { type: 'string', short: 'f', multiple: true },
  recursive: { type: 'boolean', short: 'R' },
  output: { type: 'string', short: 'o' },
  'sarif-file': { type: 'string' },
  'junit-file': { type: 'string' },
  'json-file': { type: 'string' },
  'skip-unknown': { type: 'boolean' },
  strict: { type: 'boolean' },
  color: { type: 'boolean' },
  debug: { type: 'boolean' },
  disable: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  'trust-domain': { type: 'string' },
  'lint-config': { type: 'string' },
  rules: { type: 'boolean' },
  // Handled by oclif (the argv check below sends them there): listed so that both know the same flags.
  'list-rules': { type: 'boolean' },
  // --live talks to a control plane: the fast path leaves it (and these connection flags) to oclif.
  live: { type: 'boolean' },
  context: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  'ca-file': { type: 'string' },
  'insecure-skip-tls-verify': { type: 'boolean' },
  namespace: { type: 'string', short: 'n' },
  verbose: { type: 'boolean', short: 'v' },
  'request-timeout': { type: 'string' },
} as const;

type Parsed = {
  [K in keyof typeof FAST_VALIDATE_OPTIONS]?: (typeof FAST_VALIDATE_OPTIONS)[K] extends { multiple: true }
    ? string[]
    : (typeof FAST_VALIDATE_OPTIONS)[K]['type'] extends 'string'
      ? string
      : boolean;
};

/** The parsed flags, or undefined when oclif should handle this command line. */
export function parseFastValidate(argv: readonly string[]): Parsed | undefined {
  // `--no-color` and `--no-rules` are validate's negations; anything oclif would refuse goes to oclif
  // (and so do --help and --list-rules).
  const negations = ['--no-color', '--no-rules'];
  if (
    argv.some(
      (a) =>
        a === '-h' ||
        a === '--help' ||
        a === '--list-rules' ||
        (a.startsWith('--no-') && !negations.includes(a)),
    )
  )
    return undefined;
  let values: Parsed;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: FAST_VALIDATE_OPTIONS,
      strict: true,
      allowPositionals: false,
      allowNegative: true,
    }) as { values: Parsed });
  } catch {
    return undefined;
  }
  if (!values.filename || values.filename.length === 0) return undefined;
  if (values.live) return undefined;
  if (values.output !== undefined && !(VALIDATE_FORMATS as readonly string[]).includes(values.output))
    return undefined;
  if (values['fail-on'] !== undefined && !(FAIL_ON_LEVELS as readonly string[]).includes(values['fail-on']))
    return undefined;
  return values;
}

/**
 * Run `validate` for `argv` (the arguments after `validate`) if the fast path can; resolves to the
 * exit code, or to undefined when oclif must take over.
 */
export async function runFastValidate(argv: readonly string[], version: string): Promise<number | undefined> {
  const flags = parseFastValidate(argv);
  if (!flags) return undefined;
  try {
    const result = await runValidate({
      filenames: flags.filename!,
      recursive: flags.recursive,
      output: (flags.output ?? 'text') as ValidateFormat,
      sarifFile: flags['sarif-file'],
      junitFile: flags['junit-file'],
      jsonFile: flags['json-file'],
      skipUnknown: flags['skip-unknown'],
      strict: flags.strict,
      color: configureColor(flags.color, process.stdout.isTTY === true, process.env),
      version,
      lint: {
        disable: flags.disable,
        'fail-on': flags['fail-on'],
        'trust-domain': flags['trust-domain'],
        'lint-config': flags['lint-config'],
        rules: flags.rules,
      },
      cwd: process.cwd(),
    });
    if (result.stdout !== '')
      process.stdout.write(result.stdout.endsWith('\n') ? result.stdout : result.stdout + '\n');
    return result.exitCode;
  } catch (err) {
    // The same rendering as BaseCommand.catch.
    const color = configureColor(undefined, process.stderr.isTTY === true, process.env);
    const error = err instanceof Error ? err : new Error(String(err));
    if (isRiptidesError(error)) {
      process.stderr.write(renderError(error, { debug: flags.debug === true, color }));
      return error.exitCode;
    }
    process.stderr.write(renderError(error, { debug: flags.debug === true, color, internal: true }));
    return ExitCode.INTERNAL;
  }
}
