import { describe, expect, it } from 'vitest';
import { asGridCode, type GridCode } from '@core/model';
import type { GridStats } from '@core/stats';
import { geometryBbox, gridFeatures, gridLabelFeatures, round6, shortGridLabel } from './grid-features';
import { tinyDistrict } from './__fixtures__/tiny-district';
import { pickGrid } from './pick-grid';

function stats(): Map<GridCode, GridStats> {
  const m = new Map<GridCode, GridStats>();
  m.set(asGridCode('TS-01-01-01'), { code: asGridCode('TS-01-01-01'), households: 49, residents: 147, buildings: 1, children: [], band: 'under' });
  m.set(asGridCode('TS-01-01'), { code: asGridCode('TS-01-01'), households: 240, residents: 720, buildings: 4, children: [], band: null });
  return m;
}

describe('gridFeatures', () => {
  it('keeps lean properties and puts coarse levels first', () => {
    const fc = gridFeatures(tinyDistrict(), stats());
    expect(fc.features.map((f) => f.properties.level)).toEqual([1, 2, 3, 3, 4, 4, 4, 4]);
    const micro = fc.features.find((f) => f.properties.code === 'TS-01-01-01');
    expect(micro?.properties).toEqual({
      code: 'TS-01-01-01',
      name: '锦华社区第一网格第1微网格',
      level: 4,
      kind: 'base',
      households: 49,
      residents: 147,
      buildings: 1,
      band: 'under',
    });
    const grid = fc.features.find((f) => f.properties.code === 'TS-01-01');
    expect(grid?.properties).not.toHaveProperty('band');
    expect(grid?.properties.households).toBe(240);
  });

  it('rounds coordinates to 6 decimals', () => {
    const fc = gridFeatures(tinyDistrict(), stats());
    const ring = (fc.features[0].geometry as GeoJSON.Polygon).coordinates[0];
    expect(ring[0]).toEqual([113.651235, 34.751235]);
    for (const f of fc.features) {
      for (const p of (f.geometry as GeoJSON.Polygon).coordinates[0]) {
        expect(p[0]).toBe(round6(p[0]));
        expect(String(p[1]).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(6);
      }
    }
  });
});

describe('grid labels', () => {
  it('puts one point inside each grid, with short names for micro-grids', () => {
    const d = tinyDistrict();
    const labels = gridLabelFeatures(d);
    expect(labels.features).toHaveLength(d.grids.length);
    for (const f of labels.features) {
      const g = d.grids.find((x) => x.code === f.properties.code);
      const [w, s, e, n] = geometryBbox(g!.geometry);
      const [x, y] = f.geometry.coordinates;
      expect(x).toBeGreaterThan(w);
      expect(x).toBeLessThan(e);
      expect(y).toBeGreaterThan(s);
      expect(y).toBeLessThan(n);
    }
    expect(labels.features.find((f) => f.properties.code === 'TS-01-01-03')?.properties.label).toBe('第3微网格');
    expect(labels.features.find((f) => f.properties.code === 'TS-01-01')?.properties.label).toBe('锦华社区第一网格');
  });

  it('falls back to the full name when it does not extend the parent name', () => {
    const [a, b] = tinyDistrict().grids;
    expect(shortGridLabel({ ...b, name: '其他名字' }, a)).toBe('其他名字');
  });
});

describe('pickGrid', () => {
  const f = (code: string, level: number, kind = 'base') => ({ properties: { code, level, kind } });
  it('prefers the finest level under the cursor', () => {
    expect(pickGrid([f('A', 1), f('A-1', 2), f('A-1-1-1', 4), f('A-1-1', 3)])).toBe('A-1-1-1');
    expect(pickGrid([f('A', 1), f('A-1-Z1', 3, 'dedicated'), f('A-1', 2)])).toBe('A-1-Z1');
  });
  it('returns null over empty space', () => {
    expect(pickGrid([])).toBeNull();
    expect(pickGrid([{ properties: null }])).toBeNull();
  });
});
