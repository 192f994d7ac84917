/**
 * CONTRACT STUB (owner: demo/stats helper). Rollups of households, residents and buildings up the
 * grid hierarchy, and the 50–70 band statistics.
 */
import type { District, GridCode, HouseholdBand } from './model';

/** What the map colours grids by. */
export type ChoroplethMode = 'none' | 'households_band' | 'population' | 'buildings';
export const CHOROPLETH_MODES: readonly ChoroplethMode[] = ['none', 'households_band', 'population', 'buildings'];

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

export function bandStatus(households: number, band: HouseholdBand): BandStatus {
  void households; void band;
  throw new Error('not implemented');
}

/** Stats for every grid code in the district (all levels). */
export function computeGridStats(district: District, band?: HouseholdBand): Map<GridCode, GridStats> {
  void district; void band;
  throw new Error('not implemented');
}

export function summariseBand(district: District, band?: HouseholdBand, bucketSize?: number): BandSummary {
  void district; void band; void bucketSize;
  throw new Error('not implemented');
}
