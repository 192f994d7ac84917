import { readFile } from 'node:fs/promises';
import { zip as shpWriteZip } from '@mapbox/shp-write';
import type { Feature, Polygon, Position } from 'geojson';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without declarations; the helpers used are typed below.
import * as fixtureKit from '../../../scripts/make-shapefile-fixture.mjs';
import { BUILDING_FILE_EXTENSIONS, readBuildingFile, type BuildingFileRead } from './read-building-file';

interface DbfField {
  name: string;
  type: 'C' | 'N';
  length: number;
}
type Row = Record<string, string | number | null>;

/** The byte builders the fixture script exports (GBK, dBase III, stored zip, shp-write shapes). */
const kit = fixtureKit as {
  CGCS2000_PRJ: string;
  CGCS2000_GK_CM_114E_PRJ: string;
  encodeGbk(text: string): Uint8Array;
  encodeUtf8(text: string): Uint8Array;
  makeDbf(fields: DbfField[], rows: Row[], encode: (text: string) => Uint8Array): Uint8Array;
  makeShapes(type: 'POINT' | 'POLYGON', geometries: unknown[]): { shp: Uint8Array; shx: Uint8Array };
  makeZip(files: [string, Uint8Array | string][], options?: { gbkNames?: boolean }): Uint8Array;
};

type Ok = Extract<BuildingFileRead, { ok: true }>;

function expectOk(read: BuildingFileRead): Ok {
  if (!read.ok) throw new Error(`expected ok, got: ${read.reason}`);
  return read;
}

function expectFail(read: BuildingFileRead): string {
  if (read.ok) throw new Error('expected ok: false');
  return read.reason;
}

function featuresOf(read: BuildingFileRead): Feature[] {
  const ok = expectOk(read);
  if (ok.source.kind !== 'features') throw new Error(`expected features, got ${ok.source.kind}`);
  return ok.source.features as Feature[];
}

/** A clockwise square of `sizeM` metres with its south-west corner at [lon, lat]. */
function square([lon, lat]: Position, sizeM = 20): Position[][] {
  const dx = sizeM / 91_400;
  const dy = sizeM / 110_574;
  return [
    [
      [lon, lat],
      [lon, lat + dy],
      [lon + dx, lat + dy],
      [lon + dx, lat],
      [lon, lat],
    ],
  ];
}

const FIELDS: DbfField[] = [
  { name: 'id', type: 'C', length: 10 },
  { name: 'name', type: 'C', length: 40 },
  { name: 'households', type: 'N', length: 6 },
  { name: 'use', type: 'C', length: 12 },
];
const ROWS: Row[] = [
  { id: 'B1', name: '金水花园1号楼', households: 24, use: '住宅' },
  { id: 'B2', name: '嵩山路底商', households: 0, use: '商业' },
];
const ORIGINS: Position[] = [
  [113.6101, 34.7502],
  [113.6203, 34.7551],
];

/** The parts of a polygon layer at ORIGINS with ROWS as attributes. */
function polygonLayer(name: string, options: { encode?: (text: string) => Uint8Array; fields?: DbfField[]; rows?: Row[] } = {}) {
  const { shp, shx } = kit.makeShapes('POLYGON', ORIGINS.map((origin) => square(origin)));
  const dbf = kit.makeDbf(options.fields ?? FIELDS, options.rows ?? ROWS, options.encode ?? kit.encodeUtf8);
  return {
    shp: [`${name}.shp`, shp] as [string, Uint8Array],
    shx: [`${name}.shx`, shx] as [string, Uint8Array],
    dbf: [`${name}.dbf`, dbf] as [string, Uint8Array],
  };
}

describe('readBuildingFile: text formats', () => {
  it('reads GeoJSON as UTF-8 text, BOM dropped', async () => {
    const text = '{"type":"FeatureCollection","features":[],"name":"新建楼栋"}';
    const read = expectOk(await readBuildingFile('新建楼栋.geojson', new Uint8Array([0xef, 0xbb, 0xbf, ...kit.encodeUtf8(text)])));
    expect(read).toEqual({ ok: true, source: { kind: 'geojson', text }, format: 'geojson', encoding: 'utf-8', notes: [] });
  });

  it('reads .json as GeoJSON and a GBK .json as GB18030', async () => {
    const read = expectOk(await readBuildingFile('B.JSON', kit.encodeGbk('{"名称":"楼"}')));
    expect(read).toMatchObject({ source: { kind: 'geojson', text: '{"名称":"楼"}' }, encoding: 'gb18030' });
  });

  it('reads CSV saved by Chinese Excel (GB18030) and .txt as CSV', async () => {
    const csv = '编号,经度,纬度,户数\r\nB1,113.61,34.75,24\r\n';
    expect(await readBuildingFile('points.csv', kit.encodeGbk(csv))).toEqual({
      ok: true,
      source: { kind: 'csv', text: csv },
      format: 'csv',
      encoding: 'gb18030',
      notes: [],
    });
    expect(expectOk(await readBuildingFile('points.TXT', kit.encodeUtf8(csv)))).toMatchObject({
      source: { kind: 'csv', text: csv },
      encoding: 'utf-8',
    });
  });
});

describe('readBuildingFile: refusals, never throws', () => {
  it('refuses an empty file', async () => {
    expect(expectFail(await readBuildingFile('buildings.geojson', new Uint8Array(0)))).toBe('buildings.geojson is empty.');
    expect(expectFail(await readBuildingFile('buildings.zip', new Uint8Array(0)))).toBe('buildings.zip is empty.');
  });

  it.each(['楼栋.shp', 'b.SHX', 'b.dbf', 'b.prj', 'b.cpg'])('asks for the zip when given %s alone', async (name) => {
    expect(expectFail(await readBuildingFile(name, new Uint8Array([1, 2, 3])))).toBe(
      `${name} is only one part of a Shapefile: choose the .zip holding the .shp, .shx, .dbf (and .prj).`,
    );
  });

  it.each(['buildings.kml', 'buildings.xlsx', 'buildings', '.zip'])('lists the accepted extensions for %s', async (name) => {
    expect(expectFail(await readBuildingFile(name, new Uint8Array([1])))).toBe(
      `${name} is not a file of new buildings Gridroom can read: choose a .geojson, .json, .csv, .txt or .zip (zipped Shapefile).`,
    );
  });

  it('offers exactly the extensions it reads', () => {
    expect(BUILDING_FILE_EXTENSIONS).toEqual(['geojson', 'json', 'csv', 'txt', 'zip']);
  });

  it('refuses bytes that are not a zip', async () => {
    const reason = expectFail(await readBuildingFile('buildings.zip', kit.encodeUtf8('{"type":"FeatureCollection"}')));
    expect(reason).toBe('buildings.zip is not a readable zip file (no zip directory found).');
  });

  it('refuses a zip cut short', async () => {
    const { shp, shx, dbf } = polygonLayer('b');
    const zip = kit.makeZip([shp, shx, dbf]);
    expect(expectFail(await readBuildingFile('cut.zip', zip.subarray(0, zip.length - 40)))).toMatch(/^cut\.zip is not a readable zip file/);
  });

  it('refuses a zip whose .shp bytes were damaged (CRC-32)', async () => {
    const { shp, dbf } = polygonLayer('b');
    const zip = kit.makeZip([shp, dbf]);
    // A byte of the first polygon's coordinates, inside the stored .shp.
    zip[30 + 'b.shp'.length + 100 + 60] ^= 0xff;
    expect(expectFail(await readBuildingFile('bad.zip', zip))).toBe('bad.zip: b could not be unpacked (b.shp is damaged).');
  });

  it('refuses a damaged DEFLATE stream', async () => {
    const zip = await shpWriteZip<'uint8array'>(
      { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [113.61, 34.75] }, properties: { id: 'p' } }] },
      { outputType: 'uint8array', compression: 'DEFLATE' },
    );
    const broken = zip.slice();
    broken.fill(0xff, 40, 60);
    expect(expectFail(await readBuildingFile('deflate.zip', broken))).toMatch(/^deflate\.zip: POINT could not be unpacked \(POINT\.shp is damaged/);
  });

  it('refuses a zip without a .shp, naming what it holds', async () => {
    const zip = kit.makeZip([
      ['说明.txt', '新建楼栋'],
      ['buildings.geojson', '{}'],
      ['b.dbf', kit.makeDbf(FIELDS, ROWS, kit.encodeUtf8)],
    ]);
    expect(expectFail(await readBuildingFile('no-shp.zip', zip))).toBe(
      'no-shp.zip holds no Shapefile (.shp): it holds 说明.txt, buildings.geojson, b.dbf. ' +
        'A zipped Shapefile needs the .shp, .shx, .dbf (and .prj) together.',
    );
    expect(expectFail(await readBuildingFile('empty.zip', kit.makeZip([])))).toMatch(/^empty\.zip holds no Shapefile \(\.shp\): it is empty\./);
  });

  it('refuses a .shp that is not a Shapefile', async () => {
    const zip = kit.makeZip([['b.shp', new Uint8Array(120).fill(7)]]);
    expect(expectFail(await readBuildingFile('junk.zip', zip))).toMatch(/^junk\.zip: b\.shp could not be read \(.+\)\.$/);
  });
});

describe('readBuildingFile: zipped Shapefiles from shp-write', () => {
  const points: Feature[] = [
    { type: 'Feature', geometry: { type: 'Point', coordinates: [113.6105, 34.7505] }, properties: { id: 'P1', households: 30 } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: [113.6205, 34.7555] }, properties: { id: 'P2', households: 12 } },
  ];
  const polygons: Feature<Polygon>[] = ORIGINS.map((origin, i) => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: square(origin) },
    properties: { id: `F${i + 1}`, households: 10 + i },
  }));

  it('reads a DEFLATE zip of polygons, its WGS-84 .prj applied', async () => {
    const zip = await shpWriteZip<'uint8array'>(
      { type: 'FeatureCollection', features: polygons },
      { outputType: 'uint8array', compression: 'DEFLATE', types: { polygon: 'footprints' } },
    );
    const read = await readBuildingFile('footprints.zip', zip);
    const features = featuresOf(read);
    expect(features.map((f) => f.properties)).toEqual([
      { id: 'F1', households: 10 },
      { id: 'F2', households: 11 },
    ]);
    const ring = (features[0].geometry as Polygon).coordinates[0];
    for (const [i, [lon, lat]] of square(ORIGINS[0])[0].entries()) {
      expect(ring[i][0]).toBeCloseTo(lon, 9);
      expect(ring[i][1]).toBeCloseTo(lat, 9);
    }
    expect(expectOk(read)).toMatchObject({ format: 'zip', encoding: 'utf-8', reprojectedFrom: 'GCS_WGS_1984' });
    expect(expectOk(read).notes).toEqual(['Coordinates of footprints.shp were reprojected from GCS_WGS_1984 by its .prj to WGS-84.']);
  });

  it('uses the first layer of points and polygons, and names the other', async () => {
    const zip = await shpWriteZip<'uint8array'>(
      { type: 'FeatureCollection', features: [...points, ...polygons] },
      { outputType: 'uint8array', compression: 'STORE' },
    );
    const read = await readBuildingFile('mixed.zip', zip);
    const features = featuresOf(read);
    expect(features.map((f) => f.geometry)).toEqual(points.map((p) => p.geometry));
    expect(features.map((f) => f.properties?.id)).toEqual(['P1', 'P2']);
    expect(expectOk(read).notes[0]).toBe('mixed.zip holds 2 layers; POINT.shp (2 features) was used, POLYGON.shp left out.');
  });
});

describe('readBuildingFile: .dbf text encoding', () => {
  it('reads UTF-8 attributes named by a .cpg', async () => {
    const { shp, shx, dbf } = polygonLayer('楼栋');
    const read = await readBuildingFile('utf8.zip', kit.makeZip([shp, shx, dbf, ['楼栋.cpg', 'UTF-8\n']]));
    expect(featuresOf(read).map((f) => f.properties)).toEqual(ROWS);
    expect(expectOk(read).encoding).toBe('utf-8');
  });

  it('detects a GBK .dbf without a .cpg: Chinese field names and values', async () => {
    const fields: DbfField[] = [
      { name: '编号', type: 'C', length: 10 },
      { name: '名称', type: 'C', length: 40 },
      { name: '户数', type: 'N', length: 6 },
      { name: '用途', type: 'C', length: 12 },
    ];
    const rows: Row[] = ROWS.map((r) => ({ 编号: r.id, 名称: r.name, 户数: r.households, 用途: r.use }));
    const { shp, shx, dbf } = polygonLayer('新建楼栋', { fields, rows, encode: kit.encodeGbk });
    const read = await readBuildingFile('gbk.zip', kit.makeZip([shp, shx, dbf]));
    expect(featuresOf(read).map((f) => f.properties)).toEqual(rows);
    expect(expectOk(read).encoding).toBe('gb18030');
    expect(expectOk(read).notes).toContain(
      '新建楼栋.dbf has no usable .cpg and its text is not UTF-8: it was read as GBK/GB18030.',
    );
  });

  it.each([
    ['936', 'gbk'],
    ['ANSI 936', 'gbk'],
    ['CP936', 'gbk'],
    ['GBK', 'gbk'],
    ['54936', 'gb18030'],
  ])('honours a .cpg of %s (parsedbf alone would fall back to UTF-8)', async (cpg, encoding) => {
    const { shp, dbf } = polygonLayer('b', { encode: kit.encodeGbk });
    const read = await readBuildingFile('cpg.zip', kit.makeZip([shp, dbf, ['b.cpg', cpg]]));
    expect(featuresOf(read).map((f) => f.properties)).toEqual(ROWS);
    expect(expectOk(read).encoding).toBe(encoding);
  });

  it('detects when the .cpg names an unknown encoding ("System", as QGIS writes)', async () => {
    const { shp, dbf } = polygonLayer('b', { encode: kit.encodeGbk });
    const read = await readBuildingFile('system.zip', kit.makeZip([shp, dbf, ['b.CPG', 'System']]));
    expect(featuresOf(read).map((f) => f.properties)).toEqual(ROWS);
    expect(expectOk(read).notes).toContain('b.cpg names "System", an encoding this app does not know; the text was detected instead.');
  });

  it('keeps UTF-8 when a writer cut a character at the field width', async () => {
    // "金水花园" is 12 bytes in UTF-8; a 10-byte field keeps 3 characters and 1 byte of the 4th.
    const utf8 = kit.encodeUtf8('金水花园');
    const dbf = kit.makeDbf([{ name: 'name', type: 'C', length: 10 }], [{ name: 'x' }], kit.encodeUtf8);
    dbf.set(utf8.subarray(0, 10), 32 + 32 + 1 + 1);
    const { shp } = kit.makeShapes('POLYGON', [square(ORIGINS[0])]);
    const read = await readBuildingFile('cut.zip', kit.makeZip([['b.shp', shp], ['b.dbf', dbf]]));
    expect(expectOk(read).encoding).toBe('utf-8');
    expect(featuresOf(read)[0].properties?.name).toMatch(/^金水花/);
  });

  it('reads GBK entry names of a zip made by Windows on a Chinese system', async () => {
    const { shp, shx, dbf } = polygonLayer('新建楼栋');
    const read = await readBuildingFile('win.zip', kit.makeZip([shp, shx, dbf], { gbkNames: true }));
    expect(featuresOf(read)).toHaveLength(2);
    expect(expectOk(read).notes).toContain('新建楼栋.shp has no .prj: its coordinates are taken as the coordinate system you pick.');
  });

  it('reads geometry alone when the .dbf is missing, and says so', async () => {
    const { shp } = polygonLayer('b');
    const read = await readBuildingFile('nodbf.zip', kit.makeZip([shp]));
    expect(featuresOf(read).map((f) => f.properties)).toEqual([{}, {}]);
    expect(expectOk(read).encoding).toBeUndefined();
    expect(expectOk(read).notes).toContain('b.shp has no .dbf: its features have no attributes (no households, use or name).');
  });
});

describe('readBuildingFile: .prj', () => {
  const cgcs2000 = kit.CGCS2000_PRJ;
  const gk114 = kit.CGCS2000_GK_CM_114E_PRJ;

  /** A layer whose footprints are given in CGCS2000 Gauss-Krüger metres (EPSG:4547). */
  function projectedLayer(prj: string | undefined) {
    const toGk = proj4(gk114);
    const metres = ORIGINS.map((origin) => square(origin).map((ring) => ring.map((p) => toGk.forward(p))));
    const { shp } = kit.makeShapes('POLYGON', metres);
    const files: [string, Uint8Array | string][] = [
      ['gk.shp', shp],
      ['gk.dbf', kit.makeDbf(FIELDS, ROWS, kit.encodeUtf8)],
    ];
    if (prj !== undefined) files.push(['gk.prj', prj]);
    return kit.makeZip(files);
  }

  it('reprojects CGCS2000 3-degree Gauss-Krüger (EPSG:4547) to longitude/latitude', async () => {
    const read = await readBuildingFile('gk.zip', projectedLayer(gk114));
    const [first] = featuresOf(read);
    const [lon, lat] = (first.geometry as Polygon).coordinates[0][0];
    expect(lon).toBeCloseTo(113.6101, 7);
    expect(lat).toBeCloseTo(34.7502, 7);
    expect(expectOk(read).reprojectedFrom).toBe('CGCS2000_3_Degree_GK_CM_114E');
    expect(expectOk(read).notes).toContain(
      'Coordinates of gk.shp were reprojected from CGCS2000_3_Degree_GK_CM_114E by its .prj to WGS-84.',
    );
  });

  it('reads CGCS2000 geographic (EPSG:4490) as longitude/latitude near 113.6°E 34.75°N', async () => {
    const { shp, dbf } = polygonLayer('cgcs');
    const read = await readBuildingFile('cgcs.zip', kit.makeZip([shp, dbf, ['cgcs.prj', cgcs2000]]));
    const [lon, lat] = (featuresOf(read)[0].geometry as Polygon).coordinates[0][0];
    expect(lon).toBeCloseTo(113.6101, 9);
    expect(lat).toBeCloseTo(34.7502, 9);
    expect(expectOk(read).reprojectedFrom).toBe('GCS_China_Geodetic_Coordinate_System_2000');
  });

  it('refuses metres without a .prj: no coordinate system the user can pick would fit', async () => {
    expect(expectFail(await readBuildingFile('gk.zip', projectedLayer(undefined)))).toMatch(
      /^gk\.zip: gk\.shp has no \.prj, and its coordinates, e\.g\. \(\d+\.\d+, 3\d{6}\.\d+\), are not longitude\/latitude\. Export it again/,
    );
  });

  it.each([
    ['garbage', 'this is not a projection'],
    ['a cut WKT', gk114.slice(0, 120)],
    ['an unknown projection', gk114.replace('Gauss_Kruger', 'Made_Up_Projection')],
  ])('does not crash on %s: metres are refused with a sentence', async (_what, prj) => {
    const reason = expectFail(await readBuildingFile('gk.zip', projectedLayer(prj)));
    expect(reason).toMatch(/^gk\.zip: gk\.prj \(.+\) could not be read \(.+\), and its coordinates, e\.g\. .+, are not longitude\/latitude\./);
  });

  it('falls back with a note when a broken .prj sits beside longitude/latitude', async () => {
    const { shp, dbf } = polygonLayer('b');
    const read = await readBuildingFile('b.zip', kit.makeZip([shp, dbf, ['b.prj', 'GEOGCS["broken",DATUM[']]));
    expect(featuresOf(read)).toHaveLength(2);
    expect(expectOk(read).reprojectedFrom).toBeUndefined();
    expect(expectOk(read).notes.join('\n')).toMatch(
      /b\.prj \(broken\) could not be read \(.+\); the coordinates look like longitude\/latitude and are taken as the coordinate system you pick\./,
    );
  });

  it('refuses a .prj that does not match the data (geographic .prj, metres inside)', async () => {
    const reason = expectFail(await readBuildingFile('gk.zip', projectedLayer(cgcs2000)));
    expect(reason).toMatch(/^gk\.zip: gk\.shp: after its \.prj the coordinates, e\.g\. .+, are still not longitude\/latitude/);
  });
});

describe('readBuildingFile: several layers', () => {
  it('skips an empty first layer, uses the next, names the others and ignores macOS forks', async () => {
    const empty = kit.makeShapes('POINT', []);
    const a = polygonLayer('data/楼栋');
    const zip = kit.makeZip([
      ['data/', new Uint8Array(0)],
      ['data/empty.shp', empty.shp],
      ['data/empty.dbf', kit.makeDbf(FIELDS, [], kit.encodeUtf8)],
      a.shp,
      a.dbf,
      ['__MACOSX/data/._楼栋.shp', new Uint8Array([0, 5, 22, 7])],
      ['data/roads.shp', kit.makeShapes('POINT', [[113.61, 34.75]]).shp],
    ]);
    const read = await readBuildingFile('layers.zip', zip);
    expect(featuresOf(read).map((f) => f.properties?.id)).toEqual(['B1', 'B2']);
    const { notes } = expectOk(read);
    expect(notes[0]).toBe('layers.zip holds 3 layers; data/楼栋.shp (2 features) was used, data/empty.shp, data/roads.shp left out.');
    expect(notes).toContain('data/empty.shp holds no features.');
  });

  it('refuses a zip whose every layer is unusable, with each reason', async () => {
    const empty = kit.makeShapes('POINT', []);
    const zip = kit.makeZip([
      ['a.shp', empty.shp],
      ['b.shp', new Uint8Array(120).fill(7)],
    ]);
    expect(expectFail(await readBuildingFile('none.zip', zip))).toMatch(
      /^None of the 2 layers in none\.zip could be used: a\.shp holds no features\. b\.shp could not be read \(.+\)\.$/,
    );
  });
});

describe('test/fixtures/allocate/new-buildings.zip', () => {
  it('holds 20 footprints in the demo district, attributes in Chinese from a GBK .dbf, CGCS2000', async () => {
    const bytes = new Uint8Array(await readFile(new URL('../../../test/fixtures/allocate/new-buildings.zip', import.meta.url)));
    const read = await readBuildingFile('new-buildings.zip', bytes);
    const features = featuresOf(read);
    expect(features).toHaveLength(20);
    expect(expectOk(read)).toMatchObject({ encoding: 'gb18030', reprojectedFrom: 'GCS_China_Geodetic_Coordinate_System_2000' });
    expect(features[0].properties).toEqual({ id: 'NB-001', name: '锦绣新城1号楼', households: 12, use: '住宅' });
    expect(new Set(features.map((f) => f.properties?.use))).toEqual(new Set(['住宅', '商业', '办公', '学校']));
    for (const feature of features) {
      expect(feature.geometry.type).toBe('Polygon');
      for (const [lon, lat] of (feature.geometry as Polygon).coordinates[0]) {
        expect(lon).toBeGreaterThan(113.6);
        expect(lon).toBeLessThan(113.63);
        expect(lat).toBeGreaterThan(34.74);
        expect(lat).toBeLessThan(34.76);
      }
    }
  });
});
