/**
 * Reading NDJSON flow files (src/io/flow-lines.ts): lines cut by the reader's buffer, CRLF, a last
 * line without a newline, over-long lines (skipped and reported, never buffered), and the replay of
 * such files giving the same result as the records replayed one by one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FlowReplay, type FlowRecord } from '../../src/core/flows';
import { replayFlowSource } from '../../src/cli/simulate-flows';
import { OVERSIZE_LINE_BYTES, readFlowLine, readLines } from '../../src/io/flow-lines';
import { tempDir } from '../helpers/cli';
import { flow, manifestSnapshot, QUICKSTART, withSampleRecords } from '../helpers/flows';

const dir = tempDir('riptides-flow-lines-');
let n = 0;
const write = (content: string | Buffer) => {
  const f = path.join(dir, `f${n++}.ndjson`);
  fs.writeFileSync(f, content);
  return f;
};

/** Every line as the reader hands it out: [line number, text] or [line number, byte count] when oversize. */
async function linesOf(file: string): Promise<[number, string | number][]> {
  const out: [number, string | number][] = [];
  const total = await readLines(file, {
    line: (buf, start, end, line) => void out.push([line, buf.toString('utf8', start, end)]),
    oversize: (line, bytes) => void out.push([line, bytes]),
  });
  expect(total).toBe(out.length);
  return out;
}

const MIB = 1 << 20;
const records = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    flow(
      i % 3 === 0 ? 'frontend' : 'legacy',
      i % 2 ? 'backend' : 'frontend',
      i % 5 ? 'REJECTED' : 'PLAINTEXT',
      {
        time: new Date(Date.UTC(2026, 10, 30) + i * 1000).toISOString(),
      },
    ),
  );

async function replayFile(file: string) {
  const replay = new FlowReplay({ current: await manifestSnapshot([QUICKSTART]) });
  await replayFlowSource(file, replay);
  return withSampleRecords(replay.finish());
}

async function replayRecords(flows: FlowRecord[]) {
  const replay = new FlowReplay({ current: await manifestSnapshot([QUICKSTART]) });
  flows.forEach((f, i) => replay.add(f, i + 1));
  return withSampleRecords(replay.finish());
}

describe('readLines', () => {
  test('a line that spans two reads of the buffer comes out whole, with its number', async () => {
    // Lines of ~200 KB (under the oversize limit) so that several reads of 1 MiB cut through lines.
    const lines = Array.from({ length: 12 }, (_, i) => `${i}:` + 'x'.repeat(200_000 + i * 4001));
    const file = write(lines.join('\n') + '\n');
    expect(fs.statSync(file).size).toBeGreaterThan(2 * MIB);
    expect(await linesOf(file)).toEqual(lines.map((l, i) => [i + 1, l]));
  });

  test('CRLF keeps its CR in the line; a last line without a newline is a line', async () => {
    expect(await linesOf(write('a\r\nb\r\n\r\nc'))).toEqual([
      [1, 'a\r'],
      [2, 'b\r'],
      [3, '\r'],
      [4, 'c'],
    ]);
    expect(await linesOf(write(''))).toEqual([]);
    expect(await linesOf(write('\n\n'))).toEqual([
      [1, ''],
      [2, ''],
    ]);
  });

  test('an over-long line is skipped and reported with its byte length, wherever it ends', async () => {
    const long = 'y'.repeat(OVERSIZE_LINE_BYTES + 1);
    const huge = 'z'.repeat(3 * MIB + 5); // longer than the buffer itself
    const file = write(`a\n${long}\nb\n${huge}\nc\n${long}`);
    expect(await linesOf(file)).toEqual([
      [1, 'a'],
      [2, long.length],
      [3, 'b'],
      [4, huge.length],
      [5, 'c'],
      [6, long.length],
    ]);
    const exact = 'w'.repeat(OVERSIZE_LINE_BYTES);
    expect(await linesOf(write(`${exact}\nd\n`))).toEqual([
      [1, exact],
      [2, 'd'],
    ]);
  });

  test('readFlowLine stops at the line it wants; an over-long one comes back as its size', async () => {
    const file = write(`\n  \n{"a":1}\r\n${'q'.repeat(OVERSIZE_LINE_BYTES + 10)}\nlast`);
    expect(await readFlowLine(file, undefined)).toEqual({ text: '{"a":1}\r', line: 3 });
    expect(await readFlowLine(file, 4)).toEqual({ bytes: OVERSIZE_LINE_BYTES + 10, line: 4 });
    expect(await readFlowLine(file, 5)).toEqual({ text: 'last', line: 5 });
    expect(await readFlowLine(file, 6)).toEqual({ lines: 5 });
  });
});

describe('replayFlowSource', () => {
  const flows = records(9000);

  test('LF, CRLF and no final newline give the same replay as the records one by one', async () => {
    const want = await replayRecords(flows);
    const lines = flows.map((f) => JSON.stringify(f));
    expect(lines.join('\n').length).toBeGreaterThan(2 * MIB); // several reads of the buffer
    for (const content of [lines.join('\n') + '\n', lines.join('\r\n') + '\r\n', lines.join('\n')]) {
      const got = await replayFile(write(content));
      expect(got).toEqual(want);
    }
    expect(want.flows).toBe(9000);
    expect(want.status.drift).toBeGreaterThan(0);
  });

  test('an over-long line and a merely long one are per-line errors between good records', async () => {
    const good = JSON.stringify(flows[0]);
    const long = JSON.stringify({ ...flows[1], daemon: 'd'.repeat(70_000) }); // > 65,536 characters
    const over = 'x'.repeat(OVERSIZE_LINE_BYTES + 3);
    const s = await replayFile(write([good, long, good, over, good].join('\n')));
    expect(s.flows).toBe(3);
    expect(s.invalid).toBe(2);
    expect(s.errors.map((e) => e.line)).toEqual([2, 4]);
    expect(s.errors[0].problems[0].message).toMatch(/characters long; at most 65536/);
    expect(s.errors[1].problems[0].message).toBe(
      `the record is ${OVERSIZE_LINE_BYTES + 3} bytes long; at most 65536`,
    );
  });
});
