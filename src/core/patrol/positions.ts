/**
 * Live grid-worker positions (人在格中走): each accepted position message of the feed is checked
 * against the worker's own last fix and the district, kept in the worker's track, and shown as the
 * worker's latest position. The rule: bad positions (NaN, out of range, jumps faster than
 * 50 m/s, timestamps in the future, unknown worker) are rejected with a reason and counted, never
 * drawn. Ingest (core/feed/ingest.ts) has already dropped malformed messages and repeats by
 * worker + fix time; what is judged here needs the district and the track.
 *
 * Tracks and purity: the app reducer must stay `(state, action) => state`, yet copying every track
 * per batch would cost O(fixes) per message. A track is therefore an append-only set of arrays
 * shared between states, and each PatrolState records how many fixes of it are its own
 * (`lengths`): an older state still reads exactly the prefix it had. Appending to a track that a
 * newer state already extended (a replay branching from an old state) copies the prefix first, so
 * no state ever sees fixes it did not receive.
 */
import { convertLngLat } from '../crs';
import type { PositionMessage } from '../feed/protocol';
import type { GridCode, LngLat } from '../model';

/** The fastest a worker can move between two fixes (m/s): faster is a GPS jump, not a walk or a ride. */
export const MAX_SPEED_MPS = 50;
/** How far ahead of the receiving clock a fix may be stamped (ms): phones' clocks drift. */
export const FUTURE_TOLERANCE_MS = 2 * 60_000;
/** A worker's latest fix older than this is drawn as stale (grey) (ms). */
export const STALE_AFTER_MS = 2 * 60_000;
/** Rejections kept for the UI (the oldest go first). */
export const MAX_POSITION_REJECTIONS_KEPT = 200;

export type PositionRejectCode = 'bad_coordinates' | 'unknown_worker' | 'future' | 'too_fast' | 'stale';
export const POSITION_REJECT_CODES: readonly PositionRejectCode[] = ['bad_coordinates', 'unknown_worker', 'future', 'too_fast', 'stale'];

export interface PositionRejection {
  code: PositionRejectCode;
  workerId: string;
  /** The fix time as sent (ISO). */
  at: string;
  params: Record<string, string | number>;
}

/** A worker's last accepted fix. */
export interface Fix {
  lngLat: LngLat;
  /** Epoch ms. */
  t: number;
  /** m/s and degrees from north, when the sender gave them. */
  speed?: number;
  heading?: number;
  accuracyM?: number;
  /** The leaf unit holding the fix (micro-grid or dedicated grid), null outside every grid. */
  unit: GridCode | null;
}

const EARTH_R = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance (m) between two WGS-84 positions. */
export function haversineM(a: LngLat, b: LngLat): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type PositionCheck = { ok: true; lngLat: LngLat; t: number } | { ok: false; rejection: PositionRejection };

/**
 * Judges one position message: its WGS-84 place and time, or why it is refused. `last` is the
 * worker's last accepted fix; `knownWorker` whether the district's staff has this id; `nowMs` the
 * receiving clock.
 */
export function checkPosition(message: PositionMessage, last: Fix | undefined, knownWorker: boolean, nowMs: number): PositionCheck {
  const refuse = (code: PositionRejectCode, params: Record<string, string | number> = {}): PositionCheck => ({
    ok: false,
    rejection: { code, workerId: message.worker_id, at: message.at, params },
  });
  const t = Date.parse(message.at);
  const { lon, lat } = message;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 || !Number.isFinite(t)) {
    return refuse('bad_coordinates', { lon: String(lon), lat: String(lat) });
  }
  if (!knownWorker) return refuse('unknown_worker');
  if (t > nowMs + FUTURE_TOLERANCE_MS) return refuse('future', { aheadS: Math.round((t - nowMs) / 1000) });
  const lngLat: LngLat = message.crs && message.crs !== 'wgs84' && message.crs !== 'cgcs2000' ? convertLngLat([lon, lat], message.crs, 'wgs84') : [lon, lat];
  if (last) {
    if (t <= last.t) return refuse('stale');
    const metres = haversineM(last.lngLat, lngLat);
    const speed = metres / ((t - last.t) / 1000);
    if (speed > MAX_SPEED_MPS) return refuse('too_fast', { speed: Math.round(speed), metres: Math.round(metres) });
  }
  return { ok: true, lngLat, t };
}

/** A worker's fixes, append-only, shared between states (see the module comment). */
export interface Track {
  lon: number[];
  lat: number[];
  t: number[];
}

export interface PatrolState {
  tracks: ReadonlyMap<string, Track>;
  /** How many fixes of each track belong to this state. */
  lengths: ReadonlyMap<string, number>;
  latest: ReadonlyMap<string, Fix>;
  rejected: readonly PositionRejection[];
  rejectCounts: Readonly<Record<PositionRejectCode, number>>;
  accepted: number;
  /** Bumped on every change. */
  revision: number;
}

export function initialPatrolState(): PatrolState {
  return {
    tracks: new Map(),
    lengths: new Map(),
    latest: new Map(),
    rejected: [],
    rejectCounts: { bad_coordinates: 0, unknown_worker: 0, future: 0, too_fast: 0, stale: 0 },
    accepted: 0,
    revision: 0,
  };
}

export interface PatrolContext {
  knownWorker(id: string): boolean;
  /** The leaf unit holding a WGS-84 position, or null. */
  locate(p: LngLat): GridCode | null;
  nowMs: number;
}

/**
 * Applies accepted position messages (in arrival order): each is checked, appended to its
 * worker's track and becomes the worker's latest fix, or is counted and kept as a rejection.
 */
export function positionsReceived(state: PatrolState, messages: readonly PositionMessage[], ctx: PatrolContext): PatrolState {
  if (messages.length === 0) return state;
  const tracks = new Map(state.tracks);
  const lengths = new Map(state.lengths);
  const latest = new Map(state.latest);
  const rejected: PositionRejection[] = [];
  const counts = { ...state.rejectCounts };
  let accepted = 0;
  const owned = new Set<string>(); // tracks this call already made its own
  for (const m of messages) {
    const check = checkPosition(m, latest.get(m.worker_id), ctx.knownWorker(m.worker_id), ctx.nowMs);
    if (!check.ok) {
      counts[check.rejection.code]++;
      rejected.push(check.rejection);
      continue;
    }
    const id = m.worker_id;
    let track = tracks.get(id);
    const length = lengths.get(id) ?? 0;
    if (!track) {
      track = { lon: [], lat: [], t: [] };
      tracks.set(id, track);
      owned.add(id);
    } else if (!owned.has(id) && track.t.length !== length) {
      // Another state already appended past our prefix: branch off a copy.
      track = { lon: track.lon.slice(0, length), lat: track.lat.slice(0, length), t: track.t.slice(0, length) };
      tracks.set(id, track);
      owned.add(id);
    }
    track.lon.push(check.lngLat[0]);
    track.lat.push(check.lngLat[1]);
    track.t.push(check.t);
    lengths.set(id, length + 1);
    latest.set(id, {
      lngLat: check.lngLat,
      t: check.t,
      ...(m.speed !== undefined ? { speed: m.speed } : {}),
      ...(m.heading !== undefined ? { heading: m.heading } : {}),
      ...(m.accuracy_m !== undefined ? { accuracyM: m.accuracy_m } : {}),
      unit: ctx.locate(check.lngLat),
    });
    accepted++;
  }
  const allRejected = rejected.length === 0 ? state.rejected : [...state.rejected, ...rejected].slice(-MAX_POSITION_REJECTIONS_KEPT);
  return { tracks, lengths, latest, rejected: allRejected, rejectCounts: counts, accepted: state.accepted + accepted, revision: state.revision + 1 };
}

/** A worker's fixes in [fromMs, toMs) as this state has them (copies). */
export function trackOf(state: PatrolState, workerId: string, fromMs = -Infinity, toMs = Infinity): { lon: number[]; lat: number[]; t: number[] } {
  const track = state.tracks.get(workerId);
  const n = state.lengths.get(workerId) ?? 0;
  const out = { lon: [] as number[], lat: [] as number[], t: [] as number[] };
  if (!track) return out;
  for (let i = 0; i < n; i++) {
    const t = track.t[i];
    if (t < fromMs || t >= toMs) continue;
    out.lon.push(track.lon[i]);
    out.lat.push(track.lat[i]);
    out.t.push(t);
  }
  return out;
}

export interface WorkerPositionView {
  workerId: string;
  fix: Fix;
  /** The latest fix is older than STALE_AFTER_MS. */
  stale: boolean;
  /** The fix is outside the worker's own unit (and everything below it). */
  outsideOwnGrid: boolean;
}

/**
 * Every worker's latest position at `nowMs`, with staleness and whether they are outside their
 * own unit. `ownGrid` gives a worker's unit; `within(unit, grid)` whether a unit is that grid or
 * lies below it.
 */
export function latestPositions(
  state: PatrolState,
  nowMs: number,
  ownGrid: (workerId: string) => GridCode | null,
  within: (unit: GridCode, grid: GridCode) => boolean,
): WorkerPositionView[] {
  const out: WorkerPositionView[] = [];
  for (const [workerId, fix] of state.latest) {
    const own = ownGrid(workerId);
    const outside = own !== null && (fix.unit === null || !within(fix.unit, own));
    out.push({ workerId, fix, stale: nowMs - fix.t > STALE_AFTER_MS, outsideOwnGrid: outside });
  }
  return out.sort((a, b) => (a.workerId < b.workerId ? -1 : 1));
}
