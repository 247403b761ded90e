/**
 * storedResourceJson writes a list item from the stored text without parsing it: it must give exactly
 * `JSON.stringify(toStoredResource(record))`, for every body the store writes (any labels and
 * annotations, strings that look like JSON inside) and for bodies it did not write (server-set keys
 * already there, another namespace, no metadata, spaces), which it must parse instead.
 */
import fc from 'fast-check';
import path from 'node:path';
import { loadValidators } from '../../src/io/validators';
import { openStore, storedResourceJson, toStoredResource, type ResourceRecord } from '../../src/server/store';
import { writeDocument } from '../../src/server/writes';
import { tempDir } from '../helpers/cli';

const now = () => new Date('2026-01-02T03:04:05.678Z');

/** Strings that stress a scan of JSON text: quotes, backslashes, braces, keys the scan looks for. */
const tricky = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    '"',
    '\\',
    '\\"',
    '{',
    '}',
    '[]',
    '"metadata":{',
    ',"namespace":"x"',
    '"uid":',
    'é ✓ \u2028',
    '}}]]',
  ),
);
const labelKey = fc.constantFrom('app', 'tier', 'uid', 'namespace', 'metadata', 'resourceVersion', 'a.b/c');

describe('storedResourceJson', () => {
  test('every stored body: the same text as JSON.stringify(toStoredResource(record))', () => {
    const store = openStore(path.join(tempDir('riptides-stored-json-'), 'controlplane.db'), now);
    const validators = loadValidators();
    let n = 0;
    let compared = 0;
    fc.assert(
      fc.property(
        fc.dictionary(labelKey, fc.stringMatching(/^[a-z0-9]([a-z0-9._-]{0,8}[a-z0-9])?$/), { maxKeys: 4 }),
        fc.dictionary(labelKey, tricky, { maxKeys: 4 }),
        fc.constantFrom('default', 'team-a', 'riptides-system'),
        (labels, annotations, namespace) => {
          const name = `svc-${n++}`;
          const doc = {
            apiVersion: 'core.riptides.io/v1alpha1',
            kind: 'Service',
            metadata: { name, namespace, labels, annotations },
            spec: { addresses: [{ address: `${name}.internal`, port: 443 }], labels: { app: name } },
          };
          // Only documents the store accepts are stored; the others need no answer.
          let stored = true;
          try {
            store.transaction(() =>
              writeDocument(store, doc, { dryRun: false, now, validation: { validators } }),
            );
          } catch {
            stored = false;
          }
          if (!stored) return;
          const record = store.get('Service', namespace, name) as ResourceRecord;
          expect(storedResourceJson(record)).toBe(JSON.stringify(toStoredResource(record)));
          compared++;
        },
      ),
      { numRuns: 300, seed: 24 },
    );
    expect(n).toBe(300);
    expect(compared).toBeGreaterThan(150); // most generated documents are valid and stored
    store.close();
  });

  test('bodies the store did not write are parsed, giving the same text', () => {
    const base: ResourceRecord = {
      kind: 'Service',
      namespace: 'default',
      name: 'a',
      uid: 'u-1',
      resourceVersion: '7',
      generation: 2,
      creationTimestamp: '2026-01-02T03:04:05Z',
      updateTimestamp: '2026-01-02T03:04:05Z',
      workloadID: null,
      body: '',
    };
    for (const body of [
      // server-set keys already in the metadata (toStoredResource overwrites them in place)
      '{"apiVersion":"v","kind":"Service","metadata":{"name":"a","namespace":"default","uid":"old"},"spec":{}}',
      '{"apiVersion":"v","kind":"Service","metadata":{"name":"a","namespace":"default","generation":1},"spec":{}}',
      // another namespace in the body than in the record
      '{"apiVersion":"v","kind":"Service","metadata":{"name":"a","namespace":"other"},"spec":{}}',
      // no metadata object at all
      '{"apiVersion":"v","kind":"Service","spec":{}}',
      '{"apiVersion":"v","kind":"Service","metadata":null,"spec":{}}',
      // no namespace in the body
      '{"apiVersion":"v","kind":"Service","metadata":{"name":"a"},"spec":{}}',
      // metadata after spec; a spec field named metadata
      '{"apiVersion":"v","kind":"Service","spec":{"metadata":{"x":1}},"metadata":{"name":"a","namespace":"default"}}',
      // spaces (not written by JSON.stringify)
      '{ "apiVersion": "v", "kind": "Service", "metadata": { "name": "a", "namespace": "default" }, "spec": {} }',
      // a value that reads like the metadata key
      '{"apiVersion":"\\"metadata\\":{","kind":"Service","metadata":{"name":"a","namespace":"default"},"spec":{}}',
    ]) {
      const record = { ...base, body };
      expect({ body, text: storedResourceJson(record) }).toEqual({
        body,
        text: JSON.stringify(toStoredResource(record)),
      });
    }
  });
});
