/**
 * Allocation benchmarks (issue 3, `npm run bench`): the engine against the naive @turf/turf loop
 * the issue names, measured in the same run on the same synthetic partition (10,000 grids of ~52
 * vertices over 10 km near 113.6°E 34.75°N; see synthetic-partition.ts).
 *
 * The engine runs the full workloads (1,000,000 points, 100,000 footprints with 10% straddling);
 * the naive loops run a prefix of the same inputs (20,000 points, 2,000 footprints), because at
 * their speed the full sets would take minutes. vitest's own "× faster" compares time per
 * iteration, which means nothing across different workloads, so every bench also records its
 * own items/second and afterAll writes them to test-artifacts/bench/allocate.json, which
 * bench/report.mjs turns into the table with ratios and the goals.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { BBox, Feature, MultiPolygon, Polygon } from 'geojson';
import { afterAll, bench, describe } from 'vitest';
import { allocate, buildGridIndex, locatePoints } from '../src/core/allocate';
import { randomPoints, syntheticFootprints, syntheticPartition } from './synthetic-partition';

const POINTS = 1_000_000;
const NAIVE_POINTS = 20_000;
const FOOTPRINTS = 100_000;
const NAIVE_FOOTPRINTS = 2_000;

const partition = syntheticPartition();
const points = randomPoints(partition, POINTS);
const footprints = syntheticFootprints(partition, FOOTPRINTS, 0.1);

const started = performance.now();
const { index } = buildGridIndex(partition.grids);
const indexBuildMs = performance.now() - started;

// The naive loop's own setup (features and their bboxes) is done once, outside the timing, as the
// engine's index build is: only the per-item work is compared.
const gridFeatures = partition.grids.map((g) => turf.feature(g.geometry, { id: g.id }));
const gridBoxes = gridFeatures.map((f) => turf.bbox(f));

/** One measured bench: what it did per call, and how long each call took. */
interface Measured {
  key: string;
  label: string;
  unit: 'points' | 'footprints';
  items: number;
  ms: number[];
}
const measured = new Map<string, Measured>();

/** Wraps a bench body so each call's wall time is recorded against its item count. */
function timed(key: string, label: string, unit: Measured['unit'], items: number, body: () => void): () => void {
  const m: Measured = { key, label, unit, items, ms: [] };
  measured.set(key, m);
  return () => {
    const t0 = performance.now();
    body();
    m.ms.push(performance.now() - t0);
  };
}

const inBox = (b: BBox, x: number, y: number): boolean => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
const boxesMeet = (a: BBox, b: BBox): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** The baseline for points: booleanPointInPolygon over every grid, with a bbox pre-check. */
function naiveLocate(coords: Float64Array, count: number): (string | null)[] {
  const out: (string | null)[] = [];
  for (let i = 0; i < count; i++) {
    const x = coords[2 * i];
    const y = coords[2 * i + 1];
    let hit: string | null = null;
    for (let g = 0; g < gridFeatures.length; g++) {
      if (inBox(gridBoxes[g], x, y) && turf.booleanPointInPolygon([x, y], gridFeatures[g])) {
        hit = partition.grids[g].id;
        break;
      }
    }
    out.push(hit);
  }
  return out;
}

/** The baseline for footprints: bbox pre-check, then turf.intersect + turf.area for every overlapping grid. */
function naiveAllocate(fp: Polygon): { gridId: string | null; share: number } {
  const f = turf.feature(fp);
  const box = turf.bbox(f);
  const area = turf.area(f);
  let best: string | null = null;
  let bestArea = 0;
  for (let g = 0; g < gridFeatures.length; g++) {
    if (!boxesMeet(box, gridBoxes[g])) continue;
    const both = turf.intersect(turf.featureCollection([gridFeatures[g], f])) as Feature<Polygon | MultiPolygon> | null;
    const a = both ? turf.area(both) : 0;
    if (a > bestArea) {
      bestArea = a;
      best = partition.grids[g].id;
    }
  }
  return { gridId: best, share: area > 0 ? bestArea / area : 0 };
}

// Kept from the last call of each bench, to check after timing that both sides agree.
let lastEnginePoints: (string | null)[] = [];
let lastNaivePoints: (string | null)[] = [];
let lastNaiveFootprints: (string | null)[] = [];

// Few, long iterations: each call already processes a whole workload, and tinybench's default
// warm-up of 5 calls would triple the run time for nothing.
const HEAVY = { time: 0, warmupTime: 0, warmupIterations: 1 };

describe(`points: ${partition.grids.length} grids, engine on ${POINTS.toLocaleString('en')} points, turf on ${NAIVE_POINTS.toLocaleString('en')}`, () => {
  bench(
    'engine locatePoints',
    timed('engine-points', 'engine locatePoints', 'points', POINTS, () => {
      lastEnginePoints = locatePoints(index, points);
    }),
    { ...HEAVY, iterations: 5 },
  );
  bench(
    'naive turf booleanPointInPolygon loop (baseline)',
    timed('naive-points', 'naive turf booleanPointInPolygon + bbox', 'points', NAIVE_POINTS, () => {
      lastNaivePoints = naiveLocate(points, NAIVE_POINTS);
    }),
    { ...HEAVY, iterations: 2 },
  );
});

describe(`footprints: engine on ${FOOTPRINTS.toLocaleString('en')} (10% straddling), turf on ${NAIVE_FOOTPRINTS.toLocaleString('en')}`, () => {
  bench(
    'engine allocate',
    timed('engine-footprints', 'engine allocate', 'footprints', FOOTPRINTS, () => {
      for (const fp of footprints) allocate(index, fp);
    }),
    { ...HEAVY, iterations: 3 },
  );
  bench(
    'naive turf intersect + area loop (baseline)',
    timed('naive-footprints', 'naive turf bbox + intersect + area', 'footprints', NAIVE_FOOTPRINTS, () => {
      lastNaiveFootprints = footprints.slice(0, NAIVE_FOOTPRINTS).map((fp) => naiveAllocate(fp).gridId);
    }),
    { ...HEAVY, iterations: 1 },
  );
});

afterAll(() => {
  // Agreement on the shared prefix, computed outside any timing.
  const n = Math.min(lastNaivePoints.length, lastEnginePoints.length);
  let samePoints = 0;
  for (let i = 0; i < n; i++) if (lastNaivePoints[i] === lastEnginePoints[i]) samePoints++;
  let sameFootprints = 0;
  lastNaiveFootprints.forEach((id, i) => {
    if (allocate(index, footprints[i]).gridId === id) sameFootprints++;
  });
  const straddling = footprints.slice(0, NAIVE_FOOTPRINTS).filter((fp) => allocate(index, fp).status === 'straddles').length;
  const report = {
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, platform: `${process.platform} ${process.arch}` },
    partition: { grids: partition.grids.length, verticesPerGrid: (partition.grids[0].geometry as Polygon).coordinates[0].length - 1, indexBuildMs },
    benches: [...measured.values()].map((m) => {
      const sorted = [...m.ms].sort((a, b) => a - b);
      const medianMs = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
      return { ...m, medianMs, perSecond: (m.items / medianMs) * 1000 };
    }),
    agreement: {
      points: { compared: n, same: samePoints },
      footprints: { compared: lastNaiveFootprints.length, same: sameFootprints, straddlingInSubset: straddling },
    },
    goals: { pointsPerSecond: 2_000_000, footprintRatio: 50 },
  };
  const dir = join(import.meta.dirname, '../test-artifacts/bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'allocate.json'), JSON.stringify(report, null, 2) + '\n');
});
