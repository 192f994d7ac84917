import { describe, expect, it } from 'vitest';
import { DEDICATED_KINDS } from '../model';
import {
  dedicatedSpecs,
  layoutBuildings,
  officeSpec,
  setback,
  shopSpec,
  splitInteger,
  towerSpecs,
  walkupSpecs,
  type BuildingSpec,
  type PlacedBuilding,
} from './buildings';
import { NodeSet, ringFromPoints, type EdgeClass, type Ring } from './partition';
import { segmentDistance, signedArea, type Xy } from './plane';
import { createRng } from './rng';

const households = (specs: readonly BuildingSpec[]): number =>
  specs.reduce((sum, s) => sum + s.entrances.reduce((a, b) => a + b, 0), 0);

function block(width: number, height: number, edges: EdgeClass[]): Ring {
  const ring = ringFromPoints(
    new NodeSet(),
    [
      { x: 0, y: 0 },
      { x: width, y: 0 },
      { x: width, y: height },
      { x: 0, y: height },
    ],
    'path',
  );
  return { nodes: ring.nodes, edges };
}

/** Separating-axis test for two convex quadrilaterals: true when their interiors overlap. */
function overlaps(p: readonly Xy[], q: readonly Xy[]): boolean {
  for (const poly of [p, q]) {
    for (let i = 0; i < poly.length; i++) {
      const a = poly[i];
      const b = poly[(i + 1) % poly.length];
      const n = { x: b.y - a.y, y: a.x - b.x };
      const proj = (pts: readonly Xy[]): number[] => pts.map((pt) => pt.x * n.x + pt.y * n.y);
      const [pp, qq] = [proj(p), proj(q)];
      if (Math.max(...pp) <= Math.min(...qq) + 1e-9 || Math.max(...qq) <= Math.min(...pp) + 1e-9) return false;
    }
  }
  return true;
}

/** Signed distance (m) from each edge line of a convex counter-clockwise ring: positive inside. */
function insideDistances(p: Xy, ring: Ring): { edge: number; distance: number }[] {
  return ring.nodes.map((a, i) => {
    const b = ring.nodes[(i + 1) % ring.nodes.length];
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    return { edge: i, distance: (-(b.y - a.y) * (p.x - a.x) + (b.x - a.x) * (p.y - a.y)) / len };
  });
}

function expectSound(placed: readonly PlacedBuilding[], ring: Ring): void {
  for (const b of placed) {
    expect(signedArea(b.corners)).toBeGreaterThan(0);
    for (const corner of b.corners) {
      for (const { edge, distance } of insideDistances(corner, ring)) {
        expect(distance).toBeGreaterThanOrEqual(setback(ring.edges[edge]) - 1e-6);
      }
    }
    expect(b.entrances).toHaveLength(b.spec.entrances.length);
    for (const e of b.entrances) {
      const onEdge = b.corners.some((a, i) => segmentDistance(e, a, b.corners[(i + 1) % 4]).distance < 1e-6);
      expect(onEdge).toBe(true);
    }
  }
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) expect(overlaps(placed[i].corners, placed[j].corners)).toBe(false);
  }
}

describe('recipes', () => {
  it('splits an integer into parts that add up, each at least the minimum', () => {
    const rng = createRng(4);
    for (let total = 20; total < 120; total += 7) {
      const parts = splitInteger(rng, total, 3, 5);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      for (const p of parts) expect(p).toBeGreaterThanOrEqual(5);
    }
    expect(() => splitInteger(rng, 10, 3, 5)).toThrow();
  });

  it('houses exactly the households asked for, walk-ups at 5–7 floors', () => {
    const rng = createRng(8);
    for (let h = 38; h <= 95; h++) {
      const walkups = walkupSpecs(rng, h, rng.int(2, 5));
      expect(households(walkups)).toBe(h);
      for (const s of walkups) {
        expect(s.floors).toBeGreaterThanOrEqual(5);
        expect(s.floors).toBeLessThanOrEqual(7);
      }
      const towers = towerSpecs(rng, h);
      expect(households(towers)).toBe(h);
      for (const s of towers) expect((s.floors >= 11 && s.floors <= 18) || (s.floors >= 26 && s.floors <= 33)).toBe(true);
    }
  });

  it('gives public buildings no households and every dedicated kind its buildings', () => {
    const rng = createRng(9);
    expect(households([shopSpec(rng), officeSpec(rng, '街道办事处')])).toBe(0);
    for (const kind of DEDICATED_KINDS) {
      const specs = dedicatedSpecs(rng, kind, '单位');
      expect(specs.filter((s) => !s.reserve).length).toBeGreaterThanOrEqual(2);
      expect(households(specs)).toBe(0);
    }
  });
});

describe('layoutBuildings', () => {
  it('places every building inside the block, back from each street by its setback, without overlaps', () => {
    const rng = createRng(1);
    const ring = block(130, 120, ['primary', 'tertiary', 'path', 'lane']);
    const specs = [...walkupSpecs(rng, 64, 4), shopSpec(rng)];
    const placed = layoutBuildings(rng, ring, 0.03, specs);
    expect(placed).toHaveLength(specs.length);
    expectSound(placed, ring);
  });

  it('lays a narrow strip out turned a quarter rather than failing', () => {
    const rng = createRng(2);
    const ring = block(60, 260, ['tertiary', 'tertiary', 'tertiary', 'tertiary']);
    const specs = dedicatedSpecs(rng, 'hospital', '医院');
    const placed = layoutBuildings(rng, ring, 0, specs);
    expect(placed.length).toBe(specs.length);
    expectSound(placed, ring);
  });

  it('keeps the households when it has to rebuild housing as towers to fit', () => {
    const rng = createRng(3);
    const ring = block(62, 60, ['path', 'path', 'path', 'path']);
    const specs = walkupSpecs(rng, 66, 5);
    const placed = layoutBuildings(rng, ring, 0, specs);
    expect(households(placed.map((p) => p.spec))).toBe(66);
    expectSound(placed, ring);
  });

  it('throws when nothing can fit', () => {
    const rng = createRng(4);
    expect(() => layoutBuildings(rng, block(20, 20, ['primary', 'primary', 'primary', 'primary']), 0, walkupSpecs(rng, 60, 3))).toThrow();
  });
});
