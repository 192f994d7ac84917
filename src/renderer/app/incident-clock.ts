/**
 * The clock incident deadlines are judged by (overdue, near due), ticked into the store whatever
 * feeds run: without it, a centre fed only by its own connectors or by imported files would judge
 * every deadline against the time the app started. Ticks come in whole steps of CLOCK_STEP_MS,
 * aligned to the step, so deadlines are re-judged (and the map's incidents redrawn) twice a minute
 * rather than every second. The demo feed uses the same clock function (a trainer's shifted
 * `?demoTime=` clock included), so the two never disagree.
 */
import { CHINA_OFFSET_MINUTES } from '@core/china-time';
import { formatIso } from '@core/incidents';
import type { AppStore } from './app-store';

/** Deadlines are judged in half-minute steps. */
export const CLOCK_STEP_MS = 30_000;

/** The step holding `ms`, as ISO with +08:00. */
export function clockTickAt(ms: number): string {
  return formatIso(ms - (((ms % CLOCK_STEP_MS) + CLOCK_STEP_MS) % CLOCK_STEP_MS), CHINA_OFFSET_MINUTES);
}

export interface IncidentClockOptions {
  /** Epoch ms now (tests, and the demo's shifted clock). */
  clock?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Ticks the incidents clock now and at every step; returns the stop function. */
export function startIncidentClock(appStore: AppStore, options: IncidentClockOptions = {}): () => void {
  const clock = options.clock ?? Date.now;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let handle: unknown = null;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    const now = clock();
    appStore.dispatch({ type: 'incidentClockTicked', now: clockTickAt(now) });
    // To the next step boundary (plus a little, so the tick lands inside the new step).
    const wait = CLOCK_STEP_MS - (((now % CLOCK_STEP_MS) + CLOCK_STEP_MS) % CLOCK_STEP_MS) + 5;
    handle = setTimer(tick, wait);
  };
  tick();
  return () => {
    stopped = true;
    if (handle !== null) clearTimer(handle);
  };
}
