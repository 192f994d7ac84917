import { describe, expect, it } from 'vitest';
import { trackStops } from './stops';

const LAT = 34.75;
const M_LAT = 1 / 111_195; // degrees of latitude per metre
const M_LON = M_LAT / Math.cos((LAT * Math.PI) / 180);

/** A track from [x metres east, y metres north, seconds] points. */
function track(points: readonly (readonly [number, number, number])[]): { lon: number[]; lat: number[]; t: number[] } {
  return {
    lon: points.map(([x]) => 113.6 + x * M_LON),
    lat: points.map(([, y]) => LAT + y * M_LAT),
    t: points.map(([, , s]) => s * 1000),
  };
}

/** A seeded generator (mulberry32), so the jitter is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('trackStops', () => {
  it('finds exactly the two stops of a walk, with their times and places', () => {
    const pts: [number, number, number][] = [];
    let s = 0;
    // Walk 175 m east at 2.5 m/s (a fix every 10 s, 25 m apart: farther than the radius).
    for (let x = 0; x <= 175; x += 25) pts.push([x, 0, (s += 10)]);
    // Stop 1: 5 minutes at (200, 0), fixes every 10 s.
    const stop1From = s + 10;
    for (let k = 0; k < 31; k++) pts.push([200 + (k % 2), 0, (s += 10)]);
    const stop1To = s;
    // Walk 275 m north.
    for (let y = 25; y < 300; y += 25) pts.push([200, y, (s += 10)]);
    // Stop 2: 3 minutes at (200, 300).
    const stop2From = s + 10;
    for (let k = 0; k < 19; k++) pts.push([200, 300 + (k % 3), (s += 10)]);
    const stop2To = s;
    // Walk on.
    for (let y = 325; y < 600; y += 25) pts.push([200, y, (s += 10)]);

    const stops = trackStops(track(pts));
    expect(stops.map((st) => [st.startT, st.endT, st.fixes])).toEqual([
      [stop1From * 1000, stop1To * 1000, 31],
      [stop2From * 1000, stop2To * 1000, 19],
    ]);
    // Centroids near where the worker stood (within a few metres).
    expect(Math.abs((stops[0].lon - 113.6) / M_LON - 200)).toBeLessThan(5);
    expect(Math.abs((stops[0].lat - LAT) / M_LAT)).toBeLessThan(5);
    expect(Math.abs((stops[1].lat - LAT) / M_LAT - 300)).toBeLessThan(5);
  });

  it('jitter within the radius does not split a stop, even when fixes land on opposite edges', () => {
    const rnd = random(7);
    const pts: [number, number, number][] = [];
    // 20 minutes standing still, each fix up to 14 m off in any direction: two fixes can be 28 m
    // apart, more than the 20 m radius, yet every one is within it of the centroid.
    pts.push([14, 0, 0]); // the first fix at the scatter's edge
    for (let k = 1; k <= 120; k++) {
      const a = rnd() * 2 * Math.PI;
      const r = 14 * Math.sqrt(rnd());
      pts.push([r * Math.cos(a), r * Math.sin(a), k * 10]);
    }
    pts.push([-14, 0, 1210]); // and one at the opposite edge
    const stops = trackStops(track(pts));
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ startT: 0, endT: 1_210_000, fixes: 122 });
  });

  it('a gap in the fixes ends a stop; a short pause is no stop', () => {
    const pts: [number, number, number][] = [
      [0, 0, 0],
      [1, 0, 60],
      [0, 0, 100], // then the phone is off for 10 minutes
      [1, 0, 700],
      [0, 0, 760],
      [50, 0, 770],
    ];
    // Each half lasts 100 s and 60 s: under the 2-minute default, and the gap does not join them.
    expect(trackStops(track(pts))).toEqual([]);
    const short = trackStops(track(pts), { minStayMs: 60_000 });
    expect(short.map((s) => [s.startT, s.endT])).toEqual([
      [0, 100_000],
      [700_000, 760_000],
    ]);
    // A gap allowance longer than the gap joins them into one.
    expect(trackStops(track(pts), { maxGapMs: 15 * 60_000 }).map((s) => [s.startT, s.endT])).toEqual([[0, 760_000]]);
  });

  it('walking steadily is never a stop; an empty track has none; bad options throw', () => {
    const walk: [number, number, number][] = [];
    for (let k = 0; k < 200; k++) walk.push([k * 12, 0, k * 10]); // 1.2 m/s for 33 minutes
    expect(trackStops(track(walk))).toEqual([]);
    expect(trackStops(track([]))).toEqual([]);
    expect(() => trackStops(track(walk), { radiusM: 0 })).toThrow(RangeError);
  });
});
