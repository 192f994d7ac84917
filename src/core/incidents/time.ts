/**
 * Small time helpers for incidents. Cases carry ISO 8601 strings with an offset (what feeds and
 * operators write); arithmetic happens on epoch milliseconds, and results are written back in the
 * offset of the time they were computed from, so a deadline derived from a +08:00 registration
 * reads as Beijing time too.
 */
import { parseFeedTime } from '../feed/protocol';

/** Milliseconds in an hour. */
export const HOUR_MS = 3_600_000;

/**
 * Epoch milliseconds of an ISO 8601 time with an offset (`Z` or `±hh:mm`), or null when it is not
 * one (a time without an offset is ambiguous, so it is refused rather than read as local time).
 *
 * @example parseIso('2024-05-01T08:00:00+08:00') === Date.UTC(2024, 4, 1, 0, 0)
 */
export function parseIso(iso: string): number | null {
  return parseFeedTime(iso);
}

/** The offset of an ISO time in minutes east of UTC (`Z` → 0); 0 when it cannot be read. */
export function offsetMinutesOf(iso: string): number {
  const m = /(?:Z|([+-])(\d{2}):(\d{2}))$/.exec(iso);
  if (!m || m[1] === undefined) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Writes epoch milliseconds as ISO 8601 in the given offset (minutes east of UTC): `Z` for 0,
 * otherwise `±hh:mm`. Milliseconds are written only when there are some.
 *
 * @example formatIso(Date.UTC(2024, 4, 1, 0, 0), 480) === '2024-05-01T08:00:00+08:00'
 */
export function formatIso(ms: number, offsetMinutes = 0): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const frac = d.getUTCMilliseconds();
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac ? `.${pad(frac, 3)}` : ''}`;
  if (offsetMinutes === 0) return `${date}T${clock}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${date}T${clock}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * `iso` plus `hours` (may be fractional or negative), in the same offset; null when `iso` is not a
 * valid time.
 *
 * @example addHours('2024-05-01T08:00:00+08:00', 2) === '2024-05-01T10:00:00+08:00'
 */
export function addHours(iso: string, hours: number): string | null {
  const ms = parseIso(iso);
  if (ms === null) return null;
  return formatIso(ms + hours * HOUR_MS, offsetMinutesOf(iso));
}
