/**
 * The incident dashboard's figures as pure aggregations: open cases by status and by major class,
 * the grid units with the most open cases, reports and closures per hour over the last day, and
 * the performance indicators (indicators.ts) per period and per grid or department.
 *
 * Every figure is built so that the list can show exactly the cases behind it: a major class is
 * matched by code prefix (as IncidentFilter.category is), a unit holds the cases in it or below it
 * (as IncidentFilter.grid does), an hour is a [from, to) window on the report time (as
 * IncidentFilter.reported is). Each aggregation reads the cases once; none sorts them.
 */
import type { GridCode, GridLevel } from '../model';
import { CASE_MAJORS } from './classes';
import { registeredAtOf } from './deadlines';
import { computeIndicators, type IndicatorGrouping, type IndicatorRow, type Period } from './indicators';
import { OPEN_STATUSES, type CaseKind, type Incident, type IncidentStatus } from './model';
import { formatIso, HOUR_MS, parseIso } from './time';

/** China Standard Time (+08:00): the dashboard's days and hours. */
import { CHINA_OFFSET_MINUTES } from '../china-time';
export { CHINA_OFFSET_MINUTES };

const DAY_MS = 24 * HOUR_MS;

const isOpen = (status: IncidentStatus): boolean => OPEN_STATUSES.includes(status);
const isClosedStatus = (status: IncidentStatus): boolean => status === 'closed' || status === 'evaluated';

/** A case's times as epoch ms (null where absent or unreadable). */
interface CaseTimes {
  reported: number | null;
  registered: number | null;
  closed: number | null;
  deadline: number | null;
}

/**
 * Parsed times per case object. Cases are immutable (an update is a new object), so a time read
 * once stays right; the live dashboard recomputes every second or so and, without this, would
 * parse every ISO string of 20,000 cases each time (parsing is most of its cost). A WeakMap lets
 * replaced cases go with the garbage.
 */
const timesCache = new WeakMap<Incident, CaseTimes>();

const parseOrNull = (iso: string | null): number | null => (iso === null ? null : parseIso(iso));

function timesOf(incident: Incident): CaseTimes {
  let times = timesCache.get(incident);
  if (!times) {
    times = {
      reported: parseIso(incident.reportedAt),
      registered: parseOrNull(registeredAtOf(incident)),
      closed: parseOrNull(incident.closedAt),
      deadline: parseOrNull(incident.deadline),
    };
    timesCache.set(incident, times);
  }
  return times;
}

/**
 * Whether an open case is past its deadline at `nowMs`: deadlines.ts's deadlineState says
 * 'overdue' for an open case exactly when its deadline is readable and now is after it (the test
 * checks the two agree). Written out here to read the cached deadline, not to parse it per call.
 */
const openCaseOverdue = (incident: Incident, nowMs: number): boolean => {
  const due = timesOf(incident).deadline;
  return due !== null && nowMs > due;
};

// ---------------------------------------------------------------------------------------------
// Open cases by status and by class.

/** How many open cases are in one status. */
export interface StatusCount {
  status: IncidentStatus;
  count: number;
}

/**
 * Open cases per open status, in workflow order ({@link OPEN_STATUSES}); every open status has a
 * row, zero or not, so the chart's bars stay in place as counts change.
 *
 * @example openByStatus(cases).find((r) => r.status === 'handling')?.count
 */
export function openByStatus(incidents: Iterable<Incident>): StatusCount[] {
  const counts = new Map<IncidentStatus, number>(OPEN_STATUSES.map((s) => [s, 0]));
  for (const i of incidents) {
    const n = counts.get(i.status);
    if (n !== undefined) counts.set(i.status, n + 1);
  }
  return OPEN_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
}

/** Open cases of one major category (大类). */
export interface MajorCount {
  /** Major code ('01', 'E05'): also the category prefix that filters the list to these cases. */
  code: string;
  kind: CaseKind;
  count: number;
}

export interface OpenByClass {
  /** Every major of CASE_MAJORS in its order (components first), zero or not. */
  majors: MajorCount[];
  /** Open components and open events (by the major their code falls in). */
  byKind: Record<CaseKind, number>;
  /** Open cases whose code falls in no major (a local code a feed sent). */
  unclassified: number;
  /** All open cases. */
  total: number;
}

const majorIndex = new Map(CASE_MAJORS.map((m, i) => [m.code, i]));

/**
 * The index in CASE_MAJORS of the major a category code falls in, by its prefix ('E0150' → 'E01',
 * '0553' → '05'), or -1. By prefix, not by looking the class up, so a minor the classification
 * does not list still lands in its major, exactly as the list's category filter matches it.
 */
function majorOf(category: string): number {
  const prefix = category.startsWith('E') ? category.slice(0, 3) : category.slice(0, 2);
  return majorIndex.get(prefix) ?? -1;
}

/**
 * Open cases per major category (GB/T 30428 majors of classes.ts), with components and events
 * totalled.
 *
 * @example openByClass(cases).majors.find((m) => m.code === 'E01')?.count
 */
export function openByClass(incidents: Iterable<Incident>): OpenByClass {
  const counts = new Array<number>(CASE_MAJORS.length).fill(0);
  let unclassified = 0;
  let total = 0;
  for (const i of incidents) {
    if (!isOpen(i.status)) continue;
    total++;
    const m = majorOf(i.category);
    if (m < 0) unclassified++;
    else counts[m]++;
  }
  const majors = CASE_MAJORS.map((m, idx) => ({ code: m.code, kind: m.kind, count: counts[idx] }));
  const byKind: Record<CaseKind, number> = { component: 0, event: 0 };
  for (const m of majors) byKind[m.kind] += m.count;
  return { majors, byKind, unclassified, total };
}

// ---------------------------------------------------------------------------------------------
// Top grid units.

/** The grid hierarchy as the roll-ups need it (injected: core holds no index of its own here). */
export interface GridRollup {
  parentOf(code: GridCode): GridCode | null;
  levelOf(code: GridCode): GridLevel | null;
}

/**
 * The unit at `level` a case in `code` counts for: its ancestor (or itself) at that level; a leaf
 * above that level (a dedicated grid when rolling up to micro-grids) counts for itself; null when
 * the chain breaks (an orphan, an unknown code). The same rule as indicators.ts groups by, so a
 * unit's row here and its indicator row hold the same cases.
 */
function unitAt(code: GridCode, level: GridLevel, rollup: GridRollup): GridCode | null {
  let c = code;
  let l = rollup.levelOf(c);
  if (l === null) return null;
  if (l < level) return c;
  // Levels shrink by one per step; the bound stops a malformed hierarchy from looping.
  for (let guard = 0; l !== level && guard < 8; guard++) {
    const parent = rollup.parentOf(c);
    if (parent === null) return null;
    c = parent;
    l = rollup.levelOf(c);
    if (l === null) return null;
  }
  return l === level ? c : null;
}

/** Open and overdue cases of one grid unit. */
export interface GridCount {
  code: GridCode;
  open: number;
  /** Of the open cases, those past their deadline now. */
  overdue: number;
}

export interface TopGrids {
  /** The units with open cases, most first (then most overdue, then by code), at most `limit`. */
  rows: GridCount[];
  /** Units at the level holding any open case (rows beyond the limit included). */
  units: number;
  /** Open cases counted for no unit: outside every grid, or in a grid the hierarchy cannot place. */
  outside: number;
}

/** Options of {@link topGrids}. */
export interface TopGridsOptions {
  level: GridLevel;
  rollup: GridRollup;
  /** Rows kept; default 10. */
  limit?: number;
  /** Rank by open (default) or by overdue cases. */
  rankBy?: 'open' | 'overdue';
}

/**
 * The grid units at a level with the most open cases, each case rolled up from the leaf it lies
 * in. Overdue is judged at `now` (ISO). The parent chain is walked once per distinct leaf code,
 * not once per case.
 *
 * @example topGrids(cases, now, { level: 3, rollup: { parentOf, levelOf }, limit: 5 }).rows[0].code
 */
export function topGrids(incidents: Iterable<Incident>, now: string, options: TopGridsOptions): TopGrids {
  const { level, rollup, limit = 10, rankBy = 'open' } = options;
  const nowMs = parseIso(now);
  const unitOf = new Map<GridCode, GridCode | null>();
  const counts = new Map<GridCode, GridCount>();
  let outside = 0;
  for (const i of incidents) {
    if (!isOpen(i.status)) continue;
    let unit: GridCode | null = null;
    if (i.gridCode !== null) {
      const cached = unitOf.get(i.gridCode);
      if (cached === undefined) {
        unit = unitAt(i.gridCode, level, rollup);
        unitOf.set(i.gridCode, unit);
      } else unit = cached;
    }
    if (unit === null) {
      outside++;
      continue;
    }
    let row = counts.get(unit);
    if (!row) {
      row = { code: unit, open: 0, overdue: 0 };
      counts.set(unit, row);
    }
    row.open++;
    if (nowMs !== null && openCaseOverdue(i, nowMs)) row.overdue++;
  }
  const all = [...counts.values()];
  const primary = rankBy === 'open' ? (r: GridCount) => r.open : (r: GridCount) => r.overdue;
  const secondary = rankBy === 'open' ? (r: GridCount) => r.overdue : (r: GridCount) => r.open;
  all.sort((a, b) => primary(b) - primary(a) || secondary(b) - secondary(a) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const rows = rankBy === 'overdue' ? all.filter((r) => r.overdue > 0) : all;
  return { rows: rows.slice(0, Math.max(0, limit)), units: all.length, outside };
}

// ---------------------------------------------------------------------------------------------
// Per hour.

/** One hour of the last day. */
export interface HourBucket {
  /** Start of the hour (ISO, in the dashboard's offset). */
  from: string;
  /** End of the hour, exclusive. */
  to: string;
  /** The hour of the day it starts at in that offset, 0–23. */
  hour: number;
  /** Cases reported in the hour. */
  reported: number;
  /** Cases closed (closed or evaluated now) with closedAt in the hour. */
  closed: number;
}

/** Options of {@link incidentsPerHour}. */
export interface PerHourOptions {
  /** Buckets; default 24. */
  hours?: number;
  /** Whose clock the hours follow, minutes east of UTC; default China time. */
  offsetMinutes?: number;
}

/** Epoch ms of the start of the hour (in the offset's wall clock) holding `ms`. */
function hourStart(ms: number, offsetMinutes: number): number {
  const local = ms + offsetMinutes * 60_000;
  return local - (((local % HOUR_MS) + HOUR_MS) % HOUR_MS) - offsetMinutes * 60_000;
}

/**
 * Reports and closures per hour over the last `hours` hours: whole hours of the offset's clock,
 * the last one holding `now` (so it is still filling). Empty when `now` cannot be read.
 *
 * @example incidentsPerHour(cases, '2026-11-22T15:20:00+08:00').at(-1)?.from === '2026-11-22T15:00:00+08:00'
 */
export function incidentsPerHour(incidents: Iterable<Incident>, now: string, options: PerHourOptions = {}): HourBucket[] {
  const { hours = 24, offsetMinutes = CHINA_OFFSET_MINUTES } = options;
  const nowMs = parseIso(now);
  if (nowMs === null || hours <= 0) return [];
  const first = hourStart(nowMs, offsetMinutes) - (hours - 1) * HOUR_MS;
  const end = first + hours * HOUR_MS;
  const reported = new Array<number>(hours).fill(0);
  const closed = new Array<number>(hours).fill(0);
  for (const i of incidents) {
    const times = timesOf(i);
    const r = times.reported;
    if (r !== null && r >= first && r < end) reported[Math.floor((r - first) / HOUR_MS)]++;
    if (!isClosedStatus(i.status)) continue;
    const c = times.closed;
    if (c !== null && c >= first && c < end) closed[Math.floor((c - first) / HOUR_MS)]++;
  }
  return reported.map((n, k) => {
    const from = first + k * HOUR_MS;
    const localHour = Math.floor((((from + offsetMinutes * 60_000) % DAY_MS) + DAY_MS) % DAY_MS / HOUR_MS);
    return { from: formatIso(from, offsetMinutes), to: formatIso(from + HOUR_MS, offsetMinutes), hour: localHour, reported: n, closed: closed[k] };
  });
}

// ---------------------------------------------------------------------------------------------
// Indicators per period.

/** The periods the dashboard reports. */
export type DashboardPeriodName = 'today' | 'last7Days' | 'last30Days';
export const DASHBOARD_PERIODS: readonly DashboardPeriodName[] = ['today', 'last7Days', 'last30Days'];

const PERIOD_DAYS: Record<DashboardPeriodName, number> = { today: 1, last7Days: 7, last30Days: 30 };

/**
 * A period ending now: from midnight (in the offset's clock) of today, of 6 days ago or of 29 days
 * ago, to `now`. Calendar days because centres report by day; ending at now, not at midnight,
 * because a case whose deadline is still ahead must not count as due (indicators.ts). Throws when
 * `now` cannot be read.
 *
 * @example dashboardPeriod('today', '2026-11-22T15:00:00+08:00') // { from: '2026-11-22T00:00:00+08:00', to: '2026-11-22T15:00:00+08:00' }
 */
export function dashboardPeriod(name: DashboardPeriodName, now: string, offsetMinutes: number = CHINA_OFFSET_MINUTES): Period {
  const nowMs = parseIso(now);
  if (nowMs === null) throw new Error(`dashboard: now ${now} is not an ISO time with an offset`);
  const local = nowMs + offsetMinutes * 60_000;
  const midnight = local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - offsetMinutes * 60_000;
  const from = midnight - (PERIOD_DAYS[name] - 1) * DAY_MS;
  return { from: formatIso(from, offsetMinutes), to: formatIso(nowMs, offsetMinutes) };
}

/** How the indicator table's rows are formed. */
export type IndicatorBreakdown = { by: 'all' } | { by: 'grid'; level: GridLevel } | { by: 'department' };

export interface IndicatorTable {
  period: Period;
  /** The whole district's row. */
  all: IndicatorRow;
  /**
   * One row per unit or department (see computeIndicators), busiest first (most reported, then
   * most registered, then by key, the row without a key last); [all] for the 'all' breakdown.
   */
  rows: IndicatorRow[];
}

/**
 * The indicators of `period`, for the whole district and per the breakdown, by computeIndicators
 * (the counting rules live there, not here). Cases neither reported nor registered in the period,
 * which computeIndicators skips anyway, are dropped first by their cached times: a day's table
 * over a month of cases then costs a day's worth. Throws when the period cannot be read.
 *
 * @example indicatorTable(cases, dashboardPeriod('today', now), { by: 'department' }, rollup).rows
 */
export function indicatorTable(incidents: Iterable<Incident>, period: Period, breakdown: IndicatorBreakdown, rollup: GridRollup): IndicatorTable {
  const from = parseIso(period.from);
  const to = parseIso(period.to);
  if (from === null || to === null) throw new Error(`dashboard: period ${period.from}..${period.to} is not two ISO times with offsets`);
  const inside = (ms: number | null): boolean => ms !== null && ms >= from && ms < to;
  const list: Incident[] = [];
  for (const i of incidents) {
    const times = timesOf(i);
    if (inside(times.reported) || inside(times.registered)) list.push(i);
  }
  const all = computeIndicators(list, period)[0];
  if (breakdown.by === 'all') return { period, all, rows: [all] };
  const grouping: IndicatorGrouping =
    breakdown.by === 'grid' ? { by: 'grid', level: breakdown.level, parentOf: rollup.parentOf, levelOf: rollup.levelOf } : { by: 'department' };
  const rows = computeIndicators(list, period, grouping).sort(
    (a, b) =>
      (a.key === null ? 1 : 0) - (b.key === null ? 1 : 0) ||
      b.reported - a.reported ||
      b.registered - a.registered ||
      (a.key === b.key ? 0 : (a.key ?? '') < (b.key ?? '') ? -1 : 1),
  );
  return { period, all, rows };
}
