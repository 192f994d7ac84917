/**
 * The reconnect / resume logic of a feed connection, as a pure state machine that every transport
 * (WebSocket in Node or the browser, HTTP polling, MQTT) drives the same way: the transport reports
 * events (`start`, `opened`, `message`, `alive`, `closed`, `error`, `tick`, `stop`) and performs the effects
 * the updater returns (`connect` to a URL, `schedule` a tick at a time, `close` the connection).
 * No timers, sockets or clocks in here: times come in the events, randomness from the config.
 *
 *   idle ──start──▶ connecting ──opened──▶ connected ──closed/error/silent──▶ reconnecting
 *                       ▲  │ (no open in time: reconnecting)                     │
 *                       └──┴──────────────── tick at nextTryAt ◀─────────────────┘
 *   any ──stop──▶ stopped (──start──▶ connecting again)
 *
 * - Resume: every connect goes to `resumeUrl(url, lastSeq)`, so the server replays `seq > lastSeq`.
 * - Backoff: exponential with full jitter (AWS's "full jitter"): before reconnect attempt n the wait
 *   is `random() × min(cap, base × 2^(n−1))`, base 500 ms, cap 30 s. The attempt count goes back to
 *   0 once a connection has stayed up `stableAfterMs` (10 s), so one drop after hours of service
 *   reconnects at once, and a server that accepts and drops at once is not hammered.
 * - Watchdog: nothing received (heartbeats count, and so does a refused frame: the line is alive)
 *   for `silentAfterMs` (FEED_SILENT_AFTER_S) means the connection is dead even if the socket says
 *   otherwise: close it and reconnect. The same limit bounds a connect that never opens.
 * - Every message goes through `ingestMessage`, so duplicates across a reconnect are dropped by
 *   content and nothing is applied twice. A driver whose messages are ingested elsewhere (the
 *   renderer's connector: the app store holds the feed's ingest state) reports them as `alive`
 *   instead and builds each connect URL from that state's lastSeq (`resumeUrl`), so nothing is
 *   ingested twice.
 *
 * The driver keeps one timer: a `schedule` effect replaces the pending one. Messages do not
 * re-arm it (that would be a timer per message); the tick re-arms itself to the current deadline.
 */
import { FEED_SILENT_AFTER_S, ingestMessage, initialIngestState, resumeUrl, type FeedCounts, type FeedIngestState, type IngestOutcome } from './ingest';

/** Wait before the first reconnect attempt is at most this (ms); it doubles per attempt. */
export const RECONNECT_BASE_MS = 500;
/** The longest wait between reconnect attempts (ms). */
export const RECONNECT_CAP_MS = 30_000;
/** A connection that stayed up this long resets the attempt count (ms). */
export const CONNECTION_STABLE_AFTER_MS = 10_000;
/** The window of `ratePerMinute` (ms). */
export const RATE_WINDOW_MS = 60_000;

export type ConnectionPhase = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'stopped';

export interface ConnectionConfig {
  /** The feed URL without `since` (it is added per connect). */
  readonly url: string;
  /** A number in [0, 1), like Math.random; injected so tests are exact. */
  readonly random: () => number;
  readonly baseMs: number;
  readonly capMs: number;
  readonly stableAfterMs: number;
  /** Silence (and connect time) after which the connection is dropped (ms). */
  readonly silentAfterMs: number;
  /** Offset of the receiving clock for `receivedAt` of ingested messages (minutes east of UTC). */
  readonly utcOffsetMinutes: number;
  /** Whether a category code exists (the classification); omitted, any code passes. */
  readonly knownCategory?: (code: string) => boolean;
}

/** Accepted messages in one second (for the rate). */
interface RateBucket {
  readonly second: number;
  readonly count: number;
}

export interface ConnectionState {
  readonly config: ConnectionConfig;
  readonly phase: ConnectionPhase;
  /** Reconnect attempts since the last stable connection (0 while healthy). */
  readonly attempt: number;
  /** When the next connect is due (ms), while reconnecting. */
  readonly nextTryAt: number | null;
  /** When the current connection opened (ms), while connected. */
  readonly connectedAt: number | null;
  /** Last sign of life (ms): connect start, open, or any frame. The watchdog counts from here. */
  readonly lastActivityAt: number | null;
  readonly ingest: FeedIngestState;
  readonly rate: readonly RateBucket[];
  readonly lastError: string | null;
  /** Connections that opened, the first included. */
  readonly opens: number;
}

export type ConnectionEvent =
  | { type: 'start'; at: number }
  | { type: 'opened'; at: number }
  /** One frame as received: its text (or an already parsed value) at `at` ms. */
  | { type: 'message'; raw: unknown; at: number }
  /**
   * A sign of life without a message for this machine to ingest: an HTTP poll that came back empty,
   * or frames that the caller ingests elsewhere (the renderer's connector hands them to the app
   * store, whose ingest state is the one that counts). Opens a connecting connection, like a
   * message, and feeds the watchdog; ingest, lastSeq and the rate are left alone.
   */
  | { type: 'alive'; at: number }
  | { type: 'closed'; at: number; reason?: string }
  | { type: 'error'; at: number; error: string }
  | { type: 'tick'; at: number }
  | { type: 'stop'; at: number };

export type ConnectionEffect =
  /** Open a connection to this URL (the previous one, if any, is already closed or abandoned). */
  | { kind: 'connect'; url: string }
  /** Call back with a `tick` at this time (ms); replaces any tick already scheduled. */
  | { kind: 'schedule'; atMs: number }
  /** Close the current connection now and ignore anything more it reports. */
  | { kind: 'close' };

export interface ConnectionStep {
  state: ConnectionState;
  effects: ConnectionEffect[];
  /** What ingest made of a `message` event; absent for other events and ignored messages. */
  outcome?: IngestOutcome;
}

/** What the UI shows about a feed connection. */
export interface ConnectionStatus {
  state: ConnectionPhase;
  attempt: number;
  nextTryAt: number | null;
  /** ISO time of the last message received (any outcome), null before any. */
  lastMessageAt: string | null;
  lastSeq: number;
  /** Messages accepted in the last 60 s (to the second). */
  ratePerMinute: number;
  counts: FeedCounts;
  lastError: string | null;
  /** Connections that opened after the first. */
  reconnects: number;
}

/** A config with the protocol's defaults; `url` is the feed URL without `since`. */
export function connectionConfig(url: string, options: Partial<Omit<ConnectionConfig, 'url'>> = {}): ConnectionConfig {
  const config: ConnectionConfig = {
    url,
    random: options.random ?? Math.random,
    baseMs: options.baseMs ?? RECONNECT_BASE_MS,
    capMs: options.capMs ?? RECONNECT_CAP_MS,
    stableAfterMs: options.stableAfterMs ?? CONNECTION_STABLE_AFTER_MS,
    silentAfterMs: options.silentAfterMs ?? FEED_SILENT_AFTER_S * 1000,
    utcOffsetMinutes: options.utcOffsetMinutes ?? 0,
    knownCategory: options.knownCategory,
  };
  for (const key of ['baseMs', 'capMs', 'stableAfterMs', 'silentAfterMs'] as const) {
    if (!(config[key] > 0) || !Number.isFinite(config[key])) throw new RangeError(`${key} must be a positive number of milliseconds, got ${config[key]}`);
  }
  resumeUrl(url, -1); // nothing to check but that it does not throw
  return config;
}

/** A connection that has not started, resuming from `ingest` when given (e.g. restored from disk). */
export function initialConnectionState(config: ConnectionConfig, ingest: FeedIngestState = initialIngestState()): ConnectionState {
  return {
    config,
    phase: 'idle',
    attempt: 0,
    nextTryAt: null,
    connectedAt: null,
    lastActivityAt: null,
    ingest,
    rate: [],
    lastError: null,
    opens: 0,
  };
}

/**
 * The wait before reconnect attempt `attempt` (1-based): full jitter, `random × min(cap, base × 2^(attempt−1))`,
 * a whole number of ms in [0, that bound).
 */
export function backoffDelayMs(attempt: number, random: number, baseMs = RECONNECT_BASE_MS, capMs = RECONNECT_CAP_MS): number {
  const bound = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 60));
  const r = Math.min(Math.max(random, 0), 1);
  return Math.min(Math.floor(r * bound), Math.max(0, Math.ceil(bound) - 1));
}

/**
 * An instant as ISO 8601 with an offset (`Z` for 0), milliseconds included: the receiving clock's
 * `receivedAt`. `offsetMinutes` is minutes east of UTC (+480 for China).
 *
 * @example formatFeedTime(Date.UTC(2024, 4, 1, 0, 30), 480) === '2024-05-01T08:30:00.000+08:00'
 */
export function formatFeedTime(ms: number, offsetMinutes = 0): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString(); // …Z, but in local wall time
  if (offsetMinutes === 0) return local;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local.slice(0, -1)}${sign}${hh}:${mm}`;
}

/** The URL the next connect goes to: the feed URL with `since=<lastSeq>` (none before any message). */
export function connectUrl(state: ConnectionState): string {
  return resumeUrl(state.config.url, state.ingest.lastSeq);
}

/** The next time a tick has something to decide while connected or connecting (ms). */
function nextDeadline(state: ConnectionState): number | null {
  if (state.phase === 'reconnecting') return state.nextTryAt;
  if (state.phase !== 'connecting' && state.phase !== 'connected') return null;
  let at = (state.lastActivityAt ?? 0) + state.config.silentAfterMs;
  if (state.phase === 'connected' && state.attempt > 0 && state.connectedAt !== null) {
    at = Math.min(at, state.connectedAt + state.config.stableAfterMs);
  }
  return at;
}

function connect(state: ConnectionState, at: number): ConnectionStep {
  const next: ConnectionState = { ...state, phase: 'connecting', nextTryAt: null, connectedAt: null, lastActivityAt: at };
  return { state: next, effects: [{ kind: 'connect', url: connectUrl(next) }, { kind: 'schedule', atMs: at + state.config.silentAfterMs }] };
}

/** The connection is gone (or given up on): back off and schedule the next attempt. */
function drop(state: ConnectionState, at: number, reason: string, close: boolean): ConnectionStep {
  const { config } = state;
  const wasStable = state.connectedAt !== null && at - state.connectedAt >= config.stableAfterMs;
  const attempt = (wasStable ? 0 : state.attempt) + 1;
  const nextTryAt = at + backoffDelayMs(attempt, config.random(), config.baseMs, config.capMs);
  const next: ConnectionState = { ...state, phase: 'reconnecting', attempt, nextTryAt, connectedAt: null, lastError: reason };
  const effects: ConnectionEffect[] = close ? [{ kind: 'close' }] : [];
  effects.push({ kind: 'schedule', atMs: nextTryAt });
  return { state: next, effects };
}

function opened(state: ConnectionState, at: number): ConnectionState {
  return { ...state, phase: 'connected', connectedAt: at, lastActivityAt: at, opens: state.opens + 1 };
}

function countAccepted(rate: readonly RateBucket[], at: number): readonly RateBucket[] {
  const second = Math.floor(at / 1000);
  const windowStart = second - RATE_WINDOW_MS / 1000;
  const kept = rate.filter((b) => b.second > windowStart);
  const last = kept[kept.length - 1];
  if (last && last.second === second) return [...kept.slice(0, -1), { second, count: last.count + 1 }];
  return [...kept, { second, count: 1 }];
}

/** Applies one event. Pure: returns the new state, the effects to perform and, for a message, its outcome. */
export function connectionStep(state: ConnectionState, event: ConnectionEvent): ConnectionStep {
  const none = (s: ConnectionState = state): ConnectionStep => ({ state: s, effects: [] });
  const { config } = state;
  switch (event.type) {
    case 'start':
      if (state.phase !== 'idle' && state.phase !== 'stopped') return none();
      return connect({ ...state, attempt: 0, lastError: null }, event.at);

    case 'opened': {
      if (state.phase !== 'connecting') return none(); // a late report from a connection given up on
      const next = opened(state, event.at);
      return { state: next, effects: [{ kind: 'schedule', atMs: nextDeadline(next) as number }] };
    }

    case 'message': {
      // A transport without an open event (HTTP polling) opens with its first message.
      let base = state;
      if (state.phase === 'connecting') base = opened(state, event.at);
      else if (state.phase !== 'connected') return none();
      const receivedAt = formatFeedTime(event.at, config.utcOffsetMinutes);
      const r = ingestMessage(base.ingest, event.raw, receivedAt, config.knownCategory);
      const rate = r.outcome.kind === 'accepted' ? countAccepted(base.rate, event.at) : base.rate;
      const next: ConnectionState = { ...base, ingest: r.state, rate, lastActivityAt: Math.max(base.lastActivityAt ?? event.at, event.at) };
      const effects: ConnectionEffect[] = base === state ? [] : [{ kind: 'schedule', atMs: nextDeadline(next) as number }];
      return { state: next, effects, outcome: r.outcome };
    }

    case 'alive': {
      let base = state;
      if (state.phase === 'connecting') base = opened(state, event.at);
      else if (state.phase !== 'connected') return none();
      const lastActivityAt = Math.max(base.lastActivityAt ?? event.at, event.at);
      if (base === state && lastActivityAt === state.lastActivityAt) return none();
      const next: ConnectionState = { ...base, lastActivityAt };
      return { state: next, effects: base === state ? [] : [{ kind: 'schedule', atMs: nextDeadline(next) as number }] };
    }

    case 'closed':
      if (state.phase !== 'connecting' && state.phase !== 'connected') return none();
      return drop(state, event.at, event.reason ?? 'the connection closed', false);

    case 'error':
      if (state.phase !== 'connecting' && state.phase !== 'connected') return none({ ...state, lastError: event.error });
      return drop(state, event.at, event.error, true);

    case 'tick': {
      const now = event.at;
      if (state.phase === 'reconnecting') {
        if (state.nextTryAt !== null && now >= state.nextTryAt) return connect(state, now);
        return { state, effects: state.nextTryAt === null ? [] : [{ kind: 'schedule', atMs: state.nextTryAt }] };
      }
      if (state.phase !== 'connecting' && state.phase !== 'connected') return none();
      const silentFor = now - (state.lastActivityAt ?? now);
      if (silentFor >= config.silentAfterMs) {
        const secs = Math.round(config.silentAfterMs / 1000);
        const reason = state.phase === 'connecting' ? `the connection did not open within ${secs} s` : `nothing received for ${secs} s: the feed is silent`;
        return drop(state, now, reason, true);
      }
      let next = state;
      if (state.phase === 'connected' && state.attempt > 0 && state.connectedAt !== null && now - state.connectedAt >= config.stableAfterMs) {
        next = { ...state, attempt: 0 };
      }
      return { state: next, effects: [{ kind: 'schedule', atMs: nextDeadline(next) as number }] };
    }

    case 'stop': {
      const live = state.phase === 'connecting' || state.phase === 'connected';
      return { state: { ...state, phase: 'stopped', nextTryAt: null, connectedAt: null }, effects: live ? [{ kind: 'close' }] : [] };
    }
  }
}

/** Applies events in order, gathering effects and outcomes (for tests and replays). */
export function connectionSteps(state: ConnectionState, events: Iterable<ConnectionEvent>): { state: ConnectionState; effects: ConnectionEffect[]; outcomes: IngestOutcome[] } {
  let s = state;
  const effects: ConnectionEffect[] = [];
  const outcomes: IngestOutcome[] = [];
  for (const e of events) {
    const r = connectionStep(s, e);
    s = r.state;
    effects.push(...r.effects);
    if (r.outcome) outcomes.push(r.outcome);
  }
  return { state: s, effects, outcomes };
}

/** The status the UI shows, at `now` (ms). */
export function connectionStatus(state: ConnectionState, now: number): ConnectionStatus {
  const windowStart = Math.floor(now / 1000) - RATE_WINDOW_MS / 1000;
  let rate = 0;
  for (const b of state.rate) if (b.second > windowStart) rate += b.count;
  return {
    state: state.phase,
    attempt: state.attempt,
    nextTryAt: state.nextTryAt,
    lastMessageAt: state.ingest.lastMessageAt,
    lastSeq: state.ingest.lastSeq,
    ratePerMinute: rate,
    counts: { ...state.ingest.counts },
    lastError: state.lastError,
    reconnects: Math.max(0, state.opens - 1),
  };
}
