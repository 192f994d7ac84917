/**
 * The HTTP polling transport (docs/feed-protocol.md, "HTTP polling"): `GET <url>?since=<seq>&limit=<n>`
 * answered by `{"messages":[…],"next":<seq>}`. One "connection" is a chain of polls: the first
 * answered poll opens it, a poll that fails (network error, non-2xx, a body that is not that
 * object) ends it with `error`, and the connector backs off and opens a new one.
 *
 * Which `since`: the feed's lastSeq (the app store's, read at each poll), or the server's last
 * `next` when that is further on (kept across reconnects: one transport serves one feed). `next`
 * steps past frames that carry no seq and past refused messages, whose seq ingest does not trust
 * (so lastSeq stays behind them): asking with lastSeq alone would fetch a refused message at the
 * end of the feed again on every poll.
 *
 * Cadence: at once again while the server says there is more (a full batch), otherwise after the
 * interval. `fetch` and the timer are injected so tests drive them.
 */
import { resumeUrl } from '@core/feed';
import { DEFAULT_POLL_INTERVAL_MS } from '@core/feed/feed-config';
import type { FeedTransport, FeedTransportConnection, FeedTransportEvents } from './feed-transport';

/** Messages asked for per poll (the server may send a few more to keep a seq's messages together). */
export const POLL_LIMIT = 500;

/** The part of `fetch` the transport uses. */
export type FetchLike = (url: string, init: { signal: AbortSignal; cache: 'no-store'; headers: Record<string, string> }) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;

export interface HttpPollOptions {
  fetch?: FetchLike;
  /** Wait between polls when the last batch was not full (ms); default 2 s. */
  intervalMs?: number;
  /** Messages asked for per poll (`limit`); default POLL_LIMIT. A URL that sets `limit` itself keeps it. */
  limit?: number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

/** The poll answer, or why it is not one. */
export function readPollBody(text: string): { ok: true; messages: unknown[]; next: number | null } | { ok: false; reason: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the poll answer is not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'the poll answer is not a JSON object' };
  const { messages, next } = body as { messages?: unknown; next?: unknown };
  if (!Array.isArray(messages)) return { ok: false, reason: 'the poll answer has no "messages" array' };
  if (next !== undefined && next !== null && !(typeof next === 'number' && Number.isSafeInteger(next) && next >= -1)) {
    return { ok: false, reason: 'the poll answer\'s "next" is not a whole number ≥ −1' };
  }
  return { ok: true, messages, next: typeof next === 'number' ? next : null };
}

/** `url` with `limit=<n>` added unless it names a limit already. */
function withLimit(url: string, limit: number): { url: string; limit: number } {
  const query = url.split('#')[0].split('?')[1] ?? '';
  const given = /(?:^|&)limit=(\d+)/.exec(query);
  if (given) return { url, limit: Number(given[1]) };
  const hashAt = url.indexOf('#');
  const head = hashAt < 0 ? url : url.slice(0, hashAt);
  const tail = hashAt < 0 ? '' : url.slice(hashAt);
  return { url: `${head}${head.includes('?') ? '&' : '?'}limit=${limit}${tail}`, limit };
}

/** A FeedTransport that polls a JSON endpoint. */
export function createHttpPollTransport(options: HttpPollOptions = {}): FeedTransport {
  const doFetch: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const intervalMs = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const setTimer = options.setTimeout ?? ((fn: () => void, ms: number) => globalThis.setTimeout(fn, ms));
  const clearTimer = options.clearTimeout ?? ((h: unknown) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>));

  /**
   * The server's `next` of the last answer, kept across connections (a transport serves one feed):
   * after a failed poll the next connection goes on from it rather than fetching again a refused
   * message whose seq ingest did not trust. −1 before any answer.
   */
  let cursor = -1;

  return {
    open(baseUrl: string, events: FeedTransportEvents, lastSeq: () => number): FeedTransportConnection {
      const { url, limit } = withLimit(baseUrl, options.limit ?? POLL_LIMIT);
      let closed = false;
      let opened = false;
      let timer: unknown = null;
      let controller: AbortController | null = null;

      const fail = (message: string): void => {
        if (closed) return;
        closed = true;
        events.error(message);
      };

      const poll = async (): Promise<void> => {
        timer = null;
        if (closed) return;
        const since = Math.max(lastSeq(), cursor);
        const target = since >= 0 ? resumeUrl(url, since) : url;
        controller = new AbortController();
        let status: number;
        let text: string;
        try {
          const response = await doFetch(target, { signal: controller.signal, cache: 'no-store', headers: { accept: 'application/json' } });
          status = response.status;
          text = await response.text();
          if (!response.ok) {
            fail(`the poll was answered with HTTP ${status}`);
            return;
          }
        } catch (err) {
          if (!closed) fail(`the poll failed: ${err instanceof Error ? err.message : String(err)}`);
          return;
        } finally {
          controller = null;
        }
        if (closed) return;
        const body = readPollBody(text);
        if (!body.ok) {
          fail(body.reason);
          return;
        }
        if (!opened) {
          opened = true;
          events.opened();
        }
        if (body.next !== null) cursor = Math.max(cursor, body.next);
        if (body.messages.length > 0) events.messages(body.messages);
        else events.alive();
        if (closed) return; // the connector may close while handling the batch
        const more = body.messages.length >= limit;
        timer = setTimer(() => void poll(), more ? 0 : intervalMs);
      };

      // After `open` returns: the connector must not be re-entered while it opens the connection.
      timer = setTimer(() => void poll(), 0);

      return {
        close(): void {
          closed = true;
          if (timer !== null) clearTimer(timer);
          timer = null;
          controller?.abort();
          controller = null;
        },
      };
    },
  };
}
