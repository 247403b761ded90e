/**
 * Reading what `svid inspect` inspects and trusts: a FILE or `-` (stdin) as raw bytes (PEM, DER, JWT
 * or bundle JSON are told apart by the core), and a trust bundle file. Missing files are usage errors.
 */
import fs from 'node:fs';
import { usageError } from '../core/errors';
import { parseTrustBundle, type TrustBundle } from '../core/spiffe/bundle';
import { capFromEnv, readFileBounded, readStreamBounded, type BoundedRead } from './bounded-read';

/** SVID files larger than this are refused: no certificate chain or token comes close. */
export const MAX_SVID_BYTES = 16 * 1024 * 1024;

export interface SvidInput {
  /** As the user named it, `<stdin>` for `-`. */
  file: string;
  bytes: Buffer;
}

/** The cap in force: MAX_SVID_BYTES, or RIPTIDES_MAX_INPUT_BYTES when set (docs/limits.md). */
function svidCap(): number {
  return capFromEnv('RIPTIDES_MAX_INPUT_BYTES', MAX_SVID_BYTES);
}

function tooLarge(file: string, what: string, read: BoundedRead & { ok: false }, max: number): Error {
  return usageError(
    `${file} is ${read.seen > max + 1 ? `${read.seen} bytes` : `more than ${max} bytes`}; a ${what} file is at most ${max} bytes`,
    [
      `check that ${file} is the ${what} (${what === 'CSR' ? 'a PEM or DER certificate request' : 'a PEM or DER certificate chain, a JWT or a bundle'})`,
    ],
  );
}

async function readStdinBytes(what = 'SVID'): Promise<Buffer> {
  const max = svidCap();
  const read = await readStreamBounded(process.stdin, max);
  if (!read.ok) throw tooLarge('<stdin>', what, read, max);
  return read.bytes;
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
  const max = svidCap();
  let read: BoundedRead;
  try {
    // Counted while reading: stat.size is 0 for /dev/zero, FIFOs and /proc files.
    read = readFileBounded(file, max);
  } catch (err) {
    throw usageError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, [
      'check the file permissions',
    ]);
  }
  if (!read.ok) throw tooLarge(file, what, read, max);
  return read.bytes;
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

const MAKE_CSR =
  'make one with its key, e.g. openssl req -new -key key.pem -subj /CN=frontend -out frontend.csr';

/**
 * The CSR of `svid issue --csr FILE` (`-`: stdin), as the control plane takes it: a PEM CERTIFICATE REQUEST as it
 * is, a DER file (an ASN.1 SEQUENCE) in base64. Another PEM block (a certificate or a key given by
 * mistake) or a file that is neither is a usage error here; whether a request is good is the
 * control plane's to say (its `reason`).
 */
export async function readCsrFile(
  file: string,
  readStdin: () => Promise<Buffer> = () => readStdinBytes('CSR'),
): Promise<string> {
  const bytes = file === '-' ? await readStdin() : readFileOrUsage(file, 'CSR');
  const text = bytes.toString('latin1');
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];
  if (label === 'CERTIFICATE REQUEST' || label === 'NEW CERTIFICATE REQUEST') return bytes.toString('utf8');
  if (label !== undefined)
    throw usageError(`--csr ${file} holds a ${label}, not a CERTIFICATE REQUEST`, [MAKE_CSR]);
  if (bytes[0] !== 0x30)
    throw usageError(`--csr ${file} is neither a PEM certificate request nor DER`, [MAKE_CSR]);
  return bytes.toString('base64');
}

/** Read a PEM file given with --cert / --key. */
export function readPemFile(file: string, what: string): string {
  return readFileOrUsage(file, what).toString('utf8');
}
