/**
 * Reading and parsing many input files on two cores: a worker thread (parse-worker.ts) takes the
 * last part of the list while the main thread reads the first. Only for many files (a thread costs
 * ≈ 30 ms to start) and when this process may use more than one core; else, or when the worker
 * cannot start (a one-file binary has no worker script beside it), everything stays on this thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding, SourcePosition } from '../core/findings';
import type { DocumentOrigin, LoadedDocument, LocateTarget } from '../core/manifest/document';
import { parseManifestText } from '../core/manifest/parse';

/** Fewer files than this are read on the main thread only. */
export const PARALLEL_MIN_FILES = 200;
/** The worker's share of the files (the main thread also checks schemas and runs the rules after). */
const WORKER_SHARE = 0.5;

export interface ParseShareRequest {
  paths: string[];
  max: number;
}

/** One file as the worker read it: parsed, too large (`seen`), or unreadable (`error`). */
export type ParsedShare =
  | {
      file: string;
      text: string;
      documents: { data: unknown; index: number; start: SourcePosition }[];
      findings: Finding[];
    }
  | { file: string; seen: number }
  | { file: string; error: string };

/** The compiled worker script, beside this module (dist/io) or the bundle (dist/bundle). */
const WORKER_SCRIPT = path.join(__dirname, '..', 'io', 'parse-worker.js');

export interface SharedParse {
  /** Index (into the list given) of the first file the worker reads. */
  from: number;
  /** The worker's files, in order; rejects only if the worker failed (then read them here). */
  results: Promise<ParsedShare[]>;
}

/** Start a worker on the last share of `files` (paths of files to read), or undefined. */
export function startSharedParse(files: readonly string[], max: number): SharedParse | undefined {
  // Opt-in (RIPTIDES_PARSE_WORKERS=1): on the quiet reference machine (2 cores) the worker gave no
  // wall-clock gain on 10,000 files (median 1.38 s with it, 1.31 s without) for more CPU.
  if (files.length < PARALLEL_MIN_FILES || process.env.RIPTIDES_PARSE_WORKERS !== '1') return undefined;
  if (os.availableParallelism() < 2 || !fs.existsSync(WORKER_SCRIPT)) return undefined;
  const from = Math.ceil(files.length * (1 - WORKER_SHARE));
  let worker: import('node:worker_threads').Worker;
  try {
    const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
    const request: ParseShareRequest = { paths: files.slice(from), max };
    worker = new Worker(WORKER_SCRIPT, { workerData: request, stdout: false, stderr: false });
  } catch {
    return undefined;
  }
  const results = new Promise<ParsedShare[]>((resolve, reject) => {
    worker.once('message', (m: { json?: string; results?: ParsedShare[] }) =>
      resolve(m.json !== undefined ? (JSON.parse(m.json) as ParsedShare[]) : m.results!),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`parse worker exited with ${code}`)));
  });
  // Settled either way by the caller; a failure before that must not be an unhandled rejection.
  results.catch(() => undefined);
  return { from, results };
}

/** The worker's documents, with origins that parse the text again here when a position is asked for. */
export function sharedDocuments(share: Extract<ParsedShare, { text: string }>): LoadedDocument[] {
  let again: Map<number, DocumentOrigin> | undefined;
  const real = (index: number): DocumentOrigin | undefined => {
    if (!again) {
      again = new Map();
      for (const d of parseManifestText(share.file, share.text).documents)
        again.set(d.origin.index, d.origin);
    }
    return again.get(index);
  };
  return share.documents.map(({ data, index, start }) => {
    const origin: DocumentOrigin = {
      file: share.file,
      index,
      start,
      locate: (pointer: string, target?: LocateTarget) => real(index)?.locate(pointer, target) ?? start,
      sourceLine: (line: number) => real(index)?.sourceLine(line),
    };
    return { data, origin };
  });
}
