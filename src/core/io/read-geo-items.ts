/**
 * Reading grids and items (buildings, address points) from the files planners have: GeoJSON
 * (points or footprints) and CSV with longitude/latitude columns. Used by `gridroom allocate` and
 * by the renderer's allocation wizard, so it is pure: text in, clean WGS-84 geometry and a plain
 * reason per bad feature out. Nothing throws on bad data; one bad feature never stops the rest.
 */
import type { MultiPolygon, Point, Polygon, Position } from 'geojson';
import { convertGeometry, type Crs } from '../crs';
import { parseCsv } from './csv';

/** Geometry an item may have: an address point or a building footprint. */
export type ItemGeometry = Point | Polygon | MultiPolygon;

export type GeometryRead<G> = { ok: true; geometry: G } | { ok: false; reason: string };

/** A feature that could not be used as given (or was used with a fallback), and why. */
export interface FeatureProblem {
  /** Index of the feature in the file's `features` array (for CSV: the 0-based data row). */
  index: number;
  /** For CSV: the 1-based line of the row, header included, so an editor can jump to it. */
  line?: number;
  reason: string;
}

/** One usable grid feature. Features sharing an `id` are parts of one grid; they are kept apart here. */
export interface GridFeature {
  index: number;
  id: string;
  geometry: Polygon | MultiPolygon;
}

/** One item: always present, so every input row gets an output row; `geometry` null when unusable. */
export interface ItemRecord {
  index: number;
  line?: number;
  id: string;
  geometry: ItemGeometry | null;
  /** Why `geometry` is null. */
  reason?: string;
  /**
   * The feature's attributes, for callers that read more than geometry (the allocation wizard):
   * GeoJSON: the feature's `properties` object as it is (absent when not an object); CSV: header
   * (trimmed) → the row's cell, for the cells the row has (the first of repeated headers wins).
   */
  properties?: Record<string, unknown>;
}

export interface ReadOptions {
  /** Property (GeoJSON) or column (CSV) holding the id; defaults differ for grids and items. */
  idProperty?: string;
  /** Coordinate system of the file; geometry comes out in WGS-84. Default 'wgs84'. */
  crs?: Crs;
}

/** Properties tried, in order, for a grid's id when none is named; then the feature's own `id`. */
export const DEFAULT_GRID_ID_PROPERTIES: readonly string[] = ['id', 'code', 'grid_id'];
/** Column headers (case-insensitive) taken as longitude and latitude in a CSV of points. */
export const LON_COLUMNS: readonly string[] = ['lon', 'lng', 'longitude', '经度'];
export const LAT_COLUMNS: readonly string[] = ['lat', 'latitude', '纬度'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Larger than any degree value: a file in metres of a projected system (often CGCS2000 / 3-degree Gauss–Krüger). */
const PROJECTED_HINT = 1000;

/** An id as text: strings trimmed, finite numbers as digits; null when absent or empty. */
export function readIdValue(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/**
 * Reads a GeoJSON file's text as far as its feature list: JSON (a leading BOM dropped) holding a
 * FeatureCollection. The reason is a sentence for a person.
 */
export function readFeatureCollection(text: string): { ok: true; features: unknown[] } | { ok: false; reason: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    return { ok: false, reason: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (!isObject(parsed) || parsed.type !== 'FeatureCollection' || !Array.isArray(parsed.features)) {
    const type = isObject(parsed) ? String(parsed.type ?? 'an object without a type') : Array.isArray(parsed) ? 'an array' : String(parsed);
    return { ok: false, reason: `not a GeoJSON FeatureCollection (found ${type})` };
  }
  return { ok: true, features: parsed.features };
}

/** A coordinate as read: a finite number, or why not. JSON has no NaN, so files write it as null or a string. */
function readNumber(v: unknown): number | string {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 'is not finite';
  if (v === null || v === undefined) return 'is null (NaN)';
  if (typeof v === 'string' && /^\s*[+-]?(nan|inf|infinity)\s*$/i.test(v)) return `is '${v}'`;
  return `is not a number (${JSON.stringify(v)})`;
}

/** Checks a lon/lat pair's range; the hint names the usual cause (metres, or lat/lon swapped). */
function rangeProblem(x: number, y: number): string | null {
  if (Math.abs(x) <= 180 && Math.abs(y) <= 90) return null;
  let hint = '';
  if (Math.abs(x) > PROJECTED_HINT || Math.abs(y) > PROJECTED_HINT) hint = ': projected metres? convert to degrees first';
  else if (Math.abs(y) <= 180 && Math.abs(x) <= 90) hint = ': latitude and longitude swapped?';
  return `coordinate (${x}, ${y}) is out of range${hint}`;
}

/** A 2D position (altitude dropped: allocation is planar) or a reason naming where it failed. */
function readPosition(raw: unknown, where: string): Position | string {
  if (!Array.isArray(raw) || raw.length < 2) return `${where} is not a [lon, lat] pair`;
  const x = readNumber(raw[0]);
  if (typeof x === 'string') return `${where}: longitude ${x}`;
  const y = readNumber(raw[1]);
  if (typeof y === 'string') return `${where}: latitude ${y}`;
  const range = rangeProblem(x, y);
  return range ? `${where}: ${range}` : [x, y];
}

function readRings(raw: unknown, where: string): Position[][] | string {
  if (!Array.isArray(raw) || raw.length === 0) return `${where} has no rings`;
  const rings: Position[][] = [];
  for (let r = 0; r < raw.length; r++) {
    const rawRing: unknown = raw[r];
    const at = `${where}ring ${r}`;
    if (!Array.isArray(rawRing)) return `${at} is not an array of positions`;
    const ring: Position[] = [];
    for (let p = 0; p < rawRing.length; p++) {
      const pos = readPosition(rawRing[p], `${at} position ${p}`);
      if (typeof pos === 'string') return pos;
      ring.push(pos);
    }
    if (ring.length < 4) return `${at} has ${ring.length} positions (a closed ring needs at least 4)`;
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) return `${at} is not closed (first and last positions differ)`;
    rings.push(ring);
  }
  return rings;
}

/**
 * Reads a Polygon or MultiPolygon member into a clean 2D geometry with finite, in-range, closed
 * rings. Topology (self-intersections, overlaps) is left to the allocation engine, which repairs
 * or flags it; this only refuses what no engine could read.
 */
export function readPolygonal(raw: unknown): GeometryRead<Polygon | MultiPolygon> {
  if (raw === null || raw === undefined) return { ok: false, reason: 'geometry is missing' };
  if (!isObject(raw) || typeof raw.type !== 'string') return { ok: false, reason: 'geometry is malformed (no type)' };
  if (raw.type === 'Polygon') {
    const rings = readRings(raw.coordinates, '');
    return typeof rings === 'string' ? { ok: false, reason: rings } : { ok: true, geometry: { type: 'Polygon', coordinates: rings } };
  }
  if (raw.type === 'MultiPolygon') {
    if (!Array.isArray(raw.coordinates) || raw.coordinates.length === 0) return { ok: false, reason: 'MultiPolygon has no polygons' };
    const polygons: Position[][][] = [];
    for (let i = 0; i < raw.coordinates.length; i++) {
      const rings = readRings(raw.coordinates[i], `polygon ${i} `);
      if (typeof rings === 'string') return { ok: false, reason: rings };
      polygons.push(rings);
    }
    return { ok: true, geometry: { type: 'MultiPolygon', coordinates: polygons } };
  }
  return { ok: false, reason: `geometry type ${raw.type} is not a Polygon or MultiPolygon` };
}

/** Reads an item's geometry: a Point (address point) or a Polygon/MultiPolygon (footprint). */
export function readItemGeometry(raw: unknown): GeometryRead<ItemGeometry> {
  if (isObject(raw) && raw.type === 'Point') {
    const pos = readPosition(raw.coordinates, 'point');
    return typeof pos === 'string' ? { ok: false, reason: pos } : { ok: true, geometry: { type: 'Point', coordinates: pos } };
  }
  if (isObject(raw) && typeof raw.type === 'string' && raw.type !== 'Polygon' && raw.type !== 'MultiPolygon') {
    return { ok: false, reason: `geometry type ${raw.type} is not a Point, Polygon or MultiPolygon` };
  }
  return readPolygonal(raw);
}

function toWgs84<G extends ItemGeometry>(g: G, crs: Crs | undefined): G {
  return crs && crs !== 'wgs84' && crs !== 'cgcs2000' ? convertGeometry(g, crs, 'wgs84') : g;
}

function readFeatureId(feature: Record<string, unknown>, candidates: readonly string[]): string | null {
  const props = isObject(feature.properties) ? feature.properties : {};
  for (const name of candidates) {
    const id = readIdValue(props[name]);
    if (id !== null) return id;
  }
  return null;
}

/**
 * The usable grids of a boundary file, in WGS-84, each with its feature index; the rest as
 * problems. The id comes from `idProperty` when named, else from `id`, `code`, `grid_id`, then
 * the feature's own `id`. Grids without an id are left out: an unnamed grid can be no answer.
 */
export function readGridFeatures(features: readonly unknown[], options: ReadOptions = {}): { grids: GridFeature[]; problems: FeatureProblem[] } {
  const grids: GridFeature[] = [];
  const problems: FeatureProblem[] = [];
  const candidates = options.idProperty ? [options.idProperty] : DEFAULT_GRID_ID_PROPERTIES;
  features.forEach((raw, index) => {
    if (!isObject(raw) || raw.type !== 'Feature') {
      problems.push({ index, reason: 'not a GeoJSON Feature' });
      return;
    }
    const id = readFeatureId(raw, candidates) ?? (options.idProperty ? null : readIdValue(raw.id));
    if (id === null) {
      const tried = options.idProperty ? `property '${options.idProperty}'` : `${candidates.join(', ')} or the feature id`;
      problems.push({ index, reason: `no grid id (${tried} is missing or empty); grid left out` });
      return;
    }
    const geo = readPolygonal(raw.geometry);
    if (!geo.ok) {
      problems.push({ index, reason: `grid ${id}: ${geo.reason}; grid left out` });
      return;
    }
    grids.push({ index, id, geometry: toWgs84(geo.geometry, options.crs) });
  });
  return { grids, problems };
}

/**
 * Every feature of an items file as an item, in WGS-84. The id comes from `idProperty` when named,
 * else from the `id` property, then the feature's own `id`, else the feature index (every row
 * needs an id to be joined back). A named property missing on a feature falls back the same way,
 * with a warning, because silently mixing ids from two sources would be worse.
 */
export function readGeoJsonItems(features: readonly unknown[], options: ReadOptions = {}): { items: ItemRecord[]; warnings: FeatureProblem[] } {
  const items: ItemRecord[] = [];
  const warnings: FeatureProblem[] = [];
  features.forEach((raw, index) => {
    if (!isObject(raw) || raw.type !== 'Feature') {
      items.push({ index, id: String(index), geometry: null, reason: 'not a GeoJSON Feature' });
      return;
    }
    let id = readFeatureId(raw, [options.idProperty ?? 'id']);
    if (id === null && options.idProperty) {
      warnings.push({ index, reason: `no '${options.idProperty}' property; using the feature id or index` });
    }
    id ??= readIdValue(raw.id) ?? String(index);
    // Shared, not copied: readers never change it, and copying 100,000 objects costs for nothing.
    const properties = isObject(raw.properties) ? { properties: raw.properties } : {};
    const geo = readItemGeometry(raw.geometry);
    if (!geo.ok) items.push({ index, id, geometry: null, reason: geo.reason, ...properties });
    else items.push({ index, id, geometry: toWgs84(geo.geometry, options.crs), ...properties });
  });
  return { items, warnings };
}

/** A column's index by any of its accepted names (case and surrounding space ignored), or -1. */
function findColumn(header: readonly string[], names: readonly string[]): number {
  const wanted = names.map((n) => n.toLowerCase());
  return header.findIndex((h) => wanted.includes(h.trim().toLowerCase()));
}

/** A CSV cell as a number: plain decimal or exponent notation only (Number('') is 0 and Number('0x1') is 1). */
function readCsvNumber(cell: string | undefined, what: string): number | string {
  const s = (cell ?? '').trim();
  if (s === '') return `${what} is empty`;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return `${what} '${s}' is not a number`;
  return Number(s);
}

/**
 * Points from CSV text with longitude and latitude columns (lon/lng/longitude/经度,
 * lat/latitude/纬度). The id comes from `idProperty` (a column that must exist) or an `id` column,
 * else the row index. A file without both coordinate columns is refused as a whole, naming the
 * columns it has; a row with a bad value becomes an item with a reason.
 */
export function readCsvItems(
  text: string,
  options: ReadOptions = {},
): { ok: true; items: ItemRecord[]; warnings: FeatureProblem[]; header: string[] } | { ok: false; reason: string } {
  const parsed = parseCsv(text);
  const [head, ...rows] = parsed.records;
  if (!head) return { ok: false, reason: 'the CSV file is empty (no header row)' };
  const header = head.fields;
  const columns = header.map((h) => `'${h.trim()}'`).join(', ');
  const lonAt = findColumn(header, LON_COLUMNS);
  const latAt = findColumn(header, LAT_COLUMNS);
  if (lonAt < 0 || latAt < 0) {
    const missing = [lonAt < 0 ? `longitude (${LON_COLUMNS.join(', ')})` : null, latAt < 0 ? `latitude (${LAT_COLUMNS.join(', ')})` : null]
      .filter((s): s is string => s !== null)
      .join(' and ');
    return { ok: false, reason: `no ${missing} column; the header has ${columns}` };
  }
  const idAt = findColumn(header, [options.idProperty ?? 'id']);
  if (options.idProperty && idAt < 0) return { ok: false, reason: `no id column '${options.idProperty}'; the header has ${columns}` };

  const warnings: FeatureProblem[] = [];
  if (parsed.error) warnings.push({ index: rows.length - 1, line: rows[rows.length - 1]?.line, reason: parsed.error });
  const names = header.map((h) => h.trim());
  // Only the first of a repeated header, as findColumn does, so a value is read from one place.
  const keep = names.map((n, i) => names.indexOf(n) === i);
  const items = rows.map((row, index): ItemRecord => {
    const id = (idAt >= 0 ? readIdValue(row.fields[idAt]) : null) ?? String(index);
    const cells: [string, string][] = [];
    for (let i = 0; i < Math.min(row.fields.length, names.length); i++) if (keep[i]) cells.push([names[i], row.fields[i]]);
    // fromEntries defines own properties, so a header such as '__proto__' stays a plain key.
    const properties: Record<string, unknown> = Object.fromEntries(cells);
    const base = { index, line: row.line, id, properties };
    const lon = readCsvNumber(row.fields[lonAt], 'longitude');
    if (typeof lon === 'string') return { ...base, geometry: null, reason: lon };
    const lat = readCsvNumber(row.fields[latAt], 'latitude');
    if (typeof lat === 'string') return { ...base, geometry: null, reason: lat };
    const range = rangeProblem(lon, lat);
    if (range) return { ...base, geometry: null, reason: range };
    return { ...base, geometry: toWgs84<Point>({ type: 'Point', coordinates: [lon, lat] }, options.crs) };
  });
  return { ok: true, items, warnings, header: names };
}
