import { describe, expect, it } from 'vitest';
import { appendFixes, emptyTrackStore, fixesBetween, type TrackFix } from '@core/patrol/tracks';
import { workerStats } from '@core/patrol/worker-stats';
import type { LngLat } from '@core/model';
import { activityBuckets, bucketMsFor } from './worker-activity';

const H = 3_600_000;
const day = Date.parse('2026-11-22T00:00:00+08:00');
const M_LON = 1 / (111_195 * Math.cos((34.75 * Math.PI) / 180));

/** A worker walking east at 1 m/s with a fix a minute from 08:00 to 10:00, then silent until 11:00, then 11:00–11:30 (x > 5 km east is "outside"). */
function store() {
  const fixes: TrackFix[] = [];
  for (let m = 0; m <= 120; m++) fixes.push({ workerId: 'w', lon: 113.6 + m * 60 * M_LON, lat: 34.75, t: day + 8 * H + m * 60_000 });
  for (let m = 0; m <= 30; m++) fixes.push({ workerId: 'w', lon: 113.6 + (6000 + m * 60) * M_LON, lat: 34.75, t: day + 11 * H + m * 60_000 });
  return appendFixes(emptyTrackStore(), fixes);
}
const inOwn = ([lon]: LngLat): boolean => (lon - 113.6) / M_LON < 5000;

describe('activityBuckets', () => {
  it('splits a day into hours with time inside, outside, untracked and distance', () => {
    const s = store();
    const buckets = activityBuckets(s, 'w', day + 7 * H, day + 12 * H, inOwn);
    expect(buckets.map((b) => b.from)).toEqual([7, 8, 9, 10, 11].map((h) => day + h * H));
    expect(buckets[0]).toMatchObject({ insideMs: 0, outsideMs: 0, untrackedMs: H, distanceM: 0 });
    expect(buckets[1].insideMs).toBe(H);
    expect(buckets[1].distanceM).toBeCloseTo(3600, -1);
    expect(buckets[3]).toMatchObject({ insideMs: 0, outsideMs: 0, untrackedMs: H });
    expect(buckets[4]).toMatchObject({ insideMs: 0, outsideMs: 30 * 60_000, untrackedMs: 30 * 60_000 });
    for (const b of buckets) expect(b.insideMs + b.outsideMs + b.untrackedMs).toBe(b.to - b.from);
  });

  it('adds up to the whole window as core workerStats counts it, window edges inside hours included', () => {
    const s = store();
    const from = day + 7 * H + 17 * 60_000;
    const to = day + 11 * H + 12 * 60_000 + 30_000;
    const buckets = activityBuckets(s, 'w', from, to, inOwn);
    expect(buckets[0].from).toBe(from);
    expect(buckets.at(-1)?.to).toBe(to);
    const whole = workerStats(fixesBetween(s, 'w'), from, to, inOwn);
    const sum = (f: (b: (typeof buckets)[number]) => number): number => buckets.reduce((acc, b) => acc + f(b), 0);
    expect(sum((b) => b.insideMs)).toBe(whole.insideOwnGridMs);
    expect(sum((b) => b.outsideMs)).toBe(whole.outsideOwnGridMs);
    expect(sum((b) => b.distanceM)).toBeCloseTo(whole.distanceM, 6);
  });

  it('uses China days for long windows, and nothing for an empty one', () => {
    expect(bucketMsFor(day, day + 24 * H)).toBe(H);
    expect(bucketMsFor(day, day + 7 * 24 * H)).toBe(24 * H);
    const week = activityBuckets(store(), 'w', day - 3 * 24 * H + 5 * H, day + 12 * H, inOwn);
    expect(week.map((b) => b.from)).toEqual([day - 3 * 24 * H + 5 * H, day - 2 * 24 * H, day - 24 * H, day]);
    // Fixes at whole minutes: x = 4,980 m (09:23) is the last inside 5 km, x = 5,040 m the first outside.
    expect(week.at(-1)).toMatchObject({ insideMs: 84 * 60_000, outsideMs: 36 * 60_000 + 30 * 60_000 });
    expect(activityBuckets(store(), 'w', day, day, inOwn)).toEqual([]);
    expect(activityBuckets(store(), 'nobody', day, day + H, inOwn)).toEqual([{ from: day, to: day + H, insideMs: 0, outsideMs: 0, untrackedMs: H, distanceM: 0 }]);
  });
});
