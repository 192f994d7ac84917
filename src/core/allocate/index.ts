/**
 * The spatial allocation engine: which grid a new building (a point or a footprint) belongs to,
 * and (district.ts) which micro-grid and ancestors, with the households band report. Pure; runs
 * in a Web Worker and in Node.
 *
 * Edge rule: a point on a shared edge or vertex (or inside two overlapping grids) goes to the
 * grid with the lowest id among those whose closed polygon holds it (see grid-index.ts).
 */
export { buildGridIndex } from './grid-index';
export type { GridIndex, GridInput, GridProblem } from './grid-index';
export { DEFAULT_NEAREST_M, INSIDE_SHARE, allocate, allocateAll, gridIds, locatePointRanks, locatePoints } from './allocate';
export type { AllocateAllOptions, AllocationOptions, AllocationResult, AllocationStatus } from './allocate';
export { DEDICATED_USES, allocateBuildings } from './district';
export type {
  BandReport,
  BandSuggestion,
  BuildingAllocation,
  BuildingItem,
  DistrictAllocation,
  DistrictAllocationOptions,
  LevelCodes,
  MicroGridChange,
} from './district';
