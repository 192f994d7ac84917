import { describe, expect, it } from 'vitest';
import type { PositionMessage } from '../feed/protocol';
import { FUTURE_TOLERANCE_MS, MAX_SPEED_MPS, POSITION_REJECT_CODES, checkPosition, haversineM, type LastFix } from './positions';

const T0 = Date.parse('2026-11-22T09:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString();
const pos = (lon: number, lat: number, ms: number, over: Partial<PositionMessage> = {}): PositionMessage => ({
  kind: 'position',
  seq: 1,
  at: iso(ms),
  worker_id: 'w1',
  lon,
  lat,
  ...over,
});
/** 1e-4 degrees of latitude is about 11.1 m. */
const DEG_LAT_M = 111_195;
const last: LastFix = { lngLat: [113.6, 34.75], t: T0 - 10_000 };
const code = (l: LastFix | undefined, m: PositionMessage, known = true, now = T0) => {
  const r = checkPosition(l, m, known, now);
  return r.ok ? 'ok' : r.rejection.code;
};

describe('haversineM', () => {
  it('measures a metre-scale distance on the sphere', () => {
    expect(haversineM([113.6, 34.75], [113.6, 34.751])).toBeCloseTo(0.001 * DEG_LAT_M, 0);
    expect(haversineM([113.6, 34.75], [113.6, 34.75])).toBe(0);
    // East–west shrinks with cos(latitude).
    expect(haversineM([113.6, 34.75], [113.601, 34.75])).toBeCloseTo(0.001 * DEG_LAT_M * Math.cos((34.75 * Math.PI) / 180), 0);
  });
});

describe('checkPosition', () => {
  it('accepts a first fix and a walk from the last one, returning WGS-84 and epoch ms', () => {
    const first = checkPosition(undefined, pos(113.6, 34.75, T0), true, T0);
    expect(first).toEqual({ ok: true, lngLat: [113.6, 34.75], t: T0 });
    // 11 m in 10 s: a brisk walk.
    expect(code(last, pos(113.6, 34.7501, T0))).toBe('ok');
  });

  it('refuses NaN, infinite and out-of-range coordinates as bad_coordinates, with them as params', () => {
    for (const [lon, lat] of [
      [Number.NaN, 34.7],
      [113.6, Number.NaN],
      [Number.POSITIVE_INFINITY, 34.7],
      [180.0001, 34.7],
      [-181, 34.7],
      [113.6, 90.5],
      [113.6, -91],
    ]) {
      const r = checkPosition(undefined, pos(lon, lat, T0), true, T0);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.rejection.code).toBe('bad_coordinates');
        expect(r.rejection.params).toEqual({ lon: String(lon), lat: String(lat) });
        expect(r.rejection.workerId).toBe('w1');
      }
    }
    // The edges themselves are valid.
    expect(code(undefined, pos(180, 90, T0))).toBe('ok');
    expect(code(undefined, pos(-180, -90, T0))).toBe('ok');
  });

  it('refuses an unreadable time as bad_coordinates (a message built in code bypasses the parser)', () => {
    expect(code(undefined, pos(113.6, 34.75, T0, { at: 'yesterday' }))).toBe('bad_coordinates');
    expect(code(undefined, pos(113.6, 34.75, T0, { at: '2026-11-22T09:00:00' }))).toBe('bad_coordinates'); // no offset
  });

  it('refuses a worker not in the staff as unknown_worker, after checking coordinates', () => {
    expect(code(undefined, pos(113.6, 34.75, T0), false)).toBe('unknown_worker');
    expect(code(undefined, pos(Number.NaN, 34.75, T0), false)).toBe('bad_coordinates');
  });

  it('refuses a fix more than FUTURE_TOLERANCE_MS ahead of now as future, and allows drift within it', () => {
    expect(code(undefined, pos(113.6, 34.75, T0 + FUTURE_TOLERANCE_MS))).toBe('ok');
    const r = checkPosition(undefined, pos(113.6, 34.75, T0 + FUTURE_TOLERANCE_MS + 1000), true, T0);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection).toMatchObject({ code: 'future', params: { aheadS: 121 } });
    // Future is judged before the last fix: a far-future fix never poisons a track.
    expect(code(last, pos(113.6, 34.75, T0 + 3_600_000))).toBe('future');
  });

  it('refuses a jump faster than MAX_SPEED_MPS from the last fix as too_fast, by haversine', () => {
    // 0.009° of latitude ≈ 1 km in 10 s: 100 m/s.
    const r = checkPosition(last, pos(113.6, 34.759, T0), true, T0);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rejection.code).toBe('too_fast');
      expect(r.rejection.params.speedMps).toBeCloseTo(100, -1);
      expect(r.rejection.params.seconds).toBe(10);
    }
    // Just under and just over 50 m/s over 10 s (500 m).
    const degFor = (m: number) => m / DEG_LAT_M;
    expect(code(last, pos(113.6, 34.75 + degFor(MAX_SPEED_MPS * 10 * 0.99), T0))).toBe('ok');
    expect(code(last, pos(113.6, 34.75 + degFor(MAX_SPEED_MPS * 10 * 1.01), T0))).toBe('too_fast');
    // The same 1 km is fine over a minute (a ride, 16.7 m/s).
    expect(code({ ...last, t: T0 - 60_000 }, pos(113.6, 34.759, T0))).toBe('ok');
  });

  it('refuses a fix older than, or at the same time as, the last accepted one as stale', () => {
    const r = checkPosition(last, pos(113.6, 34.75, T0 - 20_000), true, T0);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection).toMatchObject({ code: 'stale', params: { behindS: 10 } });
    expect(code(last, pos(113.6, 34.75, last.t))).toBe('stale');
  });

  it('gives one of the listed codes for every refusal', () => {
    expect(POSITION_REJECT_CODES).toEqual(['bad_coordinates', 'unknown_worker', 'future', 'too_fast', 'stale', 'unknown_building', 'unknown_grid']);
  });

  it('converts a GCJ-02 fix to WGS-84 before measuring, and keeps CGCS2000 as is', () => {
    const r = checkPosition(undefined, pos(113.62, 34.75, T0, { crs: 'gcj02' }), true, T0);
    expect(r.ok && Math.abs(r.lngLat[0] - 113.62) > 1e-4).toBe(true);
    expect(checkPosition(undefined, pos(113.62, 34.75, T0, { crs: 'cgcs2000' }), true, T0)).toMatchObject({ ok: true, lngLat: [113.62, 34.75] });
    // A worker standing still reported in GCJ-02 after a WGS-84 fix of the same spot is not a jump.
    if (r.ok) expect(code({ lngLat: r.lngLat, t: T0 - 10_000 }, pos(113.62, 34.75, T0, { crs: 'gcj02' }))).toBe('ok');
  });
});
