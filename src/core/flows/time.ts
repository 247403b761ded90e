/**
 * Flow times (RFC 3339 with a zone, as the schema checks them) as epoch milliseconds. The canonical
 * form daemons write (`toISOString()`) is read digit by digit: Date.parse on a million flows cost more
 * than the rest of a pair's bookkeeping.
 */
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of a valid proleptic Gregorian UTC date-time (days from civil, as ECMAScript counts). */
function utcMs(y: number, m: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return days * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Epoch ms of a canonical time `YYYY-MM-DDTHH:MM:SS.mmmZ` (what `toISOString()` writes) read through
 * `at(i)` (a char code), or NaN when it is not one or not a real date (the caller then uses Date.parse).
 */
export function canonicalTimeMs(at: (i: number) => number, len: number): number {
  if (len !== 24) return NaN;
  let bad = 0;
  const n = (i: number, w: number) => {
    let v = 0;
    for (let k = i; k < i + w; k++) {
      const c = at(k) - 48;
      if (c < 0 || c > 9) bad = 1;
      v = v * 10 + c;
    }
    return v;
  };
  if (at(4) !== 45 || at(7) !== 45 || at(10) !== 84 || at(13) !== 58 || at(16) !== 58) return NaN;
  if (at(19) !== 46 || at(23) !== 90) return NaN;
  const y = n(0, 4),
    mo = n(5, 2),
    d = n(8, 2),
    h = n(11, 2),
    mi = n(14, 2),
    s = n(17, 2),
    ms = n(20, 3);
  if (bad || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return NaN;
  if (d > (mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo])) return NaN;
  return utcMs(y, mo, d, h, mi, s, ms);
}

/** Epoch ms of a flow's time (RFC 3339, as the schema checks it); NaN when no such instant. */
export function flowTimeMs(time: string): number {
  const ms = canonicalTimeMs((i) => time.charCodeAt(i), time.length);
  return Number.isNaN(ms) ? Date.parse(time) : ms;
}
