/**
 * The patrol panel's rows, computed from the state and the coverage report: pure, so sorting,
 * the lists' membership and what the charts draw are unit-tested apart from React. Components
 * (PatrolPanel.tsx and its parts in this folder) only lay these rows out.
 */
import { chinaWallClock } from '@core/china-time';
import type { CoverageReport, UnitCoverage, WorkerActivity } from '@core/patrol/coverage-report';
import { reportStatus, type DailyReport, type ReportStatus } from '@core/patrol/daily-report';
import { latestPositions, workersOutsideOwnGrid, type PatrolState, type WorkerPositionView } from '@core/patrol/patrol-state';
import type { PositionRejection } from '@core/patrol/positions';
import { isWithin, type HierarchyIndex } from '@core/hierarchy';
import type { District, GridCode, GridLevel, Staff, StaffId, StaffRole } from '@core/model';

/** Staff who walk a grid and whose tracks are measured (the same roles the coverage inputs take). */
export const FIELD_ROLES: readonly StaffRole[] = ['grid_chief', 'grid_worker'];

/**
 * A worker whose last fix is outside their own grid but stale stays on the "outside" list, greyed,
 * for this long (ms): long enough to see who walked off and then went silent, short enough that
 * last night's positions do not fill the list.
 */
export const OUTSIDE_RECENT_MS = 60 * 60_000;

/** Sort direction of a sortable table. */
export type SortDir = 'asc' | 'desc';
export interface SortSpec<K extends string> {
  key: K;
  dir: SortDir;
}

/** Whether `unit` is `grid` or lies below it (core isWithin, bound to the hierarchy). */
export function withinFn(hierarchy: HierarchyIndex): (unit: GridCode, grid: GridCode) => boolean {
  return (unit, grid) => isWithin(hierarchy, unit, grid);
}

const ownGridOf =
  (staffById: ReadonlyMap<StaffId, Staff>) =>
  (id: string): GridCode | null =>
    staffById.get(id as StaffId)?.gridCode ?? null;

/** Every worker's latest position with staleness and outside-own-grid, at `nowMs`. */
export function workerPositions(patrol: PatrolState, nowMs: number, staffById: ReadonlyMap<StaffId, Staff>, hierarchy: HierarchyIndex): WorkerPositionView[] {
  return latestPositions(patrol, nowMs, ownGridOf(staffById), withinFn(hierarchy));
}

/** A worker on the "不在本网格" list. */
export interface OutsideRow {
  workerId: string;
  staff: Staff | undefined;
  ownGrid: GridCode | null;
  /** The leaf unit the latest fix is in; null: in no unit (outside the district). */
  unit: GridCode | null;
  /** Whole minutes from the fix to now (never negative). */
  minutesAgo: number;
  stale: boolean;
}

/**
 * Workers whose latest position is outside their own grid (core workersOutsideOwnGrid): those
 * with a fresh fix first, then those whose fix went stale less than `recentMs` ago; each group by
 * the age of the fix, newest first, then by id. Older stale fixes are left out.
 */
export function outsideRows(patrol: PatrolState, nowMs: number, staffById: ReadonlyMap<StaffId, Staff>, hierarchy: HierarchyIndex, recentMs = OUTSIDE_RECENT_MS): OutsideRow[] {
  return workersOutsideOwnGrid(patrol, nowMs, ownGridOf(staffById), withinFn(hierarchy))
    .filter((p) => !p.stale || nowMs - p.fix.t <= recentMs)
    .map((p) => {
      const staff = staffById.get(p.workerId as StaffId);
      return { workerId: p.workerId, staff, ownGrid: staff?.gridCode ?? null, unit: p.fix.unit, minutesAgo: Math.max(0, Math.floor((nowMs - p.fix.t) / 60_000)), stale: p.stale };
    })
    .sort((a, b) => Number(a.stale) - Number(b.stale) || a.minutesAgo - b.minutesAgo || (a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : 0));
}

/** Level-3 base grids (the ones that report daily) with today's report status, missing first, then pending, then reported. */
export function dailyReportRows(district: District, reports: readonly DailyReport[], nowMs: number, cutoffHour: number): ReportStatus[] {
  const codes = district.grids.filter((g) => g.level === 3 && g.kind === 'base').map((g) => g.code);
  const rank = (r: ReportStatus): number => (r.missing ? 0 : r.pending ? 1 : 2);
  return reportStatus(codes, reports, nowMs, cutoffHour).sort((a, b) => rank(a) - rank(b) || (a.gridCode < b.gridCode ? -1 : 1));
}

/** Today's reports in figures: sent (nothing to report / matters reported), missing, pending. */
export interface ReportSummary {
  reported: number;
  nothing: number;
  matters: number;
  missing: number;
  pending: number;
}

export function reportSummary(rows: readonly ReportStatus[]): ReportSummary {
  const s: ReportSummary = { reported: 0, nothing: 0, matters: 0, missing: 0, pending: 0 };
  for (const r of rows) {
    if (r.report) {
      s.reported++;
      if (r.report.nothingToReport) s.nothing++;
      else s.matters++;
    } else if (r.missing) s.missing++;
    else if (r.pending) s.pending++;
  }
  return s;
}

/**
 * Base units of `level` by coverage, lowest first; ties by code. Dedicated grids are left out:
 * the unit's own staff patrol them, not the grid workers whose tracks are measured.
 */
export function rankingRows(report: CoverageReport, district: District, level: GridLevel): UnitCoverage[] {
  const kindOf = new Map(district.grids.map((g) => [g.code, g.kind]));
  return report.units.filter((u) => u.level === level && kindOf.get(u.code) === 'base').sort((a, b) => a.coveredShare - b.coveredShare || (a.code < b.code ? -1 : 1));
}

export type RankingSortKey = 'coverage' | 'visited' | 'unvisited' | 'name';

/** One row of the grid ranking table (and one bar of its chart). */
export interface RankingRow {
  code: GridCode;
  name: string;
  /** Whole percent, as both the table and the chart show it. */
  coveredPct: number;
  coveredShare: number;
  /** Whole percent of buildings visited; null when the unit has no buildings. */
  visitedPct: number | null;
  buildings: number;
  /** Buildings not visited for the report's unvisitedDays or more (or never). */
  unvisited: number;
}

/** A share in [0, 1] as a whole percent; the table, the chart and the tiles round alike. */
export function sharePct(share: number): number {
  return Math.round(share * 100);
}

/**
 * The ranking table: base units of `level` (rankingRows) sorted by `sort`; ties by code. A null
 * visited share sorts after every number, whichever the direction.
 */
export function rankingTable(report: CoverageReport, district: District, level: GridLevel, sort: SortSpec<RankingSortKey>, nameOf: (code: GridCode) => string): RankingRow[] {
  const rows: RankingRow[] = rankingRows(report, district, level).map((u) => ({
    code: u.code,
    name: nameOf(u.code),
    coveredPct: sharePct(u.coveredShare),
    coveredShare: u.coveredShare,
    visitedPct: u.visitedShare === null ? null : sharePct(u.visitedShare),
    buildings: u.buildings,
    unvisited: u.unvisitedBuildings,
  }));
  const sign = sort.dir === 'asc' ? 1 : -1;
  const byKey: Record<RankingSortKey, (a: RankingRow, b: RankingRow) => number> = {
    coverage: (a, b) => sign * (a.coveredShare - b.coveredShare),
    visited: (a, b) => (a.visitedPct === null ? (b.visitedPct === null ? 0 : 1) : b.visitedPct === null ? -1 : sign * (a.visitedPct - b.visitedPct)),
    unvisited: (a, b) => sign * (a.unvisited - b.unvisited),
    name: (a, b) => sign * a.name.localeCompare(b.name, 'zh'),
  };
  return rows.sort((a, b) => byKey[sort.key](a, b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** A bar of the ranking chart. */
export interface RankingBar {
  code: GridCode;
  name: string;
  pct: number;
}

/**
 * The ranking chart's bars: the `limit` lowest-covered rows, lowest first, whatever order the
 * table is sorted in, with the very percentages the table shows (so chart and table agree).
 */
export function rankingBars(rows: readonly RankingRow[], limit: number): RankingBar[] {
  return rows
    .slice()
    .sort((a, b) => a.coveredShare - b.coveredShare || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .slice(0, limit)
    .map((r) => ({ code: r.code, name: r.name, pct: r.coveredPct }));
}

/** The trend chart's series and points: whole percents per China day (MM-DD), null where a unit has no figure. */
export interface TrendView {
  codes: GridCode[];
  points: { date: string; [code: string]: number | string | null }[];
}

/** Days the trend chart shows. */
export const TREND_DAYS = 7;

/**
 * Which units the trend draws: the selected unit when it is of level 1–3 (with the district as a
 * reference line when the selection is below it); else the district and its three lowest-covered
 * level-3 base grids of the report's window. Only units the trend holds; the last `days` days.
 */
export function trendView(report: CoverageReport, district: District, hierarchy: HierarchyIndex, selected: GridCode | null, days = TREND_DAYS): TrendView {
  const { dates, byUnit } = report.trend;
  const root = district.grids.find((g) => g.level === 1)?.code ?? null;
  const level = selected ? hierarchy.get(selected)?.level : undefined;
  const wanted: GridCode[] = [];
  if (root) wanted.push(root);
  if (selected && level !== undefined && level <= 3) wanted.push(selected);
  else
    wanted.push(
      ...rankingRows(report, district, 3)
        .slice(0, 3)
        .map((u) => u.code),
    );
  const codes = [...new Set(wanted)].filter((c) => byUnit[c] !== undefined);
  const from = Math.max(0, dates.length - days);
  const points = dates.slice(from).map((date, k) => {
    const point: TrendView['points'][number] = { date: date.slice(5) };
    for (const c of codes) {
      const v = byUnit[c][from + k];
      point[c] = v === undefined || !Number.isFinite(v) ? null : sharePct(v);
    }
    return point;
  });
  return { codes, points };
}

/** fresh: a fix within STALE_AFTER_MS inside the own grid; outside: fresh but outside it; stale: an older fix; none: never seen. */
export type WorkerState = 'fresh' | 'outside' | 'stale' | 'none';

export function workerState(position: WorkerPositionView | undefined): WorkerState {
  if (!position) return 'none';
  if (position.stale) return 'stale';
  return position.outsideOwnGrid ? 'outside' : 'fresh';
}

export type WorkerSortKey = 'name' | 'distance' | 'inside' | 'outside' | 'untracked' | 'visits' | 'buildings';

/** One row of the workers table. */
export interface WorkerRow {
  workerId: string;
  staff: Staff | undefined;
  /** The report's figures; null when there is no report yet or it does not list the worker. */
  activity: WorkerActivity | null;
  position: WorkerPositionView | undefined;
  state: WorkerState;
}

const ACTIVITY_VALUE: Record<Exclude<WorkerSortKey, 'name'>, (a: WorkerActivity) => number> = {
  distance: (a) => a.distanceM,
  inside: (a) => a.insideOwnGridMs,
  outside: (a) => a.outsideOwnGridMs,
  untracked: (a) => a.untrackedMs,
  visits: (a) => a.visits,
  buildings: (a) => a.buildingsVisited,
};

/**
 * Every field worker (FIELD_ROLES among `staff`, plus anyone else the report lists) with the
 * report's figures and their latest position, sorted by `sort`; rows without figures sort last
 * on a figure, whichever the direction; ties by name, then id.
 */
export function workerRows(staff: readonly Staff[], report: CoverageReport | null, positions: readonly WorkerPositionView[], sort: SortSpec<WorkerSortKey>): WorkerRow[] {
  const byWorker = new Map(positions.map((p) => [p.workerId, p]));
  const activityOf = new Map((report?.workers ?? []).map((a) => [a.workerId, a]));
  const rows = new Map<string, WorkerRow>();
  const add = (workerId: string, person: Staff | undefined): void => {
    const position = byWorker.get(workerId);
    rows.set(workerId, { workerId, staff: person, activity: activityOf.get(workerId) ?? null, position, state: workerState(position) });
  };
  for (const s of staff) if (FIELD_ROLES.includes(s.role)) add(s.id, s);
  const staffById = new Map(staff.map((s) => [s.id as string, s]));
  for (const a of report?.workers ?? []) if (!rows.has(a.workerId)) add(a.workerId, staffById.get(a.workerId));
  const name = (r: WorkerRow): string => r.staff?.name ?? r.workerId;
  const sign = sort.dir === 'asc' ? 1 : -1;
  const compare = (a: WorkerRow, b: WorkerRow): number => {
    if (sort.key === 'name') return sign * name(a).localeCompare(name(b), 'zh');
    const value = ACTIVITY_VALUE[sort.key];
    if (!a.activity || !b.activity) return (a.activity ? 0 : 1) - (b.activity ? 0 : 1);
    return sign * (value(a.activity) - value(b.activity));
  };
  return [...rows.values()].sort((a, b) => compare(a, b) || name(a).localeCompare(name(b), 'zh') || (a.workerId < b.workerId ? -1 : 1));
}

/** The KPI tiles' figures. */
export interface PatrolKpis {
  /** The district's (level-1 unit's) coverage and visited shares; null without a report. */
  coveredShare: number | null;
  visitedShare: number | null;
  /** Workers with a fresh fix, and with a stale one. */
  onDuty: number;
  stale: number;
  /** Workers with a fresh fix outside their own grid. */
  outside: number;
  /** Grids whose daily report is missing (cutoff passed). */
  missingReports: number;
}

export function patrolKpis(report: CoverageReport | null, positions: readonly WorkerPositionView[], reports: readonly ReportStatus[]): PatrolKpis {
  const top = report?.units.find((u) => u.level === 1) ?? null;
  let onDuty = 0;
  let outside = 0;
  for (const p of positions) {
    if (p.stale) continue;
    onDuty++;
    if (p.outsideOwnGrid) outside++;
  }
  return {
    coveredShare: top?.coveredShare ?? null,
    visitedShare: top?.visitedShare ?? null,
    onDuty,
    stale: positions.length - onDuty,
    outside,
    missingReports: reports.filter((r) => r.missing).length,
  };
}

/** Refused patrol messages per code, most first (codes with none left out; unknown codes kept). */
export function rejectionCounts(counts: Readonly<Record<string, number>>): { code: string; count: number }[] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}

/** Rejections shown in the panel. */
export const RECENT_REJECTIONS = 8;

/** The last `n` rejections, newest first. */
export function recentRejections(rejected: readonly PositionRejection[], n = RECENT_REJECTIONS): PositionRejection[] {
  return rejected.slice(-n).reverse();
}

/** "2:05" for 2 h 5 min (hours can exceed 24 for a week's window). */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A share as a whole percent ("37%"), or "—" for null. */
export function formatShare(share: number | null): string {
  return share === null || !Number.isFinite(share) ? '—' : `${sharePct(share)}%`;
}

/** Distance in km with one decimal. */
export function formatKm(metres: number): string {
  return (metres / 1000).toFixed(1);
}

/** An epoch ms as the China wall-clock "HH:MM" (the centre's time, whatever the machine's zone). */
export function chinaClock(ms: number): string {
  return chinaWallClock(ms).slice(11, 16);
}

/** An ISO time as China "MM-DD HH:MM" ("—" when unreadable): rejected messages can be days old or stamped in the future. */
export function chinaDayClock(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? chinaWallClock(ms).slice(5, 16).replace('T', ' ') : '—';
}

/** An epoch ms as a value for <input type="datetime-local"> in China time. */
export function toChinaLocalInput(ms: number): string {
  return chinaWallClock(ms).slice(0, 16);
}

/** A datetime-local value read as China time, to ISO with +08:00; null when empty or invalid. */
export function fromChinaLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const iso = `${value}:00+08:00`;
  const ms = Date.parse(iso);
  // Date.parse rolls 2026-02-30 over to March: only a value that reads back the same is a real time.
  return Number.isFinite(ms) && toChinaLocalInput(ms) === value ? iso : null;
}
