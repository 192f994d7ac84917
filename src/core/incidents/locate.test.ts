import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../demo';
import type { LngLat } from '../model';
import { createIncidentLocator } from './locate';

const district = generateDemoDistrict();
const locate = createIncidentLocator(district);

function centreOf(code: string): LngLat {
  const g = district.grids.find((u) => u.code === code);
  if (!g) throw new Error(code);
  const ring = (g.geometry.type === 'Polygon' ? g.geometry.coordinates : g.geometry.coordinates[0])[0];
  const n = ring.length - 1;
  return [ring.slice(0, n).reduce((s, p) => s + p[0], 0) / n, ring.slice(0, n).reduce((s, p) => s + p[1], 0) / n];
}

describe('createIncidentLocator', () => {
  it('places a point in its micro-grid', () => {
    const mg = district.grids.find((g) => g.level === 4 && g.kind === 'base');
    if (!mg) throw new Error('no micro-grid');
    expect(locate(centreOf(mg.code))).toBe(mg.code);
  });

  it('prefers the dedicated grid a point stands in', () => {
    const school = district.grids.find((g) => g.kind === 'dedicated');
    if (!school) throw new Error('no dedicated grid');
    expect(locate(centreOf(school.code))).toBe(school.code);
  });

  it('gives null far outside the district', () => {
    expect(locate([100, 30])).toBeNull();
  });
});
