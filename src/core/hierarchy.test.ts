import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from './demo';
import { buildHierarchyIndex } from './hierarchy';
import { asGridCode, type GridLevel, type GridUnit } from './model';

const grid = (code: string, level: GridLevel, parent: string | null): GridUnit => ({
  code: asGridCode(code),
  name: code,
  level,
  kind: 'base',
  parentCode: parent === null ? null : asGridCode(parent),
  geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
  chiefId: null,
  workerIds: [],
});

/** Out of order on purpose, with an orphan whose parent is missing. */
const grids = [
  grid('A-2', 2, 'A'),
  grid('A-1-02', 3, 'A-1'),
  grid('A', 1, null),
  grid('A-1', 2, 'A'),
  grid('A-1-01', 3, 'A-1'),
  grid('A-1-01-01', 4, 'A-1-01'),
  grid('B', 1, null),
  grid('X-9-01', 3, 'X-9'),
];
const codes = (units: readonly GridUnit[]): string[] => units.map((g) => g.code);
const c = asGridCode;

describe('buildHierarchyIndex', () => {
  const index = buildHierarchyIndex(grids);

  it('finds units by code', () => {
    expect(index.get(c('A-1-01'))?.level).toBe(3);
    expect(index.get(c('nope'))).toBeUndefined();
  });

  it('lists children sorted by code', () => {
    expect(codes(index.children(c('A')))).toEqual(['A-1', 'A-2']);
    expect(codes(index.children(c('A-1')))).toEqual(['A-1-01', 'A-1-02']);
    expect(index.children(c('A-1-01-01'))).toEqual([]);
    expect(index.children(c('nope'))).toEqual([]);
  });

  it('lists ancestors from the root down, without the unit itself', () => {
    expect(codes(index.ancestors(c('A-1-01-01')))).toEqual(['A', 'A-1', 'A-1-01']);
    expect(index.ancestors(c('A'))).toEqual([]);
    expect(index.ancestors(c('nope'))).toEqual([]);
  });

  it('lists siblings including the unit itself, sorted', () => {
    expect(codes(index.siblings(c('A-1-02')))).toEqual(['A-1-01', 'A-1-02']);
    expect(codes(index.siblings(c('A-1-01-01')))).toEqual(['A-1-01-01']);
    expect(index.siblings(c('nope'))).toEqual([]);
  });

  it('treats units without a parent, or with a missing one, as roots', () => {
    expect(codes(index.roots())).toEqual(['A', 'B', 'X-9-01']);
    expect(codes(index.siblings(c('B')))).toEqual(['A', 'B', 'X-9-01']);
    expect(index.ancestors(c('X-9-01'))).toEqual([]);
  });

  it('returns fresh lists that callers may change', () => {
    index.children(c('A')).pop();
    index.roots().pop();
    expect(codes(index.children(c('A')))).toEqual(['A-1', 'A-2']);
    expect(index.roots()).toHaveLength(3);
  });

  it('survives a cycle of parent codes', () => {
    const cyclic = buildHierarchyIndex([grid('P', 2, 'Q'), grid('Q', 2, 'P')]);
    expect(codes(cyclic.ancestors(c('P')))).toEqual(['Q']);
  });
});

describe('on the demo district', () => {
  it('puts every unit as deep as its level', () => {
    const district = generateDemoDistrict();
    const index = buildHierarchyIndex(district.grids);
    expect(index.roots()).toHaveLength(1);
    for (const g of district.grids) {
      expect(index.ancestors(g.code)).toHaveLength(g.level - 1);
      expect(index.siblings(g.code).some((s) => s.code === g.code)).toBe(true);
    }
    const all = district.grids.reduce((n, g) => n + index.children(g.code).length, 0);
    expect(all).toBe(district.grids.length - 1);
  });
});

describe('isWithin', () => {
  it('is true for the unit itself and its ancestors, false otherwise, and stops on a cycle', async () => {
    const { buildHierarchyIndex, isWithin } = await import('./hierarchy');
    const unit = (code: string, parentCode: string | null) => ({ code, parentCode, level: 1, kind: 'base', name: code }) as never;
    const h = buildHierarchyIndex([unit('A', null), unit('A-1', 'A'), unit('A-1-1', 'A-1'), unit('B', null)]);
    expect(isWithin(h, 'A-1-1' as never, 'A' as never)).toBe(true);
    expect(isWithin(h, 'A-1' as never, 'A-1' as never)).toBe(true);
    expect(isWithin(h, 'A' as never, 'A-1' as never)).toBe(false);
    expect(isWithin(h, 'A-1-1' as never, 'B' as never)).toBe(false);
    const cyclic = { get: (c: string) => ({ X: { parentCode: 'Y' }, Y: { parentCode: 'X' } })[c] } as never;
    expect(isWithin(cyclic, 'X' as never, 'Z' as never)).toBe(false);
  });
});
