import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '@core/demo';
import type { CoverageReport } from '@core/patrol/coverage-report';
import type { AppAction } from '@core/state';
import { createAppStore, type AppStore } from '../app/app-store';
import type { CoverageWorkerLike } from './coverage-client';
import type { CoverageRunMessage, CoverageWorkerResponse } from './coverage-protocol';
import { handleCoverageMessage } from './coverage-worker-core';
import { LIVE_REFRESH_MS, startCoverageRunner } from './coverage-runner';

const district = generateDemoDistrict();
const NOW = '2026-11-22T15:00:00+08:00';
const grid_chief = district.staff.find((p) => p.role === 'grid_chief')!;

/** A store with the demo district loaded, its clock at NOW and one worker's short walk. */
function loadedStore(): AppStore {
  const app = createAppStore();
  app.dispatch({ type: 'districtLoaded', district });
  app.dispatch({ type: 'incidentClockTicked', now: NOW });
  const grid = district.grids.find((g) => g.code === grid_chief.gridCode)!;
  const [lon, lat] = (grid.geometry.type === 'Polygon' ? grid.geometry.coordinates[0][0] : grid.geometry.coordinates[0][0][0]) as number[];
  const batch = Array.from({ length: 30 }, (_, i) => {
    const at = new Date(Date.parse('2026-11-22T14:00:00+08:00') + i * 10_000).toISOString();
    return { raw: { kind: 'position', seq: i + 1, at, worker_id: grid_chief.id, lon: lon + i * 0.00005, lat }, receivedAt: at };
  });
  app.dispatch({ type: 'feedBatchReceived', batch });
  return app;
}

/** One more fix for the first tracked worker, 10 s after their latest. */
function nextFix(app: AppStore, seq: number): void {
  const [id, fix] = [...app.getState().patrol.latest.entries()][0];
  const at = new Date(fix.t + 10_000).toISOString();
  app.dispatch({ type: 'feedBatchReceived', batch: [{ raw: { kind: 'position', seq, at, worker_id: id, lon: fix.lngLat[0], lat: fix.lngLat[1] }, receivedAt: at }] });
}

/** Records the coverage actions the runner dispatches. */
function coverageActions(app: AppStore): AppAction[] {
  const log: AppAction[] = [];
  const dispatch = app.dispatch.bind(app);
  app.dispatch = (action) => {
    if (action.type.startsWith('coverage')) log.push(action);
    dispatch(action);
  };
  return log;
}

/** Fake workers that answer only when the test says: `finish(i)` runs worker i's message for real. */
function workerPool() {
  const made: { worker: CoverageWorkerLike; message: CoverageRunMessage | null; terminated: boolean }[] = [];
  const create = (): CoverageWorkerLike => {
    const entry = { worker: null as unknown as CoverageWorkerLike, message: null as CoverageRunMessage | null, terminated: false };
    entry.worker = {
      onmessage: null,
      onerror: null,
      postMessage(message) {
        entry.message = message;
      },
      terminate() {
        entry.terminated = true;
      },
    };
    made.push(entry);
    return entry.worker;
  };
  const finish = (i: number, reply?: CoverageWorkerResponse): void => {
    const { worker, message } = made[i];
    if (reply) worker.onmessage?.({ data: reply } as MessageEvent<CoverageWorkerResponse>);
    else handleCoverageMessage(message, (m) => worker.onmessage?.({ data: m } as MessageEvent<CoverageWorkerResponse>));
  };
  return { made, create, finish };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('startCoverageRunner', () => {
  it('computes only while someone looks, and again when the settings change', async () => {
    const app = loadedStore();
    const stop = startCoverageRunner(app, { createWorker: null, pollMs: 1_000_000 });
    await settle();
    expect(app.getState().patrolView.run.status).toBe('idle');
    app.dispatch({ type: 'sideTabChanged', tab: 'patrol' });
    await until(() => app.getState().patrolView.run.status === 'done');
    const first = app.getState().patrolView.report as CoverageReport;
    expect(first.radiusM).toBe(25);
    expect(first.fixesInWindow).toBe(30);
    app.dispatch({ type: 'patrolSettingsChanged', settings: { radiusM: 60 } });
    await until(() => app.getState().patrolView.report?.radiusM === 60);
    const grid = first.units.find((u) => u.coveredM2 > 0)!;
    const wider = app.getState().patrolView.report!.units.find((u) => u.code === grid.code)!;
    expect(wider.coveredM2).toBeGreaterThan(grid.coveredM2);
    stop();
  });

  it('dispatches started, progress and computed with one new request id per run, through the worker', async () => {
    const app = loadedStore();
    const log = coverageActions(app);
    const pool = workerPool();
    const before = app.getState().patrolView.run.requestId;
    app.dispatch({ type: 'patrolLayerToggled', layer: 'coverage', on: true });
    const stop = startCoverageRunner(app, { createWorker: pool.create, pollMs: 1_000_000 });
    expect(pool.made).toHaveLength(1);
    expect(pool.made[0].message!.inputs.tracks[0].t).toHaveLength(30);
    pool.finish(0);
    await settle();
    const types = log.map((a) => a.type);
    expect(types[0]).toBe('coverageRunStarted');
    expect(types).toContain('coverageProgressed');
    expect(types.at(-1)).toBe('coverageComputed');
    expect(new Set(log.map((a) => (a as { requestId: number }).requestId))).toEqual(new Set([before + 1]));
    expect(app.getState().patrolView.run).toMatchObject({ status: 'done', requestId: before + 1, fraction: 1 });
    expect(pool.made[0].terminated).toBe(true);
    stop();
  });

  it('a change while running cancels the run (its worker terminated) and starts a new one; stale results are dropped', async () => {
    const app = loadedStore();
    const pool = workerPool();
    app.dispatch({ type: 'sideTabChanged', tab: 'patrol' });
    const stop = startCoverageRunner(app, { createWorker: pool.create, pollMs: 1_000_000 });
    const firstId = app.getState().patrolView.run.requestId;
    app.dispatch({ type: 'patrolPeriodChanged', period: 'week' });
    expect(pool.made).toHaveLength(2);
    expect(pool.made[0].terminated).toBe(true);
    expect(app.getState().patrolView.run).toMatchObject({ status: 'running', requestId: firstId + 1 });
    expect(pool.made[1].message!.request.from).toBe(Date.parse('2026-11-16T00:00:00+08:00')); // Monday
    pool.finish(1);
    await settle();
    expect(app.getState().patrolView.run.status).toBe('done');
    expect(app.getState().patrolView.report!.from).toBe(Date.parse('2026-11-16T00:00:00+08:00'));
    stop();
  });

  it('reruns when the district changes, and reports a failure with its message', async () => {
    const app = loadedStore();
    const log = coverageActions(app);
    const pool = workerPool();
    app.dispatch({ type: 'patrolLayerToggled', layer: 'gaps', on: true });
    const stop = startCoverageRunner(app, { createWorker: pool.create, pollMs: 1_000_000 });
    pool.finish(0);
    await settle();
    app.dispatch({ type: 'districtLoaded', district: generateDemoDistrict() });
    expect(pool.made).toHaveLength(2);
    const id = app.getState().patrolView.run.requestId;
    pool.finish(1, { type: 'failed', id: pool.made[1].message!.id, message: 'the grids span too many cells' });
    await settle();
    expect(log.at(-1)).toEqual({ type: 'coverageFailed', requestId: id, message: 'the grids span too many cells' });
    expect(app.getState().patrolView.run).toMatchObject({ status: 'failed', error: 'the grids span too many cells' });
    stop();
  });

  it('folds live data in no more often than the refresh interval, and never over a run in progress', async () => {
    const app = loadedStore();
    let clock = 0;
    const pool = workerPool();
    app.dispatch({ type: 'patrolLayerToggled', layer: 'gaps', on: true });
    const stop = startCoverageRunner(app, { createWorker: pool.create, now: () => clock, pollMs: 1_000_000 });
    expect(pool.made).toHaveLength(1);
    // Data arrives long after the start, but the first run is still going: it is left to finish.
    clock = LIVE_REFRESH_MS + 1_000;
    nextFix(app, 100);
    expect(pool.made).toHaveLength(1);
    expect(pool.made[0].terminated).toBe(false);
    pool.finish(0);
    await settle();
    // The next fix (or the poll) then starts the refresh: the interval has passed since the last start.
    nextFix(app, 101);
    expect(pool.made).toHaveLength(2);
    pool.finish(1);
    await settle();
    clock += 30_000;
    nextFix(app, 102);
    expect(pool.made).toHaveLength(2);
    clock += 31_000;
    nextFix(app, 103);
    expect(pool.made).toHaveLength(3);
    expect(pool.made[2].message!.inputs.tracks[0].t).toHaveLength(34);
    stop();
    expect(pool.made[2].terminated).toBe(true);
  });

  it('moves "today" on at midnight without new data, and stops when asked', async () => {
    const app = loadedStore();
    const pool = workerPool();
    app.dispatch({ type: 'sideTabChanged', tab: 'patrol' });
    const stop = startCoverageRunner(app, { createWorker: pool.create, now: () => 0, pollMs: 1_000_000 });
    pool.finish(0);
    await settle();
    app.dispatch({ type: 'incidentClockTicked', now: '2026-11-22T23:59:00+08:00' });
    expect(pool.made).toHaveLength(1);
    app.dispatch({ type: 'incidentClockTicked', now: '2026-11-23T00:00:30+08:00' });
    expect(pool.made).toHaveLength(2);
    expect(pool.made[1].message!.request.from).toBe(Date.parse('2026-11-23T00:00:00+08:00'));
    stop();
    app.dispatch({ type: 'patrolSettingsChanged', settings: { radiusM: 70 } });
    expect(pool.made).toHaveLength(2);
  });
});
