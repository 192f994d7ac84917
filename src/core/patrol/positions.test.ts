import { describe, expect, it } from 'vitest';
import type { PositionMessage } from '../feed/protocol';
import type { GridCode, LngLat } from '../model';
import { FUTURE_TOLERANCE_MS, STALE_AFTER_MS, checkPosition, haversineM, initialPatrolState, latestPositions, positionsReceived, trackOf, type PatrolContext } from './positions';

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
const ctx: PatrolContext = { knownWorker: (id) => id !== 'ghost', locate: ([lon]) => (lon < 113.62 ? g('A-1') : g('B-1')), nowMs: T0 + 3_600_000 };

describe('checking a position', () => {
  it('accepts a walk and measures distance', () => {
    expect(haversineM([113.6, 34.75], [113.6, 34.751])).toBeCloseTo(111.2, 0);
    const r = checkPosition(pos('w1', 113.6, 34.75, T0 + 10_000), { lngLat: [113.6, 34.7499], t: T0, unit: null }, true, T0 + 20_000);
    expect(r.ok).toBe(true);
  });

  it('refuses each bad kind with its code', () => {
    const now = T0;
    const code = (m: PositionMessage, last?: { lngLat: LngLat; t: number }) => {
      const r = checkPosition(m, last ? { ...last, unit: null } : undefined, m.worker_id !== 'ghost', now);
      return r.ok ? 'ok' : r.rejection.code;
    };
    expect(code(pos('w', Number.NaN, 34.7, now))).toBe('bad_coordinates');
    expect(code(pos('w', 113.6, 95, now))).toBe('bad_coordinates');
    expect(code(pos('ghost', 113.6, 34.7, now))).toBe('unknown_worker');
    expect(code(pos('w', 113.6, 34.7, now + FUTURE_TOLERANCE_MS + 1000))).toBe('future');
    expect(code(pos('w', 113.6, 34.7, now + FUTURE_TOLERANCE_MS - 1000))).toBe('ok'); // a drifting phone clock is fine
    // 1 km in 10 s is 100 m/s: a GPS jump.
    expect(code(pos('w', 113.6, 34.759, now), { lngLat: [113.6, 34.75], t: now - 10_000 })).toBe('too_fast');
    expect(code(pos('w', 113.6, 34.75, now - 20_000), { lngLat: [113.6, 34.75], t: now - 10_000 })).toBe('stale');
  });

  it('converts a GCJ-02 fix to WGS-84', () => {
    const r = checkPosition(pos('w', 113.62, 34.75, T0, { crs: 'gcj02' }), undefined, true, T0);
    expect(r.ok && Math.abs(r.lngLat[0] - 113.62) > 1e-4).toBe(true);
  });
});

describe('the patrol state', () => {
  it('keeps tracks, the latest fix with its unit, and counts rejections without drawing them', () => {
    let s = initialPatrolState();
    s = positionsReceived(s, [pos('w1', 113.61, 34.75, T0), pos('w1', 113.6101, 34.75, T0 + 10_000), pos('ghost', 113.6, 34.7, T0), pos('w2', 113.63, 34.75, T0)], ctx);
    expect(s.accepted).toBe(3);
    expect(s.rejectCounts.unknown_worker).toBe(1);
    expect([...s.latest.keys()].sort()).toEqual(['w1', 'w2']);
    expect(s.latest.get('w1')?.unit).toBe('A-1');
    expect(trackOf(s, 'w1').t).toEqual([T0, T0 + 10_000]);
    const views = latestPositions(s, T0 + 60_000, (id) => (id === 'w1' ? g('A-1') : g('A-1')), (u, grid) => u === grid);
    expect(views.map((v) => [v.workerId, v.outsideOwnGrid, v.stale])).toEqual([
      ['w1', false, false],
      ['w2', true, false],
    ]);
    expect(latestPositions(s, T0 + STALE_AFTER_MS + 20_000, () => null, () => true).every((v) => v.stale)).toBe(true);
  });

  it('an older state keeps reading its own prefix after newer states append, and a branch does not leak', () => {
    const s1 = positionsReceived(initialPatrolState(), [pos('w1', 113.61, 34.75, T0)], ctx);
    const s2 = positionsReceived(s1, [pos('w1', 113.6101, 34.75, T0 + 10_000)], ctx);
    expect(trackOf(s1, 'w1').t).toEqual([T0]);
    expect(trackOf(s2, 'w1').t).toEqual([T0, T0 + 10_000]);
    // A replay branching from s1 with another fix: s2's fix must not appear in it, nor its in s2.
    const branch = positionsReceived(s1, [pos('w1', 113.6102, 34.75, T0 + 20_000)], ctx);
    expect(trackOf(branch, 'w1').t).toEqual([T0, T0 + 20_000]);
    expect(trackOf(s2, 'w1').t).toEqual([T0, T0 + 10_000]);
  });
});
