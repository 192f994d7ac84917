// basemap: off by default (no tile is requested); an operator configures an XYZ raster server in
// GCJ-02, tiles for the district are requested and the grid overlays move by the GCJ-02 offset so
// they line up; turning it off stops the requests and puts the overlays back.

import assert from 'node:assert/strict';
import { eventually, gridBBox, openApp, waitForMapIdle, DEMO_ROOT } from '../lib/app.mjs';

// A 1×1 grey PNG: MapLibre stretches whatever a raster tile holds, and the spec only needs a tile.
const TILE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mO8d+/efwAIagNhGKbGTgAAAABJRU5ErkJggg==',
  'base64',
);

/** Tile column/row of a longitude/latitude at zoom z (Web Mercator). */
function tileOf(lon, lat, z) {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  };
}

/** Metres between the south-west corners of two bboxes (small distances, equirectangular). */
function shiftMetres(a, b) {
  const lat = ((a[1] + b[1]) / 2) * (Math.PI / 180);
  const dx = (b[0] - a[0]) * 111_320 * Math.cos(lat);
  const dy = (b[1] - a[1]) * 110_574;
  return { dx, dy, d: Math.hypot(dx, dy) };
}

/** Clicks the kind's card, as a user does (the radio input itself sits under the card's text). */
async function pickKind(t, kind) {
  await t.page.locator(`label:has([data-testid="basemap-kind-${kind}"])`).click();
  assert.ok(await t.page.getByTestId(`basemap-kind-${kind}`).isChecked(), `the ${kind} card did not select its kind`);
}

async function saveBasemap(t, configure) {
  await t.page.getByTestId('basemap-button').click();
  await t.page.getByTestId('basemap-dialog').waitFor({ state: 'visible', timeout: 10_000 });
  await configure();
  await t.page.getByTestId('basemap-save').click();
  await t.page.getByTestId('basemap-dialog').waitFor({ state: 'hidden', timeout: 10_000 });
}

export function register(test) {
  // Runs first: the spec's tests share one browser context (and its stored settings).
  test('a bad basemap URL is refused under its field and nothing is fetched', async (t) => {
    const tileUrls = [];
    await t.page.route('**/tiles/**', (route) => {
      tileUrls.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: TILE_PNG });
    });
    await openApp(t.page, t.baseUrl);
    await t.page.getByTestId('basemap-button').click();
    await t.page.getByTestId('basemap-dialog').waitFor({ state: 'visible', timeout: 10_000 });
    await pickKind(t, 'xyz-raster');
    // No {x}/{y} placeholders: the validator must name the url field.
    await t.page.getByTestId('basemap-field-url').fill(new URL('tiles/static.png', t.baseUrl).href);
    await t.page.getByTestId('basemap-save').click();
    const error = t.page.getByTestId('basemap-error-url');
    await error.waitFor({ state: 'visible', timeout: 10_000 });
    const message = (await error.innerText()).trim();
    assert.ok(message.length > 0, 'the url field shows an empty error');
    // The UI is Chinese by default: the validator's message must be translated, not raw English.
    assert.match(message, /[\u4e00-\u9fff]/, `the url error is not in Chinese: "${message}"`);
    assert.ok(await t.page.getByTestId('basemap-dialog').isVisible(), 'the dialog closed on a bad URL');
    await t.shot('bad-url');
    await t.page.keyboard.press('Escape');
    await waitForMapIdle(t.page);
    assert.equal(tileUrls.length, 0, 'a refused basemap still fetched tiles');
  });

  test('no tile is requested by default; a GCJ-02 raster basemap is fetched and the overlays line up with it', async (t) => {
    const tileUrls = [];
    await t.page.route('**/tiles/**', (route) => {
      tileUrls.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: TILE_PNG });
    });
    await openApp(t.page, t.baseUrl);
    await waitForMapIdle(t.page);
    assert.equal(tileUrls.length, 0, `tiles were requested with no basemap configured: ${tileUrls.slice(0, 3).join(', ')}`);
    const before = await gridBBox(t.page, DEMO_ROOT);

    // Built by hand: URL() would percent-encode the braces of the template.
    const template = `${new URL(t.baseUrl).origin}/tiles/{z}/{x}/{y}.png`;
    await saveBasemap(t, async () => {
      await pickKind(t, 'xyz-raster');
      await t.page.getByTestId('basemap-field-url').fill(template);
      await t.page.getByTestId('basemap-field-crs').selectOption('gcj02');
    });

    await eventually(async () => tileUrls.length > 0, { timeout: 20_000, message: 'no basemap tile was requested after saving the basemap' });
    await waitForMapIdle(t.page);
    // Every tile requested lies in the view (the map shows the district, shifted onto GCJ-02).
    const view = await t.page.evaluate(() => {
      const b = window.__gridroom.map.getBounds();
      return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    });
    const zooms = new Set();
    for (const url of tileUrls) {
      const m = /\/tiles\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(url);
      assert.ok(m, `a tile URL does not follow the template: ${url}`);
      const [z, x, y] = m.slice(1).map(Number);
      zooms.add(z);
      const nw = tileOf(view[0], view[3], z);
      const se = tileOf(view[2], view[1], z);
      const margin = 2;
      assert.ok(
        x >= nw.x - margin && x <= se.x + margin && y >= nw.y - margin && y <= se.y + margin,
        `tile ${z}/${x}/${y} is outside the view (tiles ${nw.x}–${se.x}, ${nw.y}–${se.y} at z${z})`,
      );
    }
    t.log(`${tileUrls.length} tiles requested at zoom ${[...zooms].join(', ')}`);

    // The overlays are drawn in GCJ-02 now: near Zhengzhou that is a few hundred metres, eastwards.
    const shifted = await gridBBox(t.page, DEMO_ROOT);
    const shift = shiftMetres(before, shifted);
    t.log(`overlay shift: ${shift.d.toFixed(0)} m (east ${shift.dx.toFixed(0)} m, north ${shift.dy.toFixed(0)} m)`);
    assert.ok(shift.d > 100 && shift.d < 900, `the overlays moved ${shift.d.toFixed(0)} m, not the GCJ-02 offset (100–900 m)`);
    assert.ok(shift.dx > 0, 'the GCJ-02 offset near Zhengzhou points east, the overlays moved west');
    const notice = await t.page.getByTestId('live-strip').innerText();
    assert.ok(!/未配置底图|no basemap/i.test(notice), `the live strip still says no basemap: "${notice}"`);
    await t.shot('gcj02-raster');

    // Off again: overlays back in WGS-84, and panning requests nothing.
    await saveBasemap(t, async () => {
      await pickKind(t, 'none');
    });
    await eventually(
      async () => {
        const now = await gridBBox(t.page, DEMO_ROOT);
        return now.every((v, i) => Math.abs(v - before[i]) < 1e-9);
      },
      { timeout: 10_000, message: 'the overlays did not return to WGS-84 when the basemap was turned off' },
    );
    const count = tileUrls.length;
    await t.page.evaluate(() => window.__gridroom.map.panBy([200, 120], { duration: 0 }));
    await waitForMapIdle(t.page);
    assert.equal(tileUrls.length, count, 'tiles were requested after the basemap was turned off');
  });
}
