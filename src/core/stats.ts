/**
 * Rollups of households, residents and buildings up the grid hierarchy, and the statistics of
 * micro-grids against the 50–70 households band (DOMAIN.md) that planners draw them to.
 */
import { DEFAULT_HOUSEHOLD_BAND, type District, type GridCode, type HouseholdBand } from './model';

/** What the map colours grids by. */
/** 'open_incidents': micro-grids by their open cases (live; counted by the renderer from the incidents). */
export type ChoroplethMode = 'none' | 'households_band' | 'population' | 'buildings' | 'open_incidents';
export const CHOROPLETH_MODES: readonly ChoroplethMode[] = ['none', 'households_band', 'population', 'buildings', 'open_incidents'];

/** Where a micro-grid's households fall against the band; null for levels 1–3 and dedicated grids. */
export type BandStatus = 'under' | 'in' | 'over';

export interface GridStats {
  code: GridCode;
  households: number;
  residents: number;
  buildings: number;
  /** Direct children's codes, sorted. */
  children: GridCode[];
  band: BandStatus | null;
}

export interface BandSummary {
  microGrids: number;
  inBand: number;
  under: number;
  over: number;
  /** Households histogram of micro-grids in buckets of `bucketSize`, sorted by `from`. */
  histogram: { from: number; to: number; count: number }[];
}

/** Default histogram bucket width, in households. */
export const DEFAULT_BUCKET_SIZE = 10;

/**
 * Where a count of households falls against a band whose ends both count as inside
 * (50 and 70 are in the 50–70 band).
 */
export function bandStatus(households: number, band: HouseholdBand): BandStatus {
  if (households < band.min) return 'under';
  if (households > band.max) return 'over';
  return 'in';
}

const byCode = (a: GridCode, b: GridCode): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Stats for every grid code in the district (all levels). A building counts in the grid named by
 * its `gridCode` and in every ancestor of that grid; a building whose grid is unknown counts
 * nowhere. `band` is set for level-4 micro-grids only.
 */
export function computeGridStats(district: District, band: HouseholdBand = DEFAULT_HOUSEHOLD_BAND): Map<GridCode, GridStats> {
  const stats = new Map<GridCode, GridStats>();
  const parentOf = new Map<GridCode, GridCode | null>();
  for (const g of district.grids) {
    stats.set(g.code, { code: g.code, households: 0, residents: 0, buildings: 0, children: [], band: null });
    parentOf.set(g.code, g.parentCode);
  }
  for (const g of district.grids) {
    if (g.parentCode !== null) stats.get(g.parentCode)?.children.push(g.code);
  }
  for (const b of district.buildings) {
    // Walk up from the building's grid; the guard stops a malformed cycle of parent codes.
    const seen = new Set<GridCode>();
    for (let code: GridCode | null | undefined = b.gridCode; code != null && !seen.has(code); code = parentOf.get(code)) {
      const s = stats.get(code);
      if (!s) break;
      seen.add(code);
      s.households += b.households;
      s.residents += b.residents;
      s.buildings += 1;
    }
  }
  for (const g of district.grids) {
    const s = stats.get(g.code) as GridStats;
    s.children.sort(byCode);
    s.band = g.level === 4 ? bandStatus(s.households, band) : null;
  }
  return stats;
}

/**
 * How the district's micro-grids (level 4) sit against the band, with a histogram of their
 * households: bucket `[from, to)` with `to = from + bucketSize`, contiguous from the lowest
 * occupied bucket to the highest (empty buckets between included, so a chart has no holes).
 */
export function summariseBand(
  district: District,
  band: HouseholdBand = DEFAULT_HOUSEHOLD_BAND,
  bucketSize: number = DEFAULT_BUCKET_SIZE,
): BandSummary {
  if (!(bucketSize > 0)) throw new Error('bucketSize must be positive');
  const stats = computeGridStats(district, band);
  const micro = district.grids.filter((g) => g.level === 4).map((g) => stats.get(g.code) as GridStats);
  const summary: BandSummary = { microGrids: micro.length, inBand: 0, under: 0, over: 0, histogram: [] };
  const counts = new Map<number, number>();
  for (const s of micro) {
    if (s.band === 'in') summary.inBand++;
    else if (s.band === 'under') summary.under++;
    else summary.over++;
    const from = Math.floor(s.households / bucketSize) * bucketSize;
    counts.set(from, (counts.get(from) ?? 0) + 1);
  }
  if (counts.size > 0) {
    const low = Math.min(...counts.keys());
    const high = Math.max(...counts.keys());
    for (let from = low; from <= high; from += bucketSize) {
      summary.histogram.push({ from, to: from + bucketSize, count: counts.get(from) ?? 0 });
    }
  }
  return summary;
}
