import { describe, expect, it } from 'vitest';
import type { BasemapConfig } from '../basemap';
import { asGridCode } from '../model';
import { tinyDistrict } from './__fixtures__/tiny-district';
import type { AppAction } from './actions';
import { initialAppState, MAX_STATUS_MESSAGES, type AppState } from './app-state';
import { appReducer } from './reducer';

const c = asGridCode;
const run = (state: AppState, ...actions: AppAction[]): AppState => actions.reduce(appReducer, state);
const loaded = (): AppState => run(initialAppState(), { type: 'districtLoaded', district: tinyDistrict() });
const select = (code: string, fly = false): AppState => run(loaded(), { type: 'gridSelected', code: c(code), fly });

const featureCollection = (features: unknown[]): string => JSON.stringify({ type: 'FeatureCollection', features });
const squareFeature = (props: Record<string, unknown>, x: number, y: number, size = 0.002): unknown => ({
  type: 'Feature',
  properties: props,
  geometry: {
    type: 'Polygon',
    coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
  },
});

describe('loading', () => {
  it('starts loading, in Chinese, without a basemap, all levels visible', () => {
    const s = initialAppState();
    expect(s.phase).toBe('loading');
    expect(s.language).toBe('zh');
    expect(s.basemap).toEqual({ kind: 'none' });
    expect(s.visibleLevels).toEqual({ 1: true, 2: true, 3: true, 4: true });
    expect(s.district).toBeNull();
  });

  it('districtLoaded builds the indexes and stats once', () => {
    const s = loaded();
    expect(s.phase).toBe('ready');
    expect(s.hierarchy?.get(c('ZY-01-01'))?.name).toBe('锦华社区');
    expect(s.stats?.get(c('ZY-01-01-01-01'))?.households).toBe(63);
    expect(s.stats?.get(c('ZY-01-01-01-01'))?.band).toBe('in');
    expect(s.stats?.get(c('ZY-01-01-01'))?.households).toBe(63 + 40 + 88);
    expect(s.staffById?.get(tinyDistrict().staff[0].id)?.name).toBeDefined();
    expect(s.bandSummary).toMatchObject({ microGrids: 3, inBand: 1, under: 1, over: 1 });
  });

  it('districtLoaded keeps a selection that still exists and drops one that does not', () => {
    const kept = run(select('ZY-01-02'), { type: 'districtLoaded', district: tinyDistrict() });
    expect(kept.selected).toBe('ZY-01-02');
    const smaller = tinyDistrict();
    smaller.grids = smaller.grids.filter((g) => g.code !== 'ZY-01-02');
    const dropped = run(select('ZY-01-02'), { type: 'districtLoaded', district: smaller });
    expect(dropped.selected).toBeNull();
  });

  it('districtLoadFailed records the reason', () => {
    const s = run(initialAppState(), { type: 'districtLoadFailed', message: 'quota' });
    expect(s).toMatchObject({ phase: 'error', loadError: 'quota' });
  });

  it('settingsLoaded applies what was stored and keeps defaults for the rest', () => {
    const s = run(initialAppState(), { type: 'settingsLoaded', settings: { language: 'en', choropleth: 'population' } });
    expect(s).toMatchObject({ settingsLoaded: true, language: 'en', choropleth: 'population' });
    expect(s.visibleLevels).toEqual({ 1: true, 2: true, 3: true, 4: true });
  });

  it('mapReady is set once', () => {
    const s = run(initialAppState(), { type: 'mapReady' });
    expect(s.mapReady).toBe(true);
    expect(appReducer(s, { type: 'mapReady' })).toBe(s);
  });
});

describe('selection', () => {
  it('gridSelected selects without flying unless asked', () => {
    const s = select('ZY-01-01');
    expect(s.selected).toBe('ZY-01-01');
    expect(s.flyToToken).toBe(0);
    const flown = run(s, { type: 'gridSelected', code: c('ZY-01-01'), fly: true });
    expect(flown.flyToToken).toBe(1);
  });

  it('gridSelected ignores unknown codes and returns the same state for a repeat', () => {
    const s = select('ZY-01-01');
    expect(appReducer(s, { type: 'gridSelected', code: c('NOPE') })).toBe(s);
    expect(appReducer(s, { type: 'gridSelected', code: c('ZY-01-01') })).toBe(s);
  });

  it('gridSelected(null) and selectionCleared clear', () => {
    expect(run(select('ZY-01'), { type: 'gridSelected', code: null }).selected).toBeNull();
    expect(run(select('ZY-01'), { type: 'selectionCleared' }).selected).toBeNull();
  });

  it('gridHovered tracks the hovered grid', () => {
    const s = run(loaded(), { type: 'gridHovered', code: c('ZY-01-01') });
    expect(s.hovered).toBe('ZY-01-01');
    expect(appReducer(s, { type: 'gridHovered', code: c('ZY-01-01') })).toBe(s);
  });

  it('siblingStepped walks siblings by code, wraps both ways, and flies', () => {
    const next = run(select('ZY-01-01-02'), { type: 'siblingStepped', direction: 1 });
    expect(next.selected).toBe('ZY-01-01-03');
    expect(next.flyToToken).toBe(1);
    const wrapped = run(select('ZY-01-01-Z1'), { type: 'siblingStepped', direction: 1 });
    expect(wrapped.selected).toBe('ZY-01-01-01');
    const back = run(select('ZY-01-01-01'), { type: 'siblingStepped', direction: -1 });
    expect(back.selected).toBe('ZY-01-01-Z1');
  });

  it('siblingStepped with nothing selected starts at the top level', () => {
    expect(run(loaded(), { type: 'siblingStepped', direction: 1 }).selected).toBe('ZY-01');
    expect(appReducer(initialAppState(), { type: 'siblingStepped', direction: 1 }).selected).toBeNull();
  });

  it('parentSelected goes up and stops at the top', () => {
    const up = run(select('ZY-01-01-01-02'), { type: 'parentSelected' });
    expect(up.selected).toBe('ZY-01-01-01');
    expect(up.flyToToken).toBe(1);
    const top = select('ZY-01');
    expect(appReducer(top, { type: 'parentSelected' })).toBe(top);
  });

  it('childSelected goes down to the named child or the first', () => {
    expect(run(select('ZY-01-01'), { type: 'childSelected' }).selected).toBe('ZY-01-01-01');
    expect(run(select('ZY-01-01'), { type: 'childSelected', code: c('ZY-01-01-03') }).selected).toBe('ZY-01-01-03');
    // Not a child of the selection: falls back to the first child rather than jumping elsewhere.
    expect(run(select('ZY-01-01'), { type: 'childSelected', code: c('ZY-01-02') }).selected).toBe('ZY-01-01-01');
    const leaf = select('ZY-01-01-01-01');
    expect(appReducer(leaf, { type: 'childSelected' })).toBe(leaf);
  });
});

describe('display', () => {
  it('levelToggled flips one level', () => {
    const s = run(loaded(), { type: 'levelToggled', level: 4 });
    expect(s.visibleLevels).toEqual({ 1: true, 2: true, 3: true, 4: false });
    expect(run(s, { type: 'levelToggled', level: 4 }).visibleLevels[4]).toBe(true);
  });

  it('choroplethChanged sets the mode', () => {
    expect(run(loaded(), { type: 'choroplethChanged', mode: 'population' }).choropleth).toBe('population');
  });

  it('basemapChanged stores the config', () => {
    const config: BasemapConfig = { kind: 'xyz-raster', url: 'http://tiles.local/{z}/{x}/{y}.png', tileSize: 256, crs: 'gcj02' };
    expect(run(loaded(), { type: 'basemapChanged', config }).basemap).toEqual(config);
  });

  it('languageChanged and languageToggled switch zh and en', () => {
    const en = run(loaded(), { type: 'languageChanged', language: 'en' });
    expect(en.language).toBe('en');
    expect(run(en, { type: 'languageToggled' }).language).toBe('zh');
    expect(appReducer(en, { type: 'languageChanged', language: 'en' })).toBe(en);
  });
});

describe('search', () => {
  it('searchChanged finds results and resets the cursor', () => {
    const s = run(loaded(), { type: 'searchChanged', query: '锦华社区第' });
    expect(s.search.query).toBe('锦华社区第');
    expect(s.search.results.length).toBeGreaterThan(1);
    expect(s.search.active).toBe(0);
  });

  it('searchCursorMoved wraps', () => {
    const s = run(loaded(), { type: 'searchChanged', query: 'ZY-01-01-01' });
    const n = s.search.results.length;
    expect(run(s, { type: 'searchCursorMoved', delta: -1 }).search.active).toBe(n - 1);
    expect(run(s, { type: 'searchCursorMoved', delta: 1 }).search.active).toBe(1);
  });

  it('searchResultPicked selects the highlighted result, flies, and clears the search', () => {
    const s = run(loaded(), { type: 'searchChanged', query: 'ZY-01-02' }, { type: 'searchResultPicked' });
    expect(s.selected).toBe('ZY-01-02');
    expect(s.flyToToken).toBe(1);
    expect(s.search).toEqual({ query: '', results: [], active: 0 });
    const picked = run(loaded(), { type: 'searchChanged', query: 'ZY' }, { type: 'searchResultPicked', code: c('ZY-01-01-02') });
    expect(picked.selected).toBe('ZY-01-01-02');
  });

  it('searchResultPicked with no results does nothing', () => {
    const s = run(loaded(), { type: 'searchChanged', query: '没有这个' });
    expect(appReducer(s, { type: 'searchResultPicked' })).toBe(s);
  });

  it('districtLoaded refreshes the results of a query being typed', () => {
    const s = run(initialAppState(), { type: 'searchChanged', query: 'ZY-01' });
    expect(s.search.results).toEqual([]);
    expect(run(s, { type: 'districtLoaded', district: tinyDistrict() }).search.results[0].code).toBe('ZY-01');
  });
});

describe('escape and dialogs', () => {
  it('escapePressed peels dialog, then search, then selection', () => {
    let s = run(select('ZY-01'), { type: 'searchChanged', query: 'ZY' }, { type: 'dialogOpened', dialog: 'basemap' });
    s = appReducer(s, { type: 'escapePressed' });
    expect(s.dialog).toBeNull();
    expect(s.search.query).toBe('ZY');
    s = appReducer(s, { type: 'escapePressed' });
    expect(s.search.query).toBe('');
    expect(s.selected).toBe('ZY-01');
    s = appReducer(s, { type: 'escapePressed' });
    expect(s.selected).toBeNull();
    expect(appReducer(s, { type: 'escapePressed' })).toBe(s);
  });

  it('dialogOpened(import) starts a fresh import; dialogClosed closes', () => {
    const s = run(loaded(), { type: 'dialogOpened', dialog: 'import' });
    expect(s.dialog).toBe('import');
    expect(s.importDialog.step).toBe('choosing');
    expect(run(s, { type: 'dialogClosed' }).dialog).toBeNull();
  });
});

describe('import', () => {
  const x = 113.65;
  const y = 34.75;
  const file = featureCollection([
    squareFeature({ code: 'ZY-09', name: '新街道', level: 1 }, x, y, 0.01),
    squareFeature({ code: 'ZY-09-01', name: '新社区', level: 2, parent: 'ZY-09' }, x, y, 0.005),
    squareFeature({ code: 'ZY-01', name: '重复', level: 1 }, x + 0.02, y, 0.005),
  ]);
  const opened = (text = file): AppState =>
    run(loaded(), { type: 'dialogOpened', dialog: 'import' }, { type: 'importFileOpened', fileName: 'a.geojson', text });

  it('importFileOpened lists properties and guesses the mapping', () => {
    const s = opened();
    expect(s.importDialog.step).toBe('mapping');
    expect(s.importDialog.fileName).toBe('a.geojson');
    expect(s.importDialog.properties.map((p) => p.key)).toEqual(expect.arrayContaining(['code', 'name', 'level']));
    expect(s.importDialog.mapping?.code).toBe('code');
  });

  it('importFileOpened strips a byte-order mark', () => {
    expect(opened('\ufeff' + file).importDialog.step).toBe('mapping');
  });

  it('importFileOpened reports invalid JSON and non-collections plainly', () => {
    const bad = opened('{ not json');
    expect(bad.importDialog.step).toBe('file-error');
    expect(bad.importDialog.fileProblems[0].kind).toBe('invalid_json');
    const notFc = opened(JSON.stringify({ type: 'Feature', geometry: null, properties: {} }));
    expect(notFc.importDialog.fileProblems[0]).toEqual({ kind: 'not_feature_collection', detail: { type: 'Feature' } });
    expect(opened('[]').importDialog.fileProblems[0].detail).toEqual({ type: 'array' });
  });

  it('importMappingChanged and importCrsChanged drop a stale report', () => {
    const validated = run(opened(), { type: 'importValidated' });
    expect(validated.importDialog.step).toBe('report');
    const remapped = run(validated, { type: 'importMappingChanged', mapping: { ...validated.importDialog.mapping!, name: null } });
    expect(remapped.importDialog).toMatchObject({ step: 'mapping', report: null });
    expect(remapped.importDialog.mapping?.name).toBeNull();
    const recrs = run(validated, { type: 'importCrsChanged', crs: 'gcj02' });
    expect(recrs.importDialog).toMatchObject({ step: 'mapping', report: null, sourceCrs: 'gcj02' });
  });

  it('importValidated validates against the stored grids', () => {
    const s = run(opened(), { type: 'importValidated' });
    const report = s.importDialog.report!;
    expect(report.summary.total).toBe(3);
    expect(report.features[2].problems.map((p) => p.kind)).toContain('duplicate_code');
    expect(report.good.map((g) => g.code)).toEqual(['ZY-09', 'ZY-09-01']);
  });

  it('importStarted needs a report with good grids', () => {
    expect(appReducer(opened(), { type: 'importStarted' }).importDialog.step).toBe('mapping');
    const s = run(opened(), { type: 'importValidated' }, { type: 'importStarted' });
    expect(s.importDialog.step).toBe('importing');
    // Esc must not hide an import in progress.
    expect(appReducer(s, { type: 'escapePressed' }).dialog).toBe('import');
  });

  it('importSucceeded reloads the district and reports the count', () => {
    const s0 = run(opened(), { type: 'importValidated' }, { type: 'importStarted' });
    const bigger = tinyDistrict();
    bigger.grids = [...bigger.grids, ...s0.importDialog.report!.good];
    const s = run(s0, { type: 'importSucceeded', district: bigger, count: 2 });
    expect(s.importDialog.step).toBe('done');
    expect(s.importDialog.result).toEqual({ ok: true, count: 2 });
    expect(s.hierarchy?.get(c('ZY-09-01'))).toBeDefined();
    expect(s.status.at(-1)).toMatchObject({ kind: 'success', key: 'status.imported', params: { count: 2 } });
    // The first imported unit (parents first) is selected and flown to.
    expect(s.selected).toBe(s0.importDialog.report!.good[0].code);
    expect(s.flyToToken).toBe(s0.flyToToken + 1);
  });

  it('importFailed keeps the district and shows the error', () => {
    const s0 = run(opened(), { type: 'importValidated' }, { type: 'importStarted' });
    const s = run(s0, { type: 'importFailed', message: 'code exists: ZY-09' });
    expect(s.district).toBe(s0.district);
    expect(s.importDialog.step).toBe('failed');
    expect(s.importDialog.result).toEqual({ ok: false, message: 'code exists: ZY-09' });
    expect(s.status.at(-1)?.kind).toBe('error');
  });
});

describe('status', () => {
  it('statusShown numbers messages and keeps the newest few', () => {
    let s = loaded();
    for (let i = 0; i < MAX_STATUS_MESSAGES + 2; i++) s = run(s, { type: 'statusShown', kind: 'info', key: 'k', params: { i } });
    expect(s.status).toHaveLength(MAX_STATUS_MESSAGES);
    expect(s.status[0].params.i).toBe(2);
    const ids = s.status.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('statusDismissed removes one message', () => {
    const s = run(loaded(), { type: 'statusShown', kind: 'error', key: 'k' });
    const id = s.status[0].id;
    expect(run(s, { type: 'statusDismissed', id }).status).toEqual([]);
    expect(appReducer(s, { type: 'statusDismissed', id: 999 })).toBe(s);
  });

  it('busyChanged flags a running operation', () => {
    expect(run(loaded(), { type: 'busyChanged', busy: true }).busy).toBe(true);
  });
});

describe('feedBatchReceived: patrol messages (protocol v2)', () => {
  const now = '2026-11-22T10:00:00+08:00';
  const at = '2026-11-22T09:30:00+08:00';
  const rx = '2026-11-22T09:59:00+08:00';
  const worker = 'W-ZY-01-01-01-01';
  const ready = (district = tinyDistrict()): AppState =>
    run(initialAppState(), { type: 'districtLoaded', district }, { type: 'incidentClockTicked', now });
  const visit = (seq: number, building: string, over: Record<string, unknown> = {}) => ({
    kind: 'visit',
    seq,
    at,
    worker_id: worker,
    building_id: building,
    ...over,
  });
  const report = (seq: number, grid: string, over: Record<string, unknown> = {}) => ({
    kind: 'report',
    seq,
    at,
    grid_code: grid,
    by: worker,
    result: 'nothing_to_report',
    ...over,
  });

  it('keeps a visit and a report in state.patrol, counts a report of an unknown grid with its code, and drops a repeat at ingest', () => {
    const s = run(ready(), {
      type: 'feedBatchReceived',
      batch: [
        { raw: { kind: 'position', seq: 1, at, worker_id: worker, lon: 113.602, lat: 34.702 }, receivedAt: rx },
        { raw: visit(2, '1', { duration_s: 600, note: '入户' }), receivedAt: rx },
        { raw: report(3, 'ZY-01-01-01', { result: 'matters_reported' }), receivedAt: rx },
        { raw: report(4, 'XX-99'), receivedAt: rx },
        { raw: visit(5, '1'), receivedAt: rx },
      ],
    });
    expect(s.patrol.visits).toEqual([{ workerId: worker, buildingId: '1', t: Date.parse(at), durationMs: 600_000, note: '入户' }]);
    expect(s.patrol.reports).toEqual([{ gridCode: 'ZY-01-01-01', date: '2026-11-22', at, by: worker, nothingToReport: false }]);
    expect(s.patrol.rejectCounts.unknown_grid).toBe(1);
    expect(s.patrol.rejected).toEqual([{ code: 'unknown_grid', kind: 'report', workerId: worker, at, params: { gridCode: 'XX-99' } }]);
    expect(s.patrol.latest.get(worker)?.unit).toBe('ZY-01-01-01-01');
    expect(s.patrol.accepted).toBe(1);
    const ingest = Object.values(s.incidents.feeds)[0].ingest;
    expect(ingest.counts).toMatchObject({ received: 5, accepted: 4, duplicate: 1, rejected: 0 });
  });

  it('judges buildings, workers and time against the district and clock in force', () => {
    const smaller = tinyDistrict();
    smaller.buildings = smaller.buildings.filter((b) => b.id !== '1');
    // The same batch against the full district first, so a building set cached for it cannot leak into the next.
    const batch = [
      { raw: visit(1, '1'), receivedAt: rx },
      { raw: visit(2, '2', { worker_id: 'nobody' }), receivedAt: rx },
      { raw: visit(3, '3', { at: '2026-11-22T10:05:00+08:00' }), receivedAt: rx },
    ];
    const full = run(ready(), { type: 'feedBatchReceived', batch });
    expect(full.patrol.visits.map((v) => v.buildingId)).toEqual(['1']);
    expect(full.patrol.rejected.map((r) => r.code)).toEqual(['unknown_worker', 'future']);
    const s = run(ready(smaller), { type: 'feedBatchReceived', batch });
    expect(s.patrol.visits).toEqual([]);
    expect(s.patrol.rejected.map((r) => [r.code, r.params])).toEqual([
      ['unknown_building', { buildingId: '1' }],
      ['unknown_worker', {}],
      ['future', { aheadS: 300 }],
    ]);
  });

  it('leaves the patrol state as it was for a batch without patrol messages', () => {
    const s0 = ready();
    const s = run(s0, { type: 'feedBatchReceived', batch: [{ raw: { kind: 'heartbeat', seq: 1, at }, receivedAt: rx }] });
    expect(s.patrol).toBe(s0.patrol);
  });
});
