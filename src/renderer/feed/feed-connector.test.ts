import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppAction } from '@core/state';
import { tinyDistrict } from '@core/state/__fixtures__/tiny-district';
import type { FeedConfig } from '@core/feed/feed-config';
import { createAppStore, type AppStore } from '../app/app-store';
import { FLUSH_BACKSTOP_MS, silentAfterMsFor, startFeedConnector } from './feed-connector';
import { startFeedConnectors } from './feed-connectors';
import type { FeedTransport, FeedTransportEvents } from './feed-transport';

const AT = '2024-05-01T08:30:00+08:00';
const incident = (seq: number, id: string, version = 1): string =>
  JSON.stringify({ kind: 'incident', seq, at: AT, id, version, category: '0101', title: `${id} v${version}`, lon: 113.6, lat: 34.75 });

/** A transport whose connections the test drives by hand. */
class FakeTransport implements FeedTransport {
  readonly opens: { url: string; events: FeedTransportEvents; closed: boolean }[] = [];
  open(url: string, events: FeedTransportEvents) {
    const conn = { url, events, closed: false };
    this.opens.push(conn);
    return {
      close() {
        conn.closed = true;
      },
    };
  }
  get last() {
    return this.opens[this.opens.length - 1];
  }
}

/** Animation frames the test runs by hand. */
function fakeFrames() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    requestAnimationFrame: (fn: () => void) => {
      pending.set(next, fn);
      return next++;
    },
    cancelAnimationFrame: (h: unknown) => void pending.delete(h as number),
    run() {
      const fns = [...pending.values()];
      pending.clear();
      for (const fn of fns) fn();
    },
    get size() {
      return pending.size;
    },
  };
}

const CONFIG: FeedConfig = { id: 'f1', kind: 'websocket', label: 'Hotline', url: 'ws://feed.test/zy?since=99', enabled: true };

function setup() {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse('2024-05-01T00:30:00Z'));
  const store = createAppStore();
  store.dispatch({ type: 'districtLoaded', district: tinyDistrict() });
  const actions: AppAction[] = [];
  const dispatch = (a: AppAction): void => {
    actions.push(a);
    store.dispatch(a);
  };
  const frames = fakeFrames();
  const transport = new FakeTransport();
  const lastSeq = (): number => store.getState().incidents.feeds[CONFIG.id]?.ingest.lastSeq ?? -1;
  const connector = startFeedConnector(CONFIG, transport, { dispatch, lastSeq, random: () => 0.5, ...frames });
  const feed = () => store.getState().incidents.feeds[CONFIG.id];
  return { store, actions, frames, transport, connector, feed };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('feed connector', () => {
  it('connects to the URL without since first, reports connecting then live', () => {
    const { transport, feed, actions } = setup();
    expect(transport.opens).toHaveLength(1);
    // A `since` written in the configured URL is not a resume point.
    expect(transport.last.url).toBe('ws://feed.test/zy');
    expect(feed().connection).toBe('connecting');
    expect(feed()).toMatchObject({ kind: 'websocket', label: 'Hotline' });
    transport.last.events.opened();
    expect(feed().connection).toBe('live');
    expect(actions.filter((a) => a.type === 'feedStatusChanged')).toHaveLength(2);
  });

  it('hands frames to the store as ONE batch per animation frame', () => {
    const { transport, frames, actions, store, feed } = setup();
    transport.last.events.opened();
    transport.last.events.messages([incident(1, 'i-1')]);
    transport.last.events.messages([incident(2, 'i-2'), incident(3, 'i-3')]);
    expect(actions.filter((a) => a.type === 'feedBatchReceived')).toHaveLength(0);
    expect(frames.size).toBe(1);
    frames.run();
    const batches = actions.filter((a) => a.type === 'feedBatchReceived');
    expect(batches).toHaveLength(1);
    expect(batches[0].type === 'feedBatchReceived' && batches[0].batch.length).toBe(3);
    expect(store.getState().incidents.byId.size).toBe(3);
    expect(feed().ingest.lastSeq).toBe(3);
    // receivedAt is the local clock with its offset.
    expect(batches[0].type === 'feedBatchReceived' && batches[0].batch[0].receivedAt).toMatch(/^2024-05-01T\d\d:30:00\.000([+-]\d\d:\d\d|Z)$/);
  });

  it('flushes on a timer when no animation frame comes (a hidden window)', () => {
    const { transport, actions } = setup();
    transport.last.events.opened();
    transport.last.events.messages([incident(1, 'i-1')]);
    vi.advanceTimersByTime(FLUSH_BACKSTOP_MS);
    expect(actions.filter((a) => a.type === 'feedBatchReceived')).toHaveLength(1);
  });

  it('after a drop: reconnecting with attempt and next try, then resumes from the store\'s lastSeq, buffered frames first', () => {
    const { transport, feed, frames } = setup();
    transport.last.events.opened();
    transport.last.events.messages([incident(1, 'i-1'), incident(5, 'i-5')]);
    // The connection drops before the frame is painted: the frames still count, and the status
    // they bring does not hide the drop.
    transport.last.events.closed('the server closed the connection (code 1006)');
    expect(feed().ingest.lastSeq).toBe(5);
    expect(feed().connection).toBe('reconnecting');
    expect(feed().attempt).toBe(1);
    expect(feed().lastError).toMatch(/1006/);
    // random 0.5 × 500 ms
    expect(feed().nextTryAt).toBe(Date.now() + 250);
    frames.run();
    expect(feed().connection).toBe('reconnecting');
    vi.advanceTimersByTime(250);
    expect(transport.opens).toHaveLength(2);
    expect(transport.last.url).toBe('ws://feed.test/zy?since=5');
    expect(feed().connection).toBe('connecting');
    transport.last.events.opened();
    expect(feed()).toMatchObject({ connection: 'live', reconnects: 1 });
  });

  it('a failed connect backs off longer each time, resuming from the same point', () => {
    const { transport, feed } = setup();
    transport.last.events.error('could not connect (code 1006)');
    expect(feed().attempt).toBe(1);
    vi.advanceTimersByTime(250);
    transport.last.events.error('could not connect (code 1006)');
    expect(feed().attempt).toBe(2);
    expect(feed().nextTryAt).toBe(Date.now() + 500);
    vi.advanceTimersByTime(499);
    expect(transport.opens).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(transport.opens).toHaveLength(3);
    expect(transport.opens[0].closed && transport.opens[1].closed).toBe(true);
  });

  it('a silent connection is closed and reopened; a poll that comes back empty is a sign of life', () => {
    const { transport, feed } = setup();
    transport.last.events.opened();
    vi.advanceTimersByTime(20_000);
    transport.last.events.alive();
    vi.advanceTimersByTime(20_000);
    expect(feed().connection).toBe('live');
    vi.advanceTimersByTime(10_001);
    expect(feed().connection).toBe('reconnecting');
    expect(feed().lastError).toMatch(/silent/);
    expect(transport.opens[0].closed).toBe(true);
  });

  it('ignores what a closed connection still reports', () => {
    const { transport, feed, frames } = setup();
    const first = transport.last;
    first.events.opened();
    first.events.closed();
    vi.advanceTimersByTime(250);
    first.events.messages([incident(1, 'i-1')]);
    first.events.opened();
    frames.run();
    expect(feed().ingest.counts.received).toBe(0);
    expect(feed().connection).toBe('connecting');
  });

  it('stop: hands over the buffer, closes, reports offline; a removed feed leaves no trace', () => {
    const a = setup();
    a.transport.last.events.opened();
    a.transport.last.events.messages([incident(1, 'i-1')]);
    a.connector.stop();
    expect(a.feed()).toMatchObject({ connection: 'offline' });
    expect(a.feed().ingest.counts.received).toBe(1);
    expect(a.transport.last.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();

    const b = setup();
    b.transport.last.events.opened();
    b.transport.last.events.messages([incident(1, 'i-1')]);
    b.store.dispatch({ type: 'feedRemoved', feedId: CONFIG.id });
    b.connector.stop({ report: false });
    b.frames.run();
    expect(b.store.getState().incidents.feeds[CONFIG.id]).toBeUndefined();
  });

  it('a slow poll interval widens the silence limit', () => {
    expect(silentAfterMsFor({ ...CONFIG, kind: 'http-poll', pollIntervalMs: 2000 })).toBe(30_000);
    expect(silentAfterMsFor({ ...CONFIG, kind: 'http-poll', pollIntervalMs: 60_000 })).toBe(180_000);
  });
});

describe('feed connectors (one per enabled configured feed)', () => {
  function setupMany(): { store: AppStore; transports: Map<string, FakeTransport>; stop: () => void } {
    vi.useFakeTimers();
    const store = createAppStore();
    store.dispatch({ type: 'districtLoaded', district: tinyDistrict() });
    const transports = new Map<string, FakeTransport>();
    const handle = startFeedConnectors(store, {
      transportFor: (config) => {
        const t = new FakeTransport();
        transports.set(`${config.id}#${transports.size}`, t);
        return t;
      },
      requestAnimationFrame: null,
      random: () => 0,
    });
    return { store, transports, stop: handle.stop };
  }
  const opensOf = (transports: Map<string, FakeTransport>, id: string) => [...transports].filter(([k]) => k.startsWith(`${id}#`)).flatMap(([, t]) => t.opens);

  it('connects nothing until a feed is configured, then follows adds, toggles, edits and removals', () => {
    const { store, transports, stop } = setupMany();
    expect(transports.size).toBe(0);
    store.dispatch({ type: 'feedConfigSaved', config: CONFIG });
    expect(opensOf(transports, 'f1')).toHaveLength(1);
    expect(store.getState().incidents.feeds.f1.connection).toBe('connecting');

    // A new name: the same connection.
    store.dispatch({ type: 'feedConfigSaved', config: { ...CONFIG, label: 'Hotline 2' } });
    expect(opensOf(transports, 'f1')).toHaveLength(1);
    expect(store.getState().incidents.feeds.f1.label).toBe('Hotline 2');

    // Off: closed and offline.
    store.dispatch({ type: 'feedConfigToggled', feedId: 'f1' });
    expect(opensOf(transports, 'f1')[0].closed).toBe(true);
    expect(store.getState().incidents.feeds.f1.connection).toBe('offline');
    // On again: a new connection.
    store.dispatch({ type: 'feedConfigToggled', feedId: 'f1', enabled: true });
    expect(opensOf(transports, 'f1')).toHaveLength(2);

    // A new URL: reconnect there, from scratch.
    store.dispatch({ type: 'feedConfigSaved', config: { ...CONFIG, url: 'ws://other.test/feed' } });
    const opens = opensOf(transports, 'f1');
    expect(opens).toHaveLength(3);
    expect(opens[1].closed).toBe(true);
    expect(opens[2].url).toBe('ws://other.test/feed');

    // Removed: closed, and its status gone for good.
    store.dispatch({ type: 'feedConfigRemoved', feedId: 'f1' });
    expect(opens[2].closed).toBe(true);
    vi.runOnlyPendingTimers();
    expect(store.getState().incidents.feeds.f1).toBeUndefined();
    stop();
  });

  it('stop closes every connection', () => {
    const { store, transports, stop } = setupMany();
    store.dispatch({ type: 'settingsLoaded', settings: { feeds: [CONFIG, { ...CONFIG, id: 'f2', url: 'ws://b.test/', enabled: false }] } });
    expect(opensOf(transports, 'f1')).toHaveLength(1);
    expect(opensOf(transports, 'f2')).toHaveLength(0);
    stop();
    expect(opensOf(transports, 'f1')[0].closed).toBe(true);
    expect(store.getState().incidents.feeds.f1.connection).toBe('offline');
  });
});
