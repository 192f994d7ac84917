/**
 * Property tests: the indexed engine against a brute-force turf loop on random partitions made
 * by guillotine cuts of a rectangle (so they tile exactly), with points drawn anywhere, exactly on
 * edges and exactly on vertices, and footprints spanning up to three grids.
 */
import { area, booleanPointInPolygon, feature, featureCollection, intersect, point, pointToPolygonDistance } from '@turf/turf';
import fc from 'fast-check';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { allocate, buildGridIndex, locatePoints, type GridInput } from './index';

const X0 = 113.5;
const Y0 = 34.75;
/** Lattice step in degrees, a power of two so lattice coordinates and edge points are exact. */
const STEP = 2 ** -12;
const N = 32;

interface Rect { x0: number; y0: number; x1: number; y1: number }

/** Random guillotine partition of the N × N lattice square into `count` rectangles. */
function partition(cuts: number[]): Rect[] {
  const rects: Rect[] = [{ x0: 0, y0: 0, x1: N, y1: N }];
  for (const c of cuts) {
    // Split the largest splittable rectangle at a position taken from c.
    rects.sort((a, b) => (b.x1 - b.x0) * (b.y1 - b.y0) - (a.x1 - a.x0) * (a.y1 - a.y0));
    const i = rects.findIndex((r) => r.x1 - r.x0 > 1 || r.y1 - r.y0 > 1);
    if (i < 0) break;
    const r = rects[i];
    const vertical = r.x1 - r.x0 >= r.y1 - r.y0;
    const span = vertical ? r.x1 - r.x0 : r.y1 - r.y0;
    const at = 1 + Math.floor(c * (span - 1));
    rects.splice(i, 1);
    if (vertical) rects.push({ ...r, x1: r.x0 + at }, { ...r, x0: r.x0 + at });
    else rects.push({ ...r, y1: r.y0 + at }, { ...r, y0: r.y0 + at });
  }
  return rects;
}

const lon = (i: number) => X0 + i * STEP;
const lat = (j: number) => Y0 + j * STEP;
const rectPolygon = (r: Rect): Polygon => ({
  type: 'Polygon',
  coordinates: [[[lon(r.x0), lat(r.y0)], [lon(r.x1), lat(r.y0)], [lon(r.x1), lat(r.y1)], [lon(r.x0), lat(r.y1)], [lon(r.x0), lat(r.y0)]]],
});

/** Grids from a partition; ids shuffled by `perm` so id order is not geometric order. */
function gridsOf(cuts: number[]): GridInput[] {
  return partition(cuts).map((r, i) => ({ id: `g${String((i * 7919) % 1000).padStart(3, '0')}-${i}`, geometry: rectPolygon(r) }));
}

function brutePoint(grids: GridInput[], x: number, y: number): { id: string | null; nearest: boolean; d: number } {
  const sorted = [...grids].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const g of sorted) if (booleanPointInPolygon(point([x, y]), feature(g.geometry))) return { id: g.id, nearest: false, d: 0 };
  let best: string | null = null;
  let bestD = Infinity;
  for (const g of sorted) {
    const d = Math.abs(pointToPolygonDistance(point([x, y]), feature(g.geometry) as never, { units: 'meters' }));
    if (d < bestD) {
      bestD = d;
      best = g.id;
    }
  }
  return bestD <= 200 ? { id: best, nearest: true, d: bestD } : { id: null, nearest: true, d: bestD };
}

const cutsArb = fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 40 });

describe('engine agrees with a brute-force turf loop', () => {
  it('points: anywhere, on edges, on vertices, outside', () => {
    const pointArb = fc.oneof(
      // Anywhere, including up to ~4 lattice steps (≈ 90 m … 360 m) outside the square.
      fc.tuple(fc.double({ min: -16, max: N + 16, noNaN: true }), fc.double({ min: -16, max: N + 16, noNaN: true })).map(([i, j]) => [lon(i), lat(j)]),
      // Exactly on a lattice line (every grid edge lies on one), or on a lattice vertex.
      fc.tuple(fc.integer({ min: 0, max: N }), fc.double({ min: 0, max: N, noNaN: true }), fc.boolean()).map(([k, t, swap]) => (swap ? [lon(t), lat(k)] : [lon(k), lat(t)])),
      fc.tuple(fc.integer({ min: 0, max: N }), fc.integer({ min: 0, max: N })).map(([i, j]) => [lon(i), lat(j)]),
    );
    fc.assert(
      fc.property(cutsArb, fc.array(pointArb, { minLength: 1, maxLength: 30 }), (cuts, pts) => {
        const grids = gridsOf(cuts);
        const { index, problems } = buildGridIndex(grids);
        expect(problems).toEqual([]);
        const coords = new Float64Array(pts.flat());
        const fast = locatePoints(index, coords);
        pts.forEach(([x, y], i) => {
          const b = brutePoint(grids, x, y);
          const r = allocate(index, { type: 'Point', coordinates: [x, y] });
          // Near the 200 m limit the two distance formulas may disagree: skip that band.
          if (b.nearest && Math.abs(b.d - 200) < 2) return;
          expect(r.gridId).toBe(b.id);
          expect(fast[i]).toBe(b.id);
          if (b.nearest && b.id !== null) expect(Math.abs(r.distanceM - b.d)).toBeLessThan(0.01 * b.d + 0.5);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('footprints spanning up to three grids: max overlap, share and status', () => {
    const footprintArb = fc.record({
      cx: fc.double({ min: -1, max: N + 1, noNaN: true }),
      cy: fc.double({ min: -1, max: N + 1, noNaN: true }),
      w: fc.double({ min: 0.05, max: 3, noNaN: true }),
      h: fc.double({ min: 0.05, max: 3, noNaN: true }),
      concave: fc.boolean(),
    });
    fc.assert(
      fc.property(cutsArb, fc.array(footprintArb, { minLength: 1, maxLength: 10 }), (cuts, fps) => {
        const grids = gridsOf(cuts);
        const { index } = buildGridIndex(grids);
        for (const f of fps) {
          const x0 = lon(f.cx - f.w / 2);
          const x1 = lon(f.cx + f.w / 2);
          const y0 = lat(f.cy - f.h / 2);
          const y1 = lat(f.cy + f.h / 2);
          const xm = (x0 + x1) / 2;
          const ym = (y0 + y1) / 2;
          const ring = f.concave
            ? [[x0, y0], [x1, y0], [x1, ym], [xm, ym], [xm, y1], [x0, y1], [x0, y0]]
            : [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
          const geometry: Polygon = { type: 'Polygon', coordinates: [ring] };
          const total = area(geometry);
          const overlaps = grids
            .map((g) => {
              const common = intersect(featureCollection([feature(geometry), feature(g.geometry)]));
              return { id: g.id, share: common ? area(common) / total : 0 };
            })
            .filter((o) => o.share > 1e-9)
            .sort((a, b) => b.share - a.share || (a.id < b.id ? -1 : 1));
          const r = allocate(index, geometry);
          if (overlaps.length === 0 || overlaps[0].share < 1e-8) {
            if (overlaps.length === 0) expect(r.status).toBe('outside');
            continue;
          }
          expect(r.areaM2).toBeCloseTo(total, 6);
          const clearWinner = overlaps.length === 1 || overlaps[0].share - overlaps[1].share > 1e-6;
          if (clearWinner) expect(r.gridId).toBe(overlaps[0].id);
          // 1e-6 relative; slivers of a billionth of the footprint are rounding for both sides.
          expect(Math.abs(r.share - overlaps[0].share)).toBeLessThanOrEqual(Math.max(1e-6 * overlaps[0].share, 1e-9));
          const covered = overlaps.reduce((s, o) => s + o.share, 0);
          const expected = overlaps[0].share >= 0.999 ? 'inside' : covered < 0.999 ? 'partly_outside' : 'straddles';
          if (Math.abs(overlaps[0].share - 0.999) > 1e-6 && Math.abs(covered - 0.999) > 1e-6) expect(r.status).toBe(expected);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('engine agrees with brute force on concave (wiggly) grids', () => {
  it('points incl. shared vertices, and footprints', async () => {
    const { syntheticPartition } = await import('./synthetic');
    const { createRng } = await import('../demo/rng');
    const part = syntheticPartition(6, 6, 0.002, 113.5, 34.6, 3);
    const { index, problems } = buildGridIndex(part.grids);
    expect(problems).toEqual([]);
    const rng = createRng(11);
    const rand = (): number => rng.next();
    const [x0, y0, x1, y1] = part.bbox;
    const vertices = part.grids.flatMap((g) => (g.geometry as Polygon).coordinates[0]);
    for (let i = 0; i < 1500; i++) {
      const [x, y] = i % 3 === 0 ? vertices[Math.floor(rand() * vertices.length)] : [x0 - 0.001 + rand() * (x1 - x0 + 0.002), y0 - 0.001 + rand() * (y1 - y0 + 0.002)];
      const b = brutePoint(part.grids, x, y);
      if (b.nearest && Math.abs(b.d - 200) < 2) continue;
      expect(allocate(index, { type: 'Point', coordinates: [x, y] }).gridId).toBe(b.id);
    }
    for (let i = 0; i < 150; i++) {
      const cx = x0 + rand() * (x1 - x0);
      const cy = y0 + rand() * (y1 - y0);
      const w = 0.0003 + rand() * 0.002;
      const h = 0.0003 + rand() * 0.002;
      const geometry: Polygon = { type: 'Polygon', coordinates: [[[cx, cy], [cx + w, cy], [cx + w, cy + h], [cx, cy + h], [cx, cy]]] };
      const total = area(geometry);
      const overlaps = part.grids
        .map((g) => {
          const common = intersect(featureCollection([feature(geometry), feature(g.geometry)]));
          return { id: g.id, share: common ? area(common) / total : 0 };
        })
        .filter((o) => o.share > 1e-9)
        .sort((a, b) => b.share - a.share || (a.id < b.id ? -1 : 1));
      const r = allocate(index, geometry);
      if (overlaps.length > 1 && overlaps[0].share - overlaps[1].share < 1e-6) continue;
      expect(r.gridId).toBe(overlaps[0].id);
      expect(Math.abs(r.share - overlaps[0].share)).toBeLessThanOrEqual(Math.max(1e-6 * overlaps[0].share, 1e-9));
    }
  });
});
