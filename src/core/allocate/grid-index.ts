/**
 * The grid index: every grid's rings in flat Float64Arrays, a uniform bucket grid over them for
 * point location, and a flatbush over the grids' parts for footprints and nearest queries.
 *
 * Why a bucket grid: STACK.md measured 1.7–4.0M points/s for a uniform bucket grid with ray
 * casting on typed arrays against 1.1–1.3M/s for flatbush + ray casting. Cells no grid boundary
 * passes through ("clean" cells) answer at once from an owner table; only boundary cells run ray
 * casting, and only against the parts whose edges touch them.
 *
 * THE EDGE RULE (points on a shared edge or vertex): a point belongs to the grid with the lowest
 * id (string order) among all grids whose closed polygon (boundary included) contains it. The
 * same rule settles points inside two overlapping grids. A brute force reproduces it with
 * turf.booleanPointInPolygon (boundary included) over the grids sorted by id, taking the first.
 */
import { unkinkPolygon } from '@turf/turf';
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { findSelfIntersection, interiorPoint, ringArea, type PolygonRings } from '../import/planar';
import { readPolygons } from './read-geometry';

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
  /** For 'overlap': the other grid's id. */
  otherId?: string;
}

export interface GridIndex {
  /** Number of distinct grid ids indexed. */
  readonly size: number;
}

/** Metres per degree of latitude (mean Earth radius 6,371,008.8 m, as turf). */
export const M_PER_DEG_LAT = (6371008.8 * Math.PI) / 180;

/** Cells per edge of the data; about 2 keeps most cells clean for polygons of ~50 vertices. */
const CELLS_PER_EDGE = 2;
const MAX_CELLS = 4_000_000;
const MIN_CELLS = 16;

/** Degrees (about 1 cm) two grids' stretches on a row must share before they count as overlapping. */
const OVERLAP_SLACK_DEG = 1e-7;

/** Owner table values for cells that are not clean-inside. */
const CLEAN_OUTSIDE = -1;
const DIRTY = -2;

/**
 * The built index. Parts ("units") are the polygons (shell + holes) of every grid, in grid id
 * order, so scanning a cell's units in index order visits grids in id order (the edge rule).
 */
export class BuiltGridIndex implements GridIndex {
  /** Grid ids sorted; a grid's rank is its position here. */
  readonly ids: string[];
  /** Each grid's polygons as used (after merging and repair), by rank. */
  readonly gridPolygons: PolygonRings[][];
  readonly unitGrid: Int32Array;
  /** Unit u's rings are ringStart indices [unitRingStart[u], unitRingStart[u + 1]). */
  readonly unitRingStart: Int32Array;
  /** Ring r's positions are [ringStart[r], ringStart[r + 1]), closing position included. */
  readonly ringStart: Int32Array;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** minX, minY, maxX, maxY per unit, degrees. */
  readonly unitBbox: Float64Array;
  readonly tree: Flatbush | null;
  // Bucket grid.
  readonly minX: number;
  readonly minY: number;
  readonly nx: number;
  readonly ny: number;
  readonly invCw: number;
  readonly invCh: number;
  /** Grid rank owning a clean cell, CLEAN_OUTSIDE, or DIRTY. */
  readonly owner: Int32Array;
  readonly cellStart: Int32Array;
  /** unit * 2 + (1 when the unit covers the whole cell), sorted. */
  readonly cellItems: Int32Array;
  /** Overlapping pairs of grid ranks found while building (a < b). */
  readonly overlapPairs: [number, number][] = [];

  constructor(ids: string[], gridPolygons: PolygonRings[][]) {
    this.ids = ids;
    this.gridPolygons = gridPolygons;
    let units = 0;
    let rings = 0;
    let positions = 0;
    for (const polys of gridPolygons) {
      for (const rs of polys) {
        units++;
        for (const r of rs) {
          rings++;
          positions += r.length;
        }
      }
    }
    this.unitGrid = new Int32Array(units);
    this.unitRingStart = new Int32Array(units + 1);
    this.ringStart = new Int32Array(rings + 1);
    this.xs = new Float64Array(positions);
    this.ys = new Float64Array(positions);
    this.unitBbox = new Float64Array(units * 4);
    let u = 0;
    let r = 0;
    let k = 0;
    let gx0 = Infinity;
    let gy0 = Infinity;
    let gx1 = -Infinity;
    let gy1 = -Infinity;
    gridPolygons.forEach((polys, g) => {
      for (const rs of polys) {
        this.unitGrid[u] = g;
        this.unitRingStart[u] = r;
        let x0 = Infinity;
        let y0 = Infinity;
        let x1 = -Infinity;
        let y1 = -Infinity;
        for (const ring of rs) {
          this.ringStart[r++] = k;
          for (const p of ring) {
            this.xs[k] = p[0];
            this.ys[k] = p[1];
            k++;
            if (p[0] < x0) x0 = p[0];
            if (p[0] > x1) x1 = p[0];
            if (p[1] < y0) y0 = p[1];
            if (p[1] > y1) y1 = p[1];
          }
        }
        this.unitBbox.set([x0, y0, x1, y1], u * 4);
        gx0 = Math.min(gx0, x0);
        gy0 = Math.min(gy0, y0);
        gx1 = Math.max(gx1, x1);
        gy1 = Math.max(gy1, y1);
        u++;
      }
    });
    this.unitRingStart[units] = r;
    this.ringStart[rings] = k;

    if (units > 0) {
      this.tree = new Flatbush(units);
      for (let i = 0; i < units; i++) this.tree.add(this.unitBbox[i * 4], this.unitBbox[i * 4 + 1], this.unitBbox[i * 4 + 2], this.unitBbox[i * 4 + 3]);
      this.tree.finish();
    } else {
      this.tree = null;
      gx0 = gy0 = 0;
      gx1 = gy1 = 1;
    }

    // Cells sized from the data: about CELLS_PER_EDGE cells per edge, shaped like the extent.
    const edges = Math.max(0, positions - rings);
    const w = Math.max(gx1 - gx0, 1e-9);
    const h = Math.max(gy1 - gy0, 1e-9);
    const target = Math.min(MAX_CELLS, Math.max(MIN_CELLS, edges * CELLS_PER_EDGE));
    const cell = Math.sqrt((w * h) / target);
    this.nx = Math.max(1, Math.min(target, Math.ceil(w / cell)));
    this.ny = Math.max(1, Math.min(target, Math.ceil(h / cell)));
    this.minX = gx0;
    this.minY = gy0;
    // Slightly larger than w/nx so the far edge of the data falls in the last cell, not past it.
    this.invCw = this.nx / (w * (1 + 1e-12) + 1e-15);
    this.invCh = this.ny / (h * (1 + 1e-12) + 1e-15);
    const built = this.buildCells(units);
    this.owner = built.owner;
    this.cellStart = built.cellStart;
    this.cellItems = built.cellItems;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Cell column of a longitude, clamped; -1 / nx outside. Monotone in x, which the build relies on. */
  private col(x: number): number {
    return Math.floor((x - this.minX) * this.invCw);
  }

  private row(y: number): number {
    return Math.floor((y - this.minY) * this.invCh);
  }

  private buildCells(units: number): { owner: Int32Array; cellStart: Int32Array; cellItems: Int32Array } {
    const { nx, ny } = this;
    const nCells = nx * ny;
    const owner = new Int32Array(nCells).fill(CLEAN_OUTSIDE);
    const stamp = new Int32Array(nCells).fill(-1);
    const pairCell: number[] = [];
    const pairItem: number[] = [];
    const clampC = (c: number) => (c < 0 ? 0 : c >= nx ? nx - 1 : c);
    const clampR = (c: number) => (c < 0 ? 0 : c >= ny ? ny - 1 : c);
    // Visits the cells each edge's bounding box touches (conservative: a cell marked dirty may in
    // fact be clean, which only costs a ray cast).
    const forEdgeCells = (u: number, visit: (c: number) => void): void => {
      for (let r = this.unitRingStart[u]; r < this.unitRingStart[u + 1]; r++) {
        for (let k = this.ringStart[r]; k + 1 < this.ringStart[r + 1]; k++) {
          const c0 = clampC(this.col(Math.min(this.xs[k], this.xs[k + 1])));
          const c1 = clampC(this.col(Math.max(this.xs[k], this.xs[k + 1])));
          const r0 = clampR(this.row(Math.min(this.ys[k], this.ys[k + 1])));
          const r1 = clampR(this.row(Math.max(this.ys[k], this.ys[k + 1])));
          for (let rr = r0; rr <= r1; rr++) for (let cc = c0; cc <= c1; cc++) visit(rr * nx + cc);
        }
      }
    };
    for (let u = 0; u < units; u++) {
      forEdgeCells(u, (c) => {
        if (stamp[c] === u) return;
        stamp[c] = u;
        owner[c] = DIRTY;
        pairCell.push(c);
        pairItem.push(u * 2);
      });
    }
    // Scanline along each row's centre line: cells whose centre is inside a unit are either clean
    // (owned: the whole cell is inside) or dirty without that unit's edges (the unit covers them).
    stamp.fill(-1);
    const cw = 1 / this.invCw;
    const ch = 1 / this.invCh;
    const xsBuf: number[] = [];
    // Inside stretches of every row's centre line, per grid: overlapping stretches of two grids
    // are an overlap, however thin it is across the row.
    const rowSpans: number[][] = Array.from({ length: ny }, () => []);
    for (let u = 0; u < units; u++) {
      forEdgeCells(u, (c) => {
        stamp[c] = u;
      });
      const g = this.unitGrid[u];
      const r0 = clampR(this.row(this.unitBbox[u * 4 + 1]));
      const r1 = clampR(this.row(this.unitBbox[u * 4 + 3]));
      for (let rr = r0; rr <= r1; rr++) {
        const yc = this.minY + (rr + 0.5) * ch;
        xsBuf.length = 0;
        for (let r = this.unitRingStart[u]; r < this.unitRingStart[u + 1]; r++) {
          for (let k = this.ringStart[r]; k + 1 < this.ringStart[r + 1]; k++) {
            const ay = this.ys[k];
            const by = this.ys[k + 1];
            if (ay > yc !== by > yc) xsBuf.push(this.xs[k] + ((yc - ay) * (this.xs[k + 1] - this.xs[k])) / (by - ay));
          }
        }
        xsBuf.sort((a, b) => a - b);
        for (let i = 0; i + 1 < xsBuf.length; i += 2) {
          rowSpans[rr].push(xsBuf[i], xsBuf[i + 1], g);
          const c0 = Math.max(0, Math.ceil((xsBuf[i] - this.minX) * this.invCw - 0.5));
          const c1 = Math.min(nx - 1, Math.floor((xsBuf[i + 1] - this.minX) * this.invCw - 0.5));
          for (let cc = c0; cc <= c1; cc++) {
            const xc = this.minX + (cc + 0.5) * cw;
            if (xc <= xsBuf[i] || xc >= xsBuf[i + 1]) continue;
            const c = rr * nx + cc;
            const o = owner[c];
            if (o === DIRTY) {
              if (stamp[c] !== u) {
                pairCell.push(c);
                pairItem.push(u * 2 + 1);
              }
            } else if (o === CLEAN_OUTSIDE) {
              owner[c] = g;
            } else if (o !== g) {
              this.noteOverlap(o, g);
              if (g < o) owner[c] = g;
            }
          }
        }
      }
    }
    for (const spans of rowSpans) this.overlapsInRow(spans);
    const cellStart = new Int32Array(nCells + 1);
    for (const c of pairCell) cellStart[c + 1]++;
    for (let c = 0; c < nCells; c++) cellStart[c + 1] += cellStart[c];
    const fill = cellStart.slice(0, nCells);
    const raw = new Int32Array(pairCell.length);
    for (let i = 0; i < pairCell.length; i++) raw[fill[pairCell[i]]++] = pairItem[i];
    // Sort each cell's items (few) and drop a 'covers' entry when the unit also has edges there.
    const items: number[] = [];
    const start = new Int32Array(nCells + 1);
    for (let c = 0; c < nCells; c++) {
      start[c] = items.length;
      const s = cellStart[c];
      const e = cellStart[c + 1];
      if (e - s > 1) raw.subarray(s, e).sort();
      for (let i = s; i < e; i++) {
        const v = raw[i];
        if (items.length > start[c] && items[items.length - 1] >> 1 === v >> 1) continue;
        items.push(v);
      }
    }
    start[nCells] = items.length;
    return { owner, cellStart: start, cellItems: Int32Array.from(items) };
  }

  private readonly overlapSeen = new Set<string>();

  /** Notes grids whose stretches on one row (x0, x1, grid triples) overlap by more than the slack. */
  private overlapsInRow(spans: number[]): void {
    const n = spans.length / 3;
    if (n < 2) return;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => spans[a * 3] - spans[b * 3]);
    const active: number[] = [];
    for (const i of order) {
      const x0 = spans[i * 3];
      for (let j = active.length - 1; j >= 0; j--) {
        const a = active[j];
        if (spans[a * 3 + 1] <= x0 + OVERLAP_SLACK_DEG) {
          active.splice(j, 1);
        } else if (spans[a * 3 + 2] !== spans[i * 3 + 2] && Math.min(spans[a * 3 + 1], spans[i * 3 + 1]) - x0 > OVERLAP_SLACK_DEG) {
          this.noteOverlap(spans[a * 3 + 2], spans[i * 3 + 2]);
        }
      }
      active.push(i);
    }
  }

  noteOverlap(a: number, b: number): void {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const key = `${lo}/${hi}`;
    if (this.overlapSeen.has(key)) return;
    this.overlapSeen.add(key);
    this.overlapPairs.push([lo, hi]);
  }

  /**
   * Where (x, y) lies against unit u's closed polygon: 2 on the boundary, 1 inside, 0 outside.
   * Exact for points on axis-parallel edges and on vertices (sign of an orientation determinant).
   */
  unitLocate(u: number, x: number, y: number): 0 | 1 | 2 {
    const xs = this.xs;
    const ys = this.ys;
    let inside = false;
    for (let r = this.unitRingStart[u]; r < this.unitRingStart[u + 1]; r++) {
      const end = this.ringStart[r + 1] - 1;
      for (let k = this.ringStart[r]; k < end; k++) {
        const ay = ys[k];
        const by = ys[k + 1];
        if (ay > y !== by > y) {
          const ax = xs[k];
          const o = (xs[k + 1] - ax) * (y - ay) - (by - ay) * (x - ax);
          if (o === 0) return 2;
          // The edge crosses the ray to +x when the point is left of an upward edge or right of a downward one.
          if (o > 0 === by > ay) inside = !inside;
        } else if (ay === y) {
          const ax = xs[k];
          if (by === y) {
            const bx = xs[k + 1];
            if ((x >= ax && x <= bx) || (x >= bx && x <= ax)) return 2;
          } else if (ax === x) {
            return 2;
          }
        }
      }
    }
    return inside ? 1 : 0;
  }

  /**
   * When every bucket cell meeting the box is clean and owned by one grid, that grid's rank (the
   * box then lies in its interior); else -1. Only trusted while no grids overlap, because a clean
   * cell records only the lowest-id owner.
   */
  soleOwnerOfBox(x0: number, y0: number, x1: number, y1: number): number {
    if (this.overlapPairs.length > 0) return -1;
    const c0 = this.col(x0);
    const c1 = this.col(x1);
    const r0 = this.row(y0);
    const r1 = this.row(y1);
    if (!(c0 >= 0 && r0 >= 0 && c1 < this.nx && r1 < this.ny)) return -1;
    // Large boxes are not worth scanning: clipping is cheap enough for them.
    if ((c1 - c0 + 1) * (r1 - r0 + 1) > 16) return -1;
    let owner = -1;
    for (let rr = r0; rr <= r1; rr++) {
      for (let c = c0; c <= c1; c++) {
        const o = this.owner[rr * this.nx + c];
        if (o < 0 || (owner >= 0 && o !== owner)) return -1;
        owner = o;
      }
    }
    return owner;
  }

  /** True when (x, y) falls in a cell some boundary passes through (only there can a point lie on an edge). */
  inDirtyCell(x: number, y: number): boolean {
    const c = this.col(x);
    const rr = this.row(y);
    return c >= 0 && rr >= 0 && c < this.nx && rr < this.ny && this.owner[rr * this.nx + c] === DIRTY;
  }

  /** Rank of the grid holding (x, y) by the edge rule, or -1. */
  locateRank(x: number, y: number): number {
    const c = this.col(x);
    const rr = this.row(y);
    // Written so NaN fails too (every comparison with NaN is false).
    if (!(c >= 0 && rr >= 0 && c < this.nx && rr < this.ny)) return -1;
    const cell = rr * this.nx + c;
    const o = this.owner[cell];
    if (o !== DIRTY) return o;
    const items = this.cellItems;
    for (let i = this.cellStart[cell], e = this.cellStart[cell + 1]; i < e; i++) {
      const v = items[i];
      const u = v >> 1;
      if ((v & 1) === 1 || this.unitLocate(u, x, y) !== 0) return this.unitGrid[u];
    }
    return -1;
  }

  /**
   * The nearest grid to (x, y) within maxM metres (distance to the polygon boundary, in a local
   * equirectangular plane about y): rank and metres, or null. Ties go to the lowest id.
   */
  nearestRank(x: number, y: number, maxM: number): { rank: number; distanceM: number } | null {
    if (!this.tree || !(maxM >= 0)) return null;
    const kx = M_PER_DEG_LAT * Math.cos((y * Math.PI) / 180);
    const ky = M_PER_DEG_LAT;
    const dx = maxM / Math.max(kx, 1e-9);
    const dy = maxM / ky;
    let best = -1;
    let bestD = Infinity;
    for (const u of this.tree.search(x - dx, y - dy, x + dx, y + dy)) {
      const d = this.unitDistanceM(u, x, y, kx, ky);
      const g = this.unitGrid[u];
      if (d < bestD || (d === bestD && g < best)) {
        best = g;
        bestD = d;
      }
    }
    return best >= 0 && bestD <= maxM ? { rank: best, distanceM: bestD } : null;
  }

  /** Metres from (x, y) to unit u's boundary, scaled by kx, ky metres per degree. */
  unitDistanceM(u: number, x: number, y: number, kx: number, ky: number): number {
    let best = Infinity;
    for (let r = this.unitRingStart[u]; r < this.unitRingStart[u + 1]; r++) {
      for (let k = this.ringStart[r]; k + 1 < this.ringStart[r + 1]; k++) {
        const d = segmentDistance((x - this.xs[k]) * kx, (y - this.ys[k]) * ky, (this.xs[k + 1] - this.xs[k]) * kx, (this.ys[k + 1] - this.ys[k]) * ky);
        if (d < best) best = d;
      }
    }
    return best;
  }

  /** Units listed in the bucket cell of (x, y) (edges there, or covering it); empty for clean cells and outside. */
  unitsInCell(x: number, y: number): number[] {
    const c = this.col(x);
    const rr = this.row(y);
    if (!(c >= 0 && rr >= 0 && c < this.nx && rr < this.ny)) return [];
    const cell = rr * this.nx + c;
    const out: number[] = [];
    for (let i = this.cellStart[cell]; i < this.cellStart[cell + 1]; i++) out.push(this.cellItems[i] >> 1);
    return out;
  }

  /** Units whose bounding boxes meet the box, sorted (so in grid id order). */
  unitsNear(x0: number, y0: number, x1: number, y1: number): number[] {
    if (!this.tree) return [];
    return this.tree.search(x0, y0, x1, y1).sort((a, b) => a - b);
  }
}

/** Distance from (px, py) to the segment (0, 0)–(dx, dy). */
export function segmentDistance(px: number, py: number, dx: number, dy: number): number {
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : (px * dx + py * dy) / len2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return Math.hypot(px - t * dx, py - t * dy);
}

/** Self-intersections repaired by turf.unkinkPolygon (a maintained library), checked again after. */
function repairPolygons(polygons: PolygonRings[]): PolygonRings[] | null {
  try {
    const out: PolygonRings[] = [];
    for (const rings of polygons) {
      const fc = unkinkPolygon({ type: 'Polygon', coordinates: rings });
      for (const f of fc.features) {
        const rs = f.geometry.coordinates as PolygonRings;
        if (rs[0] && Math.abs(ringArea(rs[0])) > 0) out.push(rs);
      }
    }
    if (out.length === 0) return null;
    for (const p of out) if (findSelfIntersection([p]) !== null) return null;
    return out;
  } catch {
    return null;
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Indexes the grids once (bucket grid + flat typed arrays). Never throws on bad grids: see problems. */
export function buildGridIndex(grids: readonly GridInput[]): { index: GridIndex; problems: GridProblem[] } {
  const problems: GridProblem[] = [];
  const byId = new Map<string, { polygons: PolygonRings[] }>();
  const firstIndexOf = new Map<string, number>();
  grids.forEach((g, index) => {
    const id = g && typeof g.id === 'string' ? g.id : g && g.id != null ? String(g.id) : '';
    if (id === '') {
      problems.push({ index, id, kind: 'invalid_geometry', action: 'skipped', reason: 'grid has no id' });
      return;
    }
    const read = readPolygons(g.geometry);
    if (!read.ok) {
      problems.push({ index, id, kind: 'invalid_geometry', action: 'skipped', reason: read.reason });
      return;
    }
    let polygons = read.value;
    const kink = findSelfIntersection(polygons);
    if (kink) {
      const fixed = repairPolygons(polygons);
      const at = `[${kink.at[0]}, ${kink.at[1]}]`;
      if (!fixed) {
        problems.push({ index, id, kind: 'self_intersection', action: 'skipped', reason: `self-intersection at ${at} could not be repaired` });
        return;
      }
      problems.push({ index, id, kind: 'self_intersection', action: 'repaired', reason: `self-intersection at ${at} repaired by turf.unkinkPolygon into ${fixed.length} part(s)` });
      polygons = fixed;
    } else if (polygons.every((rings) => ringArea(rings[0]) === 0)) {
      // Checked only without a kink: a bow-tie's signed area is 0 too, and it is repairable.
      problems.push({ index, id, kind: 'invalid_geometry', action: 'skipped', reason: 'polygon has zero area' });
      return;
    }
    const entry = byId.get(id);
    if (entry) entry.polygons.push(...polygons);
    else byId.set(id, { polygons: [...polygons] });
    if (!firstIndexOf.has(id)) firstIndexOf.set(id, index);
  });
  const ids = [...byId.keys()].sort(cmp);
  const index = new BuiltGridIndex(
    ids,
    ids.map((id) => byId.get(id)?.polygons ?? []),
  );
  detectVertexOverlaps(index);
  for (const [a, b] of index.overlapPairs) {
    const ia = ids[a];
    const ib = ids[b];
    problems.push({
      index: firstIndexOf.get(ib) ?? -1,
      id: ib,
      otherId: ia,
      kind: 'overlap',
      action: 'kept',
      reason: `overlaps grid ${ia}; points in the overlap go to ${ia} (lowest id)`,
    });
  }
  return { index, problems };
}

/**
 * Overlaps the row scan did not see (lying between two rows' centre lines): a vertex or an
 * interior point of one grid strictly inside another (by more than OVERLAP_SLACK_M). Cheap: one
 * location per vertex against the few parts listed in its bucket cell. An overlap made only by
 * crossing edges, with no vertex inside and crossing no row's centre line, is missed.
 */
function detectVertexOverlaps(index: BuiltGridIndex): void {
  const probe = (u: number, x: number, y: number): void => {
    const g = index.unitGrid[u];
    const kx = M_PER_DEG_LAT * Math.cos((y * Math.PI) / 180);
    for (const v of index.unitsInCell(x, y)) {
      const h = index.unitGrid[v];
      if (h === g) continue;
      // 1 cm of slack: a vertex on a shared diagonal edge may round to just inside it.
      if (index.unitLocate(v, x, y) === 1 && index.unitDistanceM(v, x, y, kx, M_PER_DEG_LAT) > OVERLAP_SLACK_M) index.noteOverlap(g, h);
    }
  };
  let u = 0;
  for (const polys of index.gridPolygons) {
    for (const rings of polys) {
      for (let r = index.unitRingStart[u]; r < index.unitRingStart[u + 1]; r++) {
        for (let k = index.ringStart[r]; k + 1 < index.ringStart[r + 1]; k++) probe(u, index.xs[k], index.ys[k]);
      }
      const ip: Position | null = interiorPoint(rings);
      if (ip) probe(u, ip[0], ip[1]);
      u++;
    }
  }
}

/** Metres a vertex must lie inside another grid before the two count as overlapping. */
const OVERLAP_SLACK_M = 0.01;

/** The built index behind the public interface, or null when it is not one of ours. */
export function asBuilt(index: GridIndex): BuiltGridIndex | null {
  return index instanceof BuiltGridIndex ? index : null;
}
