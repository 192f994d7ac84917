/**
 * Turns a picked file into a source for core's readBuildingInput: GeoJSON and CSV decoded from
 * bytes (UTF-8, or GB18030 as Chinese Excel writes it), a zipped Shapefile read with shpjs (its
 * .prj honoured, its .dbf decoded by .cpg or, lacking one, UTF-8 then GB18030).
 *
 * Why the zip is opened here rather than by shpjs's `parseZip`: parseZip decodes a .dbf without
 * a .cpg as UTF-8 (Chinese Shapefiles are mostly GBK with no .cpg, so every name would be
 * U+FFFD), cannot take an encoding, maps a .cpg of "936" to a label no decoder knows (again
 * UTF-8), and fails the whole zip on one unreadable .prj. So this module lists the zip itself
 * (central directory + DecompressionStream, both in browsers, workers and Node 20) and hands each
 * layer's parts to shpjs's `parseShp` / `parseDbf` / `combine` with the encoding it chose.
 *
 * No DOM APIs beyond what Node has (Blob, DecompressionStream, TextDecoder), so it runs in vitest.
 */
import proj4 from 'proj4';
// @ts-expect-error -- shpjs 6 ships no type declarations; the three functions used are typed below.
import { combine as shpjsCombine, parseDbf as shpjsParseDbf, parseShp as shpjsParseShp } from 'shpjs';
import type { BuildingSource } from '@core/allocate/building-input';
import { decodeText } from '@core/io/text';

export type BuildingFileRead =
  | {
      ok: true;
      source: BuildingSource;
      /** 'zip' | 'geojson' | 'csv'. */
      format: 'zip' | 'geojson' | 'csv';
      /** Text encoding found (utf-8, gb18030), when the format is text or a dbf. */
      encoding?: string;
      /**
       * Set when a Shapefile's .prj was applied: its coordinate system's name. The features are
       * then WGS-84 longitude/latitude already, so the wizard should read them as 'wgs84' rather
       * than ask for a coordinate system.
       */
      reprojectedFrom?: string;
      /** Notes for the report: several layers in the zip (the first used), .prj missing, … */
      notes: string[];
    }
  | { ok: false; reason: string };

/** Extensions the wizard's file picker offers. */
export const BUILDING_FILE_EXTENSIONS: readonly string[] = ['geojson', 'json', 'csv', 'txt', 'zip'];

/** Parts of a Shapefile that are useless alone: the user picked one file of the set. */
const SHAPEFILE_PARTS: readonly string[] = ['shp', 'shx', 'dbf', 'prj', 'cpg', 'sbn', 'sbx'];

/**
 * Largest unpacked size of one zip entry read here: 512 MiB. The picked file is at most 128 MiB,
 * but a zip can claim any unpacked size; this stops a zip bomb before it allocates.
 */
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

/** Reads `bytes` named `name` (the extension decides the format). Never throws: a bad file is `ok: false`. */
export async function readBuildingFile(name: string, bytes: Uint8Array): Promise<BuildingFileRead> {
  const ext = extensionOf(name);
  if (SHAPEFILE_PARTS.includes(ext)) {
    return fail(`${name} is only one part of a Shapefile: choose the .zip holding the .shp, .shx, .dbf (and .prj).`);
  }
  if (!BUILDING_FILE_EXTENSIONS.includes(ext)) {
    return fail(`${name} is not a file of new buildings Gridroom can read: choose a ${acceptedList()}.`);
  }
  if (bytes.byteLength === 0) return fail(`${name} is empty.`);
  try {
    if (ext === 'zip') return await readShapefileZip(name, bytes);
    const { text, encoding } = decodeText(bytes);
    const kind = ext === 'csv' || ext === 'txt' ? 'csv' : 'geojson';
    return { ok: true, source: { kind, text }, format: kind, encoding, notes: [] };
  } catch (error) {
    // The readers below turn every expected failure into a sentence; this is the safety net the
    // "never throws" promise rests on (an allocation failure, a bug in a parser).
    return fail(`${name} could not be read (${describe(error)}).`);
  }
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

/** Lower-case extension without the dot; '' when the name has none. */
function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function acceptedList(): string {
  const dotted = BUILDING_FILE_EXTENSIONS.map((ext) => (ext === 'zip' ? '.zip (zipped Shapefile)' : `.${ext}`));
  return `${dotted.slice(0, -1).join(', ')} or ${dotted[dotted.length - 1]}`;
}

function describe(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === 'string' && error ? error : 'unknown error';
}

// ---------------------------------------------------------------------------------------------
// Zipped Shapefile

/** The parts of one layer (same path and base name, any letter case) found in the zip. */
interface LayerParts {
  /** Path inside the zip without the extension, as stored (for notes). */
  name: string;
  shp: ZipEntry;
  dbf?: ZipEntry;
  prj?: ZipEntry;
  cpg?: ZipEntry;
}

type LayerRead =
  | { ok: true; features: unknown[]; encoding?: string; reprojectedFrom?: string; notes: string[] }
  | { ok: false; reason: string };

async function readShapefileZip(name: string, bytes: Uint8Array): Promise<BuildingFileRead> {
  let entries: ZipEntry[];
  try {
    entries = listZipEntries(bytes);
  } catch (error) {
    return fail(`${name} is not a readable zip file (${describe(error)}).`);
  }
  const layers = groupLayers(entries);
  if (layers.length === 0) {
    const files = entries.filter((entry) => !entry.name.endsWith('/')).map((entry) => entry.name);
    const held = files.length === 0 ? 'it is empty' : `it holds ${listNames(files, 5)}`;
    return fail(`${name} holds no Shapefile (.shp): ${held}. A zipped Shapefile needs the .shp, .shx, .dbf (and .prj) together.`);
  }

  const skipped: string[] = [];
  let firstFailure: string | undefined;
  for (const [index, layer] of layers.entries()) {
    const read = await readLayer(bytes, layer);
    if (read.ok && read.features.length > 0) {
      const notes = [...read.notes];
      const others = layers.filter((_, i) => i !== index).map((other) => `${other.name}.shp`);
      if (others.length > 0) {
        notes.unshift(
          `${name} holds ${layers.length} layers; ${layer.name}.shp (${read.features.length} features) was used, ` +
            `${listNames(others, 5)} left out.`,
        );
      }
      for (const reason of skipped) notes.push(reason);
      return {
        ok: true,
        source: { kind: 'features', features: read.features },
        format: 'zip',
        encoding: read.encoding,
        reprojectedFrom: read.reprojectedFrom,
        notes,
      };
    }
    const reason = read.ok ? `${layer.name}.shp holds no features.` : read.reason;
    firstFailure ??= reason;
    skipped.push(reason);
  }
  if (layers.length === 1) return fail(`${name}: ${firstFailure}`);
  return fail(`None of the ${layers.length} layers in ${name} could be used: ${skipped.join(' ')}`);
}

/** "a, b and 3 more". */
function listNames(names: readonly string[], max: number): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** Layers in the order their .shp appears in the zip; macOS resource forks are ignored. */
function groupLayers(entries: readonly ZipEntry[]): LayerParts[] {
  const parts = new Map<string, Partial<Record<'shp' | 'dbf' | 'prj' | 'cpg', ZipEntry>> & { name: string }>();
  const order: string[] = [];
  for (const entry of entries) {
    const path = entry.name;
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (path.endsWith('/') || path.startsWith('__MACOSX/') || path.includes('/__MACOSX/') || base.startsWith('._')) continue;
    const dot = path.lastIndexOf('.');
    if (dot <= path.lastIndexOf('/') + 1) continue;
    const ext = path.slice(dot + 1).toLowerCase();
    if (ext !== 'shp' && ext !== 'dbf' && ext !== 'prj' && ext !== 'cpg') continue;
    const key = path.slice(0, dot).toLowerCase();
    let layer = parts.get(key);
    if (!layer) {
      layer = { name: path.slice(0, dot) };
      parts.set(key, layer);
    }
    layer[ext] ??= entry;
    if (ext === 'shp') order.push(key);
  }
  return order.flatMap((key) => {
    const layer = parts.get(key);
    return layer?.shp ? [{ ...layer, shp: layer.shp }] : [];
  });
}

/** shpjs's functions, typed as this module uses them. */
const parseShp = shpjsParseShp as (shp: Uint8Array, prj?: string) => unknown[];
const parseDbf = shpjsParseDbf as (dbf: Uint8Array, encoding?: string) => Record<string, unknown>[];
const combine = shpjsCombine as (parts: [unknown[], Record<string, unknown>[] | undefined]) => { features: unknown[] };

/** Reads one layer: geometry (reprojected by its .prj when it has a usable one) and attributes. */
async function readLayer(zip: Uint8Array, layer: LayerParts): Promise<LayerRead> {
  const notes: string[] = [];
  const label = layer.name;
  let shp: Uint8Array;
  let dbf: Uint8Array | undefined;
  let prjText: string | undefined;
  let cpgText: string | undefined;
  try {
    shp = await readZipEntry(zip, layer.shp);
    if (layer.dbf) dbf = await readZipEntry(zip, layer.dbf);
    if (layer.prj) prjText = decodeText(await readZipEntry(zip, layer.prj)).text.trim();
    if (layer.cpg) cpgText = decodeText(await readZipEntry(zip, layer.cpg)).text.trim();
  } catch (error) {
    return fail(`${label} could not be unpacked (${describe(error)}).`);
  }

  // The .prj: proj4 (what shpjs reprojects with) must understand it, or it is set aside.
  let projection: string | undefined;
  let reprojectedFrom: string | undefined;
  let prjProblem: string | undefined;
  if (prjText === undefined || prjText === '') {
    notes.push(`${label}.shp has no .prj: its coordinates are taken as the coordinate system you pick.`);
  } else {
    const crsName = crsNameOf(prjText);
    try {
      proj4(prjText);
      projection = prjText;
      reprojectedFrom = crsName;
      notes.push(`Coordinates of ${label}.shp were reprojected from ${crsName} by its .prj to WGS-84.`);
    } catch (error) {
      // proj4 throws bare values for most unreadable definitions; say what that means instead.
      const detail = error instanceof Error && error.message ? error.message : 'not a coordinate system proj4 knows';
      prjProblem = `${label}.prj (${crsName}) could not be read (${detail})`;
    }
  }

  let geometries: unknown[];
  try {
    geometries = parseShp(shp, projection);
  } catch (error) {
    return fail(`${label}.shp could not be read (${describe(error)}).`);
  }

  // A Shapefile in metres (a Gauss-Krüger zone, say) without a usable .prj cannot be placed: the
  // coordinate systems the user can pick are all longitude/latitude.
  const sample = firstPosition(geometries);
  if (sample !== undefined && !geometries.some(hasDegreePosition)) {
    const at = `(${formatNumber(sample[0])}, ${formatNumber(sample[1])})`;
    if (projection !== undefined) {
      return fail(
        `${label}.shp: after its .prj the coordinates, e.g. ${at}, are still not longitude/latitude; ` +
          'the .prj does not match the data.',
      );
    }
    const why = prjProblem ?? `${label}.shp has no .prj`;
    return fail(
      `${why}, and its coordinates, e.g. ${at}, are not longitude/latitude. ` +
        'Export it again with its .prj, or in longitude/latitude (CGCS2000 or WGS-84).',
    );
  }
  if (prjProblem !== undefined) {
    notes.push(`${prjProblem}; the coordinates look like longitude/latitude and are taken as the coordinate system you pick.`);
  }

  let records: Record<string, unknown>[] | undefined;
  let encoding: string | undefined;
  if (dbf === undefined) {
    notes.push(`${label}.shp has no .dbf: its features have no attributes (no households, use or name).`);
  } else {
    const chosen = chooseDbfEncoding(dbf, cpgText, label);
    encoding = chosen.encoding;
    notes.push(...chosen.notes);
    try {
      records = parseDbf(dbf, chosen.encoding);
    } catch (error) {
      notes.push(`${label}.dbf could not be read (${describe(error)}): its features have no attributes.`);
    }
    if (records !== undefined && records.length !== geometries.length) {
      notes.push(
        `${label}.dbf has ${records.length} records for ${geometries.length} shapes; ` +
          'attributes were paired by position, which may be wrong.',
      );
    }
  }
  return { ok: true, features: combine([geometries, records]).features, encoding, reprojectedFrom, notes };
}

/** The name a WKT gives its coordinate system (its first quoted string), or its opening. */
function crsNameOf(prj: string): string {
  const quoted = /^\s*[A-Za-z0-9_]+\s*\[\s*"([^"]+)"/.exec(prj);
  if (quoted) return quoted[1];
  const flat = prj.replace(/\s+/g, ' ');
  return flat.length > 40 ? `"${flat.slice(0, 40)}…"` : `"${flat}"`;
}

function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 1e6) / 1e6) : String(value);
}

/** The first position of a GeoJSON geometry (depth-first), or undefined when it has none. */
function firstPositionOf(geometry: unknown): readonly number[] | undefined {
  if (typeof geometry !== 'object' || geometry === null || !('coordinates' in geometry)) return undefined;
  let node: unknown = geometry.coordinates;
  while (Array.isArray(node) && Array.isArray(node[0])) node = node[0];
  return Array.isArray(node) && typeof node[0] === 'number' ? (node as number[]) : undefined;
}

function firstPosition(geometries: readonly unknown[]): readonly number[] | undefined {
  for (const geometry of geometries) {
    const position = firstPositionOf(geometry);
    if (position !== undefined) return position;
  }
  return undefined;
}

/** Whether the geometry's first position is longitude/latitude (one per feature is enough to tell). */
function hasDegreePosition(geometry: unknown): boolean {
  const position = firstPositionOf(geometry);
  if (position === undefined) return false;
  const [lon, lat] = position;
  return Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
}

// ---------------------------------------------------------------------------------------------
// DBF text encoding

/**
 * Windows code pages a .cpg names by number, mapped to labels every TextDecoder knows. parsedbf
 * turns "936" into "windows-936", which neither WHATWG nor Node's ICU accepts, and then decodes
 * as UTF-8; the whole point of a .cpg of 936 (GBK) is lost that way.
 */
const CODE_PAGES: Readonly<Record<string, string>> = {
  '936': 'gbk',
  '54936': 'gb18030',
  '950': 'big5',
  '65001': 'utf-8',
  '932': 'shift_jis',
  '949': 'euc-kr',
  '874': 'windows-874',
  '1250': 'windows-1250',
  '1251': 'windows-1251',
  '1252': 'windows-1252',
  '1253': 'windows-1253',
  '1254': 'windows-1254',
  '1255': 'windows-1255',
  '1256': 'windows-1256',
  '1257': 'windows-1257',
  '1258': 'windows-1258',
  '28591': 'iso-8859-1',
};

/** The TextDecoder label a .cpg's content stands for, or undefined when none is known. */
function encodingOfCpg(cpg: string): string | undefined {
  const value = cpg.trim().replace(/^ANSI\s*/i, '').replace(/^(?:CP|MS|windows-)(?=\d+$)/i, '');
  const label = CODE_PAGES[value] ?? value;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

/**
 * The encoding of a .dbf's text: what its .cpg names, else UTF-8 when every text byte is valid
 * UTF-8, else GB18030 (a superset of GBK and GB2312). A GBK .dbf with no .cpg is what ArcGIS on
 * a Chinese Windows and most Chinese survey exports produce; GBK's two-byte sequences are almost
 * never well-formed UTF-8, so the test separates the two reliably (the same rule as decodeText).
 */
function chooseDbfEncoding(dbf: Uint8Array, cpg: string | undefined, label: string): { encoding: string; notes: string[] } {
  const notes: string[] = [];
  if (cpg !== undefined && cpg !== '') {
    const named = encodingOfCpg(cpg);
    if (named !== undefined) return { encoding: named, notes };
    notes.push(`${label}.cpg names "${cpg.slice(0, 40)}", an encoding this app does not know; the text was detected instead.`);
  }
  const detected = detectDbfText(dbf);
  if (detected === 'gb18030') {
    notes.push(`${label}.dbf has no usable .cpg and its text is not UTF-8: it was read as GBK/GB18030.`);
  }
  return { encoding: detected === 'gb18030' ? 'gb18030' : 'utf-8', notes };
}

/** 'ascii' when no byte of text is above 0x7F, else 'utf-8' or 'gb18030' (see chooseDbfEncoding). */
function detectDbfText(dbf: Uint8Array): 'ascii' | 'utf-8' | 'gb18030' {
  const layout = dbfLayout(dbf);
  if (layout === undefined) return 'utf-8';
  const names = layout.fields.map((field) => dbf.subarray(field.nameAt, field.nameAt + field.nameLength));
  const body = dbf.subarray(layout.headerLength, layout.headerLength + layout.recordCount * layout.recordLength);
  const regions = [...names, body];
  if (regions.every((region) => region.every((byte) => byte < 0x80))) return 'ascii';
  if (regions.every(isUtf8)) return 'utf-8';
  // The body as one run may fail only because a writer cut a UTF-8 character at a field's byte
  // width; check the fields one by one, forgiving such a cut, before calling it GBK.
  if (names.every(isUtf8) && everyField(dbf, layout, (value) => isUtf8(withoutCutCharacter(value)))) return 'utf-8';
  return 'gb18030';
}

interface DbfLayout {
  headerLength: number;
  recordLength: number;
  recordCount: number;
  fields: { nameAt: number; nameLength: number; length: number }[];
}

/** The header of a dBase III file, as far as text detection needs; undefined when it is not one. */
function dbfLayout(dbf: Uint8Array): DbfLayout | undefined {
  if (dbf.byteLength < 33) return undefined;
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const recordCount = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const fields: DbfLayout['fields'] = [];
  for (let at = 32; at + 32 <= Math.min(headerLength, dbf.byteLength) && dbf[at] !== 0x0d; at += 32) {
    const nul = dbf.subarray(at, at + 11).indexOf(0);
    fields.push({ nameAt: at, nameLength: nul < 0 ? 11 : nul, length: dbf[at + 16] });
  }
  return { headerLength, recordLength, recordCount, fields };
}

/** Calls `test` on every field value's bytes (trailing blanks dropped) until one fails. */
function everyField(dbf: Uint8Array, layout: DbfLayout, test: (value: Uint8Array) => boolean): boolean {
  for (let record = 0; record < layout.recordCount; record++) {
    // Each record starts with its one-byte deletion flag.
    let at = layout.headerLength + record * layout.recordLength + 1;
    for (const field of layout.fields) {
      let end = Math.min(at + field.length, dbf.byteLength);
      while (end > at && (dbf[end - 1] === 0x20 || dbf[end - 1] === 0)) end--;
      if (end > at && !test(dbf.subarray(at, end))) return false;
      at += field.length;
    }
  }
  return true;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The bytes without a UTF-8 sequence left incomplete at their end. */
function withoutCutCharacter(bytes: Uint8Array): Uint8Array {
  let lead = bytes.length - 1;
  while (lead >= 0 && bytes.length - lead <= 3 && (bytes[lead] & 0xc0) === 0x80) lead--;
  if (lead < 0) return bytes;
  const byte = bytes[lead];
  const width = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return width > bytes.length - lead ? bytes.subarray(0, lead) : bytes;
}

// ---------------------------------------------------------------------------------------------
// Zip

/** One file in a zip's central directory. */
interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderAt: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/**
 * The entries of a zip, from its central directory (the sizes there are right even when the
 * local headers defer them to a data descriptor).
 *
 * @throws Error with a short English reason when it is not a zip or is damaged.
 */
function listZipEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end record is the last 22 bytes plus a comment of up to 65535 bytes.
  let eocd = -1;
  for (let at = zip.byteLength - 22; at >= Math.max(0, zip.byteLength - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new Error('no zip directory found');
  const count = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryAt = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryAt === 0xffffffff) throw new Error('ZIP64 archives are not supported');
  if (directoryAt + directorySize > eocd) throw new Error('the zip directory is damaged');

  const entries: ZipEntry[] = [];
  let at = directoryAt;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL_SIGNATURE) throw new Error('the zip directory is damaged');
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const nameBytes = zip.subarray(at + 46, at + 46 + nameLength);
    entries.push({
      // Bit 11: UTF-8 name. Without it, Windows' own zipper writes the system code page (GBK on
      // a Chinese Windows), which decodeText reads as GB18030 when it is not UTF-8.
      name: (flags & 0x800 ? new TextDecoder('utf-8').decode(nameBytes) : decodeText(nameBytes).text).replace(/\\/g, '/'),
      flags,
      method: view.getUint16(at + 10, true),
      crc32: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localHeaderAt: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/**
 * The unpacked bytes of one entry, checked against its size and CRC-32 so a damaged zip is
 * refused instead of turning into wrong coordinates.
 *
 * @throws Error with a short English reason.
 */
async function readZipEntry(zip: Uint8Array, entry: ZipEntry): Promise<Uint8Array> {
  if (entry.flags & 0x1) throw new Error(`${entry.name} is encrypted`);
  if (entry.size > MAX_ENTRY_BYTES) {
    const mib = (n: number) => Math.round(n / 1024 / 1024);
    throw new Error(`${entry.name} unpacks to ${mib(entry.size)} MiB; the limit is ${mib(MAX_ENTRY_BYTES)} MiB`);
  }
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const local = entry.localHeaderAt;
  if (local + 30 > zip.byteLength || view.getUint32(local, true) !== LOCAL_SIGNATURE) throw new Error(`${entry.name} is damaged`);
  const dataAt = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  if (dataAt + entry.compressedSize > zip.byteLength) throw new Error(`${entry.name} is cut short`);
  const packed = zip.subarray(dataAt, dataAt + entry.compressedSize);
  let bytes: Uint8Array;
  if (entry.method === 0) bytes = packed;
  else if (entry.method === 8) bytes = await inflateRaw(packed, entry.size, entry.name);
  else throw new Error(`${entry.name} uses compression method ${entry.method}, which is not supported`);
  if (bytes.byteLength !== entry.size || crc32(bytes) !== entry.crc32) throw new Error(`${entry.name} is damaged`);
  return bytes;
}

/** Inflates raw DEFLATE data that should unpack to exactly `size` bytes, never more. */
async function inflateRaw(packed: Uint8Array, size: number, name: string): Promise<Uint8Array> {
  // A copy only when the bytes sit on a SharedArrayBuffer, which Blob does not take.
  const part = packed.buffer instanceof ArrayBuffer ? (packed as Uint8Array<ArrayBuffer>) : new Uint8Array(packed);
  const reader = new Blob([part]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const out = new Uint8Array(size);
  let length = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new Error(`${name} is damaged (${describe(error)})`);
    }
    if (chunk.done) break;
    if (length + chunk.value.byteLength > size) {
      await reader.cancel();
      throw new Error(`${name} unpacks to more than its declared size`);
    }
    out.set(chunk.value, length);
    length += chunk.value.byteLength;
  }
  return out.subarray(0, length);
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (the zip polynomial 0xEDB88320). */
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
