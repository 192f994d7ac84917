import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COVERAGE_BREAKS, COVERAGE_COLORS, coverageClass, coverageFillColor, coverageFilter, reportMarks, stopPoints, trackLines } from './patrol-layers';

describe('patrol layers', () => {
  it('every share in [0, 1] falls in exactly one class, and classes grow with the share', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(coverageClass(lo)).toBeLessThanOrEqual(coverageClass(hi));
        expect(coverageClass(lo)).toBeGreaterThanOrEqual(0);
        expect(coverageClass(hi)).toBeLessThan(COVERAGE_COLORS.length);
      }),
      { seed: 5, numRuns: 300 },
    );
    expect([0, 0.19, 0.2, 0.59, 0.8, 1].map(coverageClass)).toEqual([0, 0, 1, 2, 4, 4]);
  });

  it('the fill expression steps at the same breaks as coverageClass, grey without a state', () => {
    const e = coverageFillColor() as unknown[];
    expect(e[0]).toBe('step');
    expect(e[2]).toBe('#e9ecef');
    expect(e.slice(5).filter((_, i) => i % 2 === 0)).toEqual([...COVERAGE_BREAKS]);
    expect(coverageFilter(4)).toEqual(['all', ['==', ['get', 'level'], 4], ['==', ['get', 'kind'], 'base']]);
  });

  it('splits a track at gaps longer than five minutes and drops lone fixes', () => {
    const t = [0, 10_000, 20_000, 20_000 + 6 * 60_000, 20_000 + 7 * 60_000, 20_000 + 20 * 60_000];
    const lines = trackLines({ lon: [1, 2, 3, 4, 5, 6], lat: [0, 0, 0, 0, 0, 0], t });
    expect(lines.features.map((f) => f.geometry.coordinates.map((c) => c[0]))).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('marks only grids missing or pending their report', () => {
    const marks = reportMarks(
      [
        { gridCode: 'A', missing: true, pending: false },
        { gridCode: 'B', missing: false, pending: true },
        { gridCode: 'C', missing: false, pending: false },
        { gridCode: 'D', missing: true, pending: false },
      ],
      (code) => (code === 'D' ? null : [1, 2]),
      (code) => `grid ${code}`,
    );
    expect(marks.features.map((f) => [f.properties.code, f.properties.missing])).toEqual([
      ['A', 1],
      ['B', 0],
    ]);
    expect(stopPoints([{ startT: 0, endT: 5 * 60_000, lon: 1, lat: 2, fixes: 31 }]).features[0].properties.minutes).toBe(5);
  });
});
