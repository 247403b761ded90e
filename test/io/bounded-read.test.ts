/** The capped readers: whole files, in any order of sizes, never past the cap. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readFileBounded, readRegularFileText, readTextBounded } from '../../src/io/bounded-read';
import { tempDir } from '../helpers/cli';

describe('readTextBounded', () => {
  test('files of every size in a row each read whole (the reused buffer carries nothing over)', () => {
    const dir = tempDir();
    const sizes = [70_000, 5, 0, 1, 64 * 1024, 2 * 1024 * 1024, 3, 1024 * 1024 + 1, 12];
    sizes.forEach((size, i) => {
      const text = Array.from({ length: size }, (_, j) => String.fromCharCode(97 + ((i + j) % 26))).join('');
      const file = path.join(dir, `f${i}.yaml`);
      fs.writeFileSync(file, text);
      expect(readTextBounded(file, 64 * 1024 * 1024)).toEqual({ ok: true, text });
      expect(readFileBounded(file, 64 * 1024 * 1024)).toEqual({ ok: true, bytes: Buffer.from(text) });
    });
  });

  test('a regular file over the cap is refused with its size; one at the cap is read', () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.yaml');
    fs.writeFileSync(file, 'x'.repeat(100));
    expect(readTextBounded(file, 99)).toEqual({ ok: false, seen: 100 });
    expect(readTextBounded(file, 100)).toEqual({ ok: true, text: 'x'.repeat(100) });
  });

  test('a file that reports no size (/proc) is read to its end, UTF-8 decoded', () => {
    const read = readTextBounded('/proc/self/status', 1024 * 1024);
    expect(read.ok && read.text).toMatch(/^Name:/);
    expect(read.ok && read.text.length).toBeGreaterThan(100);
  });

  test('a device without end stops one byte past the cap', () => {
    expect(readTextBounded('/dev/zero', 200_000)).toEqual({ ok: false, seen: 200_001 });
    expect(readFileBounded('/dev/zero', 10)).toEqual({ ok: false, seen: 11 });
  });
});

describe('readRegularFileText', () => {
  test('reads a regular file as readTextBounded does, cap included', () => {
    const dir = tempDir();
    const file = path.join(dir, 'm.yaml');
    fs.writeFileSync(file, 'name: é\n');
    expect(readRegularFileText(file, 100)).toEqual({ ok: true, text: 'name: é\n' });
    expect(readRegularFileText(file, 3)).toEqual({ ok: false, seen: 9 });
  });

  test('anything else is left untouched: a FIFO with no writer (no block), a device, a directory', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(readRegularFileText(fifo, 100)).toBeUndefined();
    expect(readRegularFileText('/dev/zero', 100)).toBeUndefined();
    expect(readRegularFileText(dir, 100)).toBeUndefined();
  });
});
