import { fixesBetween } from '@core/patrol/tracks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateDemoDistrict, patrolDay } from '@core/demo';
import { parseIso } from '@core/incidents';
import type { AppAction } from '@core/state';
import { createAppStore, type AppStore } from '../app/app-store';
import { DEMO_FEED_SEED, DEMO_POSITIONS_EVERY_S, HISTORY_BATCH, HISTORY_EVERY_S, PAST_DAYS, PAST_DAYS_EVERY_S, demoFeedOptionsFromUrl, startDemoFeed } from './demo-feed-runner';

const district = generateDemoDistrict();
const DAY_MS = 86_400_000;

afterEach(() => {
  vi.useRealTimers();
});

/** A store whose feed batches are counted as they are dispatched. */
function countingStore(): { store: AppStore; batches: number[] } {
  const inner = createAppStore();
  inner.dispatch({ type: 'districtLoaded', district });
  const batches: number[] = [];
  const store: AppStore = {
    getState: inner.getState,
    subscribe: inner.subscribe,
    dispatch: (action: AppAction) => {
      if (action.type === 'feedBatchReceived') batches.push(action.batch.length);
      inner.dispatch(action);
    },
  };
  return { store, batches };
}

describe('demo feed runner', () => {
  it('replays the last seven days of walks in batches, then delivers what is due as the clock moves, with operators acting', async () => {
    vi.useFakeTimers();
    const { store, batches } = countingStore();
    let now = parseIso('2026-11-22T15:00:00+08:00') ?? 0;
    const dayStart = parseIso('2026-11-22T00:00:00+08:00') ?? 0;
    const feed = startDemoFeed(store, district, { clock: () => now });
    // The history goes first, a batch a turn; then the live window from a minute before the start.
    let turns = 0;
    const caughtUp = (): boolean => [...store.getState().patrol.latest.values()].some((f) => f.t >= now - 60_000);
    while (!caughtUp() && turns++ < 400) await vi.runOnlyPendingTimersAsync();
    expect(caughtUp()).toBe(true);
    expect(turns).toBeGreaterThan(20); // many turns, not one long stall
    expect(Math.max(...batches)).toBeLessThanOrEqual(HISTORY_BATCH);
    for (let i = 0; i < 3; i++) await vi.runOnlyPendingTimersAsync();

    const first = store.getState().incidents.byId.size;
    expect(first).toBeGreaterThan(50);
    expect(store.getState().incidents.feeds.demo.connection).toBe('live');
    const statuses = new Set([...store.getState().incidents.byId.values()].map((i) => i.status));
    expect(statuses.has('closed')).toBe(true);

    const patrol = store.getState().patrol;
    expect(patrol.rejectCounts.stale).toBe(0);
    const workers = [...patrol.latest.keys()];
    expect(workers.length).toBeGreaterThan(40);
    // Today at HISTORY_EVERY_S before the last minute, the days before at PAST_DAYS_EVERY_S.
    let past = 0;
    let today = 0;
    for (const w of workers) {
      const track = fixesBetween(patrol.tracks, w);
      for (let i = 1; i < track.length; i++) {
        const gap = track.t[i] - track.t[i - 1];
        if (track.t[i] < dayStart) expect(gap).toBeGreaterThanOrEqual(PAST_DAYS_EVERY_S * 1000);
        else if (track.t[i - 1] >= dayStart && track.t[i] < now - 60_000) expect(gap).toBeGreaterThanOrEqual(HISTORY_EVERY_S * 1000);
        else if (track.t[i - 1] >= now - 60_000) expect(gap).toBe(DEMO_POSITIONS_EVERY_S * 1000);
      }
      past += fixesBetween(patrol.tracks, w, dayStart - PAST_DAYS * DAY_MS, dayStart).length;
      today += fixesBetween(patrol.tracks, w, dayStart, now).length;
      expect(fixesBetween(patrol.tracks, w, -Infinity, dayStart - PAST_DAYS * DAY_MS).length).toBe(0);
      // Working hours only: nothing over lunch, nothing in the evening.
      expect(fixesBetween(patrol.tracks, w, dayStart + 12.5 * 3_600_000, dayStart + 13.5 * 3_600_000).length).toBe(0);
      expect(fixesBetween(patrol.tracks, w, dayStart - DAY_MS + 18 * 3_600_000, dayStart + 8 * 3_600_000).length).toBe(0);
    }
    // Each of the six days has about 70 walkers × 7 h at a fix a minute; today about 70 × 5 h at two.
    expect(past).toBeGreaterThan(PAST_DAYS * 40 * 6 * 60);
    expect(today).toBeGreaterThan(40 * 4 * 120);
    // Today's daily reports (08:00–11:30) and logged visits arrived too, and nothing from before today.
    const plan = patrolDay(district, DEMO_FEED_SEED, now);
    expect(patrol.reports.filter((r) => r.date === '2026-11-22')).toHaveLength(plan.reports.length);
    expect(patrol.reports.every((r) => r.date === '2026-11-22')).toBe(true);
    const logged = plan.workers.flatMap((w) => w.stops.filter((s) => s.logged && s.from < now)).length;
    expect(patrol.visits.length).toBeGreaterThan(logged * 0.8);
    expect(patrol.visits.length).toBeLessThanOrEqual(logged);

    now += 2 * 3600_000;
    for (let i = 0; i < 5; i++) await vi.runOnlyPendingTimersAsync();
    expect(store.getState().incidents.byId.size).toBeGreaterThan(first);
    // Positions kept coming as the clock moved on (16:59 is inside everyone's afternoon shift).
    now -= 60 * 60_000 + 1;
    for (let i = 0; i < 3; i++) await vi.runOnlyPendingTimersAsync();
    now += 60 * 60_000 + 1;
    for (let i = 0; i < 3; i++) await vi.runOnlyPendingTimersAsync();
    const later = store.getState().patrol;
    expect(Math.max(...[...later.latest.values()].map((f) => f.t))).toBeGreaterThan(now - 120_000);
    feed.stop();
    expect(store.getState().incidents.feeds.demo.connection).toBe('offline');
  });

  it('before the working day there is no walk of today, only the days before', async () => {
    vi.useFakeTimers();
    const { store } = countingStore();
    const now = parseIso('2026-11-22T07:00:00+08:00') ?? 0;
    const dayStart = parseIso('2026-11-22T00:00:00+08:00') ?? 0;
    const feed = startDemoFeed(store, district, { clock: () => now, operators: false });
    for (let i = 0; i < 300; i++) await vi.runOnlyPendingTimersAsync();
    const patrol = store.getState().patrol;
    expect(patrol.accepted).toBeGreaterThan(0);
    expect(Math.max(...[...patrol.latest.values()].map((f) => f.t))).toBeLessThan(dayStart);
    feed.stop();
  });

  it('a restart on the same day doubles nothing', async () => {
    vi.useFakeTimers();
    const store = createAppStore();
    store.dispatch({ type: 'districtLoaded', district });
    const now = parseIso('2026-11-22T12:00:00+08:00') ?? 0;
    const a = startDemoFeed(store, district, { clock: () => now, operators: false });
    for (let i = 0; i < 300; i++) await vi.runOnlyPendingTimersAsync();
    const size = store.getState().incidents.byId.size;
    const accepted = store.getState().patrol.accepted;
    const visits = store.getState().patrol.visits.length;
    const reports = store.getState().patrol.reports.length;
    a.stop();
    const b = startDemoFeed(store, district, { clock: () => now, operators: false });
    for (let i = 0; i < 300; i++) await vi.runOnlyPendingTimersAsync();
    expect(store.getState().incidents.byId.size).toBe(size);
    expect(store.getState().patrol.accepted).toBe(accepted);
    expect(store.getState().patrol.visits.length).toBe(visits);
    expect(store.getState().patrol.reports.length).toBe(reports);
    expect(store.getState().incidents.feeds.demo.ingest.counts.duplicate).toBeGreaterThan(0);
    b.stop();
  });

  it('reads demoTime, demoOperators and demoFeed from the URL', () => {
    const o = demoFeedOptionsFromUrl('?demoTime=2026-11-22T15:00:00%2B08:00&demoOperators=0', () => 1000);
    expect(o.operators).toBe(false);
    expect(o.clock?.()).toBe(parseIso('2026-11-22T15:00:00+08:00'));
    expect(demoFeedOptionsFromUrl('?demoTime=garbage').clock).toBeUndefined();
    expect(demoFeedOptionsFromUrl('?demoFeed=0').enabled).toBe(false);
    expect(o.enabled).toBeUndefined();
  });
});

describe('the start-up replay and the first map render', () => {
  it('holds the earlier walks until the map is ready, then sends them before any live fix', async () => {
    vi.useFakeTimers();
    const store = createAppStore();
    store.dispatch({ type: 'districtLoaded', district: generateDemoDistrict() });
    const now = parseIso('2026-11-22T15:00:00+08:00') ?? 0;
    const feed = startDemoFeed(store, store.getState().district!, { clock: () => now, operators: false, historyAfterMapReady: true });
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(100);
    expect(store.getState().patrol.accepted).toBe(0);
    expect(store.getState().incidents.byId.size).toBeGreaterThan(0); // incidents are not held
    store.dispatch({ type: 'mapReady' });
    for (let i = 0; i < 200 && store.getState().patrol.accepted < 20_000; i++) await vi.advanceTimersByTimeAsync(100);
    expect(store.getState().patrol.accepted).toBeGreaterThan(20_000);
    expect(Object.values(store.getState().patrol.rejectCounts).reduce((a, b) => a + b, 0)).toBe(0);
    feed.stop();
  });
});
