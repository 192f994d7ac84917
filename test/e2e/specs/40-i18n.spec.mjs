// i18n: the app starts in Chinese; the language toggle switches the UI to English, the choice
// survives a reload, and the toggle switches back.

import assert from 'node:assert/strict';
import { allTextOf, eventually, openApp, reloadApp, stateSummary } from '../lib/app.mjs';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * The top bar's UI text (visible text plus placeholders, labels, titles) without the language
 * toggle, which may name the other language in its own script, and without data (the district's
 * and grids' names are Chinese in every UI language).
 */
async function topbarUiText(page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid="topbar"]');
    if (!root) return null;
    const clone = root.cloneNode(true);
    clone
      .querySelectorAll('[data-testid="language-toggle"], [data-testid="search-result"]')
      .forEach((el) => el.remove());
    const attrs = [...clone.querySelectorAll('[placeholder],[aria-label],[title]'), clone]
      .flatMap((el) => ['placeholder', 'aria-label', 'title'].map((a) => el.getAttribute(a)))
      .filter(Boolean);
    let text = [clone.textContent, ...attrs].join('\n');
    const s = window.__gridroom?.getState?.();
    const names = [s?.district?.name, ...(s?.district?.grids ?? []).map((g) => g.name)].filter(Boolean);
    for (const name of names.sort((a, b) => b.length - a.length)) text = text.split(name).join(' ');
    return text;
  });
}

/**
 * Texts cut off by their box inside the elements with these test ids: an element with its own text
 * whose content is wider than its box while it hides the overflow (clipped or ellipsised).
 * Returns [{ testid, text, textWidth, boxWidth, ellipsis }].
 */
async function truncatedTexts(page, testids) {
  return page.evaluate((ids) => {
    const out = [];
    for (const id of ids) {
      for (const root of document.querySelectorAll(`[data-testid="${id}"]`)) {
        for (const el of [root, ...root.querySelectorAll('*')]) {
          const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
          if (!ownText || el.clientWidth === 0) continue;
          const style = window.getComputedStyle(el);
          if (style.overflowX === 'visible') continue;
          if (el.scrollWidth > el.clientWidth + 2) {
            out.push({
              testid: id,
              text: el.textContent.trim().slice(0, 40),
              textWidth: el.scrollWidth,
              boxWidth: el.clientWidth,
              ellipsis: style.textOverflow === 'ellipsis',
            });
          }
        }
      }
    }
    return out;
  }, testids);
}

/**
 * Latin words split across two lines (`Commun|ity`) inside the elements with these test ids: a
 * box too narrow for its label, squeezed with `word-break`. Breaks at hyphens and spaces are fine.
 * Returns [{ testid, word, text }].
 */
async function brokenWords(page, testids) {
  return page.evaluate((ids) => {
    const out = [];
    const range = document.createRange();
    for (const id of ids) {
      for (const root of document.querySelectorAll(`[data-testid="${id}"]`)) {
        const walker = document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const m of node.textContent.matchAll(/[A-Za-z]{2,}/g)) {
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            if (tops.size > 1) out.push({ testid: id, word: m[0], text: node.textContent.trim().slice(0, 40) });
          }
        }
      }
    }
    return out;
  }, testids);
}

const describeTruncated = (list) =>
  list.map((x) => `"${x.text}" in ${x.testid} (${x.textWidth}px of text in a ${x.boxWidth}px box${x.ellipsis ? ', ellipsised' : ', clipped'})`).join('; ');

export function register(test) {
  test('the UI starts in Chinese', async (t) => {
    await openApp(t.page, t.baseUrl);
    const text = await allTextOf(t.page, 'topbar');
    assert.ok(text.includes('网格'), `the top bar shows no 网格: "${text.slice(0, 200)}"`);
    const language = (await stateSummary(t.page)).language;
    if (language !== null) assert.equal(language, 'zh');
    await t.shot('zh');
    const cut = await truncatedTexts(t.page, ['topbar', 'district-overview']);
    assert.ok(cut.length === 0, `Chinese UI text is cut off: ${describeTruncated(cut)}`);
  });

  test('the language toggle switches the UI to English', async (t) => {
    await t.page.getByTestId('language-toggle').click();
    await eventually(async () => /search/i.test(await allTextOf(t.page, 'topbar')), {
      timeout: 5_000,
      message: 'after language-toggle, the top bar shows no "Search"',
    });
    const ui = await topbarUiText(t.page);
    const leftover = (ui.match(/[\u3400-\u9fff\uf900-\ufaff]+/g) ?? []).slice(0, 10);
    assert.ok(!CJK.test(ui), `Chinese UI strings remain in the English top bar: ${leftover.join(' ')}`);
    await t.shot('en');
  });

  test('English labels of the top bar and the district overview fit their boxes (not cut, not split mid-word)', async (t) => {
    const cut = await truncatedTexts(t.page, ['topbar', 'district-overview']);
    assert.ok(cut.length === 0, `English UI text is cut off: ${describeTruncated(cut)}`);
    const broken = await brokenWords(t.page, ['topbar', 'district-overview']);
    assert.ok(
      broken.length === 0,
      `English words are split across lines: ${broken.map((b) => `"${b.word}" in "${b.text}" (${b.testid})`).join('; ')}`,
    );
  });

  test('the language survives a reload', async (t) => {
    await reloadApp(t.page);
    const text = await allTextOf(t.page, 'topbar');
    assert.ok(/search/i.test(text), `after reload the top bar is not in English: "${text.slice(0, 200)}"`);
    const language = (await stateSummary(t.page)).language;
    if (language !== null) assert.equal(language, 'en');
    await t.shot('en-after-reload');
  });

  test('the toggle switches back to Chinese', async (t) => {
    await t.page.getByTestId('language-toggle').click();
    await eventually(async () => (await allTextOf(t.page, 'topbar')).includes('网格'), {
      timeout: 5_000,
      message: 'after the second language-toggle, the top bar shows no 网格',
    });
    const ui = await topbarUiText(t.page);
    assert.ok(!/\bSearch\b/.test(ui), 'the Chinese top bar still says "Search"');
  });
}
