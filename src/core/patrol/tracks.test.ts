import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INITIAL_TRACK_CAPACITY, appendFixes, emptyTrackStore, fixesBetween, latestFix, latestFixes, trackLength, trackedWorkers, type TrackFix } from './tracks';

const fix = (workerId: string, t: number, lon = 113.6 + t * 1e-9, lat = 34.75): TrackFix => ({ workerId, lon, lat, t });
const times = (s: { t: Float64Array }) => [...s.t];

describe('the track store', () => {
  it('appends per worker and answers the latest fix and time ranges [from, to)', () => {
    let s = emptyTrackStore();
    expect(latestFix(s, 'w1')).toBeUndefined();
    expect(fixesBetween(s, 'w1').length).toBe(0);
    s = appendFixes(s, [fix('w1', 0), fix('w2', 5), fix('w1', 10), fix('w1', 20)]);
    expect(s.version).toBe(1);
    expect(s.totalFixes).toBe(4);
    expect(trackLength(s, 'w1')).toBe(3);
    expect(trackedWorkers(s)).toEqual(['w1', 'w2']);
    expect(latestFix(s, 'w1')).toEqual({ lon: 113.6 + 20e-9, lat: 34.75, t: 20 });
    expect([...latestFixes(s).entries()].map(([id, f]) => [id, f.t])).toEqual([
      ['w1', 20],
      ['w2', 5],
    ]);
    expect(times(fixesBetween(s, 'w1'))).toEqual([0, 10, 20]);
    expect(times(fixesBetween(s, 'w1', 10, 20))).toEqual([10]);
    expect(times(fixesBetween(s, 'w1', 1, 21))).toEqual([10, 20]);
    expect(fixesBetween(s, 'w1', 21, 30).length).toBe(0);
    expect(fixesBetween(s, 'w1', 20, 10).length).toBe(0);
    const slice = fixesBetween(s, 'w1', 10);
    expect([...slice.lon]).toEqual([113.6 + 10e-9, 113.6 + 20e-9]);
    expect(slice.length).toBe(2);
  });

  it('returns the same store for no fixes', () => {
    const s = emptyTrackStore();
    expect(appendFixes(s, [])).toBe(s);
  });

  it('refuses a fix out of time order or not finite (a caller bug: checkPosition refuses stale fixes first)', () => {
    const s = appendFixes(emptyTrackStore(), [fix('w1', 10)]);
    expect(() => appendFixes(s, [fix('w1', 10)])).toThrow(RangeError);
    expect(() => appendFixes(s, [fix('w1', 5)])).toThrow(RangeError);
    expect(() => appendFixes(s, [fix('w1', 20, Number.NaN)])).toThrow(RangeError);
    expect(appendFixes(s, [fix('w2', 5)]).lengths.get('w2')).toBe(1); // other workers have their own order
  });

  it('grows by doubling past its capacity without losing or moving fixes, and earlier slices stay valid', () => {
    let s = emptyTrackStore();
    const n = INITIAL_TRACK_CAPACITY * 5 + 3;
    const early: { t: number; slice: ReturnType<typeof fixesBetween> }[] = [];
    for (let i = 0; i < n; i++) {
      s = appendFixes(s, [fix('w1', i * 10)]);
      if (i % 50 === 0) early.push({ t: i * 10, slice: fixesBetween(s, 'w1') });
    }
    expect(trackLength(s, 'w1')).toBe(n);
    expect(s.buffers.get('w1')!.t.length).toBe(INITIAL_TRACK_CAPACITY * 8);
    expect(times(fixesBetween(s, 'w1'))).toEqual(Array.from({ length: n }, (_, i) => i * 10));
    for (const e of early) expect(times(e.slice)).toEqual(Array.from({ length: e.t / 10 + 1 }, (_, i) => i * 10));
  });

  it('keeps older stores valid views of their own fixes, and a branch from an older store does not leak', () => {
    const s1 = appendFixes(emptyTrackStore(), [fix('w1', 0)]);
    const s2 = appendFixes(s1, [fix('w1', 10)]);
    expect(times(fixesBetween(s1, 'w1'))).toEqual([0]);
    expect(latestFix(s1, 'w1')?.t).toBe(0);
    expect(times(fixesBetween(s2, 'w1'))).toEqual([0, 10]);
    // A replay from s1 with another fix: neither store sees the other's.
    const branch = appendFixes(s1, [fix('w1', 20)]);
    expect(times(fixesBetween(branch, 'w1'))).toEqual([0, 20]);
    expect(times(fixesBetween(s2, 'w1'))).toEqual([0, 10]);
    const s3 = appendFixes(s2, [fix('w1', 30)]);
    expect(times(fixesBetween(s3, 'w1'))).toEqual([0, 10, 30]);
    expect(times(fixesBetween(branch, 'w1'))).toEqual([0, 20]);
    expect(times(fixesBetween(s1, 'w1'))).toEqual([0]);
  });

  it('matches a plain-array model under any interleaving of appends and branches (property)', () => {
    // Each step appends a few fixes to one of the stores made so far; every store must always
    // read exactly the fixes appended along its own history.
    const step = fc.record({ from: fc.nat(), worker: fc.constantFrom('a', 'b'), count: fc.integer({ min: 1, max: 40 }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        const stores = [emptyTrackStore()];
        const models: Map<string, number[]>[] = [new Map()];
        let clock = 1;
        for (const st of steps) {
          const k = st.from % stores.length;
          const model = new Map([...models[k]].map(([id, ts]) => [id, [...ts]]));
          const fixes: TrackFix[] = [];
          const ts = model.get(st.worker) ?? [];
          for (let i = 0; i < st.count; i++) {
            const t = clock++;
            fixes.push(fix(st.worker, t));
            ts.push(t);
          }
          model.set(st.worker, ts);
          stores.push(appendFixes(stores[k], fixes));
          models.push(model);
          for (let j = 0; j < stores.length; j++) {
            for (const id of ['a', 'b']) expect(times(fixesBetween(stores[j], id))).toEqual(models[j].get(id) ?? []);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
