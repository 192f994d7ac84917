import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutRing, NodeSet, nodeRings, ringArea, ringFromPoints, splitWeighted, unionRings, type Ring } from './partition';
import { isConvexCcw, segmentDistance, type Xy } from './plane';
import { createRng } from './rng';

const square = (nodes: NodeSet, size = 100): Ring =>
  ringFromPoints(
    nodes,
    [
      { x: 0, y: 0 },
      { x: size, y: 0 },
      { x: size, y: size },
      { x: 0, y: size },
    ],
    'outline',
  );

/** Convex hull (Andrew's monotone chain), counter-clockwise, for random convex test polygons. */
function hull(points: readonly Xy[]): Xy[] {
  const sorted = points.slice().sort((a, b) => a.x - b.x || a.y - b.y);
  const cross = (o: Xy, a: Xy, b: Xy): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const half = (list: Xy[]): Xy[] => {
    const out: Xy[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2], out[out.length - 1], p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(sorted), ...half(sorted.slice().reverse())];
}

/**
 * The tiling property at the level of shared vertices: every edge of every piece is either on
 * the parent's outline or walked the other way by exactly one other piece.
 */
function edgesPairUp(pieces: readonly Ring[], outline: Ring): boolean {
  const count = new Map<string, number>();
  const key = (a: number, b: number): string => `${a}>${b}`;
  for (const ring of pieces) {
    ring.nodes.forEach((a, i) => {
      const b = ring.nodes[(i + 1) % ring.nodes.length];
      count.set(key(a.id, b.id), (count.get(key(a.id, b.id)) ?? 0) + 1);
    });
  }
  const outer = new Set(outline.nodes.map((a, i) => key(a.id, outline.nodes[(i + 1) % outline.nodes.length].id)));
  for (const [k, n] of count) {
    if (n !== 1) return false;
    const [a, b] = k.split('>');
    if (!outer.has(k) && !count.has(key(Number(b), Number(a)))) return false;
  }
  return true;
}

describe('cutRing', () => {
  it('cuts a square in two along a line, both pieces sharing the two new nodes', () => {
    const nodes = new NodeSet();
    const ring = square(nodes);
    const result = cutRing(nodes, ring, { x: 1, y: 0 }, 30, 'tertiary', 0);
    expect(result).not.toBeNull();
    const { neg, pos, cut } = result as NonNullable<typeof result>;
    expect(ringArea(neg)).toBeCloseTo(3000, 6);
    expect(ringArea(pos)).toBeCloseTo(7000, 6);
    for (const end of [cut.a, cut.b]) {
      expect(neg.nodes).toContain(end);
      expect(pos.nodes).toContain(end);
      expect(end.x).toBeCloseTo(30, 9);
    }
    // The cut edge is tagged with the cut's class on both sides.
    expect(neg.edges.filter((e) => e === 'tertiary')).toHaveLength(1);
    expect(pos.edges.filter((e) => e === 'tertiary')).toHaveLength(1);
  });

  it('returns null when the line misses the ring', () => {
    const nodes = new NodeSet();
    expect(cutRing(nodes, square(nodes), { x: 1, y: 0 }, 150, 'path', 0)).toBeNull();
  });

  it('snaps an end point onto a node already on the boundary', () => {
    const nodes = new NodeSet();
    const ring = square(nodes);
    // A node on the bottom edge, as a neighbour's earlier cut would leave it.
    const existing = nodes.add(32, 0);
    const result = cutRing(nodes, ring, { x: 1, y: 0 }, 30, 'path', 4);
    expect(result?.cut.a === existing || result?.cut.b === existing).toBe(true);
    const far = cutRing(nodes, square(nodes), { x: 1, y: 0 }, 20, 'path', 4);
    expect(far?.cut.a === existing || far?.cut.b === existing).toBe(false);
  });
});

describe('splitWeighted', () => {
  // Hulls of points on a metre lattice: strictly convex, no two vertices closer than a metre
  // (as in the district, where cuts snap to nodes within 4 m).
  const polygonArb = fc
    .array(fc.tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: -500, max: 500 })), {
      minLength: 6,
      maxLength: 14,
    })
    .map((pts) => hull(pts.map(([x, y]) => ({ x, y }))))
    .filter((ring) => ring.length >= 3 && Math.abs(ringAreaOf(ring)) > 50_000);
  const weightsArb = fc.array(fc.double({ min: 1, max: 5, noNaN: true }), { minLength: 1, maxLength: 9 });

  it('tiles any convex polygon into convex pieces with the weights’ areas (no snapping)', () => {
    fc.assert(
      fc.property(polygonArb, weightsArb, fc.integer(), (points, weights, seed) => {
        const nodes = new NodeSet();
        const ring = ringFromPoints(nodes, points, 'outline');
        const pieces = splitWeighted(nodes, ring, weights, {
          rng: createRng(seed),
          frameAngle: 0.05,
          jitter: 0.08,
          cls: 'path',
          snap: 0,
        });
        expect(pieces).toHaveLength(weights.length);
        const total = ringArea(ring);
        const totalWeight = weights.reduce((a, b) => a + b, 0);
        pieces.forEach((piece, i) => {
          expect(isConvexCcw(piece.nodes, 1e-6)).toBe(true);
          expect(ringArea(piece) / total).toBeCloseTo(weights[i] / totalWeight, 6);
        });
        const noded = nodeRings([ring, ...pieces], nodes);
        expect(edgesPairUp(noded.slice(1), noded[0])).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the tiling exact when cuts snap to nodes', () => {
    fc.assert(
      fc.property(polygonArb, weightsArb, fc.integer(), (points, weights, seed) => {
        const nodes = new NodeSet();
        const ring = ringFromPoints(nodes, points, 'outline');
        const pieces = splitWeighted(nodes, ring, weights, {
          rng: createRng(seed),
          frameAngle: 0,
          jitter: 0.1,
          cls: 'path',
          snap: 4,
        });
        const sum = pieces.reduce((a, p) => a + ringArea(p), 0);
        expect(Math.abs(sum - ringArea(ring)) / ringArea(ring)).toBeLessThan(1e-9);
        const noded = nodeRings([ring, ...pieces], nodes);
        expect(edgesPairUp(noded.slice(1), noded[0])).toBe(true);
        const outline = unionRings(noded.slice(1));
        expect(Math.abs(ringArea(outline) - ringArea(ring)) / ringArea(ring)).toBeLessThan(1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('reports each cut once, as a segment between two nodes on the pieces', () => {
    const nodes = new NodeSet();
    const ring = square(nodes, 400);
    const cuts: { a: Xy; b: Xy }[] = [];
    const pieces = splitWeighted(nodes, ring, [1, 1, 1, 1, 1], {
      rng: createRng(3),
      frameAngle: 0,
      jitter: 0.05,
      cls: 'tertiary',
      snap: 4,
      onCut: (cut) => cuts.push(cut),
    });
    expect(cuts).toHaveLength(4);
    const allNodes = new Set(pieces.flatMap((p) => p.nodes));
    for (const cut of cuts) {
      expect(allNodes.has(cut.a as never)).toBe(true);
      expect(allNodes.has(cut.b as never)).toBe(true);
    }
  });
});

describe('nodeRings', () => {
  it('inserts the T-junction a neighbour’s cut left on an edge', () => {
    const nodes = new NodeSet();
    const ring = square(nodes);
    const first = cutRing(nodes, ring, { x: 1, y: 0 }, 50, 'secondary', 0);
    if (!first) throw new Error('cut failed');
    // Cutting the west half leaves a node on the shared edge x = 50 that the east half lacks.
    const second = cutRing(nodes, first.neg, { x: 0, y: 1 }, 40, 'tertiary', 0);
    if (!second) throw new Error('cut failed');
    const east = first.pos;
    const junction = [second.cut.a, second.cut.b].find((n) => Math.abs(n.x - 50) < 1e-9) as Xy;
    expect(east.nodes).not.toContain(junction);
    const [nodedEast] = nodeRings([east], nodes);
    expect(nodedEast.nodes).toContain(junction);
    expect(ringArea(nodedEast)).toBeCloseTo(ringArea(east), 9);
    // No node of the set lies inside any edge of the noded ring any more.
    nodedEast.nodes.forEach((a, i) => {
      const b = nodedEast.nodes[(i + 1) % nodedEast.nodes.length];
      for (const n of nodes.all) {
        if (n === a || n === b) continue;
        const { distance, t } = segmentDistance(n, a, b);
        expect(distance < 1e-6 && t > 0 && t < 1).toBe(false);
      }
    });
  });
});

function ringAreaOf(ring: readonly Xy[]): number {
  let twice = 0;
  ring.forEach((a, i) => {
    const b = ring[(i + 1) % ring.length];
    twice += a.x * b.y - b.x * a.y;
  });
  return twice / 2;
}
