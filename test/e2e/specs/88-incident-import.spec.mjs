// incident import: an operator loads a day's cases exported as a file (docs/incident-files.md)
// with the Incidents panel's Import button. A GB18030 CSV with Chinese headers imports, its cases
// land in grids and the list; importing it again adds nothing; a file with bad rows imports the
// good ones and names the lines of the bad; JSON Lines imports too; a file missing required
// columns imports nothing and says which; and after a reload the same file is still recognised.

import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { eventually, openApp, reloadApp } from '../lib/app.mjs';

const FIXTURES = resolve(import.meta.dirname, '..', '..', 'fixtures', 'incidents');

/** No demo feed: the incidents are only the files'. The clock is the demo's default. */
const QUERY = '?demoFeed=0';

/** The file feed's counts, connection and label, or null before it exists. */
async function fileFeed(page, fileName) {
  return page.evaluate((id) => {
    const feed = window.__gridroom.getState().incidents.feeds[id];
    return feed ? { connection: feed.connection, kind: feed.kind, label: feed.label, counts: feed.ingest.counts } : null;
  }, `file:${fileName}`);
}

async function incident(page, id) {
  return page.evaluate((wanted) => {
    const i = window.__gridroom.getState().incidents.byId.get(wanted);
    return i ? { title: i.title, version: i.version, gridCode: i.gridCode, status: i.status, reportedAt: i.reportedAt } : null;
  }, id);
}

const incidentCount = (page) => page.evaluate(() => window.__gridroom.getState().incidents.byId.size);

/** Texts of the toasts on screen, with their kind. */
async function toasts(page) {
  return page.locator('[data-testid="status-message"] .toast').evaluateAll((nodes) => nodes.map((n) => ({ kind: n.dataset.kind, text: n.innerText.trim() })));
}

/**
 * The import's own toast: the one naming the file (an urgent case in the file may raise its own
 * toast too, so position says nothing).
 */
async function importToast(page, fileName) {
  const found = (await toasts(page)).find((toast) => toast.text.includes(fileName));
  assert.ok(found, `no toast names ${fileName}: ${JSON.stringify(await toasts(page))}`);
  return found;
}

async function dismissToasts(page) {
  for (;;) {
    const close = page.locator('[data-testid="status-message"] .toast button').first();
    if ((await close.count()) === 0) return;
    await close.click();
  }
}

/** Clicks Import in the Incidents panel, hands `name` to the picker, and waits for its feed to finish. */
async function importFile(page, name, { expectFeed = true } = {}) {
  await dismissToasts(page);
  const before = await fileFeed(page, name);
  const button = page.getByTestId('import-incidents-button');
  await eventually(async () => button.isEnabled(), { message: 'the import-incidents button is not enabled' });
  const chooser = page.waitForEvent('filechooser', { timeout: 10_000 });
  await button.click();
  await (await chooser).setFiles(resolve(FIXTURES, name));
  await eventually(async () => (await toasts(page)).some((toast) => toast.text.includes(name)), {
    timeout: 30_000,
    message: `no toast names ${name} after importing it`,
  });
  if (!expectFeed) return null;
  return eventually(
    async () => {
      const feed = await fileFeed(page, name);
      return feed && feed.connection === 'offline' && feed.counts.received > (before?.counts.received ?? 0) ? feed : null;
    },
    { timeout: 30_000, message: `the feed file:${name} did not finish` },
  );
}

export function register(test) {
  test('a GB18030 CSV with Chinese headers imports into the grids and the list', async (t) => {
    await openApp(t.page, t.baseUrl, QUERY);
    await t.page.getByTestId('side-tab-incidents').click();
    const feed = await importFile(t.page, 'gb18030.csv');
    assert.deepEqual(feed.counts, { received: 3, accepted: 3, duplicate: 0, stale: 0, rejected: 0 });
    assert.equal(feed.kind, 'file');
    assert.equal(feed.label, 'gb18030.csv');
    const g1 = await incident(t.page, 'G-001');
    assert.equal(g1.title, '锦华小区10号楼前井盖缺失', 'the GB18030 title was not decoded');
    assert.equal(g1.reportedAt, '2024-05-01T08:30:00+08:00', 'a time without an offset did not get +08:00');
    // G-002 lies inside the demo district's grids (G-001 lies just outside them, and stays unplaced).
    assert.ok((await incident(t.page, 'G-002')).gridCode, 'the imported incident was not placed in a grid');
    assert.equal((await incident(t.page, 'G-003')).status, 'handling', '处置中 was not read as handling');
    const toast = await importToast(t.page, 'gb18030.csv');
    assert.equal(toast.kind, 'success');
    assert.match(toast.text, /已导入 gb18030\.csv：读取 3 条，新增或更新 3 条/);
    // G-001 and G-002 are still open (collected, registered): they are in the list.
    await eventually(async () => (await t.page.locator('[data-testid="incident-row"][data-id="G-001"]').count()) === 1, {
      message: 'G-001 is not in the incident list',
    });
    await t.shot('imported');
  });

  test('importing the same file again adds nothing', async (t) => {
    const count = await incidentCount(t.page);
    const feed = await importFile(t.page, 'gb18030.csv');
    assert.deepEqual(feed.counts, { received: 6, accepted: 3, duplicate: 3, stale: 0, rejected: 0 });
    assert.equal(await incidentCount(t.page), count);
    const toast = await importToast(t.page, 'gb18030.csv');
    assert.equal(toast.kind, 'info');
    assert.match(toast.text, /gb18030\.csv 没有新内容/);
  });

  test('a 12345 export with bad rows imports the good ones and names the lines of the bad', async (t) => {
    const feed = await importFile(t.page, 'hotline-2024-05-01.csv');
    assert.deepEqual(feed.counts, { received: 8, accepted: 4, duplicate: 0, stale: 0, rejected: 4 });
    assert.equal((await incident(t.page, 'C20240501-0002')).version, 2);
    const toast = await importToast(t.page, 'hotline-2024-05-01.csv');
    assert.equal(toast.kind, 'error');
    assert.match(toast.text, /4 条被拒（第 6、7、8、9 行）/);
    const rejected = await t.page.evaluate(() => window.__gridroom.getState().incidents.feeds['file:hotline-2024-05-01.csv'].ingest.rejected.map((r) => r.reason));
    assert.match(rejected[0], /^lat must be a number/);
    await t.shot('rejects');
  });

  test('JSON Lines imports too; duplicates and older versions inside the file are dropped', async (t) => {
    const feed = await importFile(t.page, 'hotline-2024-05-01.jsonl');
    assert.deepEqual(feed.counts, { received: 11, accepted: 5, duplicate: 1, stale: 1, rejected: 4 });
    assert.equal((await incident(t.page, 'h-0501-002')).version, 2);
  });

  test('a CSV missing required columns imports nothing and says which', async (t) => {
    const count = await incidentCount(t.page);
    await importFile(t.page, 'missing-columns.csv', { expectFeed: false });
    const toast = await importToast(t.page, 'missing-columns.csv');
    assert.equal(toast.kind, 'error');
    assert.match(toast.text, /missing-columns\.csv 未导入：缺少必需的列 lon \(经度\)、lat \(纬度\)/);
    assert.match(toast.text, /编号、类别、标题、地址、上报时间/);
    assert.equal(await fileFeed(t.page, 'missing-columns.csv'), null, 'a refused file became a feed');
    assert.equal(await incidentCount(t.page), count);
  });

  test('after a reload the imported cases are there and the same file is still nothing new', async (t) => {
    await reloadApp(t.page);
    await t.page.getByTestId('side-tab-incidents').click();
    assert.equal((await incident(t.page, 'G-001'))?.title, '锦华小区10号楼前井盖缺失', 'G-001 did not survive the reload');
    const count = await incidentCount(t.page);
    const feed = await importFile(t.page, 'gb18030.csv');
    assert.equal(feed.counts.accepted, 3, 'the file feed accepted again after the reload');
    assert.equal(await incidentCount(t.page), count);
    assert.match((await importToast(t.page, 'gb18030.csv')).text, /没有新内容/);
  });
}
