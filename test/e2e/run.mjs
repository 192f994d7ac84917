#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end suite. Builds the renderer for the web (vite.web.config.ts),
// serves the build on a free port of 127.0.0.1 in this process, drives Debian's Chromium through
// playwright-core, and runs test/e2e/specs/*.spec.mjs in file-name order, each in a fresh browser
// context behind the network guard.
//
// Environment:
//   CHROMIUM_PATH=/path/to/chromium   which browser to drive (default: /usr/bin/chromium, …)
//   E2E_SKIP_BUILD=1                  do not build: serve a copy of the dist-web/ that is there
//   E2E_SPECS=load,select             run only these specs (names without number and .spec.mjs)
//
// The build goes to a temporary folder of this run (removed at the end), not dist-web/: another
// `npm run build:web` in the same tree would otherwise empty the folder being served.
//
// Output: one line per test, then `N passed, N failed`. Artifacts (created fresh each run):
// test-artifacts/e2e/<spec>-<step>.png, <spec>-FAILED-<test>.png/.txt, metrics.json.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { buildWeb, DIST_WEB, REPO_ROOT, startStaticServer } from '../../scripts/web.mjs';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
import { runSpecFile, specNameOf } from './harness.mjs';
import { createNetworkGuard } from './network-guard.mjs';

export const SPECS_DIR = resolve(import.meta.dirname, 'specs');
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts', 'e2e');

/** The spec files to run, in file-name order, filtered by E2E_SPECS when set. */
export function listSpecFiles(filter = process.env.E2E_SPECS) {
  const files = readdirSync(SPECS_DIR)
    .filter((f) => f.endsWith('.spec.mjs'))
    .sort()
    .map((f) => join(SPECS_DIR, f));
  if (!filter) return files;
  const wanted = new Set(filter.split(',').map((s) => s.trim()).filter(Boolean));
  const unknown = [...wanted].filter((w) => !files.some((f) => specNameOf(f) === w));
  if (unknown.length > 0) {
    throw new Error(
      `E2E_SPECS names unknown spec(s): ${unknown.join(', ')}; known: ${files.map(specNameOf).join(', ')}`,
    );
  }
  return files.filter((f) => wanted.has(specNameOf(f)));
}

async function main() {
  const runStarted = Date.now();
  const metrics = { startedAt: new Date(runStarted).toISOString(), specs: {} };

  // 1. A browser to drive, or a plain message saying how to get one.
  let executablePath;
  try {
    executablePath = findChromium();
  } catch (err) {
    console.error(`e2e: ${err.message}`);
    return setupFailed();
  }

  let specFiles;
  try {
    specFiles = listSpecFiles();
  } catch (err) {
    console.error(`e2e: ${err.message}`);
    return setupFailed();
  }
  rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });

  // 2. The web build, in a folder of this run's own: the working tree's dist-web/ can be emptied
  //    by anyone's `npm run build:web` while the suite is serving it.
  const webRoot = mkdtempSync(join(tmpdir(), 'gridroom-e2e-web-'));
  try {
    if (process.env.E2E_SKIP_BUILD === '1') {
      console.log('e2e: E2E_SKIP_BUILD=1, serving a copy of the existing dist-web/');
      if (!existsSync(join(DIST_WEB, 'index.html'))) {
        console.error(`e2e: ${join(DIST_WEB, 'index.html')} is missing: build it (npm run build:web) or unset E2E_SKIP_BUILD`);
        return setupFailed();
      }
      cpSync(DIST_WEB, webRoot, { recursive: true });
    } else {
      console.log('e2e: building the renderer for the web (vite build --config vite.web.config.ts)');
      const t0 = Date.now();
      try {
        await buildWeb({ outDir: webRoot });
      } catch (err) {
        console.error(`e2e: ${err.message}`);
        return setupFailed();
      }
      metrics.buildMs = Date.now() - t0;
    }
    const missing = missingAssets(webRoot);
    if (missing.length > 0) {
      console.error(`e2e: the web build is incomplete: ${missing.slice(0, 5).join(', ')} missing`);
      return setupFailed();
    }
    return await runSuite({ webRoot, executablePath, specFiles, metrics, runStarted });
  } finally {
    rmSync(webRoot, { recursive: true, force: true });
  }
}

/** When the suite cannot start (no browser, no build): still end with the summary line; exit 1. */
function setupFailed() {
  console.log('0 passed, 1 failed');
  return 1;
}

/** index.html, and the files its <script src> and <link href> name, that are not in `root`. */
export function missingAssets(root) {
  const index = join(root, 'index.html');
  if (!existsSync(index)) return ['index.html'];
  const html = readFileSync(index, 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\.?\/?([^"#?:]+)"/g)].map((m) => m[1]);
  return refs.filter((ref) => !existsSync(join(root, ref)));
}

/** Serves `webRoot`, drives Chromium through the specs, writes metrics.json; returns the exit code. */
async function runSuite({ webRoot, executablePath, specFiles, metrics, runStarted }) {
  // 3. Server and browser, both owned by this process and closed in `finally`.
  let server;
  let browser;
  let passed = 0;
  let failed = 0;
  const onSignal = async (signal) => {
    console.error(`\ne2e: ${signal}: closing the browser and the server`);
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    rmSync(webRoot, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    server = await startStaticServer({ root: webRoot, port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
    metrics.chromium = { path: executablePath, version: browser.version() };
    metrics.baseUrl = server.url;
    console.log(`e2e: ${executablePath} (Chromium ${browser.version()}), app at ${server.url}`);

    const guard = createNetworkGuard(server.url);
    const shared = { guard };
    for (const file of specFiles) {
      const result = await runSpecFile({
        file,
        browser,
        baseUrl: server.url,
        guard,
        artifactsDir: ARTIFACTS_DIR,
        metrics,
        shared,
      });
      passed += result.passed;
      failed += result.failed;
    }
    metrics.offMachineRequests = guard.offMachine;
    // Headline numbers, lifted from the specs that measured them.
    metrics.firstMapRenderMs = metrics.specs.load?.data.firstMapRenderMs ?? null;
    metrics.readyMs = metrics.specs.load?.data.readyMs ?? null;
  } catch (err) {
    console.error(`e2e: ${err.stack || err.message}`);
    failed += 1;
  } finally {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
  }

  metrics.totalMs = Date.now() - runStarted;
  metrics.passed = passed;
  metrics.failed = failed;
  writeFileSync(join(ARTIFACTS_DIR, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  console.log(`\ne2e: artifacts in ${ARTIFACTS_DIR}; total ${(metrics.totalMs / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

// Run only when started as a script (`node test/e2e/run.mjs`), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`e2e: ${err.stack || err.message}`);
      process.exit(1);
    },
  );
}
