/**
 * Reading an input whole, but never more than a cap: bytes are counted while reading, so that
 * /dev/zero, a FIFO, stdin or a /proc file (whose stat.size is 0) stops at the cap instead of
 * growing the process to gigabytes. The one reader behind `-f` manifests and `svid inspect`.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';

/** Read in pieces of this size (a regular file under the cap is read in one piece when its size is known). */
const PIECE = 64 * 1024;

export type BoundedRead =
  | { ok: true; bytes: Buffer }
  /** More than `max` bytes: `seen` is the size when known up front (a regular file), else max + 1. */
  | { ok: false; seen: number };

/** Environment override of the input caps, in bytes, so that tests and users can lower them. */
export function capFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

/**
 * Read a file, device or FIFO (opened by path, following symlinks like any reader) up to `max` bytes.
 * A regular file whose size is already over the cap is refused without reading it.
 */
export function readFileBounded(file: string, max: number): BoundedRead {
  const read = readIntoScratch(file, max, false, false)!;
  return read.ok ? { ok: true, bytes: read.bytes } : read;
}

/**
 * readFileBounded, decoded as UTF-8. A file of up to SCRATCH_MAX bytes is read into one buffer kept
 * between calls: reading 10,000 small manifests then allocates only their strings (a fresh buffer
 * per read cost more than the parse: ≈ 0.4 s and most of the garbage collection of a `validate` of
 * 10,000 files).
 */
export function readTextBounded(
  file: string,
  max: number,
): { ok: true; text: string } | { ok: false; seen: number } {
  return decoded(readIntoScratch(file, max, true, false)!);
}

/**
 * readTextBounded for regular files only: anything else (a FIFO, a device, a directory) is
 * undefined, untouched. Opened non-blocking, so that a FIFO with no writer does not block the
 * caller, and none of its data is consumed (the read-ahead worker leaves such paths to the main
 * thread, which reads them as usual).
 */
export function readRegularFileText(
  file: string,
  max: number,
): { ok: true; text: string } | { ok: false; seen: number } | undefined {
  const read = readIntoScratch(file, max, true, true);
  return read && decoded(read);
}

function decoded(read: BoundedRead): { ok: true; text: string } | { ok: false; seen: number } {
  return read.ok ? { ok: true, text: read.bytes.toString('utf8') } : read;
}

/** The largest scratch buffer kept between reads (larger files get a buffer of their own). */
const SCRATCH_MAX = 1024 * 1024;
let scratch: Buffer | undefined;

function buffer(size: number, reuse: boolean): Buffer {
  if (!reuse || size > SCRATCH_MAX) return Buffer.allocUnsafe(size);
  if (!scratch || scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, PIECE));
  return scratch;
}

/**
 * The bytes of `file`, at most `max`. With `reuse`, the result may be a view of the shared scratch
 * buffer, valid until the next call (the text readers decode it at once). With `regularOnly`, the
 * file is opened non-blocking and anything but a regular file is undefined, unread.
 */
function readIntoScratch(
  file: string,
  max: number,
  reuse: boolean,
  regularOnly: boolean,
): BoundedRead | undefined {
  const fd = regularOnly
    ? fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0))
    : fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    if (regularOnly && !stat.isFile()) return undefined;
    return readOpened(fd, stat, max, reuse);
  } finally {
    fs.closeSync(fd);
  }
}

function readOpened(fd: number, stat: fs.Stats, max: number, reuse: boolean): BoundedRead {
  const regular = stat.isFile();
  if (regular && stat.size > max) return { ok: false, seen: stat.size };
  // Never ask for more than one byte past the cap: that byte is what tells "too large" apart.
  const first = Math.min(regular && stat.size > 0 ? stat.size + 1 : PIECE, max + 1);
  let buf = buffer(first, reuse);
  let total = 0;
  for (;;) {
    const want = Math.min(buf.length - total, max + 1 - total);
    const n = readRetrying(fd, buf, total, want);
    if (n === 0) break;
    total += n;
    if (total > max) return { ok: false, seen: max + 1 };
    // A regular file that gave exactly its size when asked for one byte more is at its end: no
    // second read to see 0 (a file of size 0, as /proc files report, is read until 0).
    if (regular && stat.size > 0 && total === stat.size && n < want) break;
    if (total === buf.length) {
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, max + 1));
      buf.copy(bigger, 0, 0, total);
      buf = bigger;
    }
  }
  return { ok: true, bytes: buf.subarray(0, total) };
}

/** readSync, waiting out EAGAIN (a FIFO or terminal opened non-blocking by someone else). */
function readRetrying(fd: number, buf: Buffer, offset: number, length: number): number {
  for (;;) {
    try {
      return fs.readSync(fd, buf, offset, length, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/** Read a stream (stdin) up to `max` bytes; past it, stop reading and let the stream go. */
export async function readStreamBounded(stream: Readable, max: number): Promise<BoundedRead> {
  const pieces: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buf.length;
    if (total > max) {
      stream.destroy();
      // How much more there was is unknown (and not worth reading): "more than max".
      return { ok: false, seen: max + 1 };
    }
    pieces.push(buf);
  }
  return { ok: true, bytes: Buffer.concat(pieces, total) };
}

/** Config, token, CA and lint-config files are small; 1 MiB is far above any real one. */
export const SMALL_FILE_BYTES = 1024 * 1024;

/**
 * Read a small text file (config, token, CA, lint config) under a cap. Errors are thrown as Node's are
 * (a `code`, ENOENT for a missing file; EFBIG past the cap), so callers keep their own messages.
 */
export function readTextFileCapped(file: string, max = SMALL_FILE_BYTES): string {
  const read = readFileBounded(file, max);
  if (read.ok) return read.bytes.toString('utf8');
  throw Object.assign(new Error(`the file is more than ${max} bytes; is it the right file?`), {
    code: 'EFBIG',
  });
}
