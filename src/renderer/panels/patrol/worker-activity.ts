/**
 * The worker activity chart's figures: for each hour (or China day, for windows over 36 h) of the
 * coverage window, the time the worker was in their own grid, outside it, and untracked, and the
 * distance walked; core workerStats per bucket, so the buckets add up to the report's totals
 * when both locate fixes alike.
 *
 * Why this chart: a supervisor's question is "人在格中走": was the worker in their own grid during
 * the shift, when did they leave it, and when was the phone silent. Distance alone cannot say
 * that (a ride through another grid is many metres), so time in / out / untracked is drawn and
 * the distance is in each bar's tooltip.
 */
import { CHINA_OFFSET_MS, DAY_MS } from '@core/china-time';
import { fixesBetween, type TrackStore } from '@core/patrol/tracks';
import { STATS_MAX_GAP_MS, workerStats } from '@core/patrol/worker-stats';
import type { LngLat } from '@core/model';

const HOUR_MS = 3_600_000;
/** Windows up to this long are drawn per hour, longer ones per China day. */
export const HOURLY_UP_TO_MS = 36 * HOUR_MS;

export interface ActivityBucket {
  /** The bucket's bounds inside the window (epoch ms). */
  from: number;
  to: number;
  insideMs: number;
  outsideMs: number;
  untrackedMs: number;
  distanceM: number;
}

/** Hour buckets for windows up to HOURLY_UP_TO_MS, China-day buckets beyond. */
export function bucketMsFor(fromMs: number, toMs: number): number {
  return toMs - fromMs <= HOURLY_UP_TO_MS ? HOUR_MS : DAY_MS;
}

/**
 * One worker's activity over [fromMs, toMs) in buckets aligned to whole hours, or to China
 * midnight for day buckets; the first and last bucket are cut to the window.
 *
 * @param inOwnGrid whether a WGS-84 position is in the worker's own grid (or a unit below it)
 */
export function activityBuckets(store: TrackStore, workerId: string, fromMs: number, toMs: number, inOwnGrid: (lngLat: LngLat) => boolean, bucketMs = bucketMsFor(fromMs, toMs)): ActivityBucket[] {
  if (!(toMs > fromMs) || !(bucketMs > 0)) return [];
  // Hours are whole in China time too (UTC+8); days start at China midnight.
  const offset = bucketMs === DAY_MS ? CHINA_OFFSET_MS : 0;
  const buckets: ActivityBucket[] = [];
  for (let start = Math.floor((fromMs + offset) / bucketMs) * bucketMs - offset; start < toMs; start += bucketMs) {
    const from = Math.max(start, fromMs);
    const to = Math.min(start + bucketMs, toMs);
    // workerStats needs the fix before the bucket and the one after it; further ones are gaps anyway.
    const track = fixesBetween(store, workerId, from - STATS_MAX_GAP_MS, to + STATS_MAX_GAP_MS + 1);
    const s = workerStats(track, from, to, inOwnGrid);
    buckets.push({ from, to, insideMs: s.insideOwnGridMs, outsideMs: s.outsideOwnGridMs, untrackedMs: s.untrackedMs, distanceM: s.distanceM });
  }
  return buckets;
}
