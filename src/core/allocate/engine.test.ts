import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { allocate, allocateAll, buildGridIndex, locatePoints, type GridInput } from './index';

// A 3 × 2 block of 0.001° squares near 113.6 E, 34.7 N (Zhengzhou): A B C on the bottom row, D E F on top.
const X0 = 113.6;
const Y0 = 34.7;
const S = 0.001;
const sq = (i: number, j: number, w = 1, h = 1): Polygon => ({
  type: 'Polygon',
  coordinates: [[[X0 + i * S, Y0 + j * S], [X0 + (i + w) * S, Y0 + j * S], [X0 + (i + w) * S, Y0 + (j + h) * S], [X0 + i * S, Y0 + (j + h) * S], [X0 + i * S, Y0 + j * S]]],
});
const grids: GridInput[] = [
  { id: 'A', geometry: sq(0, 0) },
  { id: 'B', geometry: sq(1, 0) },
  { id: 'C', geometry: sq(2, 0) },
  { id: 'D', geometry: sq(0, 1) },
  { id: 'E', geometry: sq(1, 1) },
  { id: 'F', geometry: sq(2, 1) },
];
const pt = (x: number, y: number) => ({ type: 'Point' as const, coordinates: [X0 + x * S, Y0 + y * S] });
const box = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[X0 + x0 * S, Y0 + y0 * S], [X0 + x1 * S, Y0 + y0 * S], [X0 + x1 * S, Y0 + y1 * S], [X0 + x0 * S, Y0 + y1 * S], [X0 + x0 * S, Y0 + y0 * S]]],
});

describe('points', () => {
  const { index, problems } = buildGridIndex(grids);
  it('indexes a clean tiling without problems', () => {
    expect(problems).toEqual([]);
    expect(index.size).toBe(6);
  });
  it('puts interior points in their grid', () => {
    expect(allocate(index, pt(0.5, 0.5))).toMatchObject({ gridId: 'A', status: 'inside', share: 1 });
    expect(allocate(index, pt(2.5, 1.5)).gridId).toBe('F');
  });
  it('puts a point on a shared edge in the lowest id, and explains', () => {
    const r = allocate(index, pt(1, 0.5));
    expect(r.gridId).toBe('A');
    expect(r.reason).toMatch(/A, B/);
    expect(allocate(index, pt(1.5, 1)).gridId).toBe('B');
    expect(allocate(index, pt(2, 1.5)).gridId).toBe('E');
  });
  it('puts a point on a vertex shared by four grids in the lowest id', () => {
    expect(allocate(index, pt(1, 1)).gridId).toBe('A');
    expect(allocate(index, pt(2, 1)).gridId).toBe('B');
  });
  it('puts a point on a vertex shared by three grids (a T-junction) in the lowest id', () => {
    const t = buildGridIndex([
      { id: 'Z', geometry: sq(0, 0) },
      { id: 'Y', geometry: sq(1, 0) },
      { id: 'X', geometry: sq(0, 1, 2, 1) },
    ]).index;
    expect(allocate(t, pt(1, 1)).gridId).toBe('X');
    expect(allocate(t, pt(1, 0.5)).gridId).toBe('Y');
    expect(allocate(t, pt(1, 0)).gridId).toBe('Y');
    expect(locatePoints(t, new Float64Array([X0 + S, Y0 + S, X0 + S, Y0 + 0.5 * S]))).toEqual(['X', 'Y']);
  });
  it('assigns the nearest grid within 200 m, else outside', () => {
    // 0.001° of latitude is about 111 m.
    const near = allocate(index, pt(0.5, -1));
    expect(near).toMatchObject({ gridId: 'A', status: 'nearest' });
    expect(near.distanceM).toBeCloseTo(111.2, 0);
    const far = allocate(index, pt(0.5, -2));
    expect(far).toMatchObject({ gridId: null, status: 'outside' });
    expect(allocate(index, pt(0.5, -2), { nearestM: 300 }).gridId).toBe('A');
  });
  it('locatePoints agrees with allocate', () => {
    const coords = new Float64Array([X0 + 0.5 * S, Y0 + 0.5 * S, X0 + S, Y0 + S, X0 + 0.5 * S, Y0 - S, X0, Y0 - 5 * S, NaN, 1, NaN, Y0 + 0.5 * S, X0 + 0.5 * S, NaN]);
    expect(locatePoints(index, coords)).toEqual(['A', 'A', 'A', null, null, null, null]);
  });
});

describe('footprints', () => {
  const { index } = buildGridIndex(grids);
  it('inside one grid', () => {
    const r = allocate(index, box(0.2, 0.2, 0.6, 0.5));
    expect(r).toMatchObject({ gridId: 'A', pointGridId: 'A', status: 'inside', share: 1 });
    expect(r.areaM2).toBeGreaterThan(0.4 * 0.3 * 91 * 111 * 0.98);
  });
  it('straddling two grids goes to the larger overlap', () => {
    const r = allocate(index, box(0.7, 0.2, 1.1, 0.5));
    expect(r.status).toBe('straddles');
    expect(r.gridId).toBe('A');
    expect(r.share).toBeCloseTo(0.75, 6);
    expect(r.overlaps?.map((o) => o.gridId)).toEqual(['A', 'B']);
  });
  it('spanning three grids', () => {
    const r = allocate(index, box(0.8, 0.6, 2.3, 0.9));
    expect(r.status).toBe('straddles');
    expect(r.gridId).toBe('B');
    expect(r.overlaps?.length).toBe(3);
  });
  it('partly outside', () => {
    const r = allocate(index, box(0.2, -0.4, 0.4, 0.4));
    expect(r).toMatchObject({ gridId: 'A', status: 'partly_outside' });
    // Not exactly 0.5: the southern half of the footprint is slightly larger on the sphere.
    expect(r.share).toBeCloseTo(0.5, 4);
  });
  it('outside: nearest within 200 m, status stays outside', () => {
    const r = allocate(index, box(0.2, -1.4, 0.4, -1.2));
    expect(r).toMatchObject({ gridId: 'A', status: 'outside', share: 0 });
    expect(r.distanceM).toBeGreaterThan(130);
    expect(allocate(index, box(0.2, -4, 0.4, -3)).gridId).toBeNull();
  });
  it('ties go to the lowest id', () => {
    expect(allocate(index, box(0.8, 0.2, 1.2, 0.4)).gridId).toBe('A');
  });
  it('a concave footprint against concave grids uses turf and agrees', () => {
    const L: Polygon = { type: 'Polygon', coordinates: [[[X0 + 0.5 * S, Y0 + 0.5 * S], [X0 + 1.5 * S, Y0 + 0.5 * S], [X0 + 1.5 * S, Y0 + 0.7 * S], [X0 + 0.7 * S, Y0 + 0.7 * S], [X0 + 0.7 * S, Y0 + 1.5 * S], [X0 + 0.5 * S, Y0 + 1.5 * S], [X0 + 0.5 * S, Y0 + 0.5 * S]]] };
    const r = allocate(index, L);
    expect(r.status).toBe('straddles');
    expect(r.overlaps?.map((o) => o.gridId).sort()).toEqual(['A', 'B', 'D']);
  });
});

describe('invalid items', () => {
  const { index } = buildGridIndex(grids);
  it.each([
    ['null', null],
    ['NaN', { type: 'Point', coordinates: [NaN, 34] }],
    ['out of range', { type: 'Point', coordinates: [200, 34] }],
    ['wrong type', { type: 'LineString', coordinates: [[0, 0], [1, 1]] }],
    ['too few positions', { type: 'Polygon', coordinates: [[[X0, Y0], [X0 + S, Y0], [X0, Y0]]] }],
    ['bow-tie', { type: 'Polygon', coordinates: [[[X0, Y0], [X0 + S, Y0 + S], [X0 + S, Y0], [X0, Y0 + S], [X0, Y0]]] }],
  ])('%s → invalid with a reason', (_name, g) => {
    const r = allocate(index, g as never);
    expect(r.status).toBe('invalid');
    expect(r.reason).toBeTruthy();
  });
});

describe('grid problems', () => {
  it('repairs a bow-tie grid or skips it with a reason', () => {
    const bowtie: Polygon = { type: 'Polygon', coordinates: [[[X0, Y0], [X0 + S, Y0 + S], [X0 + S, Y0], [X0, Y0 + S], [X0, Y0]]] };
    const { index, problems } = buildGridIndex([{ id: 'X', geometry: bowtie }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ id: 'X', kind: 'self_intersection' });
    if (problems[0].action === 'repaired') {
      expect(index.size).toBe(1);
      expect(allocate(index, { type: 'Point', coordinates: [X0 + 0.5 * S, Y0 + 0.2 * S] }).gridId).toBe('X');
    } else {
      expect(problems[0].action).toBe('skipped');
    }
  });
  it('skips invalid grids with a reason and keeps the rest', () => {
    const { index, problems } = buildGridIndex([
      { id: 'A', geometry: sq(0, 0) },
      { id: 'N', geometry: { type: 'Polygon', coordinates: [[[NaN, 1], [2, 2], [3, 1], [NaN, 1]]] } },
      { id: 'Z', geometry: null as never },
    ]);
    expect(index.size).toBe(1);
    expect(problems.map((p) => [p.id, p.action])).toEqual([['N', 'skipped'], ['Z', 'skipped']]);
  });
  it('flags overlapping grids with the pair and keeps both', () => {
    const { index, problems } = buildGridIndex([
      { id: 'A', geometry: sq(0, 0) },
      { id: 'B', geometry: sq(0.5, 0.5) },
      { id: 'C', geometry: sq(3, 0) },
    ]);
    expect(index.size).toBe(3);
    const overlaps = problems.filter((p) => p.kind === 'overlap');
    expect(overlaps).toHaveLength(1);
    expect(overlaps[0]).toMatchObject({ id: 'B', otherId: 'A', action: 'kept' });
    expect(allocate(index, pt(0.75, 0.75)).gridId).toBe('A');
  });
  it('flags a thin overlap the scanline misses', () => {
    const { problems } = buildGridIndex([
      { id: 'A', geometry: sq(0, 0, 10, 10) },
      { id: 'B', geometry: box(9.999, 0, 20, 10) },
    ]);
    expect(problems.filter((p) => p.kind === 'overlap')).toHaveLength(1);
  });
  it('merges grids sharing an id', () => {
    const { index, problems } = buildGridIndex([
      { id: 'A', geometry: sq(0, 0) },
      { id: 'A', geometry: sq(1, 0) },
      { id: 'B', geometry: sq(2, 0) },
    ]);
    expect(problems).toEqual([]);
    expect(index.size).toBe(2);
    const r = allocate(index, box(0.5, 0.2, 1.5, 0.4));
    expect(r).toMatchObject({ gridId: 'A', status: 'inside' });
    expect(r.share).toBeCloseTo(1, 9);
  });
});

describe('allocateAll', () => {
  it('reports progress and stops when cancelled', () => {
    const { index } = buildGridIndex(grids);
    const items = Array.from({ length: 25 }, (_, i) => pt(0.1 + (i % 3), 0.5));
    const progress: number[] = [];
    expect(allocateAll(index, items, { progressEvery: 10, onProgress: (d) => progress.push(d) }).map((r) => r.gridId)).toEqual(items.map((_, i) => ['A', 'B', 'C'][i % 3]));
    expect(progress).toEqual([10, 20, 25]);
    let n = 0;
    expect(allocateAll(index, items, { isCancelled: () => ++n > 7 })).toHaveLength(7);
  });
  it('skips a degenerate (zero-area, folded) grid with a reason', () => {
    const flat: Polygon = { type: 'Polygon', coordinates: [[[X0, Y0], [X0 + S, Y0], [X0 + 2 * S, Y0], [X0, Y0]]] };
    const { index, problems } = buildGridIndex([{ id: 'F', geometry: flat }, { id: 'A', geometry: sq(0, 0) }]);
    expect(index.size).toBe(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ index: 0, id: 'F', action: 'skipped' });
    expect(problems[0].reason).toBeTruthy();
  });
});
