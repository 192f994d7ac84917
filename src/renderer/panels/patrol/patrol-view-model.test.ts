import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '@core/demo';
import { buildHierarchyIndex } from '@core/hierarchy';
import type { CoverageReport } from '@core/patrol/coverage-report';
import { chinaClock, dailyReportRows, formatDuration, formatShare, fromChinaLocalInput, rankingRows, toChinaLocalInput, withinFn, workerRows } from './patrol-view-model';

const district = generateDemoDistrict();

const report = (shares: Record<string, number>): CoverageReport => ({
  from: 0,
  to: 1,
  nowMs: 1,
  radiusM: 25,
  unvisitedDays: 30,
  units: district.grids.map((g) => ({ code: g.code, level: g.level, areaM2: 1, coveredM2: shares[g.code] ?? 0.5, coveredShare: shares[g.code] ?? 0.5, buildings: 0, visitedBuildings: 0, visitedShare: null, unvisitedBuildings: 0 })),
  buildings: [],
  workers: [
    { workerId: 'a', ownGrid: null, distanceM: 100, insideOwnGridMs: 0, outsideOwnGridMs: 5, untrackedMs: 0, fixes: 1, visits: 2, buildingsVisited: 1 },
    { workerId: 'b', ownGrid: null, distanceM: 900, insideOwnGridMs: 0, outsideOwnGridMs: 1, untrackedMs: 0, fixes: 1, visits: 0, buildingsVisited: 0 },
  ],
  gapImage: null,
  trend: { dates: [], byUnit: {} },
  fixesInWindow: 0,
  elapsedMs: 0,
});

describe('patrol view model', () => {
  it('ranks base units of a level by coverage, lowest first, leaving out dedicated grids', () => {
    const grids3 = district.grids.filter((g) => g.level === 3 && g.kind === 'base');
    const rows = rankingRows(report({ [grids3[2].code]: 0.1, [grids3[0].code]: 0.2 }), district, 3);
    expect(rows.map((r) => r.code).slice(0, 2)).toEqual([grids3[2].code, grids3[0].code]);
    expect(rows).toHaveLength(grids3.length);
    expect(rankingRows(report({}), district, 4).every((r) => district.grids.find((g) => g.code === r.code)?.kind === 'base')).toBe(true);
  });

  it('lists daily reports missing first after the cutoff, and pending before it', () => {
    const grids = district.grids.filter((g) => g.level === 3 && g.kind === 'base');
    const reports = [{ gridCode: grids[0].code, date: '2026-11-22', at: '2026-11-22T08:30:00+08:00', by: 'x', nothingToReport: true }];
    const after = dailyReportRows(district, reports, Date.parse('2026-11-22T11:00:00+08:00'), 10);
    expect(after).toHaveLength(grids.length);
    expect(after.filter((r) => r.missing)).toHaveLength(grids.length - 1);
    expect(after.at(-1)?.gridCode).toBe(grids[0].code);
    const before = dailyReportRows(district, reports, Date.parse('2026-11-22T09:00:00+08:00'), 10);
    expect(before.filter((r) => r.missing)).toHaveLength(0);
    expect(before.filter((r) => r.pending)).toHaveLength(grids.length - 1);
  });

  it('sorts workers by distance, outside time or visits', () => {
    const r = report({});
    expect(workerRows(r, new Map(), [], 'distance').map((w) => w.activity.workerId)).toEqual(['b', 'a']);
    expect(workerRows(r, new Map(), [], 'outside').map((w) => w.activity.workerId)).toEqual(['a', 'b']);
    expect(workerRows(r, new Map(), [], 'visits').map((w) => w.activity.workerId)).toEqual(['a', 'b']);
  });

  it('knows what lies within a grid', () => {
    const h = buildHierarchyIndex(district.grids);
    const micro = district.grids.find((g) => g.level === 4)!;
    const within = withinFn(h);
    expect(within(micro.code, micro.parentCode!)).toBe(true);
    expect(within(micro.parentCode!, micro.code)).toBe(false);
  });

  it('formats durations, shares and China times', () => {
    expect(formatDuration(125 * 60_000)).toBe('2:05');
    expect(formatDuration(30 * 3_600_000)).toBe('30:00');
    expect(formatShare(0.374)).toBe('37%');
    expect(formatShare(null)).toBe('—');
    const ms = Date.parse('2026-11-22T01:30:00Z');
    expect(chinaClock(ms)).toBe('09:30');
    expect(toChinaLocalInput(ms)).toBe('2026-11-22T09:30');
    expect(fromChinaLocalInput('2026-11-22T09:30')).toBe('2026-11-22T09:30:00+08:00');
    expect(fromChinaLocalInput('')).toBeNull();
  });
});
