// incidents: the demo feed brings incidents without any server; an operator finds them in the
// list (overdue first, filters), opens one, carries it through the workflow with the buttons its
// status allows (a refused step says why and changes nothing), sees it on the map, and finds it
// as it was after a reload.

import assert from 'node:assert/strict';
import { eventually, openApp, reloadApp, textOf } from '../lib/app.mjs';

/** The demo clock starts mid-afternoon (China time) whatever time the suite runs, operators off. */
const DEMO_QUERY = '?demoTime=2026-11-22T15:00:00%2B08:00&demoOperators=0';

async function incidentState(page, id) {
  return page.evaluate((wanted) => {
    const s = window.__gridroom.getState();
    const i = s.incidents.byId.get(wanted);
    return i ? { status: i.status, assignee: i.assignee, history: i.history.length, deadline: i.deadline, gridCode: i.gridCode } : null;
  }, id);
}

async function openIncident(page, id) {
  await page.locator(`[data-testid="incident-row"][data-id="${id}"]`).click();
  await eventually(async () => (await page.getByTestId('incident-detail').getAttribute('data-id')) === id, {
    message: `the detail did not open on ${id}`,
  });
}

let picked = null;

export function register(test) {
  test('the demo feed brings incidents without any server', async (t) => {
    await openApp(t.page, t.baseUrl, DEMO_QUERY);
    await eventually(async () => Number(await t.page.getByTestId('side-tab-incidents-count').innerText()) > 20, {
      timeout: 20_000,
      message: 'the incidents tab counts no open incidents from the demo feed',
    });
    await t.page.getByTestId('side-tab-incidents').click();
    assert.equal(await t.page.getByTestId('feed-status').getAttribute('data-connection'), 'live');
    const rows = Number(await t.page.getByTestId('incident-list').getAttribute('data-rows'));
    assert.ok(rows > 20, `only ${rows} rows in the incident list`);
    t.log(`open incidents: ${rows}; feed: ${(await textOf(t.page, 'feed-counts'))?.replace(/\s+/g, ' ')}`);
    await t.shot('list');
  });

  test('filters narrow the list; overdue cases come first', async (t) => {
    const all = Number(await t.page.getByTestId('incident-list').getAttribute('data-rows'));
    await t.page.getByTestId('incident-filter-kind').selectOption('component');
    const components = Number(await t.page.getByTestId('incident-list').getAttribute('data-rows'));
    await t.page.getByTestId('incident-filter-kind').selectOption('event');
    const events = Number(await t.page.getByTestId('incident-list').getAttribute('data-rows'));
    assert.equal(components + events, all, `components ${components} + events ${events} != ${all}`);
    await t.page.getByTestId('incident-filter-kind').selectOption('all');
    const dues = await t.page.locator('[data-testid="incident-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.due));
    const firstNotOverdue = dues.findIndex((d) => d !== 'overdue');
    assert.ok(firstNotOverdue === -1 || dues.slice(firstNotOverdue).every((d) => d !== 'overdue'), `overdue rows after others: ${dues.join(',')}`);
  });

  test('an operator signs in for duty from the status bar; a blank name is refused', async (t) => {
    const button = t.page.getByTestId('operator-button');
    assert.equal(await button.getAttribute('data-operator'), '', 'someone is signed in on a fresh start');
    await button.click();
    await t.page.getByTestId('sign-in-name').fill('   ');
    await t.page.getByTestId('sign-in-ok').click();
    await t.page.getByTestId('sign-in-error').waitFor();
    await t.page.getByTestId('sign-in-name').fill('张三');
    await t.page.getByTestId('sign-in-ok').click();
    await eventually(async () => (await button.getAttribute('data-operator')) === '张三', { message: 'the status bar does not show 张三 on duty' });
    assert.equal(await t.page.getByTestId('sign-in-dialog').count(), 0, 'the sign-in dialog stayed open');
  });

  test('an operator registers and dispatches a reported case; only allowed steps are offered', async (t) => {
    await t.page.getByTestId('incident-filter-status').selectOption('collected');
    await eventually(async () => Number(await t.page.getByTestId('incident-list').getAttribute('data-rows')) > 0, {
      message: 'no reported (collected) incident to work on',
    });
    picked = await t.page.locator('[data-testid="incident-row"]').first().getAttribute('data-id');
    await openIncident(t.page, picked);
    await t.page.getByTestId('incident-filter-status').selectOption('open');
    // Reject needs a note: its button is disabled without one.
    assert.equal(await t.page.getByTestId('incident-action-reject').isDisabled(), true, 'reject is enabled without a note');
    await t.page.getByTestId('incident-action-register').click();
    await eventually(async () => (await incidentState(t.page, picked))?.status === 'registered', { message: 'register did not register' });
    const registered = await incidentState(t.page, picked);
    assert.ok(registered.deadline, 'registration set no deadline');
    await t.page.getByTestId('incident-action-dispatch').click();
    await eventually(async () => (await incidentState(t.page, picked))?.status === 'dispatched', { message: 'dispatch did not dispatch' });
    const dispatched = await incidentState(t.page, picked);
    assert.ok(dispatched.assignee, 'dispatched without an assignee');
    // The steps are recorded under the operator signed in at this workstation.
    const by = await t.page.evaluate((id) => window.__gridroom.getState().incidents.byId.get(id).history.slice(-2).map((h) => h.by), picked);
    assert.deepEqual(by, ['张三', '张三'], `the register and dispatch steps are by ${by.join(', ')}`);
    assert.match(await textOf(t.page, 'incident-timeline'), /派遣|Dispatched/);
    // Only the steps the status allows are offered: no verify before the case is handled.
    assert.equal(await t.page.getByTestId('incident-action-verify').count(), 0, 'verify is offered for a dispatched case');
    assert.equal(await t.page.getByTestId('incident-action-accept').count(), 1, 'accept is not offered for a dispatched case');
    await t.shot('dispatched');
  });

  test('a grid lists its own open incidents; the class select narrows to one major class', async (t) => {
    // The level-3 grid with the most open cases, found from the state, picked through the search box.
    const target = await t.page.evaluate(() => {
      const s = window.__gridroom.getState();
      const open = new Set(['collected', 'registered', 'dispatched', 'handling', 'handled']);
      const counts = new Map();
      for (const i of s.incidents.byId.values()) {
        if (!open.has(i.status) || !i.gridCode) continue;
        const grid = s.hierarchy.get(i.gridCode)?.parentCode;
        if (grid) counts.set(grid, (counts.get(grid) ?? 0) + 1);
      }
      const [code, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
      return { code, count, name: s.hierarchy.get(code).name };
    });
    await t.page.getByTestId('side-tab-grids').click();
    await t.page.getByTestId('search-input').fill(target.code);
    await t.page.locator(`[data-testid="search-result"][data-code="${target.code}"]`).click();
    const button = t.page.getByTestId('panel-incidents');
    await eventually(async () => Number(await button.getAttribute('data-count')) >= target.count, {
      message: `the grid's button does not count its ${target.count} open incidents`,
    });
    const counted = Number(await button.getAttribute('data-count'));
    await button.click();
    await eventually(async () => Number(await t.page.getByTestId('incident-list').getAttribute('data-rows')) === counted, {
      message: `the list does not show the ${counted} open incidents of ${target.code}`,
    });
    assert.match(await t.page.getByTestId('incident-drill-grid').innerText(), new RegExp(target.name));
    // One major class of events: every row listed is of it.
    await t.page.getByTestId('incident-filter-kind').selectOption('major:E05');
    const categories = await t.page.evaluate(() => {
      const s = window.__gridroom.getState();
      return { category: s.incidents.filter.category, kind: s.incidents.filter.kind };
    });
    assert.deepEqual(categories, { category: 'E05', kind: 'all' });
    const ids = await t.page.locator('[data-testid="incident-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.id));
    const wrong = await t.page.evaluate((list) => list.filter((id) => !window.__gridroom.getState().incidents.byId.get(id).category.startsWith('E05')), ids);
    assert.deepEqual(wrong, [], `rows outside 街面秩序: ${wrong.join(', ')}`);
    await t.shot('grid-and-class');
    await t.page.getByTestId('incident-drill-clear').click();
    await t.page.getByTestId('incident-filter-kind').selectOption('all');
  });

  test('workers come from the feed; a bad position is counted, never drawn', async (t) => {
    const before = await t.page.evaluate(() => {
      const s = window.__gridroom.getState();
      return { latest: s.patrol.latest.size, unknown: s.patrol.rejectCounts.unknown_worker, fast: s.patrol.rejectCounts.too_fast };
    });
    assert.ok(before.latest > 20, `only ${before.latest} workers placed by the demo feed`);
    const drawn = await t.page.evaluate(() => window.__gridroom.map.querySourceFeatures('workers').length);
    assert.ok(drawn > 0, 'no worker drawn from the feed');
    // An unknown worker, and a known one jumping 5 km in a second.
    await t.page.evaluate(() => {
      const s = window.__gridroom.getState();
      const [id, fix] = [...s.patrol.latest.entries()][0];
      const at = new Date(fix.t + 1000).toISOString();
      window.__gridroom.feed([
        { raw: { kind: 'position', seq: 999001, at, worker_id: 'nobody-here', lon: fix.lngLat[0], lat: fix.lngLat[1] }, receivedAt: at },
        { raw: { kind: 'position', seq: 999002, at, worker_id: id, lon: fix.lngLat[0] + 0.05, lat: fix.lngLat[1] }, receivedAt: at },
      ]);
    });
    const after = await t.page.evaluate(() => {
      const s = window.__gridroom.getState();
      return { unknown: s.patrol.rejectCounts.unknown_worker, fast: s.patrol.rejectCounts.too_fast, ghost: s.patrol.latest.has('nobody-here') };
    });
    assert.deepEqual(after, { unknown: before.unknown + 1, fast: before.fast + 1, ghost: false });
  });

  test('the grids can be shaded by open incidents', async (t) => {
    await t.page.getByTestId('choropleth-select').selectOption('open_incidents');
    const shaded = await eventually(
      () =>
        t.page.evaluate(() => {
          const map = window.__gridroom.map;
          const s = window.__gridroom.getState();
          const codes = s.district.grids.filter((g) => g.level === 4 && g.kind === 'base').map((g) => g.code);
          return codes.filter((code) => (map.getFeatureState({ source: 'grids', id: code })?.open ?? 0) > 0).length;
        }),
      { message: 'no micro-grid carries an open-incident count' },
    );
    const expected = await t.page.evaluate(() => {
      const s = window.__gridroom.getState();
      const open = new Set(['collected', 'registered', 'dispatched', 'handling', 'handled']);
      const micro = new Set(s.district.grids.filter((g) => g.level === 4 && g.kind === 'base').map((g) => g.code));
      return new Set([...s.incidents.byId.values()].filter((i) => open.has(i.status) && micro.has(i.gridCode)).map((i) => i.gridCode)).size;
    });
    assert.equal(shaded, expected, `${shaded} micro-grids shaded, ${expected} hold open incidents`);
    await t.shot('open-incidents-choropleth');
    await t.page.getByTestId('choropleth-select').selectOption('households_band');
  });

  test('the case survives a reload as it was', async (t) => {
    const before = await incidentState(t.page, picked);
    // Give the coalesced write a moment, then reload.
    await new Promise((r) => setTimeout(r, 1000));
    await reloadApp(t.page);
    await eventually(async () => (await incidentState(t.page, picked))?.status === before.status, {
      timeout: 20_000,
      message: `after a reload ${picked} is not ${before.status}`,
    });
    const after = await incidentState(t.page, picked);
    assert.equal(after.history, before.history, 'the history changed across the reload');
    const dupes = await t.page.evaluate(() => window.__gridroom.getState().incidents.feeds.demo.ingest.counts.duplicate);
    t.log(`after reload: duplicates dropped ${dupes}`);
    // The operator on duty is a setting: still signed in after the reload.
    await eventually(async () => (await t.page.getByTestId('operator-button').getAttribute('data-operator')) === '张三', {
      message: 'the operator on duty was lost across the reload',
    });
  });
}
