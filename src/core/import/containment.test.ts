import { area, feature, featureCollection, intersect } from '@turf/turf';
import fc from 'fast-check';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ContainmentIndex, MIN_CONTAINED_FRACTION, Shape, overlapFraction, provablyInside } from './containment';

/** Deterministic PRNG (mulberry32) so a fast-check seed describes a whole partition. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const closed = (open: Position[]): Position[] => [...open, open[0]];
const poly = (open: Position[]): Polygon => ({ type: 'Polygon', coordinates: [closed(open)] });

/** Cuts a convex polygon (open ring) by the line through p with direction angle θ. */
function cut(open: Position[], p: Position, theta: number): [Position[], Position[]] {
  const [dx, dy] = [Math.cos(theta), Math.sin(theta)];
  const side = (q: Position) => dx * (q[1] - p[1]) - dy * (q[0] - p[0]);
  const left: Position[] = [];
  const right: Position[] = [];
  for (let i = 0; i < open.length; i++) {
    const a = open[i];
    const b = open[(i + 1) % open.length];
    const sa = side(a);
    const sb = side(b);
    (sa >= 0 ? left : right).push(a);
    if ((sa > 0 && sb < 0) || (sa < 0 && sb > 0)) {
      const t = sa / (sa - sb);
      const x: Position = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
      left.push(x);
      right.push(x);
    }
  }
  return [left, right];
}

/**
 * Splits a convex polygon into `n` convex pieces by cuts through random interior points at
 * random angles (cut points are computed, so children's corners lie on the parent's edges only
 * to rounding), or into axis-aligned strips when `axisAligned`.
 */
function split(open: Position[], n: number, next: () => number, axisAligned: boolean): Position[][] {
  let pieces = [open];
  while (pieces.length < n) {
    pieces.sort((a, b) => Math.abs(area(poly(b))) - Math.abs(area(poly(a))));
    const [big, ...rest] = pieces;
    const cx = big.reduce((s, q) => s + q[0], 0) / big.length;
    const cy = big.reduce((s, q) => s + q[1], 0) / big.length;
    const xs = big.map((q) => q[0]);
    const ys = big.map((q) => q[1]);
    const w = Math.max(...xs) - Math.min(...xs);
    const h = Math.max(...ys) - Math.min(...ys);
    const jitter = 0.3 * (next() - 0.5);
    const theta = axisAligned ? (w > h ? Math.PI / 2 : 0) : next() * Math.PI;
    const [a, b] = cut(big, [cx + jitter * w, cy + jitter * h], theta);
    if (a.length < 3 || b.length < 3) break;
    pieces = [...rest, a, b];
  }
  return pieces;
}

interface Partition {
  parents: Shape[];
  children: { shape: Shape; parent: number }[];
}

function partition(seed: number, axisAligned: boolean): Partition {
  const next = rng(seed);
  const [x0, y0] = [113.6 + next() * 0.1, 34.7 + next() * 0.1];
  const [w, h] = [0.01 + next() * 0.05, 0.01 + next() * 0.05];
  const region: Position[] = [[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h]];
  const parentRings = split(region, 2 + Math.floor(next() * 6), next, axisAligned);
  const parents = parentRings.map((r) => new Shape(poly(r)));
  const children = parentRings.flatMap((r, parent) =>
    split(r, 1 + Math.floor(next() * 5), next, axisAligned).map((c) => ({ shape: new Shape(poly(c)), parent })),
  );
  return { parents, children };
}

const candidatesOf = (parents: Shape[]) => parents.map((shape, i) => ({ code: `P${String(i).padStart(2, '0')}`, shape, rank: 0 }));

/** Share of child inside parent by turf clipping alone, the slow reference. */
function clippedFraction(parent: Shape, child: Shape): number {
  const common = intersect(featureCollection([feature(child.geometry), feature(parent.geometry)]));
  return common === null ? 0 : area(common) / child.area;
}

describe('containment inference', () => {
  it.each([
    ['axis-aligned rectangles', true],
    ['convex pieces cut at random angles', false],
  ])('with the flatbush index agrees with a brute-force loop and with the truth on random partitions of %s', (_name, axisAligned) => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const { parents, children } = partition(seed, axisAligned);
        const index = new ContainmentIndex(candidatesOf(parents));
        for (const child of children) {
          const fast = index.find(child.shape);
          expect(fast).toEqual(index.findBruteForce(child.shape));
          expect(fast.best).toBe(child.parent);
          expect(fast.fraction).toBe(1);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('agrees with brute force for arbitrary rectangles that straddle parents', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 5 }), (seed, spots) => {
        const { parents } = partition(seed, true);
        const index = new ContainmentIndex(candidatesOf(parents));
        const [minX, minY, maxX, maxY] = parents.reduce(
          (b, p) => [Math.min(b[0], p.indexed.bbox[0]), Math.min(b[1], p.indexed.bbox[1]), Math.max(b[2], p.indexed.bbox[2]), Math.max(b[3], p.indexed.bbox[3])],
          [Infinity, Infinity, -Infinity, -Infinity],
        );
        for (const [u, v] of spots) {
          const x = minX + u * (maxX - minX);
          const y = minY + v * (maxY - minY);
          const d = 0.2 * (maxX - minX);
          const child = new Shape(poly([[x, y], [x + d, y], [x + d, y + d], [x, y + d]]));
          const fast = index.find(child);
          expect(fast).toEqual(index.findBruteForce(child));
          if (fast.best !== null) {
            expect(clippedFraction(parents[fast.best], child)).toBeGreaterThanOrEqual(MIN_CONTAINED_FRACTION - 1e-9);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('provablyInside', () => {
  const rect = (x0: number, y0: number, x1: number, y1: number, holes: Position[][] = []) =>
    new Shape({ type: 'Polygon', coordinates: [closed([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]), ...holes.map((h) => closed(h))] });

  it('proves a child sharing its parent’s edges, and its parent equal to it', () => {
    const parent = rect(0, 0, 0.01, 0.01);
    expect(provablyInside(parent, rect(0, 0, 0.005, 0.01))).toBe(true);
    expect(provablyInside(parent, rect(0, 0, 0.01, 0.01))).toBe(true);
  });

  it('refuses a child over a hole of the parent, though its corners and centre are inside the parent', () => {
    // The hole sits off-centre, so the child's interior point alone would not notice it.
    const parent = rect(0, 0, 0.01, 0.01, [[[0.003, 0.003], [0.003, 0.004], [0.004, 0.004], [0.004, 0.003]]]);
    const child = rect(0.002, 0.002, 0.008, 0.008);
    expect(provablyInside(parent, child)).toBe(false);
    // 1 of the child's 36 square units is hole.
    expect(overlapFraction(parent, child).fraction).toBeCloseTo(1 - 1 / 36, 3);
  });

  it('refuses a child across a notch of a concave parent, though its corners and centre are inside it', () => {
    // A U-shaped parent (notch x 0.01–0.02, y 0.02–0.03); the child's top edge crosses the gap.
    const u = new Shape(poly([[0, 0], [0.03, 0], [0.03, 0.03], [0.02, 0.03], [0.02, 0.02], [0.01, 0.02], [0.01, 0.03], [0, 0.03]]));
    const child = rect(0.005, 0.005, 0.025, 0.025);
    expect(provablyInside(u, child)).toBe(false);
    // The notch takes 0.01 × 0.005 of the child's 0.02 × 0.02.
    expect(overlapFraction(u, child).fraction).toBeCloseTo(0.875, 3);
  });

  it('refuses a child equal to a hole of the parent', () => {
    const hole: Position[] = [[0.004, 0.004], [0.004, 0.006], [0.006, 0.006], [0.006, 0.004]];
    const parent = rect(0, 0, 0.01, 0.01, [hole]);
    expect(provablyInside(parent, rect(0.004, 0.004, 0.006, 0.006))).toBe(false);
  });

  it('matches clipping whenever it claims containment, on random rectangles', () => {
    const parent = new Shape(poly([[0, 0], [0.02, 0], [0.03, 0.015], [0.02, 0.03], [0, 0.03], [0.01, 0.015]]));
    fc.assert(
      fc.property(
        fc.double({ min: -0.005, max: 0.03, noNaN: true }),
        fc.double({ min: -0.005, max: 0.03, noNaN: true }),
        fc.double({ min: 0.0005, max: 0.02, noNaN: true }),
        (x, y, d) => {
          const child = rect(x, y, x + d, y + d);
          if (provablyInside(parent, child)) expect(clippedFraction(parent, child)).toBeGreaterThan(0.999999);
        },
      ),
      { numRuns: 300 },
    );
  });
});
