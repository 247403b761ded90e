/**
 * In-process fan-out of committed changes to watchers, with a bounded history. SQLite keeps its
 * whole change history here (a process restart starts a new history: older versions get 410);
 * PostgreSQL keeps history in its `changes` table and uses the hub only to fan out.
 */
import { matchesWatchFilter, type WatchEvent, type WatchFilter } from './types';

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

  publish(event: WatchEvent, remember = true): void {
    if (remember) {
      this.events.push(event);
      if (this.events.length > this.keep) {
        const dropped = this.events.splice(0, this.events.length - this.keep);
        this.floor = BigInt(dropped[dropped.length - 1].resourceVersion);
      }
    }
    for (const listener of this.listeners) listener(event);
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
