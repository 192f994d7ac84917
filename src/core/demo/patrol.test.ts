import * as turf from '@turf/turf';
import type { Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { asGridCode, asStaffId, type District } from '../model';
import { generateDemoDistrict, patrolRoutes, positionsAt, PATROL_SPEED_RANGE_MPS, type PatrolRoute } from './index';

let district: District;
let routes: PatrolRoute[];
beforeAll(() => {
  district = generateDemoDistrict();
  routes = patrolRoutes(district);
});

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const metres = (a: readonly number[], b: readonly number[]): number => turf.distance([a[0], a[1]], [b[0], b[1]], { units: 'meters' });

describe('patrolRoutes', () => {
  it('gives each grid chief and grid worker one closed loop in their own level-3 grid', () => {
    const walkers = district.staff.filter((s) => s.role === 'grid_chief' || s.role === 'grid_worker');
    expect(routes.map((r) => r.staffId).sort()).toEqual(walkers.map((s) => s.id).sort());
    const byCode = new Map(district.grids.map((g) => [g.code, g]));
    for (const r of routes) {
      const staff = walkers.find((s) => s.id === r.staffId);
      expect(r.gridCode).toBe(staff?.gridCode);
      expect(byCode.get(r.gridCode)?.level).toBe(3);
      const coords = r.path.coordinates;
      expect(coords.length).toBeGreaterThanOrEqual(4);
      expect(coords[0]).toEqual(coords[coords.length - 1]);
      expect(r.length).toBeCloseTo(turf.length(turf.lineString(coords), { units: 'meters' }), -1);
      expect(r.length).toBeGreaterThan(200);
    }
  });

  it('walks just inside the grid: every vertex within 30 m of the grid boundary and inside it', () => {
    const byCode = new Map(district.grids.map((g) => [g.code, g]));
    for (const r of routes) {
      const grid = turf.polygon((byCode.get(r.gridCode)?.geometry as Polygon).coordinates);
      const boundary = turf.polygonToLine(grid);
      for (const p of r.path.coordinates) {
        expect(turf.booleanPointInPolygon(p, grid)).toBe(true);
        expect(turf.pointToLineDistance(p, boundary as never, { units: 'meters' })).toBeLessThan(30);
      }
    }
  });
});

describe('positionsAt', () => {
  it('is deterministic in time', () => {
    expect(positionsAt(routes, T0)).toEqual(positionsAt(routes, T0));
    expect(positionsAt(patrolRoutes(district), T0 + 12_345)).toEqual(positionsAt(routes, T0 + 12_345));
  });

  it('keeps every worker within 30 m of their grid at any time', () => {
    const byCode = new Map(district.grids.map((g) => [g.code, turf.polygon((g.geometry as Polygon).coordinates)]));
    for (let minute = 0; minute < 120; minute += 17) {
      for (const p of positionsAt(routes, T0 + minute * 60_000)) {
        const grid = byCode.get(p.gridCode);
        if (!grid) throw new Error(`unknown grid ${p.gridCode}`);
        const inside = turf.booleanPointInPolygon([p.lngLat[0], p.lngLat[1]], grid);
        const distance = inside ? 0 : turf.pointToPolygonDistance([p.lngLat[0], p.lngLat[1]], grid, { units: 'meters' });
        expect(distance).toBeLessThan(30);
      }
    }
  });

  it('moves workers at 1.0–1.4 m/s, heading the way they go, from different starting points', () => {
    const before = positionsAt(routes, T0);
    const after = positionsAt(routes, T0 + 1_000);
    let straight = 0;
    before.forEach((p, i) => {
      const q = after[i];
      expect(p.speed).toBeGreaterThanOrEqual(PATROL_SPEED_RANGE_MPS[0]);
      expect(p.speed).toBeLessThanOrEqual(PATROL_SPEED_RANGE_MPS[1]);
      const moved = metres(p.lngLat, q.lngLat);
      expect(moved).toBeLessThanOrEqual(p.speed + 0.05);
      // Away from corners a second's walk is a straight line at the worker's speed and heading.
      if (Math.abs(moved - p.speed) < 0.05) {
        const bearing = (turf.bearing([p.lngLat[0], p.lngLat[1]], [q.lngLat[0], q.lngLat[1]]) + 360) % 360;
        const diff = Math.abs(((bearing - p.heading + 540) % 360) - 180);
        expect(diff).toBeLessThan(2);
        straight++;
      }
    });
    expect(straight / before.length).toBeGreaterThan(0.8);
    const later = positionsAt(routes, T0 + 60_000);
    before.forEach((p, i) => expect(metres(p.lngLat, later[i].lngLat)).toBeGreaterThan(10));
    // Workers sharing a grid are spread out along it, not walking in a clump.
    const byGrid = new Map<string, number[][]>();
    for (const p of before) byGrid.set(p.gridCode, [...(byGrid.get(p.gridCode) ?? []), [...p.lngLat]]);
    for (const points of byGrid.values()) {
      if (points.length > 1) expect(metres(points[0], points[1])).toBeGreaterThan(1);
    }
  });

  it('walks a hand-made rectangular loop exactly: half a lap later it is at the opposite point', () => {
    const side = 0.001; // about 91 m of longitude, 111 m of latitude
    const coordinates = [
      [113.6, 34.75],
      [113.6 + side, 34.75],
      [113.6 + side, 34.75 + side],
      [113.6, 34.75 + side],
      [113.6, 34.75],
    ];
    const route: PatrolRoute = {
      staffId: asStaffId('st-test'),
      gridCode: asGridCode('T-1'),
      path: { type: 'LineString', coordinates },
      length: turf.length(turf.lineString(coordinates), { units: 'meters' }),
    };
    const [p] = positionsAt([route], T0);
    // A rectangle is symmetric about its centre, so half its perimeter on takes a walker to the
    // point opposite: the two positions straddle the centre.
    const [half] = positionsAt([route], T0 + (route.length / 2 / p.speed) * 1000);
    const centre = [113.6 + side / 2, 34.75 + side / 2];
    expect(metres([(p.lngLat[0] + half.lngLat[0]) / 2, (p.lngLat[1] + half.lngLat[1]) / 2], centre)).toBeLessThan(0.2);
    const [lap] = positionsAt([route], T0 + (route.length / p.speed) * 1000);
    expect(metres(lap.lngLat, p.lngLat)).toBeLessThan(0.2);
    expect([0, 90, 180, 270].some((h) => Math.abs(p.heading - h) < 0.5)).toBe(true);
  });
});
