/**
 * The WebSocket transport (docs/feed-protocol.md, "WebSocket"): one connection per `open`, one
 * message per text frame, nothing sent but control frames. It reports what happens and never
 * reconnects by itself; the connector decides (feed-connector.ts).
 *
 * The WebSocket class is injected: the browser's by default, the `ws` package's in Node tests, so
 * the same code is tested against a real server.
 */
import type { FeedTransport, FeedTransportConnection, FeedTransportEvents } from './feed-transport';

/** What the transport uses of a WebSocket: the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** WebSocket.CLOSING: from here on closing again is pointless. */
const CLOSING = 2;

/** A binary frame as the text ingest sees: not JSON, so it is refused as `not_json` (the protocol's rule), with its size. */
function binaryMarker(data: unknown): string {
  const size =
    typeof data === 'object' && data !== null
      ? ((data as { byteLength?: number }).byteLength ?? (data as { size?: number }).size ?? (data as { length?: number }).length)
      : undefined;
  return `(a binary frame${size === undefined ? '' : ` of ${size} bytes`}; feed messages are text frames)`;
}

/**
 * A FeedTransport over WebSocket. `WebSocketClass` defaults to `globalThis.WebSocket`; without one
 * (an old Node) every open reports an error instead of throwing.
 */
export function createWebSocketTransport(
  WebSocketClass: WebSocketConstructor | undefined = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket,
): FeedTransport {
  return {
    open(url: string, events: FeedTransportEvents): FeedTransportConnection {
      let done = false;
      let opened = false;
      let socket: WebSocketLike | null = null;
      // Reports go out after `open` has returned: the connector is still applying the step that
      // asked for this connection, and must not be re-entered from inside it.
      const report = (fn: () => void): void => {
        if (done) return;
        done = true;
        fn();
      };
      const fail = (message: string): void => {
        queueMicrotask(() => report(() => events.error(message)));
      };

      if (!WebSocketClass) {
        fail('this runtime has no WebSocket');
      } else {
        try {
          socket = new WebSocketClass(url);
        } catch (err) {
          fail(`cannot open ${url}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (socket) {
        const ws = socket;
        // Binary frames are refused; an ArrayBuffer at least tells their size without reading a Blob.
        ws.binaryType = 'arraybuffer';
        ws.onopen = () => {
          if (done) return;
          opened = true;
          events.opened();
        };
        ws.onmessage = (event) => {
          if (done) return;
          const data = event.data;
          events.messages([typeof data === 'string' ? data : binaryMarker(data)]);
        };
        // Both runtimes follow an error with a close: the close reports it, once, with its code.
        ws.onerror = () => undefined;
        ws.onclose = (event) => {
          const why = `code ${event.code}${event.reason ? `: ${event.reason}` : ''}`;
          if (opened) report(() => events.closed(`the server closed the connection (${why})`));
          else report(() => events.error(`could not connect (${why})`));
        };
      }

      return {
        close(): void {
          done = true;
          if (!socket) return;
          const ws = socket;
          socket = null;
          ws.onopen = null;
          ws.onmessage = null;
          ws.onclose = null;
          // The `ws` package emits 'error' when a connection still being set up is closed, and an
          // EventEmitter with no error listener throws: keep one that does nothing.
          ws.onerror = () => undefined;
          if (ws.readyState < CLOSING) {
            try {
              ws.close(1000, 'closed by Gridroom');
            } catch {
              // Already failing: nothing left to close.
            }
          }
        },
      };
    },
  };
}
