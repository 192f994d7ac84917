import { describe, expect, it } from 'vitest';
import type { PositionMessage } from '../feed/protocol';
import type { GridCode } from '../model';
import {
  MAX_POSITION_REJECTIONS_KEPT,
  STALE_AFTER_MS,
  initialPatrolState,
  latestPositions,
  positionsReceived,
  workersOutsideOwnGrid,
  type PatrolContext,
} from './patrol-state';
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
