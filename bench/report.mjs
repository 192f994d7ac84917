#!/usr/bin/env node
// Prints the allocation benchmark table after `vitest bench` (npm run bench): each figure in
// items per second, its ratio against the naive turf baseline of the same kind, and the issue's
// goals marked met or not met. vitest's own ratios compare time per iteration, which is wrong
// here because the engine and the baseline run workloads of different sizes. Then the ingest
// benchmark's table (bench/ingest-chromium.mjs, run just before in `npm run bench`), when it ran.
import { existsSync, readFileSync } from 'node:fs';
import { formatIngestReport, RESULTS_FILE as INGEST_RESULTS } from './ingest-chromium.mjs';

const file = new URL('../test-artifacts/bench/allocate.json', import.meta.url);
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.error(`bench/report.mjs: no allocation results at ${file.pathname} (did allocate.bench.ts run?)`);
  process.exit(1);
}

const fmt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '—');
const byKey = new Map(report.benches.map((b) => [b.key, b]));
const baselineOf = { 'engine-points': 'naive-points', 'engine-footprints': 'naive-footprints' };

const rows = report.benches.map((b) => {
  const base = byKey.get(baselineOf[b.key] ?? '');
  const ratio = base ? b.perSecond / base.perSecond : 1;
  return [b.label, `${fmt(b.items)} ${b.unit}`, `${b.medianMs.toFixed(1)} ms`, `${fmt(b.perSecond)} ${b.unit}/s`, base ? `${ratio.toFixed(1)}×` : 'baseline'];
});
const head = ['benchmark', 'workload', 'median', 'throughput', 'vs naive'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');

const { partition, agreement, goals, machine } = report;
const out = [
  '',
  `Allocation benchmark: ${fmt(partition.grids)} grids of ${partition.verticesPerGrid} vertices, index built in ${partition.indexBuildMs.toFixed(0)} ms (${machine.node}, ${machine.platform}, one thread; run at ${report.generatedAt})`,
  '',
  '(vitest\'s "× faster" lines above compare time per call; the workloads differ, so use this table.)',
  '',
  line(head),
  line(widths.map((w) => '-'.repeat(w))),
  ...rows.map(line),
  '',
];

const enginePoints = byKey.get('engine-points');
const engineFootprints = byKey.get('engine-footprints');
const naiveFootprints = byKey.get('naive-footprints');
const footprintRatio = engineFootprints && naiveFootprints ? engineFootprints.perSecond / naiveFootprints.perSecond : NaN;
const mark = (ok) => (ok ? 'met' : 'NOT met');
out.push(
  `Goal: ≥ ${fmt(goals.pointsPerSecond)} points/s on one core: ${fmt(enginePoints?.perSecond)} points/s, ${mark(enginePoints?.perSecond >= goals.pointsPerSecond)}`,
  `Goal: footprints ≥ ${goals.footprintRatio}× the naive loop: ${footprintRatio.toFixed(1)}×, ${mark(footprintRatio >= goals.footprintRatio)}`,
  `Agreement with turf: points ${agreement.points.same}/${agreement.points.compared}; ` +
    `footprints' max-overlap grid ${agreement.footprints.same}/${agreement.footprints.compared} ` +
    `(${agreement.footprints.straddlingInSubset} of them straddle)`,
  '',
);
console.log(out.join('\n'));

if (existsSync(INGEST_RESULTS)) {
  try {
    console.log(formatIngestReport(JSON.parse(readFileSync(INGEST_RESULTS, 'utf8'))));
  } catch (err) {
    console.error(`bench/report.mjs: could not read the ingest results at ${INGEST_RESULTS}: ${err.message}`);
  }
} else {
  console.log(`(No ingest benchmark results at ${INGEST_RESULTS}: bench/ingest-chromium.mjs did not run or was skipped.)\n`);
}

// Patrol coverage (src/core/patrol/coverage.bench.ts writes its figures before the timings).
const COVERAGE_RESULTS = new URL('../test-artifacts/bench/coverage.json', import.meta.url);
if (existsSync(COVERAGE_RESULTS)) {
  try {
    console.log(formatCoverageReport(JSON.parse(readFileSync(COVERAGE_RESULTS, 'utf8'))));
  } catch (err) {
    console.error(`bench/report.mjs: could not read the coverage results at ${COVERAGE_RESULTS.pathname}: ${err.message}`);
  }
} else {
  console.log(`(No coverage benchmark results at ${COVERAGE_RESULTS.pathname}: coverage.bench.ts did not run.)\n`);
}

/**
 * The coverage table: the raster engine on all 1.44 M fixes against turf's exact
 * buffer/union/intersect on a subset, as fixes per second (turf cannot run the whole workload:
 * STACK.md measured 7.3 s of buffering per day-long track), with the per-grid difference.
 */
function formatCoverageReport(f) {
  const turfRate = f.subsetFixes / (f.turfSubsetMs / 1000);
  const rows = [['turf buffer/union/intersect (baseline)', `${fmt(f.subsetFixes)} fixes`, `${fmt(f.turfSubsetMs)} ms`, `${fmt(turfRate)} fixes/s`, 'baseline', '—', '—']];
  for (const key of Object.keys(f).filter((k) => /^cell\d+m$/.test(k))) {
    const c = f[key];
    const rate = f.fixes / (c.fullMs / 1000);
    rows.push([
      `raster engine, ${key.slice(4, -1)} m cells`,
      `${fmt(f.fixes)} fixes`,
      `${fmt(c.fullMs)} ms`,
      `${fmt(rate)} fixes/s`,
      `${(rate / turfRate).toFixed(0)}×`,
      `${c.maxDiffPoints} / ${c.meanDiffPoints}`,
      `${c.rasterMiB} MiB raster, heap +${c.heapDeltaMiB} MiB`,
    ]);
  }
  const head = ['coverage', 'workload', 'time', 'throughput', 'vs turf', 'max / mean diff (points)', 'memory'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const row = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [
    '',
    `Coverage benchmark: ${fmt(f.grids)} micro-grids of the demo district, 500 workers × 8 h at one fix per 10 s; turf's exact result on the subset is the reference for the difference.`,
    '',
    row(head),
    row(widths.map((w) => '-'.repeat(w))),
    ...rows.map(row),
  ];
  const extra = Object.keys(f).filter((k) => !/^cell\d+m$/.test(k) && !['grids', 'fixes', 'subsetFixes', 'turfSubsetMs'].includes(k));
  for (const k of extra) out.push(`${k}: ${JSON.stringify(f[k])}`);
  out.push('', 'Goal: every grid within 1 point of the exact result.', '');
  return out.join('\n');
}
