/**
 * Coverage benchmark (issue 5, `npm run bench`): 500 workers × 8 hours at one fix per 10 s
 * (1.44 million fixes) over the demo district's micro-grids, through the raster engine; and, in the
 * same run, turf's exact buffer/union/intersect against the engine on a subset (turf.buffer alone
 * takes seconds per full-day track, STACK.md). The per-grid difference and the memory are
 * printed once before the timings and written to test-artifacts/bench/coverage.json, with the
 * time, phases and heap high-water mark of the whole report (computeCoverageReport) on the same
 * fixes ("report"; bench/report.mjs prints it as an extra line).
 *
 * The walks are seeded random walks at 1.0–1.4 m/s inside the micro-grids' box, with a
 * 10-minute pause (no fixes) now and then, so the gap rule is exercised too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { bench, describe } from 'vitest';
import { generateDemoDistrict } from '../demo';
import { createRng } from '../demo/rng';
import { COVERAGE_MAX_GAP_MS, computeCoverage, type CoverageGridInput, type CoverageTrackInput } from './coverage';
import { computeCoverageReport, type CoverageInputs, type CoverageRequest } from './coverage-report';

const WORKERS = 500;
const FIX_EVERY_S = 10;
const HOURS = 8;
const SUBSET_WORKERS = 4;
const SUBSET_FIXES = 360; // one hour each
const RADIUS_M = 25;

const district = generateDemoDistrict();
const grids: CoverageGridInput[] = district.grids.filter((g) => g.level === 4).map((g) => ({ id: g.code, geometry: g.geometry }));
const [minLon, minLat, maxLon, maxLat] = turf.bbox(turf.featureCollection(grids.map((g) => turf.feature(g.geometry))));
const mLat = 1 / 111_195;
const mLon = mLat / Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);

/** A track held in typed arrays, as a Web Worker would receive it. */
type FloatTrack = CoverageTrackInput & { lon: Float64Array; lat: Float64Array; t: Float64Array };

function walks(): FloatTrack[] {
  const rng = createRng(5);
  const t0 = Date.UTC(2024, 4, 6, 0);
  const n = (HOURS * 3600) / FIX_EVERY_S;
  const tracks: FloatTrack[] = [];
  for (let w = 0; w < WORKERS; w++) {
    const lon = new Float64Array(n);
    const lat = new Float64Array(n);
    const t = new Float64Array(n);
    let x = rng.float(minLon, maxLon);
    let y = rng.float(minLat, maxLat);
    let heading = rng.float(0, 2 * Math.PI);
    const speed = rng.float(1.0, 1.4);
    let clock = t0;
    for (let i = 0; i < n; i++) {
      // One fix in 300 follows a 10-minute pause: a gap the engine must not bridge.
      clock += (rng.float(0, 1) < 1 / 300 ? 600 : FIX_EVERY_S) * 1000;
      heading += rng.float(-0.4, 0.4);
      x += Math.cos(heading) * speed * FIX_EVERY_S * mLon;
      y += Math.sin(heading) * speed * FIX_EVERY_S * mLat;
      if (x < minLon || x > maxLon) heading = Math.PI - heading;
      if (y < minLat || y > maxLat) heading = -heading;
      x = Math.min(maxLon, Math.max(minLon, x));
      y = Math.min(maxLat, Math.max(minLat, y));
      lon[i] = x;
      lat[i] = y;
      t[i] = clock;
    }
    tracks.push({ workerId: `w${w}`, lon, lat, t });
  }
  return tracks;
}

const tracks = walks();
const subset = tracks.slice(0, SUBSET_WORKERS).map((tr) => ({
  workerId: tr.workerId,
  lon: tr.lon.slice(0, SUBSET_FIXES),
  lat: tr.lat.slice(0, SUBSET_FIXES),
  t: tr.t.slice(0, SUBSET_FIXES),
}));

/**
 * The whole report the app computes in its Web Worker (every level, visits, per-worker figures,
 * gap image, a 7-day trend) for the demo district with the 500 synthetic walkers, each given a
 * level-3 grid in turn as their own. The walks fall on one China day, so six trend days are empty
 * (skipped) and today's is the window's own: this times the report's work on top of the coverage.
 */
const dayStart = Date.UTC(2024, 4, 5, 16); // 2024-05-06 00:00 China time; the walks start at 08:00
const level3 = district.grids.filter((g) => g.level === 3 && g.kind === 'base');
const reportInputs: CoverageInputs = {
  units: district.grids.map((g) => ({ code: g.code, level: g.level, kind: g.kind, parentCode: g.parentCode, geometry: g.geometry })),
  buildings: district.buildings.map((b) => ({ id: b.id, gridCode: b.gridCode, entrances: b.entrances, households: b.households })),
  workers: tracks.map((tr, i) => ({ id: tr.workerId, gridCode: level3[i % level3.length].code })),
  tracks,
  reportedVisits: [],
};
const reportRequest: CoverageRequest = {
  from: dayStart,
  to: dayStart + 20 * 3_600_000,
  nowMs: dayStart + 20 * 3_600_000,
  radiusM: RADIUS_M,
  visitRadiusM: 15,
  visitMinStayMs: 3 * 60_000,
  unvisitedDays: 30,
  trendDays: 7,
};

/** One report run: time, phases, and the heap's high-water mark sampled at every progress call. */
function reportFigures(): Record<string, unknown> {
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  const phaseMs: Record<string, number> = {};
  let phase = 'visits';
  let mark = performance.now();
  const started = mark;
  const report = computeCoverageReport(reportInputs, reportRequest, (p) => {
    const now = performance.now();
    phaseMs[phase] = (phaseMs[phase] ?? 0) + now - mark;
    mark = now;
    phase = p.phase;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  });
  const ms = performance.now() - started;
  return {
    ms: Math.round(ms),
    phasesMs: Object.fromEntries(Object.entries(phaseMs).map(([k, v]) => [k, Math.round(v)])),
    units: report.units.length,
    workers: report.workers.length,
    fixesInWindow: report.fixesInWindow,
    image: `${report.gapImage?.width}×${report.gapImage?.height}`,
    heapPeakDeltaMiB: +((peak - heapBefore) / 2 ** 20).toFixed(1),
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

/** turf's exact coverage of the subset: buffer each walk, union, intersect with every grid. */
function turfCoverage(): Map<string, number> {
  const buffers: Feature<Polygon | MultiPolygon>[] = [];
  for (const tr of subset) {
    let walk: Position[] = [];
    const flush = (): void => {
      if (walk.length > 0) buffers.push(turf.buffer(walk.length === 1 ? turf.point(walk[0]) : turf.lineString(walk), RADIUS_M, { units: 'meters', steps: 64 }) as Feature<Polygon | MultiPolygon>);
      walk = [];
    };
    for (let i = 0; i < tr.lon.length; i++) {
      if (i > 0 && tr.t[i] - tr.t[i - 1] > COVERAGE_MAX_GAP_MS) flush();
      walk.push([tr.lon[i], tr.lat[i]]);
    }
    flush();
  }
  const covered = turf.union(turf.featureCollection(buffers));
  const shares = new Map<string, number>();
  for (const g of grids) {
    const f = turf.feature(g.geometry);
    const inside = covered ? turf.intersect(turf.featureCollection([f, covered])) : null;
    shares.set(g.id, inside ? turf.area(inside) / turf.area(f) : 0);
  }
  return shares;
}

function compare(): void {
  let started = performance.now();
  const exact = turfCoverage();
  const turfMs = performance.now() - started;
  const figures: Record<string, unknown> = { grids: grids.length, fixes: WORKERS * tracks[0].lon.length, subsetFixes: SUBSET_WORKERS * SUBSET_FIXES, turfSubsetMs: Math.round(turfMs) };
  for (const cellM of [2, 5]) {
    started = performance.now();
    const sub = computeCoverage(grids, subset, { radiusM: RADIUS_M, cellM });
    const subMs = performance.now() - started;
    const diffs = sub.grids.map((g) => Math.abs(g.coveredShare - (exact.get(g.gridId) ?? 0)));
    const heapBefore = process.memoryUsage().heapUsed;
    started = performance.now();
    const full = computeCoverage(grids, tracks, { radiusM: RADIUS_M, cellM });
    const fullMs = performance.now() - started;
    figures[`cell${cellM}m`] = {
      engineSubsetMs: Math.round(subMs),
      maxDiffPoints: +(100 * Math.max(...diffs)).toFixed(3),
      meanDiffPoints: +((100 * diffs.reduce((a, b) => a + b, 0)) / diffs.length).toFixed(3),
      fullMs: Math.round(fullMs),
      rasterCells: full.raster.width * full.raster.height,
      rasterMiB: +(full.raster.bits.byteLength / 2 ** 20).toFixed(2),
      heapDeltaMiB: +((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20).toFixed(1),
      meanShare: +(full.grids.reduce((a, g) => a + g.coveredShare, 0) / full.grids.length).toFixed(4),
    };
  }
  figures.report = reportFigures();
  console.log('coverage bench figures', JSON.stringify(figures, null, 1));
  const dir = join(process.cwd(), 'test-artifacts/bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'coverage.json'), JSON.stringify(figures, null, 1) + '\n');
}

compare();

describe('coverage: 500 workers × 8 h (1.44 M fixes) over the demo micro-grids', () => {
  bench('raster engine, 2 m cells', () => void computeCoverage(grids, tracks, { radiusM: RADIUS_M, cellM: 2 }), { iterations: 3, time: 0 });
  bench('raster engine, 5 m cells', () => void computeCoverage(grids, tracks, { radiusM: RADIUS_M, cellM: 5 }), { iterations: 3, time: 0 });
  bench('full report (every level, visits, workers, gap image, 7-day trend), 2 m cells', () => void computeCoverageReport(reportInputs, reportRequest), { iterations: 2, time: 0 });
  bench(`turf buffer/union/intersect, ${SUBSET_WORKERS} workers × 1 h`, () => void turfCoverage(), { iterations: 1, time: 0 });
});
