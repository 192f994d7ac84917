/**
 * Parent inference by containment: a child unit belongs to the unit of the level above that
 * holds its interior point and at least 90% of its area, the one with the largest overlap if
 * several do (STACK.md: max overlap, not centroid, picks the right grid for straddlers).
 *
 * Exact overlap areas need polygon clipping, which turf does at about a thousand pairs a second:
 * too slow for a file of a thousand grids. Nearly every child of a well-drawn hierarchy lies
 * wholly inside its parent, so a topological test proves that first and clipping runs only for
 * the children that really straddle.
 */
import { area, featureCollection, feature, intersect } from '@turf/turf';
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { IndexedPolygon, distanceToEdge, orient, type PolygonRings } from './planar';

/** A child must have at least this share of its area inside its parent. */
export const MIN_CONTAINED_FRACTION = 0.9;

/**
 * Distance in degrees (about 1 cm) within which a vertex counts as on the other boundary. Files
 * round coordinates (6 decimals is 11 cm), so a child's vertex on its parent's edge rarely lies
 * exactly on it; at this tolerance the containment proof still holds to far better than the 90%
 * it decides.
 */
export const CONTAINMENT_TOLERANCE_DEG = 1e-7;

/** A Polygon/MultiPolygon prepared once for repeated containment tests. */
export class Shape {
  readonly indexed: IndexedPolygon;
  private areaM2: number | null = null;

  constructor(readonly geometry: Polygon | MultiPolygon) {
    this.indexed = new IndexedPolygon(polygonsOf(geometry));
  }

  /** Geodesic area in square metres (turf.area), computed once. */
  get area(): number {
    this.areaM2 ??= area(this.geometry);
    return this.areaM2;
  }
}

export function polygonsOf(g: Polygon | MultiPolygon): PolygonRings[] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Parameters in (0, 1) at which the other shape's vertices lie on segment a–b; null if they cross. */
function splitParams(a: Position, b: Position, other: IndexedPolygon, tol: number): number[] | null {
  const params: number[] = [];
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (len === 0) return params;
  const near = other.edgesNear(Math.min(a[0], b[0]) - tol, Math.min(a[1], b[1]) - tol, Math.max(a[0], b[0]) + tol, Math.max(a[1], b[1]) + tol);
  for (const k of near) {
    const c: Position = [other.ax[k], other.ay[k]];
    const d: Position = [other.bx[k], other.by[k]];
    const lenCd = Math.hypot(d[0] - c[0], d[1] - c[1]);
    if (lenCd === 0) continue;
    // Signed distances of each segment's ends from the other's line.
    const dc = orient(a, b, c) / len;
    const dd = orient(a, b, d) / len;
    const da = orient(c, d, a) / lenCd;
    const db = orient(c, d, b) / lenCd;
    const opposite = (p: number, q: number) => (p > tol && q < -tol) || (p < -tol && q > tol);
    if (opposite(dc, dd) && opposite(da, db)) return null;
    for (const v of [c, d]) {
      if (distanceToEdge(v[0], v[1], a[0], a[1], b[0], b[1]) <= tol) {
        const t = ((v[0] - a[0]) * (b[0] - a[0]) + (v[1] - a[1]) * (b[1] - a[1])) / (len * len);
        if (t > 0 && t < 1) params.push(t);
      }
    }
  }
  return params;
}

/**
 * Runs `test` on the midpoint of every piece of every edge of `shape`, cut where the other
 * shape's vertices touch it. False as soon as an edge properly crosses the other boundary or
 * `test` fails. Only edges within `box` are visited.
 */
function everyPieceMidpoint(
  shape: IndexedPolygon,
  other: IndexedPolygon,
  box: readonly [number, number, number, number],
  tol: number,
  test: (p: Position) => boolean,
): boolean {
  for (const k of shape.edgesNear(box[0] - tol, box[1] - tol, box[2] + tol, box[3] + tol)) {
    const a: Position = [shape.ax[k], shape.ay[k]];
    const b: Position = [shape.bx[k], shape.by[k]];
    const params = splitParams(a, b, other, tol);
    if (params === null) return false;
    params.push(0, 1);
    params.sort((p, q) => p - q);
    for (let i = 0; i + 1 < params.length; i++) {
      if (params[i + 1] - params[i] < 1e-12) continue;
      const t = (params[i] + params[i + 1]) / 2;
      if (!test([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])])) return false;
    }
  }
  return true;
}

/**
 * True when `child` provably lies inside `parent` (to within CONTAINMENT_TOLERANCE_DEG): each
 * part's interior point is in the parent, no edges cross, every piece of the child's boundary is
 * in or on the parent, and no piece of the parent's boundary is strictly inside the child (which
 * catches holes and notches of the parent). False means "not proven", not "outside".
 *
 * Why that suffices: the parent's boundary then never enters the child's interior, so each part
 * of the child's interior is wholly inside or wholly outside the parent, and its interior point
 * says which.
 */
export function provablyInside(parent: Shape, child: Shape, tol = CONTAINMENT_TOLERANCE_DEG): boolean {
  const P = parent.indexed;
  const C = child.indexed;
  const [px0, py0, px1, py1] = P.bbox;
  const [cx0, cy0, cx1, cy1] = C.bbox;
  if (cx0 < px0 - tol || cy0 < py0 - tol || cx1 > px1 + tol || cy1 > py1 + tol) return false;
  for (const ip of C.interiorPoints) {
    if (ip === null || P.locate(ip, tol) !== 'in') return false;
  }
  if (!everyPieceMidpoint(C, P, C.bbox, tol, (m) => P.locate(m, tol) !== 'out')) return false;
  return everyPieceMidpoint(P, C, C.bbox, tol, (m) => C.locate(m, tol) !== 'in');
}

export interface Overlap {
  /** Share of the child's area inside the candidate, 0–1. */
  fraction: number;
  /** The clipping library threw: the fraction is unknown and reported as 0. */
  clipError: boolean;
}

/** Share of `child`'s area inside `parent`: 1 when provably inside, else by clipping. */
export function overlapFraction(parent: Shape, child: Shape): Overlap {
  if (provablyInside(parent, child)) return { fraction: 1, clipError: false };
  try {
    const common = intersect(featureCollection([feature(child.geometry), feature(parent.geometry)]));
    if (common === null || child.area === 0) return { fraction: 0, clipError: false };
    return { fraction: Math.min(1, area(common) / child.area), clipError: false };
  } catch {
    // Slivers make polygon clipping throw now and then (STACK.md); the caller reports it.
    return { fraction: 0, clipError: true };
  }
}

export interface ContainmentCandidate {
  code: string;
  shape: Shape;
  /** Lower wins a tie on overlap (e.g. 0 for units that can be parents, 1 for bad ones). */
  rank: number;
}

export interface ContainmentResult {
  /** Index into the candidate list of the chosen parent, or null. */
  best: number | null;
  /** Its overlap (or, with no parent, the best overlap among candidates holding the interior point). */
  fraction: number;
  /** Index of the best candidate seen even if below the threshold, for the report. */
  nearest: number | null;
  clipErrors: number;
}

function judge(child: Shape, candidates: readonly ContainmentCandidate[], ids: Iterable<number>): ContainmentResult {
  const ip = child.indexed.interiorPoints[0];
  let best: number | null = null;
  let bestFraction = 0;
  let nearest: number | null = null;
  let nearestFraction = 0;
  let clipErrors = 0;
  if (!ip) return { best, fraction: 0, nearest, clipErrors };
  const better = (i: number, f: number, j: number | null, g: number): boolean => {
    if (j === null || f > g) return true;
    if (f < g) return false;
    const a = candidates[i];
    const b = candidates[j];
    return a.rank !== b.rank ? a.rank < b.rank : a.code < b.code;
  };
  for (const i of ids) {
    const cand = candidates[i];
    if (cand.shape.indexed.locate(ip, CONTAINMENT_TOLERANCE_DEG) === 'out') continue;
    const { fraction, clipError } = overlapFraction(cand.shape, child);
    if (clipError) clipErrors++;
    if (better(i, fraction, nearest, nearestFraction)) {
      nearest = i;
      nearestFraction = fraction;
    }
    if (fraction >= MIN_CONTAINED_FRACTION && better(i, fraction, best, bestFraction)) {
      best = i;
      bestFraction = fraction;
    }
  }
  return { best, fraction: best === null ? nearestFraction : bestFraction, nearest, clipErrors };
}

/**
 * Candidate parents of one level in a flatbush index of their bounding boxes. A parent must
 * overlap the child, so it must meet the child's bounding box: the index loses none.
 */
export class ContainmentIndex {
  private readonly index: Flatbush | null;

  constructor(readonly candidates: readonly ContainmentCandidate[]) {
    if (candidates.length === 0) {
      this.index = null;
      return;
    }
    this.index = new Flatbush(candidates.length);
    for (const c of candidates) this.index.add(...c.shape.indexed.bbox);
    this.index.finish();
  }

  /** The parent of `child` by containment, using the index. */
  find(child: Shape): ContainmentResult {
    if (!this.index) return { best: null, fraction: 0, nearest: null, clipErrors: 0 };
    const ids = this.index.search(...child.indexed.bbox).sort((a, b) => a - b);
    return judge(child, this.candidates, ids);
  }

  /** The same decision over every candidate, without the index (reference for tests). */
  findBruteForce(child: Shape): ContainmentResult {
    return judge(child, this.candidates, this.candidates.keys());
  }
}
