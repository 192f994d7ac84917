/**
 * Golden fixtures: __golden__/in/<case>.grids.geojson and <case>.items.geojson (features with an
 * `id` property) → __golden__/out/<case>.json. Regenerate with UPDATE_GOLDEN=1 and review the diff.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { allocate, buildGridIndex, type GridInput } from './index';

const DIR = join(import.meta.dirname, '__golden__');
const cases = readdirSync(join(DIR, 'in'))
  .filter((f) => f.endsWith('.grids.geojson'))
  .map((f) => f.replace('.grids.geojson', ''))
  .sort();

/** Rounded so the fixtures do not churn on the last bits of a float. */
const round = (v: number, digits: number): number => Number(v.toFixed(digits));

function run(name: string): unknown {
  const read = (kind: string) => JSON.parse(readFileSync(join(DIR, 'in', `${name}.${kind}.geojson`), 'utf8')) as FeatureCollection;
  const grids: GridInput[] = read('grids').features.map((f) => ({ id: String(f.properties?.id), geometry: f.geometry as Polygon }));
  const { index, problems } = buildGridIndex(grids);
  const results = read('items').features.map((f: Feature) => {
    const r = allocate(index, f.geometry as Point | Polygon | MultiPolygon | null);
    return {
      id: f.properties?.id,
      gridId: r.gridId,
      pointGridId: r.pointGridId,
      status: r.status,
      share: round(r.share, 9),
      areaM2: round(r.areaM2, 3),
      distanceM: round(r.distanceM, 3),
      ...(r.overlaps ? { overlaps: r.overlaps.map((o) => ({ gridId: o.gridId, share: round(o.share, 9) })) } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
    };
  });
  return { size: index.size, problems, results };
}

describe('golden fixtures', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  it.each(cases)('%s', (name) => {
    const actual = run(name);
    const file = join(DIR, 'out', `${name}.json`);
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, `${JSON.stringify(actual, null, 1)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});
