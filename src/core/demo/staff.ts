/**
 * The people of the demo district, one roster per unit as DOMAIN.md describes who leads what:
 * the street's party secretary and staff sent down from city departments at level 1, the
 * community party secretary and a community police officer at level 2, a grid chief and one or
 * two full-time grid workers per base grid, the unit's own staff for a dedicated grid, a
 * 楼院长 as micro-grid chief, and building heads for the towers and a few walk-ups.
 */
import { asStaffId, type Building, type GridCode, type GridUnit, type Staff, type StaffId, type StaffRole } from '../model';
import { mobileNumber, personName } from './names';
import type { Rng } from './rng';

/** Share of walk-ups (under 11 floors) that have a building head of their own. */
const WALKUP_HEAD_SHARE = 0.06;

/**
 * Staffs every grid: returns the roster and copies of `grids` with `chiefId` and `workerIds` set.
 * Ids are `st-0001`… in the order of grid codes, so they are stable for a seed.
 */
export function staffDistrict(
  rng: Rng,
  grids: readonly GridUnit[],
  buildings: readonly Building[],
): { staff: Staff[]; grids: GridUnit[] } {
  const names = new Set<string>();
  const phones = new Set<string>();
  const staff: Staff[] = [];
  const hire = (role: StaffRole, gridCode: GridCode): StaffId => {
    const id = asStaffId(`st-${String(staff.length + 1).padStart(4, '0')}`);
    staff.push({ id, name: personName(rng, names), role, gridCode, phone: mobileNumber(rng, phones) });
    return id;
  };
  const buildingsByGrid = new Map<GridCode, Building[]>();
  for (const b of buildings) {
    const list = buildingsByGrid.get(b.gridCode) ?? [];
    list.push(b);
    buildingsByGrid.set(b.gridCode, list);
  }

  const sorted = grids.slice().sort((p, q) => (p.code < q.code ? -1 : p.code > q.code ? 1 : 0));
  const staffed = new Map<GridCode, GridUnit>();
  for (const grid of sorted) {
    let chiefId: StaffId;
    const workerIds: StaffId[] = [];
    if (grid.level === 1) {
      chiefId = hire('street_secretary', grid.code);
      const dept = rng.int(3, 4);
      for (let i = 0; i < dept; i++) workerIds.push(hire('dept_staff', grid.code));
    } else if (grid.level === 2) {
      chiefId = hire('community_secretary', grid.code);
      workerIds.push(hire('police', grid.code));
    } else if (grid.level === 3 && grid.kind === 'dedicated') {
      chiefId = hire('dedicated_staff', grid.code);
    } else if (grid.level === 3) {
      chiefId = hire('grid_chief', grid.code);
      const workers = rng.int(1, 2);
      for (let i = 0; i < workers; i++) workerIds.push(hire('grid_worker', grid.code));
    } else {
      chiefId = hire('micro_grid_chief', grid.code);
      for (const b of buildingsByGrid.get(grid.code) ?? []) {
        if (b.use !== 'residential') continue;
        if (b.floors >= 11 || rng.chance(WALKUP_HEAD_SHARE)) workerIds.push(hire('building_head', grid.code));
      }
    }
    staffed.set(grid.code, { ...grid, chiefId, workerIds });
  }
  return { staff, grids: grids.map((g) => staffed.get(g.code) as GridUnit) };
}
