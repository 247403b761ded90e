/**
 * Reading `-f` inputs: files, directories (`-R` recursive), `-` for stdin. URLs are refused (SPEC §5:
 * they are never fetched). Returns the text of each manifest file; parsing is the core's job.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, RiptidesError, usageError } from '../core/errors';
import type { Finding } from '../core/findings';
import type { LoadedDocument } from '../core/manifest/document';
import { parseManifestSteps } from '../core/manifest/parse';
import { capFromEnv, readStreamBounded, readTextBounded, type BoundedRead } from './bounded-read';
import { startReadAhead } from './read-ahead';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
/** Files larger than this are refused with a finding instead of being read (default 64 MiB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Lowers (or raises) the input cap of every `-f` input and of `svid inspect`, in bytes (docs/limits.md). */
export const MAX_INPUT_ENV = 'RIPTIDES_MAX_INPUT_BYTES';

export interface InputFile {
  /** As the user named it (relative stays relative), `<stdin>` for `-`. */
  file: string;
  text: string;
}

export interface ReadOptions {
  recursive?: boolean;
  /** Reads standard input; defaults to process.stdin, read under the cap. */
  readStdin?: () => Promise<string>;
  /** Default: MAX_FILE_BYTES, or RIPTIDES_MAX_INPUT_BYTES when set. */
  maxFileBytes?: number;
  /** loadManifests: called after each file with the documents and characters parsed so far. */
  onDocuments?: (documents: number, chars: number) => void;
}

export interface ReadResult {
  files: InputFile[];
  /** Inputs that could not be read: RT1004 (too large), RT1007 (unreadable path), RT1006 (skipped, a note). */
  findings: Finding[];
}

/** An entry of a directory listing: a file to read, or a path to report instead (found while listing). */
type Listed = string | Finding;

/**
 * The order of String#localeCompare, without its per-call set-up (matters for directories of 10,000
 * files). Made on first use: setting up ICU's collator costs ≈ 10 ms, which a run that reads no
 * directory need not pay.
 */
let collator: Intl.Collator | undefined;

/**
 * The manifest files of a directory, in name order. Symbolic links to files are read (a link to a
 * directory is not followed: no cycles); a dangling link or a link loop is an RT1007 finding for that
 * path; a FIFO, socket or device is skipped with an RT1006 note (reading one could block or never end).
 */
function listDirectory(dir: string, recursive: boolean): Listed[] {
  const out: Listed[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    return [unreadablePath(dir, err)];
  }
  // path.join(dir, name) for every entry, normalising `dir` once (an entry's name holds no separator
  // and is never `.` or `..`): 10,000 joins were 4 MiB of garbage.
  const prefix = path.join(dir, '_').slice(0, -1);
  // A directory of one entry (`-f manifests/` holding one file) needs no order, nor the collator.
  if (entries.length > 1) {
    const order = (collator ??= new Intl.Collator());
    entries.sort((a, b) => order.compare(a.name, b.name));
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = prefix + entry.name;
    if (entry.isDirectory()) {
      if (recursive) out.push(...listDirectory(full, true));
      continue;
    }
    if (!MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) continue;
    let stat: Pick<fs.Stats, 'isFile' | 'isDirectory'> = entry;
    if (entry.isSymbolicLink()) {
      try {
        stat = fs.statSync(full);
      } catch (err) {
        out.push(unreadablePath(full, err));
        continue;
      }
      if (stat.isDirectory()) continue;
    }
    if (stat.isFile()) out.push(full);
    else out.push(skippedSpecial(full));
  }
  return out;
}

/**
 * Expand `-f` arguments into the files to read, in a stable order; missing paths are usage errors.
 * Paths named explicitly are read whatever they are (a FIFO, as `-f <(cmd)` gives, or a device),
 * under the cap; inside directories only regular files are (see listDirectory).
 */
export function expandPaths(paths: readonly string[], recursive = false): Listed[] {
  const out: Listed[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push('-');
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) {
      throw usageError(`${p}: URLs are not fetched`, [
        'download the file and pass its path, or pipe it: curl … | riptides-cli … -f -',
      ]);
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP')
        throw usageError(`${p}: a symbolic link loop`, ['point the link given with -f at a file']);
      throw usageError(`${p}: no such file or directory`, [
        'check the path: it is read relative to the current directory',
      ]);
    }
    if (stat.isDirectory()) out.push(...listDirectory(p, recursive));
    else out.push(p);
  }
  return out;
}

/** Manifest files in sub-directories of the directories among `paths`: what `-R` would add. */
export function manifestsInSubdirectories(paths: readonly string[]): number {
  let n = 0;
  for (const p of paths) {
    if (p === '-') continue;
    try {
      if (fs.statSync(p).isDirectory()) n += listDirectory(p, true).length - listDirectory(p, false).length;
    } catch {
      // expandPaths reports a missing path
    }
  }
  return n;
}

export async function readInputs(paths: readonly string[], options: ReadOptions = {}): Promise<ReadResult> {
  const max = options.maxFileBytes ?? capFromEnv(MAX_INPUT_ENV, MAX_FILE_BYTES);
  const files: InputFile[] = [];
  const findings: Finding[] = [];
  const stdin = { used: false };
  for (const p of expandPaths(paths, options.recursive)) {
    const read = await readEntry(p, max, options, stdin);
    if ('text' in read) files.push(read);
    else findings.push(read);
  }
  return { files, findings };
}

/** One entry of expandPaths: a listing finding as it is, `-` from stdin, a path from its file. */
async function readEntry(
  p: Listed,
  max: number,
  options: ReadOptions,
  stdin: { used: boolean },
): Promise<InputFile | Finding> {
  if (typeof p !== 'string') return p;
  if (p === '-') {
    if (stdin.used) throw usageError('standard input (-) can be given only once');
    stdin.used = true;
    let read: BoundedRead;
    if (options.readStdin) {
      const bytes = Buffer.from(await options.readStdin());
      read = bytes.length > max ? { ok: false, seen: bytes.length } : { ok: true, bytes };
    } else {
      read = await readStreamBounded(process.stdin, max);
    }
    return read.ok
      ? { file: '<stdin>', text: read.bytes.toString('utf8') }
      : tooLarge('<stdin>', read.seen, max);
  }
  let read: ReturnType<typeof readTextBounded>;
  try {
    read = readTextBounded(p, max);
  } catch (err) {
    throw cannotRead(p, err);
  }
  return read.ok ? { file: p, text: read.text } : tooLarge(p, read.seen, max);
}

function cannotRead(p: string, err: unknown): RiptidesError {
  return new RiptidesError(`${p}: cannot read: ${(err as Error).message}`, {
    code: 'unreadable-file',
    exitCode: ExitCode.USAGE,
    cause: err,
  });
}

function mib(bytes: number): string {
  return bytes < 1048576 ? `${bytes} bytes` : `${(bytes / 1048576).toFixed(1)} MiB`;
}

function tooLarge(file: string, seen: number, max: number): Finding {
  return {
    severity: 'error',
    code: 'RT1004',
    message: `input is ${seen > max + 1 ? '' : 'more than '}${mib(seen > max + 1 ? seen : max)}, over the ${mib(max)} limit; it was not read`,
    file,
    line: 1,
    column: 1,
    fix: 'Check that the right file was given with -f; split large manifest sets into several files (a directory given with -f is read whole).',
  };
}

function unreadablePath(file: string, err: unknown): Finding {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'a dangling symbolic link (its target does not exist)'
      : code === 'ELOOP'
        ? 'a symbolic link loop'
        : `cannot be read (${code ?? (err as Error).message})`;
  return {
    severity: 'error',
    code: 'RT1007',
    message: `${why}; it was not read`,
    file,
    line: 1,
    column: 1,
    fix: 'Point the link at an existing manifest file, or remove it from the directory.',
  };
}

function skippedSpecial(file: string): Finding {
  return {
    severity: 'info',
    code: 'RT1006',
    message: 'not a regular file (a FIFO, socket or device) inside a directory; skipped',
    file,
    line: 1,
    column: 1,
    fix: 'Name it explicitly with -f to read it (as -f <(cmd) does), or move it out of the directory.',
  };
}

export interface LoadResult {
  /** Number of files read. */
  files: number;
  /** Names of the files read or refused, in order (`<stdin>` for `-`). */
  fileNames: string[];
  /** The text of a 1-based line of a file that was read (for source excerpts in findings). */
  sourceLine(file: string, line: number): string | undefined;
  documents: LoadedDocument[];
  /** YAML problems and unreadable files (RT1001–RT1004). */
  findings: Finding[];
}

/** How long loadManifests parses before it lets the event loop turn. */
const TURN_EVERY_MS = 4;
/** Let the event loop turn (pending I/O runs); resolves to when the next turn is due. */
const turnOfEventLoop = () =>
  new Promise<number>((resolve) => setImmediate(() => resolve(performance.now() + TURN_EVERY_MS)));

/**
 * Read and parse every input: the one call commands use to get documents with positions. With many
 * files, a worker thread reads ahead of this thread (read-ahead.ts), which parses; the result is
 * the same, in the same order.
 */
export async function loadManifests(
  paths: readonly string[],
  options: ReadOptions = {},
): Promise<LoadResult> {
  const max = options.maxFileBytes ?? capFromEnv(MAX_INPUT_ENV, MAX_FILE_BYTES);
  const listed = expandPaths(paths, options.recursive);
  const filePaths = listed.filter((p): p is string => typeof p === 'string' && p !== '-');
  const ahead = startReadAhead(filePaths, max);
  let nextFile = 0;

  const files: InputFile[] = [];
  const documents: LoadedDocument[] = [];
  // Reading's findings (listing, too large) come before the YAML ones, as when all is read first.
  const readFindings: Finding[] = [];
  const findings: Finding[] = [];
  const refused: Finding[] = [];
  const stdin = { used: false };
  let nextTurn = performance.now() + TURN_EVERY_MS;
  let parsedChars = 0;
  try {
    for (const p of listed) {
      // The event loop turns now and then while parsing: requests started before (a live read,
      // src/cli/live-prefetch.ts) go on meanwhile.
      if (performance.now() >= nextTurn) nextTurn = await turnOfEventLoop();
      let read: InputFile | Finding;
      const item = typeof p === 'string' && p !== '-' ? ahead?.take(nextFile++) : undefined;
      if (item === undefined) read = await readEntry(p, max, options, stdin);
      else if ('error' in item) throw cannotRead(p as string, new Error(item.error));
      else
        read =
          'seen' in item ? tooLarge(p as string, item.seen, max) : { file: p as string, text: item.text };
      if (!('text' in read)) {
        readFindings.push(read);
        if (read.code !== 'RT1006') refused.push(read);
        continue;
      }
      files.push(read);
      const steps = parseManifestSteps(read.file, read.text);
      let step = steps.next();
      for (; !step.done; step = steps.next())
        if (performance.now() >= nextTurn) nextTurn = await turnOfEventLoop();
      const parsed = step.value;
      for (const d of parsed.documents) documents.push(d);
      for (const f of parsed.findings) findings.push(f);
      parsedChars += read.text.length;
      options.onDocuments?.(documents.length, parsedChars);
    }
  } finally {
    ahead?.close();
  }
  let texts: Map<string, string> | undefined; // built when a finding first shows a source line
  const lineCache = new Map<string, string[]>();
  const sourceLine = (file: string, line: number): string | undefined => {
    let lines = lineCache.get(file);
    if (!lines) {
      texts ??= new Map(files.map((f) => [f.file, f.text]));
      const text = texts.get(file);
      if (text === undefined) return undefined;
      lines = text.replace(/^\uFEFF/, '').split('\n');
      lineCache.set(file, lines);
    }
    return lines[line - 1]?.replace(/\r$/, '');
  };
  const fileNames = [...files.map((f) => f.file), ...refused.map((f) => f.file ?? '')];
  return {
    files: files.length + refused.length,
    fileNames,
    sourceLine,
    documents,
    findings: [...readFindings, ...findings],
  };
}
