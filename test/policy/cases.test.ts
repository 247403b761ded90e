/**
 * Data-driven connection cases (test/policy/cases/*.yaml): each file holds resources, a scenario and
 * connections with the wanted verdict, path and reason codes. Also checks invariants of every result.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  evaluateConnection,
  parseEndpoint,
  REASONS,
  resolveRef,
  STAGES,
  TRACE_EVENTS,
} from '../../src/core/policy';
import { toYamlSnippet } from '../../src/printers/yaml-snippet';
import { connectionResultToJson } from '../../src/printers/connection-json';
import { listCaseFiles, loadCaseFile, snapshotOf } from './helpers';

const seenReasons = new Set<string>();
const seenEvents = new Set<string>();

for (const file of listCaseFiles()) {
  const c = loadCaseFile(file);
  const snapshot = snapshotOf(c);
  describe(path.basename(file), () => {
    for (const want of c.cases) {
      test(want.name, () => {
        const to = parseEndpoint(want.to)!;
        const r = evaluateConnection(snapshot, { from: want.from, to });
        r.reasons.forEach((x) => seenReasons.add(x));
        r.steps.forEach((s) => seenEvents.add(s.event));
        expect(r.verdict).toBe(want.verdict);
        if (want.path !== undefined) expect(r.path).toBe(want.path);
        if (want.reasons !== undefined) expect(r.reasons).toEqual(want.reasons);
        if (want.mode !== undefined) expect(r.tls.mode).toBe(want.mode);
        if (want.version !== undefined) expect(r.tls.version).toBe(want.version);
        if (want.sourceIdentity !== undefined) expect(r.source.identity).toBe(want.sourceIdentity);
        if (want.destinationIdentity !== undefined)
          expect(r.destination.identity).toBe(want.destinationIdentity);
        if (want.service !== undefined) expect(r.destination.service).toBe(want.service);
        if (want.nearestMissScope) {
          const step = r.steps.find((s) => s.stage === 'source-identity' && s.nearestMisses);
          expect(step?.nearestMisses?.[0]?.scope).not.toBeNull();
          expect(step?.nearestMisses?.[0]?.distance).toBe(1);
        }

        // Invariants of every traced result.
        for (const s of r.steps) expect([s.event, s.stage]).toEqual([s.event, TRACE_EVENTS[s.event]]);
        const stages = r.steps.map((s) => STAGES.indexOf(s.stage));
        expect(stages).toEqual([...stages].sort((a, b) => a - b));
        expect(new Set(r.steps.map((s) => s.stage))).toEqual(new Set(STAGES));
        for (const code of r.reasons) expect(REASONS.map((x) => x.code)).toContain(code);
        if (r.verdict === 'PLAINTEXT' || r.verdict === 'REJECTED') {
          expect(r.hints.length).toBeGreaterThan(0);
          expect(r.hints.some((h) => h.snippet !== undefined && toYamlSnippet(h.snippet).length > 0)).toBe(
            true,
          );
        } else {
          expect(r.steps.filter((s) => s.outcome === 'fail')).toEqual([]);
        }
        for (const s of r.steps) for (const ref of s.refs) expect(resolveRef(ref).line).toBeGreaterThan(0);
        const json = connectionResultToJson(r);
        expect(Object.keys(json)).toEqual([
          'verdict',
          'path',
          'tls',
          'source',
          'destination',
          'reasons',
          'steps',
          'hints',
        ]);

        // The fast (untraced) mode decides exactly the same.
        const fast = evaluateConnection(snapshot, { from: want.from, to }, { trace: false });
        expect({ ...fast, steps: [], hints: [] }).toEqual({ ...r, steps: [], hints: [] });
      });
    }
  });
}

describe('reason catalog', () => {
  test('every reason code has a documentation page', () => {
    for (const r of REASONS) {
      expect(fs.existsSync(path.join(__dirname, '..', '..', r.docs))).toBe(true);
      expect(r.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });
  test('every reason code is produced by at least one case', () => {
    expect([...seenReasons].sort()).toEqual(REASONS.map((r) => r.code).sort());
  });
});

describe('trace events (src/core/policy/trace.ts)', () => {
  test('every event code is recorded by at least one case', () => {
    expect([...seenEvents].sort()).toEqual(Object.keys(TRACE_EVENTS).sort());
  });
});
