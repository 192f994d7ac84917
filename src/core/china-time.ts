/**
 * China Standard Time (+08:00, no daylight saving) for the centre's days and clocks. A duty
 * roster, the daily report (零上报), "today" and "this week" follow the centre's day whatever the
 * machine's time zone, so they are computed from epoch ms with this fixed offset, never with the
 * runtime's local time.
 */

/** China Standard Time, minutes east of UTC. */
export const CHINA_OFFSET_MINUTES = 480;
/** The same in ms. */
export const CHINA_OFFSET_MS = CHINA_OFFSET_MINUTES * 60_000;
export const DAY_MS = 86_400_000;

/** The China day holding `ms`, as whole days since 1970-01-01 (+08:00). */
export function chinaDay(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of 00:00 China time of China day `day` (see chinaDay). */
export function chinaDayStartMs(day: number): number {
  return day * DAY_MS - CHINA_OFFSET_MS;
}

/** Epoch ms of 00:00 China time on the China day holding `ms`. */
export function chinaDayStart(ms: number): number {
  return chinaDayStartMs(chinaDay(ms));
}

/** Monday 00:00 China time of the week holding `ms`. */
export function chinaWeekStart(ms: number): number {
  const day = chinaDay(ms);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counted from Monday = 0.
  return chinaDayStartMs(day - ((day + 3) % 7));
}

/** The China wall clock at `ms`, "YYYY-MM-DDTHH:MM:SS" (slice it for the date or the time). */
export function chinaWallClock(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19);
}

/** `ms` as ISO 8601 with the +08:00 offset, to the second. */
export function chinaIso(ms: number): string {
  return `${chinaWallClock(ms)}+08:00`;
}
