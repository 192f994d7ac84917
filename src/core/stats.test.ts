import { describe, expect, it } from 'vitest';
import {
  asBuildingId,
  asGridCode,
  type Building,
  type BuildingUse,
  type District,
  type GridLevel,
  type GridUnit,
} from './model';
import { bandStatus, computeGridStats, summariseBand } from './stats';

const square = (x: number): GridUnit['geometry'] => ({
  type: 'Polygon',
  coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]],
});

const grid = (code: string, level: GridLevel, parent: string | null, kind: GridUnit['kind'] = 'base'): GridUnit => ({
  code: asGridCode(code),
  name: code,
  level,
  kind,
  parentCode: parent === null ? null : asGridCode(parent),
  geometry: square(0),
  chiefId: null,
  workerIds: [],
});

let nextId = 0;
const building = (gridCode: string, households: number, residents: number, use: BuildingUse = 'residential'): Building => ({
  id: asBuildingId(`b${++nextId}`),
  name: `b${nextId}`,
  compound: 'c',
  use,
  gridCode: asGridCode(gridCode),
  footprint: square(0) as Building['footprint'],
  entrances: [{ no: 1, location: [0, 0], households }],
  floors: 6,
  households,
  residents,
});

/**
 * A small hand-built district, grids listed out of order:
 *   S ─ C1 ─ G2 ─ M3 (80: over), M1 (30 + 25 = 55: in), M2 (40: under)
 *      │    └ Z1 (a school, 0 households)
 *      └ C2 ─ G1 ─ M1 (50: in, the band's edge)
 */
function handBuilt(): District {
  const grids = [
    grid('S-1-02', 3, 'S-1', 'base'),
    grid('S-1-02-03', 4, 'S-1-02'),
    grid('S', 1, null),
    grid('S-1-02-01', 4, 'S-1-02'),
    grid('S-1', 2, 'S'),
    grid('S-1-Z1', 3, 'S-1', 'dedicated'),
    grid('S-1-02-02', 4, 'S-1-02'),
    grid('S-2', 2, 'S'),
    grid('S-2-01', 3, 'S-2'),
    grid('S-2-01-01', 4, 'S-2-01'),
  ];
  const buildings = [
    building('S-1-02-01', 30, 75),
    building('S-1-02-01', 25, 60),
    building('S-1-02-02', 40, 100),
    building('S-1-02-03', 80, 210),
    building('S-1-Z1', 0, 0, 'school'),
    building('S-2-01-01', 50, 130),
    building('NOWHERE', 99, 250),
  ];
  return {
    formatVersion: 1,
    seed: null,
    region: 'S',
    name: 'test',
    center: [0, 0],
    grids,
    buildings,
    staff: [],
    roads: [],
    pois: [],
  };
}

describe('bandStatus', () => {
  it('counts both ends of the band as in', () => {
    const band = { min: 50, max: 70 };
    expect(bandStatus(49, band)).toBe('under');
    expect(bandStatus(50, band)).toBe('in');
    expect(bandStatus(70, band)).toBe('in');
    expect(bandStatus(71, band)).toBe('over');
    expect(bandStatus(0, band)).toBe('under');
  });
});

describe('computeGridStats', () => {
  it('rolls households, residents and buildings up to every level', () => {
    const stats = computeGridStats(handBuilt());
    expect(stats.size).toBe(10);
    expect(stats.get(asGridCode('S-1-02-01'))).toMatchObject({ households: 55, residents: 135, buildings: 2 });
    expect(stats.get(asGridCode('S-1-02'))).toMatchObject({ households: 175, residents: 445, buildings: 4 });
    expect(stats.get(asGridCode('S-1-Z1'))).toMatchObject({ households: 0, residents: 0, buildings: 1 });
    expect(stats.get(asGridCode('S-1'))).toMatchObject({ households: 175, residents: 445, buildings: 5 });
    expect(stats.get(asGridCode('S-2'))).toMatchObject({ households: 50, residents: 130, buildings: 1 });
    // The building in an unknown grid counts nowhere.
    expect(stats.get(asGridCode('S'))).toMatchObject({ households: 225, residents: 575, buildings: 6 });
  });

  it('lists direct children sorted by code', () => {
    const stats = computeGridStats(handBuilt());
    expect(stats.get(asGridCode('S'))?.children).toEqual(['S-1', 'S-2']);
    expect(stats.get(asGridCode('S-1'))?.children).toEqual(['S-1-02', 'S-1-Z1']);
    expect(stats.get(asGridCode('S-1-02'))?.children).toEqual(['S-1-02-01', 'S-1-02-02', 'S-1-02-03']);
    expect(stats.get(asGridCode('S-1-02-01'))?.children).toEqual([]);
  });

  it('sets the band for micro-grids only', () => {
    const stats = computeGridStats(handBuilt());
    expect(stats.get(asGridCode('S-1-02-01'))?.band).toBe('in');
    expect(stats.get(asGridCode('S-1-02-02'))?.band).toBe('under');
    expect(stats.get(asGridCode('S-1-02-03'))?.band).toBe('over');
    expect(stats.get(asGridCode('S-2-01-01'))?.band).toBe('in');
    for (const code of ['S', 'S-1', 'S-1-02', 'S-1-Z1']) expect(stats.get(asGridCode(code))?.band).toBeNull();
  });

  it('uses the band it is given', () => {
    const stats = computeGridStats(handBuilt(), { min: 30, max: 45 });
    expect(stats.get(asGridCode('S-1-02-01'))?.band).toBe('over');
    expect(stats.get(asGridCode('S-1-02-02'))?.band).toBe('in');
  });
});

describe('summariseBand', () => {
  it('counts micro-grids against the default band', () => {
    const summary = summariseBand(handBuilt());
    expect(summary).toMatchObject({ microGrids: 4, inBand: 2, under: 1, over: 1 });
  });

  it('builds a contiguous histogram, empty buckets included', () => {
    // Micro-grids hold 55, 40, 80 and 50 households.
    expect(summariseBand(handBuilt()).histogram).toEqual([
      { from: 40, to: 50, count: 1 },
      { from: 50, to: 60, count: 2 },
      { from: 60, to: 70, count: 0 },
      { from: 70, to: 80, count: 0 },
      { from: 80, to: 90, count: 1 },
    ]);
    expect(summariseBand(handBuilt(), undefined, 25).histogram).toEqual([
      { from: 25, to: 50, count: 1 },
      { from: 50, to: 75, count: 2 },
      { from: 75, to: 100, count: 1 },
    ]);
  });

  it('has nothing to count in a district without micro-grids', () => {
    const district = { ...handBuilt(), grids: [grid('S', 1, null)] };
    expect(summariseBand(district)).toEqual({ microGrids: 0, inBand: 0, under: 0, over: 0, histogram: [] });
  });

  it('rejects a bucket size that is not positive', () => {
    expect(() => summariseBand(handBuilt(), undefined, 0)).toThrow();
  });
});
