// load: a user opens Gridroom and sees the demo district: grids of every level on the map, roads,
// the district overview with its numbers, and grid workers moving in the live strip.

import assert from 'node:assert/strict';
import {
  DEMO_ROOT,
  eventually,
  numbersIn,
  openApp,
  renderedGrids,
  stateGrids,
  waitForMapIdle,
} from '../lib/app.mjs';

/** Positions in the map's 'workers' source, as one comparable string. */
async function workerPositions(page) {
  return page.evaluate(async () => {
    const source = window.__gridroom.map.getSource('workers');
    if (!source) throw new Error("the map has no 'workers' source");
    const data = await source.getData();
    return JSON.stringify((data.features ?? []).map((f) => f.geometry?.coordinates));
  });
}

/**
 * Mid-morning China time: the demo's workers walk only in working hours, and this suite must see
 * them move whenever it runs (CI at night included).
 */
const DEMO_QUERY = '?demoTime=2026-11-22T10:00:00%2B08:00';

export function register(test) {
  test('the app loads the demo district and renders the map', async (t) => {
    const readyMs = await openApp(t.page, t.baseUrl, DEMO_QUERY);
    const firstMapRenderMs = await t.page.evaluate(() => window.__gridroom.firstMapRenderMs);
    t.metric('readyMs', readyMs);
    t.metric('firstMapRenderMs', firstMapRenderMs);
    t.log(`ready after ${readyMs} ms; firstMapRenderMs = ${firstMapRenderMs}`);
    assert.equal(typeof firstMapRenderMs, 'number', 'window.__gridroom.firstMapRenderMs is not a number once ready');
    assert.ok(firstMapRenderMs > 0, `firstMapRenderMs should be positive, got ${firstMapRenderMs}`);
    await t.page.getByTestId('app-root').waitFor({ state: 'visible' });
    await t.page.getByTestId('topbar').waitFor({ state: 'visible' });
  });

  test('the demo holds one sub-district and 180–220 micro-grids', async (t) => {
    const grids = await stateGrids(t.page);
    const roots = grids.filter((g) => g.level === 1).map((g) => g.code);
    assert.deepEqual(roots, [DEMO_ROOT], `the demo's level-1 grids should be [${DEMO_ROOT}]`);
    const micro = grids.filter((g) => g.level === 4);
    assert.ok(micro.length >= 180 && micro.length <= 220, `the demo has ${micro.length} micro-grids, expected 180–220`);
    t.shared.demoGridCount = grids.length;
    t.metric('demoGrids', grids.length);
    t.metric('demoMicroGrids', micro.length);
  });

  test('the map shows grids of several levels, micro-grids included', async (t) => {
    await waitForMapIdle(t.page);
    const rendered = await renderedGrids(t.page);
    const levels = [...new Set(rendered.map((g) => g.level))].sort();
    t.log(`rendered grids: ${rendered.length}, levels ${levels.join(',')}`);
    assert.ok(levels.length >= 3, `grids-fill renders levels [${levels}]; expected at least three levels`);
    assert.ok(levels.includes(4), `no micro-grid (level 4) among the ${rendered.length} rendered grids`);
    const micro = rendered.filter((g) => g.level === 4);
    assert.ok(micro.length >= 50, `only ${micro.length} micro-grids are rendered in the initial view`);
    assert.ok(
      rendered.every((g) => g.code === DEMO_ROOT || g.code.startsWith(`${DEMO_ROOT}-`)),
      'a rendered grid has a code outside the demo district',
    );
    t.metric('renderedGrids', rendered.length);
  });

  test('roads are drawn', async (t) => {
    const roads = await t.page.evaluate(
      () => window.__gridroom.map.queryRenderedFeatures({ layers: ['roads-line'] }).length,
    );
    assert.ok(roads > 0, "no feature is rendered in the 'roads-line' layer");
    t.metric('renderedRoadFeatures', roads);
  });

  test('the district overview shows numbers', async (t) => {
    const overview = t.page.getByTestId('district-overview');
    await overview.waitFor({ state: 'visible', timeout: 10_000 });
    const text = await overview.innerText();
    const numbers = numbersIn(text).filter((n) => n > 0);
    assert.ok(numbers.length >= 3, `district-overview shows ${numbers.length} positive numbers: "${text.slice(0, 200)}"`);
  });

  test("the live strip is shown and the workers' positions move", async (t) => {
    await t.page.getByTestId('live-strip').waitFor({ state: 'visible', timeout: 10_000 });
    const first = await workerPositions(t.page);
    assert.notEqual(first, '[]', "the 'workers' source holds no positions");
    // The demo feed sends every worker's fix every DEMO_POSITIONS_EVERY_S (10 s) of its clock.
    await eventually(async () => (await workerPositions(t.page)) !== first, {
      timeout: 15_000,
      message: "the 'workers' source data did not change within 15 s",
    });
    const drawn = await t.page.evaluate(
      () => window.__gridroom.map.queryRenderedFeatures({ layers: ['workers'] }).length,
    );
    assert.ok(drawn > 0, "no worker is rendered in the 'workers' layer");
  });

  test('screenshots at 1920×1080 and 1280×800', async (t) => {
    await waitForMapIdle(t.page);
    await t.shot('1920x1080');
    await t.page.setViewportSize({ width: 1280, height: 800 });
    // The map follows the window: its canvas shrinks and it still draws grids.
    await eventually(
      async () => (await t.page.evaluate(() => window.__gridroom.map.getCanvas().clientWidth)) <= 1280,
      { timeout: 5_000, message: 'the map canvas did not shrink with the window' },
    );
    await waitForMapIdle(t.page);
    const rendered = await renderedGrids(t.page);
    assert.ok(rendered.length > 0, 'no grid is rendered at 1280×800');
    const overflow = await t.page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }));
    // On a short window the legend folds to one line, so it does not cover the map; a click opens it.
    assert.equal(await t.page.getByTestId('map-legend').getAttribute('data-open'), 'false', 'the legend is open at 1280×800');
    await t.shot('1280x800');
    assert.ok(overflow.x <= 0 && overflow.y <= 0, `the page scrolls at 1280×800 (overflow ${JSON.stringify(overflow)})`);
    await t.page.getByTestId('map-legend').getByRole('button').click();
    assert.equal(await t.page.getByTestId('map-legend').getAttribute('data-open'), 'true', 'a click did not open the legend');
    const legendBox = await t.page.getByTestId('map-legend').boundingBox();
    assert.ok(legendBox && legendBox.y >= 90, `the opened legend reaches over the top bar (top ${legendBox?.y})`);
    await t.shot('1280x800-legend');
    await t.page.setViewportSize({ width: 1920, height: 1080 });
  });
}
