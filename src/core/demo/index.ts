/**
 * The embedded demo district, generated from a seed, and the simulated patrols that make it move.
 * See district.ts for how the district is made and patrol.ts for the patrols.
 */
export { DEMO_SEED, DEMO_REGION, DEMO_SUB_DISTRICT_CODE, generateDemoDistrict } from './district';
export { PATROL_INSET_M, PATROL_SPEED_RANGE_MPS, patrolRoutes, positionsAt } from './patrol';
export type { PatrolRoute, WorkerPosition } from './patrol';
export * from './duty';
