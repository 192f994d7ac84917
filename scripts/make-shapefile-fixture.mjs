#!/usr/bin/env node
// Writes test/fixtures/allocate/new-buildings.zip: a zipped Shapefile of 20 new building footprints
// in the demo district, as a Chinese surveyor would hand it over: a GBK .dbf with no .cpg (what
// ArcGIS on a Chinese Windows writes), a CGCS2000 .prj (EPSG:4490), attributes id, name,
// households, use with Chinese names and uses. 18 footprints sit inside one level-4 micro-grid
// each; 2 straddle the border of two, about 64% in the first grid named for them.
//
//   node scripts/make-shapefile-fixture.mjs
//
// The output is byte-for-byte deterministic (fixed dates, stored entries, no randomness), so a
// regenerated fixture only differs when the demo district itself changed.
//
// The byte builders (GBK, dBase III, stored zip) are exported for the unit tests of
// src/renderer/allocation/read-building-file.ts, which build their own variants with them.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { write as writeShapes } from '@mapbox/shp-write';

/** EPSG:4490, CGCS2000 geographic, as ArcGIS writes it into a .prj. */
export const CGCS2000_PRJ =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** EPSG:4547, CGCS2000 3-degree Gauss-Krüger CM 114E (Zhengzhou's zone, no zone prefix), as ArcGIS writes it. */
export const CGCS2000_GK_CM_114E_PRJ =
  'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],' +
  'PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** @type {Map<string, number[]> | undefined} */
let gbkCodes;

/**
 * Encodes text as GBK. Node has no GBK encoder (TextEncoder is UTF-8 only), so the table is the
 * inverse of Node's GBK decoder over every two-byte code.
 * @param {string} text
 * @returns {Uint8Array}
 */
export function encodeGbk(text) {
  if (!gbkCodes) {
    gbkCodes = new Map();
    const decoder = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(Uint8Array.of(lead, trail));
        if (char.length === 1 && char !== '\ufffd' && !gbkCodes.has(char)) gbkCodes.set(char, [lead, trail]);
      }
    }
  }
  const bytes = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = gbkCodes.get(char);
      if (!pair) throw new Error(`${char} has no GBK code`);
      bytes.push(...pair);
    }
  }
  return Uint8Array.from(bytes);
}

/**
 * @param {string} text
 * @returns {Uint8Array}
 */
export function encodeUtf8(text) {
  return new TextEncoder().encode(text);
}

/**
 * @typedef {{ name: string, type: 'C' | 'N', length: number, decimals?: number }} DbfField
 */

/**
 * A dBase III table (the .dbf of a Shapefile) with text encoded by `encode`. shp-write's own
 * .dbf writer keeps only the low byte of each UTF-16 unit, so Chinese cannot go through it.
 * @param {DbfField[]} fields names of at most 10 bytes once encoded
 * @param {Array<Record<string, string | number | null | undefined>>} rows
 * @param {(text: string) => Uint8Array} encode
 * @returns {Uint8Array}
 */
export function makeDbf(fields, rows, encode) {
  const headerLength = 32 + fields.length * 32 + 1;
  const recordLength = 1 + fields.reduce((sum, field) => sum + field.length, 0);
  const out = new Uint8Array(headerLength + rows.length * recordLength + 1);
  const view = new DataView(out.buffer);
  // Version 3, last update 2025-01-01 (fixed, so the bytes never depend on the day).
  out.set([0x03, 125, 1, 1]);
  view.setUint32(4, rows.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  fields.forEach((field, i) => {
    const at = 32 + i * 32;
    const name = encode(field.name);
    if (name.length > 10) throw new Error(`field name ${field.name} is over 10 bytes`);
    out.set(name, at);
    out[at + 11] = field.type.charCodeAt(0);
    out[at + 16] = field.length;
    out[at + 17] = field.decimals ?? 0;
  });
  out[headerLength - 1] = 0x0d;
  rows.forEach((row, r) => {
    let at = headerLength + r * recordLength;
    out[at++] = 0x20; // not deleted
    for (const field of fields) {
      const value = row[field.name];
      const text = value === null || value === undefined ? '' : String(value);
      const bytes = field.type === 'N' ? encodeUtf8(text) : encode(text);
      if (bytes.length > field.length) throw new Error(`${field.name}: "${text}" is over ${field.length} bytes`);
      out.fill(0x20, at, at + field.length);
      // Numbers are right-aligned, text left-aligned.
      out.set(bytes, field.type === 'N' ? at + field.length - bytes.length : at);
      at += field.length;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/**
 * The .shp and .shx of POINT or POLYGON geometries, written by @mapbox/shp-write.
 * @param {'POINT' | 'POLYGON'} type
 * @param {unknown[]} geometries GeoJSON coordinates ([x, y] or a Polygon's rings), one per record
 * @returns {{ shp: Uint8Array, shx: Uint8Array }}
 */
export function makeShapes(type, geometries) {
  /** @type {{ shp: Uint8Array, shx: Uint8Array } | undefined} */
  let out;
  // shp-write calls back synchronously; its .dbf is ignored (see makeDbf).
  writeShapes(
    geometries.map(() => ({})),
    type,
    geometries,
    (/** @type {unknown} */ error, /** @type {{ shp: DataView, shx: DataView }} */ files) => {
      if (error) throw error;
      const bytes = (/** @type {DataView} */ view) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
      out = { shp: bytes(files.shp), shx: bytes(files.shx) };
    },
  );
  if (!out) throw new Error('shp-write did not call back');
  return out;
}

/** @type {Uint32Array | undefined} */
let crcTable;

/**
 * @param {Uint8Array} bytes
 * @returns {number}
 */
export function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A zip of stored (uncompressed) entries dated 1980-01-01, so the same files give the same bytes.
 * @param {Array<[string, Uint8Array | string]>} files name and content (a string is written as UTF-8)
 * @param {{ gbkNames?: boolean }} [options] gbkNames: names in GBK without the UTF-8 flag, as
 *   Windows' own "Send to compressed folder" writes them on a Chinese system
 * @returns {Uint8Array}
 */
export function makeZip(files, options = {}) {
  const flags = options.gbkNames ? 0 : 0x800;
  const DOS_DATE_1980_01_01 = 0x21;
  /** @type {Uint8Array[]} */
  const locals = [];
  /** @type {Uint8Array[]} */
  const centrals = [];
  let offset = 0;
  for (const [name, content] of files) {
    const data = typeof content === 'string' ? encodeUtf8(content) : content;
    const nameBytes = options.gbkNames ? encodeGbk(name) : encodeUtf8(name);
    const crc = crc32(data);
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, 0, true); // stored
    lv.setUint16(12, DOS_DATE_1980_01_01, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, 0, true);
    cv.setUint16(14, DOS_DATE_1980_01_01, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
  }
  const directorySize = centrals.reduce((sum, c) => sum + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// --- The fixture ------------------------------------------------------------------------------

const FOOTPRINT_COUNT = 20;
const STRADDLING = 2;
const COMPOUNDS = ['锦绣新城', '金水花园', '嵩山小区', '绿城雅苑', '中原新村'];
const USES = ['住宅', '住宅', '住宅', '商业', '住宅', '办公', '住宅', '学校'];

/** Metres to degrees near the district (34.75°N). */
const M_LON = 1 / (111_320 * Math.cos((34.75 * Math.PI) / 180));
const M_LAT = 1 / 110_574;

/**
 * An axis-aligned rectangle around [lon, lat], outer ring clockwise as the Shapefile spec wants
 * (shp-write writes rings in the order given).
 * @param {number[]} centre
 * @param {number} widthM
 * @param {number} heightM
 */
function rectangle([lon, lat], widthM, heightM) {
  const dx = (widthM / 2) * M_LON;
  const dy = (heightM / 2) * M_LAT;
  const r = (/** @type {number} */ v) => Math.round(v * 1e7) / 1e7;
  const [w, e, s, n] = [r(lon - dx), r(lon + dx), r(lat - dy), r(lat + dy)];
  return [[[w, s], [w, n], [e, n], [e, s], [w, s]]];
}

async function main() {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  const turf = await import('@turf/turf');
  const { generateDemoDistrict, DEMO_SEED } = await import('../src/core/demo/index.ts');
  const { demoLayer } = await import('../src/cli/demo-command.ts');
  /** @type {import('geojson').Feature<import('geojson').Polygon | import('geojson').MultiPolygon, { code: string }>[]} */
  const grids = demoLayer(generateDemoDistrict(DEMO_SEED), 'grids', 4).features;

  /** @type {{ coordinates: number[][][], grids: string[] }[]} */
  const footprints = [];
  const gridsOf = (/** @type {number[][][]} */ coordinates) =>
    grids.filter((g) => turf.booleanIntersects(turf.polygon(coordinates), g)).map((g) => g.properties.code);

  // Inside: one footprint in each of evenly spaced micro-grids, shrunk until it fits.
  const step = Math.floor(grids.length / (FOOTPRINT_COUNT - STRADDLING));
  for (let i = 0; footprints.length < FOOTPRINT_COUNT - STRADDLING && i < grids.length; i += step) {
    const grid = grids[i];
    const centre = turf.pointOnFeature(grid).geometry.coordinates;
    for (const size of [1, 0.6, 0.35]) {
      const coordinates = rectangle(centre, 24 * size, 16 * size);
      const touched = gridsOf(coordinates);
      if (turf.booleanWithin(turf.polygon(coordinates), grid) && touched.length === 1) {
        footprints.push({ coordinates, grids: touched });
        break;
      }
    }
  }

  // Straddling: centred on the middle of an edge two micro-grids share, touching exactly those two.
  const used = new Set(footprints.flatMap((f) => f.grids));
  for (const grid of grids) {
    if (footprints.length >= FOOTPRINT_COUNT) break;
    if (used.has(grid.properties.code) || grid.geometry.type !== 'Polygon') continue;
    const ring = grid.geometry.coordinates[0];
    for (let k = 0; k + 1 < ring.length; k++) {
      const [a, b] = [ring[k], ring[k + 1]];
      if (turf.distance(a, b, { units: 'meters' }) < 40) continue;
      // The middle of the edge, moved 2 m into this grid so about 64% of the footprint is in it:
      // a clear majority, not a tie the engine would have to break.
      const [ex, ey] = [(b[0] - a[0]) / M_LON, (b[1] - a[1]) / M_LAT];
      const norm = Math.hypot(ex, ey);
      const shift = (/** @type {number} */ side) => [
        (a[0] + b[0]) / 2 + ((side * -ey) / norm) * 2 * M_LON,
        (a[1] + b[1]) / 2 + ((side * ex) / norm) * 2 * M_LAT,
      ];
      const centre = turf.booleanPointInPolygon(shift(1), grid) ? shift(1) : shift(-1);
      const coordinates = rectangle(centre, 14, 14);
      const touched = gridsOf(coordinates);
      if (touched.length === 2 && touched.every((code) => !used.has(code))) {
        footprints.push({ coordinates, grids: touched });
        touched.forEach((code) => used.add(code));
        break;
      }
    }
  }
  if (footprints.length !== FOOTPRINT_COUNT) throw new Error(`placed ${footprints.length} of ${FOOTPRINT_COUNT} footprints`);

  const rows = footprints.map((footprint, i) => ({
    id: `NB-${String(i + 1).padStart(3, '0')}`,
    name: `${COMPOUNDS[i % COMPOUNDS.length]}${Math.floor(i / COMPOUNDS.length) + 1}号楼`,
    households: USES[i % USES.length] === '住宅' ? 12 + ((i * 7) % 31) : 0,
    use: USES[i % USES.length],
  }));
  const fields = /** @type {DbfField[]} */ ([
    { name: 'id', type: 'C', length: 10 },
    { name: 'name', type: 'C', length: 40 },
    { name: 'households', type: 'N', length: 6 },
    { name: 'use', type: 'C', length: 12 },
  ]);
  const { shp, shx } = makeShapes('POLYGON', footprints.map((f) => f.coordinates));
  const zip = makeZip([
    ['new-buildings.shp', shp],
    ['new-buildings.shx', shx],
    ['new-buildings.dbf', makeDbf(fields, rows, encodeGbk)],
    ['new-buildings.prj', CGCS2000_PRJ],
  ]);
  const out = fileURLToPath(new URL('../test/fixtures/allocate/new-buildings.zip', import.meta.url));
  await writeFile(out, zip);
  const straddling = footprints
    .map((f, i) => ({ id: rows[i].id, grids: f.grids }))
    .filter((f) => f.grids.length === 2)
    .map((f) => `${f.id}: ${f.grids.join(' | ')}`);
  console.log(`wrote ${out} (${zip.length} bytes, ${footprints.length} footprints; straddling ${straddling.join(', ')})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
