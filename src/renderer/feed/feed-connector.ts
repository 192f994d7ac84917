/**
 * Runs one configured feed: drives the pure reconnect machine (core/feed/connection.ts) with a
 * transport, performs its effects (connect, one timer, close), and hands what arrives to the app
 * store.
 *
 * - Ingest happens once, in the store (`feedBatchReceived`): its per-feed ingest state is the truth,
 *   `lastSeq` included. The machine is told only that the line is alive (`alive`), and every
 *   connect goes to `resumeUrl(url, <the store's lastSeq>)`, read after the frames still buffered
 *   were handed over, so a reconnect resumes exactly after the last message the app has.
 * - Frames are buffered and dispatched as ONE `feedBatchReceived` per animation frame: a burst of
 *   hundreds of frames a second costs one state update and one render per frame, not one per frame
 *   received. A backstop timer flushes when frames are not painted (a hidden window gets no
 *   animation frames at all).
 * - What the machine decides (connecting, live, reconnecting with attempt and next try, offline) is
 *   dispatched as `feedStatusChanged`, after the buffer is flushed, so a late batch can never mark a
 *   feed live that has just dropped.
 */
import { connectionConfig, connectionStep, formatFeedTime, initialConnectionState, resumeUrl, FEED_SILENT_AFTER_S, type ConnectionEvent, type ConnectionState } from '@core/feed';
import type { FeedConfig } from '@core/feed/feed-config';
import type { AppAction, FeedConnection, FeedStatusPatch, ReceivedMessage } from '@core/state';
import type { FeedTransport, FeedTransportConnection } from './feed-transport';

/** A hidden window gets no animation frames: flush at least this often (ms). */
export const FLUSH_BACKSTOP_MS = 250;
/** Without requestAnimationFrame: about one frame (ms). */
const FRAME_MS = 16;

export interface FeedConnectorDeps {
  dispatch: (action: AppAction) => void;
  /** The feed's lastSeq in the app store (−1 before any message). */
  lastSeq: () => number;
  /** Epoch ms. */
  now?: () => number;
  /** In [0, 1): the backoff's jitter. */
  random?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /** Defaults to the window's; absent (Node), a 16 ms timer stands in. */
  requestAnimationFrame?: ((fn: () => void) => unknown) | null;
  cancelAnimationFrame?: ((handle: unknown) => void) | null;
  /** Offset of `receivedAt` (minutes east of UTC); default the local time zone's. */
  utcOffsetMinutes?: number;
  /** Silence after which the connection is dropped (ms); default 30 s, longer for slow polling. */
  silentAfterMs?: number;
}

export interface FeedConnector {
  readonly id: string;
  /** The configuration it runs (its label follows `relabel`). */
  config(): FeedConfig;
  /** A new name for the status; the connection is not touched. */
  relabel(label: string): void;
  /** The machine's state now (tests, devtools). */
  state(): ConnectionState;
  /**
   * Stops for good: hands over what is buffered, closes the connection, clears the timer and (unless
   * `report` is false, e.g. for a feed being removed) reports the feed offline.
   */
  stop(options?: { report?: boolean }): void;
}

const CONNECTION_OF: Record<ConnectionState['phase'], FeedConnection> = {
  idle: 'offline',
  connecting: 'connecting',
  connected: 'live',
  reconnecting: 'reconnecting',
  stopped: 'offline',
};

/** The silence limit for a feed: HTTP polling at a slow interval must not look silent between polls. */
export function silentAfterMsFor(config: FeedConfig): number {
  const base = FEED_SILENT_AFTER_S * 1000;
  return config.kind === 'http-poll' ? Math.max(base, 3 * (config.pollIntervalMs ?? 0)) : base;
}

/** Starts `config` over `transport` at once. */
export function startFeedConnector(config: FeedConfig, transport: FeedTransport, deps: FeedConnectorDeps): FeedConnector {
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimeout ?? ((fn: () => void, ms: number) => globalThis.setTimeout(fn, ms));
  const clearTimer = deps.clearTimeout ?? ((h: unknown) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>));
  const raf =
    deps.requestAnimationFrame !== undefined
      ? deps.requestAnimationFrame
      : typeof globalThis.requestAnimationFrame === 'function'
        ? (fn: () => void) => globalThis.requestAnimationFrame(fn)
        : null;
  const caf =
    deps.cancelAnimationFrame !== undefined
      ? deps.cancelAnimationFrame
      : typeof globalThis.cancelAnimationFrame === 'function'
        ? (h: unknown) => globalThis.cancelAnimationFrame(h as number)
        : null;
  const utcOffset = deps.utcOffsetMinutes ?? -new Date().getTimezoneOffset();
  const feedId = config.id;
  let label = config.label;

  let machine = initialConnectionState(
    connectionConfig(config.url, { random: deps.random ?? Math.random, silentAfterMs: deps.silentAfterMs ?? silentAfterMsFor(config), utcOffsetMinutes: utcOffset }),
  );
  let connection: FeedTransportConnection | null = null;
  /** Bumped per connection: a report from an older one is ignored. */
  let generation = 0;
  let timer: unknown = null;
  let stopped = false;

  // The buffer of frames not yet handed to the store, and the pending flush.
  let buffer: ReceivedMessage[] = [];
  let frameHandle: unknown = null;
  let backstopHandle: unknown = null;

  const flush = (): void => {
    if (frameHandle !== null) {
      if (raf && caf) caf(frameHandle);
      else if (!raf) clearTimer(frameHandle);
      frameHandle = null;
    }
    if (backstopHandle !== null) clearTimer(backstopHandle);
    backstopHandle = null;
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    deps.dispatch({ type: 'feedBatchReceived', batch, feedId });
  };

  const scheduleFlush = (): void => {
    if (frameHandle !== null) return;
    frameHandle = raf ? raf(flush) : setTimer(flush, FRAME_MS);
    if (raf) backstopHandle = setTimer(flush, FLUSH_BACKSTOP_MS);
  };

  let reported: FeedStatusPatch | null = null;
  /** Set when the feed is being removed: nothing more may reach the store under its id. */
  let muted = false;
  const report = (): void => {
    if (muted) return;
    const patch: FeedStatusPatch = {
      connection: CONNECTION_OF[machine.phase],
      kind: config.kind,
      label,
      attempt: machine.attempt,
      nextTryAt: machine.nextTryAt,
      lastError: machine.lastError,
      reconnects: Math.max(0, machine.opens - 1),
    };
    if (reported && (Object.keys(patch) as (keyof FeedStatusPatch)[]).every((k) => patch[k] === reported?.[k])) return;
    reported = patch;
    // What arrived before the change belongs to the state before it.
    flush();
    deps.dispatch({ type: 'feedStatusChanged', feedId, status: patch });
  };

  // Events are applied one at a time: an effect (open, close) may make a transport report at once.
  const queue: ConnectionEvent[] = [];
  let applying = false;
  const apply = (event: ConnectionEvent): void => {
    queue.push(event);
    if (applying) return;
    applying = true;
    try {
      for (let e = queue.shift(); e !== undefined; e = queue.shift()) {
        const step = connectionStep(machine, e);
        machine = step.state;
        for (const effect of step.effects) perform(effect);
      }
    } finally {
      applying = false;
    }
    report();
  };

  const tick = (): void => {
    timer = null;
    if (!stopped) apply({ type: 'tick', at: now() });
  };

  const perform = (effect: ReturnType<typeof connectionStep>['effects'][number]): void => {
    switch (effect.kind) {
      case 'schedule':
        if (timer !== null) clearTimer(timer);
        timer = setTimer(tick, Math.max(0, effect.atMs - now()));
        return;
      case 'close':
        generation++;
        connection?.close();
        connection = null;
        return;
      case 'connect': {
        connection?.close();
        const mine = ++generation;
        // The store's lastSeq decides where to resume: hand it what is buffered first.
        flush();
        const url = resumeUrl(effect.url, deps.lastSeq());
        const live = (): boolean => !stopped && mine === generation;
        connection = transport.open(
          url,
          {
            opened: () => live() && apply({ type: 'opened', at: now() }),
            messages: (raws) => {
              if (!live() || raws.length === 0) return;
              const at = now();
              const receivedAt = formatFeedTime(at, utcOffset);
              for (const raw of raws) buffer.push({ raw, receivedAt });
              scheduleFlush();
              apply({ type: 'alive', at });
            },
            alive: () => live() && apply({ type: 'alive', at: now() }),
            closed: (reason) => live() && apply({ type: 'closed', at: now(), reason }),
            error: (message) => live() && apply({ type: 'error', at: now(), error: message }),
          },
          deps.lastSeq,
        );
        return;
      }
    }
  };

  apply({ type: 'start', at: now() });

  return {
    id: feedId,
    config: () => ({ ...config, label }),
    relabel(next) {
      if (next === label || stopped) return;
      label = next;
      report();
    },
    state: () => machine,
    stop(options = {}) {
      if (stopped) return;
      if (options.report === false) {
        // A removed feed: what is buffered would bring its view back (feedBatchReceived adds it).
        muted = true;
        buffer = [];
      }
      flush();
      // The machine closes the connection; report() then says offline (unless muted).
      apply({ type: 'stop', at: now() });
      stopped = true;
      generation++;
      connection?.close();
      connection = null;
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}
