/**
 * A hand-made district small enough to reason about in tests: one street, two communities, three
 * grids and a dedicated grid in the first, micro-grids under the first grid.
 */
import type { Polygon } from 'geojson';
import {
  asBuildingId,
  asGridCode,
  asStaffId,
  type Building,
  type District,
  type GridKind,
  type GridLevel,
  type GridUnit,
  type Staff,
} from '../../model';

/** A square cell of `size` degrees with its south-west corner at (x, y). */
function square(x: number, y: number, size: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ],
    ],
  };
}

function unit(
  code: string,
  name: string,
  level: GridLevel,
  parent: string | null,
  geometry: Polygon,
  kind: GridKind = 'base',
): GridUnit {
  return {
    code: asGridCode(code),
    name,
    level,
    kind,
    dedicatedKind: kind === 'dedicated' ? 'school' : undefined,
    parentCode: parent === null ? null : asGridCode(parent),
    geometry,
    chiefId: asStaffId(`S-${code}`),
    workerIds: [asStaffId(`S-${code}`), asStaffId(`W-${code}`)],
  };
}

function building(id: string, grid: string, households: number, x: number, y: number): Building {
  return {
    id: asBuildingId(id),
    name: `${id}号楼`,
    compound: '锦华小区',
    use: 'residential',
    gridCode: asGridCode(grid),
    footprint: square(x, y, 0.0001),
    entrances: [{ no: 1, location: [x, y], households }],
    floors: 6,
    households,
    residents: households * 3,
  };
}

export function tinyDistrict(): District {
  const b = 113.6;
  const grids: GridUnit[] = [
    unit('ZY-01', '建设路街道', 1, null, square(b, 34.7, 0.04)),
    unit('ZY-01-01', '锦华社区', 2, 'ZY-01', square(b, 34.7, 0.02)),
    unit('ZY-01-02', '文化宫社区', 2, 'ZY-01', square(b + 0.02, 34.7, 0.02)),
    unit('ZY-01-01-01', '锦华社区第一网格', 3, 'ZY-01-01', square(b, 34.7, 0.01)),
    unit('ZY-01-01-02', '锦华社区第二网格', 3, 'ZY-01-01', square(b + 0.01, 34.7, 0.01)),
    unit('ZY-01-01-03', '锦华社区第三网格', 3, 'ZY-01-01', square(b, 34.71, 0.01)),
    unit('ZY-01-01-Z1', '锦华小学专属网格', 3, 'ZY-01-01', square(b + 0.01, 34.71, 0.01), 'dedicated'),
    unit('ZY-01-01-01-01', '锦华社区第一网格1号微网格', 4, 'ZY-01-01-01', square(b, 34.7, 0.005)),
    unit('ZY-01-01-01-02', '锦华社区第一网格2号微网格', 4, 'ZY-01-01-01', square(b + 0.005, 34.7, 0.005)),
    unit('ZY-01-01-01-03', '锦华社区第一网格3号微网格', 4, 'ZY-01-01-01', square(b, 34.705, 0.005)),
  ];
  const staff: Staff[] = grids.flatMap((g) => [
    { id: asStaffId(`S-${g.code}`), name: `张${g.code.slice(-2)}`, role: 'grid_chief', gridCode: g.code, phone: '13800000000' },
    { id: asStaffId(`W-${g.code}`), name: `李${g.code.slice(-2)}`, role: 'grid_worker', gridCode: g.code, phone: '13900000000' },
  ]);
  return {
    formatVersion: 1,
    seed: null,
    region: 'ZY',
    name: '中原区',
    center: [b + 0.02, 34.72],
    grids,
    buildings: [
      building('1', 'ZY-01-01-01-01', 63, b + 0.001, 34.701),
      building('2', 'ZY-01-01-01-02', 40, b + 0.006, 34.701),
      building('3', 'ZY-01-01-01-03', 88, b + 0.001, 34.706),
    ],
    staff,
    roads: [],
    pois: [],
  };
}
