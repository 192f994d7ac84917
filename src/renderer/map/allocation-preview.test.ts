import { describe, expect, it } from 'vitest';
import type { AllocationRow } from '@core/state';
import { PREVIEW_COLORS, UNIT_PALETTE, previewBbox, previewFeatures, unitColors } from './allocation-preview';

const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 2], [0, 2], [0, 0]]] };

function row(id: string, status: string, unitCode: string | null, extra: Record<string, unknown> = {}): AllocationRow {
  return {
    record: { index: 0, id, name: '', compound: '', households: 1, residents: 0, floors: 0, geometry: square },
    allocation: {
      id,
      unitCode,
      unitKind: unitCode ? 'micro_grid' : null,
      levels: { subDistrict: null, community: null, grid: null, microGrid: unitCode },
      households: 1,
      result: { gridId: unitCode, pointGridId: unitCode, status, share: 1, areaM2: 1, distanceM: 0 },
      ...extra,
    },
  } as AllocationRow;
}

describe('allocation preview', () => {
  it('colours units by their place in code order, cycling the palette', () => {
    const colors = unitColors(['B', 'A', 'C', 'A']);
    expect(colors.get('A')).toBe(UNIT_PALETTE[0]);
    expect(colors.get('B')).toBe(UNIT_PALETTE[1]);
    expect(colors.get('C')).toBe(UNIT_PALETTE[2]);
  });

  it('marks each row by what a planner must check', () => {
    const rows = [
      row('in', 'inside', 'A'),
      row('st', 'straddles', 'B'),
      row('near', 'outside', 'A'),
      row('out', 'outside', null),
      row('inv', 'invalid', null),
      row('hand', 'outside', 'B', { overridden: true }),
    ];
    const fc = previewFeatures(rows, ['A', 'B']);
    const by = Object.fromEntries(fc.features.map((f) => [f.properties.id, f.properties]));
    expect(by.in).toMatchObject({ state: 'assigned', color: UNIT_PALETTE[0], unit: 'A' });
    expect(by.st).toMatchObject({ state: 'straddles', color: UNIT_PALETTE[1] });
    expect(by.near.state).toBe('attention');
    expect(by.out).toMatchObject({ state: 'unassigned', color: PREVIEW_COLORS.unassigned });
    expect(by.inv).toMatchObject({ state: 'invalid', color: PREVIEW_COLORS.invalid });
    expect(by.hand.state).toBe('overridden');
  });

  it('draws nothing for a row without geometry, and a refused row as invalid', () => {
    const noGeom = { record: { index: 1, id: 'x', name: '', compound: '', households: 0, residents: 0, floors: 0, geometry: null, reason: 'geometry is missing' }, allocation: null } as AllocationRow;
    const refused = { ...noGeom, record: { ...noGeom.record, id: 'y', geometry: square } };
    const fc = previewFeatures([noGeom, refused], []);
    expect(fc.features.map((f) => [f.properties.id, f.properties.state])).toEqual([['y', 'invalid']]);
  });

  it('bbox of points and polygons', () => {
    expect(previewBbox(square)).toEqual([0, 0, 1, 2]);
    expect(previewBbox({ type: 'Point', coordinates: [3, 4] })).toEqual([3, 4, 3, 4]);
  });
});
