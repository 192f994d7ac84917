/**
 * What the allocation wizard does with an engine result: apply the planner's per-building
 * overrides (and recompute the band report), turn the result into Buildings to commit, and
 * export it as CSV and GeoJSON. Pure.
 */
import { area as turfArea, feature as turfFeature, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, Polygon, Position } from 'geojson';
import { buildHierarchyIndex, type HierarchyIndex } from '../hierarchy';
import { formatCsvRow } from '../io/csv';
import { asBuildingId, asGridCode, type Building, type District, type GridCode, type GridUnit, type HouseholdBand, type LngLat } from '../model';
import type { BuildingInputRecord } from './building-input';
import { reportBand, type BuildingAllocation, type DistrictAllocation, type LevelCodes } from './district';
import { M_PER_DEG_LAT } from './grid-index';

/** Item id → the leaf unit (base micro-grid or dedicated grid) the planner chose instead. */
export type AllocationOverrides = Readonly<Record<string, GridCode>>;

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The leaf units a building may go to: base micro-grids and dedicated grids (first of a repeated code). */
function leafUnits(district: District): Map<GridCode, GridUnit> {
  const units = new Map<GridCode, GridUnit>();
  for (const g of district.grids) {
    const leaf = g.kind === 'dedicated' || (g.level === 4 && g.kind === 'base');
    if (leaf && !units.has(g.code)) units.set(g.code, g);
  }
  return units;
}

/** Codes a building may be assigned to: base micro-grids and dedicated grids, sorted. */
export function leafUnitCodes(district: District): GridCode[] {
  return [...leafUnits(district).keys()].sort(byCode);
}

/** Codes of a leaf unit and its ancestors by level, as the engine gives them (a dedicated grid has no micro-grid). */
function levelsOfUnit(hierarchy: HierarchyIndex, unit: GridUnit): LevelCodes {
  const levels: LevelCodes = { subDistrict: null, community: null, grid: null, microGrid: null };
  for (const g of [...hierarchy.ancestors(unit.code), unit]) {
    if (g.level === 1) levels.subDistrict = g.code;
    else if (g.level === 2) levels.community = g.code;
    else if (g.level === 3) levels.grid = g.code;
    else levels.microGrid = g.code;
  }
  if (unit.kind === 'dedicated') levels.microGrid = null;
  return levels;
}

/**
 * The allocation with overrides applied: each overridden item gets the chosen unit, its kind and
 * every ancestor's code, and `overridden: true`; the band report is computed
 * again from the result. Overrides naming an unknown unit or item are ignored (callers validate
 * with leafUnitCodes first). The engine's spatial `result` is kept as it was (it explains why).
 *
 * Also ignored, so that `overridden` always means "differs from the engine": an override to the
 * unit the engine already chose (no change, so no flag), and one for an item whose geometry the
 * engine found invalid (that geometry could not be committed anyway). The band defaults to the
 * allocation's own; the inputs are not changed.
 */
export function applyOverrides(
  district: District,
  allocation: DistrictAllocation,
  overrides: AllocationOverrides,
  options: { band?: HouseholdBand; suggestFor?: 'touched' | 'all' } = {},
): DistrictAllocation {
  const units = leafUnits(district);
  // Built lazily: most calls override a handful of the items, many none.
  let hierarchy: HierarchyIndex | null = null;
  const levelsByCode = new Map<GridCode, LevelCodes>();
  const items = allocation.items.map((item): BuildingAllocation => {
    if (!Object.hasOwn(overrides, item.id)) return item;
    const code = overrides[item.id];
    const unit = units.get(code);
    if (!unit || code === item.unitCode || item.result.status === 'invalid') return item;
    hierarchy ??= buildHierarchyIndex(district.grids);
    let levels = levelsByCode.get(code);
    if (!levels) {
      levels = levelsOfUnit(hierarchy, unit);
      levelsByCode.set(code, levels);
    }
    return { ...item, unitCode: code, unitKind: unit.kind === 'dedicated' ? 'dedicated' : 'micro_grid', levels: { ...levels }, overridden: true };
  });
  const band = reportBand(district, items, { band: options.band ?? allocation.band.band, suggestFor: options.suggestFor });
  return { items, band, problems: allocation.problems };
}

export interface LeftOut {
  id: string;
  /** 'invalid' (unreadable or bad geometry), 'unassigned' (outside every unit, no override). */
  kind: 'invalid' | 'unassigned';
  reason: string;
}

/** The first allocation of each id: ids are unique among usable records, so this is the one. */
function allocationsById(allocation: DistrictAllocation): Map<string, BuildingAllocation> {
  const byId = new Map<string, BuildingAllocation>();
  for (const a of allocation.items) if (!byId.has(a.id)) byId.set(a.id, a);
  return byId;
}

/** The allocation of a record: none for a record with a reason (a duplicate id would find its first's). */
function allocationOf(record: BuildingInputRecord, byId: Map<string, BuildingAllocation>): BuildingAllocation | undefined {
  return record.reason === undefined && record.geometry !== null ? byId.get(record.id) : undefined;
}

/** Why the engine gave no unit, for a person. */
function unassignedReason(a: BuildingAllocation): string {
  const r = a.result;
  if (r.status === 'invalid') return `invalid geometry: ${r.reason ?? 'not usable'}`;
  if (r.status === 'outside') return `outside every unit${r.reason ? ` (${r.reason})` : ''}`;
  return `not assigned (${r.status}${r.reason ? `: ${r.reason}` : ''})`;
}

const NOT_ALLOCATED = 'not allocated (run cancelled)';

const ring2d = (ring: readonly Position[]): Position[] => ring.map((p) => [p[0], p[1]]);

/** A square of `side` metres centred on [lon, lat], counter-clockwise (RFC 7946). */
function squareAround(lon: number, lat: number, side: number): Polygon {
  const dy = side / 2 / M_PER_DEG_LAT;
  // cos(lat) shrinks a degree of longitude; floored so a point at a pole still gets a finite square.
  const dx = side / 2 / (M_PER_DEG_LAT * Math.max(Math.cos((lat * Math.PI) / 180), 1e-6));
  return {
    type: 'Polygon',
    coordinates: [[[lon - dx, lat - dy], [lon + dx, lat - dy], [lon + dx, lat + dy], [lon - dx, lat + dy], [lon - dx, lat - dy]]],
  };
}

/** The footprint committed for an item's geometry (copied, so the building shares nothing with the record). */
function footprintOf(geometry: NonNullable<BuildingInputRecord['geometry']>): Polygon {
  if (geometry.type === 'Point') return squareAround(geometry.coordinates[0], geometry.coordinates[1], ADDRESS_POINT_FOOTPRINT_M);
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map(ring2d) };
  // A Building has one Polygon: keep the part that is most of the building (ties: the first).
  let best = geometry.coordinates[0];
  let bestArea = -1;
  for (const part of geometry.coordinates) {
    const a = turfArea({ type: 'Polygon', coordinates: part });
    if (a > bestArea) {
      best = part;
      bestArea = a;
    }
  }
  return { type: 'Polygon', coordinates: best.map(ring2d) };
}

/**
 * The Buildings to commit: one per record whose allocation has a unit. A point becomes a nominal
 * square footprint (ADDRESS_POINT_FOOTPRINT_M a side) centred on it; a MultiPolygon keeps its
 * largest part. Entrances: one at the point-on-surface holding all households. The rest are
 * listed in `leftOut` with why.
 *
 * Records join allocation items by id; a record the engine never reached (a cancelled run) is
 * left out as unassigned. A record whose id is already a building of the district is left out as
 * invalid: committing it would give two buildings one id (and re-importing a committed file would
 * double every building).
 */
export function buildingsToCommit(
  district: District,
  records: readonly BuildingInputRecord[],
  allocation: DistrictAllocation,
): { buildings: Building[]; leftOut: LeftOut[] } {
  const existing = new Set<string>(district.buildings.map((b) => b.id));
  const byId = allocationsById(allocation);
  const buildings: Building[] = [];
  const leftOut: LeftOut[] = [];
  for (const record of records) {
    if (record.reason !== undefined || record.geometry === null) {
      leftOut.push({ id: record.id, kind: 'invalid', reason: record.reason ?? 'no geometry' });
      continue;
    }
    const a = byId.get(record.id);
    if (!a) {
      leftOut.push({ id: record.id, kind: 'unassigned', reason: NOT_ALLOCATED });
      continue;
    }
    if (a.unitCode === null) {
      leftOut.push({ id: record.id, kind: 'unassigned', reason: unassignedReason(a) });
      continue;
    }
    if (existing.has(record.id)) {
      leftOut.push({ id: record.id, kind: 'invalid', reason: `id ${record.id} is already a building of the district` });
      continue;
    }
    const footprint = footprintOf(record.geometry);
    const location: LngLat =
      record.geometry.type === 'Point'
        ? [record.geometry.coordinates[0], record.geometry.coordinates[1]]
        : (pointOnFeature(turfFeature(footprint)).geometry.coordinates.slice(0, 2) as unknown as LngLat);
    buildings.push({
      id: asBuildingId(record.id),
      name: record.name,
      compound: record.compound,
      use: record.use ?? 'residential',
      gridCode: asGridCode(a.unitCode),
      footprint,
      entrances: [{ no: 1, location, households: record.households }],
      floors: record.floors,
      households: record.households,
      residents: record.residents,
    });
  }
  return { buildings, leftOut };
}

/** Side of the square footprint given to an address point when it is committed, in metres. */
export const ADDRESS_POINT_FOOTPRINT_M = 12;

/** Columns of the wizard's CSV export, in order. */
export const ALLOCATION_CSV_COLUMNS = [
  'item_id',
  'name',
  'households',
  'status',
  'unit_code',
  'unit_kind',
  'micro_grid',
  'grid',
  'community',
  'sub_district',
  'point_grid_id',
  'share',
  'area_m2',
  'distance_m',
  'overridden',
  'reason',
] as const;

/** One exported row, typed: CSV writes it as text, GeoJSON as properties. */
interface AllocationRow {
  item_id: string;
  name: string;
  households: number;
  status: string;
  unit_code: string | null;
  unit_kind: string | null;
  micro_grid: string | null;
  grid: string | null;
  community: string | null;
  sub_district: string | null;
  point_grid_id: string | null;
  share: number | null;
  area_m2: number | null;
  distance_m: number | null;
  overridden: boolean;
  reason: string | null;
}

/** Columns holding numbers: never formula-guarded (a '-' there is a sign, and there is none). */
const NUMERIC_COLUMNS: ReadonlySet<string> = new Set(['households', 'share', 'area_m2', 'distance_m', 'overridden']);

/** Rounded to `digits` decimals, shortest form (0.5, not 0.5000). */
const round = (v: number, digits: number): number => Number(v.toFixed(digits));

function rowOf(record: BuildingInputRecord, a: BuildingAllocation | undefined): AllocationRow {
  const status = record.reason !== undefined || record.geometry === null ? 'invalid' : a ? a.result.status : 'not_allocated';
  const reason = record.reason ?? (a ? (a.result.reason ?? a.note) : status === 'not_allocated' ? NOT_ALLOCATED : undefined);
  return {
    item_id: record.id,
    name: record.name,
    households: record.households,
    status,
    unit_code: a?.unitCode ?? null,
    unit_kind: a?.unitKind ?? null,
    micro_grid: a?.levels.microGrid ?? null,
    grid: a?.levels.grid ?? null,
    community: a?.levels.community ?? null,
    sub_district: a?.levels.subDistrict ?? null,
    point_grid_id: a?.result.pointGridId ?? null,
    share: a ? round(a.result.share, 4) : null,
    area_m2: a ? round(a.result.areaM2, 1) : null,
    distance_m: a ? round(a.result.distanceM, 1) : null,
    overridden: a?.overridden === true,
    reason: reason ?? null,
  };
}

/** Characters a spreadsheet takes as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * CSV of every record (usable or not) joined to its allocation. With `excel`, a UTF-8 BOM leads
 * (so Excel on Chinese Windows reads it as UTF-8) and text cells that start with = + - @ are
 * prefixed with ' so they are not run as formulas; numbers are left alone.
 *
 * One row per record in record order, CRLF line ends (RFC 4180). status is the engine's, or
 * 'invalid' for a record with a reason, 'not_allocated' for one a cancelled run never reached;
 * reason is the record's, else the engine's, else its note. Empty cells where there is no value.
 */
export function allocationCsv(records: readonly BuildingInputRecord[], allocation: DistrictAllocation, options: { excel?: boolean } = {}): string {
  const byId = allocationsById(allocation);
  const excel = options.excel === true;
  const lines = [formatCsvRow(ALLOCATION_CSV_COLUMNS)];
  for (const record of records) {
    const row = rowOf(record, allocationOf(record, byId));
    const cells = ALLOCATION_CSV_COLUMNS.map((column) => {
      const v = row[column];
      const text = v === null ? '' : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
      return excel && !NUMERIC_COLUMNS.has(column) && FORMULA_START.test(text) ? `'${text}` : text;
    });
    lines.push(formatCsvRow(cells));
  }
  return (excel ? '\ufeff' : '') + lines.join('\r\n') + '\r\n';
}

const round7 = (p: Position): Position => [round(p[0], 7), round(p[1], 7)];

/** A copy of an item's geometry with coordinates at 7 decimals (about 1 cm: the engine's own tolerance). */
function roundedGeometry(g: NonNullable<BuildingInputRecord['geometry']>): Geometry {
  if (g.type === 'Point') return { type: 'Point', coordinates: round7(g.coordinates) };
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(round7)) };
  return { type: 'MultiPolygon', coordinates: g.coordinates.map((rings) => rings.map((ring) => ring.map(round7))) };
}

/**
 * GeoJSON of every record with a geometry, properties as the CSV columns (numbers as numbers).
 * Absent values are null, and `overridden` is a boolean.
 */
export function allocationGeoJson(records: readonly BuildingInputRecord[], allocation: DistrictAllocation): FeatureCollection<Geometry> {
  const byId = allocationsById(allocation);
  const features: Feature<Geometry>[] = [];
  for (const record of records) {
    if (record.geometry === null) continue;
    const row = rowOf(record, allocationOf(record, byId));
    features.push({ type: 'Feature', geometry: roundedGeometry(record.geometry), properties: { ...row } });
  }
  return { type: 'FeatureCollection', features };
}
