/**
 * District-level allocation: new buildings to a leaf unit (a base micro-grid, or the dedicated
 * grid a flagged building stands in), with every ancestor's code, and the households band report
 * with structured suggestions (split, move, merge, take) that the UI translates.
 */
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { buildHierarchyIndex } from '../hierarchy';
import { DEFAULT_HOUSEHOLD_BAND, type BuildingUse, type District, type GridCode, type GridUnit, type HouseholdBand } from '../model';
import { bandStatus, computeGridStats, type BandStatus } from '../stats';
import { allocate, type AllocationOptions, type AllocationResult } from './allocate';
import { buildGridIndex, type GridIndex, type GridProblem } from './grid-index';

/** A new building to allocate. `households` counts toward its micro-grid (0 for non-residential). */
export interface BuildingItem {
  id: string;
  geometry: Point | Polygon | MultiPolygon;
  households: number;
  use?: BuildingUse;
}

/** Uses whose buildings go to the dedicated grid (专属网格) they stand in. */
export const DEDICATED_USES: readonly BuildingUse[] = ['school', 'hospital', 'market', 'enterprise'];

export interface DistrictAllocationOptions extends AllocationOptions {
  /** Households band of micro-grids; default 50–70 (DOMAIN.md). */
  band?: HouseholdBand;
  /** Suggest for every out-of-band micro-grid ('all'), or only those this allocation changed (default). */
  suggestFor?: 'touched' | 'all';
  /** allocateBuildings only: called every `progressEvery` items (default 1,000) and at the end, with items done and total. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
  /** allocateBuildings only: checked between items; when it returns true the run stops (see allocateBuildings). */
  isCancelled?: () => boolean;
}

/** Codes of a building's units at every level; null where it has none (a dedicated grid has no micro-grid). */
export interface LevelCodes {
  /** Level 1 街道. */
  subDistrict: GridCode | null;
  /** Level 2 community (二级网格). */
  community: GridCode | null;
  /** Level 3: the base grid, or the dedicated grid. */
  grid: GridCode | null;
  /** Level 4 micro-grid (null for buildings in a dedicated grid). */
  microGrid: GridCode | null;
}

export interface BuildingAllocation {
  id: string;
  /** The lowest unit holding it: a micro-grid or a dedicated grid; null when unassigned. */
  unitCode: GridCode | null;
  unitKind: 'micro_grid' | 'dedicated' | null;
  levels: LevelCodes;
  households: number;
  /** The spatial result against the leaf units (gridId = unitCode). */
  result: AllocationResult;
  /** Why it went where it did when a rule other than plain overlap decided (flag, fallback). */
  note?: string;
  /** Set by applyOverrides (wizard-output.ts) when a planner chose the unit by hand. */
  overridden?: true;
}

/** One micro-grid's households before and after the allocation. */
export interface MicroGridChange {
  code: GridCode;
  parentCode: GridCode | null;
  before: number;
  after: number;
  statusBefore: BandStatus;
  statusAfter: BandStatus;
  /** Buildings this allocation added. */
  added: number;
}

/**
 * What a planner could do about an out-of-band micro-grid. Numbers, not sentences: the UI words
 * them (i18n).
 * - split: cut `code` into `parts` micro-grids of about `perPart` households; `fits` false when no
 *   number of parts lands in the band.
 * - move: move `buildingIds` (`households` in all) from `code` to the adjacent `to` (same grid),
 *   which has room.
 * - merge: join under-band `code` with adjacent `with`; `households` is the total.
 * - take: under-band `code` takes `buildingIds` from the adjacent `from`, which stays in band.
 */
export type BandSuggestion =
  | { kind: 'split'; code: GridCode; households: number; parts: number; perPart: number; fits: boolean }
  | { kind: 'move'; code: GridCode; to: GridCode; buildingIds: string[]; households: number; resultFrom: number; resultTo: number }
  | { kind: 'merge'; code: GridCode; with: GridCode; households: number }
  | { kind: 'take'; code: GridCode; from: GridCode; buildingIds: string[]; households: number; resultCode: number; resultFrom: number };

export interface BandReport {
  band: HouseholdBand;
  /** Micro-grids whose households changed, by code. */
  changed: MicroGridChange[];
  /** Codes in the band before and out of it after. */
  leftBand: GridCode[];
  /** Codes out of the band before and in it after. */
  enteredBand: GridCode[];
  suggestions: BandSuggestion[];
}

export interface DistrictAllocation {
  items: BuildingAllocation[];
  band: BandReport;
  /** Problems met indexing the district's micro-grids and dedicated grids. */
  problems: GridProblem[];
}

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Codes of `code` and its ancestors, by level. */
function levelsOf(code: GridCode, unit: GridUnit | undefined, ancestors: GridUnit[]): LevelCodes {
  const levels: LevelCodes = { subDistrict: null, community: null, grid: null, microGrid: null };
  for (const g of [...ancestors, ...(unit ? [unit] : [])]) {
    if (g.level === 1) levels.subDistrict = g.code;
    else if (g.level === 2) levels.community = g.code;
    else if (g.level === 3) levels.grid = g.code;
    else levels.microGrid = g.code;
  }
  if (!unit) levels.microGrid = code;
  return levels;
}

/**
 * Edges keyed by their two endpoints (7 decimals, about 1 cm, either direction): micro-grids
 * sharing a key share an edge. Exact for noded partitions such as the demo and most GIS exports;
 * neighbours that only touch along unnoded edges are not found (then no move/merge is suggested).
 */
function adjacency(units: readonly GridUnit[]): Map<GridCode, Set<GridCode>> {
  const owners = new Map<string, GridCode[]>();
  const key = (x: number, y: number) => `${Math.round(x * 1e7)},${Math.round(y * 1e7)}`;
  for (const u of units) {
    const polys = u.geometry.type === 'Polygon' ? [u.geometry.coordinates] : u.geometry.coordinates;
    const seen = new Set<string>();
    for (const rings of polys) {
      for (const ring of rings) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const a = key(ring[i][0], ring[i][1]);
          const b = key(ring[i + 1][0], ring[i + 1][1]);
          if (a === b) continue;
          const k = a < b ? `${a}|${b}` : `${b}|${a}`;
          if (seen.has(k)) continue;
          seen.add(k);
          const list = owners.get(k) ?? [];
          list.push(u.code);
          owners.set(k, list);
        }
      }
    }
  }
  const adj = new Map<GridCode, Set<GridCode>>();
  for (const u of units) adj.set(u.code, new Set());
  for (const list of owners.values()) {
    for (const a of list) for (const b of list) if (a !== b) adj.get(a)?.add(b);
  }
  return adj;
}

/**
 * Allocation of a district's new buildings one item at a time, for callers that must yield
 * between chunks (a Web Worker that listens for 'cancel', a progress bar on the main thread).
 * `allocate(item)` is exactly what {@link allocateBuildings} does per item; `report(allocations)`
 * builds the band report from the items allocated so far, in order.
 */
export interface DistrictAllocator {
  allocate(item: BuildingItem): BuildingAllocation;
  report(allocations: readonly BuildingAllocation[]): DistrictAllocation;
}

/** Builds the indexes once; see {@link DistrictAllocator}. Options as for {@link allocateBuildings}. */
export function createDistrictAllocator(district: District, options: DistrictAllocationOptions = {}): DistrictAllocator {
  const band = options.band ?? DEFAULT_HOUSEHOLD_BAND;
  const hierarchy = buildHierarchyIndex(district.grids);
  const micro = district.grids.filter((g) => g.level === 4 && g.kind === 'base');
  const dedicated = district.grids.filter((g) => g.kind === 'dedicated');
  const microBuilt = buildGridIndex(micro.map((g) => ({ id: g.code, geometry: g.geometry })));
  const dedicatedBuilt = buildGridIndex(dedicated.map((g) => ({ id: g.code, geometry: g.geometry })));
  const problems = [...microBuilt.problems, ...dedicatedBuilt.problems];
  const run = (index: GridIndex, g: BuildingItem['geometry']): AllocationResult => allocate(index, g, options);

  const allocateOne = (item: BuildingItem): BuildingAllocation => {
    const households = Number.isFinite(item.households) && item.households > 0 ? item.households : 0;
    let result: AllocationResult;
    let unitKind: BuildingAllocation['unitKind'] = null;
    let note: string | undefined;
    const flagged = item.use !== undefined && DEDICATED_USES.includes(item.use);
    if (flagged) {
      const d = run(dedicatedBuilt.index, item.geometry);
      if (d.gridId !== null && d.status !== 'nearest' && d.status !== 'outside') {
        result = d;
        unitKind = 'dedicated';
        note = `flagged ${item.use}: goes to the dedicated grid it overlaps most`;
      } else {
        result = run(microBuilt.index, item.geometry);
        note = d.status === 'invalid' ? undefined : `flagged ${item.use} but stands in no dedicated grid: allocated to a micro-grid`;
      }
    } else {
      result = run(microBuilt.index, item.geometry);
    }
    if (unitKind === null && result.gridId !== null) unitKind = 'micro_grid';
    const code = result.gridId as GridCode | null;
    const levels: LevelCodes =
      code === null ? { subDistrict: null, community: null, grid: null, microGrid: null } : levelsOf(code, hierarchy.get(code), hierarchy.ancestors(code));
    if (unitKind === 'dedicated') levels.microGrid = null;
    return { id: item.id, unitCode: code, unitKind, levels, households, result, ...(note ? { note } : {}) };
  };

  return {
    allocate: allocateOne,
    report: (allocations) => ({
      items: [...allocations],
      band: bandReport(district, micro, allocations, band, options.suggestFor ?? 'touched'),
      problems,
    }),
  };
}

/**
 * Allocates new buildings in a district. Unflagged buildings go to the base micro-grid of
 * largest overlap (or containing their point); buildings whose use is school, hospital, market or
 * enterprise go to the dedicated grid they overlap most, and to a micro-grid only when they stand
 * in none (noted). Never throws on bad items: they come back with status 'invalid'.
 *
 * With `onProgress` it reports items done every `progressEvery` items (default 1,000) and at the
 * end; with `isCancelled` it stops between items when that returns true, and the report then
 * covers the items allocated so far (a shorter `items`). Being synchronous, it cannot see a
 * cancel message while it runs: chunk with {@link createDistrictAllocator} for that.
 */
export function allocateBuildings(district: District, items: readonly BuildingItem[], options: DistrictAllocationOptions = {}): DistrictAllocation {
  const allocator = createDistrictAllocator(district, options);
  const every = Math.max(1, Math.floor(options.progressEvery ?? 1000));
  const allocations: BuildingAllocation[] = [];
  for (let i = 0; i < items.length; i++) {
    if (options.isCancelled?.()) break;
    allocations.push(allocator.allocate(items[i]));
    if ((i + 1) % every === 0 || i + 1 === items.length) options.onProgress?.(i + 1, items.length);
  }
  return allocator.report(allocations);
}

/**
 * The band report for `allocations` (in order) against the district's base micro-grids, as
 * allocateBuildings gives it: for callers that changed the allocations afterwards (the wizard's
 * hand overrides). Band default 50–70; suggestions for the micro-grids touched unless 'all'.
 */
export function reportBand(
  district: District,
  allocations: readonly BuildingAllocation[],
  options: { band?: HouseholdBand; suggestFor?: 'touched' | 'all' } = {},
): BandReport {
  const micro = district.grids.filter((g) => g.level === 4 && g.kind === 'base');
  return bandReport(district, micro, allocations, options.band ?? DEFAULT_HOUSEHOLD_BAND, options.suggestFor ?? 'touched');
}

/** Households before and after, band crossings, and suggestions. */
function bandReport(
  district: District,
  micro: readonly GridUnit[],
  allocations: readonly BuildingAllocation[],
  band: HouseholdBand,
  suggestFor: 'touched' | 'all',
): BandReport {
  const stats = computeGridStats(district, band);
  const before = new Map<GridCode, number>();
  const after = new Map<GridCode, number>();
  const added = new Map<GridCode, number>();
  // Buildings per micro-grid (existing and new) with their households, for move/take suggestions.
  const members = new Map<GridCode, { id: string; households: number }[]>();
  for (const g of micro) {
    const h = stats.get(g.code)?.households ?? 0;
    before.set(g.code, h);
    after.set(g.code, h);
    members.set(g.code, []);
  }
  for (const b of district.buildings) members.get(b.gridCode)?.push({ id: b.id, households: b.households });
  for (const a of allocations) {
    if (a.unitKind !== 'micro_grid' || a.unitCode === null || !after.has(a.unitCode)) continue;
    after.set(a.unitCode, (after.get(a.unitCode) ?? 0) + a.households);
    added.set(a.unitCode, (added.get(a.unitCode) ?? 0) + 1);
    members.get(a.unitCode)?.push({ id: a.id, households: a.households });
  }
  const changed: MicroGridChange[] = [];
  const leftBand: GridCode[] = [];
  const enteredBand: GridCode[] = [];
  const sorted = [...micro].sort((a, b) => byCode(a.code, b.code));
  for (const g of sorted) {
    const b = before.get(g.code) ?? 0;
    const a = after.get(g.code) ?? 0;
    if (!added.has(g.code)) continue;
    const sb = bandStatus(b, band);
    const sa = bandStatus(a, band);
    changed.push({ code: g.code, parentCode: g.parentCode, before: b, after: a, statusBefore: sb, statusAfter: sa, added: added.get(g.code) ?? 0 });
    if (sb === 'in' && sa !== 'in') leftBand.push(g.code);
    if (sb !== 'in' && sa === 'in') enteredBand.push(g.code);
  }

  const adj = adjacency(micro);
  const parentOf = new Map(micro.map((g) => [g.code, g.parentCode] as const));
  const neighbours = (code: GridCode): GridCode[] =>
    [...(adj.get(code) ?? [])].filter((n) => parentOf.get(n) === parentOf.get(code)).sort(byCode);
  const suggestions: BandSuggestion[] = [];
  const targets = suggestFor === 'all' ? sorted.map((g) => g.code) : changed.map((c) => c.code);
  for (const code of targets) {
    const h = after.get(code) ?? 0;
    const status = bandStatus(h, band);
    if (status === 'over') suggestions.push(...overSuggestions(code, h, band, neighbours(code), after, members));
    else if (status === 'under') suggestions.push(...underSuggestions(code, h, band, neighbours(code), after, members));
  }
  return { band, changed, leftBand, enteredBand, suggestions };
}

/**
 * Smallest buildings first until at least `need` households: the fewest doors to re-assign is
 * not guaranteed, but the result is deterministic (ties by id) and explainable.
 */
function pick(list: readonly { id: string; households: number }[], need: number): { ids: string[]; households: number } {
  const sorted = list.filter((b) => b.households > 0).sort((a, b) => a.households - b.households || byCode(a.id, b.id));
  const ids: string[] = [];
  let sum = 0;
  for (const b of sorted) {
    if (sum >= need) break;
    ids.push(b.id);
    sum += b.households;
  }
  return { ids, households: sum };
}

function overSuggestions(
  code: GridCode,
  h: number,
  band: HouseholdBand,
  near: GridCode[],
  after: Map<GridCode, number>,
  members: Map<GridCode, { id: string; households: number }[]>,
): BandSuggestion[] {
  const out: BandSuggestion[] = [];
  const excess = h - band.max;
  const moved = pick(members.get(code) ?? [], excess);
  if (moved.households >= excess && h - moved.households >= band.min) {
    // The neighbour with the most room that stays in the band.
    const fits = near
      .map((n) => ({ n, hn: after.get(n) ?? 0 }))
      .filter(({ hn }) => hn + moved.households <= band.max)
      .sort((a, b) => a.hn - b.hn || byCode(a.n, b.n));
    if (fits.length > 0) {
      const { n, hn } = fits[0];
      out.push({ kind: 'move', code, to: n, buildingIds: moved.ids, households: moved.households, resultFrom: h - moved.households, resultTo: hn + moved.households });
    }
  }
  const parts = Math.max(2, Math.ceil(h / band.max));
  const perPart = h / parts;
  out.push({ kind: 'split', code, households: h, parts, perPart: Math.round(perPart * 10) / 10, fits: perPart >= band.min && perPart <= band.max });
  return out;
}

function underSuggestions(
  code: GridCode,
  h: number,
  band: HouseholdBand,
  near: GridCode[],
  after: Map<GridCode, number>,
  members: Map<GridCode, { id: string; households: number }[]>,
): BandSuggestion[] {
  const out: BandSuggestion[] = [];
  for (const n of near) {
    const hn = after.get(n) ?? 0;
    const total = h + hn;
    if (total >= band.min && total <= band.max) out.push({ kind: 'merge', code, with: n, households: total });
  }
  const deficit = band.min - h;
  for (const n of near) {
    const hn = after.get(n) ?? 0;
    if (hn - deficit < band.min) continue;
    const taken = pick(members.get(n) ?? [], deficit);
    if (taken.households >= deficit && hn - taken.households >= band.min && h + taken.households <= band.max) {
      out.push({ kind: 'take', code, from: n, buildingIds: taken.ids, households: taken.households, resultCode: h + taken.households, resultFrom: hn - taken.households });
      break;
    }
  }
  return out;
}
