/**
 * The connector against real servers on 127.0.0.1 (port 0): a `ws` WebSocketServer and a node:http
 * poll endpoint, both serving one log of messages by `since`. They drop clients, fail polls and
 * send a bad frame; the app store must end with every incident once, the bad frame rejected with
 * its reason, and each reconnect resuming from the store's lastSeq.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { tinyDistrict } from '@core/state/__fixtures__/tiny-district';
import type { FeedConfig } from '@core/feed/feed-config';
import { createAppStore, type AppStore } from '../app/app-store';
import { startFeedConnector, type FeedConnector } from './feed-connector';
import { createHttpPollTransport } from './http-poll-transport';
import { createWebSocketTransport, type WebSocketConstructor } from './websocket-transport';

const AT = '2024-05-01T08:30:00+08:00';
const incident = (seq: number, id: string, version = 1): string =>
  JSON.stringify({ kind: 'incident', seq, at: AT, id, version, category: '0101', title: `${id} v${version}`, lon: 113.6, lat: 34.75 });
const heartbeat = (seq: number): string => JSON.stringify({ kind: 'heartbeat', seq, at: AT });
/** Out of range: refused, and its seq is not trusted. */
const badLat = (seq: number): string => JSON.stringify({ kind: 'incident', seq, at: AT, id: 'i-bad', version: 1, category: '0101', title: 'bad', lon: 113.6, lat: 123.4 });

/** The log both servers serve: frames with their seq (a frame's position). */
class FeedLog {
  readonly frames: { seq: number; text: string }[] = [];
  add(seq: number, text: string): void {
    this.frames.push({ seq, text });
  }
  after(since: number | null): { seq: number; text: string }[] {
    return this.frames.filter((f) => since === null || f.seq > since);
  }
}

const sinceOf = (url: string | undefined): number | null => {
  const m = /[?&]since=(-?\d+)/.exec(url ?? '');
  return m ? Number(m[1]) : null;
};

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function loadedStore(): AppStore {
  const store = createAppStore();
  store.dispatch({ type: 'districtLoaded', district: tinyDistrict() });
  return store;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function connect(store: AppStore, config: FeedConfig, transport: Parameters<typeof startFeedConnector>[1]): FeedConnector {
  const connector = startFeedConnector(config, transport, {
    dispatch: store.dispatch,
    lastSeq: () => store.getState().incidents.feeds[config.id]?.ingest.lastSeq ?? -1,
    // No animation frames in Node: the 16 ms timer stands in. No jitter wait: reconnect at once.
    requestAnimationFrame: null,
    random: () => 0,
  });
  cleanups.push(() => connector.stop());
  return connector;
}

const feedOf = (store: AppStore, id: string) => store.getState().incidents.feeds[id];

describe('WebSocket connector against a ws server', () => {
  async function startServer(log: FeedLog, port = 0): Promise<{ wss: WebSocketServer; port: number; sinces: (number | null)[] }> {
    const sinces: (number | null)[] = [];
    const wss = new WebSocketServer({ host: '127.0.0.1', port });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    wss.on('connection', (ws, req) => {
      const since = sinceOf(req.url);
      sinces.push(since);
      for (const f of log.after(since)) ws.send(f.text);
    });
    return { wss, port: (wss.address() as AddressInfo).port, sinces };
  }
  const closeServer = (wss: WebSocketServer): Promise<void> =>
    new Promise((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => resolve());
    });

  it('takes the feed, rejects a bad frame with its reason and goes on, reconnects after a drop and resumes with since, doubling nothing', async () => {
    const log = new FeedLog();
    log.add(1, incident(1, 'i-1'));
    log.add(2, incident(2, 'i-2'));
    log.add(3, badLat(3));
    log.add(4, incident(4, 'i-3'));
    log.add(5, heartbeat(5));
    const server = await startServer(log);
    cleanups.push(() => closeServer(server.wss));
    const store = loadedStore();
    const config: FeedConfig = { id: 'ws-1', kind: 'websocket', label: 'WS', url: `ws://127.0.0.1:${server.port}/feed`, enabled: true };
    connect(store, config, createWebSocketTransport(WebSocket as unknown as WebSocketConstructor));

    await until(() => feedOf(store, 'ws-1')?.ingest.lastSeq === 5, 'the first five messages');
    let feed = feedOf(store, 'ws-1');
    expect(feed.connection).toBe('live');
    expect(store.getState().incidents.byId.size).toBe(3);
    expect(feed.ingest.counts).toMatchObject({ accepted: 4, duplicate: 0, stale: 0, rejected: 1 });
    expect(feed.ingest.rejected[0]).toMatchObject({ kind: 'out_of_range', seq: 3 });
    expect(feed.ingest.rejected[0].reason).toMatch(/^lat 123\.4 is out of range/);
    expect(server.sinces).toEqual([null]);

    // The server drops every client (no close frame); meanwhile a new incident is logged.
    for (const c of server.wss.clients) c.terminate();
    log.add(6, incident(6, 'i-4'));
    log.add(7, incident(7, 'i-1', 2));
    await until(() => feedOf(store, 'ws-1')?.ingest.lastSeq === 7, 'the messages sent after the reconnect');
    feed = feedOf(store, 'ws-1');
    expect(server.sinces).toEqual([null, 5]);
    expect(feed.connection).toBe('live');
    expect(feed.reconnects).toBe(1);
    expect(store.getState().incidents.byId.size).toBe(4);
    expect(store.getState().incidents.byId.get('i-1')?.version).toBe(2);
    // Nothing came twice: every message counted once.
    expect(feed.ingest.counts).toMatchObject({ received: 7, accepted: 6, duplicate: 0, rejected: 1 });
  });

  it('reports reconnecting while the server is gone, and resumes when it is back on the same port', async () => {
    const log = new FeedLog();
    log.add(1, incident(1, 'i-1'));
    log.add(2, incident(2, 'i-2'));
    const first = await startServer(log);
    const port = first.port;
    const store = loadedStore();
    const config: FeedConfig = { id: 'ws-2', kind: 'websocket', label: 'WS', url: `ws://127.0.0.1:${port}/feed?token=t`, enabled: true };
    const connector = connect(store, config, createWebSocketTransport(WebSocket as unknown as WebSocketConstructor));
    await until(() => feedOf(store, 'ws-2')?.ingest.lastSeq === 2, 'the first messages');

    await closeServer(first.wss);
    await until(() => feedOf(store, 'ws-2')?.connection === 'reconnecting', 'reconnecting');
    const down = feedOf(store, 'ws-2');
    expect(down.attempt).toBeGreaterThanOrEqual(1);
    expect(down.lastError).toMatch(/code|connect/);
    // A few failed attempts (connection refused) back off without losing the resume point.
    await until(() => (connector.state().attempt ?? 0) >= 2, 'a second attempt');

    // The server restarts (its log kept) with a message sent while the client was away, and one
    // it re-sends: the client resumes with since=2 and counts the overlap as a duplicate.
    log.add(3, incident(3, 'i-3'));
    const second = await startServer(log, port);
    cleanups.push(() => closeServer(second.wss));
    await until(() => feedOf(store, 'ws-2')?.ingest.lastSeq === 3, 'the message sent while away');
    expect(second.sinces[0]).toBe(2);
    expect(second.sinces.every((s) => s === 2)).toBe(true);
    expect(feedOf(store, 'ws-2').connection).toBe('live');
    expect(store.getState().incidents.byId.size).toBe(3);
    expect(feedOf(store, 'ws-2').ingest.counts).toMatchObject({ received: 3, accepted: 3, duplicate: 0 });
  });

  it('a binary frame is refused as not JSON and the feed goes on', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    cleanups.push(() => closeServer(wss));
    wss.on('connection', (ws) => {
      ws.send(Buffer.from([1, 2, 3]));
      ws.send(incident(1, 'i-1'));
    });
    const store = loadedStore();
    const port = (wss.address() as AddressInfo).port;
    connect(store, { id: 'ws-3', kind: 'websocket', label: 'WS', url: `ws://127.0.0.1:${port}/feed`, enabled: true }, createWebSocketTransport(WebSocket as unknown as WebSocketConstructor));
    await until(() => feedOf(store, 'ws-3')?.ingest.counts.received === 2, 'both frames');
    const feed = feedOf(store, 'ws-3');
    expect(feed.ingest.rejected[0].kind).toBe('not_json');
    expect(feed.ingest.rejected[0].raw).toMatch(/binary frame of 3 bytes/);
    expect(store.getState().incidents.byId.has('i-1')).toBe(true);
  });
});

describe('HTTP polling connector against a node:http server', () => {
  interface PollServer {
    server: Server;
    port: number;
    requests: URL[];
    /** The next n polls answer this status (500) or this body. */
    failNext: { count: number; status: number; body: string };
  }
  async function startPollServer(log: FeedLog, port = 0): Promise<PollServer> {
    const state: Omit<PollServer, 'server' | 'port'> = { requests: [], failNext: { count: 0, status: 500, body: '' } };
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      state.requests.push(url);
      if (state.failNext.count > 0) {
        state.failNext.count--;
        res.writeHead(state.failNext.status, { 'content-type': 'application/json' });
        res.end(state.failNext.body);
        return;
      }
      const since = sinceOf(req.url);
      const limit = Number(url.searchParams.get('limit') ?? 500);
      const batch = log.after(since).slice(0, limit);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ messages: batch.map((f) => JSON.parse(f.text)), next: batch.length > 0 ? batch[batch.length - 1].seq : (since ?? -1) }));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    return { server, port: (server.address() as AddressInfo).port, ...state };
  }
  const closeServer = (s: Server): Promise<void> =>
    new Promise((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });

  it('polls with since, takes full batches at once, backs off on an HTTP error and resumes without doubles', async () => {
    const log = new FeedLog();
    for (let seq = 1; seq <= 5; seq++) log.add(seq, incident(seq, `i-${seq}`));
    log.add(6, badLat(6));
    const poll = await startPollServer(log);
    cleanups.push(() => closeServer(poll.server));
    const store = loadedStore();
    const config: FeedConfig = { id: 'poll-1', kind: 'http-poll', label: 'Poll', url: `http://127.0.0.1:${poll.port}/feed`, pollIntervalMs: 1000, enabled: true };
    connect(store, config, createHttpPollTransport({ intervalMs: 40, limit: 2 }));

    await until(() => feedOf(store, 'poll-1')?.ingest.counts.received === 6, 'all six messages');
    expect(feedOf(store, 'poll-1').connection).toBe('live');
    expect(store.getState().incidents.byId.size).toBe(5);
    // Full batches of 2 were fetched back to back: since=none, 2, 4, then 5 (the refused seq 6 is
    // not trusted, but the server's `next` steps past it, so it is not fetched again).
    const sinces = poll.requests.map((u) => u.searchParams.get('since'));
    expect(sinces.slice(0, 4)).toEqual([null, '2', '4', '6']);
    expect(poll.requests.every((u) => u.searchParams.get('limit') === '2')).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(feedOf(store, 'poll-1').ingest.counts.rejected).toBe(1);
    expect(feedOf(store, 'poll-1').ingest.rejected[0].reason).toMatch(/^lat /);

    // Two polls fail (500, then a body that is not the poll object): reconnecting, then back.
    // With no jitter the retry is immediate: watch every state the feed passes through.
    const seen: { connection: string; lastError: string | null }[] = [];
    cleanups.push(store.subscribe(() => {
      const f = feedOf(store, 'poll-1');
      const last = seen[seen.length - 1];
      if (!last || last.connection !== f.connection || last.lastError !== f.lastError) seen.push({ connection: f.connection, lastError: f.lastError });
    }));
    Object.assign(poll.failNext, { count: 1, status: 500, body: '{"error":"boom"}' });
    await until(() => seen.some((x) => x.connection === 'reconnecting' && /HTTP 500/.test(x.lastError ?? '')), 'reconnecting after HTTP 500');
    await until(() => poll.failNext.count === 0, 'the failed poll');
    Object.assign(poll.failNext, { count: 1, status: 200, body: 'not json' });
    await until(() => seen.some((x) => x.connection === 'reconnecting' && /not JSON/.test(x.lastError ?? '')), 'reconnecting after a bad body');
    log.add(7, incident(7, 'i-6'));
    log.add(8, incident(8, 'i-1', 2));
    await until(() => feedOf(store, 'poll-1')?.ingest.lastSeq === 8, 'the messages after the errors');
    const feed = feedOf(store, 'poll-1');
    expect(feed.connection).toBe('live');
    expect(feed.reconnects).toBeGreaterThanOrEqual(1);
    expect(store.getState().incidents.byId.size).toBe(6);
    expect(feed.ingest.counts).toMatchObject({ received: 8, accepted: 7, duplicate: 0, rejected: 1 });
  });

  it('survives the server going away and coming back on the same port', async () => {
    const log = new FeedLog();
    log.add(1, incident(1, 'i-1'));
    const first = await startPollServer(log);
    const store = loadedStore();
    const config: FeedConfig = { id: 'poll-2', kind: 'http-poll', label: 'Poll', url: `http://127.0.0.1:${first.port}/feed`, pollIntervalMs: 1000, enabled: true };
    connect(store, config, createHttpPollTransport({ intervalMs: 30 }));
    await until(() => feedOf(store, 'poll-2')?.ingest.lastSeq === 1, 'the first message');
    await closeServer(first.server);
    await until(() => feedOf(store, 'poll-2')?.connection === 'reconnecting', 'reconnecting');
    expect(feedOf(store, 'poll-2').lastError).toMatch(/poll failed/);
    log.add(2, incident(2, 'i-2'));
    const second = await startPollServer(log, first.port);
    cleanups.push(() => closeServer(second.server));
    await until(() => feedOf(store, 'poll-2')?.ingest.lastSeq === 2, 'the message after the restart');
    expect(second.requests[0].searchParams.get('since')).toBe('1');
    expect(feedOf(store, 'poll-2').ingest.counts).toMatchObject({ received: 2, accepted: 2, duplicate: 0 });
  });
});
