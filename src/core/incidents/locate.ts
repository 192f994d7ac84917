/**
 * Which unit an incident's location falls in, with the allocation engine's index: the dedicated
 * grid it stands in (a school's incident belongs to the school's grid), else the base
 * micro-grid holding it, else the nearest within 50 m (a report from the street just outside a
 * boundary), else null. Built once per district.
 */
import { allocate, buildGridIndex } from '../allocate';
import type { District, GridCode, LngLat } from '../model';
import type { Locate } from './incident-from-feed';

/** How far outside every unit a report may be and still be placed by distance (metres). */
export const INCIDENT_NEAREST_M = 50;

export function createIncidentLocator(district: District): Locate {
  const micro = district.grids.filter((g) => g.level === 4 && g.kind === 'base');
  const dedicated = district.grids.filter((g) => g.kind === 'dedicated');
  const microIndex = buildGridIndex(micro.map((g) => ({ id: g.code, geometry: g.geometry }))).index;
  const dedicatedIndex = buildGridIndex(dedicated.map((g) => ({ id: g.code, geometry: g.geometry }))).index;
  return (lngLat: LngLat): GridCode | null => {
    const point = { type: 'Point' as const, coordinates: [lngLat[0], lngLat[1]] };
    const d = allocate(dedicatedIndex, point, { nearestM: 0 });
    if (d.status === 'inside' && d.gridId !== null) return d.gridId as GridCode;
    const m = allocate(microIndex, point, { nearestM: INCIDENT_NEAREST_M });
    return (m.gridId as GridCode | null) ?? null;
  };
}
