/**
 * Per-worker figures for a time window, from the worker's track (issue 5 "Per worker: distance
 * walked, time in own grid, time outside it"). Buildings visited come from ./visits.ts.
 *
 * Between two consecutive fixes the worker is taken to move in a straight line at constant speed
 * and to stay where the earlier fix placed them (inside or outside the own grid) until the next:
 * the earlier fix is the last thing known. A pair of fixes further apart than
 * STATS_MAX_GAP_MS is a gap (phone off, no signal, a break), not a walk: it adds neither
 * distance nor time, so a worker who switches off at one end of the grid and on at the other is
 * not credited with the crossing. A pair that straddles an edge of the window counts for the part
 * inside it, distance pro rata, so consecutive windows add up to the whole.
 */
import type { LngLat } from '../model';
import { haversineM } from './positions';
import type { TrackArrays } from './visits';

/** Fixes further apart than this (ms) are a gap in the track, not a walk between them. */
export const STATS_MAX_GAP_MS = 5 * 60_000;

export interface WorkerStats {
  /** Metres walked in the window (haversine between fixes, gaps skipped). */
  distanceM: number;
  /** Time (ms) in the window with the worker inside their own grid. */
  insideOwnGridMs: number;
  /** Time (ms) in the window with the worker tracked but outside their own grid. */
  outsideOwnGridMs: number;
  /** Time (ms) in the window not covered by the track: before the first fix, after the last, in gaps. */
  untrackedMs: number;
  /** Fixes with fromMs <= t < toMs. */
  fixes: number;
}

/**
 * Distance and time inside / outside the own grid of one worker's track over [fromMs, toMs)
 * (epoch ms). Pass the whole track (e.g. tracks.ts `fixesBetween(store, id)`), or at least the
 * fixes from the last one before `fromMs` to the first one at or after `toMs`, so the pairs that
 * straddle the window's edges are counted.
 *
 * @param track one worker's fixes in time order: WGS-84 degrees, epoch ms
 * @param inOwnGrid whether a WGS-84 position is in the worker's own grid (or a unit below it);
 *   called once per fix that opens a counted interval
 * @param maxGapMs fixes further apart are a gap (default STATS_MAX_GAP_MS)
 */
export function workerStats(
  track: TrackArrays,
  fromMs: number,
  toMs: number,
  inOwnGrid: (lngLat: LngLat) => boolean,
  maxGapMs: number = STATS_MAX_GAP_MS,
): WorkerStats {
  const windowMs = Math.max(0, toMs - fromMs);
  const stats: WorkerStats = { distanceM: 0, insideOwnGridMs: 0, outsideOwnGridMs: 0, untrackedMs: windowMs, fixes: 0 };
  if (windowMs === 0) return stats;
  const { lon, lat, t } = track;
  const n = t.length;
  for (let i = 0; i < n; i++) if (t[i] >= fromMs && t[i] < toMs) stats.fixes++;
  for (let i = 0; i + 1 < n; i++) {
    const t0 = t[i];
    const t1 = t[i + 1];
    if (t1 <= fromMs) continue;
    if (t0 >= toMs) break;
    const span = t1 - t0;
    if (!(span > 0) || span > maxGapMs) continue;
    const overlap = Math.min(t1, toMs) - Math.max(t0, fromMs);
    if (overlap <= 0) continue;
    const a: LngLat = [lon[i], lat[i]];
    stats.distanceM += haversineM(a, [lon[i + 1], lat[i + 1]]) * (overlap / span);
    if (inOwnGrid(a)) stats.insideOwnGridMs += overlap;
    else stats.outsideOwnGridMs += overlap;
  }
  stats.untrackedMs = windowMs - stats.insideOwnGridMs - stats.outsideOwnGridMs;
  return stats;
}
