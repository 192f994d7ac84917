import { describe, expect, it } from 'vitest';
import { createAppStore } from './app-store';
import { CLOCK_STEP_MS, clockTickAt, startIncidentClock } from './incident-clock';

describe('the incidents clock', () => {
  it('writes the half-minute step holding a time, in +08:00', () => {
    expect(clockTickAt(Date.parse('2026-11-22T01:02:44.900Z'))).toBe('2026-11-22T09:02:30+08:00');
    expect(clockTickAt(Date.parse('2026-11-22T01:02:30.000Z'))).toBe('2026-11-22T09:02:30+08:00');
  });

  it('ticks at once, then at each step boundary, and stops', () => {
    const store = createAppStore();
    let now = Date.parse('2026-11-22T01:02:44.000Z');
    const timers: { fn: () => void; ms: number }[] = [];
    const stop = startIncidentClock(store, { clock: () => now, setTimer: (fn, ms) => timers.push({ fn, ms }), clearTimer: () => undefined });
    expect(store.getState().incidents.now).toBe('2026-11-22T09:02:30+08:00');
    expect(timers[0].ms).toBe(16_000 + 5);
    now += timers[0].ms;
    timers[0].fn();
    expect(store.getState().incidents.now).toBe('2026-11-22T09:03:00+08:00');
    expect(timers[1].ms).toBe(CLOCK_STEP_MS - 5 + 5);
    stop();
    now += CLOCK_STEP_MS;
    timers[1].fn();
    expect(store.getState().incidents.now).toBe('2026-11-22T09:03:00+08:00');
  });
});
