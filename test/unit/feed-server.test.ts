/**
 * The feed server against real sockets on 127.0.0.1: WebSocket replay and live play, resume with
 * ?since=, a connection cut mid-stream and resumed by FeedClient, HTTP polling, speed, heartbeats,
 * loop, refusals, and the command itself (in-process and as a real process stopped by SIGINT).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  feedEntryRaw,
  ingestMessage,
  initialIngestState,
  parseFeedMessage,
  readRecording,
  writeRecording,
  type FeedEntry,
  type IngestOutcome,
  type RecordingEntry,
} from '../../src/core/feed';
import { FeedClient } from '../../src/cli/feed-client';
import { FeedTimeline, startFeedServer, type FeedServer, type FeedServerOptions } from '../../src/cli/feed-server';
import { main } from '../../src/cli/index';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/recordings/v1.jsonl');

function fixtureEntries(): RecordingEntry[] {
  const r = readRecording(readFileSync(FIXTURE, 'utf8'));
  if (!r.ok) throw new Error(r.reason);
  return r.entries;
}
const feedOnly = (entries: readonly RecordingEntry[]): FeedEntry[] => entries.filter((e): e is FeedEntry => e.t === 'feed');
/** What the server sends for an entry over WebSocket. */
const wireText = (e: FeedEntry): string => ('text' in e ? e.text : JSON.stringify(e.message));

const T0 = Date.parse('2024-05-01T00:30:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A recording of `n` feed entries `stepMs` apart with increasing seqs: incidents, positions and
 * heartbeats, and every `badEvery`-th entry a frame that is not JSON (kept as text).
 */
function generated(n: number, stepMs: number, badEvery = 0): RecordingEntry[] {
  const entries: RecordingEntry[] = [];
  let seq = 0;
  for (let i = 0; i < n; i++) {
    const receivedAt = iso(T0 + i * stepMs);
    if (badEvery > 0 && i % badEvery === badEvery - 1) {
      entries.push({ t: 'feed', receivedAt, text: `{"kind":"incident","seq":${seq + 1},"id":"cut-${i}` });
      continue;
    }
    seq += 1 + (i % 7 === 3 ? 2 : 0); // gaps are allowed
    const at = iso(T0 + i * stepMs);
    const message =
      i % 5 === 0
        ? { kind: 'heartbeat', seq, at }
        : i % 5 === 1
          ? { kind: 'position', seq, at, worker_id: `w-${i % 13}`, lon: 113.6, lat: 34.75 }
          : { kind: 'incident', seq, at, id: `i-${i}`, version: 1, category: '0101', title: `incident ${i}`, lon: 113.6, lat: 34.75 };
    entries.push({ t: 'feed', receivedAt, message });
  }
  return entries;
}

const servers: FeedServer[] = [];
async function serve(options: FeedServerOptions): Promise<FeedServer> {
  const s = await startFeedServer(options);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connects a plain ws client and collects text frames until `count` came or `ms` passed. */
function collect(url: string, count: number, ms = 3000): Promise<{ frames: string[]; times: number[] }> {
  return new Promise((resolve, reject) => {
    const frames: string[] = [];
    const times: number[] = [];
    const ws = new WebSocket(url);
    const done = () => {
      clearTimeout(timer);
      ws.terminate();
      resolve({ frames, times });
    };
    const timer = setTimeout(done, ms);
    ws.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false);
      frames.push(data.toString());
      times.push(Date.now());
      if (frames.length >= count) done();
    });
    ws.on('error', reject);
  });
}

async function getJson(url: string): Promise<{ status: number; body: { messages: unknown[]; next: number; error?: string } }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

describe('feed server over WebSocket', () => {
  it('serves the fixture recording in order, bad frames exactly as recorded', async () => {
    const entries = fixtureEntries();
    const server = await serve({ entries, speed: 10_000 });
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/feed$/);
    const feed = feedOnly(entries);
    const { frames } = await collect(server.url, feed.length);
    expect(frames).toEqual(feed.map(wireText));
    expect(frames.some((f) => !f.startsWith('{') || !f.endsWith('}'))).toBe(true); // the truncated frame
  });

  it('?since= replays only what comes after that seq', async () => {
    const entries = fixtureEntries();
    const feed = feedOnly(entries);
    const server = await serve({ entries, speed: 10_000 });
    await sleep(60); // all of it has happened
    const seqOf = (e: FeedEntry) => ('message' in e ? (e.message as { seq: number }).seq : null);
    const from = (seq: number) => feed.slice(feed.findIndex((e) => seqOf(e) === seq));
    // since=5: seq 6 on, the frame without a seq included
    const after5 = await collect(`${server.url}?since=5`, 99, 300);
    expect(after5.frames).toEqual(from(6).map(wireText));
    // since=3: the re-sends of seq 2 and 3 that follow seq 3 are not sent again
    const after3 = await collect(`${server.url}?since=3`, 99, 300);
    expect(after3.frames).toEqual(from(4).map(wireText));
    // since beyond anything: the server assumes it was restarted and replays all it has
    const restarted = await collect(`${server.url}?since=1000`, 99, 300);
    expect(restarted.frames).toEqual(feed.map(wireText));
    expect(server.connections.map((c) => c.since)).toEqual([5, 3, 1000]);
  });

  it('a connection cut mid-stream: FeedClient resumes with since=lastSeq, nothing lost or doubled', async () => {
    const entries = generated(900, 1, 40); // 0.9 s of feed
    const feed = feedOnly(entries);
    const server = await serve({ entries, speed: 1 });
    const outcomes: IngestOutcome[] = [];
    const frames: string[] = [];
    const lastSeqAtDrop: number[] = [];
    const client = new FeedClient({
      url: server.url,
      random: () => 0.2,
      onFrame: (f) => {
        frames.push(f.raw);
        outcomes.push(f.outcome);
      },
      onStatus: (s) => {
        if (s.state === 'reconnecting') lastSeqAtDrop.push(s.lastSeq);
      },
    });
    client.start();
    const lastSeq = (parseFeedMessage(feedEntryRaw(feed[feed.length - 1])) as { ok: true; message: { seq: number } }).message.seq;
    await sleep(250);
    expect(server.terminateConnections()).toBe(1);
    await sleep(300);
    expect(server.terminateConnections()).toBe(1);
    for (let i = 0; i < 100 && client.ingest.lastSeq < lastSeq; i++) await sleep(20);
    await client.stop();

    expect(lastSeqAtDrop).toHaveLength(2);
    expect(lastSeqAtDrop[0]).toBeGreaterThan(0);
    expect(lastSeqAtDrop[1]).toBeGreaterThan(lastSeqAtDrop[0]);
    expect(lastSeqAtDrop[1]).toBeLessThan(lastSeq); // cut mid-stream, not after the end
    expect(server.connections.map((c) => c.since)).toEqual([null, ...lastSeqAtDrop]);
    expect(client.status().reconnects).toBe(2);

    // Every valid message came exactly once, in order; each frame without a seq at least once.
    const valid = feed.filter((e) => 'message' in e).map(wireText);
    expect(frames.filter((f) => f.startsWith('{') && f.endsWith('}'))).toEqual(valid);
    for (const bad of feed.filter((e) => 'text' in e).map(wireText)) expect(frames).toContain(bad);
    const accepted = outcomes.filter((o) => o.kind === 'accepted').map((o) => (o as { message: { seq: number } }).message.seq);
    expect(accepted).toEqual(valid.map((t) => (JSON.parse(t) as { seq: number }).seq));
    expect(client.status().counts).toMatchObject({ accepted: valid.length, duplicate: 0, stale: 0 });
  });

  it('plays at --speed × the recorded spacing', async () => {
    const entries = generated(4, 1000); // 0, 1, 2, 3 s
    const started = Date.now();
    const server = await serve({ entries, speed: 5 }); // 0, 200, 400, 600 ms
    const { frames, times } = await collect(server.url, 4, 3000);
    expect(frames).toHaveLength(4);
    const at = times.map((t) => t - started);
    expect(at[0]).toBeLessThan(150);
    for (let i = 1; i < 4; i++) {
      expect(at[i]).toBeGreaterThanOrEqual(i * 200 - 5);
      expect(at[i]).toBeLessThan(i * 200 + 250);
    }
  });

  it('a client that comes late gets what happened at once, then the rest live', async () => {
    const entries = generated(6, 100); // 0 … 500 ms
    const server = await serve({ entries, speed: 1 });
    await sleep(230); // entries 0, 1, 2 have happened
    const started = Date.now();
    const { frames, times } = await collect(server.url, 6, 2000);
    expect(frames).toEqual(feedOnly(entries).map(wireText));
    expect(server.connections[0].replayed).toBe(3);
    expect(times[2] - started).toBeLessThan(150);
    expect(times[5] - started).toBeGreaterThan(200);
  });

  it('sends a heartbeat after silence, with the last valid seq, which moves nobody past anything', async () => {
    const entries = fixtureEntries();
    const server = await serve({ entries, speed: 10_000, heartbeatMs: 120 });
    const n = feedOnly(entries).length;
    const { frames } = await collect(server.url, n + 2, 2000);
    const generatedHeartbeats = frames.slice(n).map((f) => JSON.parse(f) as { kind: string; seq: number; at: string });
    expect(generatedHeartbeats).toHaveLength(2);
    let state = initialIngestState();
    for (const f of frames.slice(0, n)) state = ingestMessage(state, f, '2024-05-01T08:40:00+08:00').state;
    const before = state.lastSeq;
    for (const hb of generatedHeartbeats) {
      expect(hb.kind).toBe('heartbeat');
      expect(hb.seq).toBe(before); // the highest valid seq sent: the fixture's last message (seq 10) is refused
      const r = ingestMessage(state, JSON.stringify(hb), '2024-05-01T08:40:01+08:00');
      expect(r.outcome.kind).toBe('accepted');
      expect(r.state.lastSeq).toBe(before);
      state = r.state;
    }
  });

  it('--loop starts over with seqs shifted past the highest, so resume keeps working', async () => {
    const entries = generated(3, 10); // seqs 1, 2, 3; one pass is 20 ms + 1 s pause (recorded)
    const server = await serve({ entries, speed: 10, loop: true }); // a pass every ~100 ms
    const { frames } = await collect(server.url, 9, 3000);
    const seqs = frames.map((f) => (JSON.parse(f) as { seq: number }).seq);
    // A new client starts at the current pass (normally the first); seqs go up by 4 a pass.
    const s = seqs[0];
    expect(s % 4).toBe(1);
    expect(seqs).toEqual([s, s + 1, s + 2, s + 4, s + 5, s + 6, s + 8, s + 9, s + 10]);
    const last = seqs[seqs.length - 1];
    const resumed = await collect(`${server.url}?since=${last}`, 1, 2000);
    expect((JSON.parse(resumed.frames[0]) as { seq: number }).seq).toBe(last + 2);
  });

  it('refuses other paths and a bad since', async () => {
    const server = await serve({ entries: fixtureEntries() });
    const failure = (url: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.on('unexpected-response', (_req, res) => {
          resolve(String(res.statusCode));
          ws.terminate();
        });
        ws.on('error', () => {});
        ws.on('open', () => resolve('open'));
      });
    expect(await failure(server.url.replace('/feed', '/other'))).toBe('404');
    expect(await failure(`${server.url}?since=abc`)).toBe('400');
    expect((await getJson(`${server.pollUrl}?since=-5`)).status).toBe(400);
    expect((await getJson(`${server.pollUrl}?limit=0`)).status).toBe(400);
    expect((await getJson(server.pollUrl.replace('/feed', '/'))).status).toBe(404);
  });
});

describe('feed server over HTTP polling', () => {
  async function pageThrough(pollUrl: string, limit: number): Promise<{ messages: unknown[]; pages: number[] }> {
    const messages: unknown[] = [];
    const pages: number[] = [];
    let since = -1;
    for (;;) {
      const { status, body } = await getJson(`${pollUrl}?since=${since}&limit=${limit}`);
      expect(status).toBe(200);
      if (body.messages.length === 0) {
        expect(body.next).toBe(since);
        return { messages, pages };
      }
      expect(body.next).toBeGreaterThan(since);
      pages.push(body.messages.length);
      messages.push(...body.messages);
      since = body.next;
    }
  }

  it('pages through a bigger recording with next, nothing lost or doubled', async () => {
    const entries = generated(1000, 1, 25);
    const server = await serve({ entries, speed: 1000 }); // all of it within 1 ms
    await sleep(20);
    const { messages, pages } = await pageThrough(server.pollUrl, 64);
    expect(messages).toEqual(feedOnly(entries).map((e) => feedEntryRaw(e)));
    expect(pages.length).toBeGreaterThan(15);
    expect(Math.max(...pages)).toBeLessThanOrEqual(65); // a frame without a seq rides with the next message
  });

  it('serves the fixture: text frames as strings, every message once, re-sends with their group', async () => {
    const entries = fixtureEntries();
    const server = await serve({ entries, speed: 10_000 });
    await sleep(60);
    const expected = feedOnly(entries).map((e) => feedEntryRaw(e));
    expect((await pageThrough(server.pollUrl, 500)).messages).toEqual(expected);
    expect((await pageThrough(server.pollUrl, 3)).messages).toEqual(expected);
    expect((await pageThrough(server.pollUrl, 1)).messages).toEqual(expected);
    // Ingesting the batch counts exactly as ingesting the recording.
    const { body } = await getJson(`${server.pollUrl}?since=7`);
    expect(body.messages).toEqual(expected.slice(-3));
    expect(typeof body.messages[0]).toBe('string');
    expect(body.next).toBe(10);
  });

  it('gives only what already happened by the virtual clock', async () => {
    const entries = generated(10, 1000); // 0 … 9 s
    const server = await serve({ entries, speed: 1 });
    const { body } = await getJson(`${server.pollUrl}`);
    expect(body.messages).toHaveLength(1);
    expect(body.next).toBe(1);
    const again = await getJson(`${server.pollUrl}?since=1`);
    expect(again.body).toEqual({ messages: [], next: 1 });
  });
});

describe('FeedTimeline positions', () => {
  it('a frame without a seq takes the position of the next message; trailing ones the highest seq + 1', () => {
    const t = new FeedTimeline([
      { t: 'feed', receivedAt: iso(T0), message: { kind: 'heartbeat', seq: 1, at: iso(T0) } },
      { t: 'feed', receivedAt: iso(T0 + 1), text: 'oops' },
      { t: 'feed', receivedAt: iso(T0 + 2), message: { kind: 'heartbeat', seq: 4, at: iso(T0) } },
      { t: 'feed', receivedAt: iso(T0 + 3), message: { kind: 'heartbeat', seq: 2, at: iso(T0) } },
      { t: 'feed', receivedAt: iso(T0 + 1), text: 'late and back in time' },
    ]);
    expect([0, 1, 2, 3, 4].map((g) => t.position(g))).toEqual([1, 4, 4, 4, 5]);
    expect(t.dueCount(2)).toBe(3);
    expect(t.dueCount(3)).toBe(5); // the entry back in time happens with the one before it
    expect(t.startFor(1, 5)).toBe(1);
    expect(t.startFor(4, 5)).toBe(4);
    expect(t.startFor(null, 5)).toBe(0);
    expect(t.startFor(5, 5)).toBe(5); // past the trailing frame: nothing more
    expect(t.startFor(6, 5)).toBe(0); // beyond anything: a restarted server replays all
    // HTTP: the trailing frame goes out (once it is due) with next = 5.
    expect(t.batch(4, 5, 10)).toEqual({ items: [4], next: 5 });
    expect(t.batch(4, 4, 10)).toEqual({ items: [], next: null });
    // A frame without a seq waits for the message after it.
    expect(t.batch(0, 2, 10)).toEqual({ items: [0], next: 1 });
    expect(t.batch(0, 3, 1)).toEqual({ items: [0], next: 1 });
    expect(t.batch(1, 5, 1)).toEqual({ items: [1, 2, 3], next: 4 }); // same position: one batch
  });
});

describe('gridroom feed-server', () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'gridroom-feed-'));

  async function run(argv: string[], signal?: AbortSignal) {
    let out = '';
    let err = '';
    const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), signal });
    return { code, out, err };
  }

  it('refuses a bad recording with its reason', async () => {
    const dir = tmp();
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    const corrupt = join(dir, 'corrupt.jsonl');
    writeFileSync(corrupt, [...lines.slice(0, 3), '{"t":"feed",', ...lines.slice(3)].join('\n'));
    const r = await run(['feed-server', '--recording', corrupt, '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 4 of the recording is not JSON');
    const notRecording = join(dir, 'x.jsonl');
    writeFileSync(notRecording, '{"kind":"heartbeat","seq":1,"at":"2024-05-01T08:30:00+08:00"}\n');
    expect((await run(['feed-server', '--recording', notRecording, '--port', '0'])).err).toContain('not a Gridroom recording');
    expect((await run(['feed-server', '--recording', join(dir, 'missing.jsonl')])).err).toContain('cannot read recording');
    expect((await run(['feed-server', '--port', '0'])).err).toContain('--recording FILE is required');
    expect((await run(['feed-server', '--recording', FIXTURE, '--speed', '0'])).err).toContain('--speed must be a positive number');
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, writeRecording({ district: { code: 'ZY', name: '' }, startedAt: iso(T0), endedAt: iso(T0), boundaryVersion: null }, []));
    expect((await run(['feed-server', '--recording', empty, '--port', '0'])).err).toContain('no feed entries');
  });

  it('serves in-process until stopped', async () => {
    const stop = new AbortController();
    let out = '';
    const running = main(['feed-server', '--recording', FIXTURE, '--port', '0', '--speed', '10000'], {
      stdout: (s) => (out += s),
      stderr: () => {},
      signal: stop.signal,
    });
    for (let i = 0; i < 100 && !out.includes('ws://'); i++) await sleep(10);
    const url = /ws:\/\/\S+/.exec(out)![0];
    const { frames } = await collect(url, 12);
    expect(frames).toHaveLength(12);
    stop.abort();
    expect(await running).toBe(0);
    expect(out).toContain('Stopped');
  });

  it('the real command prints its URL, serves, and stops cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/gridroom.mjs'), 'feed-server', '--recording', FIXTURE, '--port', '0', '--speed', '10000'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 200 && !/ws:\/\/\S+/.test(out); i++) await sleep(25);
      const url = /ws:\/\/\S+/.exec(out)![0];
      expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/feed$/);
      const { frames } = await collect(url, 12);
      expect(frames).toHaveLength(12);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(out).toContain('Stopped (SIGINT)');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
