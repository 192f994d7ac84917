// Page helpers shared by the specs: waiting for the app, reading the map and the state through
// `window.__gridroom` (src/renderer/test-hooks.ts), clicking grids on the map, and the import flow.
// Functions passed to page.evaluate run in the browser: they must not close over Node variables.

import assert from 'node:assert/strict';

/** How long the app may take to load the demo and render the map (SwiftShader, 2 shared cores). */
export const READY_TIMEOUT_MS = 60_000;

/** The sub-district of the demo district; every demo grid code starts with it. */
export const DEMO_ROOT = 'ZY-03';

/** A grid code's parent code by the hierarchical scheme (`ZY-03-01-02` → `ZY-03-01`), or null. */
export function parentCodeOf(code) {
  const parts = code.split('-');
  return parts.length > 2 ? parts.slice(0, -1).join('-') : null;
}

/** What the page shows of the test hooks and test ids, for error messages that say where it got stuck. */
export async function describePage(page) {
  try {
    return await page.evaluate(() => {
      const h = window.__gridroom;
      return {
        hooks: h
          ? { ready: h.ready, map: Boolean(h.map), firstMapRenderMs: h.firstMapRenderMs, getState: Boolean(h.getState) }
          : 'window.__gridroom is missing',
        testids: [...new Set([...document.querySelectorAll('[data-testid]')].map((e) => e.getAttribute('data-testid')))],
        text: (document.body?.innerText ?? '').replace(/\s+/g, ' ').slice(0, 300),
      };
    });
  } catch (err) {
    return `(page not readable: ${err.message.split('\n')[0]})`;
  }
}

/** Waits for `window.__gridroom.ready` (district loaded, grids rendered); returns ms waited. */
export async function waitForReady(page, timeout = READY_TIMEOUT_MS) {
  const t0 = Date.now();
  let outcome;
  try {
    // Ready, or a load error the app reports in its state (then waiting longer is pointless).
    const handle = await page.waitForFunction(
      () => {
        const h = window.__gridroom;
        if (h?.ready === true && h.map) return { ready: true };
        const s = h?.getState?.();
        if (s?.phase === 'error') return { ready: false, loadError: String(s.loadError) };
        return false;
      },
      null,
      { timeout, polling: 100 },
    );
    outcome = await handle.jsonValue();
  } catch {
    throw new Error(
      `the app did not become ready (window.__gridroom.ready) within ${timeout / 1000} s; page: ` +
        JSON.stringify(await describePage(page)),
    );
  }
  if (!outcome.ready) {
    throw new Error(`the app failed to load its district: getState().loadError = "${outcome.loadError}"`);
  }
  return Date.now() - t0;
}

/** Opens the app at `path` (relative to the server) and waits until it is ready; returns ms from goto to ready. */
export async function openApp(page, baseUrl, path = '') {
  const t0 = Date.now();
  await page.goto(new URL(path, baseUrl).href, { waitUntil: 'domcontentloaded' });
  await waitForReady(page);
  return Date.now() - t0;
}

/** Reloads the page and waits until the app is ready again. */
export async function reloadApp(page) {
  await page.reload({ waitUntil: 'domcontentloaded' });
  await waitForReady(page);
}

/**
 * Waits until the map has finished moving and rendering (its `idle` event). Returns false instead
 * of throwing when `idle` does not come in time (a live layer may keep it busy); callers that need
 * a rendered frame then poll for what they expect.
 */
export async function waitForMapIdle(page, timeout = 15_000) {
  return page.evaluate(
    (ms) =>
      new Promise((resolve) => {
        const map = window.__gridroom?.map;
        if (!map) {
          resolve(false);
          return;
        }
        const timer = setTimeout(() => resolve(false), ms);
        map.once('idle', () => {
          clearTimeout(timer);
          resolve(true);
        });
        map.triggerRepaint();
      }),
    timeout,
  );
}

/** Polls `fn` (a Node async function) until it returns a truthy value; throws `message` after `timeout`. */
export async function eventually(fn, { timeout = 10_000, interval = 200, message = 'condition not met' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? ` (last error: ${last.message.split('\n')[0]})` : '';
      throw new Error(`${message} within ${timeout / 1000} s${detail}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * The grids of the state (`getState().district.grids`), without geometry:
 * [{ code, name, level, kind, parentCode }]. Throws a plain message when the state has no grids.
 */
export async function stateGrids(page) {
  const result = await page.evaluate(() => {
    const getState = window.__gridroom?.getState;
    if (typeof getState !== 'function') return { error: 'window.__gridroom.getState is not a function' };
    const s = getState();
    const grids = s?.district?.grids ?? s?.grids;
    if (!Array.isArray(grids)) {
      return { error: `getState() has no district.grids (its keys: ${Object.keys(s ?? {}).join(', ')})` };
    }
    return {
      grids: grids.map((g) => ({ code: g.code, name: g.name, level: g.level, kind: g.kind, parentCode: g.parentCode })),
    };
  });
  if (result.error) throw new Error(result.error);
  return result.grids;
}

/** A few fields of getState(): selected code, language, choropleth, visible levels, dialog. */
export async function stateSummary(page) {
  return page.evaluate(() => {
    const s = window.__gridroom?.getState?.() ?? {};
    return {
      selected: s.selected ?? s.selectedCode ?? null,
      language: s.language ?? null,
      choropleth: s.choropleth ?? null,
      visibleLevels: s.visibleLevels ?? null,
      dialog: s.dialog ?? null,
    };
  });
}

/**
 * Grids rendered in the `grids-fill` layer right now (deduplicated by code):
 * [{ code, name, level, kind, households }].
 */
export async function renderedGrids(page) {
  return page.evaluate(() => {
    const map = window.__gridroom.map;
    const byCode = new Map();
    for (const f of map.queryRenderedFeatures({ layers: ['grids-fill'] })) {
      const p = f.properties ?? {};
      if (!byCode.has(p.code)) {
        byCode.set(p.code, { code: p.code, name: p.name, level: Number(p.level), kind: p.kind, households: p.households });
      }
    }
    return [...byCode.values()];
  });
}

/** Codes of the features in the map's `grids` source data (what the map draws, visible or not). */
export async function sourceGridCodes(page) {
  return page.evaluate(async () => {
    const source = window.__gridroom.map.getSource('grids');
    if (!source) throw new Error("the map has no 'grids' source");
    const data = await source.getData();
    return (data.features ?? []).map((f) => f.properties?.code ?? f.id);
  });
}

/** The [west, south, east, north] bounds of a grid, from the map's `grids` source data. */
export async function gridBBox(page, code) {
  const bbox = await page.evaluate(async (wanted) => {
    const data = await window.__gridroom.map.getSource('grids').getData();
    const feature = (data.features ?? []).find((f) => (f.properties?.code ?? f.id) === wanted);
    if (!feature) return null;
    let w = Infinity;
    let s = Infinity;
    let e = -Infinity;
    let n = -Infinity;
    const walk = (c) => {
      if (typeof c[0] === 'number') {
        w = Math.min(w, c[0]);
        e = Math.max(e, c[0]);
        s = Math.min(s, c[1]);
        n = Math.max(n, c[1]);
      } else c.forEach(walk);
    };
    walk(feature.geometry.coordinates);
    return [w, s, e, n];
  }, code);
  assert.ok(bbox, `grid ${code} is not in the map's 'grids' source`);
  return bbox;
}

/** Centre and zoom of the map camera. */
export async function camera(page) {
  return page.evaluate(() => {
    const map = window.__gridroom.map;
    const c = map.getCenter();
    return { lng: c.lng, lat: c.lat, zoom: map.getZoom(), moving: map.isMoving() };
  });
}

/** Waits until the camera stops moving (flyTo/fitBounds finished) and the map is idle. */
export async function waitForCameraSettled(page, timeout = 15_000) {
  await eventually(async () => !(await camera(page)).moving, { timeout, message: 'the map camera kept moving' });
  await waitForMapIdle(page, 5_000);
}

/** True when all four corners of `bbox` lie inside the map's visible bounds. */
export async function bboxInViewport(page, bbox) {
  return page.evaluate(([w, s, e, n]) => {
    const b = window.__gridroom.map.getBounds();
    const inside = (lng, lat) => b.contains([lng, lat]);
    return inside(w, s) && inside(w, n) && inside(e, s) && inside(e, n);
  }, bbox);
}

/**
 * A point in page (CSS) pixels where clicking hits grid `code` on the map: at least 4 px inside
 * its polygon, where `code` is the only rendered grid of its level, on the map canvas itself (not
 * under the top bar or a panel). Tries the bbox centre first, then a 9×9 lattice across the bbox.
 * Returns { x, y } or null.
 */
export async function clickablePointOf(page, code) {
  const bbox = await gridBBox(page, code);
  return page.evaluate(async ({ wanted, bbox: [w, s, e, n] }) => {
    const map = window.__gridroom.map;
    const data = await map.getSource('grids').getData();
    const feature = (data.features ?? []).find((f) => (f.properties?.code ?? f.id) === wanted);
    if (!feature) return null;
    const level = Number(feature.properties.level);
    const candidates = [[(w + e) / 2, (s + n) / 2]];
    const steps = 9;
    const lattice = [];
    for (let i = 1; i < steps; i++) {
      for (let j = 1; j < steps; j++) lattice.push([w + ((e - w) * i) / steps, s + ((n - s) * j) / steps]);
    }
    const cx = (w + e) / 2;
    const cy = (s + n) / 2;
    lattice.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
    candidates.push(...lattice);
    const canvas = map.getCanvas();
    const rect = canvas.getBoundingClientRect();
    // Only `wanted` of its level is under the pixel (x, y) of the canvas.
    const hitsOnly = (x, y) => {
      const sameLevel = map
        .queryRenderedFeatures([x, y], { layers: ['grids-fill'] })
        .filter((f) => Number(f.properties.level) === level);
      return sameLevel.length === 1 && sameLevel[0].properties.code === wanted;
    };
    const margin = 4;
    for (const lngLat of candidates) {
      const p = map.project(lngLat);
      // The mouse moves in whole pixels: check the pixel that will be clicked, not the projection.
      const px = Math.round(p.x);
      const py = Math.round(p.y);
      // Stay off the canvas edges.
      if (px < margin || py < margin || px > rect.width - margin || py > rect.height - margin) continue;
      // Well inside the polygon: the pixel and its neighbours `margin` px away all hit it, so a
      // boundary or rounding cannot turn the click into a miss.
      const around = [[0, 0], [margin, 0], [-margin, 0], [0, margin], [0, -margin]];
      if (!around.every(([dx, dy]) => hitsOnly(px + dx, py + dy))) continue;
      const x = Math.round(rect.left) + px;
      const y = Math.round(rect.top) + py;
      if (document.elementFromPoint(x, y) !== canvas) continue;
      return { x, y };
    }
    return null;
  }, { wanted: code, bbox });
}

/** Clicks grid `code` on the map where it is visible; throws when no clickable spot is on screen. */
export async function clickGridOnMap(page, code) {
  const point = await clickablePointOf(page, code);
  assert.ok(point, `no visible, unobstructed point of grid ${code} on the map canvas to click`);
  await page.mouse.click(point.x, point.y);
  return point;
}

/** The text of the element with `testid` (trimmed), or null when there is none. */
export async function textOf(page, testid) {
  const el = page.getByTestId(testid).first();
  if ((await el.count()) === 0) return null;
  return (await el.innerText()).trim();
}

/** Waits until the selection panel shows `code` in panel-code. */
export async function expectPanelCode(page, code, timeout = 10_000) {
  await eventually(async () => (await textOf(page, 'panel-code'))?.includes(code), {
    timeout,
    message: `the selection panel (panel-code) did not show ${code}; it shows "${await textOf(page, 'panel-code')}"`,
  });
}

/** Whole numbers in a text, e.g. "1,234 户 / 56" → [1234, 56]. */
export function numbersIn(text) {
  return (String(text).match(/\d[\d,，]*/g) ?? []).map((s) => Number(s.replace(/[,，]/g, '')));
}

/** Both the visible text and the placeholder/aria-label/title texts inside an element. */
export async function allTextOf(page, testid) {
  return page.getByTestId(testid).first().evaluate((root) => {
    const attrs = [...root.querySelectorAll('[placeholder],[aria-label],[title]'), root]
      .flatMap((el) => ['placeholder', 'aria-label', 'title'].map((a) => el.getAttribute(a)))
      .filter(Boolean);
    return [root.innerText, ...attrs].join('\n');
  });
}
