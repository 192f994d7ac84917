/**
 * The patrol coverage report the app shows (issue 5): for a time window, coverage per unit at
 * every level, buildings visited, days since each building's last visit, per-worker figures, a
 * gap image for the map, and a daily trend. One pure function over plain data, so the renderer
 * runs it in a Web Worker (progress posted back) and tests run it in Node.
 *
 * CONTRACT (written before the implementation): the types below are what the worker, the state
 * and the UI agree on. Change them only together with every user.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { Entrance, GridCode, GridKind, GridLevel } from '../model';
import type { CoverageTrackInput } from './coverage';
import type { ReportedVisit } from './patrol-state';
import type { WorkerStats } from './worker-stats';

/** One grid unit of the district, as the report needs it. */
export interface CoverageUnitInput {
  code: GridCode;
  level: GridLevel;
  kind: GridKind;
  parentCode: GridCode | null;
  geometry: Polygon | MultiPolygon;
}

/** One building: its leaf unit and entrances (visits are stays at an entrance). */
export interface CoverageBuildingInput {
  id: string;
  gridCode: GridCode;
  entrances: readonly Entrance[];
  households: number;
}

/** A field worker and the grid they answer for (Staff.gridCode). */
export interface CoverageWorkerInput {
  id: string;
  gridCode: GridCode | null;
}

export interface CoverageInputs {
  units: readonly CoverageUnitInput[];
  buildings: readonly CoverageBuildingInput[];
  workers: readonly CoverageWorkerInput[];
  /** Whole tracks (not cut to the window): visits before the window give "days since last visit". */
  tracks: readonly CoverageTrackInput[];
  /** Explicit visit messages; each counts as a visit of its building at its time. */
  reportedVisits: readonly ReportedVisit[];
}

export interface CoverageRequest {
  /** Window [from, to) in epoch ms. */
  from: number;
  to: number;
  /** The clock "days since last visit" and the trend are measured at (epoch ms). */
  nowMs: number;
  /** Radius around walked paths that counts as covered (m). */
  radiusM: number;
  /** Raster cell (m); default COVERAGE_CELL_M. */
  cellM?: number;
  /** A visit is a stay within visitRadiusM of an entrance for at least visitMinStayMs. */
  visitRadiusM: number;
  visitMinStayMs: number;
  /** Buildings not visited for this many days (or never) are gaps. */
  unvisitedDays: number;
  /** Daily coverage of levels 1–3 for this many China days ending on nowMs's day (0: no trend). */
  trendDays: number;
  /** The gap image's longest side at most this many pixels (default 2048). */
  maxImagePx?: number;
}

export interface UnitCoverage {
  code: GridCode;
  level: GridLevel;
  /** Exact area (m²) and the part within radiusM of a walked path in the window. */
  areaM2: number;
  coveredM2: number;
  /** coveredM2 / areaM2, in [0, 1]. */
  coveredShare: number;
  /** Buildings in the unit (at any depth) and those visited in the window. */
  buildings: number;
  visitedBuildings: number;
  /** visitedBuildings / buildings; null when the unit has no buildings. */
  visitedShare: number | null;
  /** Buildings in the unit not visited for unvisitedDays or more (or never). */
  unvisitedBuildings: number;
}

export interface BuildingVisitState {
  buildingId: string;
  /** Latest visit start at or before nowMs (from tracks or messages); null: never. */
  lastVisitMs: number | null;
  /** Whole days from lastVisitMs to nowMs; null: never visited. */
  daysSince: number | null;
  /** Visits that began inside the window. */
  visitsInWindow: number;
  /** daysSince is null or >= unvisitedDays: drawn on the gap layer. */
  gap: boolean;
}

export interface WorkerActivity extends WorkerStats {
  workerId: string;
  ownGrid: GridCode | null;
  /** Visits (found and reported) that began in the window, and distinct buildings among them. */
  visits: number;
  buildingsVisited: number;
}

/**
 * The parts of the units not walked, as an RGBA image for a MapLibre image source: a pixel is
 * GAP_RGBA when its centre is inside some unit and not covered, transparent otherwise. Corners
 * are [lng, lat] in MapLibre's order: top-left, top-right, bottom-right, bottom-left.
 */
export interface CoverageGapImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
  corners: [[number, number], [number, number], [number, number], [number, number]];
}

/** Daily coverage share per unit of levels 1–3, oldest day first. */
export interface CoverageTrend {
  /** China days, YYYY-MM-DD. */
  dates: string[];
  /** Share per date (same order as dates), in [0, 1]. */
  byUnit: Record<GridCode, number[]>;
}

export interface CoverageReport {
  from: number;
  to: number;
  nowMs: number;
  radiusM: number;
  unvisitedDays: number;
  /** Every unit of the inputs, in input order. */
  units: UnitCoverage[];
  buildings: BuildingVisitState[];
  /** Every worker of the inputs, in input order. */
  workers: WorkerActivity[];
  gapImage: CoverageGapImage | null;
  trend: CoverageTrend;
  /** Fixes in the window and how long the computation took (ms). */
  fixesInWindow: number;
  elapsedMs: number;
}

/** Progress in [0, 1] with what is being done, for the UI's progress bar. */
export interface CoverageReportProgress {
  fraction: number;
  phase: 'visits' | 'coverage' | 'trend' | 'image';
}

/** Pixel colour of a gap (not walked): translucent red. */
export const GAP_RGBA: readonly [number, number, number, number] = [220, 38, 38, 110];

/**
 * Computes the report. Throws RangeError on a bad request (from >= to, radius <= 0, …), naming
 * the field. Pure and synchronous; `onProgress` is called often enough for a progress bar.
 */
export function computeCoverageReport(
  inputs: CoverageInputs,
  request: CoverageRequest,
  onProgress?: (progress: CoverageReportProgress) => void,
): CoverageReport {
  void inputs;
  void request;
  void onProgress;
  throw new Error('computeCoverageReport: not implemented yet');
}
