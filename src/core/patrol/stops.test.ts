import { describe, expect, it } from 'vitest';
import { trackStops } from './stops';

const M = 1 / 111_195;
/** Fixes every 10 s: `plan` lists [x metres east, seconds to stay there or walk time]. */
function track(points: [number, number][]): { lon: number[]; lat: number[]; t: number[] } {
  const out = { lon: [] as number[], lat: [] as number[], t: [] as number[] };
  for (const [x, tS] of points) {
    out.lon.push(113.6 + (x * M) / Math.cos((34.75 * Math.PI) / 180));
    out.lat.push(34.75);
    out.t.push(tS * 1000);
  }
  return out;
}

describe('trackStops', () => {
  it('finds two stops in a walk, with their times, and not the walking in between', () => {
    const pts: [number, number][] = [];
    let s = 0;
    for (let k = 0; k < 19; k++) pts.push([k % 2 ? 3 : 0, (s += 10)]); // 3 min near x = 0 (jitter 3 m)
    for (let x = 15; x <= 300; x += 15) pts.push([x, (s += 10)]); // walking 1.5 m/s
    const secondFrom = s + 10;
    for (let k = 0; k < 25; k++) pts.push([300 + (k % 3), (s += 10)]); // 4 min near x = 300
    const stops = trackStops(track(pts));
    expect(stops).toHaveLength(2);
    // The first walking fix is 15 m from where the stop began, within the 20 m radius: it ends the stop.
    expect(stops[0]).toMatchObject({ startT: 10_000, endT: 200_000, fixes: 20 });
    expect(stops[1].startT).toBeLessThanOrEqual(secondFrom * 1000);
    expect(stops[1].endT).toBe(s * 1000);
  });

  it('a gap in the fixes ends a stop; a short pause is no stop', () => {
    const pts: [number, number][] = [
      [0, 0],
      [1, 60],
      [0, 100], // then the phone is off for 10 minutes
      [1, 700],
      [0, 760],
      [50, 770],
    ];
    expect(trackStops(track(pts))).toEqual([]);
    expect(trackStops(track(pts), { minStayMs: 60_000 })).toHaveLength(2);
  });
});
