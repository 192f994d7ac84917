/**
 * A feed client for Node over WebSocket (`ws`): it drives the pure connection state machine of
 * core/feed/connection.ts (reconnect with backoff, resume with `since=<lastSeq>`, silence
 * watchdog) and performs its effects with real sockets and one timer. Every text frame goes
 * through ingestMessage; callers get every frame with its outcome (`onFrame`, what `gridroom
 * record` writes), the accepted messages as an async iterator, and the status.
 */
import WebSocket, { type RawData } from 'ws';
import {
  connectionConfig,
  connectionStatus,
  connectionStep,
  formatFeedTime,
  initialConnectionState,
  type ConnectionConfig,
  type ConnectionEffect,
  type ConnectionEvent,
  type ConnectionPhase,
  type ConnectionState,
  type ConnectionStatus,
  type FeedIngestState,
  type FeedMessage,
  type IngestOutcome,
} from '@core/feed';

/** One frame as received, with what ingest made of it. */
export interface FeedFrame {
  /** The frame's text (a binary frame is described in text that is not JSON, so it is refused as `not_json`). */
  raw: string;
  /** ms since the epoch. */
  at: number;
  /** ISO 8601 with the local offset. */
  receivedAt: string;
  outcome: IngestOutcome;
}

export interface FeedClientOptions extends Partial<Omit<ConnectionConfig, 'url'>> {
  /** ws:// or wss:// URL of the feed, without `since` (added per connection). */
  url: string;
  /** Resume from this ingest state (e.g. restored from disk). */
  ingest?: FeedIngestState;
  /** Every frame received, whatever its outcome, in order. */
  onFrame?: (frame: FeedFrame) => void;
  /** Called when the connection phase changes (connecting, connected, reconnecting, stopped). */
  onStatus?: (status: ConnectionStatus) => void;
  /** The clock (ms); Date.now by default. */
  now?: () => number;
}

function describeClose(code: number, reason: Buffer): string {
  const text = reason.toString('utf8');
  return `the connection closed (${code}${text ? `: ${text}` : ''})`;
}

function frameText(data: RawData, isBinary: boolean): string {
  const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  // The protocol refuses binary frames as not_json; text that is not JSON gets exactly that.
  return isBinary ? `<binary frame of ${bytes.length} bytes>` : bytes.toString('utf8');
}

export class FeedClient {
  readonly #options: FeedClientOptions;
  readonly #now: () => number;
  #state: ConnectionState;
  #socket: WebSocket | null = null;
  #timer: NodeJS.Timeout | null = null;
  #opened = false;
  /** Accepted messages not yet taken by an iterator, and iterators waiting for one. */
  readonly #queue: FeedMessage[] = [];
  readonly #waiting: ((r: IteratorResult<FeedMessage>) => void)[] = [];
  readonly #closeWaiters: (() => void)[] = [];

  constructor(options: FeedClientOptions) {
    if (!/^wss?:\/\//i.test(options.url)) throw new Error(`the feed URL must start with ws:// or wss://, got ${JSON.stringify(options.url)}`);
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const { url, ingest, onFrame: _f, onStatus: _s, now: _n, ...rest } = options;
    const utcOffsetMinutes = rest.utcOffsetMinutes ?? -new Date().getTimezoneOffset();
    this.#state = initialConnectionState(connectionConfig(url, { ...rest, utcOffsetMinutes }), ingest);
  }

  /** Starts connecting (and keeps reconnecting until stop()). */
  start(): void {
    this.#dispatch({ type: 'start', at: this.#now() });
  }

  /** Stops: closes the connection, cancels the timer, ends the iterators. Resolves once the socket is closed. */
  async stop(): Promise<void> {
    const socket = this.#socket;
    this.#dispatch({ type: 'stop', at: this.#now() });
    this.#clearTimer();
    for (const w of this.#waiting.splice(0)) w({ value: undefined, done: true });
    if (socket && socket.readyState !== WebSocket.CLOSED) await new Promise<void>((resolve) => this.#closeWaiters.push(resolve));
  }

  status(): ConnectionStatus {
    return connectionStatus(this.#state, this.#now());
  }

  get phase(): ConnectionPhase {
    return this.#state.phase;
  }

  get ingest(): FeedIngestState {
    return this.#state.ingest;
  }

  /** Whether any connection has opened. */
  get everConnected(): boolean {
    return this.#opened;
  }

  /** The accepted messages, in order, until stop(). One consumer at a time is the intended use. */
  messages(): AsyncIterableIterator<FeedMessage> {
    const next = (): Promise<IteratorResult<FeedMessage>> => {
      const m = this.#queue.shift();
      if (m) return Promise.resolve({ value: m, done: false });
      if (this.#state.phase === 'stopped') return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => this.#waiting.push(resolve));
    };
    const iterator: AsyncIterableIterator<FeedMessage> = {
      next,
      return: () => Promise.resolve({ value: undefined, done: true }),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  #dispatch(event: ConnectionEvent): IngestOutcome | undefined {
    const before = this.#state.phase;
    const step = connectionStep(this.#state, event);
    this.#state = step.state;
    for (const effect of step.effects) this.#perform(effect);
    if (step.state.phase !== before) this.#options.onStatus?.(this.status());
    return step.outcome;
  }

  #perform(effect: ConnectionEffect): void {
    switch (effect.kind) {
      case 'connect':
        this.#connect(effect.url);
        break;
      case 'close':
        this.#abandon();
        break;
      case 'schedule': {
        this.#clearTimer();
        const delay = Math.max(0, effect.atMs - this.#now());
        this.#timer = setTimeout(() => {
          this.#timer = null;
          this.#dispatch({ type: 'tick', at: Math.max(this.#now(), effect.atMs) });
        }, delay);
        break;
      }
    }
  }

  #connect(url: string): void {
    this.#abandon();
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, { perMessageDeflate: false });
    } catch (err) {
      // A URL ws refuses outright: report it as an error of this attempt (the machine backs off).
      queueMicrotask(() => this.#dispatch({ type: 'error', at: this.#now(), error: err instanceof Error ? err.message : String(err) }));
      return;
    }
    this.#socket = socket;
    const mine = () => this.#socket === socket;
    socket.on('open', () => {
      if (!mine()) return;
      this.#opened = true;
      this.#dispatch({ type: 'opened', at: this.#now() });
    });
    socket.on('message', (data, isBinary) => {
      if (!mine()) return;
      const at = this.#now();
      const raw = frameText(data, isBinary);
      const outcome = this.#dispatch({ type: 'message', raw, at });
      if (!outcome) return;
      this.#options.onFrame?.({ raw, at, receivedAt: this.#state.ingest.lastMessageAt ?? formatFeedTime(at, this.#state.config.utcOffsetMinutes), outcome });
      if (outcome.kind === 'accepted') {
        const waiter = this.#waiting.shift();
        if (waiter) waiter({ value: outcome.message, done: false });
        else this.#queue.push(outcome.message);
      }
    });
    socket.on('error', (err) => {
      if (!mine()) return;
      this.#dispatch({ type: 'error', at: this.#now(), error: err.message || String(err) });
    });
    socket.on('close', (code, reason) => {
      for (const w of this.#closeWaiters.splice(0)) w();
      if (!mine()) return;
      this.#socket = null;
      this.#dispatch({ type: 'closed', at: this.#now(), reason: describeClose(code, reason) });
    });
  }

  /** Drops the current socket: nothing it reports afterwards reaches the state machine. */
  #abandon(): void {
    const socket = this.#socket;
    this.#socket = null;
    if (!socket) return;
    socket.on('error', () => {}); // a late error of an abandoned socket is not a crash
    if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CLOSING) socket.terminate();
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
