// export: a user exports the hierarchy and gets a GeoJSON file with one feature per grid.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, stateGrids } from '../lib/app.mjs';

export function register(test) {
  test('export-button downloads a FeatureCollection with one feature per grid', async (t) => {
    await openApp(t.page, t.baseUrl);
    const grids = await stateGrids(t.page);
    const [download] = await Promise.all([
      t.page.waitForEvent('download', { timeout: 20_000 }),
      t.page.getByTestId('export-button').click(),
    ]);
    const failure = await download.failure();
    assert.equal(failure, null, `the download failed: ${failure}`);
    const name = download.suggestedFilename();
    assert.match(name, /\.(geo)?json$/i, `the exported file is named "${name}", not .geojson/.json`);
    const saved = join(t.artifactsDir, `export-${name}`);
    await download.saveAs(saved);
    let fc;
    try {
      fc = JSON.parse(readFileSync(saved, 'utf8'));
    } catch (err) {
      assert.fail(`the exported file is not JSON: ${err.message}`);
    }
    assert.equal(fc.type, 'FeatureCollection', `the exported file is a ${fc.type}, not a FeatureCollection`);
    assert.equal(fc.features.length, grids.length, `exported ${fc.features.length} features for ${grids.length} grids`);
    const exported = fc.features.map((f) => f.properties?.code).sort();
    assert.deepEqual(exported, grids.map((g) => g.code).sort(), 'the exported codes are not the grids of the state');
    assert.ok(
      fc.features.every((f) => ['Polygon', 'MultiPolygon'].includes(f.geometry?.type)),
      'an exported feature has no Polygon/MultiPolygon geometry',
    );
    t.metric('exportedFeatures', fc.features.length);
    t.metric('exportBytes', readFileSync(saved).length);
  });
}
