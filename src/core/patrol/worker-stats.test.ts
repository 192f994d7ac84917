import { describe, expect, it } from 'vitest';
import type { LngLat } from '../model';
import { haversineM } from './positions';
import { STATS_MAX_GAP_MS, workerStats } from './worker-stats';
import { appendFixes, emptyTrackStore, fixesBetween } from './tracks';

const T0 = Date.parse('2026-11-22T09:00:00+08:00');
const MIN = 60_000;
/** A track from [minutes after T0, lon, lat] triples. */
const track = (pts: [number, number, number][]) => ({
  lon: pts.map((p) => p[1]),
  lat: pts.map((p) => p[2]),
  t: pts.map((p) => T0 + p[0] * MIN),
});
// Own grid: west of lon 113.62.
const inOwn = ([lon]: LngLat) => lon < 113.62;
const d = (a: LngLat, b: LngLat) => haversineM(a, b);

describe('workerStats', () => {
  it('sums the distance walked and splits the time by where each fix placed the worker', () => {
    const tr = track([
      [0, 113.6, 34.75],
      [1, 113.61, 34.75],
      [2, 113.63, 34.75], // outside from here
      [4, 113.63, 34.751],
    ]);
    const s = workerStats(tr, T0, T0 + 10 * MIN, inOwn);
    expect(s.distanceM).toBeCloseTo(d([113.6, 34.75], [113.61, 34.75]) + d([113.61, 34.75], [113.63, 34.75]) + d([113.63, 34.75], [113.63, 34.751]), 6);
    expect(s.insideOwnGridMs).toBe(2 * MIN);
    expect(s.outsideOwnGridMs).toBe(2 * MIN);
    expect(s.untrackedMs).toBe(6 * MIN); // after the last fix
    expect(s.fixes).toBe(4);
  });

  it('skips jumps across gaps longer than STATS_MAX_GAP_MS: no distance, no time', () => {
    const tr = track([
      [0, 113.6, 34.75],
      [1, 113.6, 34.7505],
      [1 + STATS_MAX_GAP_MS / MIN + 1, 113.61, 34.76], // phone off, back elsewhere
      [8, 113.61, 34.7605],
    ]);
    const s = workerStats(tr, T0, T0 + 8 * MIN, inOwn);
    expect(s.distanceM).toBeCloseTo(d([113.6, 34.75], [113.6, 34.7505]) + d([113.61, 34.76], [113.61, 34.7605]), 6);
    expect(s.insideOwnGridMs).toBe(2 * MIN);
    expect(s.untrackedMs).toBe(6 * MIN);
    // A gap of exactly the limit still counts as a walk.
    const edge = track([
      [0, 113.6, 34.75],
      [STATS_MAX_GAP_MS / MIN, 113.6, 34.751],
    ]);
    expect(workerStats(edge, T0, T0 + 60 * MIN, inOwn).insideOwnGridMs).toBe(STATS_MAX_GAP_MS);
  });

  it('counts pairs that straddle the window edges pro rata, so adjacent windows add up to the whole', () => {
    const tr = track([
      [0, 113.6, 34.75],
      [2, 113.6, 34.752],
      [4, 113.6, 34.754],
    ]);
    const whole = workerStats(tr, T0, T0 + 4 * MIN, inOwn);
    const a = workerStats(tr, T0, T0 + 1 * MIN, inOwn);
    const b = workerStats(tr, T0 + 1 * MIN, T0 + 4 * MIN, inOwn);
    expect(a.distanceM).toBeCloseTo(whole.distanceM / 4, 6);
    expect(a.distanceM + b.distanceM).toBeCloseTo(whole.distanceM, 6);
    expect(a.insideOwnGridMs + b.insideOwnGridMs).toBe(whole.insideOwnGridMs);
    expect(a.fixes + b.fixes).toBe(whole.fixes);
    expect(b.fixes).toBe(1); // [1, 4) min holds only the fix at 2
  });

  it('gives zeros for an empty track, a single fix, an empty window, and a window outside the track', () => {
    const zero = { distanceM: 0, insideOwnGridMs: 0, outsideOwnGridMs: 0, untrackedMs: 10 * MIN, fixes: 0 };
    expect(workerStats(track([]), T0, T0 + 10 * MIN, inOwn)).toEqual(zero);
    expect(workerStats(track([[1, 113.6, 34.75]]), T0, T0 + 10 * MIN, inOwn)).toEqual({ ...zero, fixes: 1 });
    expect(workerStats(track([[1, 113.6, 34.75]]), T0, T0, inOwn)).toEqual({ ...zero, untrackedMs: 0 });
    const tr = track([
      [0, 113.6, 34.75],
      [1, 113.6, 34.751],
    ]);
    expect(workerStats(tr, T0 + 5 * MIN, T0 + 15 * MIN, inOwn)).toEqual(zero);
  });

  it('reads a track straight from the track store', () => {
    const store = appendFixes(emptyTrackStore(), [
      { workerId: 'w1', lon: 113.6, lat: 34.75, t: T0 },
      { workerId: 'w1', lon: 113.63, lat: 34.75, t: T0 + MIN },
      { workerId: 'w1', lon: 113.63, lat: 34.751, t: T0 + 2 * MIN },
    ]);
    const s = workerStats(fixesBetween(store, 'w1'), T0, T0 + 2 * MIN, inOwn);
    expect(s).toMatchObject({ insideOwnGridMs: MIN, outsideOwnGridMs: MIN, untrackedMs: 0, fixes: 2 }); // the window is [from, to): the fix at 2 min is after it
  });
});
