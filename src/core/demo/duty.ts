/**
 * The demo's duty roster: when each simulated grid worker is out walking, so the demo shows
 * working hours and the gaps a supervisor must spot, not 70 people walking round the clock.
 * Deterministic per (staff id, China day): every client and every replay agree.
 *
 * - Day shift about 08:30–17:30 China time (± 15 min per worker and day), with an hour for lunch
 *   at 11:30 or 12:30 (staggered, so someone is always out at noon, when residents are home).
 * - A third of the workers make evening visits 17:30–20:30 (DOMAIN.md: people are home at noon
 *   and in the evening).
 * - In about one grid in three, a worker is on night patrol from 18:00 to 08:45 the next morning,
 *   resting the afternoon before and the day after; so the live demo has someone moving at any hour.
 * - Gaps: about 1 in 10 workers has the phone off for 30–90 minutes in the afternoon; one grid a
 *   day has nobody on the day shift (sick leave): its coverage stays low.
 */
import type { GridCode, StaffId } from '../model';
import { hash32 } from './rng';

const DAY_MS = 86_400_000;
const CHINA_MS = 8 * 3_600_000;
const min = (h: number, m = 0): number => h * 60 + m;

/** A fraction in [0, 1) fixed for a key. */
const unit = (key: string): number => hash32(key) / 4294967296;

export interface DutyRoster {
  /** Whether the worker is out walking (sending fixes) at `ms`. */
  onDuty(staffId: StaffId, ms: number): boolean;
  /** The grid nobody walks by day on the China day holding `ms` (sick leave), or null. */
  sickGrid(ms: number): GridCode | null;
}

/** The roster for workers grouped by their grid (each list in a stable order). */
export function dutyRoster(workersByGrid: ReadonlyMap<GridCode, readonly StaffId[]>): DutyRoster {
  const grids = [...workersByGrid.keys()].sort();
  const gridOf = new Map<StaffId, GridCode>();
  for (const [grid, ids] of workersByGrid) for (const id of ids) gridOf.set(id, grid);
  const dayOf = (ms: number): number => Math.floor((ms + CHINA_MS) / DAY_MS);
  const sick = (day: number): GridCode | null => (grids.length === 0 ? null : grids[hash32(`sick:${day}`) % grids.length]);
  const nightWorker = (grid: GridCode, day: number): StaffId | undefined => {
    const ids = workersByGrid.get(grid) ?? [];
    // About one grid in three has a night walker (the community's night rota), drawn daily.
    if (ids.length === 0 || hash32(`night-grid:${grid}:${day}`) % 3 !== 0) return undefined;
    return ids[hash32(`night:${grid}:${day}`) % ids.length];
  };

  const onDuty = (staffId: StaffId, ms: number): boolean => {
    const grid = gridOf.get(staffId);
    if (grid === undefined) return false;
    const day = dayOf(ms);
    const m = Math.floor(((ms + CHINA_MS) % DAY_MS) / 60_000);
    const nightToday = nightWorker(grid, day) === staffId;
    if (nightToday && m >= min(18)) return true;
    const nightBefore = nightWorker(grid, day - 1) === staffId;
    if (nightBefore && m < min(8, 45)) return true;
    const key = `${staffId}:${day}`;
    // The phone off for 30–90 minutes, starting 14:30–16:00, for about 1 in 10 workers.
    if (unit(`off:${key}`) < 1 / 10) {
      const from = min(14, 30) + Math.floor(unit(`off-at:${key}`) * 90);
      if (m >= from && m < from + 30 + Math.floor(unit(`off-for:${key}`) * 60)) return false;
    }
    if (unit(`evening:${key}`) < 1 / 3 && m >= min(17, 30) && m < min(20, 30)) return true;
    if (sick(day) === grid) return false;
    const start = min(8, 30) + Math.round((unit(`start:${key}`) - 0.5) * 30);
    const end = min(17, 30) + Math.round((unit(`end:${key}`) - 0.5) * 30);
    if (m < start || m >= end) return false;
    const lunch = unit(`lunch:${key}`) < 0.5 ? min(11, 30) : min(12, 30);
    if (m >= lunch && m < lunch + 60) return false;
    // The night walker rests in the afternoon before the night, and the day after it.
    if ((nightToday && m >= lunch) || nightBefore) return false;
    return true;
  };
  return { onDuty, sickGrid: (ms) => sick(dayOf(ms)) };
}
