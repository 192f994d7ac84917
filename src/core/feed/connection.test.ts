import { describe, expect, it } from 'vitest';
import {
  CONNECTION_STABLE_AFTER_MS,
  RECONNECT_BASE_MS,
  RECONNECT_CAP_MS,
  backoffDelayMs,
  connectionConfig,
  connectionStatus,
  connectionStep,
  connectionSteps,
  formatFeedTime,
  initialConnectionState,
  type ConnectionConfig,
  type ConnectionEffect,
  type ConnectionState,
} from './connection';
import { FEED_SILENT_AFTER_S } from './ingest';
import { parseFeedTime } from './protocol';

const URL_BASE = 'ws://feed.test/zy?token=t';
const SILENT_MS = FEED_SILENT_AFTER_S * 1000;

const heartbeat = (seq: number) => JSON.stringify({ kind: 'heartbeat', seq, at: '2024-05-01T08:30:00+08:00' });
const incident = (seq: number, id: string, version = 1) =>
  JSON.stringify({ kind: 'incident', seq, at: '2024-05-01T08:30:00+08:00', id, version, category: '0101', title: `${id} v${version}`, lon: 113.6, lat: 34.75 });

/** A small seeded PRNG (mulberry32), so a failing run can be repeated. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fresh(options: Partial<Omit<ConnectionConfig, 'url'>> = {}): ConnectionState {
  return initialConnectionState(connectionConfig(URL_BASE, { random: () => 0.5, ...options }));
}

const sinceOf = (url: string): number | null => {
  const m = /[?&]since=(\d+)/.exec(url);
  return m ? Number(m[1]) : null;
};
const connects = (effects: ConnectionEffect[]) => effects.filter((e): e is { kind: 'connect'; url: string } => e.kind === 'connect');
const schedules = (effects: ConnectionEffect[]) => effects.filter((e): e is { kind: 'schedule'; atMs: number } => e.kind === 'schedule').map((e) => e.atMs);

describe('connection state machine', () => {
  it('starts idle and connects without since the first time', () => {
    const s0 = fresh();
    expect(s0.phase).toBe('idle');
    const r = connectionStep(s0, { type: 'start', at: 1000 });
    expect(r.state.phase).toBe('connecting');
    expect(r.effects).toEqual([
      { kind: 'connect', url: URL_BASE },
      { kind: 'schedule', atMs: 1000 + SILENT_MS },
    ]);
    // A second start changes nothing.
    expect(connectionStep(r.state, { type: 'start', at: 1001 }).effects).toEqual([]);
  });

  it('after a disconnect reconnects with since = lastSeq, after a jittered backoff', () => {
    const { state: up } = connectionSteps(fresh({ random: () => 0.5 }), [
      { type: 'start', at: 0 },
      { type: 'opened', at: 10 },
      { type: 'message', raw: heartbeat(1), at: 20 },
      { type: 'message', raw: incident(2, 'i-1'), at: 30 },
      { type: 'message', raw: incident(5, 'i-2'), at: 40 },
    ]);
    expect(up.phase).toBe('connected');
    expect(up.ingest.lastSeq).toBe(5);

    const down = connectionStep(up, { type: 'closed', at: 100, reason: 'closed by the server (1006)' });
    expect(down.state.phase).toBe('reconnecting');
    expect(down.state.attempt).toBe(1);
    expect(down.state.nextTryAt).toBe(100 + 250); // 0.5 × 500 ms
    expect(down.state.lastError).toBe('closed by the server (1006)');
    expect(down.effects).toEqual([{ kind: 'schedule', atMs: 350 }]); // no close: it is already closed

    // A tick that comes early just re-arms.
    const early = connectionStep(down.state, { type: 'tick', at: 300 });
    expect(early.state.phase).toBe('reconnecting');
    expect(early.effects).toEqual([{ kind: 'schedule', atMs: 350 }]);

    const again = connectionStep(early.state, { type: 'tick', at: 350 });
    expect(again.state.phase).toBe('connecting');
    expect(connects(again.effects)).toEqual([{ kind: 'connect', url: `${URL_BASE}&since=5` }]);
    expect(connectionStatus(again.state, 350)).toMatchObject({ state: 'connecting', attempt: 1, lastSeq: 5 });
  });

  it('backoff doubles per failed attempt and stops at the cap', () => {
    let s = connectionStep(fresh({ random: () => 0.999999 }), { type: 'start', at: 0 }).state;
    const delays: number[] = [];
    let now = 0;
    for (let i = 0; i < 10; i++) {
      const r = connectionStep(s, { type: 'closed', at: now, reason: 'ECONNREFUSED' });
      delays.push((r.state.nextTryAt as number) - now);
      now = r.state.nextTryAt as number;
      s = connectionStep(r.state, { type: 'tick', at: now }).state;
      expect(s.phase).toBe('connecting');
    }
    const bounds = [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000];
    expect(delays).toEqual(bounds.map((b) => Math.floor(0.999999 * b)));
    expect(s.attempt).toBe(10);
  });

  it('full jitter: every delay lies in [0, min(cap, base·2^(n−1)))', () => {
    const random = prng(7);
    const seen = new Map<number, { min: number; max: number }>();
    for (let n = 1; n <= 12; n++) {
      const bound = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** (n - 1));
      for (let k = 0; k < 500; k++) {
        const d = backoffDelayMs(n, random());
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(bound);
        const m = seen.get(n) ?? { min: Infinity, max: -Infinity };
        seen.set(n, { min: Math.min(m.min, d), max: Math.max(m.max, d) });
      }
      // Spread over the whole range, not bunched at one end.
      expect(seen.get(n)!.min).toBeLessThan(bound * 0.05);
      expect(seen.get(n)!.max).toBeGreaterThan(bound * 0.95);
    }
    expect(backoffDelayMs(1, 0)).toBe(0);
    expect(backoffDelayMs(3, 1)).toBe(1999); // a random() of exactly 1 stays below the bound
    expect(backoffDelayMs(1000, 0.5)).toBe(15000);
  });

  it('resets the attempt count after a connection stayed up 10 s, not before', () => {
    let s = connectionStep(fresh({ random: () => 0.999999 }), { type: 'start', at: 0 }).state;
    let now = 0;
    for (let i = 0; i < 4; i++) {
      s = connectionStep(s, { type: 'closed', at: now }).state;
      now = s.nextTryAt as number;
      s = connectionStep(s, { type: 'tick', at: now }).state;
    }
    expect(s.attempt).toBe(4);

    // Up for 5 s, then dropped: still backing off (attempt 5).
    s = connectionStep(s, { type: 'opened', at: now }).state;
    const short = connectionStep(s, { type: 'closed', at: now + 5000 }).state;
    expect(short.attempt).toBe(5);
    expect((short.nextTryAt as number) - (now + 5000)).toBe(Math.floor(0.999999 * 8000));

    // Up for 10 s: the tick at the stable mark resets it, and the next drop is attempt 1.
    const opened = connectionStep(s, { type: 'opened', at: now });
    expect(opened.effects).toEqual([]); // already open: a second open report is ignored
    const tick = connectionStep(s, { type: 'tick', at: now + CONNECTION_STABLE_AFTER_MS });
    expect(tick.state.attempt).toBe(0);
    const dropped = connectionStep(tick.state, { type: 'closed', at: now + 20_000 }).state;
    expect(dropped.attempt).toBe(1);
    expect((dropped.nextTryAt as number) - (now + 20_000)).toBeLessThan(RECONNECT_BASE_MS);

    // Without a tick in between, the drop itself sees the 10 s.
    const direct = connectionStep(s, { type: 'closed', at: now + CONNECTION_STABLE_AFTER_MS }).state;
    expect(direct.attempt).toBe(1);
  });

  it('the watchdog drops a silent connection and reconnects; any frame keeps it alive', () => {
    const up = connectionSteps(fresh(), [
      { type: 'start', at: 0 },
      { type: 'opened', at: 0 },
      { type: 'message', raw: heartbeat(1), at: 10_000 },
      { type: 'message', raw: 'not json at all', at: 20_000 }, // refused, but the line is alive
    ]);
    expect(up.effects).toContainEqual({ kind: 'schedule', atMs: SILENT_MS });
    // The tick at the first deadline finds newer activity and re-arms to it.
    const t1 = connectionStep(up.state, { type: 'tick', at: SILENT_MS });
    expect(t1.state.phase).toBe('connected');
    expect(t1.effects).toEqual([{ kind: 'schedule', atMs: 20_000 + SILENT_MS }]);
    // Then nothing for 30 s: close and reconnect from lastSeq.
    const t2 = connectionStep(t1.state, { type: 'tick', at: 20_000 + SILENT_MS });
    expect(t2.state.phase).toBe('reconnecting');
    expect(t2.effects[0]).toEqual({ kind: 'close' });
    expect(t2.state.lastError).toContain('silent');
    // The socket's own close report, coming later, changes nothing.
    const late = connectionStep(t2.state, { type: 'closed', at: 20_000 + SILENT_MS + 5 });
    expect(late.state).toBe(t2.state);
    expect(late.effects).toEqual([]);
    const re = connectionStep(t2.state, { type: 'tick', at: t2.state.nextTryAt as number });
    expect(connects(re.effects)[0].url).toBe(`${URL_BASE}&since=1`);
    // A message from the abandoned connection is not taken.
    expect(connectionStep(t2.state, { type: 'message', raw: heartbeat(2), at: 50_001 }).outcome).toBeUndefined();
  });

  it('gives up on a connect that never opens', () => {
    const s = connectionStep(fresh(), { type: 'start', at: 0 }).state;
    const t = connectionStep(s, { type: 'tick', at: SILENT_MS });
    expect(t.state.phase).toBe('reconnecting');
    expect(t.effects[0]).toEqual({ kind: 'close' });
    expect(t.state.lastError).toContain('did not open');
  });

  it('an error closes the connection and backs off', () => {
    const s = connectionSteps(fresh(), [
      { type: 'start', at: 0 },
      { type: 'opened', at: 5 },
    ]).state;
    const r = connectionStep(s, { type: 'error', at: 50, error: 'ECONNRESET' });
    expect(r.state.phase).toBe('reconnecting');
    expect(r.effects[0]).toEqual({ kind: 'close' });
    expect(schedules(r.effects)).toEqual([r.state.nextTryAt]);
    expect(connectionStatus(r.state, 60).lastError).toBe('ECONNRESET');
  });

  it('a transport without an open event opens with its first message', () => {
    const s = connectionStep(fresh(), { type: 'start', at: 0 }).state;
    const r = connectionStep(s, { type: 'message', raw: heartbeat(3), at: 40 });
    expect(r.state.phase).toBe('connected');
    expect(r.outcome?.kind).toBe('accepted');
    expect(schedules(r.effects)).toEqual([40 + SILENT_MS]);
  });

  it('stop closes and ignores everything after; start resumes from lastSeq', () => {
    const up = connectionSteps(fresh(), [
      { type: 'start', at: 0 },
      { type: 'opened', at: 0 },
      { type: 'message', raw: heartbeat(9), at: 1 },
    ]).state;
    const stopped = connectionStep(up, { type: 'stop', at: 2 });
    expect(stopped.state.phase).toBe('stopped');
    expect(stopped.effects).toEqual([{ kind: 'close' }]);
    for (const e of [{ type: 'tick', at: 99_999 }, { type: 'closed', at: 3 }, { type: 'opened', at: 3 }] as const) {
      expect(connectionStep(stopped.state, e).effects).toEqual([]);
    }
    // Stopping while reconnecting closes nothing (there is nothing open).
    const waiting = connectionStep(up, { type: 'closed', at: 2 }).state;
    expect(connectionStep(waiting, { type: 'stop', at: 3 }).effects).toEqual([]);
    const restarted = connectionStep(stopped.state, { type: 'start', at: 10 });
    expect(connects(restarted.effects)[0].url).toBe(`${URL_BASE}&since=9`);
  });

  it('status: counts from ingest, the rate over the last 60 s, reconnects', () => {
    let s = connectionSteps(fresh(), [
      { type: 'start', at: 0 },
      { type: 'opened', at: 0 },
      { type: 'message', raw: incident(1, 'i-1'), at: 1_000 },
      { type: 'message', raw: incident(2, 'i-1'), at: 2_000 }, // duplicate by content
      { type: 'message', raw: '[1]', at: 3_000 }, // rejected
      { type: 'message', raw: incident(3, 'i-2'), at: 30_000 },
      { type: 'message', raw: heartbeat(4), at: 61_500 },
    ]).state;
    let st = connectionStatus(s, 61_500);
    expect(st.counts).toEqual({ received: 5, accepted: 3, duplicate: 1, stale: 0, rejected: 1 });
    expect(st.ratePerMinute).toBe(2); // i-2 at 30 s and the heartbeat at 61.5 s; i-1 at 1 s is older than 60 s
    expect(st.lastSeq).toBe(4);
    expect(st.lastMessageAt).toBe(formatFeedTime(61_500));
    expect(connectionStatus(s, 200_000).ratePerMinute).toBe(0);
    s = connectionSteps(s, [
      { type: 'closed', at: 62_000 },
      { type: 'tick', at: 70_000 },
      { type: 'opened', at: 70_100 },
    ]).state;
    st = connectionStatus(s, 70_100);
    expect(st).toMatchObject({ state: 'connected', reconnects: 1, attempt: 1, lastError: 'the connection closed' });
  });

  it('formats receive times with the offset asked for', () => {
    const t = Date.UTC(2024, 4, 1, 0, 30, 0, 250);
    expect(formatFeedTime(t)).toBe('2024-05-01T00:30:00.250Z');
    expect(formatFeedTime(t, 480)).toBe('2024-05-01T08:30:00.250+08:00');
    expect(formatFeedTime(t, -330)).toBe('2024-04-30T19:00:00.250-05:30');
    expect(parseFeedTime(formatFeedTime(t, -330))).toBe(t);
    const s = initialConnectionState(connectionConfig(URL_BASE, { utcOffsetMinutes: 480 }));
    const r = connectionSteps(s, [
      { type: 'start', at: t },
      { type: 'message', raw: heartbeat(1), at: t },
    ]);
    expect(r.state.ingest.lastMessageAt).toBe('2024-05-01T08:30:00.250+08:00');
  });

  it('refuses a nonsensical config', () => {
    expect(() => connectionConfig(URL_BASE, { baseMs: 0 })).toThrow(/baseMs/);
    expect(() => connectionConfig(URL_BASE, { silentAfterMs: Number.NaN })).toThrow(/silentAfterMs/);
  });
});

// ---------------------------------------------------------------------------------------------
// A whole session against a fake server that replays `seq > since`, with drops and silences.

interface FakeMessage {
  seq: number;
  /** When the server has it (ms). */
  at: number;
  text: string;
  key: string;
}

interface FakeConnection {
  since: number;
  cursor: number;
  openAt: number | null;
  muted: boolean;
  refused: boolean;
}

/**
 * Drives the machine the way a transport does, with a discrete-event clock. The server sends, on
 * each connection, every message with seq > since in order, each when it is due. With probability
 * `pDrop` after a message the server closes the connection; with `pMute` it goes silent without
 * closing (the watchdog must notice); with `pRefuse` a connect attempt fails.
 */
function simulate(feed: FakeMessage[], seed: number, p: { pDrop: number; pMute: number; pRefuse: number }) {
  const rng = prng(seed);
  let state = initialConnectionState(connectionConfig(URL_BASE, { random: prng(seed + 1) }));
  let now = 0;
  let timerAt: number | null = null;
  // In a box: TypeScript does not see the closures assign it and would narrow it to null.
  const box: { conn: FakeConnection | null } = { conn: null };
  const connectLog: { since: number | null; lastSeqAtConnect: number }[] = [];
  const accepted: string[] = [];
  const delivered: number[] = [];

  const apply = (effects: ConnectionEffect[]) => {
    for (const e of effects) {
      if (e.kind === 'schedule') timerAt = e.atMs;
      else if (e.kind === 'close') box.conn = null;
      else {
        const since = sinceOf(e.url);
        connectLog.push({ since, lastSeqAtConnect: state.ingest.lastSeq });
        const s = since ?? -1;
        let cursor = feed.findIndex((m) => m.seq > s);
        if (cursor < 0) cursor = feed.length;
        box.conn = { since: s, cursor, openAt: now + 5, muted: false, refused: rng() < p.pRefuse };
      }
    }
  };
  const step = (event: Parameters<typeof connectionStep>[1]) => {
    const r = connectionStep(state, event);
    state = r.state;
    if (r.outcome?.kind === 'accepted') {
      const m = r.outcome.message;
      accepted.push(m.kind === 'incident' ? `${m.id}@${m.version}` : `${m.kind}#${m.seq}`);
    }
    apply(r.effects);
  };

  step({ type: 'start', at: 0 });
  const end = feed[feed.length - 1].at + 120_000;
  while (now < end) {
    // The next thing to happen: the timer, the connection opening, or the next message due.
    const c = box.conn;
    const candidates: { at: number; what: 'timer' | 'open' | 'message' }[] = [];
    if (timerAt !== null) candidates.push({ at: timerAt, what: 'timer' });
    if (c && c.openAt !== null) candidates.push({ at: c.openAt, what: 'open' });
    if (c && c.openAt === null && !c.muted && c.cursor < feed.length) candidates.push({ at: Math.max(now, feed[c.cursor].at), what: 'message' });
    if (candidates.length === 0) break;
    candidates.sort((a, b) => a.at - b.at);
    const next = candidates[0];
    now = Math.max(now, next.at);
    if (next.what === 'timer') {
      timerAt = null;
      step({ type: 'tick', at: now });
    } else if (next.what === 'open') {
      c!.openAt = null;
      if (c!.refused) {
        box.conn = null;
        step({ type: 'closed', at: now, reason: 'ECONNREFUSED' });
      } else step({ type: 'opened', at: now });
    } else {
      const m = feed[c!.cursor++];
      delivered.push(m.seq);
      step({ type: 'message', raw: m.text, at: now });
      const roll = rng();
      if (roll < p.pDrop) {
        box.conn = null;
        step({ type: 'closed', at: now, reason: 'server closed' });
      } else if (roll < p.pDrop + p.pMute) c!.muted = true;
    }
  }
  return { state, accepted, delivered, connectLog };
}

function makeFeed(n: number, seed: number): FakeMessage[] {
  const rng = prng(seed);
  const feed: FakeMessage[] = [];
  let seq = 0;
  let at = 0;
  const versions = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    seq += 1 + (rng() < 0.2 ? Math.floor(rng() * 3) : 0); // gaps are allowed
    at += Math.floor(rng() * 2000);
    if (rng() < 0.15) {
      feed.push({ seq, at, text: heartbeat(seq), key: `heartbeat#${seq}` });
      continue;
    }
    const id = `i-${Math.floor(rng() * 40)}`;
    const version = (versions.get(id) ?? 0) + 1;
    versions.set(id, version);
    feed.push({ seq, at, text: incident(seq, id, version), key: `${id}@${version}` });
  }
  return feed;
}

describe('connection against a fake replaying server', () => {
  it('loses and doubles nothing across drops, silences and refused connects', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const feed = makeFeed(400, seed * 100);
      const { state, accepted, delivered, connectLog } = simulate(feed, seed, { pDrop: 0.03, pMute: 0.01, pRefuse: 0.3 });
      // Every message accepted exactly once, in seq order.
      expect(accepted).toEqual(feed.map((m) => m.key));
      // The server never had to resend: every since was the lastSeq at that moment.
      expect(delivered).toEqual(feed.map((m) => m.seq));
      expect(state.ingest.counts).toMatchObject({ accepted: feed.length, duplicate: 0, stale: 0, rejected: 0 });
      expect(connectLog.length).toBeGreaterThan(5);
      for (const c of connectLog) expect(c.since).toBe(c.lastSeqAtConnect < 0 ? null : c.lastSeqAtConnect);
      expect(connectionStatus(state, 0).reconnects).toBeGreaterThan(3);
    }
  });

  it('a restarted server that numbers from 0 again: replayed content is dropped, new content taken', () => {
    const first = makeFeed(50, 9);
    const lastSeq = first[first.length - 1].seq;
    let s = connectionSteps(fresh(), [{ type: 'start', at: 0 }, { type: 'opened', at: 1 }, ...first.map((m, i) => ({ type: 'message' as const, raw: m.text, at: 2 + i }))]).state;
    s = connectionStep(s, { type: 'closed', at: 1000 }).state;
    const re = connectionStep(s, { type: 'tick', at: s.nextTryAt as number });
    expect(sinceOf(connects(re.effects)[0].url)).toBe(lastSeq);
    // since > anything the new run has: it replays from its oldest, renumbered from 1, then goes on.
    const replay = first.map((m) => JSON.parse(m.text) as Record<string, unknown>).map((m, i) => JSON.stringify({ ...m, seq: i + 1 }));
    const fresh2 = [incident(51, 'new-1'), incident(52, 'new-2')];
    const r = connectionSteps(re.state, [
      { type: 'opened', at: 2000 },
      ...[...replay, ...fresh2].map((raw, i) => ({ type: 'message' as const, raw, at: 2001 + i })),
    ]);
    const heartbeats = first.filter((m) => m.key.startsWith('heartbeat')).length;
    expect(r.outcomes.filter((o) => o.kind === 'accepted')).toHaveLength(heartbeats + 2);
    // Replayed incidents: the newest version of each is a duplicate, older ones are stale.
    expect(r.outcomes.filter((o) => o.kind === 'duplicate' || o.kind === 'stale')).toHaveLength(first.length - heartbeats);
    expect(r.outcomes.filter((o) => o.kind === 'duplicate').length).toBeGreaterThan(0);
    expect(r.state.ingest.lastSeq).toBe(Math.max(lastSeq, 52));
  });
});

describe('alive (ingested elsewhere)', () => {
  it('opens a connecting connection and feeds the watchdog without touching ingest or the rate', () => {
    const s0 = connectionStep(fresh(), { type: 'start', at: 0 }).state;
    const opened = connectionStep(s0, { type: 'alive', at: 100 });
    expect(opened.state.phase).toBe('connected');
    expect(opened.state.opens).toBe(1);
    expect(schedules(opened.effects)).toEqual([100 + SILENT_MS]);
    const later = connectionStep(opened.state, { type: 'alive', at: 20_000 });
    expect(later.effects).toEqual([]);
    expect(later.state.lastActivityAt).toBe(20_000);
    expect(later.state.ingest).toBe(s0.ingest);
    expect(later.state.rate).toEqual([]);
    // The watchdog counts from the last sign of life.
    const tick = connectionStep(later.state, { type: 'tick', at: 100 + SILENT_MS });
    expect(tick.state.phase).toBe('connected');
    expect(connectionStep(tick.state, { type: 'tick', at: 20_000 + SILENT_MS }).state.phase).toBe('reconnecting');
    // Ignored when not connecting or connected.
    const idle = fresh();
    expect(connectionStep(idle, { type: 'alive', at: 5 }).state).toBe(idle);
  });
});

