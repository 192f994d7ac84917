/**
 * CONTRACT STUB (owner: allocation-engine helper). The spatial allocation engine: which grid a new
 * building (a point or a footprint) belongs to. Pure; runs in a Web Worker and in Node.
 */
import type { MultiPolygon, Point, Polygon } from 'geojson';

/** One grid as given by a boundary file. Units sharing an `id` are treated as one grid. */
export interface GridInput {
  id: string;
  geometry: Polygon | MultiPolygon;
}

/** A grid (or part of one) the index could not use as given, and what was done about it. */
export interface GridProblem {
  /** Index of the input in the array passed to buildGridIndex. */
  index: number;
  id: string;
  kind: 'invalid_geometry' | 'self_intersection' | 'overlap';
  /** 'repaired' when a maintained library could fix it, 'skipped' when the grid was left out, 'kept' when only flagged. */
  action: 'repaired' | 'skipped' | 'kept';
  reason: string;
}

export interface AllocationOptions {
  /** A point (or footprint) outside every grid joins the nearest grid within this many metres. Default 200. */
  nearestM?: number;
}

/**
 * - point: `inside` (contained), `nearest` (outside every grid, nearest within nearestM), `outside`.
 * - footprint: `inside` (one grid holds ≥ 99.9% of it), `straddles` (two or more grids),
 *   `partly_outside` (part of it lies in no grid), `outside` (no overlap; then nearest as for points).
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
}

export interface GridIndex {
  /** Number of distinct grid ids indexed. */
  readonly size: number;
}

/** Indexes the grids once (bucket grid + flat typed arrays). Never throws on bad grids: see problems. */
export function buildGridIndex(grids: readonly GridInput[]): { index: GridIndex; problems: GridProblem[] } {
  void grids;
  throw new Error('not implemented');
}

/** Allocates one item. Never throws: bad geometry gives status 'invalid' with a reason. */
export function allocate(index: GridIndex, geometry: Point | Polygon | MultiPolygon | null, options?: AllocationOptions): AllocationResult {
  void index; void geometry; void options;
  throw new Error('not implemented');
}

/** Fast path for many points: grid ids (or null) for interleaved [lon, lat, lon, lat, …]. */
export function locatePoints(index: GridIndex, coords: Float64Array): (string | null)[] {
  void index; void coords;
  throw new Error('not implemented');
}
