/**
 * Writes the allocation wizard's e2e fixtures over the demo district (seeded, so the output is
 * the same every run): test/fixtures/allocate/wizard/new-buildings.geojson (footprints inside,
 * straddling two micro-grids, near and far outside, a school in a dedicated grid, an address
 * point, and bad rows) and new-points.csv (address points with Chinese headers).
 *
 *   npx tsx scripts/make-wizard-fixtures.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, Polygon, Position } from 'geojson';
import { generateDemoDistrict } from '../src/core/demo';

const OUT = join(import.meta.dirname, '..', 'test', 'fixtures', 'allocate', 'wizard');
const district = generateDemoDistrict();
const micro = district.grids.filter((g) => g.level === 4 && g.kind === 'base').sort((a, b) => (a.code < b.code ? -1 : 1));
const round = (v: number): number => Math.round(v * 1e7) / 1e7;

/** A square footprint of `sideM` metres centred on [lon, lat]. */
function square([lon, lat]: Position, sideM: number): Polygon {
  const dy = sideM / 2 / 111_320;
  const dx = dy / Math.cos((lat * Math.PI) / 180);
  const ring = [
    [lon - dx, lat - dy],
    [lon + dx, lat - dy],
    [lon + dx, lat + dy],
    [lon - dx, lat + dy],
    [lon - dx, lat - dy],
  ].map(([x, y]) => [round(x), round(y)]);
  return { type: 'Polygon', coordinates: [ring] };
}

const features: Feature[] = [];
const add = (properties: Record<string, unknown>, geometry: Feature['geometry'] | null): void => {
  features.push({ type: 'Feature', properties, geometry: geometry as Feature['geometry'] });
};

// 12 footprints well inside micro-grids spread over the district.
for (let i = 0; i < 12; i++) {
  const g = micro[(i * 17 + 3) % micro.length];
  const p = turf.pointOnFeature(turf.feature(g.geometry)).geometry.coordinates;
  add({ id: `N-${String(i + 1).padStart(3, '0')}`, name: `新苑${i + 1}号楼`, households: 12 + ((i * 7) % 20), use: '住宅' }, square(p, 18));
}

// 3 footprints straddling the shared edge of two micro-grids: centred on the midpoint of an
// interior edge (the points just either side of it are in different micro-grids).
let straddlers = 0;
const usedPairs = new Set<string>();
for (const g of micro) {
  if (straddlers >= 3) break;
  const ring = (g.geometry.type === 'Polygon' ? g.geometry.coordinates : g.geometry.coordinates[0])[0];
  for (let k = 0; k + 1 < ring.length && straddlers < 3; k++) {
    const [a, b] = [ring[k], ring[k + 1]];
    const len = turf.distance(a, b, { units: 'meters' });
    if (len < 60) continue;
    const mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const nx = -(b[1] - a[1]);
    const ny = b[0] - a[0];
    const norm = Math.hypot(nx, ny);
    const eps = 0.00005;
    const left = [mid[0] + (nx / norm) * eps, mid[1] + (ny / norm) * eps];
    const right = [mid[0] - (nx / norm) * eps, mid[1] - (ny / norm) * eps];
    const holder = (pt: Position) => micro.find((m) => turf.booleanPointInPolygon(pt, turf.feature(m.geometry)))?.code;
    const l = holder(left);
    const r = holder(right);
    if (!l || !r || l === r || usedPairs.has(l) || usedPairs.has(r)) continue;
    usedPairs.add(l).add(r);
    straddlers++;
    add({ id: `S-${straddlers}`, name: `跨界楼${straddlers}`, households: 24, use: 'residential' }, square(mid, 16));
    // Next straddler from another micro-grid.
    k = ring.length;
  }
}

// Outside the sub-district: ~90 m west of its westernmost vertex (nearest), and ~1 km (outside).
const root = district.grids.find((g) => g.level === 1);
if (!root) throw new Error('the demo has no sub-district');
const rootRing = (root.geometry.type === 'Polygon' ? root.geometry.coordinates : root.geometry.coordinates[0])[0];
const west = rootRing.reduce((w, p) => (p[0] < w[0] ? p : w));
const dx90 = 90 / (111_320 * Math.cos((west[1] * Math.PI) / 180));
add({ id: 'NEAR-1', name: '边缘楼', households: 8 }, square([west[0] - dx90 - 0.0001, west[1]], 10));
add({ id: 'FAR-1', name: '远郊楼', households: 30 }, square([west[0] - 11 * dx90, west[1]], 20));

// A school in a dedicated school grid.
const school = district.grids.find((g) => g.kind === 'dedicated' && g.dedicatedKind === 'school');
if (!school) throw new Error('the demo has no school grid');
add({ id: 'SCH-1', name: '实验小学新教学楼', households: 0, use: '学校' }, square(turf.pointOnFeature(turf.feature(school.geometry)).geometry.coordinates, 24));

// An address point inside a micro-grid.
const pointAt = turf.pointOnFeature(turf.feature(micro[40].geometry)).geometry.coordinates;
add({ id: 'P-1', name: '门址点', households: 6 }, { type: 'Point', coordinates: pointAt.map(round) });

// Bad rows: a bow-tie, no geometry, households that are not a number, a repeated id.
const c = turf.pointOnFeature(turf.feature(micro[60].geometry)).geometry.coordinates;
const d = 0.0001;
add({ id: 'BAD-BOWTIE', households: 5 }, { type: 'Polygon', coordinates: [[[c[0] - d, c[1] - d], [c[0] + d, c[1] + d], [c[0] + d, c[1] - d], [c[0] - d, c[1] + d], [c[0] - d, c[1] - d]]] });
add({ id: 'BAD-NOGEOM', households: 5 }, null);
add({ id: 'BAD-HH', households: 'abc' }, square(c, 10));
add({ id: 'N-001', name: '重复编号', households: 3 }, square(c, 10));

writeFileSync(join(OUT, 'new-buildings.geojson'), `${JSON.stringify({ type: 'FeatureCollection', features }, null, 1)}\n`);

// Address points as a CSV with Chinese headers (经度/纬度/户数), WGS-84.
const rows = ['编号,名称,经度,纬度,户数'];
for (let i = 0; i < 10; i++) {
  const g = micro[(i * 13 + 5) % micro.length];
  const [x, y] = turf.pointOnFeature(turf.feature(g.geometry)).geometry.coordinates;
  rows.push(`A-${i + 1},"门址${i + 1}",${round(x)},${round(y)},${10 + i}`);
}
rows.push('A-BAD,坏行,abc,34.75,5');
writeFileSync(join(OUT, 'new-points.csv'), `${rows.join('\n')}\n`);

writeFileSync(join(OUT, 'not-json.geojson'), '{"type": "FeatureCollection", "features": [\n');
console.log(`wrote ${features.length} features, ${rows.length - 1} CSV rows, ${straddlers} straddlers to ${OUT}`);
