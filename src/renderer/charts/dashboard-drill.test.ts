import { describe, expect, it } from 'vitest';
import { DASHBOARD_PERIODS, dashboardPeriod, incidentsPerHour, indicatorTable, openByClass, openByStatus, topGrids, type GridRollup } from '@core/incidents/dashboard';
import type { Incident } from '@core/incidents';
import { asGridCode, type GridCode, type GridLevel } from '@core/model';
import { incidentMatches, type IncidentFilter } from '@core/state';
import { makeIncident, TEST_GRIDS } from '@core/incidents/test-support';
import { drillFilter, drillToGrid, drillToHour, drillToIndicatorRow, drillToMajor, drillToStatus } from './dashboard-drill';

const units = new Map(TEST_GRIDS.map((u) => [u.code, u]));
const parentOf = (code: GridCode): GridCode | null => units.get(code)?.parentCode ?? null;
const rollup: GridRollup = { parentOf, levelOf: (code: GridCode): GridLevel | null => units.get(code)?.level ?? null };

const NOW = '2024-05-01T15:20:00+08:00';
const STATUSES = ['collected', 'registered', 'dispatched', 'handling', 'handled', 'closed', 'evaluated', 'rejected'] as const;
const CATEGORIES = ['E0150', '0553', 'E0505', 'E0101', '0150', '9999', 'E0652', '0118'];
const LEAVES = ['S-01-01-01', 'S-01-01-02', 'S-01-02-01', 'S-01-Z1', 'O-9-01', null];
const DEPTS = ['water', 'housing', null];

/** 240 varied cases over the last 40 hours: every status, class, leaf and holder mixed. */
const CASES: Incident[] = Array.from({ length: 240 }, (_, k) => {
  const reportedMs = Date.parse(NOW) - ((k * 37) % 40) * 3_600_000 - (k % 60) * 60_000;
  const status = STATUSES[k % STATUSES.length];
  const iso = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
  const leaf = LEAVES[k % LEAVES.length];
  const dept = DEPTS[k % DEPTS.length];
  return makeIncident({
    id: `k${k}`,
    status,
    category: CATEGORIES[k % CATEGORIES.length],
    gridCode: leaf === null ? null : asGridCode(leaf),
    reportedAt: iso(reportedMs),
    history: [{ kind: 'collected', at: iso(reportedMs), by: 'feed' }],
    deadline: status === 'collected' || status === 'rejected' ? null : iso(reportedMs + ((k % 5) + 1) * 3_600_000),
    closedAt: status === 'closed' || status === 'evaluated' ? iso(reportedMs + 2 * 3_600_000) : null,
    assignee: dept === null ? null : { kind: 'department', id: dept },
  });
});

const listed = (filter: IncidentFilter): number => CASES.filter((i) => incidentMatches(i, filter, NOW, parentOf)).length;

describe('dashboard drill-down', () => {
  it('a status bar lists exactly its open cases', () => {
    for (const row of openByStatus(CASES)) expect(listed(drillToStatus(row.status)), row.status).toBe(row.count);
  });

  it('a class bar lists exactly its open cases', () => {
    const { majors } = openByClass(CASES);
    expect(majors.some((m) => m.count > 0)).toBe(true);
    for (const m of majors) expect(listed(drillToMajor(m.code)), m.code).toBe(m.count);
  });

  it('a grid row lists its open cases, and its overdue ones', () => {
    for (const level of [2, 3, 4] as const) {
      for (const row of topGrids(CASES, NOW, { level, rollup, limit: 100 }).rows) {
        expect(listed(drillToGrid(row.code)), `${level} ${row.code}`).toBe(row.open);
        expect(listed(drillToGrid(row.code, true)), `${level} ${row.code} overdue`).toBe(row.overdue);
      }
    }
  });

  it('an hour lists the cases reported in it', () => {
    const hours = incidentsPerHour(CASES, NOW);
    expect(hours.reduce((n, h) => n + h.reported, 0)).toBeGreaterThan(100);
    for (const h of hours) expect(listed(drillToHour(h)), h.from).toBe(h.reported);
  });

  it('an indicator row lists the cases it counts as reported', () => {
    for (const name of DASHBOARD_PERIODS) {
      const period = dashboardPeriod(name, NOW);
      for (const breakdown of [{ by: 'all' }, { by: 'department' }, { by: 'grid', level: 3 }, { by: 'grid', level: 4 }] as const) {
        for (const row of indicatorTable(CASES, period, breakdown, rollup).rows) {
          const filter = drillToIndicatorRow(period, breakdown, row.key);
          if (filter === null) {
            expect(row.key).toBeNull();
            continue;
          }
          expect(listed(filter), `${name} ${breakdown.by} ${row.key}`).toBe(row.reported);
        }
      }
    }
  });

  it('resets what an earlier drill or the operator narrowed', () => {
    expect(drillToMajor('E01')).toEqual(drillFilter({ category: 'E01' }));
    expect(drillToMajor('E01')).toMatchObject({ status: 'open', kind: 'all', source: 'all', overdueOnly: false, grid: null, department: null, reported: null });
  });
});
