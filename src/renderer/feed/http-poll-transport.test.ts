import { describe, expect, it } from 'vitest';
import { createHttpPollTransport, readPollBody, type FetchLike } from './http-poll-transport';
import type { FeedTransportEvents } from './feed-transport';

function recorder() {
  const log: string[] = [];
  const events: FeedTransportEvents = {
    opened: () => log.push('opened'),
    messages: (raws) => log.push(`messages ${raws.length}`),
    alive: () => log.push('alive'),
    closed: (r) => log.push(`closed ${r ?? ''}`),
    error: (m) => log.push(`error ${m}`),
  };
  return { log, events };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('HTTP poll transport', () => {
  it('reads the poll answer strictly', () => {
    expect(readPollBody('{"messages":[1,"x"],"next":4}')).toEqual({ ok: true, messages: [1, 'x'], next: 4 });
    expect(readPollBody('{"messages":[]}')).toEqual({ ok: true, messages: [], next: null });
    expect(readPollBody('[]')).toMatchObject({ ok: false });
    expect(readPollBody('{"next":1}')).toMatchObject({ ok: false });
    expect(readPollBody('{"messages":[],"next":"1"}')).toMatchObject({ ok: false });
    expect(readPollBody('<html>')).toMatchObject({ ok: false, reason: 'the poll answer is not JSON' });
  });

  it('aborts the poll in flight on close and reports nothing after', async () => {
    let signal: AbortSignal | null = null;
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        signal = init.signal;
        init.signal.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const { log, events } = recorder();
    const conn = createHttpPollTransport({ fetch }).open('http://h/feed', events, () => -1);
    await tick();
    expect(signal).not.toBeNull();
    conn.close();
    expect(signal!.aborted).toBe(true);
    await tick();
    expect(log).toEqual([]);
  });

  it('an empty batch is a sign of life; a body that is not the poll object is an error', async () => {
    const bodies = ['{"messages":[],"next":-1}', 'oops'];
    const urls: string[] = [];
    const fetch: FetchLike = async (url) => {
      urls.push(url);
      const body = bodies.shift() ?? '';
      return { ok: true, status: 200, text: async () => body };
    };
    const { log, events } = recorder();
    createHttpPollTransport({ fetch, intervalMs: 1 }).open('http://h/feed?token=a#x', events, () => 7);
    for (let i = 0; i < 20 && log.length < 3; i++) await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual(['opened', 'alive', 'error the poll answer is not JSON']);
    expect(urls[0]).toBe('http://h/feed?token=a&limit=500&since=7#x');
  });
});
