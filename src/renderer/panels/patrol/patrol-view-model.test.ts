import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '@core/demo';
import { buildHierarchyIndex } from '@core/hierarchy';
import type { GridCode, Staff, StaffId } from '@core/model';
import type { CoverageReport, WorkerActivity } from '@core/patrol/coverage-report';
import { initialPatrolState, patrolMessagesReceived, STALE_AFTER_MS, type WorkerPositionView } from '@core/patrol/patrol-state';
import type { PositionMessage } from '@core/feed/protocol';
import type { PositionRejection } from '@core/patrol/positions';
import {
  chinaClock,
  chinaDayClock,
  dailyReportRows,
  formatDuration,
  formatKm,
  formatShare,
  fromChinaLocalInput,
  outsideRows,
  patrolKpis,
  rankingBars,
  rankingTable,
  recentRejections,
  rejectionCounts,
  reportSummary,
  toChinaLocalInput,
  trendView,
  withinFn,
  workerRows,
  workerState,
} from './patrol-view-model';

const district = generateDemoDistrict();
const hierarchy = buildHierarchyIndex(district.grids);
const staffById = new Map(district.staff.map((s) => [s.id, s]));
const nameOf = (code: GridCode): string => hierarchy.get(code)?.name ?? code;
const root = district.grids.find((g) => g.level === 1)!;
const grids3 = district.grids.filter((g) => g.level === 3 && g.kind === 'base');

const activity = (workerId: string, over: Partial<WorkerActivity> = {}): WorkerActivity => ({
  workerId,
  ownGrid: null,
  distanceM: 0,
  insideOwnGridMs: 0,
  outsideOwnGridMs: 0,
  untrackedMs: 0,
  fixes: 0,
  visits: 0,
  buildingsVisited: 0,
  ...over,
});

/** A hand-made report: every unit's coverage from `shares` (0.5 when absent), buildings and trend as given. */
function report(shares: Record<string, number>, extra: Partial<CoverageReport> = {}): CoverageReport {
  return {
    from: 0,
    to: 1,
    nowMs: 1,
    radiusM: 25,
    unvisitedDays: 30,
    units: district.grids.map((g) => {
      const share = shares[g.code] ?? 0.5;
      return { code: g.code, level: g.level, areaM2: 100, coveredM2: share * 100, coveredShare: share, buildings: 10, visitedBuildings: Math.round(share * 10), visitedShare: share, unvisitedBuildings: 10 - Math.round(share * 10) };
    }),
    buildings: [],
    workers: [],
    gapImage: null,
    trend: { dates: [], byUnit: {} },
    fixesInWindow: 0,
    elapsedMs: 0,
    ...extra,
  };
}

describe('grid ranking', () => {
  it('sorts base units of a level by coverage either way, leaving out dedicated grids', () => {
    const r = report({ [grids3[2].code]: 0.1, [grids3[0].code]: 0.2, [grids3[1].code]: 0.9 });
    const asc = rankingTable(r, district, 3, { key: 'coverage', dir: 'asc' }, nameOf);
    expect(asc).toHaveLength(grids3.length);
    expect(asc.slice(0, 2).map((x) => x.code)).toEqual([grids3[2].code, grids3[0].code]);
    expect(asc[0]).toMatchObject({ name: grids3[2].name, coveredPct: 10, visitedPct: 10, unvisited: 9 });
    const desc = rankingTable(r, district, 3, { key: 'coverage', dir: 'desc' }, nameOf);
    expect(desc[0].code).toBe(grids3[1].code);
    expect(desc.at(-1)?.code).toBe(grids3[2].code);
    const micro = rankingTable(r, district, 4, { key: 'coverage', dir: 'asc' }, nameOf);
    expect(micro.length).toBeGreaterThan(0);
    expect(micro.every((row) => hierarchy.get(row.code)?.kind === 'base' && hierarchy.get(row.code)?.level === 4)).toBe(true);
  });

  it('the chart draws the lowest rows, lowest first, with the percentages the table shows, whatever the table order', () => {
    const shares = Object.fromEntries(grids3.map((g, i) => [g.code, ((i * 37) % 100) / 100 + 0.003]));
    const r = report(shares);
    const table = rankingTable(r, district, 3, { key: 'unvisited', dir: 'desc' }, nameOf);
    const bars = rankingBars(table, 5);
    expect(bars).toHaveLength(Math.min(5, grids3.length));
    for (let k = 1; k < bars.length; k++) expect(bars[k].pct).toBeGreaterThanOrEqual(bars[k - 1].pct);
    const byCode = new Map(table.map((row) => [row.code, row]));
    for (const bar of bars) expect(bar.pct).toBe(byCode.get(bar.code)?.coveredPct);
    // No row outside the bars has a lower coverage than the highest bar.
    const shown = new Set(bars.map((b) => b.code));
    const maxShown = Math.max(...bars.map((b) => shares[b.code]));
    expect(table.filter((row) => !shown.has(row.code)).every((row) => row.coveredShare >= maxShown)).toBe(true);
  });

  it('a unit without buildings sorts last by visited share in both directions', () => {
    const r = report({});
    r.units = r.units.map((u) => (u.code === grids3[0].code ? { ...u, buildings: 0, visitedBuildings: 0, visitedShare: null } : u));
    for (const dir of ['asc', 'desc'] as const) expect(rankingTable(r, district, 3, { key: 'visited', dir }, nameOf).at(-1)?.code).toBe(grids3[0].code);
  });
});

describe('daily reports', () => {
  it('lists missing first after the cutoff, pending before it, and counts what was sent', () => {
    const reports = [
      { gridCode: grids3[0].code, date: '2026-11-22', at: '2026-11-22T08:30:00+08:00', by: 'x', nothingToReport: true },
      { gridCode: grids3[1].code, date: '2026-11-22', at: '2026-11-22T08:40:00+08:00', by: 'y', nothingToReport: false },
    ];
    const after = dailyReportRows(district, reports, Date.parse('2026-11-22T11:00:00+08:00'), 10);
    expect(after).toHaveLength(grids3.length);
    expect(after.filter((r) => r.missing)).toHaveLength(grids3.length - 2);
    expect(after.slice(-2).map((r) => r.gridCode).sort()).toEqual([grids3[0].code, grids3[1].code].sort());
    expect(reportSummary(after)).toEqual({ reported: 2, nothing: 1, matters: 1, missing: grids3.length - 2, pending: 0 });
    const before = dailyReportRows(district, reports, Date.parse('2026-11-22T09:00:00+08:00'), 10);
    expect(reportSummary(before)).toEqual({ reported: 2, nothing: 1, matters: 1, missing: 0, pending: grids3.length - 2 });
  });
});

describe('workers', () => {
  const field = district.staff.filter((s) => s.role === 'grid_chief' || s.role === 'grid_worker');
  const [a, b, c] = field;
  const pos = (workerId: string, stale: boolean, outsideOwnGrid: boolean): WorkerPositionView => ({ workerId, fix: { lngLat: [0, 0], t: 0, unit: null }, stale, outsideOwnGrid });

  it('lists every field worker, with figures where the report has them, those without last', () => {
    const r = report({}, { workers: [activity(a.id, { distanceM: 100, visits: 3 }), activity(b.id, { distanceM: 900, visits: 1 })] });
    const rows = workerRows(district.staff, r, [], { key: 'distance', dir: 'desc' });
    expect(rows).toHaveLength(field.length);
    expect(rows.slice(0, 2).map((w) => w.workerId)).toEqual([b.id, a.id]);
    expect(rows[2].activity).toBeNull();
    const asc = workerRows(district.staff, r, [], { key: 'distance', dir: 'asc' });
    expect(asc.slice(0, 2).map((w) => w.workerId)).toEqual([a.id, b.id]);
    expect(asc.at(-1)?.activity).toBeNull();
    expect(workerRows(district.staff, r, [], { key: 'visits', dir: 'desc' })[0].workerId).toBe(a.id);
    // Without a report every field worker is still listed, by name.
    const byName = workerRows(district.staff, null, [], { key: 'name', dir: 'asc' });
    expect(byName).toHaveLength(field.length);
    const names = byName.map((w) => w.staff?.name ?? '');
    expect(names).toEqual([...names].sort((x, y) => x.localeCompare(y, 'zh')));
    // No one who is not a field worker.
    expect(byName.every((w) => w.staff?.role === 'grid_chief' || w.staff?.role === 'grid_worker')).toBe(true);
  });

  it('gives each worker a state from their latest position', () => {
    expect(workerState(undefined)).toBe('none');
    expect(workerState(pos('x', true, true))).toBe('stale');
    expect(workerState(pos('x', false, true))).toBe('outside');
    expect(workerState(pos('x', false, false))).toBe('fresh');
    const rows = workerRows(district.staff, null, [pos(c.id, false, true)], { key: 'name', dir: 'asc' });
    expect(rows.find((w) => w.workerId === c.id)?.state).toBe('outside');
  });

  it('counts the KPI tiles from the report, the positions and the reports', () => {
    const r = report({ [root.code]: 0.42 });
    const k = patrolKpis(r, [pos('a', false, false), pos('b', false, true), pos('c', true, true)], [
      { gridCode: grids3[0].code, report: null, missing: true, pending: false },
      { gridCode: grids3[1].code, report: null, missing: false, pending: true },
    ]);
    expect(k).toEqual({ coveredShare: 0.42, visitedShare: 0.42, onDuty: 2, stale: 1, outside: 1, missingReports: 1 });
    expect(patrolKpis(null, [], [])).toMatchObject({ coveredShare: null, visitedShare: null });
  });
});

describe('workers outside their own grid', () => {
  // Two workers of different level-3 grids; each is placed in a micro-grid of their own or the other's grid.
  const workerIn = (g: (typeof grids3)[number]): Staff => district.staff.find((s) => (s.role === 'grid_chief' || s.role === 'grid_worker') && s.gridCode === g.code)!;
  const microOf = (g: (typeof grids3)[number]) => hierarchy.children(g.code).find((m) => m.kind === 'base')!;
  const [g1, g2] = grids3;
  const w1 = workerIn(g1);
  const w2 = workerIn(g2);
  const w3 = district.staff.filter((s) => s.gridCode === g2.code && s.id !== w2.id && (s.role === 'grid_worker' || s.role === 'grid_chief'))[0] ?? workerIn(grids3[2]);
  const now = Date.parse('2026-11-22T10:00:00+08:00');
  const at = (ms: number): string => new Date(ms).toISOString();
  const msg = (worker: Staff, t: number): PositionMessage => ({ kind: 'position', seq: t, worker_id: worker.id, lon: 113.6, lat: 34.75, at: at(t) });
  const locate = (unit: GridCode) => (): GridCode => unit;

  it('lists fresh fixes outside first, then recent stale ones, and leaves out those inside or long silent', () => {
    let patrol = initialPatrolState();
    const ctx = (unit: GridCode) => ({ knownWorker: () => true, locate: locate(unit), nowMs: now });
    // w1 inside own grid now; w2 in g1 (outside) now; w3 outside 20 minutes ago (stale); another outside 3 h ago.
    patrol = patrolMessagesReceived(patrol, [msg(w1, now - 10_000)], ctx(microOf(g1).code));
    patrol = patrolMessagesReceived(patrol, [msg(w2, now - 65_000)], ctx(microOf(g1).code));
    patrol = patrolMessagesReceived(patrol, [msg(w3, now - 20 * 60_000)], ctx(microOf(g1).code));
    const rows = outsideRows(patrol, now, staffById, hierarchy);
    expect(rows.map((r) => [r.workerId, r.stale, r.minutesAgo])).toEqual([
      [w2.id, false, 1],
      [w3.id, true, 20],
    ]);
    expect(rows[0]).toMatchObject({ ownGrid: g2.code, unit: microOf(g1).code });
    expect(outsideRows(patrol, now + 3 * 3_600_000, staffById, hierarchy)).toEqual([]);
    expect(STALE_AFTER_MS).toBeLessThan(20 * 60_000);
  });

  it('knows what lies within a grid', () => {
    const micro = district.grids.find((g) => g.level === 4)!;
    const within = withinFn(hierarchy);
    expect(within(micro.code, micro.parentCode!)).toBe(true);
    expect(within(micro.code, root.code)).toBe(true);
    expect(within(micro.parentCode!, micro.code)).toBe(false);
  });
});

describe('trend', () => {
  const dates = ['2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'];
  const series = (v: number): number[] => dates.map((_, i) => v + i / 100);
  const byUnit: Record<GridCode, number[]> = Object.fromEntries([root, ...grids3].map((g, i) => [g.code, series(i / 20)]));

  it('draws the selected grid of level 1–3 with the district, over the last 7 days', () => {
    const r = report({}, { trend: { dates, byUnit } });
    const v = trendView(r, district, hierarchy, grids3[1].code);
    expect(v.codes).toEqual([root.code, grids3[1].code]);
    expect(v.points.map((p) => p.date)).toEqual(dates.slice(2).map((d) => d.slice(5)));
    expect(v.points[0][grids3[1].code]).toBe(Math.round(byUnit[grids3[1].code][2] * 100));
    expect(trendView(r, district, hierarchy, root.code).codes).toEqual([root.code]);
  });

  it('without a grid selected (or a micro-grid), the district and the three lowest grids of the window', () => {
    const shares = Object.fromEntries(grids3.map((g, i) => [g.code, 0.9 - i / 100]));
    const r = report(shares, { trend: { dates, byUnit } });
    const lowest = [...grids3].reverse().slice(0, 3).map((g) => g.code);
    expect(trendView(r, district, hierarchy, null).codes).toEqual([root.code, ...lowest]);
    const micro = district.grids.find((g) => g.level === 4)!;
    expect(trendView(r, district, hierarchy, micro.code).codes).toEqual([root.code, ...lowest]);
  });
});

describe('rejections', () => {
  it('counts per code, most first, unknown codes kept; the last few newest first', () => {
    expect(rejectionCounts({ too_fast: 2, future: 0, stale: 5, something_new: 1 })).toEqual([
      { code: 'stale', count: 5 },
      { code: 'too_fast', count: 2 },
      { code: 'something_new', count: 1 },
    ]);
    const rej = (i: number): PositionRejection => ({ code: 'stale', workerId: `w${i}`, at: '2026-11-22T08:00:00+08:00', params: { behindS: i } });
    const list = Array.from({ length: 12 }, (_, i) => rej(i));
    expect(recentRejections(list, 3).map((r) => r.workerId)).toEqual(['w11', 'w10', 'w9']);
    expect(recentRejections([])).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats durations, distances, shares and China times', () => {
    expect(formatDuration(125 * 60_000)).toBe('2:05');
    expect(formatDuration(30 * 3_600_000)).toBe('30:00');
    expect(formatDuration(-5)).toBe('0:00');
    expect(formatKm(12_345)).toBe('12.3');
    expect(formatShare(0.374)).toBe('37%');
    expect(formatShare(null)).toBe('—');
    const ms = Date.parse('2026-11-22T01:30:00Z');
    expect(chinaClock(ms)).toBe('09:30');
    expect(chinaDayClock('2026-11-22T01:30:00Z')).toBe('11-22 09:30');
    expect(chinaDayClock('not a time')).toBe('—');
    expect(toChinaLocalInput(ms)).toBe('2026-11-22T09:30');
    expect(fromChinaLocalInput('2026-11-22T09:30')).toBe('2026-11-22T09:30:00+08:00');
    expect(fromChinaLocalInput('2026-02-30T09:30')).toBeNull();
    expect(fromChinaLocalInput('')).toBeNull();
    expect(staffById.get(district.staff[0].id as StaffId)).toBeDefined();
  });
});
