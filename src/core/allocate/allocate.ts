/**
 * Allocation of one item (a point or a footprint) and of many points, over a built grid index.
 * See grid-index.ts for the edge rule.
 */
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { findSelfIntersection, interiorPoint, ringArea, type PolygonRings } from '../import/planar';
import { flatPolygon, isConvex, overlapAreaM2, polygonAreaM2, type FlatPolygon } from './clip';
import { asBuilt, M_PER_DEG_LAT, segmentDistance, type BuiltGridIndex, type GridIndex } from './grid-index';
import { readPolygons, readPosition } from './read-geometry';

export interface AllocationOptions {
  /** A point (or footprint) outside every grid joins the nearest grid within this many metres. Default 200. */
  nearestM?: number;
}

/** Default for AllocationOptions.nearestM, in metres. */
export const DEFAULT_NEAREST_M = 200;
/** A footprint with at least this share in one grid is `inside` it. */
export const INSIDE_SHARE = 0.999;
/** Overlaps below this share of the footprint are rounding, not straddling. */
const NEGLIGIBLE_SHARE = 1e-9;

/**
 * - point: `inside` (contained), `nearest` (outside every grid, nearest within nearestM), `outside`.
 * - footprint: `inside` (one grid holds ≥ 99.9% of it), `straddles` (two or more grids, ≥ 99.9%
 *   covered), `partly_outside` (more than 0.1% lies in no grid; takes precedence over
 *   `straddles`), `outside` (no overlap; then gridId is the nearest grid within nearestM, or null,
 *   and distanceM the gap in metres: the status stays `outside` so planners see it).
 * - `invalid`: the item's geometry could not be used; `reason` says why.
 */
export type AllocationStatus = 'inside' | 'nearest' | 'straddles' | 'partly_outside' | 'outside' | 'invalid';

export interface AllocationResult {
  /** Max-overlap grid for a footprint; containing or nearest grid for a point; null when unassigned. */
  gridId: string | null;
  /** The grid holding the item's point (a point's own position; a footprint's point-on-surface). */
  pointGridId: string | null;
  status: AllocationStatus;
  /** Fraction of the footprint inside `gridId` (1 for points, 0 when unassigned). */
  share: number;
  /** Footprint area in square metres (0 for points). */
  areaM2: number;
  /** Metres to `gridId` when assigned as nearest; 0 when inside. */
  distanceM: number;
  /** For `invalid`, and explanations ("on the edge of A and B: goes to A by rule …"). */
  reason?: string;
  /** Footprints: every grid it overlaps, largest first (ties by id), with the share in it. */
  overlaps?: { gridId: string; share: number }[];
  /** Footprints: the point-on-surface used for pointGridId, [lon, lat]. */
  surfacePoint?: [number, number];
  /** Clipping errors met (the slow path threw); the shares then leave out those grids. */
  clipErrors?: number;
}

const invalid = (reason: string): AllocationResult => ({
  gridId: null,
  pointGridId: null,
  status: 'invalid',
  share: 0,
  areaM2: 0,
  distanceM: 0,
  reason,
});

function nearestMOf(options?: AllocationOptions): number {
  const m = options?.nearestM;
  return typeof m === 'number' && Number.isFinite(m) && m >= 0 ? m : DEFAULT_NEAREST_M;
}

/** Allocates one item. Never throws: bad geometry gives status 'invalid' with a reason. */
export function allocate(index: GridIndex, geometry: Point | Polygon | MultiPolygon | null, options?: AllocationOptions): AllocationResult {
  const built = asBuilt(index);
  if (!built) return invalid('index was not made by buildGridIndex');
  try {
    if (geometry === null || geometry === undefined) return invalid('geometry is missing');
    if (typeof geometry !== 'object') return invalid('geometry is malformed');
    if (geometry.type === 'Point') return allocatePoint(built, geometry.coordinates, nearestMOf(options));
    if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') return allocateFootprint(built, geometry, nearestMOf(options));
    return invalid(`wrong geometry type: ${String((geometry as { type?: unknown }).type)}`);
  } catch (e) {
    // Nothing above should throw; if it does the item is reported, not the run lost.
    return invalid(`internal error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function allocatePoint(index: BuiltGridIndex, coordinates: unknown, nearestM: number): AllocationResult {
  const p = readPosition(coordinates);
  if (!p.ok) return invalid(p.reason);
  const [x, y] = p.value;
  const rank = index.locateRank(x, y);
  if (rank >= 0) {
    const result: AllocationResult = { gridId: index.ids[rank], pointGridId: index.ids[rank], status: 'inside', share: 1, areaM2: 0, distanceM: 0 };
    const holders = index.inDirtyCell(x, y) ? closedHolders(index, x, y) : [];
    if (holders.length > 1) {
      result.reason = `on the boundary (or overlap) of ${holders.map((g) => index.ids[g]).join(', ')}: goes to ${index.ids[rank]}, the lowest id (edge rule)`;
    }
    return result;
  }
  const near = index.nearestRank(x, y, nearestM);
  if (near) {
    return {
      gridId: index.ids[near.rank],
      pointGridId: null,
      status: 'nearest',
      share: 1,
      areaM2: 0,
      distanceM: near.distanceM,
      reason: `outside every grid; nearest grid ${index.ids[near.rank]} is ${near.distanceM.toFixed(1)} m away (limit ${nearestM} m)`,
    };
  }
  return { gridId: null, pointGridId: null, status: 'outside', share: 0, areaM2: 0, distanceM: 0, reason: `no grid within ${nearestM} m` };
}

/** Ranks of every grid whose closed polygon holds (x, y), ascending. */
function closedHolders(index: BuiltGridIndex, x: number, y: number): number[] {
  const out = new Set<number>();
  for (const u of index.unitsNear(x, y, x, y)) if (index.unitLocate(u, x, y) !== 0) out.add(index.unitGrid[u]);
  return [...out].sort((a, b) => a - b);
}

function allocateFootprint(index: BuiltGridIndex, geometry: Polygon | MultiPolygon, nearestM: number): AllocationResult {
  const read = readPolygons(geometry);
  if (!read.ok) return invalid(read.reason);
  const polygons = read.value;
  const kink = findSelfIntersection(polygons);
  if (kink) return invalid(`footprint intersects itself at [${kink.at[0]}, ${kink.at[1]}]`);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const rings of polygons) {
    for (const p of rings[0]) {
      if (p[0] < x0) x0 = p[0];
      if (p[0] > x1) x1 = p[0];
      if (p[1] < y0) y0 = p[1];
      if (p[1] > y1) y1 = p[1];
    }
  }
  // Origin at the footprint's corner: offsets stay small, so clipping keeps full precision.
  const ox = x0;
  const oy = y0;
  const parts = polygons.map((rings) => flatPolygon(rings, ox, oy));
  let areaM2 = 0;
  for (const f of parts) areaM2 += polygonAreaM2(f, ox, oy);
  if (!(areaM2 > 0)) return invalid('footprint has zero area');

  // Point on surface: an interior point of the largest part (JTS's rule), never on its boundary.
  const largest = polygons.reduce((a, b) => (Math.abs(ringArea(b[0])) > Math.abs(ringArea(a[0])) ? b : a));
  const ip = interiorPoint(largest);
  const surface: [number, number] = ip ? [ip[0], ip[1]] : [largest[0][0][0], largest[0][0][1]];
  const pointRank = index.locateRank(surface[0], surface[1]);

  const byGrid = new Map<number, number>();
  // Wholly inside one grid's clean cells: the overlap is the whole footprint, no clipping needed.
  const sole = index.soleOwnerOfBox(x0, y0, x1, y1);
  if (sole >= 0) {
    return {
      gridId: index.ids[sole],
      pointGridId: index.ids[sole],
      status: 'inside',
      share: 1,
      areaM2,
      distanceM: 0,
      surfacePoint: surface,
      overlaps: [{ gridId: index.ids[sole], share: 1 }],
    };
  }
  let clipErrors = 0;
  const errors: string[] = [];
  const unitCache = new Map<number, FlatPolygon>();
  for (const u of index.unitsNear(x0, y0, x1, y1)) {
    let g = unitCache.get(u);
    if (!g) {
      g = unitFlat(index, u, ox, oy);
      unitCache.set(u, g);
    }
    let sum = 0;
    for (const f of parts) {
      const out = overlapAreaM2(f, g, ox, oy);
      if (out.error !== null) {
        clipErrors++;
        errors.push(`clipping against ${index.ids[index.unitGrid[u]]} failed: ${out.error}`);
      }
      sum += out.areaM2;
    }
    if (sum > 0) {
      // Parts of one grid are summed: exact for a grid whose parts do not overlap each other
      // (grids sharing an id are assumed to be pieces of one tiling).
      const rank = index.unitGrid[u];
      byGrid.set(rank, (byGrid.get(rank) ?? 0) + sum);
    }
  }
  const overlaps = [...byGrid.entries()]
    .map(([rank, a]) => ({ rank, share: Math.min(1, a / areaM2) }))
    .filter((o) => o.share > NEGLIGIBLE_SHARE)
    .sort((a, b) => b.share - a.share || a.rank - b.rank);
  const covered = overlaps.reduce((s, o) => s + o.share, 0);
  const base = {
    pointGridId: pointRank >= 0 ? index.ids[pointRank] : null,
    areaM2,
    surfacePoint: surface,
    overlaps: overlaps.map((o) => ({ gridId: index.ids[o.rank], share: o.share })),
    ...(clipErrors > 0 ? { clipErrors } : {}),
  };
  const errorNote = errors.length > 0 ? `; ${errors.join('; ')}` : '';
  if (overlaps.length === 0) {
    const near = nearestToFootprint(index, polygons, x0, y0, x1, y1, nearestM);
    if (near) {
      return {
        ...base,
        gridId: index.ids[near.rank],
        status: 'outside',
        share: 0,
        distanceM: near.distanceM,
        reason: `outside every grid; nearest grid ${index.ids[near.rank]} is ${near.distanceM.toFixed(1)} m away (limit ${nearestM} m)${errorNote}`,
      };
    }
    return { ...base, gridId: null, status: 'outside', share: 0, distanceM: 0, reason: `no grid within ${nearestM} m${errorNote}` };
  }
  const best = overlaps[0];
  const status: AllocationStatus = best.share >= INSIDE_SHARE ? 'inside' : covered < INSIDE_SHARE ? 'partly_outside' : 'straddles';
  const result: AllocationResult = { ...base, gridId: index.ids[best.rank], status, share: best.share, distanceM: 0 };
  if (status !== 'inside' || errorNote) {
    const list = overlaps.map((o) => `${index.ids[o.rank]} ${(o.share * 100).toFixed(1)}%`).join(', ');
    result.reason = `${list}${1 - covered >= 0.0005 ? `, no grid ${(Math.max(0, 1 - covered) * 100).toFixed(1)}%` : ''}: goes to the largest overlap${errorNote}`;
  }
  return result;
}

/** Convexity of each unit (translation-invariant, so computed once per index): 1, 0, or -1 unknown. */
const convexCache = new WeakMap<BuiltGridIndex, Int8Array>();

/** Unit u prepared for clipping about (ox, oy), straight from the typed arrays. */
function unitFlat(index: BuiltGridIndex, u: number, ox: number, oy: number): FlatPolygon {
  const rings: number[][] = [];
  for (let r = index.unitRingStart[u]; r < index.unitRingStart[u + 1]; r++) {
    const flat: number[] = [];
    for (let k = index.ringStart[r]; k + 1 < index.ringStart[r + 1]; k++) flat.push(index.xs[k] - ox, index.ys[k] - oy);
    rings.push(flat);
  }
  let cache = convexCache.get(index);
  if (!cache) {
    cache = new Int8Array(index.unitGrid.length).fill(-1);
    convexCache.set(index, cache);
  }
  if (cache[u] < 0) cache[u] = rings.length === 1 && isConvex(rings[0]) ? 1 : 0;
  return { rings, convex: cache[u] === 1, source: () => unitRings(index, u) };
}

/** Unit u's rings as GeoJSON positions. */
export function unitRings(index: BuiltGridIndex, u: number): PolygonRings {
  const rings: PolygonRings = [];
  for (let r = index.unitRingStart[u]; r < index.unitRingStart[u + 1]; r++) {
    const ring: [number, number][] = [];
    for (let k = index.ringStart[r]; k < index.ringStart[r + 1]; k++) ring.push([index.xs[k], index.ys[k]]);
    rings.push(ring);
  }
  return rings;
}

/**
 * Nearest grid to a footprint that overlaps none: the gap between the two boundaries in metres
 * (vertex-to-edge both ways, which is exact for disjoint polygons), in a local plane.
 */
function nearestToFootprint(
  index: BuiltGridIndex,
  polygons: PolygonRings[],
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  maxM: number,
): { rank: number; distanceM: number } | null {
  const cy = (y0 + y1) / 2;
  const kx = M_PER_DEG_LAT * Math.cos((cy * Math.PI) / 180);
  const ky = M_PER_DEG_LAT;
  const dx = maxM / Math.max(kx, 1e-9);
  const dy = maxM / ky;
  let best = -1;
  let bestD = Infinity;
  for (const u of index.unitsNear(x0 - dx, y0 - dy, x1 + dx, y1 + dy)) {
    let d = Infinity;
    for (const rings of polygons) {
      for (const ring of rings) {
        for (let i = 0; i + 1 < ring.length; i++) {
          d = Math.min(d, index.unitDistanceM(u, ring[i][0], ring[i][1], kx, ky));
        }
      }
    }
    for (let r = index.unitRingStart[u]; r < index.unitRingStart[u + 1]; r++) {
      for (let k = index.ringStart[r]; k + 1 < index.ringStart[r + 1]; k++) {
        const px = index.xs[k];
        const py = index.ys[k];
        for (const rings of polygons) {
          for (const ring of rings) {
            for (let i = 0; i + 1 < ring.length; i++) {
              const a = ring[i];
              const b = ring[i + 1];
              d = Math.min(d, segmentDistance((px - a[0]) * kx, (py - a[1]) * ky, (b[0] - a[0]) * kx, (b[1] - a[1]) * ky));
            }
          }
        }
      }
    }
    const g = index.unitGrid[u];
    if (d < bestD || (d === bestD && g < best)) {
      best = g;
      bestD = d;
    }
  }
  return best >= 0 && bestD <= maxM ? { rank: best, distanceM: bestD } : null;
}

/**
 * Fast path for many points: grid ids (or null) for interleaved [lon, lat, lon, lat, …]. A point
 * outside every grid gets the nearest grid within `nearestM` metres (default 200), as allocate
 * does; a NaN or out-of-range point gets null.
 */
export function locatePoints(index: GridIndex, coords: Float64Array, options?: AllocationOptions): (string | null)[] {
  const ranks = locatePointRanks(index, coords, options);
  const built = asBuilt(index);
  const out = new Array<string | null>(ranks.length);
  for (let i = 0; i < ranks.length; i++) out[i] = ranks[i] >= 0 && built ? built.ids[ranks[i]] : null;
  return out;
}

/**
 * The same as locatePoints as grid ranks (positions in `gridIds(index)`, -1 for none) in an
 * Int32Array: no strings made, for workers that post results back.
 */
export function locatePointRanks(index: GridIndex, coords: Float64Array, options?: AllocationOptions): Int32Array {
  const built = asBuilt(index);
  const n = coords.length >> 1;
  const out = new Int32Array(n).fill(-1);
  if (!built) return out;
  const nearestM = nearestMOf(options);
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i];
    const y = coords[2 * i + 1];
    let r = built.locateRank(x, y);
    if (r < 0) {
      if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) continue;
      const near = built.nearestRank(x, y, nearestM);
      r = near ? near.rank : -1;
    }
    out[i] = r;
  }
  return out;
}

/** Grid ids in rank order (the order locatePointRanks numbers them). */
export function gridIds(index: GridIndex): readonly string[] {
  return asBuilt(index)?.ids ?? [];
}

export interface AllocateAllOptions extends AllocationOptions {
  /** Called every `progressEvery` items (default 1,000) with items done and total, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
  /** Checked between items: when it returns true the run stops and returns what it has. */
  isCancelled?: () => boolean;
}

/**
 * Allocates many items in order (for a Web Worker): results[i] belongs to geometries[i]; a
 * cancelled run returns a shorter array. Never throws on bad items.
 */
export function allocateAll(
  index: GridIndex,
  geometries: readonly (Point | Polygon | MultiPolygon | null)[],
  options: AllocateAllOptions = {},
): AllocationResult[] {
  const every = Math.max(1, Math.floor(options.progressEvery ?? 1000));
  const out: AllocationResult[] = [];
  for (let i = 0; i < geometries.length; i++) {
    if (options.isCancelled?.()) break;
    out.push(allocate(index, geometries[i], options));
    if ((i + 1) % every === 0 || i + 1 === geometries.length) options.onProgress?.(i + 1, geometries.length);
  }
  return out;
}
