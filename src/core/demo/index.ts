/**
 * CONTRACT STUB (owner: demo helper). The embedded demo district, generated from a seed.
 */
import type { District, GridCode, LngLat, StaffId } from '../model';
import type { LineString } from 'geojson';

export const DEMO_SEED = 20261122;

/** Deterministic: the same seed gives a deep-equal district. */
export function generateDemoDistrict(seed: number = DEMO_SEED): District {
  void seed;
  throw new Error('not implemented');
}

export interface PatrolRoute {
  staffId: StaffId;
  gridCode: GridCode;
  /** A closed walk (first = last coordinate) along the streets/paths of the worker's grid. */
  path: LineString;
  /** Metres. */
  length: number;
}

export interface WorkerPosition {
  staffId: StaffId;
  gridCode: GridCode;
  lngLat: LngLat;
  /** Degrees clockwise from north. */
  heading: number;
  /** Metres per second. */
  speed: number;
}

/** One route per field worker (grid chiefs, grid workers) of the district. */
export function patrolRoutes(district: District): PatrolRoute[] {
  void district;
  throw new Error('not implemented');
}

/** Where each worker is at `epochMs`, walking their route in a loop (deterministic in time). */
export function positionsAt(routes: readonly PatrolRoute[], epochMs: number): WorkerPosition[] {
  void routes; void epochMs;
  throw new Error('not implemented');
}
