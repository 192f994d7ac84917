import { describe, expect, it } from 'vitest';
import type { FeedMessage, PositionMessage, ReportMessage, VisitMessage } from '../feed/protocol';
import type { GridCode } from '../model';
import {
  MAX_POSITION_REJECTIONS_KEPT,
  PATROL_RECORDS_KEPT_MS,
  STALE_AFTER_MS,
  initialPatrolState,
  latestPositions,
  patrolMessagesReceived,
  positionsReceived,
  workersOutsideOwnGrid,
  type PatrolContext,
} from './patrol-state';
import { FUTURE_TOLERANCE_MS } from './positions';
import { fixesBetween } from './tracks';

const T0 = Date.parse('2026-11-22T09:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString();
const pos = (worker: string, lon: number, lat: number, ms: number, over: Partial<PositionMessage> = {}): PositionMessage => ({
  kind: 'position',
  seq: 1,
  at: iso(ms),
  worker_id: worker,
  lon,
  lat,
  ...over,
});
const g = (c: string) => c as GridCode;
// Two micro-grids split at lon 113.62, both below community C.
const ctx: PatrolContext = { knownWorker: (id) => id !== 'ghost', locate: ([lon]) => (lon < 113.62 ? g('C-A') : g('C-B')), nowMs: T0 + 3_600_000 };
const parent: Record<string, string> = { 'C-A': 'C', 'C-B': 'C' };
const isWithin = (unit: GridCode, grid: GridCode): boolean => {
  for (let c: string | undefined = unit; c !== undefined; c = parent[c]) if (c === grid) return true;
  return false;
};
const times = (s: { t: Float64Array }) => [...s.t];

describe('positionsReceived', () => {
  it('keeps tracks and each worker’s latest located fix, and counts and lists refusals without keeping them', () => {
    let s = initialPatrolState();
    s = positionsReceived(
      s,
      [
        pos('w1', 113.61, 34.75, T0, { speed: 1.2, heading: 90, accuracy_m: 5 }),
        pos('w1', 113.6101, 34.75, T0 + 10_000),
        pos('ghost', 113.6, 34.7, T0),
        pos('w2', 113.63, 34.75, T0),
        pos('w2', 113.7, 34.75, T0 + 10_000), // 6 km in 10 s
      ],
      ctx,
    );
    expect(s.accepted).toBe(3);
    expect(s.revision).toBe(1);
    expect(s.rejectCounts).toEqual({ bad_coordinates: 0, unknown_worker: 1, future: 0, too_fast: 1, stale: 0, unknown_building: 0, unknown_grid: 0 });
    expect(s.rejected.map((r) => [r.workerId, r.code])).toEqual([
      ['ghost', 'unknown_worker'],
      ['w2', 'too_fast'],
    ]);
    expect([...s.latest.keys()].sort()).toEqual(['w1', 'w2']);
    expect(s.latest.get('w1')).toEqual({ lngLat: [113.6101, 34.75], t: T0 + 10_000, unit: 'C-A' });
    expect(s.latest.get('w2')?.unit).toBe('C-B');
    expect(s.latest.get('w2')?.lngLat).toEqual([113.63, 34.75]); // the jump was never drawn
    expect(times(fixesBetween(s.tracks, 'w1'))).toEqual([T0, T0 + 10_000]);
    expect(times(fixesBetween(s.tracks, 'w2'))).toEqual([T0]);
  });

  it('keeps speed, heading and accuracy when sent', () => {
    const s = positionsReceived(initialPatrolState(), [pos('w1', 113.61, 34.75, T0, { speed: 1.2, heading: 90, accuracy_m: 5 })], ctx);
    expect(s.latest.get('w1')).toEqual({ lngLat: [113.61, 34.75], t: T0, unit: 'C-A', speed: 1.2, heading: 90, accuracyM: 5 });
  });

  it('judges a fix against one accepted earlier in the same batch, and across batches', () => {
    let s = positionsReceived(initialPatrolState(), [pos('w1', 113.61, 34.75, T0 + 10_000), pos('w1', 113.61, 34.75, T0)], ctx);
    expect(s.rejectCounts.stale).toBe(1);
    s = positionsReceived(s, [pos('w1', 113.61, 34.75, T0 + 5_000)], ctx);
    expect(s.rejectCounts.stale).toBe(2);
    s = positionsReceived(s, [pos('w1', 113.61, 34.75, T0 + ctx.nowMs)], ctx);
    expect(s.rejectCounts.future).toBe(1);
    s = positionsReceived(s, [pos('w1', Number.NaN, 34.75, T0 + 20_000)], ctx);
    expect(s.rejectCounts.bad_coordinates).toBe(1);
    expect(s.accepted).toBe(1);
  });

  it('returns the same state for no messages; a batch of refusals only leaves tracks and latest as they were', () => {
    const s0 = initialPatrolState();
    expect(positionsReceived(s0, [], ctx)).toBe(s0);
    const s1 = positionsReceived(s0, [pos('ghost', 113.6, 34.7, T0)], ctx);
    expect(s1).not.toBe(s0);
    expect(s1.tracks).toBe(s0.tracks);
    expect(s1.latest).toBe(s0.latest);
    expect(s0.rejectCounts.unknown_worker).toBe(0); // the old state was not touched
  });

  it('keeps only the last MAX_POSITION_REJECTIONS_KEPT rejections but counts all', () => {
    const many = Array.from({ length: MAX_POSITION_REJECTIONS_KEPT + 50 }, (_, i) => pos('ghost', 113.6, 34.7, T0 + i * 1000));
    const s = positionsReceived(positionsReceived(initialPatrolState(), many.slice(0, 100), ctx), many.slice(100), ctx);
    expect(s.rejectCounts.unknown_worker).toBe(MAX_POSITION_REJECTIONS_KEPT + 50);
    expect(s.rejected.length).toBe(MAX_POSITION_REJECTIONS_KEPT);
    expect(s.rejected[0].at).toBe(iso(T0 + 50_000));
    expect(s.rejected.at(-1)?.at).toBe(iso(T0 + (MAX_POSITION_REJECTIONS_KEPT + 49) * 1000));
  });

  it('leaves older states valid: each still reads its own tracks and latest fixes', () => {
    const s1 = positionsReceived(initialPatrolState(), [pos('w1', 113.61, 34.75, T0)], ctx);
    const s2 = positionsReceived(s1, [pos('w1', 113.6101, 34.75, T0 + 10_000)], ctx);
    const branch = positionsReceived(s1, [pos('w1', 113.6102, 34.75, T0 + 20_000)], ctx);
    expect(times(fixesBetween(s1.tracks, 'w1'))).toEqual([T0]);
    expect(times(fixesBetween(s2.tracks, 'w1'))).toEqual([T0, T0 + 10_000]);
    expect(times(fixesBetween(branch.tracks, 'w1'))).toEqual([T0, T0 + 20_000]);
    expect(s1.latest.get('w1')?.t).toBe(T0);
  });

});

describe('latestPositions', () => {
  const s = positionsReceived(
    initialPatrolState(),
    [pos('w2', 113.63, 34.75, T0, { speed: 1.4, heading: 270 }), pos('w1', 113.61, 34.75, T0 + 60_000), pos('w3', 113.61, 34.75, T0)],
    ctx,
  );
  const own: Record<string, GridCode | null> = { w1: g('C-A'), w2: g('C-A'), w3: null };

  it('gives every worker’s position, heading and speed, staleness and whether outside their own grid, by id', () => {
    const views = latestPositions(s, T0 + 60_000 + STALE_AFTER_MS, (id) => own[id] ?? null, isWithin);
    expect(views.map((v) => [v.workerId, v.fix.lngLat, v.stale, v.outsideOwnGrid])).toEqual([
      ['w1', [113.61, 34.75], false, false],
      ['w2', [113.63, 34.75], true, true],
      ['w3', [113.61, 34.75], true, false], // own grid unknown: nothing to be outside of
    ]);
    expect(views[1].fix).toMatchObject({ speed: 1.4, heading: 270 });
    expect(views[0].fix.speed).toBeUndefined();
  });

  it('counts a unit below the own grid as inside it, and no unit at all as outside', () => {
    expect(latestPositions(s, T0, () => g('C'), isWithin).every((v) => !v.outsideOwnGrid)).toBe(true);
    const nowhere = positionsReceived(initialPatrolState(), [pos('w1', 113.61, 34.75, T0)], { ...ctx, locate: () => null });
    expect(latestPositions(nowhere, T0, () => g('C'), isWithin)[0].outsideOwnGrid).toBe(true);
  });

  it('lists who is outside their own grid', () => {
    expect(workersOutsideOwnGrid(s, T0, (id) => own[id] ?? null, isWithin).map((v) => v.workerId)).toEqual(['w2']);
  });
});

describe('patrolMessagesReceived: positions, visits and daily reports (protocol v2)', () => {
  const DAY = 86_400_000;
  const visit = (worker: string, building: string, ms: number, over: Partial<VisitMessage> = {}): VisitMessage => ({
    kind: 'visit',
    seq: 1,
    at: iso(ms),
    worker_id: worker,
    building_id: building,
    ...over,
  });
  const report = (grid: string, by: string, at: string, over: Partial<ReportMessage> = {}): ReportMessage => ({
    kind: 'report',
    seq: 1,
    at,
    grid_code: grid,
    by,
    result: 'nothing_to_report',
    ...over,
  });
  const pctx: PatrolContext = {
    ...ctx,
    knownBuilding: (id) => id.startsWith('b-'),
    knownGrid: (code) => code === 'C' || code === 'C-A' || code === 'C-B',
  };

  it('keeps accepted visits and reports, and lists every refusal with its kind and code in arrival order', () => {
    const s0 = initialPatrolState();
    const batch: FeedMessage[] = [
      pos('w1', 113.61, 34.75, T0),
      visit('w1', 'b-1', T0 + 60_000, { duration_s: 330, note: '独居老人' }),
      visit('ghost', 'b-1', T0),
      { kind: 'heartbeat', seq: 2, at: iso(T0) },
      report('C-A', 'w2', '2026-11-22T09:40:00+08:00', { note: 'ok' }),
      pos('ghost', 113.61, 34.75, T0),
      visit('w2', 'x-9', T0),
      report('X-1', 'w2', '2026-11-22T09:41:00+08:00'),
      report('C-B', 'ghost', '2026-11-22T09:42:00+08:00', { result: 'matters_reported' }),
      visit('w2', 'b-2', T0 + 2 * 3_600_000),
      report('C-B', 'w1', '2026-11-22T09:43:00+08:00', { result: 'matters_reported' }),
    ];
    const s = patrolMessagesReceived(s0, batch, pctx);
    expect(s.visits).toEqual([{ workerId: 'w1', buildingId: 'b-1', t: T0 + 60_000, durationMs: 330_000, note: '独居老人' }]);
    expect(s.reports).toEqual([
      { gridCode: 'C-A', date: '2026-11-22', at: '2026-11-22T09:40:00+08:00', by: 'w2', nothingToReport: true, note: 'ok' },
      { gridCode: 'C-B', date: '2026-11-22', at: '2026-11-22T09:43:00+08:00', by: 'w1', nothingToReport: false },
    ]);
    expect(s.rejected.map((r) => [r.kind ?? 'position', r.code, r.workerId, r.params])).toEqual([
      ['visit', 'unknown_worker', 'ghost', {}],
      ['position', 'unknown_worker', 'ghost', {}],
      ['visit', 'unknown_building', 'w2', { buildingId: 'x-9' }],
      ['report', 'unknown_grid', 'w2', { gridCode: 'X-1' }],
      ['report', 'unknown_worker', 'ghost', {}],
      ['visit', 'future', 'w2', { aheadS: 3600 }],
    ]);
    expect(s.rejectCounts).toEqual({ bad_coordinates: 0, unknown_worker: 3, future: 1, too_fast: 0, stale: 0, unknown_building: 1, unknown_grid: 1 });
    expect(s.accepted).toBe(1); // positions only
    expect(s.latest.get('w1')?.unit).toBe('C-A');
    expect(s.revision).toBe(1);
    // Pure: the state given is as it was.
    expect(s0.visits).toEqual([]);
    expect(s0.reports).toEqual([]);
    expect(s0.rejectCounts.unknown_worker).toBe(0);
  });

  it('appends to what was kept, and leaves a null duration and no note when not sent', () => {
    const s1 = patrolMessagesReceived(initialPatrolState(), [visit('w1', 'b-1', T0)], pctx);
    const s2 = patrolMessagesReceived(s1, [visit('w2', 'b-2', T0 - 60_000)], pctx);
    expect(s2.visits).toEqual([
      { workerId: 'w1', buildingId: 'b-1', t: T0, durationMs: null },
      { workerId: 'w2', buildingId: 'b-2', t: T0 - 60_000, durationMs: null },
    ]);
    expect(s1.visits).toHaveLength(1);
    expect(s2.revision).toBe(2);
  });

  it('returns the same state for a batch without patrol messages', () => {
    const s0 = initialPatrolState();
    expect(patrolMessagesReceived(s0, [], pctx)).toBe(s0);
    expect(patrolMessagesReceived(s0, [{ kind: 'heartbeat', seq: 1, at: iso(T0) }], pctx)).toBe(s0);
  });

  it('a report covers the China day (+08:00) holding its instant, whatever offset it was sent with', () => {
    const late = { ...pctx, nowMs: Date.parse('2026-11-23T12:00:00+08:00') };
    const s = patrolMessagesReceived(
      initialPatrolState(),
      [report('C', 'w1', '2026-11-22T17:30:00+01:00'), report('C', 'w1', '2026-11-22T15:59:59Z'), report('C', 'w1', '2026-11-22T16:00:00Z')],
      late,
    );
    expect(s.reports.map((r) => r.date)).toEqual(['2026-11-23', '2026-11-22', '2026-11-23']);
  });

  it(`refuses a visit or report stamped more than ${FUTURE_TOLERANCE_MS / 1000} s ahead of the clock, not one at the limit`, () => {
    const edge = pctx.nowMs + FUTURE_TOLERANCE_MS;
    const s = patrolMessagesReceived(
      initialPatrolState(),
      [visit('w1', 'b-1', edge), visit('w1', 'b-2', edge + 1000), report('C', 'w1', iso(edge)), report('C', 'w1', iso(edge + 1000))],
      pctx,
    );
    expect(s.visits.map((v) => v.buildingId)).toEqual(['b-1']);
    expect(s.reports.map((r) => r.at)).toEqual([iso(edge)]);
    expect(s.rejected.map((r) => [r.kind, r.code, r.params.aheadS])).toEqual([
      ['visit', 'future', 121],
      ['report', 'future', 121],
    ]);
  });

  it('without knownBuilding / knownGrid in the context, any building and grid passes; the worker is still checked', () => {
    const s = patrolMessagesReceived(initialPatrolState(), [visit('w1', 'anything', T0), report('ZZ', 'w1', iso(T0)), report('ZZ', 'ghost', iso(T0))], ctx);
    expect(s.visits).toHaveLength(1);
    expect(s.reports).toHaveLength(1);
    expect(s.rejected.map((r) => r.code)).toEqual(['unknown_worker']);
  });

  it(`keeps visits and reports of the last ${PATROL_RECORDS_KEPT_MS / DAY} days of the clock only`, () => {
    const now = pctx.nowMs;
    const cut = now - PATROL_RECORDS_KEPT_MS;
    // One arriving already too old is not kept (nor refused: it is simply outside every view).
    let s = patrolMessagesReceived(
      initialPatrolState(),
      [visit('w1', 'b-old', cut - 1), visit('w1', 'b-edge', cut), visit('w1', 'b-new', now - DAY), report('C', 'w1', iso(cut - 1)), report('C', 'w1', iso(now - DAY))],
      pctx,
    );
    expect(s.visits.map((v) => v.buildingId)).toEqual(['b-edge', 'b-new']);
    expect(s.reports.map((r) => r.at)).toEqual([iso(now - DAY)]);
    expect(s.rejected).toEqual([]);
    // Ten days on, the next batch drops what has expired since.
    const before = s;
    s = patrolMessagesReceived(s, [pos('w1', 113.61, 34.75, now + 10 * DAY)], { ...pctx, nowMs: now + 10 * DAY });
    expect(s.visits.map((v) => v.buildingId)).toEqual(['b-new']);
    expect(s.reports).toHaveLength(1);
    expect(before.visits).toHaveLength(2);
    // 62 days after the last, nothing is left.
    s = patrolMessagesReceived(s, [visit('w1', 'b-late', now + 70 * DAY)], { ...pctx, nowMs: now + 70 * DAY });
    expect(s.visits.map((v) => v.buildingId)).toEqual(['b-late']);
    expect(s.reports).toEqual([]);
  });
});
