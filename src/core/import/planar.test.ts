import { booleanPointInPolygon, kinks, polygon as turfPolygon } from '@turf/turf';
import fc from 'fast-check';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { IndexedPolygon, findSelfIntersection, interiorPoint, relateSegments, type PolygonRings } from './planar';

const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

/** A polygon with vertices sorted by angle around a centre: simple by construction. */
function starRing(radii: readonly number[], cx = 0, cy = 0): Position[] {
  const n = radii.length;
  const ring: Position[] = radii.map((r, i) => [cx + r * Math.cos((2 * Math.PI * i) / n), cy + r * Math.sin((2 * Math.PI * i) / n)]);
  ring.push(ring[0]);
  return ring;
}

describe('relateSegments', () => {
  it('tells crossings, touches, overlaps and misses apart', () => {
    expect(relateSegments([0, 0], [2, 2], [0, 2], [2, 0])).toEqual({ kind: 'cross', at: [1, 1] });
    expect(relateSegments([0, 0], [2, 0], [1, 0], [1, 3]).kind).toBe('touch');
    expect(relateSegments([0, 0], [2, 0], [1, 0], [3, 0]).kind).toBe('overlap');
    expect(relateSegments([0, 0], [1, 0], [1, 0], [2, 0]).kind).toBe('touch');
    expect(relateSegments([0, 0], [1, 0], [2, 0], [3, 0]).kind).toBe('none');
    expect(relateSegments([0, 0], [1, 1], [0, 1], [0.4, 0.6]).kind).toBe('none');
  });
});

describe('findSelfIntersection', () => {
  it('finds the crossing of a bow-tie (which turf.booleanValid accepts)', () => {
    const bowTie: PolygonRings = [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]];
    const hit = findSelfIntersection([bowTie]);
    expect(hit).not.toBeNull();
    expect(hit?.at[0]).toBeCloseTo(0.5, 12);
    expect(hit?.at[1]).toBeCloseTo(0.5, 12);
  });

  it('finds a figure eight that touches itself at a vertex', () => {
    const eight: PolygonRings = [[[0, 0], [1, 1], [2, 0], [2, 2], [1, 1], [0, 2], [0, 0]]];
    expect(findSelfIntersection([eight])?.at).toEqual([1, 1]);
  });

  it('finds a spike that folds back along itself', () => {
    const spike: PolygonRings = [[[0, 0], [2, 0], [2, 2], [2, 3], [2, 2], [0, 2], [0, 0]]];
    expect(findSelfIntersection([spike])).not.toBeNull();
  });

  it('accepts repeated consecutive vertices, which turf.kinks reports as kinks', () => {
    const repeated: PolygonRings = [[[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 0]]];
    expect(kinks(turfPolygon(repeated)).features.length).toBeGreaterThan(0);
    expect(findSelfIntersection([repeated])).toBeNull();
  });

  it('finds a hole crossing its shell but accepts a hole touching it at one point', () => {
    const shell = square(0, 0, 4, 4);
    const crossing: PolygonRings = [shell, square(3, 1, 5, 2).reverse()];
    expect(findSelfIntersection([crossing])).toEqual(expect.objectContaining({ polygon: 0 }));
    const touching: PolygonRings = [shell, [[0, 2], [1, 1], [1, 3], [0, 2]]];
    expect(findSelfIntersection([touching])).toBeNull();
  });

  it('finds crossing parts of a multipolygon and accepts parts sharing a corner', () => {
    expect(findSelfIntersection([[square(0, 0, 2, 2)], [square(1, 1, 3, 3)]])).toEqual(expect.objectContaining({ at: expect.any(Array) }));
    expect(findSelfIntersection([[square(0, 0, 1, 1)], [square(1, 1, 2, 2)]])).toBeNull();
  });

  it('finds a crossing in a long ring through the segment index (more than 64 edges)', () => {
    const ring = starRing(Array.from({ length: 200 }, (_, i) => 1 + 0.1 * Math.sin(i)));
    expect(findSelfIntersection([[ring]])).toBeNull();
    // Swap two far-apart vertices: the edges into and out of them now cross.
    const broken = ring.map((p) => [...p]);
    [broken[10], broken[110]] = [broken[110], broken[10]];
    expect(findSelfIntersection([[broken]])).not.toBeNull();
  });

  it('never flags a star-shaped (simple) polygon', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.2, max: 1, noNaN: true }), { minLength: 3, maxLength: 120 }), (radii) => {
        expect(findSelfIntersection([[starRing(radii, 113.6, 34.7)]])).toBeNull();
      }),
    );
  });

  it('agrees with turf.kinks on random quadrilaterals in general position', () => {
    // Four corners on an integer lattice (exact arithmetic): a bow-tie exactly when two opposite
    // edges cross. Three corners on a line are excluded, where the two tools disagree on purpose
    // (turf.kinks misses collinear overlaps and flags repeated corners).
    const coord = fc.integer({ min: 0, max: 1000 });
    fc.assert(
      fc.property(fc.array(fc.tuple(coord, coord), { minLength: 4, maxLength: 4 }), (corners) => {
        const pts: Position[] = corners.map(([x, y]) => [x / 1000, y / 1000]);
        for (let i = 0; i < 4; i++) {
          for (let j = i + 1; j < 4; j++) {
            for (let k = j + 1; k < 4; k++) {
              const [a, b, c] = [corners[i], corners[j], corners[k]];
              fc.pre((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) !== 0);
            }
          }
        }
        const ring: Position[] = [...pts, pts[0]];
        const turfSays = kinks(turfPolygon([ring])).features.length > 0;
        expect(findSelfIntersection([[ring]]) !== null).toBe(turfSays);
      }),
      { numRuns: 300 },
    );
  });
});

describe('interiorPoint', () => {
  it('lies strictly inside random star polygons, concave ones included', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 3, maxLength: 60 }), (radii) => {
        const ring = starRing(radii, 113.6, 34.7);
        const p = interiorPoint([ring]);
        expect(p).not.toBeNull();
        expect(booleanPointInPolygon(p as Position, turfPolygon([ring]), { ignoreBoundary: true })).toBe(true);
      }),
    );
  });

  it('avoids a hole in the middle, where the centroid would fall', () => {
    const p = interiorPoint([square(0, 0, 10, 10), square(2, 2, 8, 8).reverse()]);
    expect(p).not.toBeNull();
    const [x, y] = p as Position;
    const inHole = x > 2 && x < 8 && y > 2 && y < 8;
    expect(inHole).toBe(false);
    expect(x > 0 && x < 10 && y > 0 && y < 10).toBe(true);
  });

  it('is inside a U shape whose centroid is outside', () => {
    const u: Position[] = [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]];
    const p = interiorPoint([u]) as Position;
    expect(booleanPointInPolygon(p, turfPolygon([u]), { ignoreBoundary: true })).toBe(true);
  });
});

describe('IndexedPolygon.locate', () => {
  const holed = new IndexedPolygon([[square(0, 0, 10, 10), square(2, 2, 8, 8).reverse()], [square(20, 0, 21, 1)]]);

  it('finds in, on and out, honouring holes and separate parts', () => {
    expect(holed.locate([1, 1], 1e-9)).toBe('in');
    expect(holed.locate([5, 5], 1e-9)).toBe('out');
    expect(holed.locate([20.5, 0.5], 1e-9)).toBe('in');
    expect(holed.locate([15, 0.5], 1e-9)).toBe('out');
    expect(holed.locate([0, 5], 1e-9)).toBe('on');
    expect(holed.locate([2, 5], 1e-9)).toBe('on');
  });

  it('counts a point within the tolerance of an edge as on it', () => {
    expect(holed.locate([10 + 5e-8, 5], 1e-7)).toBe('on');
    expect(holed.locate([10 + 5e-7, 5], 1e-7)).toBe('out');
  });

  it('agrees with turf.booleanPointInPolygon away from the boundary', () => {
    const ring = starRing(Array.from({ length: 40 }, (_, i) => 0.5 + 0.4 * Math.sin(i * 1.7)));
    const shape = new IndexedPolygon([[ring]]);
    const poly = turfPolygon([ring]);
    fc.assert(
      fc.property(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (x, y) => {
        const where = shape.locate([x, y], 0);
        if (where === 'on') return;
        expect(where === 'in').toBe(booleanPointInPolygon([x, y], poly));
      }),
      { numRuns: 500 },
    );
  });
});
