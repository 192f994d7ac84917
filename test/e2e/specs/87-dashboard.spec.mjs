// dashboard: the incident dashboard tab shows the live open count of the state; a click on a class
// bar, a grid row or an hour lists exactly the cases the figure counted; the column stays legible
// at 1920×1080 and 1280×800 (screenshots of its top and bottom at both sizes).

import assert from 'node:assert/strict';
import { eventually, openApp } from '../lib/app.mjs';

/** The demo clock starts mid-afternoon (China time) whatever time the suite runs; operators act. */
const DEMO_QUERY = '?demoTime=2026-11-22T15:00:00%2B08:00';

/** Open cases and their sum per status, read from the state. */
async function stateOpen(page) {
  return page.evaluate(() => {
    const open = new Set(['collected', 'registered', 'dispatched', 'handling', 'handled']);
    return [...window.__gridroom.getState().incidents.byId.values()].filter((i) => open.has(i.status)).length;
  });
}

async function openDashboard(page) {
  await page.getByTestId('side-tab-dashboard').click();
  await page.getByTestId('dashboard-panel').waitFor({ timeout: 10_000 });
}

const listRows = async (page) => Number(await page.getByTestId('incident-list').getAttribute('data-rows'));

/**
 * Clicks the figure `locate(page)` finds and returns [its count, the list's rows after the drill].
 * The demo feed and its operators keep changing cases, so a mismatch is retried a few times: a
 * report or a step may land between reading the figure and the list drawing. A real mismatch
 * repeats every time.
 */
async function drill(t, what, locate) {
  let last = null;
  for (let attempt = 1; attempt <= 5; attempt++) {
    await openDashboard(t.page);
    const target = await locate(t.page);
    const count = Number(await target.getAttribute('data-count'));
    const key = (await target.getAttribute('data-key')) ?? (await target.getAttribute('data-code')) ?? (await target.getAttribute('data-from'));
    await target.click();
    await t.page.getByTestId('incident-list').waitFor({ timeout: 10_000 });
    const rows = await eventually(async () => {
      const n = await listRows(t.page);
      return Number.isFinite(n) ? { n } : null;
    });
    last = { count, rows: rows.n, key };
    if (rows.n === count) {
      t.log(`${what} ${key}: ${count} counted, ${rows.n} listed (attempt ${attempt})`);
      return last;
    }
    t.log(`${what} ${key}: ${count} counted but ${rows.n} listed (attempt ${attempt}); the feed may have moved, retrying`);
  }
  return last;
}

/** The bar (or row) with the largest `data-count` among those `testid` names. */
async function largest(page, testid) {
  const counts = await page.locator(`[data-testid="${testid}"]`).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
  assert.ok(counts.length > 0, `no ${testid} on the dashboard`);
  const best = counts.indexOf(Math.max(...counts));
  return page.locator(`[data-testid="${testid}"]`).nth(best);
}

export function register(test) {
  test('the dashboard shows the open count of the state', async (t) => {
    await openApp(t.page, t.baseUrl, DEMO_QUERY);
    await eventually(async () => Number(await t.page.getByTestId('side-tab-incidents-count').innerText()) > 20, {
      timeout: 20_000,
      message: 'the incidents tab counts no open incidents from the demo feed',
    });
    await openDashboard(t.page);
    const seen = await eventually(
      async () => {
        const kpi = Number(await t.page.getByTestId('dashboard-kpi-open').getAttribute('data-value'));
        const state = await stateOpen(t.page);
        const bars = await t.page.locator('[data-testid="dashboard-status-bar"]').evaluateAll((els) => els.reduce((n, e) => n + Number(e.getAttribute('data-count')), 0));
        return kpi === state && bars === state && kpi > 0 ? { kpi, bars } : null;
      },
      { message: 'the KPI open count (or the sum of the status bars) never matched the state' },
    );
    t.log(`open: ${seen.kpi} (KPI) = ${seen.bars} (status bars) = state`);
    const classes = await t.page.locator('[data-testid="dashboard-class-bar"]').count();
    assert.ok(classes >= 2, `only ${classes} class bars`);
    assert.ok((await t.page.locator('[data-testid="dashboard-top-grid"]').count()) > 0, 'no top grid listed');
    assert.equal(await t.page.locator('[data-testid="dashboard-hour-bar"]').count(), 24, 'the hour chart has not 24 hours');
    assert.ok((await t.page.locator('[data-testid="dashboard-indicator-row"]').count()) >= 1, 'no indicator row');
  });

  test('a class bar lists exactly the cases it counted', async (t) => {
    const r = await drill(t, 'class', (page) => largest(page, 'dashboard-class-bar'));
    assert.equal(r.rows, r.count, `class ${r.key}: the bar counted ${r.count}, the list shows ${r.rows}`);
    const filter = await t.page.evaluate(() => window.__gridroom.getState().incidents.filter);
    assert.equal(filter.category, r.key);
    assert.equal(filter.status, 'open');
    assert.equal(await t.page.getByTestId('side-tab-incidents').getAttribute('aria-selected'), 'true');
    // The list says it is narrowed, by what, and the chip takes the narrowing away again.
    const chip = t.page.getByTestId('incident-drill-category');
    await chip.waitFor();
    assert.match(await chip.innerText(), /类别/);
    await t.shot('class-drill');
    await chip.click();
    await eventually(async () => (await t.page.evaluate(() => window.__gridroom.getState().incidents.filter.category)) === null, {
      message: 'clicking the class chip did not drop the class condition',
    });
    assert.equal(await t.page.getByTestId('incident-drill-chips').count(), 0, 'a chip is still shown with no drill condition');
    assert.ok(Number(await t.page.getByTestId('incident-list').getAttribute('data-rows')) >= r.rows, 'dropping the class narrowed the list');
  });

  test('a grid row, an hour and an indicator row list their cases too', async (t) => {
    const grid = await drill(t, 'grid', (page) => page.locator('[data-testid="dashboard-top-grid"]').first());
    assert.equal(grid.rows, grid.count, `grid ${grid.key}: ${grid.count} counted, ${grid.rows} listed`);
    const hour = await drill(t, 'hour', (page) => largest(page, 'dashboard-hour-bar'));
    assert.ok(hour.count > 0, 'no hour with reports');
    assert.equal(hour.rows, hour.count, `hour ${hour.key}: ${hour.count} counted, ${hour.rows} listed`);
    // The table follows the state at most every 5 s: give the drill its own snapshot.
    await openDashboard(t.page);
    await t.page.getByTestId('dashboard-breakdown').selectOption('grid');
    const row = await drill(t, 'indicator row', async (page) => {
      const first = page.locator('[data-testid="dashboard-indicator-row"]').first();
      await first.waitFor();
      return { getAttribute: (name) => first.getAttribute(name === 'data-count' ? 'data-reported' : name), click: () => first.click() };
    });
    assert.equal(row.rows, row.count, `indicator row ${row.key}: ${row.count} reported, ${row.rows} listed`);
  });

  test('screenshots at 1920×1080 and 1280×800, Chinese and English', async (t) => {
    for (const [width, height, language] of [
      [1920, 1080, 'zh'],
      [1280, 800, 'zh'],
      [1280, 800, 'en'],
    ]) {
      await t.page.setViewportSize({ width, height });
      if ((await t.page.evaluate(() => window.__gridroom.getState().language)) !== language) {
        await t.page.getByTestId('language-toggle').click();
        await eventually(async () => (await t.page.evaluate(() => window.__gridroom.getState().language)) === language, { message: `the UI did not switch to ${language}` });
      }
      await openDashboard(t.page);
      const scroller = t.page.locator('[data-testid="dashboard-panel"] .panel__scroll');
      await scroller.evaluate((el) => el.scrollTo(0, 0));
      const overflow = await t.page.evaluate(() => {
        const panel = document.querySelector('[data-testid="dashboard-panel"]');
        // Names may end in an ellipsis (their full text is in a title); nothing else may be cut.
        const wide = [...panel.querySelectorAll('*')].filter(
          (el) => el.scrollWidth > el.clientWidth + 1 && window.getComputedStyle(el).overflowX !== 'visible' && !el.matches('.dash-top__name, .dash-table__unit, select'),
        );
        return {
          page: document.documentElement.scrollWidth - window.innerWidth,
          panel: panel.scrollWidth - panel.clientWidth,
          clipped: wide.map((el) => `${el.className || el.tagName}: ${el.textContent.slice(0, 20)}`).slice(0, 5),
        };
      });
      const side = await t.page.locator('aside.side').boundingBox();
      const name = `${width}x${height}${language === 'en' ? '-en' : ''}`;
      await t.shot(`${name}-top`);
      await t.shot(`${name}-side-top`, { clip: side });
      await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await t.shot(`${name}-side-bottom`, { clip: side });
      if (width === 1280 && language === 'zh') {
        // The table by grid (chosen in the drill test, kept across the tab switch), and by department.
        assert.equal(await t.page.getByTestId('dashboard-breakdown').inputValue(), 'grid', 'the breakdown was not kept across the drill-down');
        await t.page.getByTestId('dashboard-period-last7Days').click();
        await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await t.shot(`${name}-side-table-grid`, { clip: side });
        await t.page.getByTestId('dashboard-breakdown').selectOption('department');
        await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await t.shot(`${name}-side-table-department`, { clip: side });
      }
      assert.ok(overflow.page <= 0 && overflow.panel <= 0, `the dashboard overflows sideways at ${name}: ${JSON.stringify(overflow)}`);
      assert.deepEqual(overflow.clipped, [], `content is clipped sideways at ${name}`);
    }
    await t.page.getByTestId('language-toggle').click();
    await t.page.setViewportSize({ width: 1920, height: 1080 });
  });
}
