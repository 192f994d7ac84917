import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { clipHalfPlane, insetConvex, isConvexCcw, planeFrame, signedArea, toLngLat, toXy } from './plane';

describe('the local plane', () => {
  const frame = planeFrame([113.62, 34.75]);

  it('round-trips between degrees and metres', () => {
    const p = toXy(frame, [113.631, 34.742]);
    const [lon, lat] = toLngLat(frame, p);
    expect(lon).toBeCloseTo(113.631, 12);
    expect(lat).toBeCloseTo(34.742, 12);
  });

  it('measures distances as turf does, to well under 0.1 % over a few kilometres', () => {
    for (const target of [[113.645, 34.75], [113.62, 34.77], [113.6, 34.73]] as const) {
      const p = toXy(frame, target);
      const turfMetres = turf.distance([113.62, 34.75], [...target], { units: 'meters' });
      expect(Math.abs(Math.hypot(p.x, p.y) - turfMetres) / turfMetres).toBeLessThan(1e-3);
    }
  });
});

describe('convex helpers', () => {
  const square = [
    { x: 0, y: 0 },
    { x: 100, y: 0 },
    { x: 100, y: 100 },
    { x: 0, y: 100 },
  ];

  it('clips to a half-plane', () => {
    expect(signedArea(clipHalfPlane(square, { x: 1, y: 0 }, 25))).toBeCloseTo(2500, 9);
    expect(clipHalfPlane(square, { x: 1, y: 0 }, -1)).toEqual([]);
  });

  it('insets every side by the same distance', () => {
    expect(signedArea(insetConvex(square, 10))).toBeCloseTo(80 * 80, 9);
    expect(insetConvex(square, 60)).toEqual([]);
  });

  it('tells convex counter-clockwise rings from others', () => {
    expect(isConvexCcw(square)).toBe(true);
    expect(isConvexCcw(square.slice().reverse())).toBe(false);
    expect(isConvexCcw([...square.slice(0, 2), { x: 50, y: 20 }, ...square.slice(2)])).toBe(false);
  });
});
