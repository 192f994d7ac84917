import { fixesBetween } from '@core/patrol/tracks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateDemoDistrict } from '@core/demo';
import { parseIso } from '@core/incidents';
import { createAppStore } from '../app/app-store';
import { DEMO_POSITIONS_EVERY_S, HISTORY_EVERY_S, demoFeedOptionsFromUrl, startDemoFeed } from './demo-feed-runner';

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
    // Today's walks since midnight come first, in large batches; then the incidents due.
    for (let i = 0; i < 40 && store.getState().incidents.byId.size === 0; i++) await vi.runOnlyPendingTimersAsync();
    await vi.runOnlyPendingTimersAsync();
    const first = store.getState().incidents.byId.size;
    expect(first).toBeGreaterThan(50);
    expect(store.getState().incidents.feeds.demo.connection).toBe('live');
    const statuses = new Set([...store.getState().incidents.byId.values()].map((i) => i.status));
    expect(statuses.has('closed')).toBe(true);
    // Today's walks: a fix a minute since 00:00 (only while on duty), every 10 s over the last minute.
    const patrol = store.getState().patrol;
    expect(patrol.latest.size).toBeGreaterThan(20);
    const dayStart = parseIso('2026-11-22T00:00:00+08:00') ?? 0;
    const workers = [...patrol.latest.keys()];
    expect(patrol.accepted).toBeLessThanOrEqual(workers.length * ((now - dayStart) / 60_000 + 60 / DEMO_POSITIONS_EVERY_S + 1));
    const track = fixesBetween(patrol.tracks, workers[0]);
    expect(track.t[0]).toBeGreaterThanOrEqual(dayStart);
    for (let i = 1; i < track.length; i++) if (track.t[i] < now - 60_000) expect(track.t[i] - track.t[i - 1]).toBeGreaterThanOrEqual(HISTORY_EVERY_S * 1000);
    // Nobody walks through lunch and the night: the tracks have gaps (working hours).
    expect(patrol.accepted).toBeLessThan(workers.length * ((now - dayStart) / 60_000) * 0.8);
    // The day's daily reports so far (08:00–11:30) and logged visits arrived too.
    expect(patrol.reports.length).toBeGreaterThan(10);
    expect(patrol.visits.length).toBeGreaterThan(50);
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
