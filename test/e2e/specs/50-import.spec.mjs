// import: a user imports GeoJSON grids. Bad files are reported feature by feature with the right
// problem kind and import nothing; a mixed file imports exactly its good features; a good file
// adds a sub-district the map draws and search finds; importing it again is refused as duplicate
// codes; the import survives a reload (IndexedDB); resetting to the demo removes it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bboxInViewport,
  eventually,
  expectPanelCode,
  gridBBox,
  openApp,
  reloadApp,
  sourceGridCodes,
  stateGrids,
  textOf,
  waitForCameraSettled,
} from '../lib/app.mjs';
import {
  FILE_LEVEL_KINDS,
  FIXTURES_DIR,
  badFixtures,
  closeImportDialog,
  codesWithPrefix,
  gridCount,
  openImportWith,
  resetDemo,
  validateImport,
} from '../lib/import.mjs';

const GOOD = join(FIXTURES_DIR, 'good.geojson');
const MIXED = join(FIXTURES_DIR, 'mixed.geojson');
/** The sub-district good.geojson adds. */
const IMPORTED_ROOT = 'ZY-04';

/** Codes of a fixture's features (property `code`), read in Node. */
function fixtureCodes(file) {
  const fc = JSON.parse(readFileSync(file, 'utf8'));
  return (fc.features ?? []).map((f) => f.properties?.code).filter((c) => typeof c === 'string');
}

/**
 * Confirms the import when the dialog allows it and waits for the outcome (import-result, or the
 * dialog closing). Returns false when import-confirm is absent or disabled.
 */
async function confirmImport(page) {
  const confirm = page.getByTestId('import-confirm');
  if (!(await confirm.isVisible()) || !(await confirm.isEnabled())) return false;
  await confirm.click();
  await eventually(
    async () => (await page.getByTestId('import-result').isVisible()) || !(await page.getByTestId('import-dialog').isVisible()),
    { timeout: 20_000, message: 'after import-confirm, neither import-result appeared nor the dialog closed' },
  );
  return true;
}

let demoCodes = [];

export function register(test) {
  test('the app starts on the demo', async (t) => {
    await openApp(t.page, t.baseUrl);
    demoCodes = (await stateGrids(t.page)).map((g) => g.code);
    assert.ok(demoCodes.length > 0, 'the state holds no grids');
    assert.deepEqual(await codesWithPrefix(t.page, IMPORTED_ROOT), [], `a fresh profile already holds ${IMPORTED_ROOT}`);
  });

  test('each bad fixture shows its problem kind and imports nothing', async (t) => {
    const fixtures = badFixtures();
    assert.ok(fixtures.length > 0, `no bad fixtures in ${FIXTURES_DIR} (expected one file per problem kind)`);
    const failures = [];
    const checked = new Set();
    for (const fixture of fixtures) {
      if (!fixture.kind) {
        failures.push(`${fixture.name}: its name states no known problem kind`);
        continue;
      }
      const before = await gridCount(t.page);
      try {
        await openImportWith(t.page, fixture.file);
        const kinds = await validateImport(t.page);
        if (!kinds.includes(fixture.kind)) {
          failures.push(`${fixture.name}: import-problem kinds [${kinds.join(', ')}] lack "${fixture.kind}"`);
        } else checked.add(fixture.kind);
        await t.shot(`bad-${fixture.kind}`);
        if (await confirmImport(t.page)) {
          const after = await gridCount(t.page);
          if (after !== before) failures.push(`${fixture.name}: import-confirm was enabled and imported ${after - before} grid(s)`);
        }
        await closeImportDialog(t.page);
      } catch (err) {
        failures.push(`${fixture.name}: ${err.message.split('\n')[0]}`);
        await t.page.keyboard.press('Escape').catch(() => {});
      }
    }
    t.log(`checked kinds: ${[...checked].join(', ')}`);
    assert.deepEqual(failures, [], `bad fixtures not handled as expected:\n${failures.join('\n')}`);
    assert.ok(checked.size >= 5, `only ${checked.size} problem kinds were checked: [${[...checked]}]`);
    const fileLevel = FILE_LEVEL_KINDS.filter((k) => checked.has(k));
    t.metric('badKindsChecked', [...checked]);
    t.metric('fileLevelKindsChecked', fileLevel);
  });

  test('mixed.geojson lists 3 problems and imports exactly the good features', async (t) => {
    const codes = fixtureCodes(MIXED);
    const before = await stateGrids(t.page);
    await openImportWith(t.page, MIXED);
    const kinds = await validateImport(t.page);
    t.log(`problems: ${kinds.join(', ')}; summary: ${(await textOf(t.page, 'import-summary'))?.replace(/\s+/g, ' ')}`);
    assert.equal(kinds.length, 3, `mixed.geojson should list 3 problems, lists ${kinds.length}: [${kinds}]`);
    await t.shot('mixed-report');
    assert.ok(await confirmImport(t.page), 'import-confirm is missing or disabled for a file with good features');
    await eventually(async () => (await gridCount(t.page)) > before.length, {
      timeout: 10_000,
      message: 'importing mixed.geojson added no grid',
    });
    const beforeCodes = new Set(before.map((g) => g.code));
    const added = (await stateGrids(t.page)).map((g) => g.code).filter((c) => !beforeCodes.has(c));
    assert.equal(added.length, 3, `mixed.geojson should import its 3 good features, imported ${added.length}: [${added}]`);
    assert.ok(added.every((c) => codes.includes(c)), `imported codes [${added}] are not all from mixed.geojson`);
    const result = await textOf(t.page, 'import-result');
    if (result !== null) t.log(`import-result: ${result.replace(/\s+/g, ' ')}`);
    await closeImportDialog(t.page);
    // good.geojson is imported next: start it from the demo if the two files share codes.
    const goodCodes = new Set(fixtureCodes(GOOD));
    if (added.some((c) => goodCodes.has(c))) {
      t.log('mixed.geojson and good.geojson share codes: resetting to the demo first');
      await resetDemo(t.page);
    }
  });

  let goodCodes = [];
  let countAfterGood = 0;

  test('good.geojson imports: the map draws ZY-04 and search finds ZY-04-01', async (t) => {
    goodCodes = fixtureCodes(GOOD);
    assert.ok(goodCodes.includes(`${IMPORTED_ROOT}-01`), `good.geojson has no ${IMPORTED_ROOT}-01`);
    const before = await gridCount(t.page);
    await openImportWith(t.page, GOOD);
    const kinds = await validateImport(t.page);
    assert.deepEqual(kinds, [], `good.geojson reports problems: [${kinds}]`);
    assert.ok(await confirmImport(t.page), 'import-confirm is missing or disabled for good.geojson');
    await eventually(async () => (await gridCount(t.page)) === before + goodCodes.length, {
      timeout: 10_000,
      message: `the state did not grow by good.geojson's ${goodCodes.length} grids (from ${before})`,
    });
    countAfterGood = await gridCount(t.page);
    await closeImportDialog(t.page);
    await eventually(async () => (await sourceGridCodes(t.page)).includes(`${IMPORTED_ROOT}-01`), {
      timeout: 10_000,
      message: `the map's 'grids' source has no ${IMPORTED_ROOT}-01 after the import`,
    });
    // The import selects the top imported unit and flies there, so the operator sees what arrived.
    await expectPanelCode(t.page, IMPORTED_ROOT);
    await waitForCameraSettled(t.page);
    assert.ok(
      await bboxInViewport(t.page, await gridBBox(t.page, IMPORTED_ROOT)),
      `the map did not fly to the imported ${IMPORTED_ROOT}`,
    );
    const status = await textOf(t.page, 'status-message');
    if (status !== null) t.log(`status-message: ${status.replace(/\s+/g, ' ')}`);
    // Search finds the new community, and picking it flies there.
    await t.page.evaluate(() => document.activeElement?.blur());
    await t.page.keyboard.press('/');
    await t.page.getByTestId('search-input').fill(`${IMPORTED_ROOT}-01`);
    const row = t.page.locator(`[data-testid="search-result"][data-code="${IMPORTED_ROOT}-01"]`);
    await row.waitFor({ state: 'visible', timeout: 5_000 });
    await row.click();
    await expectPanelCode(t.page, `${IMPORTED_ROOT}-01`);
    await waitForCameraSettled(t.page);
    const drawn = await t.page.evaluate(
      (root) =>
        window.__gridroom.map
          .queryRenderedFeatures({ layers: ['grids-fill'] })
          .filter((f) => String(f.properties.code).startsWith(root)).length,
      IMPORTED_ROOT,
    );
    assert.ok(drawn > 0, `no ${IMPORTED_ROOT} grid is rendered after flying to it`);
    await t.shot('imported-zy-04');
  });

  test('importing good.geojson again reports duplicate codes and changes nothing', async (t) => {
    assert.ok(countAfterGood > 0, 'good.geojson was not imported by the previous test');
    await t.page.keyboard.press('Escape');
    await openImportWith(t.page, GOOD);
    const kinds = await validateImport(t.page);
    assert.ok(kinds.includes('duplicate_code'), `re-importing good.geojson lists [${kinds}], no duplicate_code`);
    await t.shot('duplicate-report');
    await confirmImport(t.page);
    assert.equal(await gridCount(t.page), countAfterGood, 're-importing good.geojson changed the number of grids');
    await closeImportDialog(t.page);
  });

  test('the imported grids survive a reload', async (t) => {
    assert.ok(countAfterGood > 0, 'good.geojson was not imported by an earlier test');
    await reloadApp(t.page);
    const imported = await codesWithPrefix(t.page, IMPORTED_ROOT);
    assert.deepEqual(imported.sort(), [...goodCodes].sort(), `after reload the state holds [${imported}] of ${IMPORTED_ROOT}`);
    assert.equal(await gridCount(t.page), countAfterGood, 'after reload the number of grids differs');
  });

  test('reset to the demo removes the imported grids', async (t) => {
    await resetDemo(t.page);
    assert.deepEqual(await codesWithPrefix(t.page, IMPORTED_ROOT), [], `${IMPORTED_ROOT} is still in the state after reset`);
    const codes = (await stateGrids(t.page)).map((g) => g.code).sort();
    assert.deepEqual(codes, [...demoCodes].sort(), 'after reset the grids are not the demo grids');
    await eventually(async () => !(await sourceGridCodes(t.page)).some((c) => c.startsWith(`${IMPORTED_ROOT}`)), {
      timeout: 10_000,
      message: `the map still draws ${IMPORTED_ROOT} after reset`,
    });
    await reloadApp(t.page);
    assert.deepEqual(await codesWithPrefix(t.page, IMPORTED_ROOT), [], `${IMPORTED_ROOT} came back after reset and reload`);
  });
}
