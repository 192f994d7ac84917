import * as turf from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEDICATED_KINDS, DEFAULT_HOUSEHOLD_BAND, type District, type GridUnit } from '../model';
import { computeGridStats, summariseBand } from '../stats';
import { DEMO_SEED, generateDemoDistrict } from './index';

/** The other fixture sits east of this longitude; the demo must stay west of it. */
const ALLOWED = { west: 113.595, east: 113.642, south: 34.73, north: 34.77 };

let district: District;
beforeAll(() => {
  district = generateDemoDistrict();
});

const polygonOf = (g: { geometry: GridUnit['geometry'] }): Feature<Polygon> => {
  if (g.geometry.type !== 'Polygon') throw new Error('demo grids are single polygons');
  return turf.polygon(g.geometry.coordinates);
};
const childrenOf = (d: District, code: string): GridUnit[] => d.grids.filter((g) => g.parentCode === code);
const bboxesTouch = (a: number[], b: number[]): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
const areaOf = (f: Feature<Polygon | MultiPolygon> | null): number => (f ? turf.area(f) : 0);

/** Pairs of features whose bounding boxes touch: the only ones that can overlap. */
function touchingPairs<T>(items: readonly T[], shape: (t: T) => Feature<Polygon>): [T, T][] {
  const boxes = items.map((t) => turf.bbox(shape(t)));
  const pairs: [T, T][] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) if (bboxesTouch(boxes[i], boxes[j])) pairs.push([items[i], items[j]]);
  }
  return pairs;
}

/** Tiling checks for one district: returns the worst figures so the tests can assert on them. */
function tilingReport(d: District): { worstAreaError: number; worstOverlap: number; worstOutside: number; parents: number } {
  let worstAreaError = 0;
  let worstOverlap = 0;
  let worstOutside = 0;
  let parents = 0;
  for (const parent of d.grids) {
    const children = childrenOf(d, parent.code);
    if (children.length === 0) continue;
    parents++;
    const parentShape = polygonOf(parent);
    const parentArea = turf.area(parentShape);
    const childArea = children.reduce((sum, c) => sum + turf.area(polygonOf(c)), 0);
    worstAreaError = Math.max(worstAreaError, Math.abs(childArea - parentArea) / parentArea);
    for (const [a, b] of touchingPairs(children, polygonOf)) {
      worstOverlap = Math.max(worstOverlap, areaOf(turf.intersect(turf.featureCollection([polygonOf(a), polygonOf(b)]))));
    }
    for (const child of children) {
      worstOutside = Math.max(worstOutside, areaOf(turf.difference(turf.featureCollection([polygonOf(child), parentShape]))));
    }
  }
  return { worstAreaError, worstOverlap, worstOutside, parents };
}

describe('the grids tile their parents exactly', () => {
  it('children cover their parent: equal areas, no overlap between siblings, nothing outside', () => {
    const report = tilingReport(district);
    expect(report.parents).toBeGreaterThan(30);
    expect(report.worstAreaError).toBeLessThan(1e-6);
    expect(report.worstOverlap).toBeLessThan(0.01);
    expect(report.worstOutside).toBeLessThan(0.01);
  });

  it('holds for another seed too', () => {
    const report = tilingReport(generateDemoDistrict(7));
    expect(report.worstAreaError).toBeLessThan(1e-6);
    expect(report.worstOverlap).toBeLessThan(0.01);
    expect(report.worstOutside).toBeLessThan(0.01);
  });

  it('dedicated grids are cut out of the base grids: no micro-grid overlaps one', () => {
    const dedicated = district.grids.filter((g) => g.kind === 'dedicated');
    const micro = district.grids.filter((g) => g.level === 4);
    let worst = 0;
    for (const d of dedicated) {
      const box = turf.bbox(polygonOf(d));
      for (const m of micro) {
        if (!bboxesTouch(box, turf.bbox(polygonOf(m)))) continue;
        worst = Math.max(worst, areaOf(turf.intersect(turf.featureCollection([polygonOf(d), polygonOf(m)]))));
      }
    }
    expect(worst).toBeLessThan(0.01);
  });

  it('dedicated grids have no micro-grids; every base level-3 grid has some', () => {
    for (const g of district.grids.filter((x) => x.level === 3)) {
      const children = childrenOf(district, g.code);
      if (g.kind === 'dedicated') expect(children).toHaveLength(0);
      else expect(children.length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('geometry is valid GeoJSON', () => {
  const rings = (d: District): { what: string; ring: Position[] }[] => [
    ...d.grids.map((g) => ({ what: g.code, ring: polygonOf(g).geometry.coordinates[0] })),
    ...d.buildings.map((b) => ({ what: b.id, ring: b.footprint.coordinates[0] })),
  ];

  it('rings are closed, counter-clockwise and free of self-intersections', () => {
    for (const { what, ring } of rings(district)) {
      expect(ring.length, what).toBeGreaterThanOrEqual(4);
      expect(ring[0], what).toEqual(ring[ring.length - 1]);
      expect(turf.booleanClockwise(ring), what).toBe(false);
      expect(turf.kinks(turf.polygon([ring])).features, what).toHaveLength(0);
    }
  });

  it('stores coordinates to at most 7 decimals', () => {
    for (const { what, ring } of rings(district)) {
      for (const [lon, lat] of ring) {
        expect(Math.round(lon * 1e7) / 1e7, what).toBe(lon);
        expect(Math.round(lat * 1e7) / 1e7, what).toBe(lat);
      }
    }
  });

  it('keeps the sub-district near 113.62°E 34.75°N, inside the space left for it', () => {
    const root = district.grids.filter((g) => g.level === 1);
    expect(root).toHaveLength(1);
    const [west, south, east, north] = turf.bbox(polygonOf(root[0]));
    expect(west).toBeGreaterThanOrEqual(ALLOWED.west);
    expect(east).toBeLessThanOrEqual(ALLOWED.east);
    expect(south).toBeGreaterThanOrEqual(ALLOWED.south);
    expect(north).toBeLessThanOrEqual(ALLOWED.north);
    expect(Math.abs(district.center[0] - 113.62)).toBeLessThan(0.01);
    expect(Math.abs(district.center[1] - 34.75)).toBeLessThan(0.01);
  });

  it('gives the sub-district an irregular outline: not a rectangle, not even convex', () => {
    const outline = polygonOf(district.grids.find((g) => g.level === 1) as GridUnit);
    const hull = turf.convex(outline) as Feature<Polygon>;
    expect(turf.area(outline) / turf.area(hull)).toBeLessThan(0.98);
  });
});

describe('counts match a real sub-district', () => {
  const count = (d: District, pred: (g: GridUnit) => boolean): number => d.grids.filter(pred).length;

  it.each([DEMO_SEED, 1, 2, 3])('seed %i has the required numbers of everything', (seed) => {
    const d = seed === DEMO_SEED ? district : generateDemoDistrict(seed);
    expect(count(d, (g) => g.level === 1)).toBe(1);
    expect(count(d, (g) => g.level === 2)).toBeGreaterThanOrEqual(4);
    expect(count(d, (g) => g.level === 2)).toBeLessThanOrEqual(6);
    const base = count(d, (g) => g.level === 3 && g.kind === 'base');
    expect(base).toBeGreaterThanOrEqual(25);
    expect(base).toBeLessThanOrEqual(35);
    const micro = count(d, (g) => g.level === 4);
    expect(micro).toBeGreaterThanOrEqual(180);
    expect(micro).toBeLessThanOrEqual(220);
    const dedicated = d.grids.filter((g) => g.kind === 'dedicated');
    expect(dedicated.length).toBeGreaterThanOrEqual(5);
    expect(dedicated.length).toBeLessThanOrEqual(8);
    expect(new Set(dedicated.map((g) => g.dedicatedKind))).toEqual(new Set(DEDICATED_KINDS));
    expect(dedicated.every((g) => g.level === 3)).toBe(true);
    expect(d.buildings.length).toBeGreaterThanOrEqual(600);
    const households = d.buildings.reduce((sum, b) => sum + b.households, 0);
    expect(households).toBeGreaterThanOrEqual(10_000);
    expect(households).toBeLessThanOrEqual(14_000);
    expect(d.staff.length).toBeGreaterThanOrEqual(40);
  });
});

describe('codes are hierarchical, unique and stable', () => {
  it('has unique codes, each its parent code plus one segment', () => {
    const codes = district.grids.map((g) => g.code);
    expect(new Set(codes).size).toBe(codes.length);
    const byCode = new Map(district.grids.map((g) => [g.code, g]));
    for (const g of district.grids) {
      if (g.level === 1) {
        expect(g.code).toBe('ZY-03');
        expect(g.parentCode).toBeNull();
        continue;
      }
      const parent = byCode.get(g.parentCode as GridUnit['code']);
      expect(parent, g.code).toBeDefined();
      expect(parent?.level, g.code).toBe(g.level - 1);
      const segment = g.kind === 'dedicated' ? 'Z[1-9]' : '\\d{2}';
      expect(g.code).toMatch(new RegExp(`^${g.parentCode}-${segment}$`));
    }
  });

  it('uses the region prefix and names in the local style', () => {
    expect(district.region).toBe('ZY');
    for (const g of district.grids) {
      expect(g.code.startsWith('ZY-03')).toBe(true);
      expect(g.name).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(district.grids.filter((g) => g.level === 2).every((g) => g.name.endsWith('社区'))).toBe(true);
    expect(district.grids.filter((g) => g.level === 3 && g.kind === 'base').every((g) => /网格$/.test(g.name))).toBe(true);
  });
});

describe('buildings', () => {
  it('stand inside their grid, which is a micro-grid or a dedicated grid', () => {
    const byCode = new Map(district.grids.map((g) => [g.code, g]));
    for (const b of district.buildings) {
      const grid = byCode.get(b.gridCode);
      expect(grid, b.id).toBeDefined();
      expect(grid?.level === 4 || grid?.kind === 'dedicated', b.id).toBe(true);
      const outside = areaOf(turf.difference(turf.featureCollection([turf.polygon(b.footprint.coordinates), polygonOf(grid as GridUnit)])));
      expect(outside, b.id).toBeLessThan(0.01);
    }
  });

  it('do not overlap each other', () => {
    const pairs = touchingPairs(district.buildings, (b) => turf.polygon(b.footprint.coordinates));
    let worst = 0;
    for (const [a, b] of pairs) {
      worst = Math.max(worst, areaOf(turf.intersect(turf.featureCollection([turf.polygon(a.footprint.coordinates), turf.polygon(b.footprint.coordinates)]))));
    }
    expect(worst).toBeLessThan(0.01);
  });

  it('are rectangles of plausible size', () => {
    for (const b of district.buildings) {
      const ring = b.footprint.coordinates[0];
      expect(ring, b.id).toHaveLength(5);
      const sides = [0, 1].map((i) => turf.distance(ring[i], ring[i + 1], { units: 'meters' }));
      const diagonal = turf.distance(ring[0], ring[2], { units: 'meters' });
      // A rectangle: Pythagoras holds for its diagonal (to a few centimetres of rounding).
      expect(Math.abs(Math.hypot(sides[0], sides[1]) - diagonal), b.id).toBeLessThan(0.05);
      expect(Math.min(...sides), b.id).toBeGreaterThan(8);
      expect(Math.max(...sides), b.id).toBeLessThan(90);
    }
  });

  it('have entrances on the footprint edge, and households that add up', () => {
    for (const b of district.buildings) {
      expect(b.entrances.length, b.id).toBeGreaterThanOrEqual(1);
      expect(b.entrances.map((e) => e.no)).toEqual(b.entrances.map((_, i) => i + 1));
      expect(b.households, b.id).toBe(b.entrances.reduce((sum, e) => sum + e.households, 0));
      const edge = turf.polygonToLine(turf.polygon(b.footprint.coordinates)) as Feature<LineString>;
      for (const e of b.entrances) {
        expect(turf.pointToLineDistance([e.location[0], e.location[1]], edge, { units: 'meters' }), b.id).toBeLessThan(0.5);
      }
    }
  });

  it('house 2.3–3 residents a household, none in non-residential buildings', () => {
    for (const b of district.buildings) {
      if (b.use !== 'residential') {
        expect(b.households, b.id).toBe(0);
        expect(b.residents, b.id).toBe(0);
        continue;
      }
      expect(b.households, b.id).toBeGreaterThan(0);
      expect(b.residents, b.id).toBeGreaterThanOrEqual(Math.floor(b.households * 2.3));
      expect(b.residents, b.id).toBeLessThanOrEqual(Math.ceil(b.households * 3));
    }
  });

  it('are mostly 6–7 floor walk-ups, with some 11–18 and 26–33 floor towers', () => {
    const housing = district.buildings.filter((b) => b.use === 'residential');
    const floors = housing.map((b) => b.floors);
    for (const f of floors) expect((f >= 5 && f <= 7) || (f >= 11 && f <= 18) || (f >= 26 && f <= 33)).toBe(true);
    expect(floors.filter((f) => f === 6 || f === 7).length / floors.length).toBeGreaterThan(0.5);
    expect(floors.some((f) => f >= 11 && f <= 18)).toBe(true);
    expect(floors.some((f) => f >= 26)).toBe(true);
    // Households per floor per entrance stay within what Chinese housing has (1–4 flats a landing).
    for (const b of housing) {
      for (const e of b.entrances) {
        expect(e.households / b.floors, b.id).toBeGreaterThanOrEqual(1);
        expect(e.households / b.floors, b.id).toBeLessThanOrEqual(4);
      }
    }
  });

  it('belong to named compounds that each stay within one base grid', () => {
    const byCode = new Map(district.grids.map((g) => [g.code, g]));
    const compoundGrid = new Map<string, Set<string>>();
    for (const b of district.buildings.filter((x) => x.use === 'residential')) {
      expect(b.compound).toMatch(/(小区|家属院|新村|宿舍|家园|花园|名苑|公馆|华府|苑)$/);
      const base = byCode.get(b.gridCode)?.parentCode as string;
      const set = compoundGrid.get(b.compound) ?? new Set<string>();
      set.add(base);
      compoundGrid.set(b.compound, set);
    }
    expect(compoundGrid.size).toBeGreaterThanOrEqual(30);
    for (const [compound, bases] of compoundGrid) expect(bases.size, compound).toBe(1);
  });

  it('fill dedicated grids with their unit, and no households', () => {
    const use = { school: 'school', hospital: 'hospital', market: 'market', enterprise_park: 'enterprise', construction_site: 'construction' };
    for (const g of district.grids.filter((x) => x.kind === 'dedicated')) {
      const inside = district.buildings.filter((b) => b.gridCode === g.code);
      expect(inside.length, g.code).toBeGreaterThanOrEqual(2);
      for (const b of inside) {
        expect(b.use).toBe(use[g.dedicatedKind as keyof typeof use]);
        expect(b.households).toBe(0);
      }
    }
  });
});

describe('households per micro-grid', () => {
  it('roll up from buildings to every level', () => {
    const stats = computeGridStats(district);
    for (const g of district.grids) {
      // Codes are hierarchical, so a prefix match finds every building below a grid.
      const below = district.buildings.filter((b) => b.gridCode === g.code || b.gridCode.startsWith(`${g.code}-`));
      expect(stats.get(g.code)?.households, g.code).toBe(below.reduce((sum, b) => sum + b.households, 0));
    }
  });

  it('mostly fall in the 50–70 band, with a realistic few under and over', () => {
    const summary = summariseBand(district);
    const outside = (summary.under + summary.over) / summary.microGrids;
    expect(outside).toBeGreaterThanOrEqual(0.06);
    expect(outside).toBeLessThanOrEqual(0.15);
    expect(summary.under).toBeGreaterThan(0);
    expect(summary.over).toBeGreaterThan(0);
    const stats = computeGridStats(district);
    for (const g of district.grids.filter((x) => x.level === 4)) {
      const h = stats.get(g.code)?.households ?? 0;
      expect(h, g.code).toBeGreaterThanOrEqual(30);
      expect(h, g.code).toBeLessThanOrEqual(100);
      if (h < DEFAULT_HOUSEHOLD_BAND.min) expect(h).toBeGreaterThanOrEqual(38);
      if (h > DEFAULT_HOUSEHOLD_BAND.max) expect(h).toBeLessThanOrEqual(95);
    }
  });
});

describe('staff', () => {
  it('has unique names and well-formed unique mobile numbers', () => {
    const names = district.staff.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
    const phones = district.staff.map((s) => s.phone);
    expect(new Set(phones).size).toBe(phones.length);
    for (const phone of phones) expect(phone).toMatch(/^1[358]\d{9}$/);
    expect(new Set(district.staff.map((s) => s.id)).size).toBe(district.staff.length);
  });

  it('gives every unit a chief of the role DOMAIN.md names', () => {
    const byId = new Map(district.staff.map((s) => [s.id, s]));
    const chiefRole = (g: GridUnit): string =>
      g.level === 1
        ? 'street_secretary'
        : g.level === 2
          ? 'community_secretary'
          : g.level === 4
            ? 'micro_grid_chief'
            : g.kind === 'dedicated'
              ? 'dedicated_staff'
              : 'grid_chief';
    for (const g of district.grids) {
      expect(g.chiefId, g.code).not.toBeNull();
      const chief = byId.get(g.chiefId as NonNullable<GridUnit['chiefId']>);
      expect(chief?.role, g.code).toBe(chiefRole(g));
      expect(chief?.gridCode, g.code).toBe(g.code);
      for (const id of g.workerIds) expect(byId.get(id)?.gridCode, g.code).toBe(g.code);
    }
  });

  it('staffs base grids with one or two grid workers and communities with police', () => {
    const roleCount = (code: string, role: string): number =>
      district.staff.filter((s) => s.gridCode === code && s.role === role).length;
    for (const g of district.grids) {
      if (g.level === 3 && g.kind === 'base') {
        const workers = roleCount(g.code, 'grid_worker');
        expect(workers, g.code).toBeGreaterThanOrEqual(1);
        expect(workers, g.code).toBeLessThanOrEqual(2);
      }
      if (g.level === 2) expect(roleCount(g.code, 'police'), g.code).toBeGreaterThanOrEqual(1);
    }
    const roles = new Set(district.staff.map((s) => s.role));
    for (const role of ['street_secretary', 'dept_staff', 'building_head'] as const) expect(roles.has(role), role).toBe(true);
    expect(district.staff.filter((s) => s.role === 'street_secretary')).toHaveLength(1);
    const codes = new Set(district.grids.map((g) => g.code));
    for (const s of district.staff) expect(codes.has(s.gridCode), s.id).toBe(true);
  });
});

describe('streets and landmarks', () => {
  it('turns the cuts into a named street network of every class', () => {
    const classes = new Set(district.roads.map((r) => r.roadClass));
    for (const cls of ['primary', 'secondary', 'tertiary', 'path'] as const) expect(classes.has(cls), cls).toBe(true);
    expect(new Set(district.roads.map((r) => r.id)).size).toBe(district.roads.length);
    for (const r of district.roads) {
      expect(r.name).toMatch(/[\u4e00-\u9fff]/);
      expect(turf.length(turf.lineString(r.geometry.coordinates), { units: 'meters' })).toBeGreaterThan(10);
    }
    const names = district.roads.filter((r) => r.roadClass !== 'path').map((r) => r.name);
    expect(names).toContain('建设路');
  });

  it('runs streets along grid boundaries: each end is a grid vertex, or lies beyond the outline', () => {
    // Cuts end on the nodes they were cut between; outline streets may run on past the notch
    // into the neighbouring street's land.
    const vertices = new Set(district.grids.flatMap((g) => polygonOf(g).geometry.coordinates[0].map((p) => p.join(','))));
    const outline = polygonOf(district.grids.find((g) => g.level === 1) as GridUnit);
    let onVertices = 0;
    for (const r of district.roads) {
      const coords = r.geometry.coordinates;
      for (const end of [coords[0], coords[coords.length - 1]]) {
        if (vertices.has(end.join(','))) onVertices++;
        else expect(turf.booleanPointInPolygon(end, outline, { ignoreBoundary: true }), r.id).toBe(false);
      }
    }
    expect(onVertices).toBeGreaterThan(2 * district.roads.length - 6);
  });

  it('stores every position as its own array, so in-place reprojection moves each vertex once', () => {
    const positions: Position[] = [
      ...district.grids.flatMap((g) => polygonOf(g).geometry.coordinates[0]),
      ...district.buildings.flatMap((b) => [...b.footprint.coordinates[0], ...b.entrances.map((e) => e.location as unknown as Position)]),
      ...district.roads.flatMap((r) => r.geometry.coordinates),
      ...district.pois.map((p) => p.geometry.coordinates),
    ];
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('has the street office, community centres, a police station, parks and compound gates', () => {
    const kinds = (k: string): number => district.pois.filter((p) => p.kind === k).length;
    expect(kinds('street_office')).toBe(1);
    expect(kinds('community_centre')).toBe(district.grids.filter((g) => g.level === 2).length);
    expect(kinds('police_station')).toBeGreaterThanOrEqual(1);
    expect(kinds('park')).toBeGreaterThanOrEqual(1);
    expect(kinds('park')).toBeLessThanOrEqual(2);
    expect(kinds('gate')).toBeGreaterThanOrEqual(30);
    const outline = polygonOf(district.grids.find((g) => g.level === 1) as GridUnit);
    for (const p of district.pois) expect(turf.booleanPointInPolygon(p.geometry.coordinates, outline), p.name).toBe(true);
    expect(new Set(district.pois.map((p) => p.id)).size).toBe(district.pois.length);
  });
});

describe('determinism', () => {
  it('gives a deep-equal district for the same seed', () => {
    expect(generateDemoDistrict(DEMO_SEED)).toEqual(district);
    expect(district.seed).toBe(DEMO_SEED);
  });

  it('gives a different district for a different seed', () => {
    const other = generateDemoDistrict(DEMO_SEED + 1);
    expect(other.seed).toBe(DEMO_SEED + 1);
    expect(other.grids.map((g) => g.geometry)).not.toEqual(district.grids.map((g) => g.geometry));
    expect(other.staff.map((s) => s.name)).not.toEqual(district.staff.map((s) => s.name));
  });
});
