/**
 * New buildings as planners hand them over (GeoJSON of footprints or address points, CSV with
 * lon/lat columns, or the features of a zipped Shapefile read by the renderer): each feature or
 * row becomes one record with its id, geometry in WGS-84, households, use, name and compound,
 * or a reason why it cannot be allocated. Pure; nothing throws on bad data.
 */
import type { Crs } from '../crs';
import { readCsvItems, readFeatureCollection, readGeoJsonItems, type FeatureProblem, type ItemGeometry, type ItemRecord } from '../io/read-geo-items';
import type { BuildingUse } from '../model';
import type { BuildingItem } from './district';

/** Attribute columns (GeoJSON properties / CSV headers) the reader takes each value from; null = none found. */
export interface BuildingAttributeColumns {
  households: string | null;
  use: string | null;
  name: string | null;
  compound: string | null;
  residents: string | null;
  floors: string | null;
}

/** Names tried, case-insensitively, for each attribute when the caller names none (English and Chinese). */
export const ATTRIBUTE_CANDIDATES: Readonly<Record<keyof BuildingAttributeColumns, readonly string[]>> = {
  households: ['households', 'household', 'hh', 'hu', 'units', '户数', '住户数', '户'],
  use: ['use', 'usage', 'type', 'kind', 'category', '用途', '类型', '性质'],
  name: ['name', 'building', 'building_name', '名称', '楼栋', '楼栋名称', '建筑名称'],
  compound: ['compound', 'estate', 'community_name', '小区', '小区名称'],
  residents: ['residents', 'population', 'pop', '人口', '人数', '常住人口'],
  floors: ['floors', 'storeys', 'stories', 'levels', '层数', '楼层'],
};

/** Where the items come from, already decoded to text (or features, for a Shapefile). */
export type BuildingSource =
  | { kind: 'geojson'; text: string }
  | { kind: 'features'; features: readonly unknown[] }
  | { kind: 'csv'; text: string };

export interface BuildingInputOptions {
  /** Coordinate system of the file; geometry comes out in WGS-84. Default 'wgs84'. */
  crs?: Crs;
  /** Property/column holding the id; default `id`, then the feature id, then the index. */
  idProperty?: string;
  /**
   * Columns chosen by the user; unnamed (undefined) ones are guessed from ATTRIBUTE_CANDIDATES.
   * null (or '') means "none": the attribute is not read and not guessed.
   */
  columns?: Partial<BuildingAttributeColumns>;
}

/** One feature or row of the file. Every input gives one record, usable or not. */
export interface BuildingInputRecord {
  /** Index in the file's features (CSV: 0-based data row). */
  index: number;
  /** CSV: 1-based line, header included. */
  line?: number;
  id: string;
  name: string;
  compound: string;
  households: number;
  residents: number;
  floors: number;
  use?: BuildingUse;
  /** WGS-84; null when unusable (then `reason` says why). */
  geometry: ItemGeometry | null;
  /** Why this record cannot be allocated (bad geometry, bad households, duplicate id…). */
  reason?: string;
  /** Values that were read with a fallback (unknown use → residential, …). */
  warnings?: string[];
}

export interface BuildingInputSummary {
  total: number;
  /** Records with a geometry and no reason. */
  usable: number;
  /** Usable records that are address points. */
  points: number;
  /** Usable records that are footprints (Polygon or MultiPolygon). */
  footprints: number;
  /** Records with a reason. */
  invalid: number;
  /** Households of usable records. */
  households: number;
  /** Ids that appear more than once (all but the first occurrence are refused). */
  duplicateIds: string[];
}

export type BuildingInputRead =
  | { ok: false; reason: string }
  | {
      ok: true;
      records: BuildingInputRecord[];
      /** The columns actually used. */
      columns: BuildingAttributeColumns;
      /** Every property/column name seen, in first-seen order (for the mapping step). */
      properties: string[];
      /**
       * File-level notes (CSV parse error, no households column, id property missing…). Notes
       * about the file as a whole (a column) have index -1.
       */
      warnings: FeatureProblem[];
      summary: BuildingInputSummary;
    };

/** Most households one building may hold: more is a typo or a whole compound on one row. */
export const MAX_BUILDING_HOUSEHOLDS = 5000;

const ATTRIBUTES = Object.keys(ATTRIBUTE_CANDIDATES) as (keyof BuildingAttributeColumns)[];

/** English words for a use, after lower-casing and turning _ and - into spaces (plurals are also tried without their s). */
const ENGLISH_USES: Readonly<Record<string, BuildingUse>> = {
  residential: 'residential',
  residence: 'residential',
  housing: 'residential',
  house: 'residential',
  home: 'residential',
  dwelling: 'residential',
  apartment: 'residential',
  flat: 'residential',
  school: 'school',
  kindergarten: 'school',
  nursery: 'school',
  education: 'school',
  college: 'school',
  university: 'school',
  hospital: 'hospital',
  clinic: 'hospital',
  health: 'hospital',
  medical: 'hospital',
  market: 'market',
  marketplace: 'market',
  mall: 'market',
  enterprise: 'enterprise',
  factory: 'enterprise',
  industrial: 'enterprise',
  industry: 'enterprise',
  plant: 'enterprise',
  company: 'enterprise',
  warehouse: 'enterprise',
  construction: 'construction',
  'construction site': 'construction',
  'building site': 'construction',
  shop: 'shop',
  commercial: 'shop',
  retail: 'shop',
  store: 'shop',
  supermarket: 'shop',
  office: 'office',
};

/**
 * Chinese words for a use, matched anywhere in the value (人民医院, 第一中学, 工业园区), tried in
 * this order: construction first so 在建住宅 is a site, the specific 农贸市场 before 市场.
 */
const CHINESE_USES: readonly (readonly [string, BuildingUse])[] = [
  ['在建', 'construction'],
  ['工地', 'construction'],
  ['农贸市场', 'market'],
  ['幼儿园', 'school'],
  ['小学', 'school'],
  ['中学', 'school'],
  ['大学', 'school'],
  ['学校', 'school'],
  ['卫生院', 'hospital'],
  ['卫生服务', 'hospital'],
  ['诊所', 'hospital'],
  ['医院', 'hospital'],
  ['商场', 'market'],
  ['市场', 'market'],
  ['写字楼', 'office'],
  ['办公', 'office'],
  ['底商', 'shop'],
  ['商铺', 'shop'],
  ['店铺', 'shop'],
  ['超市', 'shop'],
  ['商业', 'shop'],
  ['工厂', 'enterprise'],
  ['厂房', 'enterprise'],
  ['园区', 'enterprise'],
  ['企业', 'enterprise'],
  ['居民楼', 'residential'],
  ['住宅', 'residential'],
  ['公寓', 'residential'],
  ['民居', 'residential'],
];

function englishUse(word: string): BuildingUse | undefined {
  if (Object.hasOwn(ENGLISH_USES, word)) return ENGLISH_USES[word];
  if (word.endsWith('s') && Object.hasOwn(ENGLISH_USES, word.slice(0, -1))) return ENGLISH_USES[word.slice(0, -1)];
  return undefined;
}

/**
 * A use from a cell: the whole value in English (singular or plural), then each of its words
 * ('office building'), then a Chinese word anywhere in it. undefined when nothing matches.
 */
export function parseBuildingUse(text: string): BuildingUse | undefined {
  const value = text.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  if (value === '') return undefined;
  const whole = englishUse(value);
  if (whole) return whole;
  for (const word of value.split(' ')) {
    const use = englishUse(word);
    if (use) return use;
  }
  return CHINESE_USES.find(([word]) => value.includes(word))?.[1];
}

type NumberRead = { kind: 'missing' } | { kind: 'number'; value: number; text: string } | { kind: 'bad'; text: string };

/** Plain decimal or exponent notation only: Number('') is 0 and Number('0x1') is 1, neither meant. */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as a number: numbers and numeric strings (trimmed); null, undefined and '' are missing. */
function readNumberCell(v: unknown): NumberRead {
  if (v === undefined || v === null) return { kind: 'missing' };
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v, text: String(v) } : { kind: 'bad', text: String(v) };
  if (typeof v === 'string') {
    const text = v.trim();
    if (text === '') return { kind: 'missing' };
    return NUMBER_TEXT.test(text) ? { kind: 'number', value: Number(text), text } : { kind: 'bad', text };
  }
  return { kind: 'bad', text: typeof v === 'object' ? JSON.stringify(v) : String(v) };
}

/** A cell as text: strings trimmed, finite numbers as digits (a building numbered 3), else ''. */
function readTextCell(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/** "feature 3" for GeoJSON, "row 3 (line 5)" for CSV, as the CLI says it. */
function where(r: { index: number; line?: number }): string {
  return r.line === undefined ? `feature ${r.index}` : `row ${r.index} (line ${r.line})`;
}

/**
 * The columns to read: the user's choice where given (matched exactly, else ignoring case), the
 * first candidate found otherwise. `names` maps each trimmed, lower-cased property to its first
 * spelling in the file.
 */
function resolveColumns(
  properties: readonly string[],
  chosen: Partial<BuildingAttributeColumns> | undefined,
  warnings: FeatureProblem[],
): BuildingAttributeColumns {
  const names = new Map<string, string>();
  for (const p of properties) {
    const key = p.trim().toLowerCase();
    if (!names.has(key)) names.set(key, p);
  }
  const exact = new Set(properties);
  const columns: BuildingAttributeColumns = { households: null, use: null, name: null, compound: null, residents: null, floors: null };
  for (const attribute of ATTRIBUTES) {
    const choice = chosen?.[attribute];
    if (choice === null || choice === '') continue;
    if (typeof choice === 'string') {
      const found = exact.has(choice) ? choice : names.get(choice.trim().toLowerCase());
      if (found === undefined) warnings.push({ index: -1, reason: `column '${choice}' chosen for ${attribute} is not in the file` });
      columns[attribute] = found ?? null;
      continue;
    }
    for (const candidate of ATTRIBUTE_CANDIDATES[attribute]) {
      const found = names.get(candidate.toLowerCase());
      if (found !== undefined) {
        columns[attribute] = found;
        break;
      }
    }
  }
  if (columns.households === null) {
    const looked = chosen?.households === undefined ? ` (looked for ${ATTRIBUTE_CANDIDATES.households.join(', ')})` : '';
    warnings.push({ index: -1, reason: `no households column${looked}; every building counts 0 households` });
  }
  return columns;
}

/** Reads the attributes of one item into a record; `reasons` already holds the geometry's. */
function readRecord(item: ItemRecord, columns: BuildingAttributeColumns): { record: BuildingInputRecord; reasons: string[] } {
  const props = item.properties ?? {};
  // Own properties only: a column named 'constructor' must not read Object.prototype.
  const cell = (column: string | null): unknown => (column !== null && Object.hasOwn(props, column) ? props[column] : undefined);
  const reasons: string[] = item.reason !== undefined ? [item.reason] : [];
  const warnings: string[] = [];

  let households = 0;
  if (columns.households !== null) {
    const h = readNumberCell(cell(columns.households));
    if (h.kind === 'missing') warnings.push('households missing; counted as 0');
    else if (h.kind === 'bad' || h.value < 0 || !Number.isInteger(h.value)) reasons.push(`households '${h.text}' is not a whole number ≥ 0`);
    else if (h.value > MAX_BUILDING_HOUSEHOLDS) reasons.push(`households ${h.value} is more than ${MAX_BUILDING_HOUSEHOLDS} for one building`);
    // + 0 turns a '-0' cell into 0.
    else households = h.value + 0;
  }

  let use: BuildingUse = 'residential';
  const rawUse = cell(columns.use);
  const useText = typeof rawUse === 'string' ? rawUse.trim() : rawUse === undefined || rawUse === null ? '' : JSON.stringify(rawUse);
  if (useText !== '') {
    const parsed = parseBuildingUse(useText);
    if (parsed) use = parsed;
    else warnings.push(`use '${useText}' is not known; read as residential`);
  }

  let residents = 0;
  const r = readNumberCell(cell(columns.residents));
  if (r.kind === 'bad' || (r.kind === 'number' && r.value < 0)) warnings.push(`residents '${r.text}' is not a number ≥ 0; read as 0`);
  else if (r.kind === 'number') residents = r.value + 0;

  let floors = 0;
  const f = readNumberCell(cell(columns.floors));
  if (f.kind === 'bad' || (f.kind === 'number' && (f.value < 1 || !Number.isInteger(f.value)))) warnings.push(`floors '${f.text}' is not a whole number ≥ 1; read as 0`);
  else if (f.kind === 'number') floors = f.value;

  const record: BuildingInputRecord = {
    index: item.index,
    ...(item.line !== undefined ? { line: item.line } : {}),
    id: item.id,
    name: readTextCell(cell(columns.name)),
    compound: readTextCell(cell(columns.compound)),
    households,
    residents,
    floors,
    use,
    geometry: item.geometry,
  };
  if (warnings.length > 0) record.warnings = warnings;
  return { record, reasons };
}

/** The items of a source, with the property names seen, or why the file cannot be read. */
function readItems(
  source: BuildingSource,
  options: BuildingInputOptions,
): { ok: true; items: ItemRecord[]; warnings: FeatureProblem[]; properties: string[] } | { ok: false; reason: string } {
  const readOptions = { idProperty: options.idProperty, crs: options.crs };
  if (source.kind === 'csv') {
    const read = readCsvItems(source.text, readOptions);
    if (!read.ok) return read;
    return { ok: true, items: read.items, warnings: read.warnings, properties: [...new Set(read.header)] };
  }
  let features: readonly unknown[];
  if (source.kind === 'geojson') {
    const fc = readFeatureCollection(source.text);
    if (!fc.ok) return fc;
    features = fc.features;
  } else {
    features = source.features;
  }
  const { items, warnings } = readGeoJsonItems(features, readOptions);
  const seen = new Set<string>();
  for (const item of items) if (item.properties) for (const key of Object.keys(item.properties)) seen.add(key);
  return { ok: true, items, warnings, properties: [...seen] };
}

/**
 * Reads new buildings from a file's content. A file that is not readable at all (not JSON, not
 * a FeatureCollection, CSV without lon/lat columns) is `ok: false` with a sentence; otherwise
 * every feature/row is a record, bad ones with a reason.
 *
 * Households must be a whole number from 0 to MAX_BUILDING_HOUSEHOLDS ('12.0' is 12); a bad
 * value refuses the record (counting it as 0 would hide a typo from the band report), a missing
 * one counts 0 with a warning. A bad use, residents or floors value only warns: they do not
 * decide where the building goes. Of repeated ids the first is kept (even when unusable), so ids
 * stay unique for joining results back.
 */
export function readBuildingInput(source: BuildingSource, options: BuildingInputOptions = {}): BuildingInputRead {
  const read = readItems(source, options);
  if (!read.ok) return { ok: false, reason: read.reason };
  const warnings = [...read.warnings];
  const columns = resolveColumns(read.properties, options.columns, warnings);

  const firstOf = new Map<string, ItemRecord>();
  const duplicateIds = new Set<string>();
  const summary: BuildingInputSummary = { total: 0, usable: 0, points: 0, footprints: 0, invalid: 0, households: 0, duplicateIds: [] };
  const records = read.items.map((item) => {
    const { record, reasons } = readRecord(item, columns);
    const first = firstOf.get(item.id);
    if (first === undefined) firstOf.set(item.id, item);
    else {
      duplicateIds.add(item.id);
      reasons.push(`duplicate id ${item.id} (first at ${where(first)})`);
    }
    if (reasons.length > 0) record.reason = reasons.join('; ');

    summary.total++;
    if (record.reason !== undefined) summary.invalid++;
    else if (record.geometry !== null) {
      summary.usable++;
      summary.households += record.households;
      if (record.geometry.type === 'Point') summary.points++;
      else summary.footprints++;
    }
    return record;
  });
  summary.duplicateIds = [...duplicateIds];
  return { ok: true, records, columns, properties: read.properties, warnings, summary };
}

/** The usable records as engine items (same order; records with a reason or no geometry left out). */
export function toBuildingItems(records: readonly BuildingInputRecord[]): BuildingItem[] {
  const items: BuildingItem[] = [];
  for (const r of records) {
    if (r.reason !== undefined || r.geometry === null) continue;
    items.push({ id: r.id, geometry: r.geometry, households: r.households, ...(r.use !== undefined ? { use: r.use } : {}) });
  }
  return items;
}
