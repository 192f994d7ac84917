// The progress/cancel options added to allocateBuildings (src/core/allocate/district.ts) for this
// layer, and the stepwise allocator the chunked runs use.
import { beforeAll, describe, expect, it } from 'vitest';
import { allocateBuildings, createDistrictAllocator, type BuildingItem } from '@core/allocate/district';
import type { District } from '@core/model';
import { demoDistrict, demoItems } from './test-items';

let district: District;
let items: BuildingItem[];
beforeAll(() => {
  district = demoDistrict();
  items = demoItems(district, 900);
});

describe('allocateBuildings progress and cancel options', () => {
  it('reports every progressEvery items and at the end, without changing the result', () => {
    const seen: [number, number][] = [];
    const out = allocateBuildings(district, items, { progressEvery: 250, onProgress: (d, t) => seen.push([d, t]) });
    const total = items.length;
    expect(seen).toEqual([[250, total], [500, total], [750, total], [total, total]]);
    expect(out).toStrictEqual(allocateBuildings(district, items));
  });

  it('stops between items when isCancelled turns true; the report covers what was allocated', () => {
    let calls = 0;
    const out = allocateBuildings(district, items, { isCancelled: () => ++calls > 100 });
    expect(out.items).toHaveLength(100);
    expect(out).toStrictEqual(allocateBuildings(district, items.slice(0, 100)));
  });

  it('createDistrictAllocator item by item equals allocateBuildings', () => {
    const allocator = createDistrictAllocator(district, { nearestM: 50 });
    const allocations = items.map((item) => allocator.allocate(item));
    expect(allocator.report(allocations)).toStrictEqual(allocateBuildings(district, items, { nearestM: 50 }));
    // Items really land in micro-grids, not only outside (the data exercises the engine).
    expect(allocations.filter((a) => a.unitKind === 'micro_grid').length).toBeGreaterThan(items.length / 4);
  });
});
