/**
 * The list filters behind the dashboard's figures: clicking a bar, a grid or a table row narrows
 * the incident list to exactly the cases the figure counted. Each filter starts from the default
 * (open cases, any class, source, unit, holder or time) so a drill never inherits a narrowing the
 * operator set earlier; dashboard-drill.test.ts checks every figure against its list.
 */
import type { HourBucket, IndicatorBreakdown } from '@core/incidents/dashboard';
import type { Period } from '@core/incidents';
import type { GridCode } from '@core/model';
import { DEFAULT_INCIDENT_FILTER, type IncidentFilter } from '@core/state';

/** A full filter: the default with `patch` on top. */
export function drillFilter(patch: Partial<IncidentFilter>): IncidentFilter {
  return { ...DEFAULT_INCIDENT_FILTER, ...patch };
}

/** The open cases in one status (a bar of "open by status"). */
export function drillToStatus(status: IncidentFilter['status']): IncidentFilter {
  return drillFilter({ status });
}

/** The open cases of a major category ('01', 'E05'), matched by code prefix. */
export function drillToMajor(majorCode: string): IncidentFilter {
  return drillFilter({ category: majorCode });
}

/** The open cases in a grid unit or below it; only the overdue ones with `overdueOnly`. */
export function drillToGrid(code: GridCode, overdueOnly = false): IncidentFilter {
  return drillFilter({ grid: code, overdueOnly });
}

/** Every case reported in an hour, whatever its status now (the hour's "reported" bar). */
export function drillToHour(bucket: Pick<HourBucket, 'from' | 'to'>): IncidentFilter {
  return drillFilter({ status: 'all', reported: { from: bucket.from, to: bucket.to } });
}

/**
 * Every case reported in the period for an indicator row (its "reported" column), in the row's
 * unit or with its department; null for a row the list cannot single out (no grid, no department).
 */
export function drillToIndicatorRow(period: Period, breakdown: IndicatorBreakdown, key: string | null): IncidentFilter | null {
  const base = drillFilter({ status: 'all', reported: { from: period.from, to: period.to } });
  if (breakdown.by === 'all') return base;
  if (key === null) return null;
  return breakdown.by === 'grid' ? { ...base, grid: key as GridCode } : { ...base, department: key };
}
