/**
 * Simulated patrols for the demo: every grid chief and full-time grid worker walks a loop just
 * inside the streets bounding their level-3 grid ("人在格中走"), so the app has live positions to
 * show without a feed. Positions are a pure function of time: any two clients (the operator
 * screen and the wall) agree, and a replay at the same instant sees the same thing.
 *
 * These round-the-clock loops are the v1 demo (demo-feed.ts without `patrolDay`); the live demo
 * walks the day of patrol-day.ts instead: door to door along the streets, in working hours.
 */
import type { LineString, Polygon, Position } from 'geojson';
import type { District, GridCode, GridUnit, LngLat, StaffId } from '../model';
import { insetConvex, isConvexCcw, planeFrame, round7, signedArea, toLngLat7, toXy, type PlaneFrame, type Xy } from './plane';
import { hash32 } from './rng';

export interface PatrolRoute {
  staffId: StaffId;
  gridCode: GridCode;
  /** A closed walk (first = last coordinate) along the streets/paths of the worker's grid. */
  path: LineString;
  /** Metres. */
  length: number;
}

export interface WorkerPosition {
  staffId: StaffId;
  gridCode: GridCode;
  lngLat: LngLat;
  /** Degrees clockwise from north. */
  heading: number;
  /** Metres per second. */
  speed: number;
}

/** How far (m) inside the grid boundary the walk runs: the pavement, not the road's centre line. */
export const PATROL_INSET_M = 8;
/** Walking speeds (m/s) are spread over this range, one per worker. */
export const PATROL_SPEED_RANGE_MPS: readonly [number, number] = [1.0, 1.4];

/** The outer ring of a grid's (largest) polygon. */
function outerRing(grid: GridUnit): Position[] {
  if (grid.geometry.type === 'Polygon') return grid.geometry.coordinates[0];
  let best: Polygon['coordinates'] = grid.geometry.coordinates[0];
  let bestSize = 0;
  for (const poly of grid.geometry.coordinates) {
    if (poly[0].length > bestSize) {
      best = poly;
      bestSize = poly[0].length;
    }
  }
  return best[0];
}

/** The loop a worker of `grid` walks, in plane metres, counter-clockwise, without a closing point. */
function loopOf(frame: PlaneFrame, grid: GridUnit): Xy[] {
  const open = outerRing(grid)
    .slice(0, -1)
    .map((p) => toXy(frame, [p[0], p[1]]));
  const ccw = signedArea(open) >= 0 ? open : open.slice().reverse();
  // An exact inset only for convex grids (all the demo's are); anything else walks its boundary.
  // The tolerance absorbs the centimetre kinks that rounding puts into straight sides.
  if (ccw.length >= 3 && isConvexCcw(ccw, 1e-2)) {
    const inset = insetConvex(ccw, PATROL_INSET_M);
    if (inset.length >= 3 && signedArea(inset) > 100) return inset;
  }
  return ccw;
}

/** Cumulative lengths (m) along a path's coordinates, measured in a plane about its first point. */
interface PathMetrics {
  frame: PlaneFrame;
  xy: Xy[];
  cumulative: number[];
}

const metricsCache = new WeakMap<PatrolRoute, PathMetrics>();

function metricsOf(path: LineString): PathMetrics {
  const first = path.coordinates[0] ?? [0, 0];
  const frame = planeFrame([first[0], first[1]]);
  const xy = path.coordinates.map((p) => toXy(frame, [p[0], p[1]]));
  const cumulative = [0];
  for (let i = 1; i < xy.length; i++) {
    cumulative.push(cumulative[i - 1] + Math.hypot(xy[i].x - xy[i - 1].x, xy[i].y - xy[i - 1].y));
  }
  return { frame, xy, cumulative };
}

/**
 * One route per field worker (grid chiefs, grid workers) of the district: a closed loop
 * {@link PATROL_INSET_M} metres inside their level-3 grid. Workers of one grid alternate
 * direction, so they meet rather than follow each other.
 */
export function patrolRoutes(district: District): PatrolRoute[] {
  const grids = new Map(district.grids.map((g) => [g.code, g]));
  const frame = planeFrame(district.center);
  const loops = new Map<GridCode, Xy[]>();
  const walkersPerGrid = new Map<GridCode, number>();
  const routes: PatrolRoute[] = [];
  for (const person of district.staff) {
    if (person.role !== 'grid_chief' && person.role !== 'grid_worker') continue;
    const grid = grids.get(person.gridCode);
    if (!grid) continue;
    let loop = loops.get(grid.code);
    if (!loop) {
      loop = loopOf(frame, grid);
      loops.set(grid.code, loop);
    }
    const nth = walkersPerGrid.get(grid.code) ?? 0;
    walkersPerGrid.set(grid.code, nth + 1);
    const ordered = nth % 2 === 0 ? loop : loop.slice().reverse();
    const coordinates = [...ordered, ordered[0]].map((p) => toLngLat7(frame, p));
    const path: LineString = { type: 'LineString', coordinates };
    const metrics = metricsOf(path);
    routes.push({
      staffId: person.id,
      gridCode: grid.code,
      path,
      length: metrics.cumulative[metrics.cumulative.length - 1],
    });
  }
  return routes;
}

/** A fraction in [0, 1) fixed for a worker and a purpose. */
function unitHash(staffId: StaffId, purpose: string): number {
  return hash32(`${staffId}:${purpose}`) / 4294967296;
}

/**
 * Where each worker is at `epochMs` (Unix milliseconds), walking their route in a loop at their
 * own speed (within {@link PATROL_SPEED_RANGE_MPS}) from their own starting point, both fixed by
 * a hash of the staff id. The same routes and time always give the same positions. Routes are
 * treated as immutable: their measured lengths are cached per route object.
 */
export function positionsAt(routes: readonly PatrolRoute[], epochMs: number): WorkerPosition[] {
  const [minSpeed, maxSpeed] = PATROL_SPEED_RANGE_MPS;
  return routes.map((route) => {
    let metrics = metricsCache.get(route);
    if (!metrics) {
      metrics = metricsOf(route.path);
      metricsCache.set(route, metrics);
    }
    const { cumulative, xy, frame } = metrics;
    const total = cumulative[cumulative.length - 1];
    const speed = minSpeed + (maxSpeed - minSpeed) * unitHash(route.staffId, 'speed');
    const first = route.path.coordinates[0] ?? [0, 0];
    if (!(total > 0) || xy.length < 2) {
      return { staffId: route.staffId, gridCode: route.gridCode, lngLat: [first[0], first[1]], heading: 0, speed: 0 };
    }
    const travelled = (epochMs / 1000) * speed + unitHash(route.staffId, 'phase') * total;
    const along = ((travelled % total) + total) % total;
    // Binary search for the segment holding `along`.
    let lo = 0;
    let hi = cumulative.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] <= along) lo = mid;
      else hi = mid;
    }
    const a = xy[lo];
    const b = xy[hi];
    const segment = cumulative[hi] - cumulative[lo];
    const t = segment > 0 ? (along - cumulative[lo]) / segment : 0;
    const here = toLngLat7(frame, { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) });
    const heading = ((Math.atan2(b.x - a.x, b.y - a.y) * 180) / Math.PI + 360) % 360;
    return {
      staffId: route.staffId,
      gridCode: route.gridCode,
      lngLat: [round7(here[0]), round7(here[1])],
      heading,
      speed,
    };
  });
}
