/**
 * The patrol panel's rows, computed from the state and the coverage report: pure, so sorting and
 * the lists' membership are unit-tested apart from React.
 */
import type { CoverageReport, UnitCoverage, WorkerActivity } from '@core/patrol/coverage-report';
import { reportStatus, type DailyReport, type ReportStatus } from '@core/patrol/daily-report';
import { latestPositions, type PatrolState, type WorkerPositionView } from '@core/patrol/patrol-state';
import type { HierarchyIndex } from '@core/hierarchy';
import type { District, GridCode, GridLevel, Staff, StaffId } from '@core/model';

/** Whether `unit` is `grid` or lies below it. */
export function withinFn(hierarchy: HierarchyIndex): (unit: GridCode, grid: GridCode) => boolean {
  return (unit, grid) => {
    for (let c: GridCode | null = unit; c !== null; c = hierarchy.get(c)?.parentCode ?? null) if (c === grid) return true;
    return false;
  };
}

/** Every worker's latest position with staleness and outside-own-grid, at `nowMs`. */
export function workerPositions(patrol: PatrolState, nowMs: number, staffById: ReadonlyMap<StaffId, Staff>, hierarchy: HierarchyIndex): WorkerPositionView[] {
  return latestPositions(patrol, nowMs, (id) => staffById.get(id as StaffId)?.gridCode ?? null, withinFn(hierarchy));
}

/** Level-3 base grids (the ones that report daily) with today's report status, missing first, then pending, then reported. */
export function dailyReportRows(district: District, reports: readonly DailyReport[], nowMs: number, cutoffHour: number): ReportStatus[] {
  const codes = district.grids.filter((g) => g.level === 3 && g.kind === 'base').map((g) => g.code);
  const rank = (r: ReportStatus): number => (r.missing ? 0 : r.pending ? 1 : 2);
  return reportStatus(codes, reports, nowMs, cutoffHour).sort((a, b) => rank(a) - rank(b) || (a.gridCode < b.gridCode ? -1 : 1));
}

/**
 * Base units of `level` by coverage, lowest first; ties by code. Dedicated grids are left out:
 * the unit's own staff patrol them, not the grid workers whose tracks are measured.
 */
export function rankingRows(report: CoverageReport, district: District, level: GridLevel): UnitCoverage[] {
  const kindOf = new Map(district.grids.map((g) => [g.code, g.kind]));
  return report.units
    .filter((u) => u.level === level && kindOf.get(u.code) === 'base')
    .sort((a, b) => a.coveredShare - b.coveredShare || (a.code < b.code ? -1 : 1));
}

export type WorkerSort = 'distance' | 'outside' | 'visits' | 'name';

export interface WorkerRow {
  activity: WorkerActivity;
  staff: Staff | undefined;
  position: WorkerPositionView | undefined;
}

/** Field workers of the report with their latest positions, sorted (distance and visits descending, outside time descending, name ascending). */
export function workerRows(report: CoverageReport, staffById: ReadonlyMap<StaffId, Staff>, positions: readonly WorkerPositionView[], sort: WorkerSort): WorkerRow[] {
  const byWorker = new Map(positions.map((p) => [p.workerId, p]));
  const rows = report.workers.map((activity) => ({ activity, staff: staffById.get(activity.workerId as StaffId), position: byWorker.get(activity.workerId) }));
  const name = (r: WorkerRow): string => r.staff?.name ?? r.activity.workerId;
  const key: Record<WorkerSort, (a: WorkerRow, b: WorkerRow) => number> = {
    distance: (a, b) => b.activity.distanceM - a.activity.distanceM,
    outside: (a, b) => b.activity.outsideOwnGridMs - a.activity.outsideOwnGridMs,
    visits: (a, b) => b.activity.visits - a.activity.visits,
    name: (a, b) => name(a).localeCompare(name(b), 'zh'),
  };
  return rows.sort((a, b) => key[sort](a, b) || (a.activity.workerId < b.activity.workerId ? -1 : 1));
}

/** "2:05" for 2 h 5 min (hours can exceed 24 for a week's window). */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A share as a whole percent ("37%"), or "—" for null. */
export function formatShare(share: number | null): string {
  return share === null || !Number.isFinite(share) ? '—' : `${Math.round(share * 100)}%`;
}

/** Distance in km with one decimal. */
export function formatKm(metres: number): string {
  return (metres / 1000).toFixed(1);
}

/** An epoch ms as the China wall-clock "HH:MM" (the centre's time, whatever the machine's zone). */
export function chinaClock(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(11, 16);
}

/** An epoch ms as a value for <input type="datetime-local"> in China time. */
export function toChinaLocalInput(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** A datetime-local value read as China time, to ISO with +08:00; null when empty or invalid. */
export function fromChinaLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const iso = `${value}:00+08:00`;
  return Number.isFinite(Date.parse(iso)) ? iso : null;
}
