import { describe, expect, it } from 'vitest';
import {
  FEED_SILENT_AFTER_S,
  MAX_REJECTED_KEPT,
  PATROL_KEYS_KEPT_MS,
  PATROL_KEYS_TRIM_AT,
  fromIngestSnapshot,
  ingestMessage,
  initialIngestState,
  isFeedSilent,
  resumeUrl,
  toIngestSnapshot,
  type FeedIngestState,
  type IngestOutcome,
} from './ingest';
import { PersistentMap } from './persistent-map';

const AT = '2024-05-01T08:30:00+08:00';
const RECEIVED = '2024-05-01T08:30:01+08:00';

const incident = (id: string, version: number, seq: number, extra: Record<string, unknown> = {}) => ({
  kind: 'incident',
  seq,
  at: AT,
  id,
  version,
  category: '0101',
  title: `${id} v${version}`,
  lon: 113.6,
  lat: 34.75,
  ...extra,
});
const position = (worker: string, at: string, seq: number) => ({ kind: 'position', seq, at, worker_id: worker, lon: 113.6, lat: 34.75 });
const heartbeat = (seq: number, at = AT) => ({ kind: 'heartbeat', seq, at });

/** Feeds messages in order; returns the final state and every outcome kind. */
function run(messages: unknown[], start: FeedIngestState = initialIngestState(), receivedAt = RECEIVED) {
  let state = start;
  const outcomes: IngestOutcome[] = [];
  for (const m of messages) {
    const r = ingestMessage(state, m, receivedAt);
    state = r.state;
    outcomes.push(r.outcome);
  }
  return { state, outcomes, kinds: outcomes.map((o) => o.kind) };
}

/** A deep, plain copy of a state, to check that nothing changes it later. */
function plain(state: FeedIngestState) {
  return { ...toIngestSnapshot(state) };
}

describe('initialIngestState', () => {
  it('has seen nothing', () => {
    const s = initialIngestState();
    expect(s.lastSeq).toBe(-1);
    expect(s.incidentVersions.size).toBe(0);
    expect(s.workerFixes.size).toBe(0);
    expect(s.rejected).toEqual([]);
    expect(s.counts).toEqual({ received: 0, accepted: 0, duplicate: 0, stale: 0, rejected: 0 });
    expect(s.lastMessageAt).toBeNull();
  });
});

describe('ingestMessage: incidents', () => {
  it('accepts a new incident and returns the validated message (unknown fields dropped)', () => {
    const { state, outcomes } = run([JSON.stringify(incident('i-1', 1, 5, { extra: true }))]);
    expect(outcomes[0]).toEqual({ kind: 'accepted', message: incident('i-1', 1, 5) });
    expect(new Map(state.incidentVersions)).toEqual(new Map([['i-1', 1]]));
    expect(state.lastSeq).toBe(5);
    expect(state.lastMessageAt).toBe(RECEIVED);
    expect(state.counts).toEqual({ received: 1, accepted: 1, duplicate: 0, stale: 0, rejected: 0 });
  });

  it('drops a duplicate by (id, version), whatever its seq (QoS 1 redelivery, replay after resume)', () => {
    const { state, kinds } = run([incident('i-1', 1, 1), incident('i-1', 1, 1), incident('i-1', 1, 7), incident('i-2', 1, 8)]);
    expect(kinds).toEqual(['accepted', 'duplicate', 'duplicate', 'accepted']);
    expect(state.counts).toMatchObject({ received: 4, accepted: 2, duplicate: 2 });
    expect(state.lastSeq).toBe(8);
  });

  it('accepts a newer version; an older one is stale and never overwrites (v3 then v2)', () => {
    const { state, kinds, outcomes } = run([
      incident('i-1', 3, 1),
      incident('i-1', 2, 2),
      incident('i-1', 1, 3),
      incident('i-1', 3, 4),
      incident('i-1', 4, 5),
      incident('i-1', 2, 6),
    ]);
    expect(kinds).toEqual(['accepted', 'stale', 'stale', 'duplicate', 'accepted', 'stale']);
    expect(outcomes[1]).toEqual({ kind: 'stale', message: incident('i-1', 2, 2) });
    expect(state.incidentVersions.get('i-1')).toBe(4);
    expect(state.counts).toEqual({ received: 6, accepted: 2, duplicate: 1, stale: 3, rejected: 0 });
    // Stale and duplicate messages still move lastSeq: they were received and understood.
    expect(state.lastSeq).toBe(6);
  });

  it('versions skip freely (v1 then v5)', () => {
    expect(run([incident('i-1', 1, 1), incident('i-1', 5, 2)]).kinds).toEqual(['accepted', 'accepted']);
  });

  it('accepts messages renumbered after a server restart (seq below lastSeq), by content', () => {
    const before = run([incident('i-1', 1, 500), heartbeat(501)]);
    expect(before.state.lastSeq).toBe(501);
    // The restarted server counts from 0 again and replays what it still has.
    const after = run([incident('i-1', 1, 0), incident('i-2', 1, 1), incident('i-1', 2, 2), heartbeat(3)], before.state);
    expect(after.kinds).toEqual(['duplicate', 'accepted', 'accepted', 'accepted']);
    expect(after.state.lastSeq).toBe(501);
    expect(new Map(after.state.incidentVersions)).toEqual(
      new Map([
        ['i-1', 2],
        ['i-2', 1],
      ]),
    );
  });

  it('passes the classification through (unknown_category)', () => {
    const known = (c: string) => c === '0101';
    const r = ingestMessage(initialIngestState(), incident('i-1', 1, 1, { category: 'X' }), RECEIVED, known);
    expect(r.outcome).toMatchObject({ kind: 'rejected', rejection: { kind: 'unknown_category' } });
    expect(ingestMessage(initialIngestState(), incident('i-1', 1, 1), RECEIVED, known).outcome.kind).toBe('accepted');
  });
});

describe('ingestMessage: positions', () => {
  it('drops a duplicate fix by (worker, fix time), also written with another offset', () => {
    const { state, kinds } = run([
      position('s-7', '2024-05-01T08:30:00+08:00', 1),
      position('s-7', '2024-05-01T08:30:00+08:00', 2),
      position('s-7', '2024-05-01T00:30:00Z', 3),
      position('s-8', '2024-05-01T08:30:00+08:00', 4),
      position('s-7', '2024-05-01T08:30:05+08:00', 5),
    ]);
    expect(kinds).toEqual(['accepted', 'duplicate', 'duplicate', 'accepted', 'accepted']);
    expect(state.workerFixes.get('s-7')).toBe(Date.UTC(2024, 4, 1, 0, 30, 5));
    expect(state.workerFixes.get('s-8')).toBe(Date.UTC(2024, 4, 1, 0, 30, 0));
  });

  it('an earlier fix than the newest is stale: it never moves the worker back', () => {
    const { state, kinds } = run([position('s-7', '2024-05-01T08:30:10+08:00', 1), position('s-7', '2024-05-01T08:30:05+08:00', 2)]);
    expect(kinds).toEqual(['accepted', 'stale']);
    expect(state.workerFixes.get('s-7')).toBe(Date.UTC(2024, 4, 1, 0, 30, 10));
    expect(state.counts.stale).toBe(1);
  });

  it('a worker id and an incident id may be equal: they are kept apart', () => {
    const { kinds } = run([incident('x', 1, 1), position('x', AT, 2)]);
    expect(kinds).toEqual(['accepted', 'accepted']);
  });
});

describe('ingestMessage: heartbeats and rejections', () => {
  it('accepts every heartbeat; it moves lastSeq and lastMessageAt', () => {
    let s = initialIngestState();
    s = ingestMessage(s, heartbeat(4), '2024-05-01T08:30:10+08:00').state;
    s = ingestMessage(s, heartbeat(4), '2024-05-01T08:30:20+08:00').state;
    expect(s.counts).toMatchObject({ received: 2, accepted: 2 });
    expect(s.lastSeq).toBe(4);
    expect(s.lastMessageAt).toBe('2024-05-01T08:30:20+08:00');
  });

  it('a rejected message is listed with its time; lastSeq and the maps do not move', () => {
    const start = run([incident('i-1', 1, 3)]).state;
    const r = ingestMessage(start, incident('i-9', 1, 99, { lat: 123.4 }), '2024-05-01T08:31:00+08:00');
    expect(r.outcome).toEqual({
      kind: 'rejected',
      rejection: {
        kind: 'out_of_range',
        reason: 'lat 123.4 is out of range −90..90',
        raw: JSON.stringify(incident('i-9', 1, 99, { lat: 123.4 })).slice(0, 200),
        seq: 99,
        receivedAt: '2024-05-01T08:31:00+08:00',
      },
    });
    expect(r.state.lastSeq).toBe(3);
    expect(r.state.incidentVersions).toBe(start.incidentVersions);
    expect(r.state.workerFixes).toBe(start.workerFixes);
    expect(r.state.rejected).toHaveLength(1);
    expect(r.state.lastMessageAt).toBe('2024-05-01T08:31:00+08:00');
    expect(r.state.counts).toEqual({ received: 2, accepted: 1, duplicate: 0, stale: 0, rejected: 1 });
  });

  it(`keeps the newest ${MAX_REJECTED_KEPT} rejections; the counts keep counting`, () => {
    const bad = Array.from({ length: MAX_REJECTED_KEPT + 5 }, (_, i) => `not json ${i}`);
    const { state } = run([...bad, heartbeat(1)]);
    expect(state.rejected).toHaveLength(MAX_REJECTED_KEPT);
    expect(state.rejected[0].raw).toBe('not json 5');
    expect(state.rejected[MAX_REJECTED_KEPT - 1].raw).toBe(`not json ${MAX_REJECTED_KEPT + 4}`);
    expect(state.counts).toEqual({ received: MAX_REJECTED_KEPT + 6, accepted: 1, duplicate: 0, stale: 0, rejected: MAX_REJECTED_KEPT + 5 });
  });
});

describe('ingestMessage is pure', () => {
  it('never changes the state it is given, and an old state still reads as it did', () => {
    const s0 = run([incident('i-1', 1, 1), position('s-7', AT, 2)]).state;
    const frozen = plain(s0);
    const s1 = run([incident('i-1', 2, 3), incident('i-2', 1, 4), position('s-7', '2024-05-01T08:31:00+08:00', 5), 'junk'], s0).state;
    expect(plain(s0)).toEqual(frozen);
    expect(s0.incidentVersions.get('i-1')).toBe(1);
    expect(s0.incidentVersions.has('i-2')).toBe(false);
    expect(s1.incidentVersions.get('i-1')).toBe(2);
    expect(s1.incidentVersions.get('i-2')).toBe(1);
    expect(s0.rejected).toHaveLength(0);
  });

  it('the same message from the same state gives the same result (branching from an old state)', () => {
    const s0 = run([incident('i-1', 1, 1)]).state;
    const a = ingestMessage(s0, incident('i-1', 2, 2), RECEIVED);
    const b = ingestMessage(s0, incident('i-1', 3, 2), RECEIVED);
    const a2 = ingestMessage(s0, incident('i-1', 2, 2), RECEIVED);
    expect(a.outcome.kind).toBe('accepted');
    expect(b.outcome.kind).toBe('accepted');
    expect(a.state.incidentVersions.get('i-1')).toBe(2);
    expect(b.state.incidentVersions.get('i-1')).toBe(3);
    expect(plain(a2.state)).toEqual(plain(a.state));
    // And continuing from each branch stays independent.
    expect(ingestMessage(a.state, incident('i-1', 3, 3), RECEIVED).outcome.kind).toBe('accepted');
    expect(ingestMessage(b.state, incident('i-1', 3, 3), RECEIVED).outcome.kind).toBe('duplicate');
  });

  it('takes a state built by hand with plain Maps', () => {
    const hand: FeedIngestState = {
      ...initialIngestState(),
      lastSeq: 10,
      incidentVersions: new Map([['i-1', 2]]),
      workerFixes: new Map([['s-7', Date.UTC(2024, 4, 1, 0, 30)]]),
    };
    const { state, kinds } = run([incident('i-1', 2, 11), incident('i-1', 3, 12), position('s-7', AT, 13)], hand);
    expect(kinds).toEqual(['duplicate', 'accepted', 'duplicate']);
    expect(state.incidentVersions).toBeInstanceOf(PersistentMap);
    expect((hand.incidentVersions as Map<string, number>).get('i-1')).toBe(2);
  });

  it('stays linear: 200,000 messages in well under the time a copy per message would take', () => {
    const messages: unknown[] = [];
    for (let i = 0; i < 200_000; i++) {
      messages.push(i % 2 === 0 ? incident(`i-${i}`, 1, i) : position(`s-${i % 500}`, new Date(Date.UTC(2024, 4, 1) + i * 1000).toISOString(), i));
    }
    const t0 = performance.now();
    const { state } = run(messages);
    const seconds = (performance.now() - t0) / 1000;
    expect(state.incidentVersions.size).toBe(100_000);
    expect(state.counts.accepted).toBe(200_000);
    // About 1 s here; copying a Map per message would be ~5·10⁹ entry copies (minutes).
    expect(seconds).toBeLessThan(20);
  });
});

describe('snapshots', () => {
  it('round-trip through structuredClone (IndexedDB) and continue identically', () => {
    const { state } = run([incident('i-1', 2, 1), position('s-7', AT, 2), 'junk', heartbeat(3)]);
    const restored = fromIngestSnapshot(structuredClone(toIngestSnapshot(state)));
    expect(toIngestSnapshot(restored)).toEqual(toIngestSnapshot(state));
    const next = [incident('i-1', 2, 4), incident('i-1', 1, 5), position('s-7', AT, 6)];
    expect(run(next, restored).kinds).toEqual(run(next, state).kinds);
  });
});

describe('resumeUrl', () => {
  it.each([
    ['wss://feeds.example/zy', 41, 'wss://feeds.example/zy?since=41'],
    ['wss://feeds.example/zy?token=abc', 41, 'wss://feeds.example/zy?token=abc&since=41'],
    ['https://x.example/poll?since=3&token=abc', 41, 'https://x.example/poll?token=abc&since=41'],
    ['https://x.example/poll?since=3&since=4', 0, 'https://x.example/poll?since=0'],
    ['https://x.example/poll?since', 7, 'https://x.example/poll?since=7'],
    ['https://x.example/poll?sinceday=2&a=%20b', 7, 'https://x.example/poll?sinceday=2&a=%20b&since=7'],
    ['https://x.example/poll?', 7, 'https://x.example/poll?since=7'],
    ['https://x.example/poll#live', 7, 'https://x.example/poll?since=7#live'],
    ['https://x.example/poll?a=1#x?since=2', 7, 'https://x.example/poll?a=1&since=7#x?since=2'],
    ['/api/feed', 7, '/api/feed?since=7'],
    ['wss://feeds.example/zy', -1, 'wss://feeds.example/zy'],
    ['wss://feeds.example/zy?since=41&token=abc', -1, 'wss://feeds.example/zy?token=abc'],
    ['wss://feeds.example/zy?since=41', -1, 'wss://feeds.example/zy'],
  ])('%s with %i → %s', (base, seq, expected) => {
    expect(resumeUrl(base, seq)).toBe(expected);
  });

  it('refuses a lastSeq that is not a whole number ≥ −1', () => {
    for (const bad of [-2, 1.5, Number.NaN, 2 ** 53]) expect(() => resumeUrl('wss://x', bad)).toThrow(RangeError);
  });

  it('resumes from what ingest kept', () => {
    const { state } = run([heartbeat(12), incident('i-1', 1, 13)]);
    expect(resumeUrl('wss://feeds.example/zy', state.lastSeq)).toBe('wss://feeds.example/zy?since=13');
    expect(resumeUrl('wss://feeds.example/zy', initialIngestState().lastSeq)).toBe('wss://feeds.example/zy');
  });
});

describe('isFeedSilent', () => {
  it(`is true after ${FEED_SILENT_AFTER_S} s without a message, never before the first`, () => {
    const s = ingestMessage(initialIngestState(), heartbeat(1), '2024-05-01T08:30:00+08:00').state;
    const t = Date.parse('2024-05-01T08:30:00+08:00');
    expect(isFeedSilent(initialIngestState(), t)).toBe(false);
    expect(isFeedSilent(s, t + FEED_SILENT_AFTER_S * 1000)).toBe(false);
    expect(isFeedSilent(s, t + FEED_SILENT_AFTER_S * 1000 + 1)).toBe(true);
  });
});

describe('visits and daily reports (protocol v2)', () => {
  const visit = { kind: 'visit', seq: 10, at: '2024-05-01T09:12:00+08:00', worker_id: 's-7', building_id: 'b-1' };
  const report = { kind: 'report', seq: 11, at: '2024-05-01T09:40:00+08:00', grid_code: 'ZY-01', by: 's-7', result: 'nothing_to_report' };
  const rx = '2024-05-01T09:45:00+08:00';

  it('the same visit or report again is a duplicate; another time, building or sender is new', () => {
    let s = initialIngestState();
    const outcomes: string[] = [];
    for (const m of [
      visit,
      { ...visit, seq: 12 },
      { ...visit, seq: 13, at: '2024-05-01T01:12:00Z' }, // the same instant written in UTC
      { ...visit, seq: 14, building_id: 'b-2' },
      report,
      { ...report, seq: 15 },
      { ...report, seq: 16, by: 's-8' },
    ]) {
      const r = ingestMessage(s, m, rx);
      s = r.state;
      outcomes.push(r.outcome.kind);
    }
    expect(outcomes).toEqual(['accepted', 'duplicate', 'duplicate', 'accepted', 'accepted', 'duplicate', 'accepted']);
    expect(s.counts).toMatchObject({ accepted: 4, duplicate: 3 });
  });

  it('keeps the identities in the snapshot, and reads a snapshot written before v2', () => {
    const s = ingestMessage(initialIngestState(), visit, rx).state;
    const again = fromIngestSnapshot(JSON.parse(JSON.stringify(toIngestSnapshot(s))));
    expect(ingestMessage(again, visit, rx).outcome.kind).toBe('duplicate');
    const old = toIngestSnapshot(s) as Partial<ReturnType<typeof toIngestSnapshot>>;
    delete old.patrolKeys;
    const fromOld = fromIngestSnapshot(old as ReturnType<typeof toIngestSnapshot>);
    expect(fromOld.patrolKeys.size).toBe(0);
    expect(ingestMessage(fromOld, visit, rx).outcome.kind).toBe('accepted');
  });

  it('forgets identities days older than the newest once the map is large', () => {
    let s = initialIngestState();
    const day = 86_400_000;
    const t0 = Date.parse('2024-05-01T09:00:00+08:00');
    for (let i = 0; i < PATROL_KEYS_TRIM_AT - 1; i++) {
      const at = new Date(t0 + (i < 10 ? 0 : 5 * day) + i * 1000).toISOString();
      s = ingestMessage(s, { ...visit, seq: 100 + i, at }, rx).state;
    }
    expect(s.patrolKeys.size).toBe(PATROL_KEYS_TRIM_AT - 1);
    s = ingestMessage(s, { ...visit, seq: 1, building_id: 'b-9', at: new Date(t0 + 6 * day).toISOString() }, rx).state;
    // The ten visits five days before the rest are forgotten; the rest and the new one are kept.
    expect(s.patrolKeys.size).toBe(PATROL_KEYS_TRIM_AT - 10);
    // Forgotten means a redelivery that late counts again; a recent one is still a duplicate.
    expect(ingestMessage(s, { ...visit, seq: 2, at: new Date(t0).toISOString() }, rx).outcome.kind).toBe('accepted');
    expect(ingestMessage(s, { ...visit, seq: 3, at: new Date(t0 + 5 * day + 500_000).toISOString() }, rx).outcome.kind).toBe('duplicate');
  });

  it('keeps every recent identity when more than PATROL_KEYS_TRIM_AT arrive within the kept window, trimming at doubling sizes', () => {
    let s = initialIngestState();
    const t0 = Date.parse('2024-05-01T09:00:00+08:00');
    const n = 2 * PATROL_KEYS_TRIM_AT + 10;
    const at = (i: number) => new Date(t0 + i * 1000).toISOString(); // 40,010 s: all within half a day
    const started = performance.now();
    for (let i = 0; i < n; i++) s = ingestMessage(s, { ...visit, seq: i, building_id: `b-${i}`, at: at(i) }, rx).state;
    const ms = performance.now() - started;
    expect(s.patrolKeys.size).toBe(n);
    // Trimmed (uselessly) at 20,000 and at 40,000 keys only: the next trim waits for 80,000.
    expect(s.patrolKeysTrimAt).toBe(4 * PATROL_KEYS_TRIM_AT);
    expect(s.counts.accepted).toBe(n);
    expect(ingestMessage(s, { ...visit, seq: 1, building_id: 'b-0', at: at(0) }, rx).outcome.kind).toBe('duplicate');
    // A scan per message past 20,000 would be 20,010 scans of 20,000+ keys (minutes); two scans take no time.
    expect(ms).toBeLessThan(15_000);
  });

  it('goes back to trimming at PATROL_KEYS_TRIM_AT once the recent identities are few again', () => {
    let s = initialIngestState();
    const t0 = Date.parse('2024-05-01T09:00:00+08:00');
    for (let i = 0; i < PATROL_KEYS_TRIM_AT; i++) s = ingestMessage(s, { ...visit, seq: i, building_id: `b-${i}`, at: new Date(t0 + i).toISOString() }, rx).state;
    expect(s.patrolKeysTrimAt).toBe(2 * PATROL_KEYS_TRIM_AT);
    // Weeks later: 15,000 visits, then 5,000 more after another quiet spell. The 40,000th key
    // trims everything but the last 5,000, and trimming is back to its floor.
    const later = t0 + PATROL_KEYS_KEPT_MS + 7 * 86_400_000;
    const latest = later + PATROL_KEYS_KEPT_MS + 86_400_000;
    for (let i = 0; i < PATROL_KEYS_TRIM_AT; i++) {
      const last = i >= 15_000;
      const at = new Date((last ? latest : later) + i).toISOString();
      s = ingestMessage(s, { ...visit, seq: i, building_id: `${last ? 'd' : 'c'}-${i}`, at }, rx).state;
    }
    expect(s.patrolKeys.size).toBe(5_000);
    expect([...s.patrolKeys.keys()].every((k) => k.includes('\u001fd-'))).toBe(true);
    expect(s.patrolKeysTrimAt).toBe(PATROL_KEYS_TRIM_AT);
  });

  it('derives the trim size from the identities a snapshot holds', () => {
    const keys: [string, number][] = Array.from({ length: PATROL_KEYS_TRIM_AT + 1 }, (_, i) => [`v\u001fs-7\u001fb-${i}\u001f${i}`, i]);
    const snap = { ...toIngestSnapshot(initialIngestState()), patrolKeys: keys };
    expect(fromIngestSnapshot(snap).patrolKeysTrimAt).toBe(2 * (PATROL_KEYS_TRIM_AT + 1));
    expect(fromIngestSnapshot(toIngestSnapshot(initialIngestState())).patrolKeysTrimAt).toBe(PATROL_KEYS_TRIM_AT);
  });

  it('writes no patrolKeys into the snapshot of a feed that never sent a visit or report (the pre-v2 shape)', () => {
    const { state } = run([heartbeat(1), position('s-1', AT, 2)]);
    expect('patrolKeys' in toIngestSnapshot(state)).toBe(false);
  });
});
