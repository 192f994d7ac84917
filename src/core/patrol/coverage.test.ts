import * as turf from '@turf/turf';
import fc from 'fast-check';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  COVERAGE_MAX_GAP_MS,
  computeCoverage,
  isCellCovered,
  toFrame,
  type CoverageGridInput,
  type CoverageTrackInput,
  type CoverageRaster,
} from './coverage';

// A local plane about a point in Zhengzhou: metres to WGS-84 (the tests' own, independent of the engine's frame).
const LAT0 = 34.75;
const LON0 = 113.62;
const M_LAT = 1 / 111_195;
const M_LON = M_LAT / Math.cos((LAT0 * Math.PI) / 180);
const at = (xM: number, yM: number): Position => [LON0 + xM * M_LON, LAT0 + yM * M_LAT];
const ring = (...pts: [number, number][]): Position[] => [...pts, pts[0]].map(([x, y]) => at(x, y));
const square = (x0: number, y0: number, size: number): Position[] => ring([x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size]);
const grid = (id: string, ...rings: Position[][]): CoverageGridInput => ({ id, geometry: { type: 'Polygon', coordinates: rings } });

/** A track of [x m, y m, t s] fixes. */
function track(workerId: string, fixes: [number, number, number][]): CoverageTrackInput {
  const pts = fixes.map(([x, y]) => at(x, y));
  return { workerId, lon: pts.map((p) => p[0]), lat: pts.map((p) => p[1]), t: fixes.map(([, , s]) => s * 1000) };
}

/**
 * The exact answer: each walk buffered by turf (64 steps a quadrant, so the disc's polygon is
 * within 0.01% of a circle), unioned, intersected with the grid, measured on the sphere.
 */
function exactShare(g: Polygon | MultiPolygon, walks: Position[][], radiusM: number): number {
  const buffers = walks.map((w) =>
    turf.buffer(w.length === 1 ? turf.point(w[0]) : turf.lineString(w), radiusM, { units: 'meters', steps: 64 }) as Feature<Polygon | MultiPolygon>,
  );
  let covered: Feature<Polygon | MultiPolygon> | null = buffers[0] ?? null;
  if (buffers.length > 1) covered = turf.union(turf.featureCollection(buffers));
  if (!covered) return 0;
  const inside = turf.intersect(turf.featureCollection([turf.feature(g), covered]));
  return inside ? turf.area(inside) / turf.area(turf.feature(g)) : 0;
}

const RADIUS = 25;

describe('coverage per grid', () => {
  const sq = grid('A', square(0, 0, 200));

  it('a straight track right through a square covers 2r × L', () => {
    const r = computeCoverage([sq], [track('w', [[-50, 100, 0], [250, 100, 120]])]);
    const [a] = r.grids;
    expect(a.gridId).toBe('A');
    expect(a.areaM2).toBeCloseTo(40_000, -1); // the engine's frame vs the test's: within 10 m² of 200 m × 200 m
    expect(a.coveredShare).toBeCloseTo((2 * RADIUS * 200) / 40_000, 2);
    expect(Math.abs(a.coveredShare - exactShare(sq.geometry, [[at(-50, 100), at(250, 100)]], RADIUS))).toBeLessThan(0.01);
  });

  it('a track ending inside covers 2r × L + πr², and agrees with turf within 1 point', () => {
    const r = computeCoverage([sq], [track('w', [[50, 70, 0], [150, 130, 60], [150, 180, 100]])]);
    const exact = exactShare(sq.geometry, [[at(50, 70), at(150, 130), at(150, 180)]], RADIUS);
    expect(Math.abs(r.grids[0].coveredShare - exact)).toBeLessThan(0.01);
    const straight = computeCoverage([sq], [track('w', [[50, 100, 0], [150, 100, 60]])]);
    expect(straight.grids[0].coveredM2 / (2 * RADIUS * 100 + Math.PI * RADIUS ** 2)).toBeCloseTo(1, 2);
    expect(straight.segments).toBe(1);
  });

  it('a lone fix covers a disc of πr², clipped by the grid edge', () => {
    const mid = computeCoverage([sq], [track('w', [[100, 100, 0]])]);
    expect(mid.discs).toBe(1);
    // A 25 m disc holds about 491 cells of 2 m: counting their centres is within 2% of πr².
    expect(Math.abs(mid.grids[0].coveredM2 / (Math.PI * RADIUS ** 2) - 1)).toBeLessThan(0.02);
    const corner = computeCoverage([sq], [track('w', [[0, 0, 0]])]);
    expect(corner.grids[0].coveredM2 / ((Math.PI * RADIUS ** 2) / 4)).toBeCloseTo(1, 1);
    expect(Math.abs(corner.grids[0].coveredShare - exactShare(sq.geometry, [[at(0, 0)]], RADIUS))).toBeLessThan(0.01);
  });

  it('a hole is neither area nor covered', () => {
    const holed = grid('H', square(0, 0, 200), square(50, 50, 100));
    const path = [at(-20, 100), at(220, 100)];
    const r = computeCoverage([holed], [track('w', [[-20, 100, 0], [220, 100, 100]])]);
    const [h] = r.grids;
    expect(h.areaM2).toBeCloseTo(30_000, -1);
    // Inside the band (50 m × 200 m) the hole takes 50 m × 100 m.
    expect(h.coveredM2).toBeCloseTo(10_000 - 5_000, -2);
    expect(Math.abs(h.coveredShare - exactShare(holed.geometry, [path], RADIUS))).toBeLessThan(0.01);
  });

  it('a MultiPolygon grid and features sharing an id are one grid', () => {
    const multi: CoverageGridInput = { id: 'M', geometry: { type: 'MultiPolygon', coordinates: [[square(0, 0, 100)], [square(300, 0, 100)]] } };
    const tr = track('w', [[50, -50, 0], [50, 150, 100]]);
    const r = computeCoverage([multi], [tr]);
    expect(r.grids).toHaveLength(1);
    expect(r.grids[0].areaM2).toBeCloseTo(20_000, -1);
    expect(Math.abs(r.grids[0].coveredShare - exactShare(multi.geometry, [[at(50, -50), at(50, 150)]], RADIUS))).toBeLessThan(0.01);
    const split = computeCoverage([grid('M', square(0, 0, 100)), grid('X', square(500, 500, 10)), grid('M', square(300, 0, 100))], [tr]);
    expect(split.grids.map((g) => g.gridId)).toEqual(['M', 'X']);
    expect(Math.abs(split.grids[0].coveredShare - r.grids[0].coveredShare)).toBeLessThan(0.005); // another frame and raster phase
    expect(split.grids[1].coveredM2).toBe(0);
  });

  it('fixes outside every grid cover nothing', () => {
    const r = computeCoverage([sq], [track('w', [[400, 400, 0], [450, 400, 30], [1_000, 1_000, 40]])]);
    expect(r.grids[0].coveredM2).toBe(0);
    expect(r.grids[0].coveredShare).toBe(0);
  });

  it('the window [from, to) leaves out fixes before and at its end', () => {
    const tr = track('w', [[0, 100, 0], [100, 100, 60], [200, 100, 120]]);
    const first = computeCoverage([sq], [tr], { from: 0, to: 120_000 });
    const exact = exactShare(sq.geometry, [[at(0, 100), at(100, 100)]], RADIUS);
    expect(first.fixesInWindow).toBe(2);
    expect(Math.abs(first.grids[0].coveredShare - exact)).toBeLessThan(0.01);
    const none = computeCoverage([sq], [tr], { from: 200_000, to: 300_000 });
    expect(none.grids[0].coveredM2).toBe(0);
    // Only the middle fix: a disc, not a segment to either neighbour.
    const middle = computeCoverage([sq], [tr], { from: 30_000, to: 90_000 });
    expect(middle.segments).toBe(0);
    expect(middle.discs).toBe(1);
  });

  it('a gap in time or a jump splits the walk: the line between is not covered', () => {
    const gapS = COVERAGE_MAX_GAP_MS / 1000 + 1;
    const timeGap = computeCoverage([sq], [track('w', [[20, 100, 0], [40, 100, 10], [160, 100, 10 + gapS], [180, 100, 20 + gapS]])]);
    const exact = exactShare(sq.geometry, [[at(20, 100), at(40, 100)], [at(160, 100), at(180, 100)]], RADIUS);
    expect(timeGap.segments).toBe(2);
    expect(Math.abs(timeGap.grids[0].coveredShare - exact)).toBeLessThan(0.01);
    expect(isCovered(timeGap.raster, 100, 100)).toBe(false);
    const joined = computeCoverage([sq], [track('w', [[20, 100, 0], [40, 100, 10], [160, 100, 20], [180, 100, 30]])]);
    expect(isCovered(joined.raster, 100, 100)).toBe(true);
    // 600 m in 60 s is a jump (> 500 m): both ends are lone fixes.
    const jump = computeCoverage([grid('B', square(0, 0, 800))], [track('w', [[100, 100, 0], [700, 100, 60]])]);
    expect(jump.segments).toBe(0);
    expect(jump.discs).toBe(2);
  });

  it('two workers are separate walks even at the same time', () => {
    const r = computeCoverage([sq], [track('a', [[20, 20, 0]]), track('b', [[180, 180, 0]])]);
    expect(r.discs).toBe(2);
    expect(isCovered(r.raster, 100, 100)).toBe(false);
  });

  it('bad input is a clear error, not a quiet zero', () => {
    expect(() => computeCoverage([sq], [{ workerId: 'w', lon: [NaN], lat: [34], t: [0] }])).toThrow(/track of w, fix 0.*lon\/lat/);
    expect(() => computeCoverage([sq], [{ workerId: 'w', lon: [113], lat: [95], t: [0] }])).toThrow(/WGS-84/);
    expect(() => computeCoverage([sq], [{ workerId: 'w', lon: [113], lat: [34], t: [NaN] }])).toThrow(/time/);
    expect(() => computeCoverage([sq], [track('w', [[0, 0, 10], [0, 0, 5]])])).toThrow(/time order/);
    expect(() => computeCoverage([grid('G', [[NaN, 0], [1, 0], [1, 1], [NaN, 0]])], [])).toThrow(/grid G/);
    expect(() => computeCoverage([sq], [], { radiusM: 0 })).toThrow(/radius/);
    expect(() => computeCoverage([sq], [], { cellM: NaN })).toThrow(/cell/);
    expect(() => computeCoverage([sq], [], { from: 10, to: 10 })).toThrow(/window/);
    expect(() => computeCoverage([sq], [], { cellM: 0.001 })).toThrow(/larger cells/);
  });

  it('reports progress for tracks and grids', () => {
    const seen: string[] = [];
    computeCoverage([sq, grid('B', square(300, 0, 50))], [track('a', [[0, 0, 0]]), track('b', [[1, 1, 0]])], {
      onProgress: (p) => seen.push(`${p.phase} ${p.done}/${p.total}`),
    });
    expect(seen).toEqual(['tracks 1/2', 'tracks 2/2', 'grids 1/2', 'grids 2/2']);
  });

  it('marks exactly the cells a brute-force scan finds, and integrates the grid over them (property)', () => {
    const pt = fc.tuple(fc.integer({ min: -40, max: 140 }), fc.integer({ min: -40, max: 140 }));
    fc.assert(
      fc.property(
        fc.array(fc.array(pt, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 5, max: 30 }),
        fc.constantFrom(1, 2, 5),
        fc.boolean(),
        (walks, radiusM, cellM, holed) => {
          // A concave L-shaped grid (optionally with a hole), so the scanline sees several intervals a row.
          const rings = [ring([0, 0], [100, 0], [100, 40], [40, 40], [40, 100], [0, 100])];
          if (holed) rings.push(ring([10, 10], [30, 10], [30, 30], [10, 30]));
          const g = grid('L', ...rings);
          const tracks = walks.map((w, i) => track(`w${i}`, w.map(([x, y], k) => [x, y, k * 10] as [number, number, number])));
          const r = computeCoverage([g], tracks, { radiusM, cellM });
          // Cells whose centre lies exactly on the radius can go either way in floating point.
          expect(bruteForceCellMismatches(tracks, r.raster, radiusM)).toBeLessThanOrEqual(1);
          // The engine samples the grid every 0.5 m north–south, the check every 0.1 m: their
          // difference is bounded by the edges' east–west extent (320 m) × 0.3 m.
          expect(Math.abs(r.grids[0].coveredM2 - latticeIntegral(g, r.raster, 0.1))).toBeLessThan(100);
        },
      ),
      { seed: 20_240_517, numRuns: 30 },
    );
  });
});

/** Whether the frame point at test-plane (x, y) m is covered in the raster. */
function isCovered(raster: CoverageRaster, xM: number, yM: number): boolean {
  const [lon, lat] = at(xM, yM);
  const [x, y] = toFrame(raster.frame, lon, lat);
  return isCellCovered(raster, Math.floor((x - raster.originX) / raster.cellM), Math.floor((y - raster.originY) / raster.cellM));
}

/** Cells whose bit differs from "centre within radiusM of a segment or lone fix" (no gaps in these inputs). */
function bruteForceCellMismatches(tracks: CoverageTrackInput[], raster: CoverageRaster, radiusM: number): number {
  const segs: [number, number, number, number][] = [];
  for (const t of tracks) {
    const pts = Array.from({ length: t.lon.length }, (_, i) => toFrame(raster.frame, t.lon[i], t.lat[i]));
    if (pts.length === 1) segs.push([pts[0][0], pts[0][1], pts[0][0], pts[0][1]]);
    for (let i = 1; i < pts.length; i++) segs.push([pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1]]);
  }
  let mismatches = 0;
  for (let row = 0; row < raster.height; row++) {
    const y = raster.originY + (row + 0.5) * raster.cellM;
    for (let col = 0; col < raster.width; col++) {
      const x = raster.originX + (col + 0.5) * raster.cellM;
      const near = segs.some(([ax, ay, bx, by]) => segmentDistance(x, y, ax, ay, bx, by) <= radiusM);
      if (near !== isCellCovered(raster, col, row)) mismatches++;
    }
  }
  return mismatches;
}

/** The grid's area inside covered cells (m²), by even-odd point-in-polygon on a lattice of `step` m. */
function latticeIntegral(g: CoverageGridInput, raster: CoverageRaster, step: number): number {
  const rings = (g.geometry as Polygon).coordinates.map((rg) => rg.map((p) => toFrame(raster.frame, p[0], p[1])));
  const xs = rings[0].map((p) => p[0]);
  const ys = rings[0].map((p) => p[1]);
  let n = 0;
  for (let y = Math.min(...ys) + step / 2; y < Math.max(...ys); y += step) {
    const row = Math.floor((y - raster.originY) / raster.cellM);
    for (let x = Math.min(...xs) + step / 2; x < Math.max(...xs); x += step) {
      if (!isCellCovered(raster, Math.floor((x - raster.originX) / raster.cellM), row)) continue;
      let inside = false;
      for (const rg of rings) {
        for (let i = 0, j = rg.length - 1; i < rg.length; j = i++) {
          const [ax, ay] = rg[j];
          const [bx, by] = rg[i];
          if (ay > y !== by > y && x < ax + ((y - ay) * (bx - ax)) / (by - ay)) inside = !inside;
        }
      }
      if (inside) n++;
    }
  }
  return n * step * step;
}

function segmentDistance(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const s = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / l2));
  return Math.hypot(x - ax - s * dx, y - ay - s * dy);
}
