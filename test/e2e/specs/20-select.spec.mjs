// select: a user clicks a micro-grid on the map and reads it in the side panel, climbs the
// breadcrumb, clears with Escape, steps to the next sibling with ArrowRight, switches the
// choropleth and hides the micro-grid level.

import assert from 'node:assert/strict';
import {
  DEMO_ROOT,
  clickGridOnMap,
  clickablePointOf,
  eventually,
  expectPanelCode,
  numbersIn,
  openApp,
  parentCodeOf,
  renderedGrids,
  stateGrids,
  stateSummary,
  textOf,
  waitForCameraSettled,
  waitForMapIdle,
} from '../lib/app.mjs';

/** The fill paint of the grids layer, as one comparable string. */
async function gridsFillPaint(page) {
  return page.evaluate(() => {
    const map = window.__gridroom.map;
    return JSON.stringify([map.getPaintProperty('grids-fill', 'fill-color'), map.getPaintProperty('grids-fill', 'fill-opacity')]);
  });
}

/** The micro-grid the spec works with, chosen in the first test. */
let target = null;

export function register(test) {
  test('clicking a micro-grid on the map shows it in the panel', async (t) => {
    await openApp(t.page, t.baseUrl);
    await waitForMapIdle(t.page);
    const grids = await stateGrids(t.page);
    const rendered = (await renderedGrids(t.page)).filter((g) => g.level === 4).sort((a, b) => a.code.localeCompare(b.code));
    assert.ok(rendered.length > 0, 'no micro-grid is rendered to click');
    // A micro-grid with a next sibling, so ArrowRight has somewhere to go.
    for (const g of rendered) {
      const siblings = grids
        .filter((s) => s.parentCode === parentCodeOf(g.code) && s.level === 4)
        .map((s) => s.code)
        .sort();
      const i = siblings.indexOf(g.code);
      if (i < 0 || i === siblings.length - 1) continue;
      if (!(await clickablePointOf(t.page, g.code))) continue;
      target = { ...g, nextSibling: siblings[i + 1], parent: parentCodeOf(g.code) };
      break;
    }
    assert.ok(target, 'found no clickable micro-grid with a next sibling on screen');
    t.log(`clicking ${target.code} (${target.name}, ${target.households} households)`);
    await clickGridOnMap(t.page, target.code);
    await t.page.getByTestId('selection-panel').waitFor({ state: 'visible', timeout: 10_000 });
    await expectPanelCode(t.page, target.code);
    const name = await textOf(t.page, 'panel-name');
    assert.ok(name?.includes(target.name), `panel-name shows "${name}", expected "${target.name}"`);
    const households = await textOf(t.page, 'panel-households');
    assert.ok(households !== null, 'the panel has no panel-households');
    if (typeof target.households === 'number') {
      assert.ok(
        numbersIn(households).includes(target.households),
        `panel-households shows "${households}", expected ${target.households}`,
      );
    }
    assert.ok((await textOf(t.page, 'panel-level')) !== null, 'the panel has no panel-level');
    await waitForMapIdle(t.page);
    await t.shot('micro-grid-selected');
  });

  test('the breadcrumb leads up to the sub-district, and a click selects the parent', async (t) => {
    assert.ok(target, 'no micro-grid was selected by the first test');
    const crumbs = await t.page
      .getByTestId('breadcrumb')
      .getByTestId('breadcrumb-item')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-code')));
    const ancestors = [];
    for (let c = parentCodeOf(target.code); c; c = parentCodeOf(c)) ancestors.unshift(c);
    assert.equal(ancestors[0], DEMO_ROOT);
    // Items without a code (a district name, a home icon) are not grid levels.
    const upward = crumbs.filter((c) => c && c !== target.code);
    assert.deepEqual(upward, ancestors, `breadcrumb items [${crumbs}] should lead ${ancestors.join(' › ')}`);
    await t.page.locator(`[data-testid="breadcrumb-item"][data-code="${target.parent}"]`).click();
    await expectPanelCode(t.page, target.parent);
    const children = await t.page
      .getByTestId('panel-child')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-code')));
    assert.ok(children.includes(target.code), `the parent's panel-child rows [${children.slice(0, 8)}…] miss ${target.code}`);
    assert.ok((await textOf(t.page, 'panel-chief')) !== null, 'the panel has no panel-chief');
  });

  test('Escape clears the selection', async (t) => {
    assert.notEqual((await stateSummary(t.page)).selected, null, 'nothing is selected to clear');
    await t.page.keyboard.press('Escape');
    await eventually(async () => (await stateSummary(t.page)).selected === null, {
      timeout: 5_000,
      message: 'after Escape, getState().selected is still set',
    });
    await eventually(async () => !(await t.page.getByTestId('panel-code').isVisible()), {
      timeout: 5_000,
      message: 'after Escape, panel-code is still shown',
    });
  });

  test('ArrowRight steps to the next sibling', async (t) => {
    assert.ok(target, 'no micro-grid was chosen by the first test');
    await waitForMapIdle(t.page);
    await clickGridOnMap(t.page, target.code);
    await expectPanelCode(t.page, target.code);
    await t.page.keyboard.press('ArrowRight');
    await expectPanelCode(t.page, target.nextSibling);
    await waitForMapIdle(t.page);
    await t.shot('next-sibling');
  });

  test('the choropleth switch changes the select and the map paint', async (t) => {
    const select = t.page.getByTestId('choropleth-select');
    let paint = await gridsFillPaint(t.page);
    for (const mode of ['population', 'buildings', 'none', 'households_band']) {
      if ((await select.inputValue()) === mode) continue;
      await select.selectOption(mode);
      assert.equal(await select.inputValue(), mode, `choropleth-select did not take "${mode}"`);
      const before = paint;
      paint = await eventually(
        async () => {
          const now = await gridsFillPaint(t.page);
          return now !== before ? now : null;
        },
        { timeout: 5_000, message: `switching the choropleth to "${mode}" did not change the grids-fill paint` },
      );
      assert.equal((await stateSummary(t.page)).choropleth, mode);
      if (mode === 'population') {
        await waitForMapIdle(t.page);
        await t.shot('choropleth-population');
      }
    }
  });

  test('level toggle 4 off hides micro-grids, on brings them back', async (t) => {
    // Back to the whole district, as a user would: search the sub-district's code, Enter, Escape.
    await t.page.evaluate(() => document.activeElement?.blur());
    await t.page.keyboard.press('/');
    await t.page.getByTestId('search-input').fill(DEMO_ROOT);
    await t.page.getByTestId('search-result').first().waitFor({ state: 'visible', timeout: 5_000 });
    await t.page.keyboard.press('Enter');
    await expectPanelCode(t.page, DEMO_ROOT);
    await waitForCameraSettled(t.page);
    await t.page.keyboard.press('Escape');
    const microBefore = (await renderedGrids(t.page)).filter((g) => g.level === 4).length;
    assert.ok(microBefore >= 50, `only ${microBefore} micro-grids are rendered over the whole district`);
    const toggle = t.page.getByTestId('level-toggle-4');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'level-toggle-4 should start pressed');
    await toggle.click();
    await eventually(async () => (await toggle.getAttribute('aria-pressed')) === 'false', {
      timeout: 5_000,
      message: 'level-toggle-4 is not aria-pressed="false" after a click',
    });
    await eventually(
      async () => {
        await waitForMapIdle(t.page, 5_000);
        return (await renderedGrids(t.page)).every((g) => g.level !== 4);
      },
      { timeout: 10_000, message: 'micro-grids are still rendered with level 4 off' },
    );
    const levels = [...new Set((await renderedGrids(t.page)).map((g) => g.level))];
    assert.ok(levels.length >= 2, `with level 4 off only levels [${levels}] are rendered`);
    await t.shot('level-4-off');
    await toggle.click();
    await eventually(async () => (await toggle.getAttribute('aria-pressed')) === 'true', {
      timeout: 5_000,
      message: 'level-toggle-4 is not aria-pressed="true" after a second click',
    });
    await eventually(
      async () => {
        await waitForMapIdle(t.page, 5_000);
        return (await renderedGrids(t.page)).some((g) => g.level === 4);
      },
      { timeout: 10_000, message: 'micro-grids did not come back with level 4 on' },
    );
  });
}
