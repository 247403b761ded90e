/**
 * The SQLite change feed's in-memory history (ChangeHub): every change after its floor is kept, a
 * version before the floor is 'gone', and the history stays bounded however many changes pass.
 */
import { ChangeHub } from '../../src/server/store/change-hub';
import type { StoredResource } from '../../src/core/wire/types';
import type { WatchEvent } from '../../src/server/store/types';

function change(version: number, namespace = 'default'): WatchEvent {
  return {
    type: 'ADDED',
    resourceVersion: String(version),
    object: { kind: 'Service', metadata: { name: `s-${version}`, namespace } } as unknown as StoredResource,
  };
}

const versions = (events: WatchEvent[] | 'gone') =>
  events === 'gone' ? 'gone' : events.map((e) => Number(e.resourceVersion));

test('keeps at least `keep` changes: everything after a kept version is returned, older ones are gone', () => {
  const hub = new ChangeHub(0n, 16);
  for (let v = 1; v <= 1000; v++) {
    hub.publish(change(v));
    // The last 16 changes (or all, before there are 16) are always there, in order.
    const n = Math.min(v, 16);
    expect(versions(hub.since(BigInt(v - n), {}))).toEqual(
      Array.from({ length: n }, (_, i) => v - n + 1 + i),
    );
    expect(hub.size).toBeLessThanOrEqual(16 + 2);
    expect(hub.size).toBeGreaterThanOrEqual(Math.min(v, 16));
  }
  expect(hub.since(1n, {})).toBe('gone');
  expect(hub.since(500n, {})).toBe('gone');
  // The oldest version still answered gives exactly the history after it.
  const oldest = 1000 - hub.size;
  expect(versions(hub.since(BigInt(oldest), {}))).toHaveLength(hub.size);
  expect(hub.since(BigInt(oldest - 1), {})).toBe('gone');
});

test('a filter selects within the history; changes not remembered still reach listeners', () => {
  const hub = new ChangeHub(0n, 100);
  const seen: string[] = [];
  const off = hub.subscribe((e) => seen.push(e.resourceVersion));
  for (let v = 1; v <= 10; v++) hub.publish(change(v, v % 2 ? 'odd' : 'even'), v !== 10);
  expect(versions(hub.since(0n, { namespace: 'odd' }))).toEqual([1, 3, 5, 7, 9]);
  expect(versions(hub.since(0n, {}))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  off();
  hub.publish(change(11));
  expect(seen).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
});

test('a history of 10,000 after 100,000 changes: bounded, and still answering for its last 10,000', () => {
  const hub = new ChangeHub(0n, 10_000);
  for (let v = 1; v <= 100_000; v++) hub.publish(change(v));
  expect(hub.size).toBeGreaterThanOrEqual(10_000);
  expect(hub.size).toBeLessThanOrEqual(10_000 + 10_000 / 8);
  expect(hub.since(89_999n, {})).not.toBe('gone');
  expect(hub.since(80_000n, {})).toBe('gone');
});
