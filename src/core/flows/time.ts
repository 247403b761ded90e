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

/** Value of the `w` decimal digits at b[i]; -1 when one is not a digit. */
function digits(b: Uint8Array, i: number, w: number): number {
  let v = 0;
  for (let k = i; k < i + w; k++) {
    const c = b[k] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Epoch ms of a canonical time `YYYY-MM-DDTHH:MM:SS.mmmZ` (what `toISOString()` writes) in the
 * bytes b[s, s + len), or NaN when it is not one or not a real date (the caller then uses Date.parse).
 */
export function canonicalTimeMs(b: Uint8Array, s: number, len: number): number {
  if (len !== 24) return NaN;
  if (b[s + 4] !== 45 || b[s + 7] !== 45 || b[s + 10] !== 84 || b[s + 13] !== 58 || b[s + 16] !== 58)
    return NaN;
  if (b[s + 19] !== 46 || b[s + 23] !== 90) return NaN;
  const y = digits(b, s, 4);
  const mo = digits(b, s + 5, 2);
  const d = digits(b, s + 8, 2);
  const h = digits(b, s + 11, 2);
  const mi = digits(b, s + 14, 2);
  const sec = digits(b, s + 17, 2);
  const ms = digits(b, s + 20, 3);
  if (
    y < 0 ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    h < 0 ||
    h > 23 ||
    mi < 0 ||
    mi > 59 ||
    sec < 0 ||
    sec > 59 ||
    ms < 0
  )
    return NaN;
  if (d > (mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo])) return NaN;
  return utcMs(y, mo, d, h, mi, sec, ms);
}

/** Epoch ms of a flow's time (RFC 3339, as the schema checks it); NaN when no such instant. */
export function flowTimeMs(time: string): number {
  if (time.length === 24) {
    const b = new Uint8Array(24);
    for (let i = 0; i < 24; i++) {
      const c = time.charCodeAt(i);
      b[i] = c < 128 ? c : 0; // not a digit nor a separator: not canonical
    }
    const ms = canonicalTimeMs(b, 0, 24);
    if (!Number.isNaN(ms)) return ms;
  }
  return Date.parse(time);
}
