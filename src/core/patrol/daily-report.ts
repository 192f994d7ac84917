/**
 * 零上报 (zero reporting): every grid reports every day, even "nothing to report", and a missing
 * report is itself an alert (DOMAIN.md "Routines"). Pure: report records in, the grids still
 * missing today's report out. Days are China days (00:00–24:00 +08:00), because that is the day a
 * centre's duty roster and its daily inspection (日排查) follow, whatever the machine's time zone.
 */
import type { GridCode } from '../model';
import { parseIso } from '../incidents/time';
import { chinaWallClock } from '../china-time';
/** Reports are due by this hour of the China day unless the centre sets another (0–23). */
export const DEFAULT_REPORT_CUTOFF_HOUR = 10;

/** One grid's daily report. */
export interface DailyReport {
  gridCode: GridCode;
  /** The China day it covers, YYYY-MM-DD. */
  date: string;
  /** When it was sent, ISO 8601 with offset. */
  at: string;
  /** Who sent it (the grid's chief or worker). */
  by: string;
  /** true: "nothing to report" (零上报); false: the report names matters (in `note` or as incidents). */
  nothingToReport: boolean;
  note?: string;
}

/** The China day (YYYY-MM-DD) holding the instant `ms`. */
export function chinaDate(ms: number): string {
  return chinaWallClock(ms).slice(0, 10);
}

/** Epoch ms of `hour`:00 on China day `date`. */
export function chinaDayHour(date: string, hour: number): number {
  const ms = parseIso(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  if (ms === null) throw new RangeError(`"${date}" is not a day YYYY-MM-DD, or ${hour} is not an hour 0–23`);
  return ms;
}

export interface ReportStatus {
  gridCode: GridCode;
  /** The day's report, the latest sent when there are several; null when none came. */
  report: DailyReport | null;
  /** No report and the cutoff has passed: flag it on the map and in the list. */
  missing: boolean;
  /** No report yet, but the cutoff is still ahead. */
  pending: boolean;
}

/**
 * Where each grid stands with today's report at `nowMs`: a grid with no report for today's China
 * day is `missing` once `cutoffHour` has passed, `pending` before. A report for another day, or
 * for a grid not in `gridCodes`, does not count. Output in `gridCodes` order.
 *
 * @example reportStatus(['ZY-01-01'], [], Date.parse('2026-11-22T03:00:00Z'), 10)[0].missing === true // 11:00 China time
 */
export function reportStatus(
  gridCodes: readonly GridCode[],
  reports: Iterable<DailyReport>,
  nowMs: number,
  cutoffHour: number = DEFAULT_REPORT_CUTOFF_HOUR,
): ReportStatus[] {
  if (!Number.isInteger(cutoffHour) || cutoffHour < 0 || cutoffHour > 23) throw new RangeError(`cutoff hour ${cutoffHour} must be a whole hour 0–23`);
  if (!Number.isFinite(nowMs)) throw new RangeError('now must be a finite time');
  const today = chinaDate(nowMs);
  const wanted = new Set(gridCodes);
  const latest = new Map<GridCode, DailyReport>();
  for (const r of reports) {
    if (r.date !== today || !wanted.has(r.gridCode)) continue;
    const have = latest.get(r.gridCode);
    // Compare instants, not texts: offsets may differ between senders.
    if (!have || (parseIso(r.at) ?? -Infinity) > (parseIso(have.at) ?? -Infinity)) latest.set(r.gridCode, r);
  }
  const pastCutoff = nowMs >= chinaDayHour(today, cutoffHour);
  return gridCodes.map((gridCode) => {
    const report = latest.get(gridCode) ?? null;
    return { gridCode, report, missing: report === null && pastCutoff, pending: report === null && !pastCutoff };
  });
}
