import { describe, expect, it } from 'vitest';
import { asGridCode } from '@core/model';
import { computeCoverageReport, type CoverageInputs, type CoverageRequest } from '@core/patrol/coverage-report';
import { runCoverageReport, type CoverageWorkerLike } from './coverage-client';
import { isCoverageRunMessage, type CoverageRunMessage, type CoverageWorkerResponse } from './coverage-protocol';
import { handleCoverageMessage, PROGRESS_EVERY_MS } from './coverage-worker-core';

// One 200 m square grid; a worker walks 100 m along its middle at 1 m/s.
const LON0 = 113.6;
const LAT0 = 34.75;
const M_LAT = 1 / 111_195;
const M_LON = M_LAT / Math.cos((LAT0 * Math.PI) / 180);
const at = (x: number, y: number): [number, number] => [LON0 + x * M_LON, LAT0 + y * M_LAT];
const T0 = Date.parse('2026-11-22T09:00:00+08:00');
const G = asGridCode('G');

function inputs(): CoverageInputs {
  const n = 11;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    [lon[i], lat[i]] = at(50 + i * 10, 100);
    t[i] = T0 + i * 10_000;
  }
  return {
    units: [{ code: G, level: 3, kind: 'base', parentCode: null, geometry: { type: 'Polygon', coordinates: [[at(0, 0), at(200, 0), at(200, 200), at(0, 200), at(0, 0)]] } }],
    buildings: [],
    workers: [{ id: 'w1', gridCode: G }],
    tracks: [{ workerId: 'w1', lon, lat, t }],
    reportedVisits: [],
  };
}
const request: CoverageRequest = {
  from: Date.parse('2026-11-22T00:00:00+08:00'),
  to: Date.parse('2026-11-22T15:00:00+08:00'),
  nowMs: Date.parse('2026-11-22T15:00:00+08:00'),
  radiusM: 25,
  visitRadiusM: 15,
  visitMinStayMs: 180_000,
  unvisitedDays: 30,
  trendDays: 3,
};

interface FakeWorker extends CoverageWorkerLike {
  posted: { message: CoverageRunMessage; transfer: Transferable[] }[];
  terminated: boolean;
  reply(message: CoverageWorkerResponse): void;
}

/** A worker that records what it is sent and answers only when the test says. */
function fakeWorker(): FakeWorker {
  const w: FakeWorker = {
    onmessage: null,
    onerror: null,
    posted: [],
    terminated: false,
    postMessage(message, transfer) {
      w.posted.push({ message, transfer });
    },
    terminate() {
      w.terminated = true;
    },
    reply(message) {
      w.onmessage?.({ data: message } as MessageEvent<CoverageWorkerResponse>);
    },
  };
  return w;
}

/** A worker that runs the real worker core (after a tick, as a thread would). */
function coreWorker(): FakeWorker {
  const w = fakeWorker();
  const post = w.postMessage.bind(w);
  w.postMessage = (message, transfer) => {
    post(message, transfer);
    setTimeout(() => handleCoverageMessage(message, (m) => w.reply(m)), 0);
  };
  return w;
}

describe('runCoverageReport', () => {
  it('posts the inputs with their buffers to transfer, forwards progress and resolves with the report', async () => {
    const w = coreWorker();
    const input = inputs();
    const buffers = [(input.tracks[0].t as Float64Array).buffer as ArrayBuffer];
    const fractions: number[] = [];
    const report = await runCoverageReport(input, request, { createWorker: () => w, transfer: buffers, onProgress: (p) => fractions.push(p.fraction) });
    expect(w.posted).toHaveLength(1);
    expect(w.posted[0].message).toMatchObject({ type: 'run', request });
    expect(w.posted[0].transfer).toEqual(buffers);
    expect(fractions.at(-1)).toBe(1);
    expect(w.terminated).toBe(true);
    expect(report.fixesInWindow).toBe(11);
    // The same figures as the engine run here.
    expect(report.units[0].coveredM2).toBeCloseTo(computeCoverageReport(inputs(), request).units[0].coveredM2, 6);
    expect(report.units[0].coveredShare).toBeGreaterThan(0.1);
  });

  it('ignores answers meant for another run', async () => {
    const w = fakeWorker();
    const run = runCoverageReport(inputs(), request, { createWorker: () => w });
    const id = w.posted[0].message.id;
    const real = computeCoverageReport(inputs(), request);
    w.reply({ type: 'done', id: id + 1000, report: { ...real, radiusM: 999 } });
    w.reply({ type: 'done', id, report: real });
    expect((await run).radiusM).toBe(25);
  });

  it('rejects with the worker\'s reason or its crash, and terminates it', async () => {
    const failing = fakeWorker();
    const run = runCoverageReport(inputs(), request, { createWorker: () => failing });
    failing.reply({ type: 'failed', id: failing.posted[0].message.id, message: 'coverage request: radiusM must be positive' });
    await expect(run).rejects.toThrow('coverage request: radiusM must be positive');
    expect(failing.terminated).toBe(true);
    const crashing = fakeWorker();
    const crashed = runCoverageReport(inputs(), request, { createWorker: () => crashing });
    crashing.onerror?.({ message: 'out of memory' } as ErrorEvent);
    await expect(crashed).rejects.toThrow('out of memory');
    expect(crashing.terminated).toBe(true);
  });

  it('cancels by terminating the worker: on abort, and when a newer run starts', async () => {
    const controller = new AbortController();
    const first = fakeWorker();
    const run1 = runCoverageReport(inputs(), request, { createWorker: () => first, signal: controller.signal });
    controller.abort();
    await expect(run1).rejects.toMatchObject({ name: 'AbortError' });
    expect(first.terminated).toBe(true);

    const older = fakeWorker();
    const run2 = runCoverageReport(inputs(), request, { createWorker: () => older });
    const newer = coreWorker();
    const run3 = runCoverageReport(inputs(), { ...request, radiusM: 40 }, { createWorker: () => newer });
    await expect(run2).rejects.toMatchObject({ name: 'AbortError' });
    expect(older.terminated).toBe(true);
    expect((await run3).radiusM).toBe(40);
    // An already aborted signal never starts a worker.
    let made = 0;
    await expect(runCoverageReport(inputs(), request, { createWorker: () => (made++, fakeWorker()), signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(made).toBe(0);
  });

  it('computes in this thread after a tick where there is no Worker, and a newer run cancels it too', async () => {
    const stale = runCoverageReport(inputs(), request, { createWorker: null });
    const fresh = runCoverageReport(inputs(), { ...request, radiusM: 10 }, { createWorker: null });
    await expect(stale).rejects.toMatchObject({ name: 'AbortError' });
    const report = await fresh;
    expect(report.radiusM).toBe(10);
    expect(report.units[0].coveredM2).toBeCloseTo(computeCoverageReport(inputs(), { ...request, radiusM: 10 }).units[0].coveredM2, 6);
  });
});

describe('the coverage worker core', () => {
  const message = (): CoverageRunMessage => ({ type: 'run', id: 7, inputs: inputs(), request });

  it('posts progress at most every PROGRESS_EVERY_MS, then the report with the gap image buffer transferred', () => {
    const out: { m: CoverageWorkerResponse; transfer: Transferable[] }[] = [];
    let clock = 0;
    // Every progress call reads the clock once; 10 ms a call.
    handleCoverageMessage(message(), (m, transfer) => out.push({ m, transfer }), () => (clock += 10));
    const progress = out.filter((o) => o.m.type === 'progress');
    const calls = clock / 10;
    expect(calls).toBeGreaterThan(progress.length); // some were held back
    expect(progress.length).toBeLessThanOrEqual(Math.ceil((clock / PROGRESS_EVERY_MS) + 1));
    const last = out.at(-1)!;
    expect(last.m.type).toBe('done');
    if (last.m.type !== 'done') return;
    expect(out.at(-2)!.m).toMatchObject({ type: 'progress', progress: { fraction: 1 } });
    expect(last.m.id).toBe(7);
    expect(last.transfer).toEqual([last.m.report.gapImage!.data.buffer]);
  });

  it('answers a bad request with the engine\'s reason and a malformed message with an error', () => {
    const out: CoverageWorkerResponse[] = [];
    handleCoverageMessage({ ...message(), request: { ...request, to: request.from } }, (m) => out.push(m));
    expect(out.at(-1)).toMatchObject({ type: 'failed', id: 7, message: expect.stringMatching(/\bto\b/) });
    handleCoverageMessage({ type: 'run', id: 8, inputs: { units: [] }, request }, (m) => out.push(m));
    expect(out.at(-1)).toEqual({ type: 'failed', id: 8, message: 'the coverage worker received a malformed request' });
    handleCoverageMessage('run', (m) => out.push(m));
    expect(out.at(-1)).toMatchObject({ type: 'failed', id: -1 });
  });

  it('checks the shape of a run message', () => {
    expect(isCoverageRunMessage(message())).toBe(true);
    expect(isCoverageRunMessage(null)).toBe(false);
    expect(isCoverageRunMessage({ ...message(), type: 'stop' })).toBe(false);
    expect(isCoverageRunMessage({ ...message(), id: '7' })).toBe(false);
    expect(isCoverageRunMessage({ ...message(), request: null })).toBe(false);
    expect(isCoverageRunMessage({ ...message(), inputs: { ...inputs(), tracks: {} } })).toBe(false);
  });
});
