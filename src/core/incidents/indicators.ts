/**
 * The performance indicators operations centres report (DOMAIN.md: 结案率, 按期结案率, 返工率, 延期率
 * and a composite score), per period and per grid or department. Pure functions over Incident[].
 *
 * Counting rules, chosen so a period's figures stop moving once the period is over:
 * - a case belongs to a period by its registration time (立案, {@link registeredAtOf}) in
 *   [from, to); status counts alone use the report time, so collected and rejected reports show;
 * - it counts as closed when it is closed or evaluated with closedAt before `to`;
 * - it is due (应结案) when it closed before `to` or its deadline fell before `to`: cases still
 *   within their time limit at the period's end are not held against anyone.
 */
import type { GridCode, GridLevel } from '../model';
import { registeredAtOf } from './deadlines';
import { INCIDENT_STATUSES, type Incident, type IncidentStatus } from './model';
import { HOUR_MS, parseIso } from './time';

/** A half-open period [from, to), ISO 8601 with offsets. */
export interface Period {
  from: string;
  to: string;
}

/** How rows are formed. */
export type IndicatorGrouping =
  | { by: 'all' }
  /**
   * One row per grid unit at `level`: each case counts for the ancestor (or self) of its grid at
   * that level. A case whose grid is a leaf above that level (a dedicated grid when grouping by
   * micro-grid) counts for that leaf.
   */
  | {
      by: 'grid';
      level: GridLevel;
      parentOf(code: GridCode): GridCode | null;
      levelOf(code: GridCode): GridLevel | null;
    }
  /** One row per department holding the case now; cases not with a department have key null. */
  | { by: 'department' };

/**
 * Weights of the composite score (0–100). On-time closure weighs most because it is the headline
 * figure of 数字城管 evaluation; closure next; rework and extension count inverted (less is
 * better). A rate with no cases behind it is left out and the other weights are scaled up.
 */
export const SCORE_WEIGHTS = {
  closureRate: 0.3,
  onTimeClosureRate: 0.4,
  reworkRate: 0.2,
  extensionRate: 0.1,
} as const;

export interface IndicatorRow {
  /** Grid code, department id, 'all'; null for cases without a grid / not with a department. */
  key: string | null;
  /** Cases reported in the period. */
  reported: number;
  /** Cases reported in the period, by their current status. */
  byStatus: Record<IncidentStatus, number>;
  /** Cases registered in the period (the denominator of the rates). */
  registered: number;
  /** Of those, closed (or evaluated) before the period's end. */
  closed: number;
  /** Of those closed, on or before their deadline (or without one). */
  closedOnTime: number;
  /** Of those registered, closed before the end or with a deadline before the end (应结案). */
  due: number;
  /** Of those closed, reworked at least once. */
  reworked: number;
  /** Of those registered, extended at least once. */
  extended: number;
  /** 结案率 = closed / registered, 0–1; null without registered cases. */
  closureRate: number | null;
  /** 按期结案率 = closedOnTime / due, 0–1; null when nothing was due. */
  onTimeClosureRate: number | null;
  /** 返工率 = reworked / closed, 0–1; null without closed cases. */
  reworkRate: number | null;
  /** 延期率 = extended / registered, 0–1; null without registered cases. */
  extensionRate: number | null;
  /** Mean hours from registration to closing, over closed cases; null without any. */
  meanHoursToClose: number | null;
  /** Composite score 0–100 after {@link SCORE_WEIGHTS}; null when no rate is defined. */
  score: number | null;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/**
 * The composite score 0–100 of four rates (each 0–1 or null), weighted by {@link SCORE_WEIGHTS};
 * rework and extension count as (1 − rate).
 */
export function compositeScore(rates: Pick<IndicatorRow, 'closureRate' | 'onTimeClosureRate' | 'reworkRate' | 'extensionRate'>): number | null {
  const parts: [number | null, number][] = [
    [rates.closureRate, SCORE_WEIGHTS.closureRate],
    [rates.onTimeClosureRate, SCORE_WEIGHTS.onTimeClosureRate],
    [rates.reworkRate === null ? null : 1 - rates.reworkRate, SCORE_WEIGHTS.reworkRate],
    [rates.extensionRate === null ? null : 1 - rates.extensionRate, SCORE_WEIGHTS.extensionRate],
  ];
  let sum = 0;
  let weight = 0;
  for (const [value, w] of parts) {
    if (value === null) continue;
    sum += value * w;
    weight += w;
  }
  return weight > 0 ? (100 * sum) / weight : null;
}

function emptyByStatus(): Record<IncidentStatus, number> {
  const out = {} as Record<IncidentStatus, number>;
  for (const s of INCIDENT_STATUSES) out[s] = 0;
  return out;
}

/** The row key of a case under a grouping. */
function keyOf(incident: Incident, grouping: IndicatorGrouping): string | null {
  switch (grouping.by) {
    case 'all':
      return 'all';
    case 'department':
      return incident.assignee?.kind === 'department' ? incident.assignee.id : null;
    case 'grid': {
      let code = incident.gridCode;
      if (code === null) return null;
      let level = grouping.levelOf(code);
      if (level === null) return null;
      if (level < grouping.level) return code;
      // Levels shrink by one per step; the bound stops a malformed hierarchy from looping.
      for (let guard = 0; level !== grouping.level && guard < 8; guard++) {
        const parent: GridCode | null = grouping.parentOf(code);
        if (parent === null) return null;
        code = parent;
        level = grouping.levelOf(code);
        if (level === null) return null;
      }
      return level === grouping.level ? code : null;
    }
  }
}

interface Acc {
  reported: number;
  byStatus: Record<IncidentStatus, number>;
  registered: number;
  closed: number;
  closedOnTime: number;
  due: number;
  reworked: number;
  extended: number;
  hoursToClose: number;
}

const inPeriod = (ms: number | null, from: number, to: number): boolean => ms !== null && ms >= from && ms < to;

/**
 * The indicators of `incidents` for `period`, one row per group (default: one row 'all'), sorted
 * by key with null last. Groups without any case reported or registered in the period have no
 * row (except 'all', which is always there). Throws on a period whose times cannot be read.
 *
 * @example computeIndicators(cases, { from: '2024-05-01T00:00:00+08:00', to: '2024-06-01T00:00:00+08:00' })[0].closureRate
 */
export function computeIndicators(incidents: readonly Incident[], period: Period, grouping: IndicatorGrouping = { by: 'all' }): IndicatorRow[] {
  const from = parseIso(period.from);
  const to = parseIso(period.to);
  if (from === null || to === null) throw new Error(`indicators: period ${period.from}..${period.to} is not two ISO times with offsets`);
  const groups = new Map<string | null, Acc>();
  const accFor = (key: string | null): Acc => {
    let acc = groups.get(key);
    if (!acc) {
      acc = { reported: 0, byStatus: emptyByStatus(), registered: 0, closed: 0, closedOnTime: 0, due: 0, reworked: 0, extended: 0, hoursToClose: 0 };
      groups.set(key, acc);
    }
    return acc;
  };
  if (grouping.by === 'all') accFor('all');

  for (const incident of incidents) {
    const reported = inPeriod(parseIso(incident.reportedAt), from, to);
    const registeredIso = registeredAtOf(incident);
    const registeredMs = registeredIso === null ? null : parseIso(registeredIso);
    const registered = inPeriod(registeredMs, from, to);
    if (!reported && !registered) continue;
    const acc = accFor(keyOf(incident, grouping));
    if (reported) {
      acc.reported++;
      acc.byStatus[incident.status]++;
    }
    if (!registered || registeredMs === null) continue;
    acc.registered++;
    if (incident.extensions > 0) acc.extended++;
    const closedMs = incident.closedAt === null ? null : parseIso(incident.closedAt);
    const isClosed = (incident.status === 'closed' || incident.status === 'evaluated') && closedMs !== null && closedMs < to;
    const deadlineMs = incident.deadline === null ? null : parseIso(incident.deadline);
    if (isClosed || (deadlineMs !== null && deadlineMs < to)) acc.due++;
    if (!isClosed || closedMs === null) continue;
    acc.closed++;
    if (deadlineMs === null || closedMs <= deadlineMs) acc.closedOnTime++;
    if (incident.reworks > 0) acc.reworked++;
    acc.hoursToClose += (closedMs - registeredMs) / HOUR_MS;
  }

  const rows: IndicatorRow[] = [];
  for (const [key, a] of groups) {
    const rates = {
      closureRate: ratio(a.closed, a.registered),
      onTimeClosureRate: ratio(a.closedOnTime, a.due),
      reworkRate: ratio(a.reworked, a.closed),
      extensionRate: ratio(a.extended, a.registered),
    };
    rows.push({
      key,
      reported: a.reported,
      byStatus: a.byStatus,
      registered: a.registered,
      closed: a.closed,
      closedOnTime: a.closedOnTime,
      due: a.due,
      reworked: a.reworked,
      extended: a.extended,
      ...rates,
      meanHoursToClose: a.closed > 0 ? a.hoursToClose / a.closed : null,
      score: compositeScore(rates),
    });
  }
  return rows.sort((x, y) => (x.key === y.key ? 0 : x.key === null ? 1 : y.key === null ? -1 : x.key < y.key ? -1 : 1));
}
