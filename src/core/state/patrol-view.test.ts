import { describe, expect, it } from 'vitest';
import type { CoverageReport } from '../patrol/coverage-report';
import {
  coverageComputed,
  coverageFailed,
  coverageProgressed,
  coverageRunStarted,
  coverageWindow,
  DEFAULT_PATROL_SETTINGS,
  initialPatrolView,
  isPatrolSettingValid,
  patrolLayerToggled,
  patrolPeriodChanged,
  patrolSettingsChanged,
  workerTrackShown,
} from './patrol-view';

const HOUR = 3_600_000;
const report = (from: number): CoverageReport => ({
  from,
  to: from + HOUR,
  nowMs: from + HOUR,
  radiusM: 25,
  unvisitedDays: 30,
  units: [],
  buildings: [],
  workers: [],
  gapImage: null,
  trend: { dates: [], byUnit: {} },
  fixesInWindow: 0,
  elapsedMs: 1,
});

describe('coverageWindow', () => {
  // Sunday 2026-11-22 15:30 China time.
  const now = Date.parse('2026-11-22T15:30:00+08:00');

  it('today runs from 00:00 China time to now, whatever the machine time zone', () => {
    const w = coverageWindow({ period: 'today', customFrom: null, customTo: null }, now);
    expect(w).toEqual({ from: Date.parse('2026-11-22T00:00:00+08:00'), to: now });
  });

  it('just after midnight China time is already the new day (UTC is still the day before)', () => {
    const early = Date.parse('2026-11-23T00:10:00+08:00');
    expect(coverageWindow({ period: 'today', customFrom: null, customTo: null }, early)?.from).toBe(Date.parse('2026-11-23T00:00:00+08:00'));
  });

  it('this week starts on Monday 00:00 China time', () => {
    expect(coverageWindow({ period: 'week', customFrom: null, customTo: null }, now)?.from).toBe(Date.parse('2026-11-16T00:00:00+08:00'));
    const monday = Date.parse('2026-11-23T09:00:00+08:00');
    expect(coverageWindow({ period: 'week', customFrom: null, customTo: null }, monday)?.from).toBe(Date.parse('2026-11-23T00:00:00+08:00'));
  });

  it('custom uses its bounds, and is null when unset or inverted', () => {
    const from = '2026-11-20T08:00:00+08:00';
    const to = '2026-11-20T18:00:00+08:00';
    expect(coverageWindow({ period: 'custom', customFrom: from, customTo: to }, now)).toEqual({ from: Date.parse(from), to: Date.parse(to) });
    expect(coverageWindow({ period: 'custom', customFrom: null, customTo: to }, now)).toBeNull();
    expect(coverageWindow({ period: 'custom', customFrom: to, customTo: from }, now)).toBeNull();
  });
});

describe('patrol view updaters', () => {
  it('refuses a custom period that ends before it starts', () => {
    const v = initialPatrolView();
    expect(patrolPeriodChanged(v, 'custom', '2026-11-20T10:00:00+08:00', '2026-11-20T09:00:00+08:00')).toBe(v);
    const ok = patrolPeriodChanged(v, 'custom', '2026-11-20T09:00:00+08:00', '2026-11-20T10:00:00+08:00');
    expect(ok.period).toBe('custom');
    expect(ok.customTo).toBe('2026-11-20T10:00:00+08:00');
  });

  it('settings outside their bounds are ignored, valid ones applied', () => {
    const v = initialPatrolView();
    expect(patrolSettingsChanged(v, { radiusM: 0 })).toBe(v);
    expect(patrolSettingsChanged(v, { radiusM: Number.NaN })).toBe(v);
    expect(patrolSettingsChanged(v, { reportCutoffHour: 9.5 })).toBe(v);
    const next = patrolSettingsChanged(v, { radiusM: 40, unvisitedDays: 1000 });
    expect(next.settings).toEqual({ ...DEFAULT_PATROL_SETTINGS, radiusM: 40 });
    expect(isPatrolSettingValid('visitMinStayMin', 3)).toBe(true);
    expect(isPatrolSettingValid('visitMinStayMin', 0.5)).toBe(false);
  });

  it('progress and results of an older run are ignored', () => {
    let v = coverageRunStarted(initialPatrolView(), 1);
    v = coverageRunStarted(v, 2);
    expect(coverageProgressed(v, 1, 0.5)).toBe(v);
    v = coverageProgressed(v, 2, 0.5);
    expect(v.run.fraction).toBe(0.5);
    expect(coverageComputed(v, 1, report(0))).toBe(v);
    const done = coverageComputed(v, 2, report(0));
    expect(done.run.status).toBe('done');
    expect(done.report?.from).toBe(0);
    // A failure keeps the last good report on the map.
    const failed = coverageFailed(coverageRunStarted(done, 3), 3, 'out of memory');
    expect(failed.run).toMatchObject({ status: 'failed', error: 'out of memory' });
    expect(failed.report).toBe(done.report);
  });

  it('toggles layers and refuses an empty track window', () => {
    const v = initialPatrolView();
    expect(patrolLayerToggled(v, 'gaps').layers.gaps).toBe(!v.layers.gaps);
    expect(patrolLayerToggled(v, 'reports', v.layers.reports)).toBe(v);
    expect(workerTrackShown(v, { workerId: 'st-1', from: '2026-11-22T10:00:00+08:00', to: '2026-11-22T10:00:00+08:00' })).toBe(v);
    expect(workerTrackShown(v, { workerId: 'st-1', from: '2026-11-22T09:00:00+08:00', to: '2026-11-22T10:00:00+08:00' }).track?.workerId).toBe('st-1');
  });
});
