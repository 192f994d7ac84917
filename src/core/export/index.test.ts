import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { guessMapping, listProperties, validateGridImport } from '../import';
import { ringArea } from '../import/planar';
import {
  asBuildingId,
  asGridCode,
  asStaffId,
  type Building,
  type District,
  type GridKind,
  type GridLevel,
  type GridUnit,
  type DedicatedKind,
} from '../model';
import { exportHierarchy } from './index';

const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

function gridUnit(code: string, level: GridLevel, parent: string | null, geometry: Polygon, kind: GridKind = 'base', dedicatedKind?: DedicatedKind): GridUnit {
  const u: GridUnit = {
    code: asGridCode(code),
    name: `${code} 名`,
    level,
    kind,
    parentCode: parent === null ? null : asGridCode(parent),
    geometry,
    chiefId: null,
    workerIds: [],
  };
  if (dedicatedKind) u.dedicatedKind = dedicatedKind;
  return u;
}

function building(id: string, gridCode: string, households: number, residents: number): Building {
  return {
    id: asBuildingId(id),
    name: id,
    compound: '锦华小区',
    use: households > 0 ? 'residential' : 'school',
    gridCode: asGridCode(gridCode),
    footprint: rect(113.701, 34.701, 113.7012, 34.7012),
    entrances: [],
    floors: 6,
    households,
    residents,
  };
}

/**
 * A sub-district with one community, split into a base grid and a dedicated school grid; the base
 * grid holds two micro-grids. Rings are counter-clockwise as RFC 7946 wants, except one.
 */
function smallDistrict(): District {
  const clockwise = rect(113.7, 34.7, 113.705, 34.71);
  clockwise.coordinates[0].reverse();
  const grids = [
    gridUnit('ZY-07-01-01-02', 4, 'ZY-07-01-01', rect(113.705, 34.7, 113.71, 34.71)),
    gridUnit('ZY-07', 1, null, rect(113.7, 34.7, 113.72, 34.72)),
    gridUnit('ZY-07-01-Z1', 3, 'ZY-07-01', rect(113.71, 34.7, 113.72, 34.71), 'dedicated', 'school'),
    gridUnit('ZY-07-01', 2, 'ZY-07', rect(113.7, 34.7, 113.72, 34.71)),
    gridUnit('ZY-07-01-01', 3, 'ZY-07-01', rect(113.7, 34.7, 113.71, 34.71)),
    gridUnit('ZY-07-01-01-01', 4, 'ZY-07-01-01', clockwise),
  ];
  grids[1].chiefId = asStaffId('s1');
  grids[3].chiefId = asStaffId('ghost');
  return {
    formatVersion: 1,
    seed: null,
    region: 'ZY',
    name: '测试区',
    center: [113.71, 34.71],
    grids,
    buildings: [
      building('b1', 'ZY-07-01-01-01', 60, 150),
      building('b2', 'ZY-07-01-01-01', 5, 11),
      building('b3', 'ZY-07-01-01-02', 70, 180),
      building('b4', 'ZY-07-01-Z1', 0, 0),
    ],
    staff: [{ id: asStaffId('s1'), name: '王建国', role: 'street_secretary', gridCode: asGridCode('ZY-07'), phone: '13800000000' }],
    roads: [],
    pois: [],
  };
}

describe('exportHierarchy', () => {
  it('writes one feature per unit, parents before children, with the import’s property names', () => {
    const out = exportHierarchy(smallDistrict());
    expect(out.type).toBe('FeatureCollection');
    expect(out.features.map((f) => f.properties.code)).toEqual([
      'ZY-07',
      'ZY-07-01',
      'ZY-07-01-01',
      'ZY-07-01-Z1',
      'ZY-07-01-01-01',
      'ZY-07-01-01-02',
    ]);
    expect(out.features.map((f) => f.id)).toEqual(out.features.map((f) => f.properties.code));
    expect(out.features[3].properties).toMatchObject({ kind: 'dedicated', dedicated_kind: 'school', parent_code: 'ZY-07-01', level: 3 });
    expect(out.features[0].properties.parent_code).toBeNull();
  });

  it('sums households, residents and buildings up the hierarchy', () => {
    const props = new Map(exportHierarchy(smallDistrict()).features.map((f) => [f.properties.code, f.properties]));
    const totals = (code: string) => {
      const p = props.get(code);
      return p && [p.households, p.residents, p.buildings];
    };
    // b1 + b2 in micro-grid 01; b3 in micro-grid 02; the school b4 in the dedicated grid.
    expect(totals('ZY-07-01-01-01')).toEqual([65, 161, 2]);
    expect(totals('ZY-07-01-01-02')).toEqual([70, 180, 1]);
    expect(totals('ZY-07-01-Z1')).toEqual([0, 0, 1]);
    expect(totals('ZY-07-01-01')).toEqual([135, 341, 3]);
    expect(totals('ZY-07-01')).toEqual([135, 341, 4]);
    expect(totals('ZY-07')).toEqual([135, 341, 4]);
  });

  it('names the chief, falling back to the id when the staff list lacks them', () => {
    const props = new Map(exportHierarchy(smallDistrict()).features.map((f) => [f.properties.code, f.properties]));
    expect(props.get('ZY-07')?.chief).toBe('王建国');
    expect(props.get('ZY-07-01')?.chief).toBe('ghost');
    expect(props.get('ZY-07-01-01')?.chief).toBeNull();
  });

  it('winds exterior rings counter-clockwise without touching the stored geometry', () => {
    const district = smallDistrict();
    const stored = structuredClone(district.grids[5].geometry);
    const out = exportHierarchy(district);
    for (const f of out.features) {
      const rings = (f.geometry as Polygon).coordinates;
      expect(ringArea(rings[0])).toBeGreaterThan(0);
    }
    expect(district.grids[5].geometry).toEqual(stored);
    expect(ringArea((stored as Polygon).coordinates[0] as Position[])).toBeLessThan(0);
  });

  it.each([
    ['given parents', false],
    ['parents inferred by containment', true],
  ])('round-trips through the import with guessMapping (%s)', (_name, infer) => {
    const district = smallDistrict();
    const text = JSON.stringify(exportHierarchy(district));
    const guessed = guessMapping(listProperties(JSON.parse(text)));
    expect(guessed).toMatchObject({ code: 'code', name: 'name', level: { property: 'level' }, parent: 'parent_code', kind: 'kind', dedicatedKind: 'dedicated_kind' });
    const report = validateGridImport(text, infer ? { ...guessed, parent: null } : guessed, []);
    expect(report.summary).toMatchObject({ total: 6, good: 6, bad: 0 });

    const shape = (u: GridUnit) => ({ code: u.code, name: u.name, level: u.level, parentCode: u.parentCode, kind: u.kind, dedicatedKind: u.dedicatedKind });
    const byCode = (a: GridUnit, b: GridUnit) => (a.code < b.code ? -1 : 1);
    expect([...report.good].sort(byCode).map(shape)).toEqual([...district.grids].sort(byCode).map(shape));
    // Geometry comes back as exported (counter-clockwise), i.e. the same ring up to winding.
    const exported = new Map(JSON.parse(text).features.map((f: { properties: { code: string }; geometry: Polygon }) => [f.properties.code, f.geometry]));
    for (const u of report.good) expect(u.geometry).toEqual(exported.get(u.code));
    const clockwiseOne = report.good.find((u) => u.code === 'ZY-07-01-01-01') as GridUnit;
    expect((clockwiseOne.geometry as Polygon).coordinates[0]).toEqual([...(district.grids[5].geometry as Polygon).coordinates[0]].reverse());
  });
});
