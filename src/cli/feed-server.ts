/**
 * A feed server that plays a recording back as a live feed (docs/feed-protocol.md), for testing
 * connectors and for demos: WebSocket on `/feed` and HTTP polling `GET /feed?since=&limit=`.
 *
 * The virtual clock: the server starts at the recording's first feed entry; entry i "happens" when
 * `speed × (real time since start)` reaches its receivedAt minus the first one's (entries that go
 * back in time happen with the one before). A client gets what already happened at once (a replay),
 * then each entry live when it happens. Entries are sent exactly as recorded: a message object as
 * its JSON text, a `text` entry (a frame that was not a JSON object) as that raw text, so clients
 * see the same bad frames the recording saw.
 *
 * Resume (`since`) works on the recording's own seqs, never renumbered (except per pass with
 * --loop, below). A recording is a log of what a feed delivered, so seqs can repeat (a re-sent
 * message) and some frames have none (not JSON). Each entry therefore has a *position*: for an
 * entry with a readable seq (an object with a whole `seq` ≥ 0, valid or not: the sender's own
 * numbering), the highest readable seq so far; for an entry without one, the position of the next
 * entry that has one. Positions never decrease, and a client asking with `since=S` gets every entry
 * whose position is above S, in file order. For a recording with increasing seqs this is exactly
 * "seq > since"; a frame without a seq travels with the message after it (so a client that resumes
 * before that message gets it again: at least once), and a re-sent message with a lower seq travels
 * with the highest seq before it. Frames without a seq after the last message of the recording get
 * the highest seq + 1, so that HTTP's `next` can step past them.
 *
 * A `since` above the newest position that has happened means the client knew an earlier run of
 * the server (the protocol's restart rule): it gets everything from the oldest entry held.
 *
 * Heartbeats: recorded heartbeats pass through as entries. Besides, on a WebSocket that has been
 * sent nothing for `heartbeatMs` (10 s, HEARTBEAT_INTERVAL_S) the server sends
 * `{"kind":"heartbeat","seq":S,"at":<now>}` where S is the highest *valid* seq already sent on that
 * connection (or the client's `since`; 0 when neither): ingest always accepts a heartbeat and
 * keeps `lastSeq = max(lastSeq, S)`, so a generated heartbeat never moves a client's resume point
 * past anything it has not received. HTTP polling gets no generated heartbeats (a successful poll
 * is proof of life).
 *
 * --loop: after the last entry (and a 1 s pause, in recorded time) the recording starts again,
 * seqs shifted by (highest seq + 1) per pass so they keep increasing and resume keeps working;
 * the content is unchanged, so a client counts the second pass's incidents and positions as
 * duplicates. A looping server holds the current and the previous pass; a new client starts at
 * the current pass.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  HEARTBEAT_INTERVAL_S,
  feedEntryRaw,
  formatFeedTime,
  parseFeedMessage,
  parseFeedTime,
  type FeedEntry,
  type RecordingEntry,
} from '@core/feed';

export const FEED_PATH = '/feed';
/** HTTP: messages per batch when the client gives no `limit`, and the most it may ask for. */
export const DEFAULT_POLL_LIMIT = 500;
export const MAX_POLL_LIMIT = 5000;
/** Pause between passes with --loop, in recorded time (ms). */
export const LOOP_GAP_MS = 1000;

/** Frames sent to one client in one go before yielding to the event loop. */
const SEND_CHUNK = 2000;
/** Above this much unsent data on a socket, wait for it to drain. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface FeedServerOptions {
  /** The recording's entries (readRecording); only feed entries are served. */
  entries: readonly RecordingEntry[];
  /** 0 for any free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Playback speed: 2 plays the recording twice as fast. Default 1. */
  speed?: number;
  loop?: boolean;
  /** Silence on a WebSocket after which the server sends a heartbeat (ms). Default 10 s. */
  heartbeatMs?: number;
  /** One line per connection and poll error, for the command's output. */
  log?: (line: string) => void;
}

/** One WebSocket connection as it arrived (for tests and logs). */
export interface FeedConnectionInfo {
  since: number | null;
  /** ms since the epoch. */
  at: number;
  /** Entries already due that it was sent at once. */
  replayed: number;
}

export interface FeedServer {
  /** ws://host:port/feed */
  url: string;
  /** http://host:port/feed (add ?since=&limit=) */
  pollUrl: string;
  port: number;
  host: string;
  /** Every WebSocket connection accepted so far, in order. */
  readonly connections: readonly FeedConnectionInfo[];
  /** WebSockets open now. */
  openConnections(): number;
  /** Cuts every open WebSocket at once (no close frame), as a network failure would; returns how many. */
  terminateConnections(): number;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// The timeline: the recording's feed entries as numbered items over (possibly looping) passes.

interface BaseItem {
  /** As sent over WebSocket in pass 0. */
  frame: string;
  /** The message object, or null for a text entry. */
  message: Record<string, unknown> | null;
  text: string | null;
  /** Readable seq (object with a whole seq ≥ 0), else null. */
  seq: number | null;
  /** Recorded time since the first entry (ms), never decreasing. */
  offset: number;
  /** Position in pass 0 (see above), or null: "the first position of the next pass" (or none). */
  position: number | null;
  /** Highest valid seq up to and including this entry in pass 0; −1 before any. */
  validMax: number;
}

/** The recording as a timeline. Item g is entry g mod n of pass ⌊g / n⌋. Pure: no clock, no I/O. */
export class FeedTimeline {
  readonly items: readonly BaseItem[];
  readonly loop: boolean;
  /** Seq shift per pass. */
  readonly stride: number;
  /** Recorded length of one pass including the gap (ms). */
  readonly period: number;
  readonly #firstPosition: number | null;
  /** Position of frames without a seq after the last message of a recording that does not loop. */
  readonly #tailPosition: number;

  constructor(entries: readonly RecordingEntry[], loop = false) {
    const feed = entries.filter((e): e is FeedEntry => e.t === 'feed');
    const t0 = feed.length > 0 ? (parseFeedTime(feed[0].receivedAt) as number) : 0;
    let offset = 0;
    let validMax = -1;
    let readMax = -1;
    const items: BaseItem[] = feed.map((e) => {
      const raw = feedEntryRaw(e);
      const isText = 'text' in e;
      const message = isText ? null : (raw as Record<string, unknown>);
      const s = message ? message.seq : undefined;
      const seq = typeof s === 'number' && Number.isSafeInteger(s) && s >= 0 ? s : null;
      offset = Math.max(offset, (parseFeedTime(e.receivedAt) as number) - t0);
      if (seq !== null) readMax = Math.max(readMax, seq);
      const parsed = parseFeedMessage(raw);
      if (parsed.ok) validMax = Math.max(validMax, parsed.message.seq);
      return {
        frame: isText ? (raw as string) : JSON.stringify(raw),
        message,
        text: isText ? (raw as string) : null,
        seq,
        offset,
        position: seq !== null ? readMax : null,
        validMax,
      };
    });
    // A frame without a seq takes the position of the next entry that has one.
    let next: number | null = null;
    for (let i = items.length - 1; i >= 0; i--) {
      if (items[i].seq !== null) next = items[i].position;
      else items[i].position = next;
    }
    this.items = items;
    this.loop = loop && items.length > 0;
    this.stride = readMax + 1 > 0 ? readMax + 1 : 1;
    this.period = (items.length > 0 ? items[items.length - 1].offset : 0) + LOOP_GAP_MS;
    this.#firstPosition = items.find((it) => it.seq !== null)?.position ?? null;
    this.#tailPosition = readMax + 1;
  }

  get size(): number {
    return this.items.length;
  }

  #at(g: number): { item: BaseItem; pass: number } {
    const n = this.items.length;
    return { item: this.items[g % n], pass: Math.floor(g / n) };
  }

  /** When item g happens (recorded ms since the start). */
  due(g: number): number {
    const { item, pass } = this.#at(g);
    return pass * this.period + item.offset;
  }

  /** How many items have happened by recorded time v (ms). */
  dueCount(v: number): number {
    const n = this.items.length;
    if (n === 0 || v < 0) return 0;
    const pass = this.loop ? Math.floor(v / this.period) : 0;
    const within = v - pass * this.period;
    // items with offset ≤ within (offsets never decrease)
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid].offset <= within) lo = mid + 1;
      else hi = mid;
    }
    return pass * n + lo;
  }

  /**
   * Position of item g. Frames without a seq after the recording's last message (no next pass)
   * get the highest seq + 1: a position no message has, so an HTTP poller's `next` can step past them.
   */
  position(g: number): number {
    const { item, pass } = this.#at(g);
    if (item.position !== null) return item.position + pass * this.stride;
    if (this.loop && this.#firstPosition !== null) return this.#firstPosition + (pass + 1) * this.stride;
    return this.#tailPosition;
  }

  hasSeq(g: number): boolean {
    return this.#at(g).item.seq !== null;
  }

  /** Whether an HTTP batch may end after item g: it has a seq, or it is the last of a recording that does not loop. */
  #closesBatch(g: number): boolean {
    return this.hasSeq(g) || (!this.loop && g === this.items.length - 1);
  }

  /** Highest valid seq of items 0..g (what a client that got them all has as lastSeq); −1 before any. */
  validMax(g: number): number {
    if (g < 0) return -1;
    const { item, pass } = this.#at(g);
    if (item.validMax >= 0) return item.validMax + pass * this.stride;
    const last = this.items[this.items.length - 1].validMax;
    return pass > 0 && last >= 0 ? last + (pass - 1) * this.stride : -1;
  }

  /** The text frame of item g. */
  frame(g: number): string {
    const { item, pass } = this.#at(g);
    if (pass === 0 || item.seq === null) return item.frame;
    return JSON.stringify(this.#shifted(item, pass));
  }

  /** Item g as an element of an HTTP batch: the message object, or a text entry as a JSON string. */
  pollValue(g: number): unknown {
    const { item, pass } = this.#at(g);
    if (item.text !== null) return item.text;
    return pass === 0 || item.seq === null ? item.message : this.#shifted(item, pass);
  }

  #shifted(item: BaseItem, pass: number): Record<string, unknown> {
    return { ...(item.message as Record<string, unknown>), seq: (item.seq as number) + pass * this.stride };
  }

  /** The oldest item held once `dueEnd` items have happened (looping: the previous pass's start). */
  heldStart(dueEnd: number): number {
    if (!this.loop || dueEnd === 0) return 0;
    const pass = Math.floor((dueEnd - 1) / this.items.length);
    return Math.max(0, pass - 1) * this.items.length;
  }

  /**
   * The first item to send a client that asks with `since` (null: none) when `dueEnd` items have
   * happened: everything whose position is above since; a new client starts at the current pass;
   * a since above anything that happened restarts from the oldest item held.
   */
  startFor(since: number | null, dueEnd: number): number {
    const n = this.items.length;
    if (n === 0) return 0;
    if (since === null) return this.loop && dueEnd > 0 ? Math.floor((dueEnd - 1) / n) * n : 0;
    const held = this.heldStart(dueEnd);
    if (dueEnd === 0 || since > this.position(dueEnd - 1)) return held;
    let lo = held;
    let hi = dueEnd;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.position(mid) > since) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * One HTTP batch: the items from `start` that have happened, about `limit` of them, ending at an
   * item with a seq (a frame without one waits for the message after it, so that `next` covers it
   * and it is sent once; at the end of a recording that does not loop it goes out when it is due,
   * with `next` = highest seq + 1) and never between two items of the same position (a re-sent
   * message goes with the one before it); `next` is the last item's position, or null when the
   * batch is empty.
   */
  batch(start: number, dueEnd: number, limit: number): { items: number[]; next: number | null } {
    const items: number[] = [];
    let lastClosing = -1;
    for (let g = start; g < dueEnd; g++) {
      const full = items.length >= limit && lastClosing === items.length - 1;
      if (full && this.position(g) !== this.position(items[items.length - 1])) break;
      items.push(g);
      if (this.#closesBatch(g)) lastClosing = items.length - 1;
    }
    items.length = lastClosing + 1;
    return { items, next: items.length > 0 ? this.position(items[items.length - 1]) : null };
  }
}

// ---------------------------------------------------------------------------------------------
// The server.

function parseWhole(value: string | null, name: string, min: number, max: number): number | null {
  if (value === null || value === '') return null;
  if (!/^-?\d+$/.test(value)) throw new RangeError(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new RangeError(`${name} must be between ${min} and ${max}, got ${value}`);
  return n;
}

/** `since` from a query: a seq ≥ 0, or none (absent, empty or −1). */
function parseSince(query: URLSearchParams): number | null {
  const since = parseWhole(query.get('since'), 'since', -1, Number.MAX_SAFE_INTEGER);
  return since === -1 ? null : since;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

interface Subscriber {
  ws: WebSocket;
  next: number;
  /** The seq a generated heartbeat carries. */
  heartbeatSeq: number;
  sendTimer: NodeJS.Timeout | null;
  heartbeatTimer: NodeJS.Timeout | null;
}

/** Starts serving; resolves once listening. */
export async function startFeedServer(options: FeedServerOptions): Promise<FeedServer> {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_INTERVAL_S * 1000;
  if (!(heartbeatMs > 0)) throw new RangeError(`heartbeatMs must be positive, got ${heartbeatMs}`);
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const timeline = new FeedTimeline(options.entries, options.loop ?? false);
  const n = timeline.size;
  const startedAt = Date.now();
  const virtualNow = (): number => (Date.now() - startedAt) * speed;
  const utcOffset = (): number => -new Date().getTimezoneOffset();

  const subscribers = new Set<Subscriber>();
  const connections: FeedConnectionInfo[] = [];
  let closed = false;

  const resetHeartbeat = (sub: Subscriber): void => {
    if (sub.heartbeatTimer) clearTimeout(sub.heartbeatTimer);
    sub.heartbeatTimer = setTimeout(() => {
      sub.heartbeatTimer = null;
      if (sub.ws.readyState !== sub.ws.OPEN) return;
      sub.ws.send(JSON.stringify({ kind: 'heartbeat', seq: sub.heartbeatSeq, at: formatFeedTime(Date.now(), utcOffset()) }));
      resetHeartbeat(sub);
    }, heartbeatMs);
  };

  const pump = (sub: Subscriber): void => {
    sub.sendTimer = null;
    if (closed || sub.ws.readyState !== sub.ws.OPEN) return;
    const v = virtualNow();
    const end = timeline.dueCount(v);
    let sent = 0;
    while (sub.next < end && sent < SEND_CHUNK && sub.ws.bufferedAmount < MAX_BUFFERED_BYTES) {
      sub.ws.send(timeline.frame(sub.next));
      sub.heartbeatSeq = Math.max(sub.heartbeatSeq, timeline.validMax(sub.next));
      sub.next++;
      sent++;
    }
    if (sent > 0) resetHeartbeat(sub);
    if (sub.next < end) {
      // More is due: yield to the event loop (and let the socket drain) before going on.
      sub.sendTimer = setTimeout(() => pump(sub), sub.ws.bufferedAmount < MAX_BUFFERED_BYTES ? 0 : 10);
    } else if (timeline.loop || sub.next < n) {
      const wait = (timeline.due(sub.next) - v) / speed;
      sub.sendTimer = setTimeout(() => pump(sub), Math.max(1, Math.ceil(wait)));
    }
  };

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  const httpServer = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://feed.invalid');
    const send = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'access-control-allow-origin': '*',
      });
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    if (url.pathname !== FEED_PATH) return send(404, { error: `not found; the feed is at ${FEED_PATH}` });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET' });
      return res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { error: 'only GET' });
    let since: number | null;
    let limit: number;
    try {
      since = parseSince(url.searchParams);
      limit = parseWhole(url.searchParams.get('limit'), 'limit', 1, MAX_POLL_LIMIT) ?? DEFAULT_POLL_LIMIT;
    } catch (err) {
      return send(400, { error: (err as Error).message });
    }
    const dueEnd = timeline.dueCount(virtualNow());
    const batch = timeline.batch(timeline.startFor(since, dueEnd), dueEnd, limit);
    send(200, { messages: batch.items.map((g) => timeline.pollValue(g)), next: batch.next ?? since ?? -1 });
  });

  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: string, why: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${why}\n`);
    };
    const url = new URL(req.url ?? '/', 'http://feed.invalid');
    if (url.pathname !== FEED_PATH) return refuse('404 Not Found', `the feed is at ${FEED_PATH}`);
    let since: number | null;
    try {
      since = parseSince(url.searchParams);
    } catch (err) {
      return refuse('400 Bad Request', (err as Error).message);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (closed) return ws.terminate();
      const dueEnd = timeline.dueCount(virtualNow());
      const start = timeline.startFor(since, dueEnd);
      const sub: Subscriber = { ws, next: start, heartbeatSeq: Math.max(0, since ?? 0), sendTimer: null, heartbeatTimer: null };
      subscribers.add(sub);
      connections.push({ since, at: Date.now(), replayed: Math.max(0, dueEnd - start) });
      log(`client ${req.socket.remoteAddress}:${req.socket.remotePort} connected${since === null ? '' : ` (since=${since})`}: ${Math.max(0, dueEnd - start)} to replay`);
      const drop = (): void => {
        if (sub.sendTimer) clearTimeout(sub.sendTimer);
        if (sub.heartbeatTimer) clearTimeout(sub.heartbeatTimer);
        subscribers.delete(sub);
      };
      ws.on('close', drop);
      ws.on('error', drop);
      // v1 clients send nothing but control frames; anything else is ignored.
      resetHeartbeat(sub);
      pump(sub);
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  const base = `${hostForUrl(host)}:${port}`;

  return {
    url: `ws://${base}${FEED_PATH}`,
    pollUrl: `http://${base}${FEED_PATH}`,
    port,
    host,
    connections,
    openConnections: () => subscribers.size,
    terminateConnections(): number {
      const subs = [...subscribers];
      for (const sub of subs) sub.ws.terminate();
      return subs.length;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const sub of [...subscribers]) {
        if (sub.sendTimer) clearTimeout(sub.sendTimer);
        if (sub.heartbeatTimer) clearTimeout(sub.heartbeatTimer);
        sub.ws.terminate();
      }
      subscribers.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}
