import { describe, expect, it } from 'vitest';
import type { GridCode, GridLevel } from '../model';
import {
  dashboardPeriod,
  incidentsPerHour,
  indicatorTable,
  openByClass,
  openByStatus,
  topGrids,
  type GridRollup,
} from './dashboard';
import { deadlineState } from './deadlines';
import { computeIndicators } from './indicators';
import { OPEN_STATUSES, type Incident } from './model';
import { deepFreeze, g, makeIncident, TEST_GRIDS } from './test-support';

const units = new Map(TEST_GRIDS.map((u) => [u.code, u]));
const ROLLUP: GridRollup = {
  parentOf: (code: GridCode) => units.get(code)?.parentCode ?? null,
  levelOf: (code: GridCode): GridLevel | null => units.get(code)?.level ?? null,
};

const t = (s: string): string => `2024-${s}:00+08:00`;
const NOW = t('05-01T15:20');

/**
 * Hand-made cases (TEST_GRIDS: S-01 › S-01-01 › S-01-01-01, S-01-01-02; S-01 › S-01-02 ›
 * S-01-02-01; dedicated S-01-Z1 at level 3; orphan O-9-01 at level 3 whose parent is unknown).
 * Cases without a 'registered' step past 'collected' count as registered at their report time.
 * Now: 1 May 2024 15:20 +08:00.
 */
const kase = (id: string, o: Partial<Incident>): Incident =>
  makeIncident({ id, history: [{ kind: 'collected', at: o.reportedAt ?? t('05-01T08:00'), by: 'feed' }], ...o });
const FIXTURE: Incident[] = deepFreeze([
  // Open.
  kase('a1', { status: 'collected', category: 'E0150', gridCode: g('S-01-01-01'), reportedAt: t('05-01T14:10') }),
  kase('a2', {
    status: 'registered',
    category: '0553',
    gridCode: g('S-01-01-02'),
    reportedAt: t('05-01T09:30'),
    deadline: t('05-01T11:30'), // overdue now
    priority: 1,
    assignee: { kind: 'department', id: 'water' },
  }),
  kase('a3', { status: 'dispatched', category: 'E0505', gridCode: g('S-01-02-01'), reportedAt: t('04-30T16:00'), deadline: t('05-02T16:00') }),
  kase('a4', {
    status: 'handling',
    category: 'E0101',
    gridCode: g('S-01-Z1'),
    reportedAt: t('05-01T15:05'),
    deadline: t('05-01T15:10'), // overdue now
    extensions: 1,
    assignee: { kind: 'department', id: 'water' },
  }),
  kase('a5', { status: 'handled', category: '9999', gridCode: null, reportedAt: t('04-29T10:00') }),
  kase('a6', { status: 'handled', category: 'E0150', gridCode: g('O-9-01'), reportedAt: t('04-30T15:59'), deadline: t('05-03T00:00') }),
  // Closed, evaluated, rejected.
  kase('c1', {
    status: 'closed',
    category: 'E0150',
    gridCode: g('S-01-01-01'),
    reportedAt: t('05-01T08:00'),
    deadline: t('05-01T12:00'),
    closedAt: t('05-01T10:30'),
    reworks: 1,
    assignee: { kind: 'grid', code: g('S-01-01') },
  }),
  kase('c2', { status: 'evaluated', category: '0150', gridCode: g('S-01-01-01'), reportedAt: t('04-28T08:00'), closedAt: t('05-01T15:00'), score: 4 }),
  kase('r1', { status: 'rejected', category: 'E0101', gridCode: g('S-01-01-01'), reportedAt: t('05-01T15:19') }),
]);

describe('openByStatus', () => {
  it('counts open cases per open status, in workflow order', () => {
    expect(openByStatus(FIXTURE)).toEqual([
      { status: 'collected', count: 1 },
      { status: 'registered', count: 1 },
      { status: 'dispatched', count: 1 },
      { status: 'handling', count: 1 },
      { status: 'handled', count: 2 },
    ]);
  });

  it('has every open status at zero without cases, from any iterable', () => {
    expect(openByStatus([]).map((r) => r.count)).toEqual([0, 0, 0, 0, 0]);
    expect(openByStatus(new Map(FIXTURE.map((i) => [i.id, i])).values()).reduce((n, r) => n + r.count, 0)).toBe(6);
  });
});

describe('openByClass', () => {
  it('counts open cases per major by code prefix; an unknown code is unclassified', () => {
    const out = openByClass(FIXTURE);
    const counts = Object.fromEntries(out.majors.map((m) => [m.code, m.count]));
    expect(counts).toEqual({ '01': 0, '02': 0, '03': 0, '04': 0, '05': 1, '06': 0, E01: 3, E02: 0, E03: 0, E04: 0, E05: 1, E06: 0 });
    expect(out.byKind).toEqual({ component: 1, event: 4 });
    expect(out.unclassified).toBe(1);
    expect(out.total).toBe(6);
    expect(out.majors.map((m) => m.kind).slice(0, 7)).toEqual(['component', 'component', 'component', 'component', 'component', 'component', 'event']);
  });

  it('is all zeros without cases', () => {
    const out = openByClass([]);
    expect(out.majors).toHaveLength(12);
    expect(out.majors.every((m) => m.count === 0)).toBe(true);
    expect({ ...out, majors: [] }).toEqual({ majors: [], byKind: { component: 0, event: 0 }, unclassified: 0, total: 0 });
  });
});

describe('topGrids', () => {
  it('rolls open cases up to grids (level 3): most open first, then most overdue, then by code', () => {
    const out = topGrids(FIXTURE, NOW, { level: 3, rollup: ROLLUP });
    expect(out.rows).toEqual([
      { code: 'S-01-01', open: 2, overdue: 1 }, // a1, a2 (overdue)
      { code: 'S-01-Z1', open: 1, overdue: 1 }, // a4: the dedicated grid is itself at level 3
      { code: 'O-9-01', open: 1, overdue: 0 }, // a6: an orphan at level 3 still counts for itself
      { code: 'S-01-02', open: 1, overdue: 0 }, // a3
    ]);
    expect(out.units).toBe(4);
    expect(out.outside).toBe(1); // a5 has no grid
  });

  it('at micro-grids a leaf above the level (dedicated, orphan grid) counts for itself', () => {
    const out = topGrids(FIXTURE, NOW, { level: 4, rollup: ROLLUP });
    expect(out.rows.map((r) => [r.code, r.open, r.overdue])).toEqual([
      ['S-01-01-02', 1, 1],
      ['S-01-Z1', 1, 1],
      ['O-9-01', 1, 0],
      ['S-01-01-01', 1, 0],
      ['S-01-02-01', 1, 0],
    ]);
    expect(out.outside).toBe(1);
  });

  it('at communities a case whose chain breaks (orphan) is outside', () => {
    const out = topGrids(FIXTURE, NOW, { level: 2, rollup: ROLLUP });
    expect(out.rows).toEqual([{ code: 'S-01', open: 4, overdue: 2 }]);
    expect(out.outside).toBe(2); // a5 (no grid), a6 (parent O-9 unknown)
  });

  it('keeps `limit` rows, counts every unit, and can rank by overdue', () => {
    const out = topGrids(FIXTURE, NOW, { level: 3, rollup: ROLLUP, limit: 2 });
    expect(out.rows.map((r) => r.code)).toEqual(['S-01-01', 'S-01-Z1']);
    expect(out.units).toBe(4);
    const overdue = topGrids(FIXTURE, NOW, { level: 3, rollup: ROLLUP, rankBy: 'overdue' });
    expect(overdue.rows.map((r) => r.code)).toEqual(['S-01-01', 'S-01-Z1']);
  });

  it('judges overdue at now: an hour earlier nothing was overdue but a2', () => {
    const out = topGrids(FIXTURE, t('05-01T14:00'), { level: 2, rollup: ROLLUP });
    expect(out.rows[0].overdue).toBe(1);
  });

  it('counts overdue as deadlineState does, at any time', () => {
    for (const now of [t('05-01T11:30'), t('05-01T11:31'), t('05-01T15:10'), t('05-01T15:11'), t('05-02T16:01'), t('05-03T00:01')]) {
      const expected = FIXTURE.filter((i) => OPEN_STATUSES.includes(i.status) && i.gridCode !== null && deadlineState(i, now) === 'overdue').length;
      const rows = topGrids(FIXTURE, now, { level: 4, rollup: ROLLUP }).rows;
      expect(rows.reduce((n, r) => n + r.overdue, 0), now).toBe(expected);
    }
  });

  it('is empty without cases', () => {
    expect(topGrids([], NOW, { level: 3, rollup: ROLLUP })).toEqual({ rows: [], units: 0, outside: 0 });
  });
});

describe('incidentsPerHour', () => {
  it('buckets reports and closures into the 24 China-time hours ending with the current one', () => {
    const hours = incidentsPerHour(FIXTURE, NOW);
    expect(hours).toHaveLength(24);
    expect(hours[0]).toEqual({ from: t('04-30T16:00'), to: t('04-30T17:00'), hour: 16, reported: 1, closed: 0 }); // a3 (a6 at 15:59 is before)
    expect(hours[23]).toEqual({ from: t('05-01T15:00'), to: t('05-01T16:00'), hour: 15, reported: 2, closed: 1 }); // a4, r1; c2 closed
    expect(hours[16]).toMatchObject({ hour: 8, reported: 1, closed: 0 }); // c1 reported
    expect(hours[17]).toMatchObject({ hour: 9, reported: 1 }); // a2
    expect(hours[18]).toMatchObject({ hour: 10, reported: 0, closed: 1 }); // c1 closed
    expect(hours[22]).toMatchObject({ hour: 14, reported: 1 }); // a1
    expect(hours.reduce((n, h) => n + h.reported, 0)).toBe(6);
    expect(hours.reduce((n, h) => n + h.closed, 0)).toBe(2);
  });

  it('reads now in any offset and writes hours in the chosen one', () => {
    const z = incidentsPerHour(FIXTURE, '2024-05-01T07:20:00Z');
    expect(z.at(-1)?.from).toBe(t('05-01T15:00'));
    const india = incidentsPerHour([], NOW, { offsetMinutes: 330, hours: 3 });
    expect(india.map((h) => h.from)).toEqual(['2024-05-01T10:00:00+05:30', '2024-05-01T11:00:00+05:30', '2024-05-01T12:00:00+05:30']);
    expect(india.map((h) => h.hour)).toEqual([10, 11, 12]);
  });

  it('has empty hours without cases and none for an unreadable now', () => {
    const hours = incidentsPerHour([], NOW);
    expect(hours).toHaveLength(24);
    expect(hours.every((h) => h.reported === 0 && h.closed === 0)).toBe(true);
    expect(incidentsPerHour(FIXTURE, 'yesterday')).toEqual([]);
  });

  it('does not count a closedAt on a case that is not closed (reopened by a correction)', () => {
    const odd = makeIncident({ id: 'x', status: 'handling', reportedAt: t('04-01T00:00'), closedAt: t('05-01T15:01') });
    expect(incidentsPerHour([odd], NOW).reduce((n, h) => n + h.closed, 0)).toBe(0);
  });
});

describe('dashboardPeriod', () => {
  it('runs from midnight (China time) of today, 6 or 29 days ago, to now', () => {
    expect(dashboardPeriod('today', NOW)).toEqual({ from: t('05-01T00:00'), to: NOW });
    expect(dashboardPeriod('last7Days', NOW)).toEqual({ from: t('04-25T00:00'), to: NOW });
    expect(dashboardPeriod('last30Days', NOW)).toEqual({ from: t('04-02T00:00'), to: NOW });
  });

  it('takes the day of China time, whatever offset now is written in', () => {
    // 30 April 16:30 UTC is 1 May 00:30 in China.
    expect(dashboardPeriod('today', '2024-04-30T16:30:00Z')).toEqual({ from: t('05-01T00:00'), to: t('05-01T00:30') });
    expect(() => dashboardPeriod('today', 'now')).toThrow(/not an ISO time/);
  });
});

describe('indicatorTable', () => {
  const today = dashboardPeriod('today', NOW);

  it('gives the district row by the rules of computeIndicators', () => {
    const { all, rows } = indicatorTable(FIXTURE, today, { by: 'all' }, ROLLUP);
    expect(rows).toEqual([all]);
    // Reported today: a1, a2, a4, c1, r1. Registered today: a2, a4, c1 (a3 yesterday; a1 and r1 never).
    // Due: a2 and a4 (deadlines passed), c1 (closed). Closed: c1, on time, reworked, 2.5 h.
    expect(all).toMatchObject({ key: 'all', reported: 5, registered: 3, closed: 1, closedOnTime: 1, due: 3, reworked: 1, extended: 1 });
    expect(all.closureRate).toBeCloseTo(1 / 3);
    expect(all.onTimeClosureRate).toBeCloseTo(1 / 3);
    expect(all.reworkRate).toBe(1);
    expect(all.extensionRate).toBeCloseTo(1 / 3);
    expect(all.meanHoursToClose).toBe(2.5);
    // 100 × (0.3 × 1/3 + 0.4 × 1/3 + 0.2 × (1 − 1) + 0.1 × (1 − 1/3)) / 1.0 = 30
    expect(all.score).toBeCloseTo(30);
  });

  it('by department: the holder now; rates without a denominator are null', () => {
    const { rows } = indicatorTable(FIXTURE, today, { by: 'department' }, ROLLUP);
    expect(rows.map((r) => r.key)).toEqual(['water', null]);
    const [water, none] = rows;
    // water: a2 and a4, both due, neither closed.
    expect(water).toMatchObject({ reported: 2, registered: 2, closed: 0, due: 2, closureRate: 0, onTimeClosureRate: 0, reworkRate: null, extensionRate: 0.5, meanHoursToClose: null });
    // 100 × (0.3 × 0 + 0.4 × 0 + 0.1 × 0.5) / (0.3 + 0.4 + 0.1) = 6.25 (rework has no closed case: left out)
    expect(water.score).toBeCloseTo(6.25);
    // not with a department: a1, c1, r1.
    expect(none).toMatchObject({ reported: 3, registered: 1, closed: 1, closureRate: 1, onTimeClosureRate: 1, reworkRate: 1, extensionRate: 0 });
    expect(none.score).toBeCloseTo(80);
  });

  it('by grid level: rolled up like topGrids, busiest first', () => {
    const { rows, all } = indicatorTable(FIXTURE, today, { by: 'grid', level: 3 }, ROLLUP);
    expect(rows.map((r) => [r.key, r.reported, r.registered])).toEqual([
      ['S-01-01', 4, 2], // a1, a2, c1, r1; registered a2, c1
      ['S-01-Z1', 1, 1], // a4
    ]);
    expect(rows[0].closureRate).toBe(0.5);
    expect(rows[0].onTimeClosureRate).toBe(0.5);
    expect(all.reported).toBe(5);
  });

  it('a longer period takes in older cases', () => {
    const { all } = indicatorTable(FIXTURE, dashboardPeriod('last7Days', NOW), { by: 'all' }, ROLLUP);
    // + a3 (30 Apr), a5 (29 Apr), a6 (30 Apr), c2 (28 Apr): all registered at their report time.
    expect(all).toMatchObject({ reported: 9, registered: 7, closed: 2 });
  });

  it('has nulls for every rate and the score without cases', () => {
    const { all, rows } = indicatorTable([], today, { by: 'department' }, ROLLUP);
    expect(rows).toEqual([]);
    expect(all).toMatchObject({ reported: 0, registered: 0, closureRate: null, onTimeClosureRate: null, reworkRate: null, extensionRate: null, meanHoursToClose: null, score: null });
  });

  it('gives what computeIndicators gives over all the cases (the pre-selection drops nothing that counts)', () => {
    for (const name of ['today', 'last7Days', 'last30Days'] as const) {
      const period = dashboardPeriod(name, NOW);
      expect(indicatorTable(FIXTURE, period, { by: 'all' }, ROLLUP).all).toEqual(computeIndicators(FIXTURE, period)[0]);
      const byDept = indicatorTable(FIXTURE, period, { by: 'department' }, ROLLUP).rows;
      expect(new Set(byDept)).toEqual(new Set(computeIndicators(FIXTURE, period, { by: 'department' })));
    }
    expect(() => indicatorTable(FIXTURE, { from: 'x', to: NOW }, { by: 'all' }, ROLLUP)).toThrow(/period/);
  });

  it('takes any iterable', () => {
    const { all } = indicatorTable(new Set(FIXTURE), today, { by: 'all' }, ROLLUP);
    expect(all.reported).toBe(5);
  });
});
