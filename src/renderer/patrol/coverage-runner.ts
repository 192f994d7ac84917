/**
 * Keeps the coverage report current while someone looks at it: while the patrol tab is open or
 * the coverage or gap layer is on, a run starts when the window, the settings or the district
 * change, and again as live fixes arrive, at most every LIVE_REFRESH_MS. Results go to the state
 * through the coverage actions; a new run cancels the one before.
 */
import type { AppState } from '@core/state';
import type { AppStore } from '../app/app-store';
import { coverageInputsOf, coverageRequestOf } from './coverage-inputs';
import { runCoverageReport, type CoverageRunControls } from './coverage-client';

/** Live data is folded in at most this often (ms): a week of tracks takes a few seconds to cover. */
export const LIVE_REFRESH_MS = 60_000;

export interface CoverageRunnerOptions {
  createWorker?: CoverageRunControls['createWorker'];
  now?: () => number;
  /** How often the runner checks whether live data is due (ms). */
  pollMs?: number;
}

function wanted(state: AppState): boolean {
  const v = state.patrolView;
  return state.phase === 'ready' && state.district !== null && (state.sideTab === 'patrol' || v.layers.coverage || v.layers.gaps);
}

/**
 * What forces a new run at once when it changes (the live data only every LIVE_REFRESH_MS). The
 * window's start is in it so "today" moves on at midnight (and "this week" on Monday) even when
 * no fix arrives.
 */
function inputsKey(state: AppState): unknown[] {
  const v = state.patrolView;
  return [state.district, v.period, v.customFrom, v.customTo, v.settings, coverageRequestOf(state)?.from ?? null];
}

/**
 * Starts keeping `appStore`'s coverage report current (see the module comment); returns stop,
 * which cancels the run in progress. Options are for tests: a fake worker, a clock, the poll.
 */
export function startCoverageRunner(appStore: AppStore, options: CoverageRunnerOptions = {}): () => void {
  const now = options.now ?? Date.now;
  let lastKey: unknown[] | null = null;
  let lastRevision = -1;
  let lastRunAt = -Infinity;
  let requestId = appStore.getState().patrolView.run.requestId;
  let controller: AbortController | null = null;
  /** Whether the latest run has not finished: live data then waits for it (see check). */
  let inFlight = false;
  let stopped = false;

  const start = (state: AppState): void => {
    const request = coverageRequestOf(state);
    const gathered = request ? coverageInputsOf(state, request) : null;
    if (!request || !gathered) return;
    controller?.abort();
    const own = new AbortController();
    controller = own;
    const id = ++requestId;
    lastKey = inputsKey(state);
    lastRevision = state.patrol.revision;
    lastRunAt = now();
    inFlight = true;
    const settled = (): void => {
      if (controller === own) inFlight = false;
    };
    appStore.dispatch({ type: 'coverageRunStarted', requestId: id });
    runCoverageReport(gathered.inputs, request, {
      signal: own.signal,
      transfer: gathered.transfer,
      createWorker: options.createWorker,
      onProgress: (p) => appStore.dispatch({ type: 'coverageProgressed', requestId: id, fraction: p.fraction }),
    }).then(
      (report) => {
        settled();
        if (!stopped) appStore.dispatch({ type: 'coverageComputed', requestId: id, report });
      },
      (err: unknown) => {
        settled();
        if (stopped || (err instanceof DOMException && err.name === 'AbortError')) return;
        appStore.dispatch({ type: 'coverageFailed', requestId: id, message: err instanceof Error ? err.message : String(err) });
      },
    );
  };

  const check = (): void => {
    if (stopped) return;
    const state = appStore.getState();
    if (!wanted(state)) return;
    const key = inputsKey(state);
    const changed = lastKey === null || key.some((k, i) => k !== lastKey?.[i]);
    // Live data never cancels a run in progress: a run longer than the interval (a month of
    // tracks) would otherwise be restarted forever and never finish.
    const liveDue = !inFlight && state.patrol.revision !== lastRevision && now() - lastRunAt >= LIVE_REFRESH_MS;
    if (changed || liveDue) start(state);
  };

  const unsubscribe = appStore.subscribe(check);
  const timer = setInterval(check, options.pollMs ?? 5_000);
  check();
  return () => {
    stopped = true;
    controller?.abort();
    clearInterval(timer);
    unsubscribe();
  };
}
