/**
 * What every live-feed transport of the renderer (WebSocket, HTTP polling, MQTT through the main
 * process) offers the connector runner, which drives core/feed/connection.ts (reconnect with
 * backoff, resume from the last seq, the silence watchdog) the same way for all of them.
 *
 * A transport opens one connection per `open` call and reports what happens on it through the
 * events; after `close()` (or after it reported `closed`/`error`) it reports nothing more. It
 * never reconnects by itself: reconnecting is the runner's decision.
 */

export interface FeedTransportEvents {
  /** The connection is up (HTTP polling: the first poll answered). */
  opened(): void;
  /**
   * Messages as received, in order: each the text of one frame/line, or an already parsed value
   * (a polled JSON array's elements). Validation is not the transport's job: it passes everything.
   */
  messages(raws: readonly unknown[]): void;
  /**
   * Proof of life without messages: an HTTP poll answered with an empty batch. It keeps the
   * silence watchdog quiet (docs/feed-protocol.md: "a successful poll counts as proof of life")
   * and, like `opened`, marks the connection up. Transports with their own heartbeats need not call it.
   */
  alive(): void;
  /** The connection ended; `reason` in English for the status line. */
  closed(reason?: string): void;
  /** The connection failed; the runner closes it and backs off. */
  error(message: string): void;
}

export interface FeedTransportConnection {
  /** Closes the connection; nothing is reported after this. Safe to call twice. */
  close(): void;
}

export interface FeedTransport {
  /**
   * Opens a connection to `url` (already carrying `since=<lastSeq>` when resuming).
   * `lastSeq` reads the feed's newest seq at any time (HTTP polling asks for `since` per poll).
   */
  open(url: string, events: FeedTransportEvents, lastSeq: () => number): FeedTransportConnection;
}
