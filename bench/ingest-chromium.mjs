#!/usr/bin/env node
// The ingest benchmark (part of `npm run bench`): sustained live-feed ingest (validate,
// assign grid, persist, update the map) in headless Chromium, the web build of the renderer at
// 1920×1080, at 200 incidents per second for 60 seconds, through three paths in the same run:
//
//   batched          the app's real path, as its connectors drive it: messages queue as they
//                    arrive and are delivered once per animation frame as one `feedBatchReceived`;
//                    the map gets only what changed (GeoJSONSource.updateData with a diff).
//   batched-setdata  the same batches, but the map gets the whole collection each time
//                    (`?mapUpdate=setdata`): what the diff saves.
//   naive            the baseline: every message delivered on its own as it arrives (one
//                    `feedBatchReceived` per message) and the whole collection sent to the map per
//                    message (setData), so the reducer, React and MapView run per message.
//
// Each path runs in a fresh browser context (empty IndexedDB) opened with `?demoFeed=0`, so the
// built-in demo feed adds nothing; messages enter through `window.__gridroom.feed` (the same
// dispatch a connector makes). Messages are incident reports (unique ids, classification codes the
// demo feed uses) placed at building entrances of the demo district, i.e. inside its micro-grids.
//
// Measurements (all on the page's clock, performance.now()):
//   arrival        when message i is due: t0 + i / rate (a socket would buffer it from then on,
//                  so a busy main thread counts against the path, not for it).
//   on map         the first MapLibre `render` or `sourcedata` event at which (1) the Promise of a setData or
//                  updateData on the `incidents` source after which the source held message i has
//                  resolved (the worker has it) and (2) map.isSourceLoaded('incidents') (its tiles
//                  reloaded). The source "holds" message i when it has ≥ baseline + i + 1
//                  features (counted from the ids setData and updateData hand it): the messages
//                  are delivered in order and each adds one open incident.
//   msg→update     arrival → the call of the first setData/updateData after which the source
//                  holds message i (the app's own part: validate, assign grid, reducer, React,
//                  MapView), p95.
//   msg→worker     arrival → the first `render` after that call resolved (the worker has the
//                  data; its tiles may still be reloading): a lower bound, p95.
//   message→map    on map − arrival; p50, p95 and max over all messages (messages never shown
//                  within 15 s after the last arrival are counted as "not shown").
//   ingested/s     feed.ingest.counts.accepted / (time of the last delivery − t0).
//   on map/s       messages shown / (time the last one was shown − t0).
//   longest stall  the longest gap between ticks of a 10 ms setInterval on the main thread.
//   persisted      rows in IndexedDB `gridroom`.`incidents` once writes settled (polled ≤ 30 s).
//
// Environment:
//   BENCH_INGEST_SECONDS=10   seconds per path (default 60)
//   BENCH_INGEST_RATE=200     messages per second (default 200)
//   BENCH_SKIP_BUILD=1        serve a copy of the existing dist-web/ instead of building
//   BENCH_PROFILE=1           build unminified, record a CPU profile of the page per path
//                             (test-artifacts/bench/ingest-<path>.cpuprofile, opens in Chrome's
//                             DevTools) and print the functions with the most self time
//   BENCH_PATHS=batched,naive which paths to run (default all three)
//   CHROMIUM_PATH=…           which browser (see test/e2e/chromium.mjs)
//
// Output: a table on stdout and test-artifacts/bench/ingest-chromium.json (bench/report.mjs prints it
// again with the other figures). Without Chromium it says what is missing and exits 0, so the
// other benchmarks of `npm run bench` still report.

import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildWeb, DIST_WEB, REPO_ROOT, startStaticServer } from '../scripts/web.mjs';
import { CHROMIUM_ARGS, findChromium } from '../test/e2e/chromium.mjs';
import { createNetworkGuard } from '../test/e2e/network-guard.mjs';

export const RESULTS_FILE = join(REPO_ROOT, 'test-artifacts', 'bench', 'ingest-chromium.json');
/** Classification codes the demo feed reports (core/incidents/demo-feed.ts DEMO_CLASS_WEIGHTS). */
const CATEGORIES = ['E0150', 'E0505', 'E0101', 'E0504', 'E0650', 'E0550', 'E0151'];

const seconds = Number(process.env.BENCH_INGEST_SECONDS ?? 60);
/** The paths, in the order they run and print. */
const ALL_PATHS = ['batched', 'batched-setdata', 'naive'];
const PATHS = process.env.BENCH_PATHS ? ALL_PATHS.filter((p) => process.env.BENCH_PATHS.split(',').includes(p)) : ALL_PATHS;
const PROFILE = process.env.BENCH_PROFILE === '1';

/** The functions with the most self time in a V8 CPU profile, as text lines. */
function topSelfTime(profile, n) {
  const self = new Map();
  const dt = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  (profile.samples ?? []).forEach((id, i) => {
    const node = byId.get(id);
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
}
const rate = Number(process.env.BENCH_INGEST_RATE ?? 200);

/**
 * The page-side driver, run by page.evaluate: generates, delivers and times `seconds × rate`
 * messages; resolves with the measurements. Self-contained (it is serialised into the page).
 */
async function drivePage({ mode, seconds, rate, prefix, categories }) {
  const hooks = window.__gridroom;
  const map = hooks.map;
  const district = hooks.getState().district;
  const places = [];
  for (const b of district.buildings) for (const e of b.entrances) places.push(e.location);
  if (places.length === 0) throw new Error('the district has no building entrances to place incidents at');

  const total = Math.round(seconds * rate);
  const arrival = new Float64Array(total);
  const shown = new Float64Array(total).fill(NaN);
  const handed = new Float64Array(total).fill(NaN); // when a setData holding it was called
  const baseline = hooks.getState().incidents.byId.size;

  // Which updates the worker has loaded: the largest feature count so far. The ids the source
  // holds are followed through setData (all of them) and updateData (remove, then add/replace).
  const source = map.getSource('incidents');
  const proto = Object.getPrototypeOf(source);
  const originalSetData = proto.setData;
  const originalUpdateData = proto.updateData;
  let setDataCalls = 0;
  let updateDataCalls = 0;
  let loadedFeatures = 0;
  let handedUpTo = 0;
  const loaded = new Float64Array(total).fill(NaN); // first render after the worker loaded it
  let loadedUpTo = 0;
  let idsInSource = new Set();
  const track = (done) => {
    const n = idsInSource.size;
    const upTo = Math.min(total, n - baseline);
    if (upTo > handedUpTo) {
      const now = performance.now();
      for (let i = handedUpTo; i < upTo; i++) handed[i] = now;
      handedUpTo = upTo;
    }
    Promise.resolve(done).then(
      () => {
        if (n > loadedFeatures) loadedFeatures = n;
      },
      () => undefined,
    );
  };
  proto.updateData = function (diff, ...rest) {
    const done = originalUpdateData.call(this, diff, ...rest);
    if (this.id === 'incidents') {
      updateDataCalls++;
      if (diff.removeAll) idsInSource = new Set();
      for (const id of diff.remove ?? []) idsInSource.delete(id);
      for (const f of diff.add ?? []) idsInSource.add(f.properties.id);
      track(done);
    }
    return done;
  };
  proto.setData = function (data, ...rest) {
    const done = originalSetData.call(this, data, ...rest);
    if (this.id === 'incidents') {
      setDataCalls++;
      idsInSource = new Set(Array.isArray(data?.features) ? data.features.map((f) => f.properties.id) : []);
      track(done);
    }
    return done;
  };
  let shownUpTo = 0; // messages [0, shownUpTo) are on the map
  let lastShownAt = NaN;
  const onRender = () => {
    const upTo = Math.min(total, loadedFeatures - baseline);
    const now = performance.now();
    if (upTo > loadedUpTo) {
      for (let i = loadedUpTo; i < upTo; i++) loaded[i] = now;
      loadedUpTo = upTo;
    }
    if (upTo <= shownUpTo || !map.isSourceLoaded('incidents')) return;
    for (let i = shownUpTo; i < upTo; i++) shown[i] = now;
    shownUpTo = upTo;
    lastShownAt = now;
  };
  map.on('render', onRender);
  // The moment the last tile of the source has loaded counts too: a source that is fed without a
  // pause (the app sends the next change as soon as the previous one's tiles are in) may never be
  // "loaded" at a render event, though every change is drawn one frame after this.
  const onSourceData = (e) => {
    if (e.sourceId === 'incidents') onRender();
  };
  map.on('sourcedata', onSourceData);

  // Main-thread stall monitor (as test/e2e/specs/80-allocate.spec.mjs).
  let maxGap = 0;
  let lastTick = performance.now();
  const stallTimer = setInterval(() => {
    const now = performance.now();
    if (now - lastTick > maxGap) maxGap = now - lastTick;
    lastTick = now;
  }, 10);

  const message = (i) => {
    const [lon, lat] = places[(i * 7919) % places.length];
    const at = new Date().toISOString();
    return {
      raw: {
        kind: 'incident',
        seq: i + 1,
        at,
        id: `${prefix}-${String(i).padStart(6, '0')}`,
        version: 1,
        category: categories[i % categories.length],
        title: `bench ${mode} ${i}`,
        lon,
        lat,
        source: 'patrol',
        description: `ingest benchmark message ${i}`,
      },
      receivedAt: at,
    };
  };

  const t0 = performance.now() + 100;
  let produced = 0;
  let lastDeliveryAt = t0;
  let deliveries = 0;
  const queue = [];
  const deliver = (batch) => {
    hooks.feed(batch);
    deliveries++;
    lastDeliveryAt = performance.now();
  };

  await new Promise((resolve) => {
    let flushing = 0;
    const generator = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000));
      while (produced < due) {
        const i = produced++;
        arrival[i] = t0 + (i * 1000) / rate;
        if (mode === 'naive') deliver([message(i)]);
        else queue.push(message(i));
      }
      if (produced >= total) {
        clearInterval(generator);
        if (mode === 'naive') resolve();
      }
    }, 5);
    if (mode !== 'naive') {
      const frame = () => {
        if (queue.length > 0) deliver(queue.splice(0, queue.length));
        if (produced >= total && queue.length === 0) {
          cancelAnimationFrame(flushing);
          resolve();
          return;
        }
        flushing = requestAnimationFrame(frame);
      };
      flushing = requestAnimationFrame(frame);
    }
  });
  const deliveredAt = lastDeliveryAt;
  // Let the map catch up (≤ 15 s), then stop measuring.
  const waitUntil = performance.now() + 15_000;
  while (shownUpTo < total && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 50));
  clearInterval(stallTimer);
  map.off('render', onRender);
  map.off('sourcedata', onSourceData);
  proto.setData = originalSetData;
  proto.updateData = originalUpdateData;

  const sortedLatencies = (at) => {
    const out = [];
    for (let i = 0; i < total; i++) if (!Number.isNaN(at[i])) out.push(at[i] - arrival[i]);
    return out.sort((a, b) => a - b);
  };
  const pctOf = (list, p) => (list.length ? list[Math.min(list.length - 1, Math.floor((p / 100) * list.length))] : NaN);
  const latencies = sortedLatencies(shown);
  const pct = (p) => pctOf(latencies, p);
  const toSetData = sortedLatencies(handed);
  const toWorker = sortedLatencies(loaded);
  const counts = hooks.getState().incidents.feeds.demo.ingest.counts;
  return {
    messages: total,
    deliveries,
    setDataCalls,
    updateDataCalls,
    counts: { ...counts },
    ingestSeconds: (deliveredAt - t0) / 1000,
    shown: latencies.length,
    notShown: total - latencies.length,
    mapSeconds: (lastShownAt - t0) / 1000,
    p50Ms: pct(50),
    p95Ms: pct(95),
    maxMs: latencies.length ? latencies[latencies.length - 1] : NaN,
    setDataP50Ms: pctOf(toSetData, 50),
    setDataP95Ms: pctOf(toSetData, 95),
    workerP50Ms: pctOf(toWorker, 50),
    workerP95Ms: pctOf(toWorker, 95),
    longestStallMs: maxGap,
    expectedIncidents: baseline + counts.accepted,
  };
}

/** Rows in IndexedDB gridroom.incidents, read from the page (a second connection). */
function countPersisted() {
  return new Promise((resolve, reject) => {
    const open = window.indexedDB.open('gridroom');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      try {
        const req = db.transaction('incidents', 'readonly').objectStore('incidents').count();
        req.onsuccess = () => {
          db.close();
          resolve(req.result);
        };
        req.onerror = () => {
          db.close();
          reject(req.error);
        };
      } catch (err) {
        db.close();
        reject(err);
      }
    };
  });
}

async function runPath({ browser, guard, baseUrl, mode }) {
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    deviceScaleFactor: 1,
    serviceWorkers: 'block',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  try {
    await guard.install(context);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('crash', () => errors.push('the page crashed'));
    await page.goto(`${baseUrl}?demoFeed=0${mode === 'batched' ? '' : '&mapUpdate=setdata'}`);
    await page.waitForFunction(() => window.__gridroom?.ready === true && typeof window.__gridroom.feed === 'function', null, {
      timeout: 120_000,
    });
    // Let the first render and the district's writes settle before the clock starts.
    await page.waitForTimeout(2000);
    const driver = mode === 'naive' ? 'naive' : 'batched';
    const cdp = PROFILE ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const result = await page.evaluate(drivePage, { mode: driver, seconds, rate, prefix: `BENCH-${mode}`, categories: CATEGORIES });
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(join(REPO_ROOT, 'test-artifacts', 'bench'), { recursive: true });
      writeFileSync(join(REPO_ROOT, 'test-artifacts', 'bench', `ingest-${mode}.cpuprofile`), JSON.stringify(profile));
      console.log(`${mode}: most self time on the page's main thread`);
      console.log(topSelfTime(profile, 25));
    }
    // Persistence kept up? Poll the database until every accepted incident is there (≤ 30 s).
    const t0 = Date.now();
    let persisted = await page.evaluate(countPersisted);
    while (persisted < result.expectedIncidents && Date.now() - t0 < 30_000) {
      await page.waitForTimeout(250);
      persisted = await page.evaluate(countPersisted);
    }
    result.persisted = persisted;
    result.persistLagMs = Date.now() - t0;
    result.pageErrors = errors;
    return result;
  } finally {
    await context.close();
  }
}

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

/** The table printed here and by bench/report.mjs. */
export function formatIngestReport(report) {
  const { paths } = report;
  const head = ['path', 'ingested/s', 'on map/s', 'p50 msg→map', 'p95 msg→map', 'max msg→map', 'p95 msg→update', 'p95 msg→worker', 'longest stall', 'setData/updateData', 'persisted', 'not shown'];
  const rows = PATHS.filter((k) => paths[k]).map((k) => {
    const r = paths[k];
    return [
      k,
      fmt(r.counts.accepted / r.ingestSeconds, 1),
      fmt(r.shown / r.mapSeconds, 1),
      `${fmt(r.p50Ms)} ms`,
      `${fmt(r.p95Ms)} ms`,
      `${fmt(r.maxMs)} ms`,
      `${fmt(r.setDataP95Ms)} ms`,
      `${fmt(r.workerP95Ms)} ms`,
      `${fmt(r.longestStallMs)} ms`,
      `${r.setDataCalls}/${r.updateDataCalls ?? 0}`,
      `${r.persisted}/${r.expectedIncidents}`,
      String(r.notShown),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [
    '',
    `Ingest benchmark (headless ${report.chromium}, 1920×1080, SwiftShader WebGL): ${report.rate} incidents/s for ${report.seconds} s per path, run at ${report.generatedAt}`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ];
  const b = paths.batched;
  const n = paths.naive;
  const ratio = (x, y) => (Number.isFinite(x) && Number.isFinite(y) && y > 0 ? `${(x / y).toFixed(2)}×` : '—');
  for (const [name, other] of [
    ['naive', n],
    ['batched-setdata', paths['batched-setdata']],
  ]) {
    if (!b || !other) continue;
    out.push(
      '',
      `batched vs ${name}: on-map throughput ${ratio(b.shown / b.mapSeconds, other.shown / other.mapSeconds)}, ` +
        `p95 message→map ${ratio(b.p95Ms, other.p95Ms)} (${name} ÷ batched: ${ratio(other.p95Ms, b.p95Ms)}), ` +
        `longest stall ${ratio(b.longestStallMs, other.longestStallMs)} (${name} ÷ batched: ${ratio(other.longestStallMs, b.longestStallMs)})`,
    );
  }
  for (const k of PATHS) {
    const r = paths[k];
    if (!r) continue;
    const c = r.counts;
    if (c.rejected || c.duplicate || c.stale) out.push(`${k}: ingest counts ${JSON.stringify(c)}`);
    if (r.pageErrors?.length) out.push(`${k}: page errors: ${r.pageErrors.slice(0, 3).join(' | ')}`);
  }
  out.push('');
  return out.join('\n');
}

async function main() {
  // No stale figures: bench/report.mjs prints whatever this run leaves there.
  rmSync(RESULTS_FILE, { force: true });
  let executablePath;
  try {
    executablePath = findChromium();
  } catch (err) {
    console.log(`ingest benchmark skipped: ${err.message}`);
    return 0;
  }
  if (!(seconds > 0) || !(rate > 0)) {
    console.error('bench/ingest-chromium.mjs: BENCH_INGEST_SECONDS and BENCH_INGEST_RATE must be positive numbers');
    return 1;
  }
  const webRoot = mkdtempSync(join(tmpdir(), 'gridroom-bench-web-'));
  let server;
  let browser;
  try {
    if (process.env.BENCH_SKIP_BUILD === '1') {
      if (!existsSync(join(DIST_WEB, 'index.html'))) {
        console.error(`bench/ingest-chromium.mjs: ${join(DIST_WEB, 'index.html')} is missing: npm run build:web, or unset BENCH_SKIP_BUILD`);
        return 1;
      }
      cpSync(DIST_WEB, webRoot, { recursive: true });
    } else {
      console.log('ingest benchmark: building the renderer for the web');
      await buildWeb({ outDir: webRoot, minify: !PROFILE });
    }
    server = await startStaticServer({ root: webRoot, port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
    const guard = createNetworkGuard(server.url);
    console.log(`ingest benchmark: Chromium ${browser.version()}, ${rate} incidents/s for ${seconds} s per path`);
    const paths = {};
    for (const mode of PATHS) {
      console.log(`ingest benchmark: ${mode} path…`);
      paths[mode] = await runPath({ browser, guard, baseUrl: server.url, mode });
    }
    const report = {
      generatedAt: new Date().toISOString(),
      chromium: `Chromium ${browser.version()}`,
      seconds,
      rate,
      paths,
      offMachineRequests: guard.offMachine.length,
    };
    mkdirSync(join(REPO_ROOT, 'test-artifacts', 'bench'), { recursive: true });
    writeFileSync(RESULTS_FILE, JSON.stringify(report, null, 2) + '\n');
    console.log(formatIngestReport(report));
    return 0;
  } finally {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    rmSync(webRoot, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`bench/ingest-chromium.mjs: ${err.stack || err.message}`);
      process.exit(1);
    },
  );
}
