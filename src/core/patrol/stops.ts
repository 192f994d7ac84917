/**
 * Stops in a worker's track (issue 5 "show a worker's track … with stops"): where they stayed
 * put, wherever that was, as opposed to visits (./visits.ts), which are stays at a building's
 * entrance. A stop is a run of consecutive fixes within `radiusM` of the run's first fix lasting
 * at least `minStayMs`; a fix gap longer than `maxGapMs` ends it (the phone was off: no claim
 * about where the worker was).
 */
import type { TrackArrays } from './visits';

export const STOP_RADIUS_M = 20;
export const STOP_MIN_STAY_MS = 2 * 60_000;
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

const M_PER_DEG = 6_371_008.8 * (Math.PI / 180);

/** The stops of one track, in time order. */
export function trackStops(track: TrackArrays, options: { radiusM?: number; minStayMs?: number; maxGapMs?: number } = {}): TrackStop[] {
  const radius = options.radiusM ?? STOP_RADIUS_M;
  const minStay = options.minStayMs ?? STOP_MIN_STAY_MS;
  const maxGap = options.maxGapMs ?? STOP_MAX_GAP_MS;
  if (!(radius > 0) || !(minStay >= 0) || !(maxGap > 0)) throw new RangeError('stop radius and gap must be positive, the stay not negative');
  const { lon, lat, t } = track;
  const n = t.length;
  const stops: TrackStop[] = [];
  let i = 0;
  while (i < n) {
    const kx = M_PER_DEG * Math.cos((lat[i] * Math.PI) / 180);
    let j = i + 1;
    while (j < n && t[j] - t[j - 1] <= maxGap) {
      const dx = (lon[j] - lon[i]) * kx;
      const dy = (lat[j] - lat[i]) * M_PER_DEG;
      if (dx * dx + dy * dy > radius * radius) break;
      j++;
    }
    // Fixes i … j-1 stayed within the radius of fix i.
    if (t[j - 1] - t[i] >= minStay && j - i >= 2) {
      let sx = 0;
      let sy = 0;
      for (let k = i; k < j; k++) {
        sx += lon[k];
        sy += lat[k];
      }
      stops.push({ startT: t[i], endT: t[j - 1], lon: sx / (j - i), lat: sy / (j - i), fixes: j - i });
      i = j;
    } else i++;
  }
  return stops;
}
