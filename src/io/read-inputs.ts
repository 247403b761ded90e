/**
 * Reading `-f` inputs: files, directories (`-R` recursive), `-` for stdin. URLs are refused (SPEC §5:
 * they are never fetched). Returns the text of each manifest file; parsing is the core's job.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, RiptidesError, usageError } from '../core/errors';
import type { Finding } from '../core/findings';
import type { LoadedDocument } from '../core/manifest/document';
import { parseManifestText } from '../core/manifest/parse';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
/** Files larger than this are refused with a finding instead of being read (default 64 MiB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface InputFile {
  /** As the user named it (relative stays relative), `<stdin>` for `-`. */
  file: string;
  text: string;
}

export interface ReadOptions {
  recursive?: boolean;
  /** Reads standard input; defaults to process.stdin. */
  readStdin?: () => Promise<string>;
  maxFileBytes?: number;
}

export interface ReadResult {
  files: InputFile[];
  /** Files that could not be read (too large, unreadable): RT1004 findings. */
  findings: Finding[];
}

async function readStdinText(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The order of String#localeCompare, without its per-call set-up (matters for directories of 10,000 files). */
const collator = new Intl.Collator();

function listDirectory(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => collator.compare(a.name, b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...listDirectory(full, true));
    } else if (MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) {
      out.push(full);
    }
  }
  return out;
}

/** Expand `-f` arguments into the files to read, in a stable order; missing paths are usage errors. */
export function expandPaths(paths: readonly string[], recursive = false): string[] {
  const out: string[] = [];
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
    } catch {
      throw usageError(`${p}: no such file or directory`, ['check the path given with -f']);
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
  const max = options.maxFileBytes ?? MAX_FILE_BYTES;
  const files: InputFile[] = [];
  const findings: Finding[] = [];
  let stdinUsed = false;
  for (const p of expandPaths(paths, options.recursive)) {
    if (p === '-') {
      if (stdinUsed) throw usageError('standard input (-) can be given only once');
      stdinUsed = true;
      const text = await (options.readStdin ?? readStdinText)();
      if (Buffer.byteLength(text) > max) findings.push(tooLarge('<stdin>', Buffer.byteLength(text), max));
      else files.push({ file: '<stdin>', text });
      continue;
    }
    const size = fs.statSync(p).size;
    if (size > max) {
      findings.push(tooLarge(p, size, max));
      continue;
    }
    try {
      files.push({ file: p, text: fs.readFileSync(p, 'utf8') });
    } catch (err) {
      throw new RiptidesError(`${p}: cannot read: ${(err as Error).message}`, {
        code: 'unreadable-file',
        exitCode: ExitCode.USAGE,
        cause: err,
      });
    }
  }
  return { files, findings };
}

function tooLarge(file: string, size: number, max: number): Finding {
  return {
    severity: 'error',
    code: 'RT1004',
    message: `file is ${(size / 1048576).toFixed(1)} MiB, over the ${(max / 1048576).toFixed(0)} MiB limit; it was not read`,
    file,
    line: 1,
    column: 1,
    fix: 'Split the manifests into several files (a directory given with -f is read whole).',
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

/** Read and parse every input: the one call commands use to get documents with positions. */
export async function loadManifests(
  paths: readonly string[],
  options: ReadOptions = {},
): Promise<LoadResult> {
  const read = await readInputs(paths, options);
  const documents: LoadedDocument[] = [];
  const findings = [...read.findings];
  for (const input of read.files) {
    const parsed = parseManifestText(input.file, input.text);
    documents.push(...parsed.documents);
    findings.push(...parsed.findings);
  }
  const texts = new Map(read.files.map((f) => [f.file, f.text]));
  const lineCache = new Map<string, string[]>();
  const sourceLine = (file: string, line: number): string | undefined => {
    let lines = lineCache.get(file);
    if (!lines) {
      const text = texts.get(file);
      if (text === undefined) return undefined;
      lines = text.replace(/^\uFEFF/, '').split('\n');
      lineCache.set(file, lines);
    }
    return lines[line - 1]?.replace(/\r$/, '');
  };
  const fileNames = [...read.files.map((f) => f.file), ...read.findings.map((f) => f.file ?? '')];
  return { files: read.files.length + read.findings.length, fileNames, sourceLine, documents, findings };
}
