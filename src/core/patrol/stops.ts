/**
 * Stops in a worker's track (issue 5 "show a worker's track … with stops"): where they stayed
 * put, wherever that was, as opposed to visits (./visits.ts), which are stays at a building's
 * entrance. A stop is a run of consecutive fixes each within `radiusM` of the running centroid of
 * the fixes before it in the run, lasting at least `minStayMs`; a fix gap longer than `maxGapMs`
 * ends it (the phone was off: no claim about where the worker was).
 *
 * The centroid, not the run's first fix, is the anchor because GPS jitter scatters a standing
 * worker's fixes around where they stand: measured from a first fix that happened to land at one
 * edge of the scatter, a fix at the other edge would be twice the jitter away and split the stop.
 */
import type { TrackArrays } from './visits';

/** Default radius (m): a phone's fix standing still wanders ~5–15 m. */
export const STOP_RADIUS_M = 20;
/** Default least stay (ms): shorter is waiting at a crossing, not a stop. */
export const STOP_MIN_STAY_MS = 2 * 60_000;
/** Default longest gap between fixes inside one stop (ms). */
export const STOP_MAX_GAP_MS = 5 * 60_000;

export interface TrackStop {
  /** First and last fix of the stop (epoch ms). */
  startT: number;
  endT: number;
  /** Mean position of its fixes (WGS-84). */
  lon: number;
  lat: number;
  fixes: number;
}

export interface StopOptions {
  /** Fixes within this many metres of the run's centroid stay in the stop (default STOP_RADIUS_M). */
  radiusM?: number;
  /** A run shorter than this (ms, first to last fix) is no stop (default STOP_MIN_STAY_MS). */
  minStayMs?: number;
  /** A longer gap (ms) between two fixes ends the run (default STOP_MAX_GAP_MS). */
  maxGapMs?: number;
}

const M_PER_DEG = 6_371_008.8 * (Math.PI / 180);

/**
 * The stops of one track, in time order; they never overlap. O(n) per fix at worst (a run that
 * fails to last is retried from its next fix), O(n) in practice.
 *
 * @example
 * trackStops(fixesBetween(store, workerId, from, to)) // [{ startT, endT, lon, lat, fixes }, …]
 */
export function trackStops(track: TrackArrays, options: StopOptions = {}): TrackStop[] {
  const radius = options.radiusM ?? STOP_RADIUS_M;
  const minStay = options.minStayMs ?? STOP_MIN_STAY_MS;
  const maxGap = options.maxGapMs ?? STOP_MAX_GAP_MS;
  if (!(radius > 0) || !(minStay >= 0) || !(maxGap > 0)) throw new RangeError('stop radius and gap must be positive, the stay not negative');
  const { lon, lat, t } = track;
  const n = t.length;
  const r2 = radius * radius;
  const stops: TrackStop[] = [];
  let i = 0;
  while (i < n) {
    // A local metric frame at fix i: metres east (x) and north (y) of it.
    const kx = M_PER_DEG * Math.cos((lat[i] * Math.PI) / 180);
    let sumX = 0;
    let sumY = 0;
    let count = 1;
    let j = i + 1;
    while (j < n && t[j] - t[j - 1] <= maxGap) {
      const x = (lon[j] - lon[i]) * kx;
      const y = (lat[j] - lat[i]) * M_PER_DEG;
      const dx = x - sumX / count;
      const dy = y - sumY / count;
      if (dx * dx + dy * dy > r2) break;
      sumX += x;
      sumY += y;
      count++;
      j++;
    }
    // Fixes i … j-1 each stayed within the radius of the centroid of those before them.
    if (count >= 2 && t[j - 1] - t[i] >= minStay) {
      stops.push({ startT: t[i], endT: t[j - 1], lon: lon[i] + sumX / count / kx, lat: lat[i] + sumY / count / M_PER_DEG, fixes: count });
      i = j;
    } else i++;
  }
  return stops;
}
