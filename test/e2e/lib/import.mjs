// The import flow as a user clicks through it: import-button opens the file picker, the dialog
// shows the guessed property mapping, import-validate produces the per-feature report, and
// import-confirm writes the good features. Also the bad-fixture catalogue and the demo reset.

import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eventually, stateGrids, waitForReady } from './app.mjs';

export const FIXTURES_DIR = resolve(import.meta.dirname, '..', '..', 'fixtures', 'import');

/** Every ImportProblemKind of src/core/import (kept in step with it by hand: the specs are plain JS). */
export const IMPORT_PROBLEM_KINDS = Object.freeze([
  'invalid_json',
  'not_feature_collection',
  'invalid_geometry',
  'self_intersection',
  'unclosed_ring',
  'nan_coordinate',
  'out_of_range',
  'latlon_swapped',
  'missing_code',
  'duplicate_code',
  'invalid_level',
  'missing_parent',
]);

/** Kinds that concern the file as a whole: no mapping step, nothing to import. */
export const FILE_LEVEL_KINDS = Object.freeze(['invalid_json', 'not_feature_collection']);

/**
 * The single-kind bad fixtures: every .geojson/.json file of test/fixtures/import except good.* and
 * mixed.*, with the problem kind its name states (`self-intersection.geojson`,
 * `bad_latlon_swapped.json`…). A file whose name states no kind is returned with kind null.
 */
export function badFixtures(dir = FIXTURES_DIR) {
  if (!existsSync(dir)) return [];
  const byLength = [...IMPORT_PROBLEM_KINDS].sort((a, b) => b.length - a.length);
  return readdirSync(dir)
    .filter((f) => /\.(geo)?json$/i.test(f) && !/^(good|mixed)\./i.test(f))
    .sort()
    .map((f) => {
      const normalised = f.toLowerCase().replace(/\.(geo)?json$/, '').replace(/[-\s.]+/g, '_');
      const kind = byLength.find((k) => normalised.includes(k)) ?? null;
      return { file: join(dir, f), name: f, kind };
    });
}

/**
 * Clicks import-button and hands `file` to the file picker it opens; waits for the import dialog.
 * Works whether the button opens the picker directly or the dialog offers an <input type=file>.
 */
export async function openImportWith(page, file) {
  const chooserPromise = page.waitForEvent('filechooser', { timeout: 10_000 });
  await page.getByTestId('import-button').click();
  let chooser;
  try {
    chooser = await chooserPromise;
  } catch {
    const input = page.locator('[data-testid="import-dialog"] input[type="file"]');
    if ((await input.count()) === 0) {
      throw new Error('clicking import-button opened no file picker (no filechooser event, no file input in import-dialog)');
    }
    await input.first().setInputFiles(file);
  }
  if (chooser) await chooser.setFiles(file);
  await page.getByTestId('import-dialog').waitFor({ state: 'visible', timeout: 10_000 });
}

/**
 * Runs validation if the dialog offers it and waits for the outcome: the report (import-report)
 * or, for a broken file, its problem rows. Returns the kinds of the import-problem rows.
 */
export async function validateImport(page, timeout = 20_000) {
  const dialog = page.getByTestId('import-dialog');
  const validate = page.getByTestId('import-validate');
  const report = page.getByTestId('import-report');
  const problem = page.getByTestId('import-problem');
  // Either the mapping step (validate button) or a file-level problem shows up first.
  await eventually(
    async () => (await validate.isVisible()) || (await report.isVisible()) || (await problem.count()) > 0,
    { timeout, message: 'the import dialog showed neither import-validate, import-report nor import-problem' },
  );
  if ((await validate.isVisible()) && (await validate.isEnabled())) {
    await validate.click();
    await eventually(async () => (await report.isVisible()) || (await problem.count()) > 0, {
      timeout,
      message: 'after import-validate, no import-report or import-problem appeared',
    });
  }
  await dialog.waitFor({ state: 'visible' });
  return problemKinds(page);
}

/** The data-kind of every import-problem row. */
export async function problemKinds(page) {
  return page.getByTestId('import-problem').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
}

/** Closes the import dialog with import-cancel (or Escape) and waits for it to go. */
export async function closeImportDialog(page) {
  const dialog = page.getByTestId('import-dialog');
  if (!(await dialog.isVisible())) return;
  const cancel = page.getByTestId('import-cancel');
  if ((await cancel.isVisible()) && (await cancel.isEnabled())) await cancel.click();
  else await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Number of grids in getState(). */
export async function gridCount(page) {
  return (await stateGrids(page)).length;
}

/** Codes in getState() starting with `prefix`. */
export async function codesWithPrefix(page, prefix) {
  return (await stateGrids(page)).map((g) => g.code).filter((c) => c === prefix || c.startsWith(`${prefix}-`));
}

/**
 * Resets to the demo like a user: reset-demo-button, then confirm-ok in the confirmation; waits
 * until getState() holds only demo codes again (`rootPrefix`), and the map is ready.
 */
export async function resetDemo(page, rootPrefix = 'ZY-03') {
  await page.getByTestId('reset-demo-button').click();
  await page.getByTestId('confirm-ok').click();
  await eventually(
    async () => {
      const grids = await stateGrids(page);
      return grids.length > 0 && grids.every((g) => g.code === rootPrefix || g.code.startsWith(`${rootPrefix}-`));
    },
    { timeout: 30_000, message: `after reset-demo-button + confirm-ok, the state still holds grids outside ${rootPrefix}` },
  );
  await waitForReady(page);
}
