/**
 * The patrol coverage report the app shows (issue 5): for a time window, coverage per unit at
 * every level, buildings visited, days since each building's last visit, per-worker figures, a
 * gap image for the map, and a daily trend. One pure function over plain data, so the renderer
 * runs it in a Web Worker (progress posted back) and tests run it in Node.
 *
 * The types below are what the worker, the state and the UI agree on: change them only together
 * with every user.
 */
import { chinaDayStart, chinaWallClock, DAY_MS } from '../china-time';
import type { MultiPolygon, Polygon } from 'geojson';
import type { BuildingId, Entrance, GridCode, GridKind, GridLevel } from '../model';
import { computeCoverage, isCellCovered, toFrame, type CoverageRaster, type CoverageTrackInput } from './coverage';
import type { ReportedVisit } from './patrol-state';
import { findVisits, indexEntrances } from './visits';
import { workerStats, type WorkerStats } from './worker-stats';

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

const DEFAULT_MAX_IMAGE_PX = 2048;

function checkRequest(r: CoverageRequest): void {
  const bad = (field: string, why: string): never => {
    throw new RangeError(`coverage request: ${field} ${why}`);
  };
  if (!Number.isFinite(r.from)) bad('from', 'must be a time (epoch ms)');
  if (!Number.isFinite(r.to) || !(r.to > r.from)) bad('to', 'must be a time after from');
  if (!Number.isFinite(r.nowMs)) bad('nowMs', 'must be a time (epoch ms)');
  if (!(r.radiusM > 0) || !Number.isFinite(r.radiusM)) bad('radiusM', `must be a positive number of metres, got ${r.radiusM}`);
  if (r.cellM !== undefined && !(r.cellM > 0)) bad('cellM', `must be a positive number of metres, got ${r.cellM}`);
  if (!(r.visitRadiusM > 0)) bad('visitRadiusM', `must be a positive number of metres, got ${r.visitRadiusM}`);
  if (!(r.visitMinStayMs >= 0)) bad('visitMinStayMs', `must not be negative, got ${r.visitMinStayMs}`);
  if (!(r.unvisitedDays >= 0)) bad('unvisitedDays', `must not be negative, got ${r.unvisitedDays}`);
  if (!Number.isInteger(r.trendDays) || r.trendDays < 0 || r.trendDays > 90) bad('trendDays', `must be a whole number 0–90, got ${r.trendDays}`);
  if (r.maxImagePx !== undefined && !(r.maxImagePx >= 16)) bad('maxImagePx', `must be at least 16, got ${r.maxImagePx}`);
}

/** A polygon set as flat rings with a bounding box, for fast point-in-polygon (even-odd over all rings). */
interface FlatShape {
  rings: Float64Array[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function flatShape(geometry: Polygon | MultiPolygon): FlatShape {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const rings: Float64Array[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polys) {
    for (const ring of poly) {
      const flat = new Float64Array(ring.length * 2);
      ring.forEach((p, i) => {
        flat[2 * i] = p[0];
        flat[2 * i + 1] = p[1];
        minX = Math.min(minX, p[0]);
        maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]);
        maxY = Math.max(maxY, p[1]);
      });
      rings.push(flat);
    }
  }
  return { rings, minX, minY, maxX, maxY };
}

/** Even-odd ray casting over every ring: holes and the parts of a MultiPolygon come out right. */
function inShape(shape: FlatShape, x: number, y: number): boolean {
  if (x < shape.minX || x > shape.maxX || y < shape.minY || y > shape.maxY) return false;
  let inside = false;
  for (const r of shape.rings) {
    const n = r.length / 2;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const yi = r[2 * i + 1];
      const yj = r[2 * j + 1];
      if (yi > y !== yj > y && x < ((r[2 * j] - r[2 * i]) * (y - yi)) / (yj - yi) + r[2 * i]) inside = !inside;
    }
  }
  return inside;
}

/** The first index i with t[i] >= ms (t in time order). */
function lowerBound(t: ArrayLike<number>, ms: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fixes i..j-1 of a track, without copying when the arrays are typed (they are, from the store). */
function cut(track: CoverageTrackInput, i: number, j: number): CoverageTrackInput {
  if (i === 0 && j === track.t.length) return track;
  const part = (a: ArrayLike<number>): ArrayLike<number> => {
    const typed = a as Partial<Float64Array>;
    return typeof typed.subarray === 'function' ? typed.subarray(i, j) : Array.prototype.slice.call(a, i, j);
  };
  return { workerId: track.workerId, lon: part(track.lon), lat: part(track.lat), t: part(track.t) };
}

/**
 * The tracks' fixes in [from, to), empty tracks left out. computeCoverage draws only segments
 * between two fixes inside its window, so the cut gives the same raster; but it no longer checks
 * and projects a week of fixes to draw one day, which is most of the trend's cost otherwise.
 */
function tracksIn(tracks: readonly CoverageTrackInput[], from: number, to: number): CoverageTrackInput[] {
  const out: CoverageTrackInput[] = [];
  for (const track of tracks) {
    const i = lowerBound(track.t, from);
    const j = lowerBound(track.t, to);
    if (i < j) out.push(cut(track, i, j));
  }
  return out;
}


/**
 * Computes the report. Throws RangeError on a bad request (from >= to, radius <= 0, …), naming
 * the field. Pure and synchronous; `onProgress` is called often enough for a progress bar.
 */
export function computeCoverageReport(
  inputs: CoverageInputs,
  request: CoverageRequest,
  onProgress?: (progress: CoverageReportProgress) => void,
): CoverageReport {
  checkRequest(request);
  const started = Date.now();
  const { from, to, nowMs } = request;
  const progress = (phase: CoverageReportProgress['phase'], fraction: number): void => onProgress?.({ phase, fraction: Math.max(0, Math.min(1, fraction)) });

  // 1. Visits: stays at entrances found in every whole track, plus the explicit messages.
  progress('visits', 0);
  const entrances = indexEntrances(inputs.buildings.map((b) => ({ id: b.id as BuildingId, entrances: b.entrances as Entrance[] })));
  const lastVisit = new Map<string, number>();
  const inWindow = new Map<string, number>();
  const workerVisits = new Map<string, { visits: number; buildings: Set<string> }>();
  const noteVisit = (workerId: string, buildingId: string, start: number): void => {
    if (start <= nowMs && start > (lastVisit.get(buildingId) ?? -Infinity)) lastVisit.set(buildingId, start);
    if (start < from || start >= to) return;
    inWindow.set(buildingId, (inWindow.get(buildingId) ?? 0) + 1);
    let w = workerVisits.get(workerId);
    if (!w) workerVisits.set(workerId, (w = { visits: 0, buildings: new Set() }));
    w.visits++;
    w.buildings.add(buildingId);
  };
  inputs.tracks.forEach((track, i) => {
    for (const v of findVisits(entrances, track, { radiusM: request.visitRadiusM, minStayMs: request.visitMinStayMs })) noteVisit(track.workerId, v.buildingId, v.from);
    progress('visits', (0.2 * (i + 1)) / Math.max(1, inputs.tracks.length));
  });
  for (const v of inputs.reportedVisits) noteVisit(v.workerId, v.buildingId, v.t);

  const buildings: BuildingVisitState[] = inputs.buildings.map((b) => {
    const last = lastVisit.get(b.id) ?? null;
    const daysSince = last === null ? null : Math.floor((nowMs - last) / DAY_MS);
    return { buildingId: b.id, lastVisitMs: last, daysSince, visitsInWindow: inWindow.get(b.id) ?? 0, gap: daysSince === null || daysSince >= request.unvisitedDays };
  });

  // 2. Coverage of every unit in the window: one raster shared by all levels.
  const units = inputs.units;
  const asGrids = units.map((u) => ({ id: u.code, geometry: u.geometry }));
  const windowTracks = tracksIn(inputs.tracks, from, to);
  const covered = computeCoverage(asGrids, windowTracks, {
    from,
    to,
    radiusM: request.radiusM,
    cellM: request.cellM,
    onProgress: (p) => progress('coverage', 0.2 + 0.4 * (p.phase === 'tracks' ? 0.5 * (p.done / Math.max(1, p.total)) : 0.5 + 0.5 * (p.done / Math.max(1, p.total)))),
  });
  const byCode = new Map(covered.grids.map((g) => [g.gridId, g]));

  // Buildings counted in their unit and every unit above it.
  const parentOf = new Map(units.map((u) => [u.code, u.parentCode]));
  const counts = new Map<string, { buildings: number; visited: number; unvisited: number }>();
  buildings.forEach((b, i) => {
    let code: GridCode | null = inputs.buildings[i].gridCode;
    const seen = new Set<string>();
    while (code !== null && !seen.has(code)) {
      seen.add(code);
      let c = counts.get(code);
      if (!c) counts.set(code, (c = { buildings: 0, visited: 0, unvisited: 0 }));
      c.buildings++;
      if (b.visitsInWindow > 0) c.visited++;
      if (b.gap) c.unvisited++;
      code = parentOf.get(code) ?? null;
    }
  });
  const unitCoverage: UnitCoverage[] = units.map((u) => {
    const g = byCode.get(u.code);
    const c = counts.get(u.code) ?? { buildings: 0, visited: 0, unvisited: 0 };
    return {
      code: u.code,
      level: u.level,
      areaM2: g?.areaM2 ?? 0,
      coveredM2: g?.coveredM2 ?? 0,
      coveredShare: g?.coveredShare ?? 0,
      buildings: c.buildings,
      visitedBuildings: c.visited,
      visitedShare: c.buildings > 0 ? c.visited / c.buildings : null,
      unvisitedBuildings: c.unvisited,
    };
  });

  // 3. Per worker: distance and time in / out of their own grid in the window.
  const shapes = new Map<GridCode, FlatShape>();
  const shapeOf = (code: GridCode): FlatShape | null => {
    let shape = shapes.get(code);
    if (!shape) {
      const unit = units.find((u) => u.code === code);
      if (!unit) return null;
      shapes.set(code, (shape = flatShape(unit.geometry)));
    }
    return shape;
  };
  const trackOf = new Map(inputs.tracks.map((t) => [t.workerId, t]));
  const empty = { lon: [], lat: [], t: [] };
  const workers: WorkerActivity[] = inputs.workers.map((w) => {
    const shape = w.gridCode === null ? null : shapeOf(w.gridCode);
    // workerStats needs the fix before the window and the first one at or after its end (pairs
    // straddling an edge count pro rata); the rest of a week-long track is skipped.
    const track = trackOf.get(w.id);
    const part = track ? cut(track, Math.max(0, lowerBound(track.t, from) - 1), Math.min(track.t.length, lowerBound(track.t, to) + 1)) : empty;
    const stats = workerStats(part, from, to, (p) => (shape ? inShape(shape, p[0], p[1]) : false));
    const visits = workerVisits.get(w.id);
    return { ...stats, workerId: w.id, ownGrid: w.gridCode, visits: visits?.visits ?? 0, buildingsVisited: visits?.buildings.size ?? 0 };
  });

  // 4. Trend: the share of every level 1–3 unit per China day, oldest first.
  const trend: CoverageTrend = { dates: [], byUnit: {} };
  const upper = units.filter((u) => u.level <= 3);
  for (const u of upper) trend.byUnit[u.code] = [];
  const upperGrids = upper.map((u) => ({ id: u.code, geometry: u.geometry }));
  const today = chinaDayStart(nowMs);
  for (let d = request.trendDays - 1; d >= 0; d--) {
    const dayFrom = today - d * DAY_MS;
    const dayTo = Math.min(dayFrom + DAY_MS, Math.max(nowMs, dayFrom + 1));
    trend.dates.push(chinaWallClock(dayFrom).slice(0, 10));
    if (dayFrom === from && dayTo === to) {
      // The window is this day (the "today" period, the usual one): its figures are already here.
      for (const u of upper) trend.byUnit[u.code].push(byCode.get(u.code)?.coveredShare ?? 0);
    } else {
      const dayTracks = tracksIn(inputs.tracks, dayFrom, dayTo);
      if (dayTracks.length === 0) {
        // Nobody walked (a weekend, days before the app ran): nothing to rasterise or sum.
        for (const u of upper) trend.byUnit[u.code].push(0);
      } else {
        const day = computeCoverage(upperGrids, dayTracks, { from: dayFrom, to: dayTo, radiusM: request.radiusM, cellM: request.cellM });
        day.grids.forEach((g) => trend.byUnit[g.gridId as GridCode].push(g.coveredShare));
      }
    }
    progress('trend', 0.6 + (0.3 * (request.trendDays - d)) / request.trendDays);
  }

  // 5. The gap image: inside some top unit and not covered.
  progress('image', 0.9);
  const gapImage = gapImageOf(covered.raster, units, request.maxImagePx ?? DEFAULT_MAX_IMAGE_PX);
  progress('image', 1);

  return {
    from,
    to,
    nowMs,
    radiusM: request.radiusM,
    unvisitedDays: request.unvisitedDays,
    units: unitCoverage,
    buildings,
    workers,
    gapImage,
    trend,
    fixesInWindow: covered.fixesInWindow,
    elapsedMs: Date.now() - started,
  };
}

/**
 * Paints GAP_RGBA where a pixel's centre is inside a top unit (one with no parent among the
 * inputs) and its raster cell (or most of its k × k cells, when downsampled) is not covered. Top
 * units are filled by scanline (even-odd per unit) along each pixel row's centre, so the cost is
 * rows × edges, not pixels × edges.
 */
function gapImageOf(raster: CoverageRaster, units: readonly CoverageUnitInput[], maxPx: number): CoverageGapImage | null {
  if (raster.width === 0 || raster.height === 0 || units.length === 0) return null;
  const codes = new Set(units.map((u) => u.code));
  const tops = units.filter((u) => u.parentCode === null || !codes.has(u.parentCode));
  const k = Math.max(1, Math.ceil(Math.max(raster.width, raster.height) / maxPx));
  const width = Math.ceil(raster.width / k);
  const height = Math.ceil(raster.height / k);
  const px = k * raster.cellM;
  const { frame, originX, originY } = raster;
  const topY = originY + height * px;
  const data = new Uint8ClampedArray(width * height * 4);
  // Every top unit's rings in frame metres, as flat edge lists.
  const rings: Float64Array[][] = tops.map((u) => {
    const polys = u.geometry.type === 'Polygon' ? [u.geometry.coordinates] : u.geometry.coordinates;
    return polys.flatMap((poly) =>
      poly.map((ring) => {
        const flat = new Float64Array(ring.length * 2);
        ring.forEach((p, i) => {
          const [x, y] = toFrame(frame, p[0], p[1]);
          flat[2 * i] = x;
          flat[2 * i + 1] = y;
        });
        return flat;
      }),
    );
  });
  const xs: number[] = [];
  const [r, g, b, a] = GAP_RGBA;
  // Downsampled (k > 1), a pixel stands for k × k cells and is a gap when most of them are not
  // covered: sampling one cell would drop or invent thin walked lines at random.
  const half = (k * k) / 2;
  const uncovered = (col0: number, row0: number): boolean => {
    if (k === 1) return !isCellCovered(raster, col0, row0);
    let n = 0;
    for (let row = row0; row < row0 + k; row++) for (let col = col0; col < col0 + k; col++) if (isCellCovered(raster, col, row)) n++;
    return n < half;
  };
  for (let py = 0; py < height; py++) {
    const y = topY - (py + 0.5) * px;
    // The raster row of the block's bottom cell (k = 1: the pixel's own cell).
    const row = (height - py - 1) * k;
    for (const unitRings of rings) {
      xs.length = 0;
      for (const ring of unitRings) {
        const n = ring.length / 2;
        for (let i = 0, j = n - 1; i < n; j = i++) {
          const yi = ring[2 * i + 1];
          const yj = ring[2 * j + 1];
          if (yi > y !== yj > y) xs.push(ring[2 * i] + ((y - yi) * (ring[2 * j] - ring[2 * i])) / (yj - yi));
        }
      }
      xs.sort((p, q) => p - q);
      for (let e = 0; e + 1 < xs.length; e += 2) {
        // Pixels whose centre lies in [xs[e], xs[e+1]).
        const first = Math.max(0, Math.ceil((xs[e] - originX) / px - 0.5));
        const last = Math.min(width - 1, Math.ceil((xs[e + 1] - originX) / px - 0.5) - 1);
        for (let pxI = first; pxI <= last; pxI++) {
          if (!uncovered(pxI * k, row)) continue;
          const o = (py * width + pxI) * 4;
          data[o] = r;
          data[o + 1] = g;
          data[o + 2] = b;
          data[o + 3] = a;
        }
      }
    }
  }
  const lngLat = (x: number, y: number): [number, number] => [frame.lon0 + x / frame.mPerDegLon, frame.lat0 + y / frame.mPerDegLat];
  const right = originX + width * px;
  return {
    width,
    height,
    data,
    corners: [lngLat(originX, topY), lngLat(right, topY), lngLat(right, originY), lngLat(originX, originY)],
  };
}
