/**
 * The embedded demo district, generated from a seed, and the simulated patrols that make it move.
 * See district.ts for how the district is made, patrol-day.ts for the day's patrols along the
 * walk graph of street-graph.ts, and patrol.ts for the round-the-clock loops of the v1 demo.
 */
export { DEMO_SEED, DEMO_REGION, DEMO_SUB_DISTRICT_CODE, generateDemoDistrict } from './district';
export { PATROL_INSET_M, PATROL_SPEED_RANGE_MPS, patrolRoutes, positionsAt } from './patrol';
export type { PatrolRoute, WorkerPosition } from './patrol';
export {
  STAY_JITTER_M,
  STOP_DURATION_MS,
  WALK_JITTER_M,
  WALK_SPEED_RANGE_MPS,
  chinaDay,
  chinaDayStartMs,
  loggedStops,
  patrolDay,
  patrolFixes,
  patrolReports,
  patrolStops,
} from './patrol-day';
export type { PatrolDay, PatrolFix, PlannedReport, PlannedStop, WorkerDay } from './patrol-day';
export { WALK_INSET_M, walkGraph } from './street-graph';
export type { WalkEdgeKind, WalkEntrance, WalkGraph } from './street-graph';
