/**
 * Worker thread of loadManifests (src/io/read-inputs.ts): reads and parses a share of the input
 * files on another core, and posts back what the main thread cannot redo cheaply — each file's text,
 * its documents' values and start positions, its YAML findings. Positions inside a document are
 * found again on the main thread, from the text, only for the documents that get reported.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseManifestText } from '../core/manifest/parse';
import { readTextBounded } from './bounded-read';
import type { ParsedShare, ParseShareRequest } from './parse-share';

const { paths, max } = workerData as ParseShareRequest;
const results: ParsedShare[] = paths.map((file) => {
  try {
    const read = readTextBounded(file, max);
    if (!read.ok) return { file, seen: read.seen };
    const parsed = parseManifestText(file, read.text);
    return {
      file,
      text: read.text,
      documents: parsed.documents.map((d) => ({
        data: d.data,
        index: d.origin.index,
        start: d.origin.start,
      })),
      findings: parsed.findings,
    };
  } catch (err) {
    return { file, error: (err as Error).message };
  }
});
parentPort!.postMessage(results);
