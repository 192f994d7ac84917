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
export { DEDICATED_USES, allocateBuildings, reportBand } from './district';
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
export { ATTRIBUTE_CANDIDATES, MAX_BUILDING_HOUSEHOLDS, parseBuildingUse, readBuildingInput, toBuildingItems } from './building-input';
export type {
  BuildingAttributeColumns,
  BuildingInputOptions,
  BuildingInputRead,
  BuildingInputRecord,
  BuildingInputSummary,
  BuildingSource,
} from './building-input';
export {
  ADDRESS_POINT_FOOTPRINT_M,
  ALLOCATION_CSV_COLUMNS,
  allocationCsv,
  allocationGeoJson,
  applyOverrides,
  buildingsToCommit,
  leafUnitCodes,
} from './wizard-output';
export type { AllocationOverrides, LeftOut } from './wizard-output';
