/**
 * The read-ahead worker (src/io/read-ahead.ts) as built in dist/ (the worker runs compiled
 * JavaScript): it gives each file's text, a too-large file's size and an unreadable file's error,
 * in order; what it has not read yet is left to the caller.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/cli';

type Item = { text: string } | { seen: number } | { error: string };
const { startReadAhead, READ_AHEAD_MIN_FILES } = require(
  path.join(__dirname, '..', '..', 'dist', 'io', 'read-ahead.js'),
) as {
  READ_AHEAD_MIN_FILES: number;
  startReadAhead(
    files: string[],
    max: number,
  ): { take(i: number): Item | undefined; close(): void } | undefined;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function files(dir: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const file = path.join(dir, `f-${i}.yaml`);
    fs.writeFileSync(file, i === 7 ? 'x'.repeat(500) : `name: f-${i}\n`);
    return file;
  });
}

describe('startReadAhead', () => {
  test('gives every file in order once the worker has read them: texts, too large, unreadable', async () => {
    const list = files(tempDir(), 300);
    list[9] = path.join(path.dirname(list[0]), 'missing.yaml');
    const ahead = startReadAhead(list, 100);
    expect(ahead).toBeDefined();
    // Let the worker read everything (it posts in batches; take() collects what has arrived).
    await sleep(1000);
    const items = list.map((_, i) => ahead!.take(i));
    ahead!.close();
    expect(items.every((it) => it !== undefined)).toBe(true);
    expect(items[0]).toEqual({ text: 'name: f-0\n' });
    expect(items[299]).toEqual({ text: 'name: f-299\n' });
    expect(items[7]).toEqual({ seen: 500 });
    expect((items[9] as { error: string }).error).toMatch(/ENOENT/);
  });

  test('a file the caller reached first is left to it: every item is the file or undefined', () => {
    const list = files(tempDir(), 400);
    const ahead = startReadAhead(list, 1000)!;
    const items = list.map((_, i) => ahead.take(i));
    ahead.close();
    items.forEach((it, i) => {
      if (it !== undefined) expect(it).toEqual({ text: i === 7 ? 'x'.repeat(500) : `name: f-${i}\n` });
    });
    expect(ahead.take(0)).toBeUndefined(); // closed
  });

  test('a FIFO in the list is left to the caller: the worker neither blocks on it nor reads it', async () => {
    const dir = tempDir();
    const list = files(dir, 300);
    list[5] = path.join(dir, 'pipe');
    execFileSync('mkfifo', [list[5]]); // no writer: a blocking open would never return
    const ahead = startReadAhead(list, 1000)!;
    await sleep(1000);
    const items = list.map((_, i) => ahead.take(i));
    ahead.close();
    expect(items[5]).toBeUndefined();
    expect(items[6]).toEqual({ text: 'name: f-6\n' });
    expect(items[299]).toEqual({ text: 'name: f-299\n' });
  });

  test('few files, or RIPTIDES_NO_WORKERS=1: no worker', () => {
    const list = files(tempDir(), READ_AHEAD_MIN_FILES);
    expect(startReadAhead(list.slice(1), 1000)).toBeUndefined();
    process.env.RIPTIDES_NO_WORKERS = '1';
    try {
      expect(startReadAhead(list, 1000)).toBeUndefined();
    } finally {
      delete process.env.RIPTIDES_NO_WORKERS;
    }
  });
});
