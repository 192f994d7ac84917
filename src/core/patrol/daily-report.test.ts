import { describe, expect, it } from 'vitest';
import type { GridCode } from '../model';
import { chinaDate, chinaDayHour, reportStatus, type DailyReport } from './daily-report';

const g = (c: string) => c as GridCode;
const report = (gridCode: string, date: string, at: string, over: Partial<DailyReport> = {}): DailyReport => ({
  gridCode: g(gridCode),
  date,
  at,
  by: '王五',
  nothingToReport: true,
  ...over,
});

describe('零上报: daily reports', () => {
  it('counts days in China time, whatever the instant is written in', () => {
    expect(chinaDate(Date.parse('2026-11-21T16:00:00Z'))).toBe('2026-11-22');
    expect(chinaDate(Date.parse('2026-11-21T15:59:59Z'))).toBe('2026-11-21');
    expect(chinaDayHour('2026-11-22', 10)).toBe(Date.parse('2026-11-22T02:00:00Z'));
    expect(() => chinaDayHour('2026-13-40', 10)).toThrow(RangeError);
  });

  it('flags a grid without today’s report only once the cutoff has passed', () => {
    const grids = [g('A'), g('B'), g('C')];
    const reports = [
      report('A', '2026-11-22', '2026-11-22T08:10:00+08:00'),
      report('B', '2026-11-21', '2026-11-21T09:00:00+08:00'), // yesterday's: does not count
      report('Z', '2026-11-22', '2026-11-22T08:00:00+08:00'), // not one of ours
    ];
    const before = reportStatus(grids, reports, Date.parse('2026-11-22T09:59:00+08:00'));
    expect(before.map((s) => [s.gridCode, s.missing, s.pending])).toEqual([
      ['A', false, false],
      ['B', false, true],
      ['C', false, true],
    ]);
    const after = reportStatus(grids, reports, Date.parse('2026-11-22T10:00:00+08:00'));
    expect(after.filter((s) => s.missing).map((s) => s.gridCode)).toEqual(['B', 'C']);
    // A centre with an 8 o'clock cutoff flags them earlier.
    expect(reportStatus(grids, reports, Date.parse('2026-11-22T09:00:00+08:00'), 8).filter((s) => s.missing)).toHaveLength(2);
  });

  it('keeps the latest of several reports by instant, not by text', () => {
    const reports = [
      report('A', '2026-11-22', '2026-11-22T09:00:00+08:00', { nothingToReport: true }),
      report('A', '2026-11-22', '2026-11-22T02:30:00Z', { nothingToReport: false, note: '3号楼漏水' }), // 10:30 China time
    ];
    const [a] = reportStatus([g('A')], reports, Date.parse('2026-11-22T12:00:00+08:00'));
    expect(a.report?.note).toBe('3号楼漏水');
  });

  it('refuses a cutoff that is not an hour of the day', () => {
    expect(() => reportStatus([g('A')], [], Date.now(), 24)).toThrow(RangeError);
    expect(() => reportStatus([g('A')], [], Number.NaN)).toThrow(RangeError);
  });
});
