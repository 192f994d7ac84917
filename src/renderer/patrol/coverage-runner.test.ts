import { describe, expect, it, vi } from 'vitest';
import { generateDemoDistrict } from '@core/demo';
import type { CoverageReport } from '@core/patrol/coverage-report';
import { createAppStore } from '../app/app-store';
import { runCoverageReport, type CoverageWorkerLike } from './coverage-client';
import type { CoverageRunMessage, CoverageWorkerResponse } from './coverage-protocol';
import { handleCoverageMessage } from './coverage-worker-core';
import { coverageInputsOf, coverageRequestOf } from './coverage-inputs';
import { startCoverageRunner } from './coverage-runner';

const district = generateDemoDistrict();
const NOW = '2026-11-22T15:00:00+08:00';

/** A store with the demo district loaded, its clock at NOW and one worker's short walk. */
function loadedStore() {
  const app = createAppStore();
  app.dispatch({ type: 'districtLoaded', district });
  app.dispatch({ type: 'incidentClockTicked', now: NOW });
  const worker = district.staff.find((p) => p.role === 'grid_chief')!;
  const grid = district.grids.find((g) => g.code === worker.gridCode)!;
  const [lon, lat] = (grid.geometry.type === 'Polygon' ? grid.geometry.coordinates[0][0] : grid.geometry.coordinates[0][0][0]) as number[];
  const batch = Array.from({ length: 30 }, (_, i) => {
    const at = new Date(Date.parse('2026-11-22T14:00:00+08:00') + i * 10_000).toISOString();
    return { raw: { kind: 'position', seq: i + 1, at, worker_id: worker.id, lon: lon + i * 0.00005, lat }, receivedAt: at };
  });
  app.dispatch({ type: 'feedBatchReceived', batch });
  return { app, worker };
}

/** A fake Worker running the real worker core synchronously after a tick. */
function inlineWorker(log: string[]): CoverageWorkerLike {
  const w: CoverageWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(message: CoverageRunMessage) {
      log.push('post');
      setTimeout(() => handleCoverageMessage(message, (m) => w.onmessage?.({ data: m } as MessageEvent<CoverageWorkerResponse>)), 0);
    },
    terminate() {
      log.push('terminate');
    },
  };
  return w;
}

describe('coverage inputs', () => {
  it('builds the request from the view and copies the tracks', () => {
    const { app, worker } = loadedStore();
    const state = app.getState();
    const request = coverageRequestOf(state)!;
    expect(request.from).toBe(Date.parse('2026-11-22T00:00:00+08:00'));
    expect(request.to).toBe(Date.parse(NOW));
    const { inputs, transfer } = coverageInputsOf(state, request)!;
    expect(inputs.units).toHaveLength(district.grids.length);
    expect(inputs.workers.every((w) => ['grid_chief', 'grid_worker'].includes(district.staff.find((p) => p.id === w.id)!.role))).toBe(true);
    const track = inputs.tracks.find((t) => t.workerId === worker.id)!;
    expect(track.t).toHaveLength(30);
    expect(transfer).toContain((track.t as Float64Array).buffer);
  });
});

describe('runCoverageReport', () => {
  it('runs in the worker, reports progress, and terminates it when done', async () => {
    const { app } = loadedStore();
    const request = coverageRequestOf(app.getState())!;
    const { inputs } = coverageInputsOf(app.getState(), request)!;
    const log: string[] = [];
    const progress: number[] = [];
    const report = await runCoverageReport(inputs, { ...request, trendDays: 1 }, { createWorker: () => inlineWorker(log), onProgress: (p) => progress.push(p.fraction) });
    expect(report.units).toHaveLength(district.grids.length);
    expect(report.fixesInWindow).toBe(30);
    expect(progress.at(-1)).toBe(1);
    expect(log).toEqual(['post', 'terminate']);
  });

  it('rejects with the engine\'s reason, and with AbortError when cancelled', async () => {
    const { app } = loadedStore();
    const request = coverageRequestOf(app.getState())!;
    const { inputs } = coverageInputsOf(app.getState(), request)!;
    await expect(runCoverageReport(inputs, { ...request, radiusM: -1 }, { createWorker: () => inlineWorker([]) })).rejects.toThrow(/radiusM/);
    const controller = new AbortController();
    const log: string[] = [];
    const run = runCoverageReport(inputs, request, { createWorker: () => inlineWorker(log), signal: controller.signal });
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(log).toContain('terminate');
  });

  it('the worker answers a malformed message with an error, not silence', () => {
    const out: CoverageWorkerResponse[] = [];
    handleCoverageMessage({ type: 'run', id: 4 }, (m) => out.push(m));
    expect(out).toEqual([{ type: 'failed', id: 4, message: 'the coverage worker received a malformed request' }]);
  });
});

describe('startCoverageRunner', () => {
  const settle = () => new Promise((r) => setTimeout(r, 0));
  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(check()).toBe(true);
  }

  it('computes only while someone looks, and again when the settings change', async () => {
    const { app } = loadedStore();
    const stop = startCoverageRunner(app, { createWorker: null, pollMs: 1_000_000 });
    await settle();
    expect(app.getState().patrolView.run.status).toBe('idle');
    app.dispatch({ type: 'sideTabChanged', tab: 'patrol' });
    await until(() => app.getState().patrolView.run.status === 'done');
    const first = app.getState().patrolView.report as CoverageReport;
    expect(first.radiusM).toBe(25);
    app.dispatch({ type: 'patrolSettingsChanged', settings: { radiusM: 60 } });
    await until(() => app.getState().patrolView.report?.radiusM === 60);
    const grid = first.units.find((u) => u.coveredM2 > 0)!;
    const wider = app.getState().patrolView.report!.units.find((u) => u.code === grid.code)!;
    expect(wider.coveredM2).toBeGreaterThan(grid.coveredM2);
    stop();
  });

  it('folds live data in no more often than the refresh interval', async () => {
    const { app } = loadedStore();
    let clock = 0;
    const starts = vi.fn();
    const unsub = app.subscribe(() => {
      if (app.getState().patrolView.run.status === 'running') starts(app.getState().patrolView.run.requestId);
    });
    app.dispatch({ type: 'patrolLayerToggled', layer: 'gaps', on: true });
    const stop = startCoverageRunner(app, { createWorker: null, now: () => clock, pollMs: 1_000_000 });
    await until(() => app.getState().patrolView.run.status === 'done');
    const runs = () => new Set(starts.mock.calls.map((c) => c[0])).size;
    expect(runs()).toBe(1);
    const next = (seq: number) => {
      const s = app.getState();
      const [id, fix] = [...s.patrol.latest.entries()][0];
      const at = new Date(fix.t + 10_000).toISOString();
      app.dispatch({ type: 'feedBatchReceived', batch: [{ raw: { kind: 'position', seq, at, worker_id: id, lon: fix.lngLat[0], lat: fix.lngLat[1] }, receivedAt: at }] });
    };
    clock = 30_000;
    next(100);
    await settle();
    expect(runs()).toBe(1);
    clock = 61_000;
    next(101);
    await until(() => runs() === 2);
    stop();
    unsub();
  });
});
