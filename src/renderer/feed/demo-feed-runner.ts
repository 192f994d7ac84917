/**
 * The demo district's built-in live feed, so `npm start` shows incidents arriving without any
 * server: today's seeded demo feed (core/incidents/demo-feed.ts) is played against the wall
 * clock. What is already due is delivered at start in batches, the rest as its time comes (with
 * the simulated patrols of the last seven days replayed first, coarser, see HISTORY_EVERY_S); the
 * simulated duty operators (demo-operator.ts) then carry each case through the workflow with the
 * same actions an operator's click dispatches. A reload regenerates the same messages, which the
 * ingest and the workflow recognise (same id and version), so nothing is doubled.
 */
import { chinaDayStart, CHINA_OFFSET_MINUTES, DAY_MS } from '@core/china-time';
import { demoFeedMessages, demoOperatorStep, formatIso, parseIso } from '@core/incidents';
import type { FeedMessage } from '@core/feed';
import type { District } from '@core/model';
import { OPEN_STATUSES } from '@core/incidents';
import { DEMO_FEED_ID } from '@core/state';
import type { AppStore } from '../app/app-store';
import { clockTickAt } from '../app/incident-clock';

/** Demo reports per hour over a day (more by day). */
export const DEMO_INCIDENTS_PER_HOUR = 24;
export const DEMO_FEED_SEED = 20261122;
/** Messages per dispatched batch while catching up. */
const CATCH_UP_BATCH = 500;
const TICK_MS = 1000;
/** Seconds between the simulated workers' position fixes. */
export const DEMO_POSITIONS_EVERY_S = 10;
/**
 * At start the last minute is replayed at the live interval; today's walks before it (from
 * 00:00 China time: nobody walks before about 08:15) at HISTORY_EVERY_S, and the six days before
 * at PAST_DAYS_EVERY_S, so today's coverage and the 7-day trend are there at once without
 * hundreds of thousands of fixes. Both still join into walks (the coverage gap rule is 5 minutes)
 * and half-minute fixes still show most door-to-door stops (3 minutes at an entrance).
 */
const POSITION_CATCH_UP_MS = 60_000;
/** Seconds between the fixes replayed for earlier today. */
export const HISTORY_EVERY_S = 30;
/** Seconds between the fixes replayed for the days before today. */
export const PAST_DAYS_EVERY_S = 60;
/**
 * Days before today whose walks are replayed at start. Six (the whole 7-day trend) cost about
 * 200,000 messages and made the first start in headless Chromium take 40 s instead of 8 s on this
 * 2-core machine; yesterday alone keeps the trend honest at a sixth of that. Older days come from
 * the store (patrol data is kept for 62 days) once the app has run on them.
 */
export const PAST_DAYS = 1;
/** History messages per dispatched batch: each batch is one turn of the event loop, so the page stays responsive. */
export const HISTORY_BATCH = 2000;
/** History is generated an hour of the simulated day at a time, as the batches need it. */
const HISTORY_SPAN_MS = 3_600_000;
/** Positions are generated ten minutes at a time (about 4,200 fixes for the demo's 70 workers). */
const POSITION_WINDOW_MS = 10 * 60_000;
/** Simulated operators act on at most this many steps per tick (the rest wait a tick). */
const OPERATOR_STEPS_PER_TICK = 400;


export interface DemoFeedHandle {
  stop(): void;
}

/**
 * Starts the demo feed for `district` on `appStore`.
 */
export interface DemoFeedOptions {
  /** Epoch ms now (tests and training pass a shifted clock). */
  clock?: () => number;
  /** Whether the simulated duty operators act (default true). */
  operators?: boolean;
  /** Hold the replay of earlier walks until the map has rendered (the app: true; tests: false). */
  historyAfterMapReady?: boolean;
  /**
   * Whether the app starts the demo feed at all (default true); read by App.tsx, not by
   * startDemoFeed. `?demoFeed=0` turns it off, so benchmarks and tests feed the app alone.
   */
  enabled?: boolean;
}

/**
 * Options from the page URL, for trainers and tests: `?demoTime=<ISO>` starts the demo clock at
 * that time (then it runs at normal speed), `?demoOperators=0` leaves every case to the operator,
 * `?demoFeed=0` starts no demo feed at all (bench/ingest-chromium.mjs then delivers its own messages
 * through `window.__gridroom.feed`).
 */
export function demoFeedOptionsFromUrl(search: string, now: () => number = Date.now): DemoFeedOptions {
  const params = new URLSearchParams(search);
  const options: DemoFeedOptions = {};
  const start = params.get('demoTime');
  const startMs = start ? parseIso(start) : null;
  if (startMs !== null) {
    const shift = startMs - now();
    options.clock = () => now() + shift;
  }
  if (params.get('demoOperators') === '0') options.operators = false;
  if (params.get('demoFeed') === '0') options.enabled = false;
  return options;
}

export function startDemoFeed(appStore: AppStore, district: District, options: DemoFeedOptions = {}): DemoFeedHandle {
  const clock = options.clock ?? Date.now;
  const startedAt = clock();
  const operators = options.operators ?? true;
  const dispatch = appStore.dispatch;
  let day = -1;
  let messages: FeedMessage[] = [];
  let next = 0;
  // Positions come in windows of POSITION_WINDOW_MS generated when the clock reaches them: a
  // whole day of fixes (about 200,000) generated and skipped at start delayed the first map.
  let window0 = Number.NaN;
  let positions: FeedMessage[] = [];
  let nextPosition = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const loadDay = (now: number): void => {
    const start = chinaDayStart(now);
    if (start === day) return;
    day = start;
    messages = demoFeedMessages(district, {
      seed: DEMO_FEED_SEED,
      start: formatIso(start, CHINA_OFFSET_MINUTES),
      hours: 24,
      incidentsPerHour: DEMO_INCIDENTS_PER_HOUR,
      positionsEverySeconds: 0,
      patrolDay: true,
    }).filter((m) => m.kind !== 'heartbeat');
    next = 0;
  };

  const loadPositions = (now: number): void => {
    // The window holding the catch-up point at start; once a window is used up, the one holding now.
    const want = Number.isNaN(window0) ? startedAt - POSITION_CATCH_UP_MS : nextPosition >= positions.length ? now : window0;
    const start = want - (want % POSITION_WINDOW_MS);
    if (start === window0) return;
    window0 = start;
    positions = demoFeedMessages(district, {
      seed: DEMO_FEED_SEED,
      start: formatIso(start, CHINA_OFFSET_MINUTES),
      hours: POSITION_WINDOW_MS / 3_600_000,
      incidentsPerHour: 0,
      positionsEverySeconds: DEMO_POSITIONS_EVERY_S,
      patrolDay: true,
    }).filter((m) => m.kind === 'position');
    nextPosition = 0;
  };

  // The walks before the live window: the PAST_DAYS days before today at PAST_DAYS_EVERY_S, then
  // today up to the window at HISTORY_EVERY_S, oldest first (a fix older than a worker's newest
  // is refused as stale). Generated an hour at a time as the batches drain, so the start is not
  // one long stall; each batch is one dispatch.
  const historyEnd = startedAt - POSITION_CATCH_UP_MS;
  const today = chinaDayStart(startedAt);
  const spans: { start: number; end: number; every: number }[] = [];
  for (let t = today - PAST_DAYS * DAY_MS; t < historyEnd; t += HISTORY_SPAN_MS) {
    spans.push({ start: t, end: Math.min(t + HISTORY_SPAN_MS, historyEnd), every: t < today ? PAST_DAYS_EVERY_S : HISTORY_EVERY_S });
  }
  let nextSpan = 0;
  let history: FeedMessage[] = [];
  let nextHistory = 0;
  /** The next `max` (> 0) messages of history, or null when all of it has been sent. */
  const historyBatch = (max: number): FeedMessage[] | null => {
    while (nextHistory >= history.length && nextSpan < spans.length) {
      const span = spans[nextSpan++];
      history = demoFeedMessages(district, {
        seed: DEMO_FEED_SEED,
        start: formatIso(span.start, CHINA_OFFSET_MINUTES),
        hours: (span.end - span.start) / 3_600_000,
        incidentsPerHour: 0,
        positionsEverySeconds: span.every,
        patrolDay: true,
      }).filter((m) => m.kind === 'position');
      nextHistory = 0;
    }
    if (nextHistory >= history.length) return null;
    const part = history.slice(nextHistory, nextHistory + max);
    nextHistory += part.length;
    return part;
  };
  let historyDone = false;

  const operate = (nowIso: string): void => {
    let steps = 0;
    for (;;) {
      let acted = false;
      for (const incident of appStore.getState().incidents.byId.values()) {
        if (!OPEN_STATUSES.includes(incident.status)) continue;
        const action = demoOperatorStep(incident, nowIso);
        if (!action) continue;
        dispatch({ type: 'incidentActed', id: incident.id, action });
        acted = true;
        if (++steps >= OPERATOR_STEPS_PER_TICK) return;
      }
      if (!acted) return;
    }
  };

  const tick = (): void => {
    if (stopped) return;
    const now = clock();
    const nowIso = formatIso(now, CHINA_OFFSET_MINUTES);
    loadDay(now);
    // Today's incidents, visits and reports as they fall due: they are never refused as stale,
    // so they go alongside the history rather than wait for it.
    const batch = [];
    while (next < messages.length && batch.length < CATCH_UP_BATCH) {
      const at = parseIso(messages[next].at);
      if (at === null || at > now) break;
      batch.push({ raw: messages[next], receivedAt: nowIso });
      next++;
    }
    const catchingUp = batch.length === CATCH_UP_BATCH;
    // The walks wait for the first map render: tens of thousands of fixes on the main thread
    // before it pushed the first render from about 5 s to 14 s in headless Chromium.
    const holding = !historyDone && options.historyAfterMapReady === true && !appStore.getState().mapReady;
    // At most HISTORY_BATCH messages a turn in all while catching up.
    const past = historyDone || holding ? null : historyBatch(HISTORY_BATCH - batch.length);
    if (holding) {
      // Neither history nor live positions yet: a worker's fixes must arrive in time order.
    } else if (past) {
      for (const raw of past) batch.push({ raw, receivedAt: nowIso });
    } else {
      historyDone = true;
      // History sent: the live positions follow, from the last minute before the start.
      loadPositions(now);
      while (nextPosition < positions.length) {
        const message = positions[nextPosition];
        const at = parseIso(message.at);
        if (at === null || at > now) break;
        nextPosition++;
        if (at >= startedAt - POSITION_CATCH_UP_MS) batch.push({ raw: message, receivedAt: nowIso });
      }
    }
    // The clock first: the batch's urgent cases are judged news or catch-up against it. Deadlines
    // are judged in half-minute steps: a finer clock would redraw every incident each second.
    dispatch({ type: 'incidentClockTicked', now: clockTickAt(now) });
    if (batch.length > 0) dispatch({ type: 'feedBatchReceived', batch, feedId: DEMO_FEED_ID });
    if (operators && !past && !holding) operate(nowIso);
    // Catching up: the next batch at once (after a turn for input and paint); else once a second.
    timer = setTimeout(tick, catchingUp || past ? 0 : holding ? 100 : TICK_MS);
  };

  dispatch({ type: 'feedStatusChanged', feedId: DEMO_FEED_ID, status: { connection: 'live', kind: 'demo', label: 'feed.demo' } });
  tick();
  return {
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      dispatch({ type: 'feedStatusChanged', feedId: DEMO_FEED_ID, status: { connection: 'offline' } });
    },
  };
}
