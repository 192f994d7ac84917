import { describe, expect, it } from 'vitest';
import { convertLngLat } from '../crs';
import { readCsvItems, readFeatureCollection, readGeoJsonItems, readGridFeatures, readItemGeometry, readPolygonal } from './read-geo-items';

const square = (x: number, y: number, d = 0.001): number[][][] => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const feature = (properties: Record<string, unknown> | null, geometry: unknown, id?: string | number): Record<string, unknown> => ({
  type: 'Feature',
  properties,
  geometry,
  ...(id === undefined ? {} : { id }),
});

describe('readFeatureCollection', () => {
  it('accepts a FeatureCollection (BOM dropped) and names what else it found', () => {
    expect(readFeatureCollection('\ufeff{"type":"FeatureCollection","features":[]}')).toEqual({ ok: true, features: [] });
    expect(readFeatureCollection('{"type":')).toMatchObject({ ok: false, reason: expect.stringMatching(/not valid JSON/) });
    expect(readFeatureCollection('{"type":"Feature"}')).toEqual({ ok: false, reason: 'not a GeoJSON FeatureCollection (found Feature)' });
    expect(readFeatureCollection('[1]')).toMatchObject({ ok: false, reason: expect.stringContaining('an array') });
  });
});

describe('geometry readers', () => {
  it('keep good geometry as clean 2D and say where bad geometry fails', () => {
    expect(readItemGeometry({ type: 'Point', coordinates: [113.6, 34.75, 80] })).toEqual({ ok: true, geometry: { type: 'Point', coordinates: [113.6, 34.75] } });
    expect(readPolygonal({ type: 'MultiPolygon', coordinates: [square(113.6, 34.75)] })).toMatchObject({ ok: true });
    const cases: [unknown, RegExp][] = [
      [null, /geometry is missing/],
      [{ coordinates: [] }, /malformed/],
      [{ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, /LineString is not a Point, Polygon or MultiPolygon/],
      [{ type: 'Point', coordinates: [113.6, null] }, /latitude is null \(NaN\)/],
      [{ type: 'Point', coordinates: ['113.6', 34.75] }, /longitude is not a number \("113.6"\)/],
      [{ type: 'Point', coordinates: [113.6, 'NaN'] }, /latitude is 'NaN'/],
      [{ type: 'Point', coordinates: [34.75, 113.6] }, /out of range: latitude and longitude swapped/],
      [{ type: 'Point', coordinates: [38500000, 3850000] }, /projected metres/],
      [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, /ring 0 is not closed/],
      [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, /ring 0 has 3 positions/],
      [{ type: 'MultiPolygon', coordinates: [square(0, 0), [[[0, 0], [1, 0], [1, null], [0, 0]]]] }, /polygon 1 ring 0 position 2: latitude is null/],
    ];
    for (const [raw, reason] of cases) {
      const r = readItemGeometry(raw);
      expect(r.ok, JSON.stringify(raw)).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
    }
  });
});

describe('readGridFeatures', () => {
  it('takes ids from id, code, grid_id, then the feature id, and leaves out what it cannot use', () => {
    const { grids, problems } = readGridFeatures([
      feature({ id: 'A', code: 'X' }, { type: 'Polygon', coordinates: square(113.6, 34.75) }),
      feature({ code: 7 }, { type: 'Polygon', coordinates: square(113.601, 34.75) }),
      feature({ grid_id: ' G ' }, { type: 'Polygon', coordinates: square(113.602, 34.75) }),
      feature(null, { type: 'Polygon', coordinates: square(113.603, 34.75) }, 'F'),
      feature({ name: 'anonymous' }, { type: 'Polygon', coordinates: square(113.604, 34.75) }),
      feature({ id: 'P' }, { type: 'Point', coordinates: [113.6, 34.75] }),
      'not a feature',
    ]);
    expect(grids.map((g) => [g.index, g.id])).toEqual([[0, 'A'], [1, '7'], [2, 'G'], [3, 'F']]);
    expect(problems.map((p) => p.index)).toEqual([4, 5, 6]);
    expect(problems[0].reason).toMatch(/no grid id/);
    expect(problems[1].reason).toMatch(/grid P: geometry type Point/);
  });

  it('uses only the named property when one is given, and converts to WGS-84', () => {
    const { grids, problems } = readGridFeatures(
      [feature({ id: 'A', code: 'X' }, { type: 'Polygon', coordinates: square(113.6, 34.75) }), feature({ id: 'B' }, { type: 'Polygon', coordinates: square(113.6, 34.75) })],
      { idProperty: 'code', crs: 'gcj02' },
    );
    expect(grids.map((g) => g.id)).toEqual(['X']);
    expect(problems[0]).toMatchObject({ index: 1, reason: expect.stringContaining("property 'code'") });
    const corner = (grids[0].geometry.coordinates as number[][][])[0][0];
    const want = convertLngLat([113.6, 34.75], 'gcj02', 'wgs84');
    expect(corner[0]).toBeCloseTo(want[0], 9);
    expect(corner[1]).toBeCloseTo(want[1], 9);
  });
});

describe('readGeoJsonItems', () => {
  it('gives every feature a row: id from the property, the feature id, else the index', () => {
    const { items, warnings } = readGeoJsonItems([
      feature({ id: 'b1' }, { type: 'Point', coordinates: [113.6, 34.75] }),
      feature({}, { type: 'Point', coordinates: [113.6, 34.75] }, 42),
      feature({}, null),
      7,
    ]);
    expect(items.map((i) => [i.id, i.geometry === null, i.reason ?? ''])).toEqual([
      ['b1', false, ''],
      ['42', false, ''],
      ['2', true, 'geometry is missing'],
      ['3', true, 'not a GeoJSON Feature'],
    ]);
    expect(warnings).toEqual([]);
  });

  it('carries each feature\'s properties object (absent when it has none)', () => {
    const props = { id: 'b1', 户数: 12 };
    const { items } = readGeoJsonItems([feature(props, { type: 'Point', coordinates: [113.6, 34.75] }), feature(null, null), 'x']);
    expect(items[0].properties).toBe(props);
    expect(items[1].properties).toBeUndefined();
    expect(items[2].properties).toBeUndefined();
  });

  it('warns when a named id property is missing on a feature', () => {
    const { items, warnings } = readGeoJsonItems([feature({ ref: 'r1' }, { type: 'Point', coordinates: [113.6, 34.75] }), feature({}, { type: 'Point', coordinates: [113.6, 34.75] })], {
      idProperty: 'ref',
    });
    expect(items.map((i) => i.id)).toEqual(['r1', '1']);
    expect(warnings).toEqual([{ index: 1, reason: "no 'ref' property; using the feature id or index" }]);
  });
});

describe('readCsvItems', () => {
  it('finds lon/lat columns by any accepted name, with BOM, CRLF and quoted fields', () => {
    const r = readCsvItems('\ufeff"ID",Name,Longitude,LAT\r\nb1,"Block 1, east",113.601,34.751\r\nb2,x, 113.602 ,34.751\r\n', { idProperty: 'id' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.items.map((i) => [i.id, i.line, i.geometry?.coordinates])).toEqual([
      ['b1', 2, [113.601, 34.751]],
      ['b2', 3, [113.602, 34.751]],
    ]);
  });

  it('carries each row\'s cells by trimmed header, and the header itself', () => {
    const r = readCsvItems('id, 户数 ,lon,lat,id,__proto__\na,12,113.6,34.75,b,x\nc,,113.6\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.header).toEqual(['id', '户数', 'lon', 'lat', 'id', '__proto__']);
    expect(r.items[0].properties).toEqual({ id: 'a', 户数: '12', lon: '113.6', lat: '34.75', ['__proto__']: 'x' });
    expect(Object.keys(r.items[0].properties ?? {})).toContain('__proto__');
    // A short row has only the cells it has.
    expect(r.items[1].properties).toEqual({ id: 'c', 户数: '', lon: '113.6' });
  });

  it('reads Chinese headers and numbers rows without an id column by index', () => {
    const r = readCsvItems('名称,经度,纬度\n甲,113.6,34.75\n');
    expect(r.ok && r.items[0]).toMatchObject({ id: '0', geometry: { type: 'Point', coordinates: [113.6, 34.75] } });
  });

  it('refuses a file without both coordinate columns, naming the columns it has', () => {
    expect(readCsvItems('id,lon\n1,113.6\n')).toEqual({ ok: false, reason: "no latitude (lat, latitude, 纬度) column; the header has 'id', 'lon'" });
    expect(readCsvItems('id,x,y\n')).toMatchObject({ ok: false, reason: expect.stringMatching(/^no longitude \(lon, lng, longitude, 经度\) and latitude/) });
    expect(readCsvItems('')).toMatchObject({ ok: false, reason: expect.stringContaining('empty') });
    expect(readCsvItems('lon,lat\n', { idProperty: 'code' })).toMatchObject({ ok: false, reason: expect.stringContaining("no id column 'code'") });
  });

  it('gives a bad row a reason and keeps going', () => {
    const r = readCsvItems('id,lng,lat\na,abc,34.75\nb,,34.75\nc,113.6,0x10\nd,113.6\ne,200,34.75\nf,1e2,3.4e1\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.items.map((i) => [i.id, i.reason ?? 'ok'])).toEqual([
      ['a', "longitude 'abc' is not a number"],
      ['b', 'longitude is empty'],
      ['c', "latitude '0x10' is not a number"],
      ['d', 'latitude is empty'],
      ['e', 'coordinate (200, 34.75) is out of range'],
      ['f', 'ok'],
    ]);
  });

  it('converts points from GCJ-02 to WGS-84', () => {
    const r = readCsvItems('lon,lat\n113.6,34.75\n', { crs: 'gcj02' });
    const want = convertLngLat([113.6, 34.75], 'gcj02', 'wgs84');
    expect(r.ok && r.items[0].geometry?.coordinates).toEqual(want);
  });
});
