/**
 * A hand-made district for the map's unit tests and dev harness: one sub-district, one community,
 * one level-3 grid with four micro-grids (49, 50, 70 and 71 households: the band's edges), one
 * dedicated grid, a road, a building and a POI. Coordinates near Zhengzhou, WGS-84.
 */
import {
  asBuildingId,
  asGridCode,
  asStaffId,
  type Building,
  type District,
  type GridUnit,
  type Staff,
} from '@core/model';
import type { Polygon } from 'geojson';

const X0 = 113.6512345678;
const Y0 = 34.7512345678;
const D = 0.002;

function rect(x: number, y: number, w: number, h: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + w, y],
        [x + w, y + h],
        [x, y + h],
        [x, y],
      ],
    ],
  };
}

const grid = (
  code: string,
  name: string,
  level: GridUnit['level'],
  parent: string | null,
  geometry: Polygon,
  kind: GridUnit['kind'] = 'base',
): GridUnit => ({
  code: asGridCode(code),
  name,
  level,
  kind,
  ...(kind === 'dedicated' ? { dedicatedKind: 'school' as const } : {}),
  parentCode: parent ? asGridCode(parent) : null,
  geometry,
  chiefId: null,
  workerIds: [],
});

/** Households of the four micro-grids, in code order. */
export const TINY_HOUSEHOLDS = [49, 50, 70, 71] as const;

export function tinyDistrict(): District {
  const grids: GridUnit[] = [
    grid('TS', '测试街道', 1, null, rect(X0, Y0, 3 * D, 2 * D)),
    grid('TS-01', '锦华社区', 2, 'TS', rect(X0, Y0, 3 * D, 2 * D)),
    grid('TS-01-01', '锦华社区第一网格', 3, 'TS-01', rect(X0, Y0, 2 * D, 2 * D)),
    grid('TS-01-Z1', '锦华小学专属网格', 3, 'TS-01', rect(X0 + 2 * D, Y0, D, 2 * D), 'dedicated'),
  ];
  const buildings: Building[] = [];
  TINY_HOUSEHOLDS.forEach((households, i) => {
    const x = X0 + (i % 2) * D;
    const y = Y0 + Math.floor(i / 2) * D;
    const code = `TS-01-01-0${i + 1}`;
    grids.push(grid(code, `锦华社区第一网格第${i + 1}微网格`, 4, 'TS-01-01', rect(x, y, D, D)));
    buildings.push({
      id: asBuildingId(`B${i + 1}`),
      name: `锦华小区${i + 1}号楼`,
      compound: '锦华小区',
      use: 'residential',
      gridCode: asGridCode(code),
      footprint: rect(x + D / 4, y + D / 4, D / 2, D / 4),
      entrances: [{ no: 1, location: [x + D / 2, y + D / 4], households }],
      floors: 6,
      households,
      residents: households * 3,
    });
  });
  const staff: Staff[] = [
    { id: asStaffId('S1'), name: '张伟', role: 'grid_worker', gridCode: asGridCode('TS-01-01'), phone: '13800000001' },
  ];
  return {
    formatVersion: 1,
    seed: null,
    region: 'TS',
    name: '测试街道',
    center: [X0 + 1.5 * D, Y0 + D],
    grids,
    buildings,
    staff,
    roads: [
      {
        id: 'R1',
        name: '建设路',
        roadClass: 'primary',
        geometry: {
          type: 'LineString',
          coordinates: [
            [X0, Y0 + D],
            [X0 + 3 * D, Y0 + D],
          ],
        },
      },
    ],
    pois: [{ id: 'P1', name: '锦华社区党群服务中心', kind: 'community_centre', geometry: { type: 'Point', coordinates: [X0 + D, Y0 + D] } }],
  };
}
