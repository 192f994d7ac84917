import { area, booleanPointInPolygon, centroid } from '@turf/turf';
import type { Point, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../demo';
import { interiorPoint, type PolygonRings } from '../import/planar';
import { parseCsv } from '../io/csv';
import { asGridCode, type District, type GridCode, type GridUnit } from '../model';
import { computeGridStats } from '../stats';
import { readBuildingInput, toBuildingItems, type BuildingInputRecord } from './building-input';
import { allocateBuildings, type BuildingAllocation, type DistrictAllocation } from './district';
import {
  ADDRESS_POINT_FOOTPRINT_M,
  ALLOCATION_CSV_COLUMNS,
  allocationCsv,
  allocationGeoJson,
  applyOverrides,
  buildingsToCommit,
  leafUnitCodes,
} from './wizard-output';

let district: District;
let microA: GridUnit;
let microB: GridUnit;
let school: GridUnit;
beforeAll(() => {
  district = generateDemoDistrict();
  const micros = district.grids.filter((g) => g.level === 4 && g.kind === 'base');
  microA = micros[0];
  microB = micros[5];
  const s = district.grids.find((g) => g.kind === 'dedicated');
  if (!s) throw new Error('demo has no dedicated grid');
  school = s;
});

/** An interior point of a unit, [lon, lat]. */
function inside(g: GridUnit): [number, number] {
  const rings = (g.geometry.type === 'Polygon' ? g.geometry.coordinates : g.geometry.coordinates[0]) as PolygonRings;
  const p = interiorPoint(rings);
  if (!p) throw new Error(`no interior point for ${g.code}`);
  return [p[0], p[1]];
}

/** A square footprint of about 2·half metres around [x, y]. */
function squareAt([x, y]: [number, number], half = 1.5): Polygon {
  const hx = half / 91_000;
  const hy = half / 111_000;
  return { type: 'Polygon', coordinates: [[[x - hx, y - hy], [x + hx, y - hy], [x + hx, y + hy], [x - hx, y + hy], [x - hx, y - hy]]] };
}

const feature = (properties: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties, geometry });

/** Reads features as the wizard does and allocates the usable ones. */
function run(features: unknown[]): { records: BuildingInputRecord[]; allocation: DistrictAllocation } {
  const read = readBuildingInput({ kind: 'features', features });
  if (!read.ok) throw new Error(read.reason);
  return { records: read.records, allocation: allocateBuildings(district, toBuildingItems(read.records)) };
}

const itemOf = (a: DistrictAllocation, id: string): BuildingAllocation => {
  const item = a.items.find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id}`);
  return item;
};

describe('leafUnitCodes', () => {
  it('lists base micro-grids and dedicated grids, sorted', () => {
    const codes = leafUnitCodes(district);
    const want = district.grids.filter((g) => (g.level === 4 && g.kind === 'base') || g.kind === 'dedicated').map((g) => g.code);
    expect([...codes].sort()).toEqual([...want].sort());
    expect(codes).toEqual([...codes].sort());
    expect(codes).toContain(school.code);
    expect(codes.some((c) => district.grids.find((g) => g.code === c)?.level === 3 && district.grids.find((g) => g.code === c)?.kind === 'base')).toBe(false);
  });
});

describe('applyOverrides', () => {
  let engine: DistrictAllocation;
  beforeAll(() => {
    engine = run([
      feature({ id: 'x', households: 10 }, squareAt(inside(microA))),
      feature({ id: 'y', households: 7 }, squareAt(inside(microA), 1)),
      feature({ id: 'far', households: 4 }, { type: 'Point', coordinates: [100, 20] }),
      feature({ id: 'kinked', households: 2 }, { type: 'Polygon', coordinates: [[[113.6, 34.75], [113.601, 34.751], [113.601, 34.75], [113.6, 34.751], [113.6, 34.75]]] }),
    ]).allocation;
  });

  it('moves a building between micro-grids: both micro-grids’ after-households in the band report follow', () => {
    const stats = computeGridStats(district);
    const beforeA = stats.get(microA.code)?.households ?? 0;
    const beforeB = stats.get(microB.code)?.households ?? 0;
    expect(itemOf(engine, 'y').unitCode).toBe(microA.code);
    expect(engine.band.changed.find((c) => c.code === microA.code)).toMatchObject({ before: beforeA, after: beforeA + 17, added: 2 });

    const out = applyOverrides(district, engine, { y: microB.code });
    const y = itemOf(out, 'y');
    expect(y).toMatchObject({ unitCode: microB.code, unitKind: 'micro_grid', overridden: true });
    const grid = district.grids.find((g) => g.code === microB.parentCode);
    const community = district.grids.find((g) => g.code === grid?.parentCode);
    expect(y.levels).toEqual({ microGrid: microB.code, grid: grid?.code, community: community?.code, subDistrict: community?.parentCode });
    // The spatial result still says where it stands.
    expect(y.result).toBe(itemOf(engine, 'y').result);
    expect(out.band.changed.find((c) => c.code === microA.code)).toMatchObject({ before: beforeA, after: beforeA + 10, added: 1 });
    expect(out.band.changed.find((c) => c.code === microB.code)).toMatchObject({ before: beforeB, after: beforeB + 7, added: 1 });
    expect(out.problems).toBe(engine.problems);
  });

  it('sends an item to a dedicated grid with no micro-grid, and assigns an item that was outside', () => {
    const out = applyOverrides(district, engine, { x: school.code, far: microB.code });
    expect(itemOf(out, 'x')).toMatchObject({
      unitCode: school.code,
      unitKind: 'dedicated',
      overridden: true,
      levels: { microGrid: null, grid: school.code, community: school.parentCode },
    });
    expect(itemOf(engine, 'far').unitCode).toBeNull();
    expect(itemOf(out, 'far')).toMatchObject({ unitCode: microB.code, unitKind: 'micro_grid', overridden: true });
    // x no longer counts toward A's households; far counts toward B's.
    const changedA = out.band.changed.find((c) => c.code === microA.code);
    const changedB = out.band.changed.find((c) => c.code === microB.code);
    expect(changedA?.after).toBe((changedA?.before ?? 0) + 7);
    expect(changedB?.after).toBe((changedB?.before ?? 0) + 4);
  });

  it('ignores unknown units and items, the unit already chosen (no change, no flag), and invalid geometry', () => {
    expect(itemOf(engine, 'kinked').result.status).toBe('invalid');
    const out = applyOverrides(district, engine, {
      x: asGridCode('NO-SUCH-UNIT'),
      y: microA.code,
      kinked: microB.code,
      ghost: microB.code,
      // A base level-3 grid is not a leaf unit.
      far: microA.parentCode as GridCode,
    });
    out.items.forEach((item, i) => expect(item).toBe(engine.items[i]));
    expect(out.items.some((i) => i.overridden)).toBe(false);
    expect(out.band).toEqual(engine.band);
  });

  it('does not change its inputs', () => {
    const before = structuredClone(engine);
    const overrides = { y: microB.code, far: school.code };
    applyOverrides(district, engine, overrides);
    expect(engine).toEqual(before);
    expect(overrides).toEqual({ y: microB.code, far: school.code });
  });

  it('takes the band from the allocation unless given', () => {
    expect(applyOverrides(district, engine, {}).band.band).toEqual(engine.band.band);
    expect(applyOverrides(district, engine, {}, { band: { min: 10, max: 20 } }).band.band).toEqual({ min: 10, max: 20 });
  });

  it('handles 100,000 items quickly (one pass and one band report)', () => {
    const codes = leafUnitCodes(district).filter((c) => district.grids.find((g) => g.code === c)?.kind === 'base');
    const template = itemOf(engine, 'x');
    const items: BuildingAllocation[] = Array.from({ length: 100_000 }, (_, i) => ({ ...template, id: `b${i}`, unitCode: codes[i % codes.length], households: 1 }));
    const big: DistrictAllocation = { ...engine, items };
    const overrides: Record<string, GridCode> = {};
    for (let i = 0; i < 100_000; i += 10) overrides[`b${i}`] = codes[(i + 1) % codes.length];
    const t0 = performance.now();
    const out = applyOverrides(district, big, overrides);
    const ms = performance.now() - t0;
    expect(out.items.filter((i) => i.overridden)).toHaveLength(10_000);
    expect(out.band.changed.reduce((s, c) => s + c.after - c.before, 0)).toBe(100_000);
    expect(ms).toBeLessThan(3000);
  });
});

describe('buildingsToCommit', () => {
  it('commits a point as a square footprint centred on it, with one entrance holding all households', () => {
    const [x, y] = inside(microA);
    const { records, allocation } = run([feature({ id: 'p1', households: 24, name: '新楼', compound: '锦华小区', floors: 6, residents: 70 }, { type: 'Point', coordinates: [x, y] })]);
    const { buildings, leftOut } = buildingsToCommit(district, records, allocation);
    expect(leftOut).toEqual([]);
    expect(buildings).toHaveLength(1);
    const b = buildings[0];
    expect(b).toMatchObject({ id: 'p1', name: '新楼', compound: '锦华小区', use: 'residential', gridCode: microA.code, floors: 6, households: 24, residents: 70 });
    expect(area(b.footprint)).toBeGreaterThan(ADDRESS_POINT_FOOTPRINT_M ** 2 * 0.99);
    expect(area(b.footprint)).toBeLessThan(ADDRESS_POINT_FOOTPRINT_M ** 2 * 1.01);
    const c = centroid(b.footprint).geometry.coordinates;
    expect(c[0]).toBeCloseTo(x, 9);
    expect(c[1]).toBeCloseTo(y, 9);
    expect(b.entrances).toEqual([{ no: 1, location: [x, y], households: 24 }]);
  });

  it('keeps a footprint, the largest part of a MultiPolygon, and puts the entrance inside', () => {
    const big = squareAt(inside(microA), 4);
    const small = squareAt(inside(microB), 1);
    const { records, allocation } = run([
      feature({ id: 'poly', households: 5, use: 'shop' }, squareAt(inside(microB), 3)),
      feature({ id: 'multi', households: 9 }, { type: 'MultiPolygon', coordinates: [small.coordinates, big.coordinates] }),
    ]);
    const { buildings } = buildingsToCommit(district, records, allocation);
    expect(buildings.map((b) => [b.id, b.use, b.gridCode])).toEqual([
      ['poly', 'shop', microB.code],
      ['multi', 'residential', itemOf(allocation, 'multi').unitCode],
    ]);
    expect(buildings[0].footprint).toEqual(squareAt(inside(microB), 3));
    expect(buildings[1].footprint).toEqual(big);
    for (const b of buildings) {
      expect(b.entrances).toHaveLength(1);
      expect(booleanPointInPolygon([...b.entrances[0].location], b.footprint)).toBe(true);
      expect(b.entrances[0].households).toBe(b.households);
    }
    // The committed footprint is a copy, not the record's own arrays.
    expect(buildings[0].footprint.coordinates[0]).not.toBe((records[0].geometry as Polygon).coordinates[0]);
  });

  it('lists what it leaves out and why: invalid records, unassigned items, a cancelled run, ids the district has', () => {
    const existingId = district.buildings[0].id;
    const read = readBuildingInput({
      kind: 'features',
      features: [
        feature({ id: 'ok', households: 1 }, { type: 'Point', coordinates: inside(microA) }),
        feature({ id: 'bad', households: 'abc' }, { type: 'Point', coordinates: inside(microA) }),
        feature({ id: 'nogeo', households: 1 }, null),
        feature({ id: 'far', households: 1 }, { type: 'Point', coordinates: [100, 20] }),
        feature({ id: 'kinked', households: 1 }, { type: 'Polygon', coordinates: [[[113.6, 34.75], [113.601, 34.751], [113.601, 34.75], [113.6, 34.751], [113.6, 34.75]]] }),
        feature({ id: existingId, households: 1 }, { type: 'Point', coordinates: inside(microB) }),
        feature({ id: 'late', households: 1 }, { type: 'Point', coordinates: inside(microB) }),
      ],
    });
    if (!read.ok) throw new Error(read.reason);
    const items = toBuildingItems(read.records);
    // A cancelled run: the engine stopped before the last item.
    const allocation = allocateBuildings(district, items.slice(0, -1));
    const { buildings, leftOut } = buildingsToCommit(district, read.records, allocation);
    expect(buildings.map((b) => b.id)).toEqual(['ok']);
    expect(leftOut).toEqual([
      { id: 'bad', kind: 'invalid', reason: "households 'abc' is not a whole number ≥ 0" },
      { id: 'nogeo', kind: 'invalid', reason: 'geometry is missing' },
      { id: 'far', kind: 'unassigned', reason: 'outside every unit (no grid within 200 m)' },
      { id: 'kinked', kind: 'unassigned', reason: expect.stringMatching(/^invalid geometry: footprint intersects itself/) },
      { id: existingId, kind: 'invalid', reason: `id ${existingId} is already a building of the district` },
      { id: 'late', kind: 'unassigned', reason: 'not allocated (run cancelled)' },
    ]);

    // An override assigns the item that was outside.
    const overridden = applyOverrides(district, allocation, { far: microB.code });
    expect(buildingsToCommit(district, read.records, overridden).buildings.map((b) => [b.id, b.gridCode])).toEqual([
      ['ok', microA.code],
      ['far', microB.code],
    ]);
  });
});

describe('allocationCsv', () => {
  function sample() {
    return run([
      feature({ id: 'a1', households: 12, name: '锦华小区3号楼' }, squareAt(inside(microA))),
      feature({ id: 'a2', households: 3, name: 'Block "B", east' }, { type: 'Point', coordinates: inside(microB) }),
      feature({ id: '=HYPERLINK("x")', households: 2, name: '-2+3' }, { type: 'Point', coordinates: inside(microB) }),
      feature({ id: 'bad', households: 'abc', name: '@sum' }, { type: 'Point', coordinates: inside(microB) }),
      feature({ id: 'far', households: 1, name: '\tTab' }, { type: 'Point', coordinates: [100, 20] }),
    ]);
  }

  it('writes one row per record in order, joined to its allocation, and reads back with parseCsv', () => {
    const { records, allocation } = sample();
    const out = applyOverrides(district, allocation, { a2: microA.code });
    const text = allocationCsv(records, out);
    expect(text.startsWith('\ufeff')).toBe(false);
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = parseCsv(text);
    expect(parsed.error).toBeUndefined();
    const [head, ...rows] = parsed.records.map((r) => r.fields);
    expect(head).toEqual([...ALLOCATION_CSV_COLUMNS]);
    const objects = rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
    expect(objects.map((o) => o.item_id)).toEqual(['a1', 'a2', '=HYPERLINK("x")', 'bad', 'far']);

    const a1 = itemOf(out, 'a1');
    expect(objects[0]).toEqual({
      item_id: 'a1',
      name: '锦华小区3号楼',
      households: '12',
      status: 'inside',
      unit_code: microA.code,
      unit_kind: 'micro_grid',
      micro_grid: microA.code,
      grid: a1.levels.grid,
      community: a1.levels.community,
      sub_district: a1.levels.subDistrict,
      point_grid_id: microA.code,
      share: '1',
      area_m2: String(Math.round(a1.result.areaM2 * 10) / 10),
      distance_m: '0',
      overridden: '0',
      reason: '',
    });
    expect(objects[0].area_m2).toMatch(/^\d+(\.\d)?$/);
    expect(objects[1]).toMatchObject({ name: 'Block "B", east', unit_code: microA.code, point_grid_id: microB.code, overridden: '1' });
    expect(objects[2].name).toBe('-2+3');
    expect(objects[3]).toMatchObject({ status: 'invalid', unit_code: '', share: '', area_m2: '', distance_m: '', overridden: '0', reason: "households 'abc' is not a whole number ≥ 0" });
    expect(objects[4]).toMatchObject({ status: 'outside', unit_code: '', share: '0', reason: 'no grid within 200 m' });
  });

  it('rounds share to 4 decimals and area and distance to 1', () => {
    const { records, allocation } = sample();
    const items = allocation.items.map((i) => (i.id === 'a1' ? { ...i, result: { ...i.result, share: 0.123456789, areaM2: 12.3456, distanceM: 7.06 } } : i));
    const rows = parseCsv(allocationCsv(records, { ...allocation, items })).records;
    const head = rows[0].fields;
    const a1 = rows[1].fields;
    expect([a1[head.indexOf('share')], a1[head.indexOf('area_m2')], a1[head.indexOf('distance_m')]]).toEqual(['0.1235', '12.3', '7.1']);
  });

  it('for Excel: a BOM leads, and text cells starting with = + - @ or a tab are guarded; numbers never are', () => {
    const { records: read, allocation } = sample();
    // The reader trims names; a record built elsewhere may still lead with a tab.
    const records = read.map((r) => (r.id === 'far' ? { ...r, name: '\tTab' } : r));
    const text = allocationCsv(records, allocation, { excel: true });
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(text).records.map((r) => r.fields);
    const head = rows[0];
    const col = (row: string[], name: string) => row[head.indexOf(name)];
    expect(col(rows[3], 'item_id')).toBe(`'=HYPERLINK("x")`);
    expect(col(rows[3], 'name')).toBe("'-2+3");
    expect(col(rows[4], 'name')).toBe("'@sum");
    expect(col(rows[5], 'name')).toBe("'\tTab");
    expect(col(rows[1], 'name')).toBe('锦华小区3号楼');
    expect(col(rows[1], 'households')).toBe('12');
    // Without excel nothing is prefixed.
    expect(parseCsv(allocationCsv(records, allocation)).records[3].fields[1]).toBe('-2+3');
  });

  it('marks records a cancelled run never reached', () => {
    const { records, allocation } = sample();
    const rows = parseCsv(allocationCsv(records, { ...allocation, items: allocation.items.slice(0, 1) })).records.map((r) => r.fields);
    expect([rows[2][0], rows[2][3], rows[2][15]]).toEqual(['a2', 'not_allocated', 'not allocated (run cancelled)']);
  });
});

describe('allocationGeoJson', () => {
  it('gives every record with a geometry as a feature, properties as the CSV columns with numbers as numbers', () => {
    const precise: [number, number] = [inside(microA)[0] + 1.23456789e-9, inside(microA)[1]];
    const { records, allocation } = run([
      feature({ id: 'a1', households: 12, name: '甲' }, { type: 'Point', coordinates: precise }),
      feature({ id: 'nogeo', households: 1 }, null),
      feature({ id: 'dup', households: 1 }, squareAt(inside(microB))),
      feature({ id: 'dup', households: 1 }, { type: 'Point', coordinates: inside(microB) }),
    ]);
    const fc = allocationGeoJson(records, applyOverrides(district, allocation, { a1: microB.code }));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f) => f.properties?.item_id)).toEqual(['a1', 'dup', 'dup']);
    expect(Object.keys(fc.features[0].properties ?? {})).toEqual([...ALLOCATION_CSV_COLUMNS]);
    expect(fc.features[0].properties).toMatchObject({ households: 12, status: 'inside', unit_code: microB.code, share: 1, area_m2: 0, distance_m: 0, overridden: true, reason: null });
    const coords = (fc.features[0].geometry as Point).coordinates;
    expect(coords[0]).toBe(Math.round(precise[0] * 1e7) / 1e7);
    expect(String(coords[0]).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(7);
    // The repeated id has its own row, not its first's allocation.
    expect(fc.features[2].properties).toMatchObject({ status: 'invalid', unit_code: null, share: null, reason: 'duplicate id dup (first at feature 2)' });
    expect(fc.features[1].geometry.type).toBe('Polygon');
  });
});
