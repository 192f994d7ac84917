import { describe, expect, it } from 'vitest';
import { readBuildingInput } from '@core/allocate/building-input';
import { sharedAllocationRows } from './allocation-rows';

const read = readBuildingInput({ kind: 'csv', text: 'id,lon,lat,households\na,113.6,34.75,3\n' });
const input = read.ok ? read : null;

describe('sharedAllocationRows', () => {
  it('reuses the rows while the file and result are the same, and rebuilds when either changes', () => {
    const a = sharedAllocationRows(input, null);
    expect(sharedAllocationRows(input, null)).toBe(a);
    expect(a.map((r) => r.record.id)).toEqual(['a']);
    const empty = { items: [], band: { band: { min: 50, max: 70 }, changed: [], leftBand: [], enteredBand: [], suggestions: [] }, problems: [] };
    const b = sharedAllocationRows(input, empty);
    expect(b).not.toBe(a);
    expect(b[0].allocation).toBeNull();
  });
});
