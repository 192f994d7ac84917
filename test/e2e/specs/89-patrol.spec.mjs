// patrol: the 巡查 tab computes coverage off the UI thread with progress, its figures match the
// state, the daily-report list matches what the feed sent, the coverage and gap layers reach the
// map, a worker's track and stops show and follow keeps them centred, bad settings are refused
// with their range, and the tab is legible at 1920×1080 and 1280×800 in both languages.

import assert from 'node:assert/strict';
import { eventually, openApp } from '../lib/app.mjs';

/** Mid-afternoon China time: the day shift is out, the reports are in (or missing). */
const DEMO_QUERY = '?demoTime=2026-11-22T15:00:00%2B08:00';

const state = (page, fn, arg) => page.evaluate(fn, arg);

/** Like eventually, for a value: resolves to fn()'s value once `until(value)` holds. */
async function eventuallyWhere(fn, until, options) {
  let value;
  await eventually(async () => until((value = await fn())), options);
  return value;
}

async function openPatrol(page) {
  await page.getByTestId('side-tab-patrol').click();
  await page.getByTestId('patrol-panel').waitFor({ timeout: 10_000 });
}

async function waitForReport(page, after = -1) {
  await eventually(
    () =>
      state(
        page,
        (after) => {
          const v = window.__gridroom.getState().patrolView;
          return v.run.status === 'done' && v.report !== null && v.run.requestId > after;
        },
        after,
      ),
    { timeout: 60_000, message: 'the coverage report was never computed' },
  );
  return state(page, () => window.__gridroom.getState().patrolView.run.requestId);
}

export function register(test) {
  test("today's walks are there at start; coverage is computed in a worker without blocking the page", async (t) => {
    await openApp(t.page, t.baseUrl, DEMO_QUERY);
    // The replay of earlier walks is done once fixes of the last minutes have arrived (it runs in
    // time order: yesterday, then today, then live).
    await eventually(
      () =>
        state(t.page, () => {
          const s = window.__gridroom.getState();
          const now = Date.parse(s.incidents.now);
          return s.patrol.accepted > 5000 && [...s.patrol.latest.values()].some((f) => now - f.t < 5 * 60_000);
        }),
      { timeout: 60_000, message: "today's walks were not replayed at start" },
    );
    // A 10 ms timer on the page: its longest gap while the report computes is the longest stall.
    await t.page.evaluate(() => {
      window.__stall = { last: performance.now(), max: 0 };
      window.__stallTimer = setInterval(() => {
        const now = performance.now();
        window.__stall.max = Math.max(window.__stall.max, now - window.__stall.last);
        window.__stall.last = now;
      }, 10);
    });
    await openPatrol(t.page);
    const sawProgress = await eventually(() => state(t.page, () => ['running', 'done'].includes(window.__gridroom.getState().patrolView.run.status)), {
      message: 'no coverage run started when the tab opened',
    });
    assert.ok(sawProgress);
    await waitForReport(t.page);
    const stall = await t.page.evaluate(() => {
      clearInterval(window.__stallTimer);
      return window.__stall.max;
    });
    const figures = await state(t.page, () => {
      const r = window.__gridroom.getState().patrolView.report;
      const top = r.units.find((u) => u.level === 1);
      return { share: top.coveredShare, visited: top.visitedShare, fixes: r.fixesInWindow, ms: r.elapsedMs, workers: r.workers.length };
    });
    t.log(`coverage today ${(figures.share * 100).toFixed(1)}%, buildings visited ${(figures.visited * 100).toFixed(1)}%, ${figures.fixes} fixes, ${figures.ms} ms in the worker; longest page stall ${Math.round(stall)} ms`);
    assert.ok(figures.share > 0.05 && figures.share < 1, `district coverage ${figures.share}`);
    assert.ok(figures.workers > 40, `${figures.workers} field workers in the report`);
    assert.equal(Number(await t.page.getByTestId('patrol-kpi-coverage').getAttribute('data-value')), figures.share);
    assert.ok(stall < 1500, `the page stalled ${Math.round(stall)} ms while coverage was computed`);
    await t.shot('patrol-tab');
  });

  test('the daily reports list shows exactly the grids without a report today', async (t) => {
    const expectedNow = () =>
      state(t.page, () => {
        const s = window.__gridroom.getState();
        const today = new Date(Date.parse(s.incidents.now) + 8 * 3600_000).toISOString().slice(0, 10);
        const reported = new Set(s.patrol.reports.filter((r) => r.date === today).map((r) => r.gridCode));
        return s.district.grids.filter((g) => g.level === 3 && g.kind === 'base' && !reported.has(g.code)).map((g) => g.code).sort();
      });
    const listedNow = () => t.page.locator('[data-testid="patrol-missing-reports"] [data-code]').evaluateAll((els) => els.map((e) => e.dataset.code).sort());
    // Reports stream in with the start-up replay: compare once the list has caught up with the state.
    let expected = [];
    let listed = [];
    await eventually(
      async () => {
        expected = await expectedNow();
        listed = await listedNow();
        return JSON.stringify(listed) === JSON.stringify(expected);
      },
      { timeout: 20_000, message: 'the list never matched the grids without a report' },
    ).catch(() => undefined);
    assert.ok(expected.length > 0, 'the demo sent every report: nothing for the list to show');
    assert.deepEqual(listed, expected);
    assert.equal(Number(await t.page.getByTestId('patrol-kpi-missing').getAttribute('data-value')), expected.length);
    // And on the map: a mark per missing grid.
    const marks = await eventuallyWhere(
      () => state(t.page, () => window.__gridroom.map.querySourceFeatures('patrol-reports').map((f) => f.properties.code)),
      (v) => v.length > 0,
      { message: 'no daily-report marks on the map' },
    );
    assert.deepEqual([...new Set(marks)].sort(), expected);
  });

  test('coverage shading and the gap layer reach the map', async (t) => {
    await t.page.getByTestId('patrol-layer-coverage').check();
    await t.page.getByTestId('patrol-layer-gaps').check();
    const shaded = await eventuallyWhere(
      () =>
        state(t.page, () => {
          const s = window.__gridroom.getState();
          const map = window.__gridroom.map;
          const micro = s.district.grids.filter((g) => g.level === 4 && g.kind === 'base');
          const withState = micro.filter((g) => typeof map.getFeatureState({ source: 'grids', id: g.code })?.coverage === 'number');
          const report = s.patrolView.report;
          const agree = withState.every((g) => map.getFeatureState({ source: 'grids', id: g.code }).coverage === report.units.find((u) => u.code === g.code).coveredShare);
          return { micro: micro.length, shaded: withState.length, agree, visible: map.getLayoutProperty('patrol-coverage', 'visibility'), gaps: !!map.getSource('patrol-gaps') };
        }),
      (v) => v.shaded > 0 && v.gaps,
      { message: 'the coverage layer did not appear' },
    );
    assert.equal(shaded.shaded, shaded.micro);
    assert.ok(shaded.agree, 'a micro-grid is shaded with another share than the report says');
    assert.equal(shaded.visible, 'visible');
    await t.shot('patrol-coverage-gaps');
    await t.page.getByTestId('patrol-layer-coverage').uncheck();
    await t.page.getByTestId('patrol-layer-gaps').uncheck();
  });

  test('a worker’s track with its stops, and follow keeps them in the centre', async (t) => {
    const row = t.page.locator('[data-testid="patrol-workers"] tbody tr').first();
    const worker = await row.getAttribute('data-worker');
    await row.click();
    await t.page.getByTestId('patrol-worker-detail').waitFor();
    await t.page.getByTestId('patrol-track').click();
    const lines = await eventuallyWhere(() => state(t.page, () => window.__gridroom.map.querySourceFeatures('patrol-track').length), (n) => n > 0, {
      message: 'no track drawn',
    });
    assert.ok(lines > 0);
    await t.shot('patrol-track');
    await t.page.getByTestId('patrol-follow').click();
    const follow = await eventuallyWhere(
      () =>
        state(t.page, (worker) => {
          const s = window.__gridroom.getState();
          const fix = s.patrol.latest.get(worker);
          const c = window.__gridroom.map.getCenter();
          return { followed: s.patrolView.followed, dx: Math.abs(c.lng - fix.lngLat[0]), dy: Math.abs(c.lat - fix.lngLat[1]) };
        }, worker),
      (v) => v.dx < 2e-4 && v.dy < 2e-4,
      { message: 'the map did not centre on the followed worker' },
    );
    assert.equal(follow.followed, worker);
    await t.page.getByTestId('patrol-follow').click();
    assert.equal(await state(t.page, () => window.__gridroom.getState().patrolView.followed), null);
  });

  test('a setting out of range is refused with its range; a wider radius covers more', async (t) => {
    await t.page.getByTestId('patrol-settings').locator('summary').click();
    const before = await state(t.page, () => window.__gridroom.getState().patrolView.report.units.find((u) => u.level === 1).coveredShare);
    const requestId = await state(t.page, () => window.__gridroom.getState().patrolView.run.requestId);
    const radius = t.page.getByTestId('patrol-setting-radiusM');
    await radius.fill('0');
    await radius.press('Enter');
    await t.page.getByTestId('patrol-setting-radiusM-error').waitFor();
    assert.equal(await state(t.page, () => window.__gridroom.getState().patrolView.settings.radiusM), 25, 'a radius of 0 was applied');
    await radius.fill('60');
    await radius.press('Enter');
    await waitForReport(t.page, requestId);
    const after = await state(t.page, () => window.__gridroom.getState().patrolView.report);
    assert.equal(after.radiusM, 60);
    assert.ok(after.units.find((u) => u.level === 1).coveredShare > before, 'a 60 m radius did not cover more than 25 m');
    await radius.fill('25');
    await radius.press('Enter');
  });

  test('screenshots at 1920×1080 and 1280×800, Chinese and English, nothing clipped sideways', async (t) => {
    for (const [width, height, language] of [
      [1920, 1080, 'zh'],
      [1280, 800, 'zh'],
      [1280, 800, 'en'],
    ]) {
      await t.page.setViewportSize({ width, height });
      if ((await state(t.page, () => window.__gridroom.getState().language)) !== language) {
        await t.page.getByTestId('language-toggle').click();
        await eventually(async () => (await state(t.page, () => window.__gridroom.getState().language)) === language, { message: `the UI did not switch to ${language}` });
      }
      const scroller = t.page.locator('[data-testid="patrol-panel"] .panel__scroll');
      await scroller.evaluate((el) => el.scrollTo(0, 0));
      const overflow = await t.page.evaluate(() => {
        const panel = document.querySelector('[data-testid="patrol-panel"]');
        const wide = [...panel.querySelectorAll('*')].filter(
          (el) => el.scrollWidth > el.clientWidth + 1 && window.getComputedStyle(el).overflowX !== 'visible' && !el.matches('.patrol-link, .patrol-table__name, .patrol-table-wrap, .patrol-list, select'),
        );
        return { panel: panel.scrollWidth - panel.clientWidth, clipped: wide.map((el) => `${el.className || el.tagName}: ${el.textContent.slice(0, 20)}`).slice(0, 5) };
      });
      const side = await t.page.locator('aside.side').boundingBox();
      const name = `${width}x${height}${language === 'en' ? '-en' : ''}`;
      await t.shot(`${name}-patrol`);
      await t.shot(`${name}-patrol-side-top`, { clip: side });
      await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await t.shot(`${name}-patrol-side-bottom`, { clip: side });
      assert.ok(overflow.panel <= 0, `the patrol tab overflows sideways at ${name}: ${JSON.stringify(overflow)}`);
      assert.deepEqual(overflow.clipped, [], `content is clipped sideways at ${name}`);
    }
    await t.page.getByTestId('language-toggle').click();
    await t.page.setViewportSize({ width: 1920, height: 1080 });
  });
}
