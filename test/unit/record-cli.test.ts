/**
 * `gridroom record` against a real feed server on 127.0.0.1: the round trip (serve a recording,
 * record it, read the result back), stopping after N messages, a connection cut while recording,
 * and a feed that cannot be reached.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  feedEntryRaw,
  ingestMessage,
  initialIngestState,
  readRecording,
  type FeedEntry,
  type RecordingEntry,
} from '../../src/core/feed';
import { startFeedServer, type FeedServer } from '../../src/cli/feed-server';
import { main } from '../../src/cli/index';

const FIXTURE = join(import.meta.dirname, '../fixtures/recordings/v1.jsonl');

function fixtureEntries(): RecordingEntry[] {
  const r = readRecording(readFileSync(FIXTURE, 'utf8'));
  if (!r.ok) throw new Error(r.reason);
  return r.entries;
}
const feedOnly = (entries: readonly RecordingEntry[]): FeedEntry[] => entries.filter((e): e is FeedEntry => e.t === 'feed');
/** What an entry holds, without when it was received. */
const content = (e: FeedEntry) => ('text' in e ? { text: e.text } : { message: e.message });

const servers: FeedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

/** accepted/duplicate/stale/rejected as `record` prints them. */
function printedCounts(out: string) {
  const m = /(\d+) accepted, (\d+) duplicate, (\d+) stale, (\d+) rejected; (\d+) reconnects?/.exec(out);
  if (!m) throw new Error(`no counts in ${JSON.stringify(out)}`);
  const [accepted, duplicate, stale, rejected, reconnects] = m.slice(1).map(Number);
  return { accepted, duplicate, stale, rejected, reconnects };
}

function readBack(file: string) {
  const r = readRecording(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(r.reason);
  return r;
}

describe('gridroom record', () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'gridroom-record-'));

  it('round trip: records a served recording; reading it back gives the same frames and counts', async () => {
    const entries = fixtureEntries();
    const feed = feedOnly(entries);
    // 4 recorded minutes in ~0.5 s: part replayed on connect, the rest live.
    const server = await startFeedServer({ entries, speed: 500 });
    servers.push(server);
    const out = join(tmp(), 'recorded.jsonl');
    const r = await run('record', '--feed', server.url, '--out', out, '--seconds', '1.2', '--district', 'ZY', '--district-name', '建设路街道');
    expect(r.err).not.toContain('could not connect');
    expect(r.code).toBe(0);

    const back = readBack(out);
    expect(back.warnings).toEqual([]);
    expect(back.header.district).toEqual({ code: 'ZY', name: '建设路街道' });
    expect(back.header.counts.feed).toBe(feed.length);
    expect(back.entries.map((e) => content(e as FeedEntry))).toEqual(feed.map(content));
    expect(existsSync(`${out}.part`)).toBe(false);

    // The counts printed are what ingest makes of the fixture, and what it makes of the recording.
    const classify = (es: readonly FeedEntry[]) => {
      let s = initialIngestState();
      for (const e of es) s = ingestMessage(s, feedEntryRaw(e), e.receivedAt).state;
      const { accepted, duplicate, stale, rejected } = s.counts;
      return { accepted, duplicate, stale, rejected };
    };
    const expected = classify(feed);
    expect(expected.duplicate).toBeGreaterThan(0);
    expect(expected.stale).toBeGreaterThan(0);
    expect(expected.rejected).toBeGreaterThan(0);
    expect(printedCounts(r.out)).toEqual({ ...expected, reconnects: 0 });
    expect(classify(back.entries as FeedEntry[])).toEqual(expected);
  });

  it('stops after --max-messages', async () => {
    const server = await startFeedServer({ entries: fixtureEntries(), speed: 10_000 });
    servers.push(server);
    const out = join(tmp(), 'five.jsonl');
    const started = Date.now();
    const r = await run('record', '--feed', server.url, '--out', out, '--max-messages', '5', '--seconds', '10');
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(readBack(out).entries).toHaveLength(5);
    expect(r.out).toMatch(/^recorded 5 frames/);
  });

  it('a connection cut while recording: reconnects, resumes, loses and doubles nothing', async () => {
    const entries: RecordingEntry[] = [];
    const t0 = Date.parse('2024-05-01T00:30:00Z');
    for (let i = 0; i < 800; i++) {
      const at = new Date(t0 + i).toISOString();
      entries.push({ t: 'feed', receivedAt: at, message: { kind: 'incident', seq: i + 1, at, id: `i-${i}`, version: 1, category: '0101', title: `n${i}`, lon: 113.6, lat: 34.75 } });
    }
    const server = await startFeedServer({ entries, speed: 1 }); // 0.8 s of feed
    servers.push(server);
    const out = join(tmp(), 'cut.jsonl');
    const recording = run('record', '--feed', server.url, '--out', out, '--seconds', '1.8');
    await new Promise((r) => setTimeout(r, 350));
    expect(server.terminateConnections()).toBe(1);
    const r = await recording;
    expect(r.code).toBe(0);
    expect(r.err).toContain('reconnecting');
    expect(printedCounts(r.out)).toEqual({ accepted: 800, duplicate: 0, stale: 0, rejected: 0, reconnects: 1 });
    const seqs = readBack(out).entries.map((e) => ((e as { message: { seq: number } }).message).seq);
    expect(seqs).toEqual(entries.map((_, i) => i + 1));
    expect(server.connections).toHaveLength(2);
    expect(server.connections[1].since).toBeGreaterThan(0);
  });

  it('exits 1 when it cannot connect at all, and leaves no file behind', async () => {
    // A port that was free a moment ago.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const dir = tmp();
    const out = join(dir, 'none.jsonl');
    const r = await run('record', '--feed', `ws://127.0.0.1:${port}/feed`, '--out', out, '--connect-timeout', '0.6');
    expect(r.code).toBe(1);
    expect(r.err).toContain('could not connect');
    expect(r.err).toContain('ECONNREFUSED');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses bad options', async () => {
    expect((await run('record', '--feed', 'http://127.0.0.1:1/feed', '--out', 'x.jsonl')).err).toContain('ws:// or wss://');
    expect((await run('record', '--feed', 'ws://127.0.0.1:1/feed')).err).toContain('--out FILE is required');
    expect((await run('record', '--feed', 'ws://127.0.0.1:1/feed', '--out', 'x', '--seconds', '0')).err).toContain('--seconds must be a positive');
    expect((await run('record', '--feed', 'ws://127.0.0.1:1/feed', '--out', 'x', '--max-messages', '2.5')).err).toContain('whole number');
    expect((await run('record', '--feed', 'ws://127.0.0.1:1/feed', '--out', join(tmp(), 'no/such/dir/x.jsonl'))).err).toContain('cannot write');
  });
});
