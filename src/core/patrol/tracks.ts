/**
 * Per-worker tracks: every accepted fix, as parallel typed arrays (lon, lat in WGS-84 degrees,
 * t in epoch ms), append-only and in time order. A day at one fix per 10 s is 8 640 fixes per
 * worker; 500 workers over 8 hours is 1.44 million (the bench), so a fix must not cost an
 * object, and a batch must not copy the tracks.
 *
 * Purity (the app reducer is `(state, action) => state`): a `TrackStore` value is immutable as
 * far as anyone can see, but its buffers are shared with the stores derived from it.
 * - `appendFixes` returns a new store (version + 1, new `lengths`) and writes only *past* the
 *   fixes any existing store can see; it never rewrites a fix. So an older store stays a valid
 *   view of exactly the fixes it had, up to its own `lengths`.
 * - Buffers grow by doubling (amortised O(1) per fix). The grown buffer replaces the old one in
 *   the shared track; the old buffer is then never written again, so slices handed out earlier
 *   (subarrays of it) stay valid too.
 * - Appending to an older store whose track a newer store already extended (a replay, an undo,
 *   a test branching from one state twice) would write over the newer store's fixes; the track is
 *   then copied up to the older store's length first (copy on branch), so no store ever sees a fix
 *   it was not given. In the app's straight-line use this copy never happens.
 *
 * Queries return subarrays (no copy): callers must not write into them.
 */
import type { TrackArrays } from './visits';

/** Fixes a new track has room for before it first grows (1 h at one fix per 10 s is 360). */
export const INITIAL_TRACK_CAPACITY = 64;

/**
 * The shared buffers of one worker's track. Internal: mutated only by appendFixes, and only past
 * `filled`; read through a TrackStore, which says how many of the fixes are its own.
 */
export interface TrackBuffers {
  lon: Float64Array;
  lat: Float64Array;
  t: Float64Array;
  /** Fixes written into the buffers so far, by any store sharing them. */
  filled: number;
}

/** All workers' tracks as one store sees them. Treat as immutable; update with appendFixes. */
export interface TrackStore {
  /** @internal shared buffers, see the module comment. */
  readonly buffers: ReadonlyMap<string, TrackBuffers>;
  /** How many fixes of each worker's track belong to this store. */
  readonly lengths: ReadonlyMap<string, number>;
  /** Bumped by every appendFixes that adds a fix: a cheap change test for memoised views. */
  readonly version: number;
  /** Fixes in all tracks. */
  readonly totalFixes: number;
}

/** One fix to append. */
export interface TrackFix {
  workerId: string;
  /** WGS-84 degrees. */
  lon: number;
  lat: number;
  /** Epoch ms; must be after the worker's last fix. */
  t: number;
}

/** A worker's fixes (a time range of them): parallel arrays of `length` fixes, in time order. */
export interface TrackSlice extends TrackArrays {
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** Epoch ms, strictly increasing. */
  readonly t: Float64Array;
  readonly length: number;
}

const EMPTY = new Float64Array(0);
const EMPTY_SLICE: TrackSlice = { lon: EMPTY, lat: EMPTY, t: EMPTY, length: 0 };

/** A store with no tracks. */
export function emptyTrackStore(): TrackStore {
  return { buffers: new Map(), lengths: new Map(), version: 0, totalFixes: 0 };
}

function newBuffers(capacity: number): TrackBuffers {
  return { lon: new Float64Array(capacity), lat: new Float64Array(capacity), t: new Float64Array(capacity), filled: 0 };
}

/** A new set of buffers holding the first `length` fixes of `from`, with room for at least `capacity`. */
function copyOf(from: TrackBuffers, length: number, capacity: number): TrackBuffers {
  const to = newBuffers(Math.max(capacity, INITIAL_TRACK_CAPACITY));
  to.lon.set(from.lon.subarray(0, length));
  to.lat.set(from.lat.subarray(0, length));
  to.t.set(from.t.subarray(0, length));
  to.filled = length;
  return to;
}

/**
 * A store with the fixes appended to their workers' tracks (in the order given). Returns `store`
 * itself when `fixes` is empty.
 *
 * @throws RangeError when a fix is not after its worker's last fix, or has a non-finite value:
 *   a track is in time order by construction (./positions.ts checkPosition refuses stale fixes
 *   before they get here), so this is a bug in the caller, not bad data.
 */
export function appendFixes(store: TrackStore, fixes: readonly TrackFix[]): TrackStore {
  if (fixes.length === 0) return store;
  const buffers = new Map(store.buffers);
  const lengths = new Map(store.lengths);
  // Buffers this call may write past: new, copied, or shared with no store ahead of this one.
  const writable = new Set<string>();
  for (const f of fixes) {
    if (!Number.isFinite(f.lon) || !Number.isFinite(f.lat) || !Number.isFinite(f.t)) {
      throw new RangeError(`track fix of ${f.workerId} is not finite (${f.lon}, ${f.lat}, ${f.t})`);
    }
    const id = f.workerId;
    const length = lengths.get(id) ?? 0;
    let b = buffers.get(id);
    if (length > 0 && b && f.t <= b.t[length - 1]) {
      throw new RangeError(`track fix of ${id} at ${f.t} is not after its last fix at ${b.t[length - 1]}`);
    }
    if (!b) {
      b = newBuffers(INITIAL_TRACK_CAPACITY);
      buffers.set(id, b);
      writable.add(id);
    } else if (!writable.has(id)) {
      if (b.filled !== length) {
        // A newer store already wrote past our length: branch off a copy (module comment).
        b = copyOf(b, length, length * 2);
        buffers.set(id, b);
      }
      writable.add(id);
    }
    if (length === b.t.length) {
      // Full: double. The old arrays are left as they are for the stores and slices holding them.
      const grown = copyOf(b, length, length * 2);
      Object.assign(b, grown); // the shared record now points at the new arrays
    }
    b.lon[length] = f.lon;
    b.lat[length] = f.lat;
    b.t[length] = f.t;
    b.filled = length + 1;
    lengths.set(id, length + 1);
  }
  return { buffers, lengths, version: store.version + 1, totalFixes: store.totalFixes + fixes.length };
}

/** How many fixes a worker's track has in this store (0 for an unknown worker). */
export function trackLength(store: TrackStore, workerId: string): number {
  return store.lengths.get(workerId) ?? 0;
}

/** Workers with at least one fix, in first-fix order. */
export function trackedWorkers(store: TrackStore): string[] {
  return [...store.lengths.keys()];
}

/** The first index in t[0, n) whose time is at or after `ms` (n when none). */
function lowerBound(t: Float64Array, n: number, ms: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A worker's fixes with `fromMs <= t < toMs` (epoch ms; defaults: the whole track), without
 * copying: O(log n) by binary search on the time-ordered track. Do not write into the arrays.
 */
export function fixesBetween(store: TrackStore, workerId: string, fromMs = -Infinity, toMs = Infinity): TrackSlice {
  const b = store.buffers.get(workerId);
  const n = store.lengths.get(workerId) ?? 0;
  if (!b || n === 0 || !(fromMs < toMs)) return EMPTY_SLICE;
  // Read the arrays once: a later append may swap them in the shared record for grown copies,
  // which hold the same first n fixes, so either is right; one of them must be used for all three.
  const { lon, lat, t } = b;
  const i = lowerBound(t, n, fromMs);
  const j = toMs === Infinity ? n : lowerBound(t, n, toMs);
  if (i >= j) return EMPTY_SLICE;
  return { lon: lon.subarray(i, j), lat: lat.subarray(i, j), t: t.subarray(i, j), length: j - i };
}

/** A worker's latest fix in this store, or undefined when it has none. */
export function latestFix(store: TrackStore, workerId: string): { lon: number; lat: number; t: number } | undefined {
  const b = store.buffers.get(workerId);
  const n = store.lengths.get(workerId) ?? 0;
  if (!b || n === 0) return undefined;
  return { lon: b.lon[n - 1], lat: b.lat[n - 1], t: b.t[n - 1] };
}

/** Every tracked worker's latest fix in this store, by worker id. */
export function latestFixes(store: TrackStore): Map<string, { lon: number; lat: number; t: number }> {
  const out = new Map<string, { lon: number; lat: number; t: number }>();
  for (const id of store.lengths.keys()) {
    const f = latestFix(store, id);
    if (f) out.set(id, f);
  }
  return out;
}
