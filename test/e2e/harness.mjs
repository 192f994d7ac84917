// A minimal test harness for the e2e specs: no test framework is installed beyond vitest, and
// vitest's Node workers are the wrong place to drive one shared browser. A spec file exports
//
//   export function register(test) {
//     test('what the user sees', async (t) => { … }, { timeout: 60_000 });
//   }
//
// Its tests run in order, in one fresh browser context and one page (a spec is a user's session:
// later steps build on earlier ones). `t` carries the page and helpers (see makeTestContext).
// Assertions come from node:assert/strict. A test fails when it throws, times out, or when the
// page reported an uncaught error (pageerror) while it ran.

import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Default time one test may take; a spec may pass { timeout } per test. */
export const DEFAULT_TEST_TIMEOUT_MS = 90_000;

/** `10-load.spec.mjs` → `load`: the name used in output and screenshot file names. */
export function specNameOf(file) {
  return basename(file)
    .replace(/\.spec\.mjs$/, '')
    .replace(/^\d+[-_]/, '');
}

/** A file-name-safe slug of a test or step name. */
export function slug(text) {
  return (
    String(text)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'step'
  );
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

class TimeoutError extends Error {}

/** Resolves with fn's result, or rejects with a TimeoutError after `ms`. */
async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${seconds(ms)}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The message of an error for the report: assertion diffs included, stack trimmed to our files. */
export function describeError(err) {
  if (!(err instanceof Error)) return String(err);
  const lines = [err.message];
  if (err.stack) {
    const frames = err.stack
      .split('\n')
      .filter((line) => /^\s+at /.test(line) && line.includes('/test/e2e/') && !line.includes('harness.mjs'))
      .slice(0, 3);
    lines.push(...frames.map((f) => f.trim()));
  }
  return lines.join('\n');
}

/**
 * Runs one spec file: imports it, opens a fresh context with the network guard, runs its tests in
 * order and reports each. Returns { name, passed, failed, ms, tests }.
 *
 * @param {object} options
 * @param {string} options.file absolute path of the spec file
 * @param {import('playwright-core').Browser} options.browser
 * @param {string} options.baseUrl the static server's URL (trailing slash)
 * @param {ReturnType<import('./network-guard.mjs').createNetworkGuard>} options.guard
 * @param {string} options.artifactsDir where screenshots and failure notes go
 * @param {object} options.metrics the run's metrics object; the spec's share goes under metrics.specs[name]
 * @param {object} options.shared data passed between specs (e.g. the demo's grid count)
 * @param {(line: string) => void} [options.print]
 */
export async function runSpecFile({ file, browser, baseUrl, guard, artifactsDir, metrics, shared, print = console.log }) {
  const name = specNameOf(file);
  const started = Date.now();
  const results = [];
  const specMetrics = { tests: {}, data: {} };
  metrics.specs[name] = specMetrics;
  print(`\n${name}  (${basename(file)})`);

  const fail = (testName, message, ms = 0) => {
    results.push({ name: testName, ok: false, ms, message });
    print(`  FAIL ${testName} (${seconds(ms)})`);
    print(indent(message, 6));
  };

  // 1. Collect the spec's tests.
  const tests = [];
  try {
    const mod = await import(pathToFileURL(file).href);
    if (typeof mod.register !== 'function') {
      throw new Error(`${basename(file)} exports no register(test) function`);
    }
    await mod.register((testName, fn, opts = {}) => {
      if (typeof testName !== 'string' || typeof fn !== 'function') {
        throw new Error(`test(name, fn) needs a name and a function (in ${basename(file)})`);
      }
      tests.push({ name: testName, fn, timeout: opts.timeout ?? DEFAULT_TEST_TIMEOUT_MS });
    });
    if (tests.length === 0) throw new Error(`${basename(file)} registered no tests`);
  } catch (err) {
    fail(`load ${basename(file)}`, describeError(err));
    return finish();
  }

  // 2. A fresh context: its own storage (IndexedDB), the guard, error capture.
  let context;
  let page;
  const pageErrors = [];
  const consoleErrors = [];
  let current = '(setup)';
  try {
    context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      deviceScaleFactor: 1,
      acceptDownloads: true,
      // Service workers would fetch outside context.route; the app needs none.
      serviceWorkers: 'block',
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    await guard.install(context);
    const watch = (p) => {
      p.on('pageerror', (err) => pageErrors.push({ test: current, message: err.stack || err.message }));
      p.on('console', (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warning') {
          consoleErrors.push({ test: current, type: msg.type(), text: msg.text() });
        }
      });
      p.on('crash', () => pageErrors.push({ test: current, message: 'the page crashed' }));
    };
    context.on('page', watch);
    page = await context.newPage();
  } catch (err) {
    fail('open a browser context', describeError(err));
    await context?.close().catch(() => {});
    return finish();
  }

  // 3. Run the tests in order.
  let aborted = null;
  for (const test of tests) {
    if (aborted) {
      fail(test.name, `not run: ${aborted}`);
      continue;
    }
    current = test.name;
    guard.setWhere(name, test.name);
    const errorsBefore = pageErrors.length;
    const consoleBefore = consoleErrors.length;
    const t0 = Date.now();
    const t = makeTestContext({ name, test, page, context, baseUrl, artifactsDir, specMetrics, shared, guard, print });
    try {
      await withTimeout(Promise.resolve().then(() => test.fn(t)), test.timeout, `"${test.name}"`);
      const newErrors = pageErrors.slice(errorsBefore);
      if (newErrors.length > 0) {
        throw new Error(
          `the page threw ${newErrors.length} uncaught error(s) during this test:\n` +
            newErrors.map((e) => `- ${firstLines(e.message, 4)}`).join('\n'),
        );
      }
      const ms = Date.now() - t0;
      results.push({ name: test.name, ok: true, ms });
      specMetrics.tests[test.name] = { ok: true, ms };
      print(`  PASS ${test.name} (${seconds(ms)})`);
    } catch (err) {
      const ms = Date.now() - t0;
      specMetrics.tests[test.name] = { ok: false, ms };
      const notes = await saveFailureArtifacts({
        page,
        artifactsDir,
        spec: name,
        test: test.name,
        err,
        pageErrors: pageErrors.slice(errorsBefore),
        consoleErrors: consoleErrors.slice(consoleBefore),
      });
      fail(test.name, [describeError(err), ...notes].join('\n'), ms);
      if (err instanceof TimeoutError) {
        // The timed-out test may still be driving the page: stop it by closing the context.
        aborted = `"${test.name}" timed out, so the spec's page was closed`;
        await context.close().catch(() => {});
      }
    }
  }
  specMetrics.consoleErrors = consoleErrors.filter((e) => e.type === 'error').length;
  specMetrics.pageErrors = pageErrors.length;
  if (!aborted) await context.close().catch(() => {});
  return finish();

  function finish() {
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    specMetrics.ms = Date.now() - started;
    specMetrics.passed = passed;
    specMetrics.failed = failed;
    return { name, passed, failed, ms: specMetrics.ms, tests: results };
  }
}

/** What a test function receives as `t`. */
function makeTestContext({ name, test, page, context, baseUrl, artifactsDir, specMetrics, shared, guard, print }) {
  return {
    spec: name,
    test: test.name,
    page,
    context,
    baseUrl,
    artifactsDir,
    shared,
    guard,
    /** Saves a screenshot as test-artifacts/e2e/<spec>-<step>.png and returns its path. */
    async shot(step, options = {}) {
      const path = join(artifactsDir, `${name}-${slug(step)}.png`);
      await page.screenshot({ path, ...options });
      return path;
    },
    /** Records a number or value under metrics.specs[<spec>].data[key]. */
    metric(key, value) {
      specMetrics.data[key] = value;
    },
    /** A note printed under the test's result line. */
    log(message) {
      print(indent(String(message), 6));
    },
  };
}

/** On failure: a screenshot, the console and page errors in a text file; returns lines for the report. */
async function saveFailureArtifacts({ page, artifactsDir, spec, test, err, pageErrors, consoleErrors }) {
  const notes = [];
  const base = join(artifactsDir, `${spec}-FAILED-${slug(test)}`);
  try {
    if (page && !page.isClosed()) {
      await page.screenshot({ path: `${base}.png`, timeout: 10_000 });
      notes.push(`screenshot: ${base}.png`);
    }
  } catch (shotErr) {
    notes.push(`(no screenshot: ${firstLines(shotErr.message, 1)})`);
  }
  const errors = consoleErrors.filter((e) => e.type === 'error');
  if (errors.length > 0) {
    notes.push(`console errors during the test (${errors.length}):`);
    notes.push(...errors.slice(0, 15).map((e) => `  ${firstLines(e.text, 2)}`));
  }
  const text = [
    `spec: ${spec}`,
    `test: ${test}`,
    '',
    'error:',
    err instanceof Error ? err.stack || err.message : String(err),
    '',
    `page errors (${pageErrors.length}):`,
    ...pageErrors.map((e) => e.message),
    '',
    `console errors and warnings (${consoleErrors.length}):`,
    ...consoleErrors.map((e) => `[${e.type}] ${e.text}`),
    '',
  ].join('\n');
  try {
    mkdirSync(artifactsDir, { recursive: true });
    writeFileSync(`${base}.txt`, text);
    notes.push(`details: ${base}.txt`);
  } catch {
    /* the report still has the message */
  }
  return notes;
}

function firstLines(text, n) {
  return String(text).split('\n').slice(0, n).join(' | ');
}

function indent(text, n) {
  const pad = ' '.repeat(n);
  return String(text)
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}
