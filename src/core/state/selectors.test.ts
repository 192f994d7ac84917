import { describe, expect, it } from 'vitest';
import { asGridCode } from '../model';
import { tinyDistrict } from './__fixtures__/tiny-district';
import { initialAppState } from './app-state';
import { appReducer } from './reducer';
import { districtOverview, selectionView } from './selectors';

const loaded = appReducer(initialAppState(), { type: 'districtLoaded', district: tinyDistrict() });

describe('selectionView', () => {
  it('is null without a selection', () => {
    expect(selectionView(loaded)).toBeNull();
    expect(selectionView(initialAppState())).toBeNull();
  });

  it('gathers the unit, ancestors, staff, children and sibling position', () => {
    const s = appReducer(loaded, { type: 'gridSelected', code: asGridCode('ZY-01-01-01') });
    const view = selectionView(s)!;
    expect(view.unit.name).toBe('锦华社区第一网格');
    expect(view.ancestors.map((a) => a.code)).toEqual(['ZY-01', 'ZY-01-01']);
    expect(view.chief?.id).toBe('S-ZY-01-01-01');
    expect(view.workers.map((w) => w.id)).toEqual(['W-ZY-01-01-01']);
    expect(view.children.map((ch) => [ch.unit.code, ch.stats?.households])).toEqual([
      ['ZY-01-01-01-01', 63],
      ['ZY-01-01-01-02', 40],
      ['ZY-01-01-01-03', 88],
    ]);
    expect(view.stats?.households).toBe(191);
    expect([view.siblingPosition, view.siblingCount]).toEqual([1, 4]);
  });
});

describe('districtOverview', () => {
  it('counts grids per level, dedicated apart, and sums buildings', () => {
    const o = districtOverview(loaded)!;
    expect(o.levelCounts).toEqual({ 1: 1, 2: 2, 3: 3, 4: 3 });
    expect(o.dedicated).toBe(1);
    expect(o.households).toBe(191);
    expect(o.residents).toBe(191 * 3);
    expect(o.buildings).toBe(3);
    expect(o.staff).toBe(20);
    expect(o.band?.microGrids).toBe(3);
  });

  it('is null before loading', () => {
    expect(districtOverview(initialAppState())).toBeNull();
  });
});
