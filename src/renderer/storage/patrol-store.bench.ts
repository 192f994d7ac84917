/**
 * Patrol storage benchmark (issue 5, `npm run bench`), on fake-indexeddb in Node (an in-memory
 * IndexedDB that serialises with structured clone like a browser, not a disk: compare runs, not
 * absolute figures with Chromium):
 * - write: 500 workers × 8 hours at one fix per 10 s (1.44 million fixes), one hour per append,
 *   done once before the timings (printed);
 * - load: loadPatrol of all of it, then core's patrolRestored into an empty state (what a start does);
 * - flush: one steady-state write of the persist loop, 500 workers with one new fix each landing on
 *   half-full open chunks (the average a chunk is rewritten at).
 */
import 'fake-indexeddb/auto';
import { bench, describe } from 'vitest';
import { initialPatrolState, patrolRestored, type TrackFix } from '@core/patrol';
import { PATROL_CHUNK_FIXES, openStore } from './index';

const WORKERS = 500;
const HOURS = 8;
const STEP_MS = 10_000;
const T0 = Date.UTC(2026, 10, 22, 0, 0);
const PER_HOUR = 3_600_000 / STEP_MS;

const fix = (w: number, i: number): TrackFix => ({ workerId: `s-${w}`, lon: 113.6 + i * 1e-5 + w * 1e-4, lat: 34.75 + i * 1e-6, t: T0 + i * STEP_MS + w });

const full = await openStore(`patrol-bench-full-${Date.now()}`);
const writeStart = performance.now();
for (let h = 0; h < HOURS; h++) {
  const fixes: TrackFix[] = [];
  for (let w = 0; w < WORKERS; w++) for (let i = h * PER_HOUR; i < (h + 1) * PER_HOUR; i++) fixes.push(fix(w, i));
  await full.appendPatrol(fixes, [], []);
}
console.log(`patrol store: wrote ${(WORKERS * HOURS * PER_HOUR).toLocaleString('en')} fixes in ${HOURS} appends in ${(performance.now() - writeStart).toFixed(0)} ms`);

// Open chunks half full, so each flush rewrites the average open chunk.
const steady = await openStore(`patrol-bench-steady-${Date.now()}`);
const half = PATROL_CHUNK_FIXES / 2;
const prefill: TrackFix[] = [];
for (let w = 0; w < WORKERS; w++) for (let i = 0; i < half; i++) prefill.push(fix(w, i));
await steady.appendPatrol(prefill, [], []);
let next = half;

describe('patrol store (fake-indexeddb)', () => {
  bench(
    `loadPatrol + patrolRestored: ${WORKERS} workers × ${HOURS} h at 10 s`,
    async () => {
      const restored = await full.loadPatrol(-Infinity);
      const state = patrolRestored(initialPatrolState(), restored, () => null);
      if (state.tracks.totalFixes !== WORKERS * HOURS * PER_HOUR) throw new Error(`restored ${state.tracks.totalFixes} fixes`);
    },
    { iterations: 3, warmupIterations: 0, time: 0 },
  );

  bench(
    `appendPatrol: one flush, ${WORKERS} workers × 1 fix onto half-full chunks of ${PATROL_CHUNK_FIXES}`,
    async () => {
      const fixes: TrackFix[] = [];
      for (let w = 0; w < WORKERS; w++) fixes.push(fix(w, next));
      next++;
      await steady.appendPatrol(fixes, [], []);
    },
    // Few enough that the chunks stay about half full.
    { iterations: 10, warmupIterations: 0, time: 0 },
  );
});
