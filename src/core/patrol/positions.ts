/**
 * Checking one live grid-worker position (人在格中走) before it is kept. The rule: bad
 * positions (NaN, out of range, jumps faster than 50 m/s, timestamps in the future, unknown
 * worker) are rejected with a reason and counted, never drawn. Ingest (core/feed/ingest.ts) has
 * already refused malformed messages and repeats; what is judged here needs the district's staff,
 * the worker's last accepted fix and the receiving clock, which ingest does not have.
 *
 * Pure and stateless: the state that remembers last fixes, tracks and rejection counts is
 * ./patrol-state.ts; the tracks themselves are ./tracks.ts.
 */
import { convertLngLat } from '../crs';
import { parseFeedTime, type PositionMessage } from '../feed/protocol';
import type { GridCode, LngLat } from '../model';

/** The fastest a worker may move between two fixes (m/s, 180 km/h): faster is a GPS jump, not a walk or a ride. */
export const MAX_SPEED_MPS = 50;
/** How far ahead of the receiving clock a fix may be stamped (ms): phones' clocks drift a little. */
export const FUTURE_TOLERANCE_MS = 2 * 60_000;

/** Why a position was refused; the UI translates the code and fills in the params. */
export type PositionRejectCode = 'bad_coordinates' | 'unknown_worker' | 'future' | 'too_fast' | 'stale' | 'unknown_building' | 'unknown_grid';
/** The last two are for visit and report messages (protocol v2), which are judged alongside positions. */
export const POSITION_REJECT_CODES: readonly PositionRejectCode[] = [
  'bad_coordinates',
  'unknown_worker',
  'future',
  'too_fast',
  'stale',
  'unknown_building',
  'unknown_grid',
];

/** A refused position, as counted and listed. */
export interface PositionRejection {
  code: PositionRejectCode;
  /** What was refused; absent means a position (rejections kept before protocol v2). */
  kind?: 'position' | 'visit' | 'report';
  /** The worker (for a report: its sender). */
  workerId: string;
  /** The fix time as sent (ISO 8601). */
  at: string;
  /**
   * What the reason sentence needs, per code: bad_coordinates `{lon, lat}` (as text, NaN
   * included); future `{aheadS}` (seconds ahead of now); too_fast `{speedMps, metres, seconds}`;
   * stale `{behindS}` (seconds before the last accepted fix, 0 for the same instant);
   * unknown_building `{buildingId}`; unknown_grid `{gridCode}`.
   */
  params: Record<string, string | number>;
}

/**
 * A worker's last accepted fix: all that checking the next one needs. Located fixes
 * (./patrol-state.ts `Fix`) extend it.
 */
export interface LastFix {
  /** WGS-84 degrees. */
  lngLat: LngLat;
  /** Epoch ms. */
  t: number;
}

/** A worker's latest accepted fix, located in its leaf unit, with what the sender added. */
export interface Fix extends LastFix {
  /** Ground speed (m/s), when sent. */
  speed?: number;
  /** Degrees clockwise from true north, when sent. */
  heading?: number;
  /** Horizontal accuracy (m, 1 sigma), when sent. */
  accuracyM?: number;
  /** The leaf unit holding the fix (micro-grid or dedicated grid); null outside every unit. */
  unit: GridCode | null;
}

export type PositionCheck = { ok: true; lngLat: LngLat; t: number } | { ok: false; rejection: PositionRejection };

/** Mean Earth radius (m), IUGG; the same as coverage.ts uses. */
const EARTH_R_M = 6_371_008.8;
const RAD = Math.PI / 180;

/**
 * Great-circle distance (m) between two WGS-84 positions (haversine). Within a district the
 * error against the ellipsoid is below 0.5 %, far inside the 50 m/s margin it judges.
 *
 * @example haversineM([113.6, 34.75], [113.6, 34.751]) ≈ 111.2
 */
export function haversineM(a: LngLat, b: LngLat): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_R_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

const finiteIn = (n: number, min: number, max: number): boolean => Number.isFinite(n) && n >= min && n <= max;

/**
 * Judges one position message: its WGS-84 place and epoch-ms time, or why it is refused.
 *
 * Checks run in this order, so one reason is given even when several apply: bad_coordinates
 * (NaN, ±Infinity, out of range, or an unreadable time), unknown_worker, future (more than
 * FUTURE_TOLERANCE_MS ahead of `nowMs`), stale (not after `last.t`: an equal time is a repeat and
 * would divide by zero below), too_fast (over MAX_SPEED_MPS from `last`, haversine).
 *
 * A GCJ-02 or BD-09 fix (Chinese phone SDKs) is converted to WGS-84 first, so the speed and every
 * later use see one datum; CGCS2000 is WGS-84 to within centimetres and is kept as is.
 *
 * @param last the worker's last accepted fix, undefined for the first
 * @param knownWorker whether the district's staff has `message.worker_id`
 * @param nowMs the receiving clock (epoch ms)
 */
export function checkPosition(last: LastFix | undefined, message: PositionMessage, knownWorker: boolean, nowMs: number): PositionCheck {
  const refuse = (code: PositionRejectCode, params: Record<string, string | number> = {}): PositionCheck => ({
    ok: false,
    rejection: { code, workerId: message.worker_id, at: message.at, params },
  });
  const { lon, lat } = message;
  // Messages built in code (tests, the demo) bypass the protocol parser, so NaN can reach here.
  const t = parseFeedTime(message.at);
  if (!finiteIn(lon, -180, 180) || !finiteIn(lat, -90, 90) || t === null) {
    return refuse('bad_coordinates', { lon: String(lon), lat: String(lat) });
  }
  if (!knownWorker) return refuse('unknown_worker');
  if (t > nowMs + FUTURE_TOLERANCE_MS) return refuse('future', { aheadS: Math.round((t - nowMs) / 1000) });
  const crs = message.crs;
  const lngLat: LngLat = crs === 'gcj02' || crs === 'bd09' ? convertLngLat([lon, lat], crs, 'wgs84') : [lon, lat];
  if (last) {
    if (t <= last.t) return refuse('stale', { behindS: Math.round((last.t - t) / 1000) });
    const metres = haversineM(last.lngLat, lngLat);
    const seconds = (t - last.t) / 1000;
    const speed = metres / seconds;
    if (speed > MAX_SPEED_MPS) {
      return refuse('too_fast', { speedMps: Math.round(speed), metres: Math.round(metres), seconds: Math.round(seconds * 10) / 10 });
    }
  }
  return { ok: true, lngLat, t };
}
