/**
 * Durations as users type them for TTLs and expiry windows: `90s`, `30m`, `24h`, `7d`, `1h30m`
 * (Go-style units, no spaces). Returns milliseconds, or a reason when the text is not a duration.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): { ok: true; ms: number } | { ok: false; message: string } {
  const t = text.trim();
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let ms = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    ms += Number(m[1]) * UNIT_MS[m[2]];
    matched = re.lastIndex;
  }
  if (t === '' || matched !== t.length) {
    return {
      ok: false,
      message: `"${text}" is not a duration; use a number with a unit: 90s, 30m, 24h, 7d, 1h30m`,
    };
  }
  return { ok: true, ms: Math.round(ms) };
}

/** "43 minutes", "2 hours", "3 days" — the largest unit that fits, rounded down. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (abs < 60_000) return plural(Math.floor(abs / 1000), 'second');
  if (abs < 3_600_000) return plural(Math.floor(abs / 60_000), 'minute');
  if (abs < 2 * 86_400_000) {
    const h = Math.floor(abs / 3_600_000);
    const min = Math.floor((abs % 3_600_000) / 60_000);
    return min && h < 10 ? `${plural(h, 'hour')} ${plural(min, 'minute')}` : plural(h, 'hour');
  }
  return plural(Math.floor(abs / 86_400_000), 'day');
}

/** "expires in 43 minutes" / "expired 2 hours ago" relative to `now`. */
export function relativeTime(when: Date, now: Date, future: string, past: string): string {
  const diff = when.getTime() - now.getTime();
  return diff >= 0 ? `${future} in ${formatDuration(diff)}` : `${past} ${formatDuration(diff)} ago`;
}
