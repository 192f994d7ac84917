import { describe, expect, it, vi } from 'vitest';
import { generateDemoDistrict } from '@core/demo';
import { FILE_PROBLEM_CODES } from '@core/feed/incident-file';
import type { GridroomBridge, OpenedFile, OpenTextFileOptions } from '@shared/bridge';
import { createAppStore, type AppStore } from '../app/app-store';
import { createI18n } from '../i18n';
import { importIncidentFile, incidentFileFeedId, problemParams, type IncidentImportResult } from './import-incident-file';

// The fixtures as text (no node:fs in the renderer layer, tests included); `?raw` is Vite's.
const FIXTURES = import.meta.glob<string>('../../../test/fixtures/incidents/*.{jsonl,json,csv}', { eager: true, query: '?raw', import: 'default' });
const fixture = (name: string): string => {
  const text = FIXTURES[`../../../test/fixtures/incidents/${name}`];
  if (text === undefined) throw new Error(`no fixture ${name}`);
  return text;
};

const district = generateDemoDistrict();
const NOW = Date.parse('2024-05-01T12:00:00+08:00');

function loadedStore(): AppStore {
  const store = createAppStore();
  store.dispatch({ type: 'districtLoaded', district });
  return store;
}

/** A bridge whose picker hands over `file` (null: cancelled), recording what it was asked. */
function fakeBridge(file: OpenedFile | null | Error): GridroomBridge & { asked: OpenTextFileOptions[] } {
  const asked: OpenTextFileOptions[] = [];
  // Only openFile is used; the rest of the bridge (MQTT, notifications…) is not this feature's.
  return {
    platform: 'browser',
    asked,
    openFile: async (options: OpenTextFileOptions): Promise<OpenedFile | null> => {
      asked.push(options);
      if (file instanceof Error) throw file;
      return file;
    },
    openTextFile: async () => null,
    saveTextFile: async () => ({ saved: false }),
    getAppInfo: async () => ({ name: 'Gridroom', version: '0', platform: 'browser' }),
    onMenuCommand: () => () => undefined,
  } as unknown as GridroomBridge & { asked: OpenTextFileOptions[] };
}

const fileOf = (name: string, text: string): OpenedFile => ({ name, bytes: new TextEncoder().encode(text) });

function summaryOf(result: IncidentImportResult) {
  if (result.status !== 'imported') throw new Error(`not imported: ${JSON.stringify(result)}`);
  return result.summary;
}

const lastToast = (store: AppStore) => store.getState().status.at(-1);

describe('importIncidentFile', () => {
  it('imports a CSV through ingest as feed file:<name>, then a second import of the same file adds nothing', async () => {
    const store = loadedStore();
    const bridge = fakeBridge(fileOf('hotline-2024-05-01.csv', fixture('hotline-2024-05-01.csv')));
    const first = summaryOf(await importIncidentFile(store, bridge, { title: '选择事件文件', now: () => NOW }));
    expect(bridge.asked[0]).toEqual({ title: '选择事件文件', extensions: ['jsonl', 'ndjson', 'json', 'csv', 'txt'] });
    expect(first).toMatchObject({ fileName: 'hotline-2024-05-01.csv', feedId: 'file:hotline-2024-05-01.csv', format: 'csv', encoding: 'utf-8' });
    expect({ rows: first.rows, accepted: first.accepted, duplicate: first.duplicate, stale: first.stale, rejected: first.rejected }).toEqual({
      rows: 8,
      accepted: 4,
      duplicate: 0,
      stale: 0,
      rejected: 4,
    });
    expect(first.rejectedLines.map((r) => [r.line, r.kind])).toEqual([
      [6, 'malformed'],
      [7, 'out_of_range'],
      [8, 'bad_time'],
      [9, 'malformed'],
    ]);
    const incidents = store.getState().incidents;
    expect(incidents.byId.get('C20240501-0001')).toMatchObject({ title: '锦华小区10号楼前井盖缺失', priority: 1, source: 'hotline_12345' });
    // Placed in its micro-grid, as a live feed's incident is.
    expect(incidents.byId.get('C20240501-0002')).toMatchObject({ version: 2, gridCode: 'ZY-03-02-04-07' });
    const feed = incidents.feeds['file:hotline-2024-05-01.csv'];
    expect(feed).toMatchObject({ kind: 'file', label: 'hotline-2024-05-01.csv', connection: 'offline' });
    expect(feed.ingest.rejected[0].receivedAt).toBe('2024-05-01T12:00:00+08:00');
    // Rows were refused: an error toast that names their lines.
    expect(lastToast(store)).toMatchObject({ kind: 'error', key: 'incident-import:toast.doneWithRejects', params: { rejected: 4, lines: '6、7、8、9', linesEn: '6, 7, 8, 9' } });

    const revision = store.getState().incidents.revision;
    const second = summaryOf(await importIncidentFile(store, bridge, { now: () => NOW + 60_000 }));
    expect({ accepted: second.accepted, duplicate: second.duplicate, stale: second.stale, rejected: second.rejected }).toEqual({
      accepted: 0,
      // C20240501-0002 v1 is older than the v2 already in: stale, not duplicate.
      duplicate: 3,
      stale: 1,
      // A malformed row is refused again: it was never taken in, so it is not a duplicate.
      rejected: 4,
    });
    expect(store.getState().incidents.revision).toBe(revision);
    expect(store.getState().incidents.byId.size).toBe(incidents.byId.size);
  });

  it('says nothing is new when a clean file is imported twice', async () => {
    const store = loadedStore();
    const bridge = fakeBridge(fileOf('array.json', fixture('hotline-2024-05-01.json')));
    const first = summaryOf(await importIncidentFile(store, bridge, { now: () => NOW }));
    expect(first).toMatchObject({ format: 'jsonl', rows: 4, accepted: 3, rejected: 1 });
    const clean = fakeBridge(fileOf('clean.jsonl', fixture('hotline-2024-05-01.jsonl').split('\n').slice(0, 2).join('\n')));
    expect(summaryOf(await importIncidentFile(store, clean, { now: () => NOW }))).toMatchObject({ accepted: 2, duplicate: 0, rejected: 0 });
    expect(lastToast(store)).toMatchObject({ kind: 'success', key: 'incident-import:toast.done', params: { file: 'clean.jsonl', rows: 2, accepted: 2 } });
    expect(summaryOf(await importIncidentFile(store, clean, { now: () => NOW }))).toMatchObject({ accepted: 0, duplicate: 2, rejected: 0 });
    expect(lastToast(store)).toMatchObject({ kind: 'info', key: 'incident-import:toast.nothingNew', params: { rows: 2, duplicate: 2 } });
  });

  it('reads a GB18030 CSV (Excel on a Chinese Windows)', async () => {
    // 编号,类别,标题,经度,纬度,上报时间 / G-9,0101,井盖,113.61,34.74,2024-05-01 08:30 in GB18030.
    const gbk: Record<string, number[]> = { 编号: [0xb1, 0xe0, 0xba, 0xc5], 类别: [0xc0, 0xe0, 0xb1, 0xf0], 标题: [0xb1, 0xea, 0xcc, 0xe2], 经度: [0xbe, 0xad, 0xb6, 0xc8], 纬度: [0xce, 0xb3, 0xb6, 0xc8], 上报时间: [0xc9, 0xcf, 0xb1, 0xa8, 0xca, 0xb1, 0xbc, 0xe4], 井盖: [0xbe, 0xae, 0xb8, 0xc7] };
    const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
    const bytes = [
      ...['编号', '类别', '标题', '经度', '纬度', '上报时间'].flatMap((h, i) => [...(i > 0 ? ascii(',') : []), ...gbk[h]]),
      ...ascii('\r\nG-9,0101,'),
      ...gbk['井盖'],
      ...ascii(',113.61,34.74,2024-05-01 08:30\r\n'),
    ];
    const store = loadedStore();
    const summary = summaryOf(await importIncidentFile(store, fakeBridge({ name: '案件.csv', bytes: new Uint8Array(bytes) }), { now: () => NOW }));
    expect(summary).toMatchObject({ encoding: 'gb18030', accepted: 1, rejected: 0 });
    expect(store.getState().incidents.byId.get('G-9')).toMatchObject({ title: '井盖', reportedAt: '2024-05-01T08:30:00+08:00' });
  });

  it('sends a big file in batches of 1,000 and yields between them', async () => {
    const store = loadedStore();
    const lines = Array.from({ length: 2500 }, (_, i) =>
      JSON.stringify({ kind: 'incident', seq: i + 1, at: '2024-05-01T08:00:00+08:00', id: `b-${i}`, version: 1, category: '0101', title: `井盖 ${i}`, lon: 113.61, lat: 34.745 }),
    );
    const batches: number[] = [];
    const dispatch = store.dispatch;
    store.dispatch = (action) => {
      if (action.type === 'feedBatchReceived') batches.push(action.batch.length);
      dispatch(action);
    };
    const pause = vi.fn(() => Promise.resolve());
    const summary = summaryOf(await importIncidentFile(store, fakeBridge(fileOf('big.jsonl', lines.join('\n'))), { now: () => NOW, yieldToEventLoop: pause }));
    expect(batches).toEqual([1000, 1000, 500]);
    expect(pause).toHaveBeenCalledTimes(2);
    expect(summary).toMatchObject({ rows: 2500, accepted: 2500 });
    expect(store.getState().incidents.feeds['file:big.jsonl'].connection).toBe('offline');
  });

  it('imports nothing from a file with a fatal problem, and says why', async () => {
    const store = loadedStore();
    const before = store.getState().incidents;
    const result = await importIncidentFile(store, fakeBridge(fileOf('missing-columns.csv', fixture('missing-columns.csv'))));
    expect(result).toMatchObject({ status: 'refused', fileName: 'missing-columns.csv', problems: [{ code: 'missing_columns' }] });
    expect(store.getState().incidents).toBe(before);
    expect(lastToast(store)).toMatchObject({
      kind: 'error',
      key: 'incident-import:problem.missing_columns',
      params: { file: 'missing-columns.csv', line: 1, missing: 'lon (经度)、lat (纬度)', missingEn: 'lon (经度), lat (纬度)', foundEn: '编号, 类别, 标题, 地址, 上报时间' },
    });
  });

  it('shows warnings about the file beside the summary', async () => {
    const store = loadedStore();
    const summary = summaryOf(await importIncidentFile(store, fakeBridge(fileOf('unclosed-quote.csv', fixture('unclosed-quote.csv'))), { now: () => NOW }));
    expect(summary).toMatchObject({ rows: 1, accepted: 1 });
    expect(store.getState().status.map((s) => s.key)).toEqual(['incident-import:toast.done', 'incident-import:problem.unclosed_quote']);
  });

  it('does nothing on cancel, refuses before the district is loaded, and reports a picker failure', async () => {
    const store = loadedStore();
    expect(await importIncidentFile(store, fakeBridge(null))).toEqual({ status: 'cancelled' });
    expect(store.getState().status).toEqual([]);

    const empty = createAppStore();
    const bridge = fakeBridge(fileOf('a.csv', 'x'));
    expect((await importIncidentFile(empty, bridge)).status).toBe('refused');
    expect(bridge.asked).toEqual([]);
    expect(lastToast(empty)).toMatchObject({ kind: 'error', key: 'incident-import:toast.noDistrict' });

    await importIncidentFile(store, fakeBridge(new Error('[file-too-large] a.csv is 200.0 MiB; the limit is 128.0 MiB')));
    expect(lastToast(store)).toMatchObject({ kind: 'error', key: 'incident-import:toast.openFailed', params: { message: 'a.csv is 200.0 MiB; the limit is 128.0 MiB' } });
  });

  it('names the feed after the file', () => {
    expect(incidentFileFeedId('案件 5月1日.csv')).toBe('file:案件 5月1日.csv');
  });
});

describe('incident-import messages', () => {
  it.each(['zh', 'en'] as const)('exist in %s for every toast and problem, resolved through the app namespace as the toasts do', (lang) => {
    const i18n = createI18n(lang);
    const t = i18n.getFixedT(lang, 'app');
    const keys = [
      ...['done', 'doneWithRejects', 'nothingNew', 'noDistrict', 'openFailed', 'failed'].map((k) => `toast.${k}`),
      ...FILE_PROBLEM_CODES.map((code) => `problem.${code}`),
      'button',
      'buttonTitle',
      'pickTitle',
    ];
    for (const key of keys) expect(i18n.exists(`incident-import:${key}`), key).toBe(true);
    const params = problemParams('a.csv', { code: 'missing_columns', severity: 'fatal', line: 1, columns: ['lon'], found: ['编号'] });
    const text = t('incident-import:problem.missing_columns', params);
    expect(text).toContain('lon (经度)');
    expect(text).not.toContain('{{');
    expect(text).not.toContain('?');
  });
});
