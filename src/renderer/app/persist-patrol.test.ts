import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixesBetween, type PatrolState, type ReportedVisit, type TrackFix } from '@core/patrol';
import type { AppState } from '@core/state';
import { makeSmallDistrict } from '../../../test/fixtures/db/small-district';
import { type GridroomStore, openStore } from '../storage';
import { storeOpener } from '../storage/test-support';
import { type AppStore, createAppStore } from './app-store';
import { PATROL_WRITE_INTERVAL_MS, persistPatrol } from './persist-patrol';

const stores = storeOpener('persist-patrol-test');
afterEach(() => {
  stores.closeAll();
  vi.restoreAllMocks();
});

const T0 = Date.parse('2026-11-22T09:00:00+08:00');
const iso = (ms: number): string => new Date(ms).toISOString();

/** A manual clock and timer queue: nothing runs until `advance`. */
function manualTimers() {
  let now = 0;
  let pending: { fn: () => void; at: number }[] = [];
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const handle = { fn, at: now + ms };
      pending.push(handle);
      return handle;
    },
    clearTimer: (handle: unknown) => {
      pending = pending.filter((h) => h !== handle);
    },
    pendingCount: () => pending.length,
    async advance(ms: number) {
      now += ms;
      const due = pending.filter((h) => h.at <= now);
      pending = pending.filter((h) => h.at > now);
      for (const h of due) h.fn();
      await settle();
    },
  };
}

/** Lets queued promise callbacks (a write's then/finally, fake-indexeddb's steps) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** An app store with the small district and a clock at `nowMs`, fed by `send`. */
function liveApp(nowMs = T0 + 3_600_000): { app: AppStore; send(...raws: object[]): void } {
  const app = createAppStore();
  app.dispatch({ type: 'districtLoaded', district: makeSmallDistrict() });
  app.dispatch({ type: 'incidentClockTicked', now: iso(nowMs) });
  let seq = 0;
  return {
    app,
    send(...raws) {
      app.dispatch({ type: 'feedBatchReceived', batch: raws.map((raw) => ({ raw: { ...raw, seq: ++seq }, receivedAt: iso(nowMs) })) });
    },
  };
}

const position = (worker: string, i: number) => ({ kind: 'position', at: iso(T0 + i * 10_000), worker_id: worker, lon: 113.605 + i * 1e-5, lat: 34.745 });
const visitMsg = (worker: string, building: string, ms: number) => ({ kind: 'visit', at: iso(ms), worker_id: worker, building_id: building, duration_s: 90 });
const reportMsg = (grid: string, by: string, ms: number) => ({ kind: 'report', at: iso(ms), grid_code: grid, by, result: 'nothing_to_report' });

/** Every fix of the state's tracks, grouped by worker id and in time order (as loadPatrol gives them). */
function stateFixes(patrol: PatrolState): TrackFix[] {
  const out: TrackFix[] = [];
  for (const workerId of [...patrol.tracks.lengths.keys()].sort()) {
    const s = fixesBetween(patrol.tracks, workerId);
    for (let i = 0; i < s.length; i++) out.push({ workerId, lon: s.lon[i], lat: s.lat[i], t: s.t[i] });
  }
  return out;
}

/** The store, with every appendPatrol call recorded (counts of fixes, visits, reports). */
function recorded(store: GridroomStore): { calls: [number, number, number][] } {
  const calls: [number, number, number][] = [];
  const append = store.appendPatrol.bind(store);
  vi.spyOn(store, 'appendPatrol').mockImplementation((fixes, visits, reports) => {
    calls.push([fixes.length, visits.length, reports.length]);
    return append(fixes, visits, reports);
  });
  return { calls };
}

describe('persistPatrol', () => {
  it('writes each new fix, visit and report exactly once, at most every interval', async () => {
    const { store } = stores.openWithDb('once');
    const { calls } = recorded(store);
    const { app, send } = liveApp();
    const timers = manualTimers();
    const errors: unknown[] = [];
    const p = persistPatrol(app, store, (e) => errors.push(e), timers);

    // The first change is written at once…
    send(position('s-7', 0), position('s-12', 0));
    await timers.advance(0);
    expect(calls).toStrictEqual([[2, 0, 0]]);
    // …what follows within the interval waits for it, in one write.
    await timers.advance(1_000);
    send(position('s-7', 1), visitMsg('s-7', 'b-10', T0 + 15_000));
    await timers.advance(1_000);
    send(position('s-7', 2), position('s-12', 1), reportMsg('ZY-03-07-01', 's-7', T0 + 20_000));
    await timers.advance(1_000);
    expect(calls).toHaveLength(1);
    await timers.advance(PATROL_WRITE_INTERVAL_MS - 3_000);
    expect(calls).toStrictEqual([
      [2, 0, 0],
      [3, 1, 1],
    ]);
    // Revisions with nothing new to write (a refused position) write nothing.
    send({ ...position('s-7', 2), worker_id: 'nobody' });
    await timers.advance(PATROL_WRITE_INTERVAL_MS);
    expect(calls).toHaveLength(2);
    // More, then a flush writes at once.
    send(position('s-7', 3), visitMsg('s-12', 'b-9', T0 + 35_000));
    await p.flush();
    expect(calls.at(-1)).toStrictEqual([1, 1, 0]);

    const patrol = app.getState().patrol;
    const stored = await store.loadPatrol(-Infinity);
    expect(stored.fixes).toStrictEqual(stateFixes(patrol));
    expect(calls.reduce((sum, [n]) => sum + n, 0)).toBe(patrol.tracks.totalFixes);
    expect(stored.visits).toStrictEqual(patrol.visits);
    expect(stored.reports).toStrictEqual(patrol.reports);
    expect(errors).toStrictEqual([]);
    p.stop();
  });

  it('does not write a restored state back, and goes on from it after a restart', async () => {
    const name = stores.uniqueName('restart');
    const storeA = stores.track(await openStore(name));
    const day1 = liveApp();
    const pA = persistPatrol(day1.app, storeA);
    day1.send(position('s-7', 0), position('s-7', 1), visitMsg('s-7', 'b-10', T0), reportMsg('ZY-03-07-01', 's-7', T0));
    await pA.flush();
    pA.stop();
    storeA.close();

    // The restart: restore, then persist, then the feed goes on.
    const storeB = stores.track(await openStore(name));
    const { calls } = recorded(storeB);
    const day2 = liveApp();
    day2.app.dispatch({ type: 'patrolRestored', restored: await storeB.loadPatrol(-Infinity) });
    expect(day2.app.getState().patrol.tracks.totalFixes).toBe(2);
    const pB = persistPatrol(day2.app, storeB);
    await pB.flush();
    expect(calls).toStrictEqual([]);
    day2.send(position('s-7', 2), visitMsg('s-12', 'b-9', T0 + 30_000));
    await pB.flush();
    expect(calls).toStrictEqual([[1, 1, 0]]);

    const stored = await storeB.loadPatrol(-Infinity);
    const patrol = day2.app.getState().patrol;
    expect(stored.fixes).toStrictEqual(stateFixes(patrol));
    expect(stored.fixes.map((f) => f.t)).toStrictEqual([0, 1, 2].map((i) => T0 + i * 10_000));
    expect(stored.visits).toStrictEqual(patrol.visits);
    expect(stored.reports).toStrictEqual(patrol.reports);
    pB.stop();
  });

  it('keeps what a failed write held for the next one', async () => {
    const { store } = stores.openWithDb('retry');
    const { app, send } = liveApp();
    const errors: unknown[] = [];
    const p = persistPatrol(app, store, (e) => errors.push(e));
    const append = store.appendPatrol.bind(store);
    const spy = vi.spyOn(store, 'appendPatrol').mockImplementationOnce(() => Promise.reject(new Error('disk full')));
    send(position('s-7', 0), visitMsg('s-7', 'b-10', T0));
    await p.flush();
    expect(errors).toHaveLength(1);
    spy.mockImplementation(append);
    send(position('s-7', 1));
    await p.flush();
    expect(spy.mock.calls.at(-1)?.[0].map((f) => f.t)).toStrictEqual([T0, T0 + 10_000]);
    expect(spy.mock.calls.at(-1)?.[1]).toHaveLength(1);
    expect((await store.loadPatrol(-Infinity)).fixes).toHaveLength(2);
    p.stop();
  });

  it('writes what is left on stop, and nothing after', async () => {
    const { store } = stores.openWithDb('stop');
    const { calls } = recorded(store);
    const { app, send } = liveApp();
    const timers = manualTimers();
    const p = persistPatrol(app, store, undefined, timers);
    send(position('s-7', 0));
    await timers.advance(0);
    send(position('s-7', 1));
    await timers.advance(10);
    expect(calls).toHaveLength(1);
    p.stop();
    await settle();
    expect(calls).toStrictEqual([
      [1, 0, 0],
      [1, 0, 0],
    ]);
    expect(timers.pendingCount()).toBe(0);
    send(position('s-7', 2));
    await timers.advance(PATROL_WRITE_INTERVAL_MS);
    expect(calls).toHaveLength(2);
  });
});

describe('persistPatrol with visits and reports trimmed', () => {
  /** A bare app store whose patrol state the test sets. */
  function bareApp(patrol: PatrolState): AppStore & { setPatrol(p: Partial<PatrolState>): void } {
    let state = { patrol } as AppState;
    const listeners = new Set<() => void>();
    return {
      getState: () => state,
      dispatch: () => undefined,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      setPatrol(p) {
        state = { patrol: { ...state.patrol, ...p, revision: state.patrol.revision + 1 } } as AppState;
        for (const l of listeners) l();
      },
    };
  }
  const v = (i: number): ReportedVisit => ({ workerId: 's-7', buildingId: `b-${i}`, t: T0 + i, durationMs: null });

  it('follows the last visit written by identity, and writes the rest again when it was trimmed away', async () => {
    const base = liveApp().app.getState().patrol;
    const app = bareApp({ ...base, visits: [v(1), v(2)] });
    const writes: string[][] = [];
    const store = {
      appendPatrol: (_f: readonly TrackFix[], visits: readonly ReportedVisit[]) => {
        writes.push(visits.map((x) => x.buildingId));
        return Promise.resolve();
      },
    } as unknown as GridroomStore;
    const p = persistPatrol(app, store);
    const [, two] = app.getState().patrol.visits;
    // Appended: only the new one. (Equal but new objects are new visits: identity, not value.)
    app.setPatrol({ visits: [v(1), two, v(3)] });
    await p.flush();
    expect(writes).toStrictEqual([['b-3']]);
    // The oldest trimmed from the front: the last written is still there, so only what follows.
    const three = app.getState().patrol.visits[2];
    app.setPatrol({ visits: [two, three, v(4)] });
    await p.flush();
    expect(writes.at(-1)).toStrictEqual(['b-4']);
    // The last written trimmed too (a late old visit made the cut move past it): all again.
    app.setPatrol({ visits: [v(5), v(6)] });
    await p.flush();
    expect(writes.at(-1)).toStrictEqual(['b-5', 'b-6']);
    // Nothing new: no write.
    app.setPatrol({});
    await p.flush();
    expect(writes).toHaveLength(3);
    p.stop();
  });
});
