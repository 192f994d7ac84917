import { describe, expect, it } from 'vitest';
import { convertLngLat } from '../crs';
import type { BuildingUse } from '../model';
import { parseBuildingUse, readBuildingInput, toBuildingItems, type BuildingInputRead, type BuildingSource } from './building-input';

const square = (x: number, y: number, d = 0.0002): number[][][] => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const point = (x = 113.6, y = 34.75) => ({ type: 'Point', coordinates: [x, y] });
const feature = (properties: Record<string, unknown> | null, geometry: unknown = point()): Record<string, unknown> => ({ type: 'Feature', properties, geometry });
const geojson = (features: unknown[]): BuildingSource => ({ kind: 'geojson', text: JSON.stringify({ type: 'FeatureCollection', features }) });

/** The ok result, or a failed test. */
function ok(read: BuildingInputRead): Extract<BuildingInputRead, { ok: true }> {
  if (!read.ok) throw new Error(`expected ok, got: ${read.reason}`);
  return read;
}

describe('readBuildingInput: sources', () => {
  it('refuses text that is not JSON or not a FeatureCollection, with the sentence of the reader', () => {
    expect(readBuildingInput({ kind: 'geojson', text: '{"type":' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^not valid JSON/) });
    expect(readBuildingInput({ kind: 'geojson', text: '{"type":"Feature"}' })).toEqual({ ok: false, reason: 'not a GeoJSON FeatureCollection (found Feature)' });
  });

  it("passes a CSV's refusal through", () => {
    expect(readBuildingInput({ kind: 'csv', text: 'id,x,y\n1,2,3\n' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^no longitude/) });
    expect(readBuildingInput({ kind: 'csv', text: 'lon,lat\n', }, { idProperty: 'code' })).toMatchObject({ ok: false, reason: expect.stringContaining("no id column 'code'") });
  });

  it('reads GeoJSON text, a features array (Shapefile) and CSV alike, one record per feature or row in order', () => {
    const features = [
      feature({ id: 'a', households: 12, name: 'A栋' }),
      feature({ id: 'b', households: '30', name: 'B栋' }, { type: 'Polygon', coordinates: square(113.601, 34.75) }),
      feature({ id: 'c', households: 1 }, null),
    ];
    const fromText = ok(readBuildingInput(geojson(features)));
    const fromFeatures = ok(readBuildingInput({ kind: 'features', features }));
    expect(fromFeatures).toEqual(fromText);
    expect(fromText.records.map((r) => [r.index, r.id, r.households, r.name, r.geometry?.type ?? null, r.reason ?? null])).toEqual([
      [0, 'a', 12, 'A栋', 'Point', null],
      [1, 'b', 30, 'B栋', 'Polygon', null],
      [2, 'c', 1, '', null, 'geometry is missing'],
    ]);

    const csv = ok(readBuildingInput({ kind: 'csv', text: '\ufeffid,经度,纬度,户数,名称\r\nx,113.6,34.75,8,"Block 1, east"\r\ny,abc,34.75,9,\r\n' }));
    expect(csv.records.map((r) => [r.index, r.line, r.id, r.households, r.name, r.reason ?? null])).toEqual([
      [0, 2, 'x', 8, 'Block 1, east', null],
      [1, 3, 'y', 9, '', "longitude 'abc' is not a number"],
    ]);
    expect(csv.columns.households).toBe('户数');
    expect(csv.properties).toEqual(['id', '经度', '纬度', '户数', '名称']);
  });

  it('converts to WGS-84 and takes ids from the named property', () => {
    const r = ok(readBuildingInput(geojson([feature({ ref: 'r1', households: 3 })]), { crs: 'gcj02', idProperty: 'ref' }));
    expect(r.records[0].id).toBe('r1');
    expect(r.records[0].geometry?.coordinates).toEqual(convertLngLat([113.6, 34.75], 'gcj02', 'wgs84'));
  });
});

describe('readBuildingInput: columns', () => {
  it('guesses each column case-insensitively, the first candidate in list order that exists, and lists every property in first-seen order', () => {
    const r = ok(
      readBuildingInput(
        geojson([
          feature({ ID: 'a', Units: 4, HH: 7, Type: 'school', 楼栋名称: '1号楼', Name: 'x' }),
          feature({ 小区: '锦华小区', POP: '20', 层数: 6 }),
          feature(null),
        ]),
      ),
    );
    expect(r.properties).toEqual(['ID', 'Units', 'HH', 'Type', '楼栋名称', 'Name', '小区', 'POP', '层数']);
    // 'hh' comes before 'units' in the candidates, 'name' before '楼栋名称'.
    expect(r.columns).toEqual({ households: 'HH', use: 'Type', name: 'Name', compound: '小区', residents: 'POP', floors: '层数' });
    expect(r.records.map((x) => [x.households, x.use, x.name, x.compound, x.residents, x.floors])).toEqual([
      [7, 'school', 'x', '', 0, 0],
      [0, 'residential', '', '锦华小区', 20, 6],
      [0, 'residential', '', '', 0, 0],
    ]);
  });

  it("lets the user's columns win, matches them ignoring case, and warns about one the file lacks", () => {
    const r = ok(
      readBuildingInput(geojson([feature({ households: 5, 住户: 60, label: 'L', kind: 'office' })]), {
        columns: { households: '住户', name: 'LABEL', use: null, compound: 'estate_name' },
      }),
    );
    expect(r.columns).toEqual({ households: '住户', use: null, name: 'label', compound: null, residents: null, floors: null });
    expect(r.records[0]).toMatchObject({ households: 60, name: 'L', use: 'residential', compound: '' });
    expect(r.warnings).toEqual([{ index: -1, reason: "column 'estate_name' chosen for compound is not in the file" }]);
  });

  it('without a households column counts every building 0, with one file-level warning', () => {
    const r = ok(readBuildingInput(geojson([feature({ id: 'a' }), feature({ id: 'b' })])));
    expect(r.columns.households).toBeNull();
    expect(r.records.map((x) => [x.households, x.warnings ?? null])).toEqual([
      [0, null],
      [0, null],
    ]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ index: -1, reason: expect.stringMatching(/^no households column .*every building counts 0 households$/) });
  });

  it('a chosen households column missing from the file warns twice: the choice, and the zeros', () => {
    const r = ok(readBuildingInput(geojson([feature({ hh: 4 })]), { columns: { households: 'flats' } }));
    expect(r.records[0].households).toBe(0);
    expect(r.warnings.map((w) => w.reason)).toEqual(["column 'flats' chosen for households is not in the file", 'no households column; every building counts 0 households']);
  });

  it('does not read a column named like an Object.prototype member from the prototype', () => {
    const r = ok(readBuildingInput(geojson([feature({ constructor: 3 }), feature({})]), { columns: { households: 'constructor' } }));
    expect(r.columns.households).toBe('constructor');
    expect(r.records.map((x) => [x.households, x.reason ?? null, x.warnings ?? null])).toEqual([
      [3, null, null],
      [0, null, ['households missing; counted as 0']],
    ]);
  });
});

describe('readBuildingInput: households', () => {
  const read = (values: unknown[]) => ok(readBuildingInput(geojson(values.map((households, i) => feature({ id: `b${i}`, households })))));

  it('accepts whole numbers ≥ 0 as numbers or trimmed numeric text', () => {
    const r = read([0, 12, ' 40 ', '12.0', 5000, '+3']);
    expect(r.records.map((x) => [x.households, x.reason ?? null, x.warnings ?? null])).toEqual([
      [0, null, null],
      [12, null, null],
      [40, null, null],
      [12, null, null],
      [5000, null, null],
      [3, null, null],
    ]);
  });

  it('counts a missing or empty value as 0 with a warning on the record', () => {
    const r = read([null, '', '  ', undefined]);
    for (const x of r.records) {
      expect(x.households).toBe(0);
      expect(x.reason).toBeUndefined();
      expect(x.warnings).toEqual(['households missing; counted as 0']);
    }
    expect(r.summary.usable).toBe(4);
  });

  it('refuses non-numeric, negative, fractional, NaN and too large values with a reason', () => {
    const r = read(['abc', -1, '2.5', 'NaN', 5001, '0x10', true, '1,200']);
    expect(r.records.map((x) => x.reason)).toEqual([
      "households 'abc' is not a whole number ≥ 0",
      "households '-1' is not a whole number ≥ 0",
      "households '2.5' is not a whole number ≥ 0",
      "households 'NaN' is not a whole number ≥ 0",
      'households 5001 is more than 5000 for one building',
      "households '0x10' is not a whole number ≥ 0",
      "households 'true' is not a whole number ≥ 0",
      "households '1,200' is not a whole number ≥ 0",
    ]);
    expect(r.records.every((x) => x.households === 0)).toBe(true);
    expect(r.summary).toMatchObject({ total: 8, usable: 0, invalid: 8, households: 0 });
    expect(toBuildingItems(r.records)).toEqual([]);
  });

  it('refuses a NaN number from a Shapefile', () => {
    const r = ok(readBuildingInput({ kind: 'features', features: [feature({ households: Number.NaN })] }));
    expect(r.records[0].reason).toBe("households 'NaN' is not a whole number ≥ 0");
  });

  it('keeps the geometry reason first when both are bad', () => {
    const r = ok(readBuildingInput(geojson([feature({ households: 'x' }, null)])));
    expect(r.records[0].reason).toBe("geometry is missing; households 'x' is not a whole number ≥ 0");
  });
});

describe('readBuildingInput: use', () => {
  it('maps English and Chinese words, plurals and synonyms', () => {
    const cases: [string, BuildingUse][] = [
      ['Residential', 'residential'],
      ['schools', 'school'],
      ['Kindergarten', 'school'],
      ['clinic', 'hospital'],
      ['MARKET', 'market'],
      ['factory', 'enterprise'],
      ['construction_site', 'construction'],
      ['commercial', 'shop'],
      ['shops', 'shop'],
      ['office building', 'office'],
      ['住宅', 'residential'],
      ['居民楼', 'residential'],
      ['学校', 'school'],
      ['第一中学', 'school'],
      ['小学', 'school'],
      ['幼儿园', 'school'],
      ['人民医院', 'hospital'],
      ['卫生院', 'hospital'],
      ['诊所', 'hospital'],
      ['农贸市场', 'market'],
      ['商场', 'market'],
      ['企业', 'enterprise'],
      ['工厂', 'enterprise'],
      ['厂房', 'enterprise'],
      ['工业园区', 'enterprise'],
      ['工地', 'construction'],
      ['在建住宅', 'construction'],
      ['商铺', 'shop'],
      ['商业', 'shop'],
      ['底商', 'shop'],
      ['办公', 'office'],
      ['写字楼', 'office'],
    ];
    for (const [text, use] of cases) expect(parseBuildingUse(text), text).toBe(use);
    expect(parseBuildingUse('spaceport')).toBeUndefined();
    expect(parseBuildingUse('  ')).toBeUndefined();
  });

  it('reads a missing use as residential silently, an unknown one as residential with a warning naming it', () => {
    const r = ok(
      readBuildingInput(
        geojson([
          feature({ households: 1, use: '医院' }),
          feature({ households: 1 }),
          feature({ households: 1, use: '' }),
          feature({ households: 1, use: 'spaceport' }),
          feature({ households: 1, use: 7 }),
        ]),
      ),
    );
    expect(r.records.map((x) => [x.use, x.warnings ?? null])).toEqual([
      ['hospital', null],
      ['residential', null],
      ['residential', null],
      ['residential', ["use 'spaceport' is not known; read as residential"]],
      ['residential', ["use '7' is not known; read as residential"]],
    ]);
    expect(r.records.every((x) => x.reason === undefined)).toBe(true);
  });
});

describe('readBuildingInput: residents, floors, name, compound', () => {
  it('reads good values, and warns (value 0, not a reason) about bad ones', () => {
    const r = ok(
      readBuildingInput(
        geojson([
          feature({ households: 1, residents: '85', floors: 6, name: 12, compound: ' 锦华小区 ' }),
          feature({ households: 1, residents: -3, floors: '2.5' }),
          feature({ households: 1, residents: 'many', floors: 0 }),
          feature({ households: 1, name: { a: 1 }, compound: null }),
        ]),
      ),
    );
    expect(r.records.map((x) => [x.residents, x.floors, x.name, x.compound, x.reason ?? null, x.warnings ?? null])).toEqual([
      [85, 6, '12', '锦华小区', null, null],
      [0, 0, '', '', null, ["residents '-3' is not a number ≥ 0; read as 0", "floors '2.5' is not a whole number ≥ 1; read as 0"]],
      [0, 0, '', '', null, ["residents 'many' is not a number ≥ 0; read as 0", "floors '0' is not a whole number ≥ 1; read as 0"]],
      [0, 0, '', '', null, null],
    ]);
  });
});

describe('readBuildingInput: duplicate ids and summary', () => {
  it('keeps the first of a repeated id and refuses the rest, naming where the first is', () => {
    const r = ok(
      readBuildingInput(
        geojson([
          feature({ id: 'a', households: 10 }),
          feature({ id: 'b', households: 20 }, { type: 'MultiPolygon', coordinates: [square(113.6, 34.75)] }),
          feature({ id: 'a', households: 30 }),
          feature({ id: 'a', households: 40 }),
          feature({ id: 'b', households: 'x' }),
          feature({ id: 'c', households: 5 }, null),
        ]),
      ),
    );
    expect(r.records.map((x) => [x.id, x.reason ?? null])).toEqual([
      ['a', null],
      ['b', null],
      ['a', 'duplicate id a (first at feature 0)'],
      ['a', 'duplicate id a (first at feature 0)'],
      ['b', "households 'x' is not a whole number ≥ 0; duplicate id b (first at feature 1)"],
      ['c', 'geometry is missing'],
    ]);
    expect(r.summary).toEqual({ total: 6, usable: 2, points: 1, footprints: 1, invalid: 4, households: 30, duplicateIds: ['a', 'b'] });
    expect(toBuildingItems(r.records).map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('names the row and line of the first in a CSV', () => {
    const r = ok(readBuildingInput({ kind: 'csv', text: 'id,lon,lat,hh\nq,113.6,34.75,1\nq,113.6,34.75,2\n' }));
    expect(r.records[1].reason).toBe('duplicate id q (first at row 0 (line 2))');
    expect(r.summary.duplicateIds).toEqual(['q']);
  });
});

describe('toBuildingItems', () => {
  it('gives the usable records as engine items, in order, with use as read', () => {
    const r = ok(
      readBuildingInput(
        geojson([
          feature({ id: 'a', households: 10, use: 'school' }),
          feature({ id: 'b', households: 'bad' }),
          feature({ id: 'c', households: 3 }, { type: 'Polygon', coordinates: square(113.6, 34.75) }),
        ]),
      ),
    );
    expect(toBuildingItems(r.records)).toEqual([
      { id: 'a', geometry: point(), households: 10, use: 'school' },
      { id: 'c', geometry: { type: 'Polygon', coordinates: square(113.6, 34.75) }, households: 3, use: 'residential' },
    ]);
  });
});
