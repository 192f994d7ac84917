/**
 * The domain model shared by every layer: the grid hierarchy, buildings, staff and streets of a
 * district. All coordinates are WGS-84 longitude/latitude (DOMAIN.md: store one, convert at the
 * edges). Pure types and small constants only.
 */
import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';

/** A branded string so grid codes are not confused with other ids. */
export type GridCode = string & { readonly __brand: 'GridCode' };
export type StaffId = string & { readonly __brand: 'StaffId' };
export type BuildingId = string & { readonly __brand: 'BuildingId' };

/** [longitude, latitude] in degrees, WGS-84. */
export type LngLat = readonly [number, number];
/** A length in metres. */
export type Meters = number & { readonly __unit?: 'm' };

export const asGridCode = (s: string): GridCode => s as GridCode;
export const asStaffId = (s: string): StaffId => s as StaffId;
export const asBuildingId = (s: string): BuildingId => s as BuildingId;

/**
 * 1 街道 sub-district, 2 二级网格 community, 3 三级网格 grid, 4 四级微网格 micro-grid.
 * Dedicated grids (专属网格) are level 3 with kind 'dedicated': they are children of their
 * community and cut their unit out of the base grids around them.
 */
export type GridLevel = 1 | 2 | 3 | 4;
export const GRID_LEVELS: readonly GridLevel[] = [1, 2, 3, 4];

export type GridKind = 'base' | 'dedicated';
export type DedicatedKind = 'school' | 'hospital' | 'market' | 'enterprise_park' | 'construction_site';
export const DEDICATED_KINDS: readonly DedicatedKind[] = [
  'school',
  'hospital',
  'market',
  'enterprise_park',
  'construction_site',
];

export interface GridUnit {
  /** Hierarchical, stable across boundary revisions: `ZY-03`, `ZY-03-07`, `ZY-03-07-02`, `ZY-03-07-02-05`, dedicated `ZY-03-07-Z1`. */
  code: GridCode;
  /** Chinese display name, e.g. 建设路社区第二网格. */
  name: string;
  level: GridLevel;
  kind: GridKind;
  dedicatedKind?: DedicatedKind;
  /** null only for the sub-district (level 1). */
  parentCode: GridCode | null;
  geometry: Polygon | MultiPolygon;
  /** The person who leads this unit (see DOMAIN.md "who leads it"). */
  chiefId: StaffId | null;
  /** Full-time grid workers, micro-grid workers, building heads attached to this unit. */
  workerIds: StaffId[];
}

export type BuildingUse =
  | 'residential'
  | 'school'
  | 'hospital'
  | 'market'
  | 'enterprise'
  | 'construction'
  | 'shop'
  | 'office';

export interface Entrance {
  /** 单元 number within the building, from 1. */
  no: number;
  location: LngLat;
  households: number;
}

export interface Building {
  id: BuildingId;
  /** e.g. 锦华小区3号楼 */
  name: string;
  /** 小区 compound name; buildings of one compound stay together when grids are drawn. */
  compound: string;
  use: BuildingUse;
  /** The lowest-level grid holding it: a micro-grid, or a dedicated grid. */
  gridCode: GridCode;
  footprint: Polygon;
  entrances: Entrance[];
  floors: number;
  /** Sum of entrances' households (0 for non-residential). */
  households: number;
  residents: number;
}

export type StaffRole =
  | 'street_secretary' // 街道党工委书记
  | 'community_secretary' // 社区党委书记
  | 'grid_chief' // 网格长
  | 'grid_worker' // 专职网格员
  | 'micro_grid_chief' // 微网格长
  | 'building_head' // 楼栋长
  | 'police' // 社区民警
  | 'dept_staff' // 局委下沉人员
  | 'dedicated_staff'; // 专属网格 unit staff

export const STAFF_ROLES: readonly StaffRole[] = [
  'street_secretary',
  'community_secretary',
  'grid_chief',
  'grid_worker',
  'micro_grid_chief',
  'building_head',
  'police',
  'dept_staff',
  'dedicated_staff',
];

export interface Staff {
  id: StaffId;
  name: string;
  role: StaffRole;
  /** The unit this person serves. */
  gridCode: GridCode;
  /** A fake but well-formed mobile number for the demo. */
  phone: string;
}

export type RoadClass = 'primary' | 'secondary' | 'tertiary' | 'path';

export interface Road {
  id: string;
  name: string;
  roadClass: RoadClass;
  geometry: LineString;
}

/** Points of interest the map labels (not grids): a named gate, a park, the street office. */
export interface Poi {
  id: string;
  name: string;
  kind: 'street_office' | 'community_centre' | 'police_station' | 'park' | 'gate';
  geometry: Point;
}

export interface District {
  /** Data format version of this object (see storage migrations). */
  formatVersion: 1;
  /** Seed the demo generator used, or null for imported data. */
  seed: number | null;
  /** Region prefix of codes, e.g. 'ZY' (中原区). */
  region: string;
  name: string;
  center: LngLat;
  grids: GridUnit[];
  buildings: Building[];
  staff: Staff[];
  roads: Road[];
  pois: Poi[];
}

/** The 50–70 households band micro-grids are drawn to (DOMAIN.md). */
export const DEFAULT_HOUSEHOLD_BAND = { min: 50, max: 70 } as const;
export type HouseholdBand = { min: number; max: number };
