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
