/**
 * Start-up fast path: `svid inspect` is run in CI gates and shell loops, where loading oclif costs
 * several times the work itself. When the arguments parse cleanly against the command's own flag
 * definitions (read from oclif.manifest.json, so there is one definition), the command runs without
 * oclif; anything else — help, a parse or usage problem, an integer flag — falls back to oclif,
 * which reports it the usual way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

interface ManifestFlag {
  name: string;
  char?: string;
  type: 'boolean' | 'option';
  multiple?: boolean;
  options?: string[];
  default?: unknown;
  allowNo?: boolean;
  dependsOn?: string[];
  exclusive?: string[];
}

const FAST_COMMANDS: Record<string, string> = { 'svid inspect': 'svid:inspect' };

/** Parse `rest` against the manifest flags; undefined when oclif should handle it instead. */
export function parseFast(
  rest: string[],
  flagDefs: Record<string, ManifestFlag>,
): { args: { file?: string }; flags: Record<string, unknown> } | undefined {
  if (rest.some((a) => a === '--help' || a === '-h' || a === '--')) return undefined;
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const f of Object.values(flagDefs)) {
    options[f.name] = {
      type: f.type === 'boolean' ? 'boolean' : 'string',
      ...(f.char ? { short: f.char } : {}),
      ...(f.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true, allowNegative: true });
  } catch {
    return undefined;
  }
  if (parsed.positionals.length > 1) return undefined;
  const flags: Record<string, unknown> = { ...parsed.values };
  for (const f of Object.values(flagDefs)) {
    const v = flags[f.name];
    if (v === undefined) {
      if (f.default !== undefined) flags[f.name] = f.default;
      continue;
    }
    if (f.type === 'boolean' && v === false && !f.allowNo) return undefined;
    if (f.options && ![v].flat().every((x) => f.options!.includes(String(x)))) return undefined;
    if (f.dependsOn?.some((d) => parsed.values[d] === undefined)) return undefined;
    if (f.exclusive?.some((d) => parsed.values[d] !== undefined)) return undefined;
  }
  // Integer flags are converted by oclif only.
  if (flags['request-timeout'] !== undefined) return undefined;
  return { args: { file: parsed.positionals[0] }, flags };
}

/** Run a fast-path command; undefined when `argv` is not one (the caller then runs oclif). */
export function tryFastPath(argv: string[], root: string): Promise<void> | undefined {
  const id = FAST_COMMANDS[`${argv[0]} ${argv[1]}`];
  if (!id) return undefined;
  let flagDefs: Record<string, ManifestFlag> | undefined;
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, { flags: Record<string, ManifestFlag> }>;
    };
    flagDefs = manifest.commands[id]?.flags;
  } catch {
    return undefined;
  }
  if (!flagDefs) return undefined;
  const input = parseFast(argv.slice(2), flagDefs);
  if (!input) return undefined;
  return runFast(input.args, input.flags, path.basename(process.argv[1] ?? 'riptides-cli'));
}

async function runFast(args: { file?: string }, flags: Record<string, unknown>, bin: string): Promise<void> {
  const { configureColor, renderError } = require('./render-error') as typeof import('./render-error');
  const { isRiptidesError, ExitCode } = require('../core/errors') as typeof import('../core/errors');
  const debug = flags.debug === true;
  try {
    const { runSvidInspect } = require('./svid-inspect-run') as typeof import('./svid-inspect-run');
    const color = configureColor(
      flags.color as boolean | undefined,
      process.stdout.isTTY === true,
      process.env,
    );
    process.exitCode = await runSvidInspect(args, flags, {
      emit: (text) => {
        if (text !== '') process.stdout.write(text.endsWith('\n') ? text : text + '\n');
      },
      color,
      bin: bin === 'run.js' ? 'riptides-cli' : bin,
    });
  } catch (err) {
    const color = configureColor(undefined, process.stderr.isTTY === true, process.env);
    if (isRiptidesError(err)) {
      process.stderr.write(renderError(err, { debug, color }));
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(renderError(err as Error, { debug, color, internal: true }));
      process.exitCode = ExitCode.INTERNAL;
    }
  }
}
