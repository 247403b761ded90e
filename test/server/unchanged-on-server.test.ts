/**
 * `ctl apply` does not send a document the control plane would answer `unchanged` to
 * (unchangedOnServer, src/core/apply/plan.ts, judged against the live object it read). Its answer
 * must be the server's own: for generated edits of stored documents, the client's verdict against
 * the object as the API returns it equals what the server's write path decides for the same
 * document.
 */
import fc from 'fast-check';
import path from 'node:path';
import { unchangedOnServer } from '../../src/core/apply/plan';
import { loadValidators } from '../../src/io/validators';
import { ProblemError } from '../../src/server/problem';
import { openStore, storedResourceJson } from '../../src/server/store';
import { writeDocument } from '../../src/server/writes';
import { tempDir } from '../helpers/cli';

const now = () => new Date('2026-01-02T03:04:05.678Z');

type Doc = {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
};

/** The same keys in reverse order, at every level. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .reverse()
      .map(([k, v]) => [k, reversed(v)]),
  );
}

/** Edits of a stored document, some of which the server calls a change and some not. */
const EDITS: Array<[string, (d: Doc, rv: string) => void]> = [
  ['none', () => {}],
  [
    'keys reordered',
    (d) => {
      const r = reversed({ ...d }) as Doc;
      for (const k of Object.keys(d)) delete (d as Record<string, unknown>)[k];
      Object.assign(d, r);
    },
  ],
  ['a label added', (d) => (d.metadata.labels = { ...(d.metadata.labels as object), extra: 'x' })],
  ['labels removed', (d) => delete d.metadata.labels],
  ['labels emptied', (d) => (d.metadata.labels = {})],
  ['annotations emptied', (d) => (d.metadata.annotations = {})],
  ['an annotation added', (d) => (d.metadata.annotations = { note: 'n' })],
  ['the spec changed', (d) => (d.spec.addresses = [{ address: 'other.internal', port: 8443 }])],
  ['spec labels reordered', (d) => (d.spec.labels = reversed(d.spec.labels))],
  ['the current resourceVersion', (d, rv) => (d.metadata.resourceVersion = rv)],
  ['a stale resourceVersion', (d, rv) => (d.metadata.resourceVersion = String(Number(rv) - 1))],
  [
    'server-set metadata copied in',
    (d) =>
      Object.assign(d.metadata, { uid: 'u-x', generation: 9, creationTimestamp: '2020-01-01T00:00:00Z' }),
  ],
];

describe('unchangedOnServer', () => {
  test('agrees with the server on generated documents and edits', () => {
    const store = openStore(path.join(tempDir('riptides-unchanged-'), 'controlplane.db'), now);
    const validators = loadValidators();
    const seen = { unchanged: 0, changed: 0 };
    let n = 0;
    fc.assert(
      fc.property(
        fc.option(fc.dictionary(fc.constantFrom('app', 'tier', 'team'), fc.constantFrom('a', 'b', 'web')), {
          nil: undefined,
        }),
        fc.option(fc.dictionary(fc.constantFrom('owner', 'ticket'), fc.constantFrom('x', 'y z')), {
          nil: undefined,
        }),
        fc.constantFrom(...EDITS),
        (labels, annotations, [, edit]) => {
          const name = `svc-${n++}`;
          const base: Doc = {
            apiVersion: 'core.riptides.io/v1alpha1',
            kind: 'Service',
            metadata: { name, namespace: 'team-a' },
            spec: {
              addresses: [{ address: `${name}.internal`, port: 443 }],
              labels: { app: name, tier: 'web' },
            },
          };
          if (labels !== undefined) base.metadata.labels = labels;
          if (annotations !== undefined) base.metadata.annotations = annotations;
          const created = store.transaction(() =>
            writeDocument(store, base, { dryRun: false, now, validation: { validators } }),
          );
          const live = JSON.parse(storedResourceJson(created.record)) as unknown;
          const variant = JSON.parse(JSON.stringify(base)) as Doc;
          edit(variant, created.record.resourceVersion);
          let server: string;
          try {
            server = store.transaction(
              () => writeDocument(store, variant, { dryRun: true, now, validation: { validators } }).action,
            );
          } catch (err) {
            if (!(err instanceof ProblemError)) throw err;
            // Invalid documents never reach the send (checked locally first); a conflict is a change.
            if (err.problem.code === 'invalid') return;
            server = err.problem.code;
          }
          const client = unchangedOnServer(variant, live);
          expect({ client, server }).toEqual({ client: server === 'unchanged', server });
          seen[client ? 'unchanged' : 'changed']++;
        },
      ),
      { numRuns: 400, seed: 1203 },
    );
    // Both verdicts were met often.
    expect(seen.unchanged).toBeGreaterThan(50);
    expect(seen.changed).toBeGreaterThan(50);
    store.close();
  });
});
