/**
 * In-process fan-out of committed changes to watchers, with a bounded history. SQLite keeps its
 * whole change history here (a process restart starts a new history: older versions get 410);
 * PostgreSQL keeps history in its `changes` table and uses the hub only to fan out.
 */
import { toStoredResource, type ResourceRecord } from './sqlite';
import { matchesWatchFilter, type WatchEvent, type WatchFilter } from './types';

/** The watch event of a deletion: the resource as it was, with the deletion's resourceVersion. */
export function deletionEvent(record: ResourceRecord, resourceVersion: string): WatchEvent {
  return { type: 'DELETED', resourceVersion, object: toStoredResource({ ...record, resourceVersion }) };
}

export class ChangeHub {
  private readonly events: WatchEvent[] = [];
  private readonly listeners = new Set<(event: WatchEvent) => void>();
  /** Every change after this version is in `events`. */
  private floor: bigint;

  constructor(
    startVersion: bigint,
    private readonly keep = 10_000,
  ) {
    this.floor = startVersion;
  }

  /**
   * The history holds at least `keep` changes and at most an eighth more: the oldest are dropped in
   * one go when it is full. Dropping one per change moved the whole list on every write once
   * `keep` were reached (22 µs of a 376 µs PUT at 10,000 kept).
   */
  publish(event: WatchEvent, remember = true): void {
    if (remember) {
      this.events.push(event);
      if (this.events.length > this.keep + (this.keep >> 3)) {
        const dropped = this.events.splice(0, this.events.length - this.keep);
        this.floor = BigInt(dropped[dropped.length - 1].resourceVersion);
      }
    }
    for (const listener of this.listeners) listener(event);
  }

  /** How many changes the history holds (between `keep` and an eighth more once it filled). */
  get size(): number {
    return this.events.length;
  }

  since(resourceVersion: bigint, filter: WatchFilter): WatchEvent[] | 'gone' {
    if (resourceVersion < this.floor) return 'gone';
    // Binary search for the first event after resourceVersion.
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (BigInt(this.events[mid].resourceVersion) <= resourceVersion) lo = mid + 1;
      else hi = mid;
    }
    return this.events.slice(lo).filter((e) => matchesWatchFilter(e, filter));
  }

  subscribe(listener: (event: WatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
