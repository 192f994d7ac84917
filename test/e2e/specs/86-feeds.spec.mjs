// feeds: an operator connects the app to live feeds of their own. With the demo feed off, they add
// a WebSocket feed in the Feeds dialog (a bad URL is refused inline first), see incidents arrive
// and the feed go live; the server stops (reconnecting, with the attempt and next try shown) and
// starts again on the same port, and the feed resumes from its last seq with no incident doubled;
// the rejected messages are listed with their reasons. Then the same recording over HTTP polling.
//
// The feed servers are `gridroom feed-server` processes on 127.0.0.1 replaying the v1 recording
// fixture (10 messages, 2 bad frames: one not JSON, one with lat out of range). They listen on
// ports of their own, which the network guard (network-guard.mjs) lets through because this spec
// names them (allowLoopbackPort: that port of 127.0.0.1 only); anything else is still refused.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { eventually, openApp, textOf } from '../lib/app.mjs';

const REPO = resolve(import.meta.dirname, '../../..');
const RECORDING = 'test/fixtures/recordings/v1.jsonl';
/** The incidents of the recording that are valid (i-1003 has lat 134.75 and is refused). */
const RECORDED_INCIDENTS = ['i-1001', 'i-1002'];

/** A port free on 127.0.0.1 right now. */
async function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Starts `gridroom feed-server` on `port`; resolves once it listens. Its log lines are kept. */
function startFeedServer(port) {
  const child = spawn(process.execPath, ['bin/gridroom.mjs', 'feed-server', '--recording', RECORDING, '--port', String(port), '--speed', '1000'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never keep the suite alive, and never outlive it, should a test fail before stopping it.
  child.unref();
  child.stdout.unref?.();
  child.stderr.unref?.();
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const lines = [];
  let buffer = '';
  const ready = new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`feed-server on ${port} did not start: ${lines.join(' | ')}`)), 30_000);
    child.stdout.on('data', (d) => {
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop();
      lines.push(...parts);
      if (parts.some((l) => l.startsWith('WebSocket: '))) {
        clearTimeout(timer);
        ok();
      }
    });
    child.stderr.on('data', (d) => lines.push(d.toString().trim()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`feed-server on ${port} exited with ${code}: ${lines.join(' | ')}`));
    });
  });
  return {
    child,
    lines,
    ready,
    /** Stops it by its own PID and waits for it to go. */
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/** Lets the page reach a loopback feed server on `port` past the network guard. */
async function allowLoopback(t, port) {
  t.guard.allowLoopbackPort(port);
}

async function feedView(page, id) {
  return page.evaluate((wanted) => {
    const f = window.__gridroom.getState().incidents.feeds[wanted];
    return f ? { connection: f.connection, lastSeq: f.ingest.lastSeq, counts: f.ingest.counts, attempt: f.attempt, reconnects: f.reconnects, lastError: f.lastError } : null;
  }, id);
}

async function incidentsSnapshot(page) {
  return page.evaluate(() => {
    const s = window.__gridroom.getState();
    return [...s.incidents.byId.values()].map((i) => ({ id: i.id, version: i.version, history: i.history.length })).sort((a, b) => (a.id < b.id ? -1 : 1));
  });
}

async function addFeed(page, { kind, label, url, interval }) {
  await page.getByTestId('feeds-add').click();
  await page.getByTestId(`feed-form-kind-${kind}`).check({ force: true });
  await page.getByTestId('feed-form-label').fill(label);
  await page.getByTestId('feed-form-url').fill(url);
  if (interval !== undefined) await page.getByTestId('feed-form-interval').fill(String(interval));
  await page.getByTestId('feed-form-save').click();
}

const servers = [];
let wsPort = 0;
let wsServer = null;
let feedIds = {};

export function register(test) {
  test('with no feed configured the app connects nowhere and says so', async (t) => {
    wsPort = await freePort();
    await allowLoopback(t, wsPort);
    wsServer = startFeedServer(wsPort);
    servers.push(wsServer);
    await wsServer.ready;
    await openApp(t.page, t.baseUrl, '?demoFeed=0');
    await t.page.getByTestId('side-tab-incidents').click();
    assert.equal(await t.page.getByTestId('feed-status').count(), 0, 'the demo feed is shown although it is off');
    assert.match(await textOf(t.page, 'feed-strip'), /未配置实时数据源/);
    await t.page.getByTestId('feeds-open').click();
    await t.page.getByTestId('feeds-dialog').waitFor();
    assert.match(await textOf(t.page, 'feeds-empty'), /不会连接任何地址/);
  });

  test('a WebSocket feed added in the dialog goes live and brings incidents; a bad URL is refused inline', async (t) => {
    // An http:// URL for a WebSocket feed is refused under its field, in Chinese.
    await addFeed(t.page, { kind: 'websocket', label: '热线平台', url: `http://127.0.0.1:${wsPort}/feed` });
    const urlError = await textOf(t.page, 'feed-form-url-error');
    assert.match(urlError ?? '', /不支持 http:\/\//, `no inline error for a wrong scheme: ${urlError}`);
    await t.shot('url-refused');
    await t.page.getByTestId('feed-form-url').fill(`ws://127.0.0.1:${wsPort}/feed`);
    await t.page.getByTestId('feed-form-save').click();
    const row = t.page.getByTestId('feeds-config-row');
    await eventually(async () => (await row.count()) === 1, { message: 'the saved feed is not listed' });
    feedIds.ws = await row.first().getAttribute('data-feed-id');
    await eventually(async () => (await t.page.locator(`[data-testid="feed-row"][data-feed-id="${feedIds.ws}"]`).first().getAttribute('data-connection')) === 'live', {
      timeout: 15_000,
      message: 'the WebSocket feed did not go live',
    });
    await t.shot('dialog-live');
    await t.page.getByTestId('feeds-close').click();
    await eventually(async () => (await incidentsSnapshot(t.page)).length === RECORDED_INCIDENTS.length, { message: 'the recorded incidents did not arrive' });
    const feed = await eventually(async () => {
      const f = await feedView(t.page, feedIds.ws);
      return f && f.counts.received >= 10 ? f : null;
    }, { message: 'not all recorded messages arrived' });
    assert.deepEqual((await incidentsSnapshot(t.page)).map((i) => i.id), RECORDED_INCIDENTS);
    assert.equal(feed.counts.rejected, 2, `rejected ${feed.counts.rejected}, expected the 2 bad frames`);
    const stored = await t.page.evaluate(() => window.__gridroom.getState().feedConfigs);
    assert.equal(stored.length, 1);
    t.log(`feed ${feedIds.ws}: lastSeq ${feed.lastSeq}, counts ${JSON.stringify(feed.counts)}`);
    await t.shot('ws-live');
  });

  test('the rejected messages are listed with their reasons, newest first', async (t) => {
    const strip = t.page.locator(`[data-testid="feed-row"][data-feed-id="${feedIds.ws}"]`).first();
    await strip.getByTestId('feed-rejected-toggle').click();
    const items = t.page.getByTestId('feed-rejected-item');
    await eventually(async () => (await items.count()) === 2, { message: 'the rejected list does not show 2 messages' });
    const kinds = await items.evaluateAll((els) => els.map((e) => ({ kind: e.dataset.kind, field: e.dataset.field, text: e.innerText })));
    // Newest first: the out-of-range incident (seq 10) came after the truncated frame.
    assert.deepEqual(kinds.map((k) => k.kind), ['out_of_range', 'not_json']);
    assert.equal(kinds[0].field, 'lat');
    assert.match(kinds[0].text, /数值超出范围/);
    assert.match(kinds[0].text, /字段 lat/);
    assert.match(kinds[0].text, /134\.75/);
    assert.match(kinds[1].text, /不是 JSON/);
    await t.shot('rejected');
  });

  test('the server stops: reconnecting with attempt and next try; it starts again and the feed resumes, nothing doubled', async (t) => {
    const before = await incidentsSnapshot(t.page);
    const beforeFeed = await feedView(t.page, feedIds.ws);
    await wsServer.stop();
    const row = () => t.page.locator(`[data-testid="feed-row"][data-feed-id="${feedIds.ws}"]`).first();
    await eventually(async () => (await row().getAttribute('data-connection')) === 'reconnecting', { timeout: 15_000, message: 'the feed did not show reconnecting' });
    await eventually(async () => (await feedView(t.page, feedIds.ws)).attempt >= 2, { timeout: 15_000, message: 'no second reconnect attempt' });
    const retry = await textOf(t.page, 'feed-row-retry');
    assert.match(retry ?? '', /第 \d+ 次重连/, `no attempt shown: ${retry}`);
    await t.shot('reconnecting');

    wsServer = startFeedServer(wsPort);
    servers.push(wsServer);
    await wsServer.ready;
    await eventually(async () => (await row().getAttribute('data-connection')) === 'live', { timeout: 40_000, message: 'the feed did not come back live' });
    const after = await feedView(t.page, feedIds.ws);
    assert.ok(after.reconnects >= 1, `reconnects ${after.reconnects}`);
    // It asked the new server for what came after its last seq.
    await eventually(() => wsServer.lines.some((l) => l.includes(`since=${beforeFeed.lastSeq}`)), { message: `the server saw no since=${beforeFeed.lastSeq}: ${wsServer.lines.join(' | ')}` });
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(await incidentsSnapshot(t.page), before, 'incidents changed across the reconnect');
    const rows = Number(await t.page.getByTestId('incident-list').getAttribute('data-rows'));
    assert.equal(rows, RECORDED_INCIDENTS.length, `${rows} rows in the list`);
    t.log(`after resume: ${JSON.stringify((await feedView(t.page, feedIds.ws)).counts)}; server: ${wsServer.lines.filter((l) => l.includes('connected')).join(' | ')}`);
    await t.shot('resumed');
  });

  test('an HTTP polling feed works the same way', async (t) => {
    const pollPort = await freePort();
    await allowLoopback(t, pollPort);
    const pollServer = startFeedServer(pollPort);
    servers.push(pollServer);
    await pollServer.ready;
    await t.page.getByTestId('feeds-open').click();
    await addFeed(t.page, { kind: 'http-poll', label: '巡查系统', url: `http://127.0.0.1:${pollPort}/feed`, interval: 1 });
    const rows = t.page.getByTestId('feeds-config-row');
    await eventually(async () => (await rows.count()) === 2, { message: 'the polling feed is not listed' });
    feedIds.poll = await rows.nth(1).getAttribute('data-feed-id');
    await t.page.getByTestId('feeds-close').click();
    const feed = await eventually(async () => {
      const f = await feedView(t.page, feedIds.poll);
      return f && f.connection === 'live' && f.counts.received >= 10 ? f : null;
    }, { timeout: 20_000, message: 'the polling feed did not go live with the recording' });
    assert.equal(feed.counts.rejected, 2);
    // Same incidents as the WebSocket feed brought: nothing new, nothing doubled.
    assert.deepEqual((await incidentsSnapshot(t.page)).map((i) => i.id), RECORDED_INCIDENTS);
    // Polls go on with the server's cursor: the refused tail is not fetched again.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await feedView(t.page, feedIds.poll)).counts.rejected, 2, 'the refused message was fetched again');
    await t.shot('poll-live');

    // Switched off in the dialog: it stops and says so.
    await t.page.getByTestId('feeds-open').click();
    await rows.nth(1).getByTestId('feeds-config-toggle').uncheck();
    await eventually(async () => (await feedView(t.page, feedIds.poll)).connection === 'offline', { message: 'the disabled feed is not offline' });
    await t.shot('poll-disabled');
    await t.page.getByTestId('feeds-close').click();
  });

  test('feeds survive a reload; the servers stop', async (t) => {
    await t.page.reload({ waitUntil: 'domcontentloaded' });
    await openApp(t.page, t.baseUrl, '?demoFeed=0');
    const configs = await eventually(async () => {
      const c = await t.page.evaluate(() => window.__gridroom.getState().feedConfigs);
      return c.length === 2 ? c : null;
    }, { message: 'the configured feeds did not come back after a reload' });
    assert.equal(configs.find((c) => c.id === feedIds.poll).enabled, false);
    await eventually(async () => (await feedView(t.page, feedIds.ws))?.connection === 'live', { timeout: 20_000, message: 'the WebSocket feed did not reconnect after the reload' });
    const ws = await feedView(t.page, feedIds.ws);
    assert.deepEqual((await incidentsSnapshot(t.page)).map((i) => i.id), RECORDED_INCIDENTS);
    t.log(`after reload: lastSeq ${ws.lastSeq}`);
    for (const s of servers) await s.stop();
  });
}
