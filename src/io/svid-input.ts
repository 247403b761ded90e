/**
 * Reading what `svid inspect` inspects and trusts: a FILE or `-` (stdin) as raw bytes (PEM, DER, JWT
 * or bundle JSON are told apart by the core), and a trust bundle file. Missing files are usage errors.
 */
import fs from 'node:fs';
import { usageError } from '../core/errors';
import { parseTrustBundle, type TrustBundle } from '../core/spiffe/bundle';

/** SVID files larger than this are refused: no certificate chain or token comes close. */
export const MAX_SVID_BYTES = 16 * 1024 * 1024;

export interface SvidInput {
  /** As the user named it, `<stdin>` for `-`. */
  file: string;
  bytes: Buffer;
}

async function readStdinBytes(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function readFileOrUsage(file: string, what: string): Buffer {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw usageError(`${file}: no such file`, [`check the path of the ${what}`]);
  }
  if (stat.isDirectory())
    throw usageError(`${file} is a directory, not a ${what} file`, [`pass the ${what} file itself`]);
  if (stat.size > MAX_SVID_BYTES) {
    throw usageError(`${file} is ${stat.size} bytes; a ${what} file is at most ${MAX_SVID_BYTES} bytes`);
  }
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw usageError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, [
      'check the file permissions',
    ]);
  }
}

/** Read FILE, or stdin for `-`. */
export async function readSvidInput(
  file: string,
  readStdin: () => Promise<Buffer> = readStdinBytes,
): Promise<SvidInput> {
  if (file === '-') return { file: '<stdin>', bytes: await readStdin() };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
    throw usageError(`${file}: URLs are not fetched`, [
      'for a live TLS endpoint use --connect HOST:PORT; otherwise download the file and pass its path',
    ]);
  }
  return { file, bytes: readFileOrUsage(file, 'SVID') };
}

/** Read and parse a trust bundle file (PEM certificates or SPIFFE bundle JSON). */
export function readTrustBundle(file: string, trustDomain?: string): TrustBundle {
  const bytes = readFileOrUsage(file, 'bundle');
  return parseTrustBundle(bytes.toString('utf8'), { trustDomain, file });
}

/** Read a PEM file given with --cert / --key. */
export function readPemFile(file: string, what: string): string {
  return readFileOrUsage(file, what).toString('utf8');
}
