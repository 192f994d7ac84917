/**
 * Small planar geometry on longitude/latitude degrees, for checking imported grids: segment
 * relations, self-intersection, an interior point, and point location against an indexed polygon.
 *
 * Planar degrees are good enough here: the questions are topological (does it cross, is it
 * inside) or ratios of areas over a few kilometres, which a local linear distortion does not
 * change. Segment lookups go through flatbush so a boundary of thousands of vertices is not
 * compared pair by pair (turf.kinks is quadratic and flags repeated vertices as kinks).
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';

/** A closed ring (first position equals last), 2D. */
export type Ring = Position[];
/** Shell first, then holes. */
export type PolygonRings = Ring[];

/** Twice the signed area of triangle abc: > 0 when c is left of a→b. */
export function orient(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** Consecutive repeated positions removed; the ring stays closed. */
export function dedupeRing(ring: Ring): Ring {
  const out: Ring = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

/** Signed shoelace area of a closed ring in square degrees (> 0 counter-clockwise). */
export function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}

// ---------------------------------------------------------------------------------------------
// Exact segment relations (self-intersection).

export type SegmentRelation =
  | { kind: 'none' }
  | { kind: 'cross'; at: Position }
  | { kind: 'touch'; at: Position }
  | { kind: 'overlap'; at: Position };

/** Is p (known collinear with a–b) within the closed segment's extent? */
function within(a: Position, b: Position, p: Position): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/**
 * How two closed segments a–b and c–d meet, with exact sign tests on the doubles: a proper
 * crossing (interiors cross at one point), a touch (they share a single point without crossing),
 * a collinear overlap of positive length, or nothing.
 */
export function relateSegments(a: Position, b: Position, c: Position, d: Position): SegmentRelation {
  const d1 = Math.sign(orient(c, d, a));
  const d2 = Math.sign(orient(c, d, b));
  const d3 = Math.sign(orient(a, b, c));
  const d4 = Math.sign(orient(a, b, d));
  if (d1 * d2 < 0 && d3 * d4 < 0) {
    const t = orient(c, d, a) / (orient(c, d, a) - orient(c, d, b));
    return { kind: 'cross', at: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])] };
  }
  if (d1 === 0 && d2 === 0 && d3 === 0 && d4 === 0) {
    // Collinear: compare extents along the longer axis of the pair.
    const axis = Math.abs(b[0] - a[0]) + Math.abs(d[0] - c[0]) >= Math.abs(b[1] - a[1]) + Math.abs(d[1] - c[1]) ? 0 : 1;
    const lo = Math.max(Math.min(a[axis], b[axis]), Math.min(c[axis], d[axis]));
    const hi = Math.min(Math.max(a[axis], b[axis]), Math.max(c[axis], d[axis]));
    if (lo > hi) return { kind: 'none' };
    const at = [a, b, c, d].find((p) => p[axis] === lo) ?? a;
    return lo === hi ? { kind: 'touch', at } : { kind: 'overlap', at };
  }
  if (d1 === 0 && within(c, d, a)) return { kind: 'touch', at: a };
  if (d2 === 0 && within(c, d, b)) return { kind: 'touch', at: b };
  if (d3 === 0 && within(a, b, c)) return { kind: 'touch', at: c };
  if (d4 === 0 && within(a, b, d)) return { kind: 'touch', at: d };
  return { kind: 'none' };
}

interface Seg {
  poly: number;
  ring: number;
  /** Index of the segment within its ring. */
  i: number;
  /** Segments in its ring. */
  n: number;
  a: Position;
  b: Position;
}

export interface SelfIntersection {
  at: Position;
  polygon: number;
  ring: number;
}

/** Below this many segments, comparing every pair is faster than building an index. */
const BRUTE_FORCE_SEGMENTS = 64;

/**
 * The first self-intersection of a polygon or multipolygon (rings deduplicated first), or null.
 * Invalid, as OGC simple features define it: a ring crossing or touching itself (a bow-tie, a
 * figure eight), a ring folding back on itself (a spike), rings of one polygon crossing or
 * sharing an edge, and parts of a multipolygon crossing. Allowed: a hole touching its shell or
 * another hole at a point, and parts of a multipolygon touching.
 */
export function findSelfIntersection(polygons: readonly PolygonRings[]): SelfIntersection | null {
  const segs: Seg[] = [];
  polygons.forEach((rings, poly) => {
    rings.forEach((raw, ring) => {
      const r = dedupeRing(raw);
      const n = r.length - 1;
      for (let i = 0; i < n; i++) segs.push({ poly, ring, i, n, a: r[i], b: r[i + 1] });
    });
  });
  const check = (s: Seg, t: Seg): SelfIntersection | null => {
    const hit = offending(s, t);
    return hit ? { at: hit, polygon: s.poly, ring: s.ring } : null;
  };
  if (segs.length <= BRUTE_FORCE_SEGMENTS) {
    for (let i = 0; i < segs.length; i++) {
      for (let j = i + 1; j < segs.length; j++) {
        const hit = check(segs[i], segs[j]);
        if (hit) return hit;
      }
    }
    return null;
  }
  const index = new Flatbush(segs.length);
  for (const s of segs) {
    index.add(Math.min(s.a[0], s.b[0]), Math.min(s.a[1], s.b[1]), Math.max(s.a[0], s.b[0]), Math.max(s.a[1], s.b[1]));
  }
  index.finish();
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    const near = index.search(Math.min(s.a[0], s.b[0]), Math.min(s.a[1], s.b[1]), Math.max(s.a[0], s.b[0]), Math.max(s.a[1], s.b[1]));
    for (const j of near) {
      if (j <= i) continue;
      const hit = check(s, segs[j]);
      if (hit) return hit;
    }
  }
  return null;
}

/** Where two segments of a geometry meet in a way the rules above forbid, or null. */
function offending(s: Seg, t: Seg): Position | null {
  const sameRing = s.poly === t.poly && s.ring === t.ring;
  if (sameRing) {
    const adjacent = Math.abs(s.i - t.i) === 1 || (s.n > 2 && Math.abs(s.i - t.i) === s.n - 1);
    if (adjacent) {
      // Consecutive segments share a vertex by construction; only folding back is wrong.
      const [first, second] = (t.i === s.i + 1 || (s.i === s.n - 1 && t.i === 0)) ? [s, t] : [t, s];
      const apex = first.b;
      const back = orient(first.a, apex, second.b) === 0 && (first.a[0] - apex[0]) * (second.b[0] - apex[0]) + (first.a[1] - apex[1]) * (second.b[1] - apex[1]) > 0;
      return back ? apex : null;
    }
    const rel = relateSegments(s.a, s.b, t.a, t.b);
    return rel.kind === 'none' ? null : rel.at;
  }
  const rel = relateSegments(s.a, s.b, t.a, t.b);
  if (s.poly === t.poly) return rel.kind === 'cross' || rel.kind === 'overlap' ? rel.at : null;
  return rel.kind === 'cross' ? rel.at : null;
}

// ---------------------------------------------------------------------------------------------
// Interior point.

/**
 * A point strictly inside a polygon (with holes), as JTS's InteriorPointArea finds it: a
 * horizontal line between two vertex latitudes near the middle, cut by every ring, and the middle
 * of the widest inside stretch. Unlike a centroid it is inside concave shapes and rings; unlike
 * turf.pointOnFeature it never falls back to a vertex on the boundary. Null for a degenerate ring.
 */
export function interiorPoint(rings: PolygonRings): Position | null {
  const shell = rings[0];
  if (!shell || shell.length < 4) return null;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of shell) {
    minY = Math.min(minY, p[1]);
    maxY = Math.max(maxY, p[1]);
  }
  const mid = (minY + maxY) / 2;
  // The scan line sits halfway between the nearest vertex latitudes below and above the middle,
  // so it passes through no vertex and every crossing is a plain edge crossing.
  let below = minY;
  let above = maxY;
  for (const ring of rings) {
    for (const p of ring) {
      if (p[1] <= mid && p[1] > below) below = p[1];
      if (p[1] > mid && p[1] < above) above = p[1];
    }
  }
  const y = (below + above) / 2;
  if (!(y > minY && y < maxY)) return null;
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i];
      const b = ring[i + 1];
      if ((a[1] > y) !== (b[1] > y)) xs.push(a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]));
    }
  }
  xs.sort((p, q) => p - q);
  let best: Position | null = null;
  let width = 0;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const w = xs[i + 1] - xs[i];
    if (w > width) {
      width = w;
      best = [(xs[i] + xs[i + 1]) / 2, y];
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Indexed polygon: point location and segment lookup with a tolerance.

export type Location = 'in' | 'on' | 'out';

/**
 * A polygon or multipolygon with its edges in flat arrays and a flatbush index, for many point
 * locations and segment lookups against one shape.
 */
export class IndexedPolygon {
  /** Edge endpoints: edge k runs (ax[k], ay[k]) → (bx[k], by[k]). */
  readonly ax: Float64Array;
  readonly ay: Float64Array;
  readonly bx: Float64Array;
  readonly by: Float64Array;
  readonly bbox: [number, number, number, number];
  /** One interior point per part (null for a degenerate part), largest part first. */
  readonly interiorPoints: (Position | null)[];
  private readonly index: Flatbush;

  constructor(readonly polygons: readonly PolygonRings[]) {
    let count = 0;
    for (const rings of polygons) for (const r of rings) count += Math.max(0, r.length - 1);
    this.ax = new Float64Array(count);
    this.ay = new Float64Array(count);
    this.bx = new Float64Array(count);
    this.by = new Float64Array(count);
    this.index = new Flatbush(Math.max(1, count));
    let k = 0;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const rings of polygons) {
      for (const r of rings) {
        for (let i = 0; i + 1 < r.length; i++) {
          const a = r[i];
          const b = r[i + 1];
          this.ax[k] = a[0];
          this.ay[k] = a[1];
          this.bx[k] = b[0];
          this.by[k] = b[1];
          const x0 = Math.min(a[0], b[0]);
          const y0 = Math.min(a[1], b[1]);
          const x1 = Math.max(a[0], b[0]);
          const y1 = Math.max(a[1], b[1]);
          this.index.add(x0, y0, x1, y1);
          minX = Math.min(minX, x0);
          minY = Math.min(minY, y0);
          maxX = Math.max(maxX, x1);
          maxY = Math.max(maxY, y1);
          k++;
        }
      }
    }
    if (count === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
    this.bbox = [minX, minY, maxX, maxY];
    this.interiorPoints = [...polygons]
      .map((rings) => ({ rings, area: Math.abs(ringArea(rings[0] ?? [])) }))
      .sort((p, q) => q.area - p.area)
      .map((p) => interiorPoint(p.rings));
  }

  get edgeCount(): number {
    return this.ax.length;
  }

  /** Edges whose bounding boxes meet the box. */
  edgesNear(minX: number, minY: number, maxX: number, maxY: number): number[] {
    if (this.edgeCount === 0) return [];
    return this.index.search(minX, minY, maxX, maxY);
  }

  /**
   * Where p lies: on the boundary (within `tol` degrees of an edge), inside, or outside
   * (even–odd rule over all rings, which also treats holes and disjoint parts right).
   */
  locate(p: Position, tol: number): Location {
    const [x, y] = p;
    for (const k of this.edgesNear(x - tol, y - tol, x + tol, y + tol)) {
      if (distanceToEdge(x, y, this.ax[k], this.ay[k], this.bx[k], this.by[k]) <= tol) return 'on';
    }
    let inside = false;
    for (const k of this.edgesNear(x, y, Infinity, y)) {
      const ay = this.ay[k];
      const by = this.by[k];
      if ((ay > y) !== (by > y)) {
        const xi = this.ax[k] + ((y - ay) * (this.bx[k] - this.ax[k])) / (by - ay);
        if (xi > x) inside = !inside;
      }
    }
    return inside ? 'in' : 'out';
  }
}

/** Euclidean distance from (x, y) to the segment (ax, ay)–(bx, by), in degrees. */
export function distanceToEdge(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((x - ax) * dx + (y - ay) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}
