// search: a user presses '/', types a grid's name or code, picks a result, and the map flies to
// the grid while the panel shows it.

import assert from 'node:assert/strict';
import {
  bboxInViewport,
  camera,
  expectPanelCode,
  gridBBox,
  openApp,
  stateGrids,
  waitForCameraSettled,
} from '../lib/app.mjs';

const moved = (a, b) => Math.abs(a.zoom - b.zoom) > 0.01 || Math.abs(a.lng - b.lng) > 1e-6 || Math.abs(a.lat - b.lat) > 1e-6;

/** Presses '/' away from any input and checks the search box took the focus (and not the '/'). */
async function focusSearch(page) {
  await page.keyboard.press('/');
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  assert.equal(focused, 'search-input', `after '/', the focus is on [data-testid=${focused}], not search-input`);
  const value = await page.getByTestId('search-input').inputValue();
  assert.ok(!value.includes('/'), `the '/' that opened search was typed into it ("${value}")`);
}

export function register(test) {
  test("'/' focuses the search box", async (t) => {
    await openApp(t.page, t.baseUrl);
    await waitForCameraSettled(t.page);
    // Start from the body, as after a page load.
    await t.page.evaluate(() => document.activeElement?.blur());
    await focusSearch(t.page);
  });

  test("typing a grid's name lists it; clicking the result shows it and flies there", async (t) => {
    const grids = await stateGrids(t.page);
    // A level-3 base grid with a distinctive name.
    const candidates = grids.filter((g) => g.level === 3 && g.kind !== 'dedicated' && g.name);
    assert.ok(candidates.length > 0, 'the demo has no level-3 grid with a name');
    const target =
      candidates.find((g) => grids.filter((o) => o.name.includes(g.name)).length === 1) ?? candidates[0];
    const before = await camera(t.page);
    await t.page.getByTestId('search-input').fill(target.name);
    const row = t.page.locator(`[data-testid="search-result"][data-code="${target.code}"]`);
    await row.waitFor({ state: 'visible', timeout: 5_000 });
    await t.shot('results-by-name');
    await row.click();
    await expectPanelCode(t.page, target.code);
    await waitForCameraSettled(t.page);
    const after = await camera(t.page);
    assert.ok(moved(before, after), `the camera did not move to ${target.code} (${JSON.stringify(after)})`);
    const bbox = await gridBBox(t.page, target.code);
    assert.ok(await bboxInViewport(t.page, bbox), `${target.code}'s bounds ${JSON.stringify(bbox)} are not all on screen`);
    await t.shot('flown-to-grid');
  });

  test('typing a code and pressing Enter picks the exact match', async (t) => {
    const grids = await stateGrids(t.page);
    const micro = grids.filter((g) => g.level === 4).map((g) => g.code).sort();
    // The last micro-grid: far from the level-3 grid the previous test flew to, most likely.
    const code = micro[micro.length - 1];
    await t.page.keyboard.press('Escape');
    await t.page.evaluate(() => document.activeElement?.blur());
    await focusSearch(t.page);
    const before = await camera(t.page);
    await t.page.getByTestId('search-input').fill(code);
    const first = t.page.getByTestId('search-result').first();
    await first.waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(await first.getAttribute('data-code'), code, `the first search result for "${code}" is not ${code}`);
    await t.page.keyboard.press('Enter');
    await expectPanelCode(t.page, code);
    await waitForCameraSettled(t.page);
    const after = await camera(t.page);
    assert.ok(moved(before, after), `the camera did not move to ${code}`);
    const bbox = await gridBBox(t.page, code);
    assert.ok(await bboxInViewport(t.page, bbox), `${code}'s bounds are not all on screen`);
    await t.shot('enter-picked-code');
  });
}
