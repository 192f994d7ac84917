/**
 * Test data for the allocation client and worker: the demo district and deterministic new
 * buildings over it (footprints in and across micro-grids, points, a flagged school, bad items).
 * Not imported by shipping code.
 */
import type { BuildingItem } from '@core/allocate/district';
import { generateDemoDistrict } from '@core/demo';
import type { District } from '@core/model';

export function demoDistrict(): District {
  return generateDemoDistrict();
}

/** `n` items spread over the district's extent (a fixed LCG, so every run is the same). */
export function demoItems(district: District, n: number): BuildingItem[] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const g of district.grids) {
    const polys = g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates;
    for (const rings of polys) for (const [x, y] of rings[0]) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  let seed = 12345;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const items: BuildingItem[] = [];
  for (let i = 0; i < n; i++) {
    const x = minX + rand() * (maxX - minX);
    const y = minY + rand() * (maxY - minY);
    const households = Math.floor(rand() * 30);
    if (i % 10 === 0) {
      items.push({ id: `new-${i}`, geometry: { type: 'Point', coordinates: [x, y] }, households });
      continue;
    }
    const h = (5 + rand() * 40) / 111_000;
    const ring = [[x - h, y - h], [x + h, y - h], [x + h, y + h], [x - h, y + h], [x - h, y - h]];
    items.push({ id: `new-${i}`, geometry: { type: 'Polygon', coordinates: [ring] }, households, ...(i % 97 === 0 ? { use: 'school' as const } : {}) });
  }
  // An invalid footprint (a bow-tie): flagged by the engine, never fatal.
  items.push({ id: 'bad-bowtie', geometry: { type: 'Polygon', coordinates: [[[minX, minY], [maxX, maxY], [maxX, minY], [minX, maxY], [minX, minY]]] }, households: 3 });
  return items;
}

/**
 * GeoJSON text of `n` footprints near Wuhan with households, a use (every 7th unknown) and a
 * name; every 50th has no geometry; with `repeatIds`, every 97th repeats the id B0.
 */
export function footprintsText(n: number, options: { repeatIds?: boolean } = {}): string {
  const features = [];
  for (let i = 0; i < n; i++) {
    const x = 114.3 + (i % 300) * 0.0003;
    const y = 30.5 + Math.floor(i / 300) * 0.0003;
    const ring = [[x, y], [x + 0.0001, y], [x + 0.0001, y + 0.0001], [x, y + 0.0001], [x, y]];
    features.push({
      type: 'Feature',
      properties: { id: options.repeatIds && i % 97 === 96 ? 'B0' : `B${i}`, households: i % 40, use: i % 7 === 0 ? 'spaceport' : 'residential', name: `楼${i}` },
      geometry: i % 50 === 49 ? null : { type: 'Polygon', coordinates: [ring] },
    });
  }
  return JSON.stringify({ type: 'FeatureCollection', features });
}
