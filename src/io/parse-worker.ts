/**
 * Worker thread of loadManifests (src/io/read-inputs.ts): reads and parses a share of the input
 * files on another core, and posts back what the main thread cannot redo cheaply — each file's text,
 * its documents' values and start positions, its YAML findings. Positions inside a document are
 * found again on the main thread, from the text, only for the documents that get reported.
 *
 * The results go back as one JSON string when JSON keeps them exactly (it does for plain manifests):
 * parsing it costs the main thread a third of what a structured clone of the same values does
 * (≈ 30 against ≈ 90 ms for 5,000 files). Anything JSON would change — a shared value (YAML
 * aliases), -0, infinities, NaN — sends the values as they are instead.
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
/** Does JSON.parse(JSON.stringify(value)) give back the same value (and no value twice)? */
function jsonKeeps(value: unknown, seen: Set<object>): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (seen.has(value)) return false;
      seen.add(value);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !jsonKeeps(value[i], seen)) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      const record = value as Record<string, unknown>;
      for (const key in record) {
        if (!Object.prototype.hasOwnProperty.call(record, key) || !jsonKeeps(record[key], seen)) return false;
      }
      return true;
    }
    default:
      return false; // undefined (dropped by JSON), functions, symbols, bigints
  }
}

// Not output: a message to the main thread, which parses it back (parse-share.ts).
// eslint-disable-next-line no-restricted-syntax
parentPort!.postMessage(jsonKeeps(results, new Set()) ? { json: JSON.stringify(results) } : { results });
