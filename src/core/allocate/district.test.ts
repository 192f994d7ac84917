import type { Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../demo';
import { interiorPoint, type PolygonRings } from '../import/planar';
import type { District, GridUnit } from '../model';
import { computeGridStats } from '../stats';
import { allocateBuildings, type BuildingItem } from './index';

let district: District;
beforeAll(() => {
  district = generateDemoDistrict();
});

/** A square footprint of about 2·half metres around a grid's interior point. */
function footprintIn(g: GridUnit, half = 1.5, dx = 0): Polygon {
  const rings = (g.geometry.type === 'Polygon' ? g.geometry.coordinates : g.geometry.coordinates[0]) as PolygonRings;
  const p = interiorPoint(rings);
  if (!p) throw new Error(`no interior point for ${g.code}`);
  const hx = half / 91_000;
  const hy = half / 111_000;
  const x = p[0] + dx / 91_000;
  const y = p[1];
  return { type: 'Polygon', coordinates: [[[x - hx, y - hy], [x + hx, y - hy], [x + hx, y + hy], [x - hx, y + hy], [x - hx, y - hy]]] };
}

describe('allocateBuildings on the demo district', () => {
  it('gives a new building its micro-grid and every ancestor', () => {
    const micros = district.grids.filter((g) => g.level === 4).slice(0, 12);
    const items: BuildingItem[] = micros.map((g, i) => ({ id: `new-${i}`, geometry: footprintIn(g), households: 10 }));
    const out = allocateBuildings(district, items);
    expect(out.problems.filter((p) => p.kind !== 'overlap')).toEqual([]);
    out.items.forEach((a, i) => {
      const g = micros[i];
      expect(a.unitCode).toBe(g.code);
      expect(a.unitKind).toBe('micro_grid');
      expect(a.result.status).toBe('inside');
      const grid = district.grids.find((u) => u.code === g.parentCode);
      const community = district.grids.find((u) => u.code === grid?.parentCode);
      expect(a.levels).toEqual({ microGrid: g.code, grid: grid?.code, community: community?.code, subDistrict: community?.parentCode });
      expect(a.levels.subDistrict).not.toBeNull();
    });
  });

  it('sends a school-flagged building in a school grid to the dedicated grid; an unflagged one stays on micro-grids', () => {
    const school = district.grids.find((g) => g.kind === 'dedicated' && g.dedicatedKind === 'school');
    expect(school).toBeDefined();
    if (!school) return;
    const geometry = footprintIn(school, 5);
    const out = allocateBuildings(district, [
      { id: 'school-new', geometry, households: 0, use: 'school' },
      { id: 'flat-new', geometry, households: 20 },
    ]);
    const [flagged, plain] = out.items;
    expect(flagged.unitCode).toBe(school.code);
    expect(flagged.unitKind).toBe('dedicated');
    expect(flagged.levels.grid).toBe(school.code);
    expect(flagged.levels.microGrid).toBeNull();
    expect(flagged.levels.community).toBe(school.parentCode);
    expect(plain.unitKind === 'dedicated').toBe(false);
    expect(plain.result.status === 'inside').toBe(false);
  });

  it('band report: households before and after, crossings and suggestions', () => {
    const stats = computeGridStats(district);
    const micros = district.grids.filter((g) => g.level === 4 && g.kind === 'base');
    const inBand = micros.find((g) => {
      const h = stats.get(g.code)?.households ?? 0;
      return h >= 55 && h <= 65;
    });
    expect(inBand).toBeDefined();
    if (!inBand) return;
    const before = stats.get(inBand.code)?.households ?? 0;
    const out = allocateBuildings(district, [
      { id: 'tower-a', geometry: footprintIn(inBand, 1), households: 24 },
      { id: 'tower-b', geometry: footprintIn(inBand, 1, 3), households: 18 },
      { id: 'bad', geometry: null as never, households: 30 },
    ]);
    expect(out.items[2].result.status).toBe('invalid');
    const change = out.band.changed.find((c) => c.code === inBand.code);
    expect(change).toMatchObject({ before, after: before + 42, statusBefore: 'in', statusAfter: 'over', added: 2 });
    expect(out.band.changed).toHaveLength(1);
    expect(out.band.leftBand).toEqual([inBand.code]);
    expect(out.band.enteredBand).toEqual([]);
    const mine = out.band.suggestions.filter((s) => s.code === inBand.code);
    const split = mine.find((s) => s.kind === 'split');
    expect(split).toMatchObject({ kind: 'split', households: before + 42, parts: 2 });
    for (const s of mine) {
      if (s.kind !== 'move') continue;
      expect(s.resultFrom).toBeLessThanOrEqual(70);
      expect(s.resultTo).toBeLessThanOrEqual(70);
      const to = district.grids.find((g) => g.code === s.to);
      expect(to?.parentCode).toBe(inBand.parentCode);
    }
  });

  it('under-band suggestions name same-grid neighbours', () => {
    const out = allocateBuildings(district, [], { suggestFor: 'all' });
    const unders = out.band.suggestions.filter((s) => s.kind === 'merge' || s.kind === 'take');
    for (const s of unders) {
      const other = s.kind === 'merge' ? s.with : s.from;
      const a = district.grids.find((g) => g.code === s.code);
      const b = district.grids.find((g) => g.code === other);
      expect(a?.parentCode).toBe(b?.parentCode);
    }
    expect(out.band.changed).toEqual([]);
  });
});

describe('band suggestions on a hand-built grid', () => {
  // One grid G of three micro-grids in a row: M1 (over), M2 (in band), M3 (under).
  const S = 0.001;
  const sq = (i: number): Polygon => ({
    type: 'Polygon',
    coordinates: [[[113.6 + i * S, 34.7], [113.6 + (i + 1) * S, 34.7], [113.6 + (i + 1) * S, 34.7 + S], [113.6 + i * S, 34.7 + S], [113.6 + i * S, 34.7]]],
  });
  const unit = (code: string, level: 1 | 2 | 3 | 4, parentCode: string | null, geometry: Polygon): GridUnit => ({
    code: code as GridUnit['code'],
    name: code,
    level,
    kind: 'base',
    parentCode: parentCode as GridUnit['parentCode'],
    geometry,
    chiefId: null,
    workerIds: [],
  });
  const outline: Polygon = { type: 'Polygon', coordinates: [[[113.6, 34.7], [113.6 + 3 * S, 34.7], [113.6 + 3 * S, 34.7 + S], [113.6, 34.7 + S], [113.6, 34.7]]] };
  const building = (id: string, gridCode: string, households: number) => ({
    id: id as District['buildings'][number]['id'],
    name: id,
    compound: 'c',
    use: 'residential' as const,
    gridCode: gridCode as GridUnit['code'],
    footprint: sq(0),
    entrances: [],
    floors: 6,
    households,
    residents: households * 3,
  });
  const tiny: District = {
    formatVersion: 1,
    seed: null,
    region: 'T',
    name: 'tiny',
    center: [113.6015, 34.7005],
    grids: [unit('T-1', 1, null, outline), unit('T-1-1', 2, 'T-1', outline), unit('T-1-1-1', 3, 'T-1-1', outline), unit('T-1-1-1-1', 4, 'T-1-1-1', sq(0)), unit('T-1-1-1-2', 4, 'T-1-1-1', sq(1)), unit('T-1-1-1-3', 4, 'T-1-1-1', sq(2))],
    buildings: [building('b1', 'T-1-1-1-1', 40), building('b2', 'T-1-1-1-1', 25), building('b4', 'T-1-1-1-2', 50), building('b5', 'T-1-1-1-3', 20)],
    staff: [],
    roads: [],
    pois: [],
  };
  it('suggests moving buildings to a neighbour with room, merging an under-band one, and where a split fits', () => {
    const fp: Polygon = { type: 'Polygon', coordinates: [[[113.6002, 34.7002], [113.6003, 34.7002], [113.6003, 34.7003], [113.6002, 34.7003], [113.6002, 34.7002]]] };
    const out = allocateBuildings(tiny, [{ id: 'new', geometry: fp, households: 15 }], { suggestFor: 'all' });
    expect(out.items[0].levels).toEqual({ subDistrict: 'T-1', community: 'T-1-1', grid: 'T-1-1-1', microGrid: 'T-1-1-1-1' });
    expect(out.band.changed).toEqual([{ code: 'T-1-1-1-1', parentCode: 'T-1-1-1', before: 65, after: 80, statusBefore: 'in', statusAfter: 'over', added: 1 }]);
    expect(out.band.suggestions).toEqual([
      { kind: 'move', code: 'T-1-1-1-1', to: 'T-1-1-1-2', buildingIds: ['new'], households: 15, resultFrom: 65, resultTo: 65 },
      { kind: 'split', code: 'T-1-1-1-1', households: 80, parts: 2, perPart: 40, fits: false },
      { kind: 'merge', code: 'T-1-1-1-3', with: 'T-1-1-1-2', households: 70 },
    ]);
  });
});
