import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeImportedMicroGrid, makeSmallDistrict } from '../../../test/fixtures/db/small-district';
import { type DistrictRows, StoreError, districtToRows, reportToRow, rowToReport, rowsToDistrict } from './index';

/** Shuffles with a fast-check permutation, as IndexedDB may hand rows back in any (key) order. */
function permute<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, key: keys[i % keys.length] ?? 0, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map(({ item }) => item);
}

describe('districtToRows / rowsToDistrict', () => {
  it('are inverse: rows in any order assemble into the original district', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 30 }),
        (keys, extraGrids) => {
          const district = makeSmallDistrict();
          for (let i = 0; i < extraGrids; i++) district.grids.push(makeImportedMicroGrid(i + 5));
          const rows = districtToRows(district);
          const shuffled: DistrictRows = {
            header: rows.header,
            grids: permute(rows.grids, keys),
            buildings: permute(rows.buildings, keys),
            staff: permute(rows.staff, keys),
            roads: permute(rows.roads, keys),
            pois: permute(rows.pois, keys),
          };
          expect(rowsToDistrict(shuffled)).toStrictEqual(district);
        },
      ),
    );
  });

  it('tags rows with their array position and leaves the district untouched', () => {
    const district = makeSmallDistrict();
    const rows = districtToRows(district);
    expect(rows.buildings.map((b) => [b.id, b.seq])).toEqual([
      ['b-10', 0],
      ['b-9', 1],
      ['b-1', 2],
    ]);
    expect(rows.header).toEqual({
      key: 'district',
      formatVersion: 1,
      seed: 42,
      region: 'ZY',
      name: '建设路街道',
      center: [113.61, 34.75],
    });
    expect(district).toStrictEqual(makeSmallDistrict());
  });

  it('refuses a header from a newer format, and a header that is not one', () => {
    const rows = districtToRows(makeSmallDistrict());
    const newer = { ...rows, header: { ...rows.header, formatVersion: 3 as unknown as 1 } };
    expect(() => rowsToDistrict(newer)).toThrow(StoreError);
    expect(() => rowsToDistrict(newer)).toThrow(expect.objectContaining({ code: 'newer_version', foundVersion: 3 }));
    const broken = { ...rows, header: { ...rows.header, formatVersion: undefined as unknown as 1 } };
    expect(() => rowsToDistrict(broken)).toThrow(expect.objectContaining({ code: 'corrupt_data' }));
  });
});

describe('reportToRow / rowToReport', () => {
  it('add the instant of `at` and take it away again', () => {
    const report = { gridCode: makeSmallDistrict().grids[2].code, date: '2024-05-01', at: '2024-05-01T01:00:00Z', by: 's-12', nothingToReport: false, note: '井盖' };
    const row = reportToRow(report);
    expect(row.atMs).toBe(Date.UTC(2024, 4, 1, 1));
    expect(rowToReport(row)).toStrictEqual(report);
    // An unreadable time sorts before everything, so it is pruned first and never loaded.
    expect(reportToRow({ ...report, at: 'yesterday' }).atMs).toBe(0);
  });
});
