import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '@core/demo';
import { fixesBetween } from '@core/patrol/tracks';
import { createAppStore } from '../app/app-store';
import { coverageInputsOf, coverageRequestOf, FIELD_ROLES, trackHistoryStart, TREND_DAYS } from './coverage-inputs';

const district = generateDemoDistrict();
const NOW = '2026-11-22T15:00:00+08:00';
const DAY_MS = 86_400_000;
const worker = district.staff.find((p) => p.role === 'grid_chief')!;
const grid = district.grids.find((g) => g.code === worker.gridCode)!;
const [LON, LAT] = (grid.geometry.type === 'Polygon' ? grid.geometry.coordinates[0][0] : grid.geometry.coordinates[0][0][0]) as number[];

/** Positions of `worker` every 10 s from `fromIso`, `count` of them, walking east. */
function positions(fromIso: string, count: number, seq0: number) {
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(Date.parse(fromIso) + i * 10_000).toISOString();
    return { raw: { kind: 'position', seq: seq0 + i, at, worker_id: worker.id, lon: LON + i * 0.00005, lat: LAT }, receivedAt: at };
  });
}

/** The demo district at NOW, with a walk 40 days ago, one yesterday and one today, and a logged visit. */
function loadedStore() {
  const app = createAppStore();
  app.dispatch({ type: 'districtLoaded', district });
  // The clock first: positions from the future are rejected.
  app.dispatch({ type: 'incidentClockTicked', now: NOW });
  app.dispatch({ type: 'feedBatchReceived', batch: positions('2026-10-13T10:00:00+08:00', 5, 1) });
  app.dispatch({ type: 'feedBatchReceived', batch: positions('2026-11-21T10:00:00+08:00', 20, 100) });
  app.dispatch({ type: 'feedBatchReceived', batch: positions('2026-11-22T14:00:00+08:00', 30, 200) });
  const at = '2026-11-22T14:30:00+08:00';
  const building = district.buildings[0];
  app.dispatch({ type: 'feedBatchReceived', batch: [{ raw: { kind: 'visit', seq: 300, at, worker_id: worker.id, building_id: building.id, duration_s: 240 }, receivedAt: at }] });
  return app;
}

describe('coverageRequestOf', () => {
  it('takes the window from the view at the state clock, and the settings in ms', () => {
    const app = loadedStore();
    app.dispatch({ type: 'patrolSettingsChanged', settings: { radiusM: 40, visitRadiusM: 20, visitMinStayMin: 5, unvisitedDays: 14 } });
    const request = coverageRequestOf(app.getState())!;
    expect(request).toEqual({
      from: Date.parse('2026-11-22T00:00:00+08:00'),
      to: Date.parse(NOW),
      nowMs: Date.parse(NOW),
      radiusM: 40,
      visitRadiusM: 20,
      visitMinStayMs: 5 * 60_000,
      unvisitedDays: 14,
      trendDays: TREND_DAYS,
    });
    app.dispatch({ type: 'patrolPeriodChanged', period: 'custom', from: '2026-11-20T08:00:00+08:00', to: '2026-11-21T08:00:00+08:00' });
    const custom = coverageRequestOf(app.getState())!;
    expect([custom.from, custom.to]).toEqual([Date.parse('2026-11-20T08:00:00+08:00'), Date.parse('2026-11-21T08:00:00+08:00')]);
  });

  it('is null for a custom period with no bounds yet', () => {
    const app = loadedStore();
    app.dispatch({ type: 'patrolPeriodChanged', period: 'custom' });
    expect(app.getState().patrolView.period).toBe('custom');
    expect(coverageRequestOf(app.getState())).toBeNull();
  });
});

describe('coverageInputsOf', () => {
  it('turns the district into units, buildings and field workers', () => {
    const state = loadedStore().getState();
    const { inputs } = coverageInputsOf(state, coverageRequestOf(state)!)!;
    expect(inputs.units.map((u) => u.code)).toEqual(district.grids.map((g) => g.code));
    expect(inputs.units.find((u) => u.code === grid.code)).toMatchObject({ level: grid.level, kind: grid.kind, parentCode: grid.parentCode, geometry: grid.geometry });
    expect(inputs.buildings).toHaveLength(district.buildings.length);
    expect(inputs.buildings[0]).toEqual({ id: district.buildings[0].id, gridCode: district.buildings[0].gridCode, entrances: district.buildings[0].entrances, households: district.buildings[0].households });
    const field = district.staff.filter((p) => FIELD_ROLES.includes(p.role));
    expect(field.length).toBeGreaterThan(0);
    expect(field.length).toBeLessThan(district.staff.length);
    expect(inputs.workers).toEqual(field.map((p) => ({ id: p.id, gridCode: p.gridCode })));
    expect(inputs.reportedVisits).toEqual([{ workerId: worker.id, buildingId: district.buildings[0].id, t: Date.parse('2026-11-22T14:30:00+08:00'), durationMs: 240_000 }]);
    expect(inputs.reportedVisits).not.toBe(state.patrol.visits);
  });

  it('copies the tracks back to unvisitedDays before now, into buffers of their own to transfer', () => {
    const state = loadedStore().getState();
    const request = coverageRequestOf(state)!;
    expect(trackHistoryStart(request)).toBe(request.nowMs - 31 * DAY_MS);
    const { inputs, transfer } = coverageInputsOf(state, request)!;
    const track = inputs.tracks.find((t) => t.workerId === worker.id)!;
    // Yesterday's 20 and today's 30 fixes; the walk 40 days ago is past any figure.
    expect(track.t).toHaveLength(50);
    expect(track.t[0]).toBe(Date.parse('2026-11-21T10:00:00+08:00'));
    const lon = track.lon as Float64Array;
    const live = fixesBetween(state.patrol.tracks, worker.id);
    expect(lon.buffer).not.toBe(live.lon.buffer);
    expect(lon.byteLength).toBe(lon.buffer.byteLength); // the whole buffer is this track: nothing else travels
    expect(transfer).toEqual(expect.arrayContaining([lon.buffer, (track.lat as Float64Array).buffer, (track.t as Float64Array).buffer]));
    expect(transfer).toHaveLength(3 * inputs.tracks.length);
    // A longer memory reaches the older walk.
    const { inputs: older } = coverageInputsOf(state, { ...request, unvisitedDays: 60 })!;
    expect(older.tracks.find((t) => t.workerId === worker.id)!.t).toHaveLength(55);
  });

  it('is null without a district', () => {
    const app = createAppStore();
    const request = { from: 0, to: 1, nowMs: 1, radiusM: 25, visitRadiusM: 15, visitMinStayMs: 1, unvisitedDays: 30, trendDays: 7 };
    expect(coverageInputsOf(app.getState(), request)).toBeNull();
  });
});
