/**
 * Foundation benchmarks (`npm run bench`). Issue 2 names no performance target; these keep the
 * figures that the start-up path and the import dialog depend on, each beside its naive baseline
 * measured in the same run, so a regression shows as a ratio.
 *
 * - Parent inference by containment: the flatbush-indexed search against the same decision over
 *   every candidate, and against a naive turf loop (intersect + area with every candidate).
 * - Demo generation (first start, reset) and its stats rollup.
 */
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { bench, describe } from 'vitest';
import { generateDemoDistrict } from '../src/core/demo';
import { ContainmentIndex, Shape } from '../src/core/import/containment';
import { computeGridStats } from '../src/core/stats';

const district = generateDemoDistrict();
const parents = district.grids.filter((g) => g.level === 3 && g.kind === 'base');
const children = district.grids.filter((g) => g.level === 4);
const index = new ContainmentIndex(parents.map((g) => ({ code: g.code, shape: new Shape(g.geometry), rank: 0 })));
const childShapes = children.map((g) => new Shape(g.geometry));

function naiveTurfParent(child: Polygon | MultiPolygon): string | null {
  const childArea = turf.area(child);
  let best: string | null = null;
  let bestShare = 0;
  for (const p of parents) {
    const both = turf.intersect(
      turf.featureCollection([turf.feature(p.geometry), turf.feature(child)]) as never,
    ) as Feature<Polygon | MultiPolygon> | null;
    const share = both ? turf.area(both) / childArea : 0;
    if (share > bestShare) {
      bestShare = share;
      best = p.code;
    }
  }
  return bestShare >= 0.9 ? best : null;
}

describe(`parent inference: ${children.length} micro-grids into ${parents.length} grids`, () => {
  bench('flatbush index + exact containment (engine)', () => {
    for (const c of childShapes) index.find(c);
  });
  bench('every candidate, same decision (brute force)', () => {
    for (const c of childShapes) index.findBruteForce(c);
  });
  bench('naive turf.intersect + area over every grid (baseline)', () => {
    for (const c of children) naiveTurfParent(c.geometry);
  }, { iterations: 2, time: 0 });
});

// One bench per group: these have no baseline, and a ratio between them would mean nothing.
describe('demo district generation (first start, reset)', () => {
  bench('generateDemoDistrict (seeded)', () => {
    generateDemoDistrict(7);
  }, { iterations: 5, time: 0 });
});

describe('household rollup', () => {
  bench('computeGridStats over the demo', () => {
    computeGridStats(district);
  });
});
