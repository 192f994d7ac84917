import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateDemoDistrict } from '@core/demo';
import { parseIso } from '@core/incidents';
import { createAppStore } from '../app/app-store';
import { DEMO_POSITIONS_EVERY_S, demoFeedOptionsFromUrl, startDemoFeed } from './demo-feed-runner';

const district = generateDemoDistrict();

afterEach(() => {
  vi.useRealTimers();
});

describe('demo feed runner', () => {
  it('delivers what is due by the clock, then more as time passes, with operators acting', async () => {
    vi.useFakeTimers();
    const store = createAppStore();
    store.dispatch({ type: 'districtLoaded', district });
    let now = parseIso('2026-11-22T15:00:00+08:00') ?? 0;
    const feed = startDemoFeed(store, district, { clock: () => now });
    await vi.runOnlyPendingTimersAsync();
    await vi.runOnlyPendingTimersAsync();
    const first = store.getState().incidents.byId.size;
    expect(first).toBeGreaterThan(50);
    expect(store.getState().incidents.feeds.demo.connection).toBe('live');
    const statuses = new Set([...store.getState().incidents.byId.values()].map((i) => i.status));
    expect(statuses.has('closed')).toBe(true);
    // The workers' fixes of the last minute only, not the day's: at most 60 s / 10 s + 1 each.
    const patrol = store.getState().patrol;
    expect(patrol.latest.size).toBeGreaterThan(20);
    expect(patrol.accepted).toBeLessThanOrEqual(patrol.latest.size * (60 / DEMO_POSITIONS_EVERY_S + 1));
    const firstFix = Math.min(...[...patrol.latest.values()].map((f) => f.t));
    expect(firstFix).toBeGreaterThanOrEqual(now - 60_000);
    now += 2 * 3600_000;
    for (let i = 0; i < 5; i++) await vi.runOnlyPendingTimersAsync();
    expect(store.getState().incidents.byId.size).toBeGreaterThan(first);
    // Positions kept coming as the clock moved on, window after window.
    const later = store.getState().patrol;
    expect(Math.max(...[...later.latest.values()].map((f) => f.t))).toBeGreaterThan(now - 120_000);
    feed.stop();
    expect(store.getState().incidents.feeds.demo.connection).toBe('offline');
  });

  it('a restart on the same day doubles nothing', async () => {
    vi.useFakeTimers();
    const store = createAppStore();
    store.dispatch({ type: 'districtLoaded', district });
    const now = parseIso('2026-11-22T12:00:00+08:00') ?? 0;
    const a = startDemoFeed(store, district, { clock: () => now, operators: false });
    await vi.runOnlyPendingTimersAsync();
    const size = store.getState().incidents.byId.size;
    a.stop();
    const b = startDemoFeed(store, district, { clock: () => now, operators: false });
    await vi.runOnlyPendingTimersAsync();
    expect(store.getState().incidents.byId.size).toBe(size);
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
