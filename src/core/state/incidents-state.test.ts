import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../demo';
import type { AppAction } from './actions';
import { initialAppState, type AppState } from './app-state';
import { feedRatePerMinute, incidentCounts, incidentList } from './incidents-state';
import { appReducer } from './reducer';

const district = generateDemoDistrict();
const mg = district.grids.find((g) => g.level === 4 && g.kind === 'base');
if (!mg) throw new Error('no micro-grid');
const ring = (mg.geometry.type === 'Polygon' ? mg.geometry.coordinates : mg.geometry.coordinates[0])[0];
const n = ring.length - 1;
const inside = [ring.slice(0, n).reduce((s, p) => s + p[0], 0) / n, ring.slice(0, n).reduce((s, p) => s + p[1], 0) / n];

const msg = (over: Record<string, unknown> = {}) => ({
  kind: 'incident',
  seq: 1,
  at: '2026-11-22T09:00:00+08:00',
  id: 'i-1',
  version: 1,
  category: 'E0150',
  title: '楼道堆物',
  lon: inside[0],
  lat: inside[1],
  ...over,
});

function run(state: AppState, ...actions: AppAction[]): AppState {
  return actions.reduce(appReducer, state);
}

const loaded = (): AppState => run(initialAppState(), { type: 'districtLoaded', district }, { type: 'incidentClockTicked', now: '2026-11-22T09:05:00+08:00' });
const receivedAt = '2026-11-22T09:00:01+08:00';

describe('live incidents in the app state', () => {
  it('a feed batch creates incidents in their micro-grid, drops duplicates, keeps rejects', () => {
    const s = run(loaded(), {
      type: 'feedBatchReceived',
      batch: [
        { raw: msg(), receivedAt },
        { raw: msg({ seq: 2 }), receivedAt },
        { raw: '{"kind":"incident"', receivedAt },
        { raw: msg({ seq: 3, id: 'i-2', lat: 123 }), receivedAt },
      ],
    });
    expect([...s.incidents.byId.keys()]).toEqual(['i-1']);
    expect(s.incidents.byId.get('i-1')?.gridCode).toBe(mg.code);
    expect(s.incidents.feeds.demo.ingest.counts).toMatchObject({ accepted: 1, duplicate: 1, rejected: 2 });
    expect(s.incidents.lastChanged).toEqual(['i-1']);
    expect(s.incidents.feeds.demo.connection).toBe('live');
  });

  it('a newer version updates, an older one never overwrites', () => {
    const s = run(
      loaded(),
      { type: 'feedBatchReceived', batch: [{ raw: msg({ version: 2, title: 'v2' }), receivedAt }] },
      { type: 'feedBatchReceived', batch: [{ raw: msg({ seq: 2, version: 1, title: 'v1' }), receivedAt }] },
    );
    expect(s.incidents.byId.get('i-1')?.title).toBe('v2');
  });

  it('an urgent new incident raises a toast; one from a catch-up hours later does not', () => {
    const s = run(loaded(), { type: 'feedBatchReceived', batch: [{ raw: msg({ priority: 1 }), receivedAt }] });
    expect(s.status.at(-1)?.key).toBe('status.urgentIncident');
    const late = run(loaded(), { type: 'incidentClockTicked', now: '2026-11-22T15:00:00+08:00' }, { type: 'feedBatchReceived', batch: [{ raw: msg({ priority: 1 }), receivedAt }] });
    expect(late.status.some((m) => m.key === 'status.urgentIncident')).toBe(false);
    expect(late.incidents.byId.size).toBe(1);
  });

  it('operator actions go through the workflow; a refused one changes nothing and says why', () => {
    let s = run(loaded(), { type: 'feedBatchReceived', batch: [{ raw: msg(), receivedAt }] });
    s = run(s, { type: 'incidentActed', id: 'i-1', action: { type: 'register', by: '值班员' } });
    expect(s.incidents.byId.get('i-1')?.status).toBe('registered');
    expect(s.incidents.byId.get('i-1')?.deadline).not.toBeNull();
    const before = s.incidents;
    s = run(s, { type: 'incidentActed', id: 'i-1', action: { type: 'verify', by: '值班员', passed: true } });
    expect(s.incidents).toBe(before);
    expect(s.status.at(-1)).toMatchObject({ key: 'workflow.refused.status', params: { action: 'verify', status: 'registered' } });
    s = run(s, { type: 'incidentActed', id: 'i-1', action: { type: 'dispatch', by: '值班员' } });
    expect(s.incidents.byId.get('i-1')?.status).toBe('dispatched');
    expect(s.incidents.byId.get('i-1')?.assignee).not.toBeNull();
  });

  it('selecting shows the incidents tab; Escape clears the selection first', () => {
    let s = run(loaded(), { type: 'feedBatchReceived', batch: [{ raw: msg(), receivedAt }] }, { type: 'incidentSelected', id: 'i-1', fly: true });
    expect(s.sideTab).toBe('incidents');
    expect(s.incidents.flyToken).toBe(1);
    s = run(s, { type: 'escapePressed' });
    expect(s.incidents.selectedId).toBeNull();
    // Unknown ids are not selectable.
    expect(run(s, { type: 'incidentSelected', id: 'nope' })).toBe(s);
  });

  it('the list puts overdue first and filters by status, kind and grid', () => {
    let s = run(
      loaded(),
      {
        type: 'feedBatchReceived',
        batch: [
          { raw: msg(), receivedAt },
          { raw: msg({ seq: 2, id: 'i-2', category: '0101', title: '井盖缺失', priority: 1 }), receivedAt },
        ],
      },
      { type: 'incidentActed', id: 'i-2', action: { type: 'register', by: 'x', at: '2026-11-22T09:01:00+08:00' } },
    );
    const parentOf = (c: string) => s.hierarchy?.get(c as never)?.parentCode ?? null;
    expect(incidentList(s.incidents, parentOf).map((i) => i.id)).toEqual(['i-2', 'i-1']);
    // Hours later, the urgent registered case is overdue.
    s = run(s, { type: 'incidentClockTicked', now: '2026-11-22T20:00:00+08:00' });
    expect(incidentCounts(s.incidents)).toMatchObject({ open: 2, urgent: 1, overdue: 1 });
    s = run(s, { type: 'incidentFilterChanged', filter: { overdueOnly: true } });
    expect(incidentList(s.incidents, parentOf).map((i) => i.id)).toEqual(['i-2']);
    s = run(s, { type: 'incidentFilterChanged', filter: { overdueOnly: false, kind: 'event' } });
    expect(incidentList(s.incidents, parentOf).map((i) => i.id)).toEqual(['i-1']);
    s = run(s, { type: 'incidentFilterChanged', filter: { kind: 'all', grid: mg.parentCode } });
    expect(incidentList(s.incidents, parentOf)).toHaveLength(2);
    // The dashboard's drill-downs: a major category's prefix, a full code, a reporting window.
    s = run(s, { type: 'incidentFilterChanged', filter: { grid: null, category: '01' } });
    expect(incidentList(s.incidents, parentOf).map((i) => i.id)).toEqual(['i-2']);
    s = run(s, { type: 'incidentFilterChanged', filter: { category: 'E0150' } });
    expect(incidentList(s.incidents, parentOf).map((i) => i.id)).toEqual(['i-1']);
    s = run(s, { type: 'incidentFilterChanged', filter: { category: null, reported: { from: '2026-11-22T08:00:00+08:00', to: '2026-11-22T09:00:00+08:00' } } });
    expect(incidentList(s.incidents, parentOf)).toEqual([]);
    s = run(s, { type: 'incidentFilterChanged', filter: { reported: { from: '2026-11-22T09:00:00+08:00', to: '2026-11-22T10:00:00+08:00' } } });
    expect(incidentList(s.incidents, parentOf)).toHaveLength(2);
    s = run(s, { type: 'incidentFilterChanged', filter: { reported: null, department: 'water' } });
    expect(incidentList(s.incidents, parentOf)).toEqual([]);
  });
});

describe('several feeds', () => {
  it('each feed keeps its own resume point, counts and rate; status reports add and change a feed', () => {
    let s = run(
      loaded(),
      { type: 'feedStatusChanged', feedId: 'ws-1', status: { kind: 'websocket', label: 'ws://10.0.0.5/feed', connection: 'connecting' } },
      { type: 'feedBatchReceived', feedId: 'ws-1', batch: [{ raw: msg({ seq: 7 }), receivedAt }, { raw: msg({ seq: 8, id: 'i-2' }), receivedAt }] },
      { type: 'feedBatchReceived', batch: [{ raw: msg({ seq: 1, id: 'd-1' }), receivedAt }] },
    );
    expect(Object.keys(s.incidents.feeds)).toEqual(['demo', 'ws-1']);
    expect(s.incidents.feeds['ws-1']).toMatchObject({ kind: 'websocket', connection: 'live', label: 'ws://10.0.0.5/feed' });
    expect(s.incidents.feeds['ws-1'].ingest.lastSeq).toBe(8);
    expect(s.incidents.feeds.demo.ingest.lastSeq).toBe(1);
    expect(feedRatePerMinute(s.incidents.feeds['ws-1'], Date.parse(receivedAt) + 5_000)).toBe(2);
    expect(feedRatePerMinute(s.incidents.feeds['ws-1'], Date.parse(receivedAt) + 61_000)).toBe(0);
    const same = run(s, { type: 'feedStatusChanged', feedId: 'ws-1', status: { connection: 'live' } });
    expect(same.incidents).toBe(s.incidents);
    s = run(s, { type: 'feedStatusChanged', feedId: 'ws-1', status: { connection: 'reconnecting', attempt: 2, lastError: 'closed' } });
    expect(s.incidents.feeds['ws-1']).toMatchObject({ connection: 'reconnecting', attempt: 2, lastError: 'closed', kind: 'websocket' });
    s = run(s, { type: 'feedRemoved', feedId: 'ws-1' }, { type: 'feedRemoved', feedId: 'demo' });
    expect(Object.keys(s.incidents.feeds)).toEqual(['demo']);
    expect(s.incidents.byId.size).toBe(3);
  });

  it('restoring puts the resume point of each stored feed back, but never over a feed that already moved', () => {
    const fresh = run(loaded(), { type: 'feedBatchReceived', batch: [{ raw: msg({ seq: 40 }), receivedAt }] });
    const stored = run(loaded(), { type: 'feedBatchReceived', feedId: 'ws-1', batch: [{ raw: msg({ seq: 12, id: 'w-1' }), receivedAt }] });
    const s = run(fresh, {
      type: 'incidentsRestored',
      incidents: [],
      feeds: [
        { id: 'demo', ingest: stored.incidents.feeds['ws-1'].ingest },
        { id: 'ws-1', ingest: stored.incidents.feeds['ws-1'].ingest },
      ],
    });
    expect(s.incidents.feeds.demo.ingest.lastSeq).toBe(40);
    expect(s.incidents.feeds['ws-1'].ingest.lastSeq).toBe(12);
    expect(s.incidents.feeds['ws-1'].connection).toBe('offline');
  });
});

describe('openIncidentsByGrid', () => {
  it('counts open cases per unit, leaving closed and unlocated ones out', async () => {
    const { openIncidentsByGrid } = await import('./incidents-state');
    const base = { status: 'registered', gridCode: 'A' } as const;
    const counts = openIncidentsByGrid([
      base,
      { ...base },
      { ...base, gridCode: 'B' },
      { ...base, status: 'closed' },
      { ...base, gridCode: null },
    ] as never);
    expect([...counts]).toEqual([
      ['A', 2],
      ['B', 1],
    ]);
  });
});

describe('positions from the feed', () => {
  it('land in the patrol state, located in their unit; an unknown worker is counted, not drawn', () => {
    const worker = district.staff.find((st) => st.gridCode === mg.parentCode || st.gridCode === mg.code) ?? district.staff[0];
    const position = (over: Record<string, unknown>) => ({ kind: 'position', seq: 5, at: '2026-11-22T09:04:00+08:00', worker_id: worker.id, lon: inside[0], lat: inside[1], ...over });
    const s = run(loaded(), {
      type: 'feedBatchReceived',
      batch: [
        { raw: position({}), receivedAt },
        { raw: position({ seq: 6, worker_id: 'nobody' }), receivedAt },
      ],
    });
    expect(s.patrol.latest.get(worker.id)?.unit).toBe(mg.code);
    expect(s.patrol.rejectCounts.unknown_worker).toBe(1);
    expect(s.patrol.latest.has('nobody')).toBe(false);
  });
});

describe('visits and daily reports from the feed (protocol v2)', () => {
  it('are kept in the patrol state; unknown buildings, grids and senders are counted with their code', () => {
    const worker = district.staff.find((st) => st.role === 'grid_chief') ?? district.staff[0];
    const building = district.buildings[0];
    const grid = district.grids.find((g) => g.level === 3 && g.kind === 'base') ?? district.grids[0];
    const at = '2026-11-22T09:04:00+08:00';
    const s = run(loaded(), {
      type: 'feedBatchReceived',
      batch: [
        { raw: { kind: 'visit', seq: 1, at, worker_id: worker.id, building_id: building.id, duration_s: 240 }, receivedAt },
        { raw: { kind: 'visit', seq: 2, at, worker_id: worker.id, building_id: 'no-such-building' }, receivedAt },
        { raw: { kind: 'report', seq: 3, at, grid_code: grid.code, by: worker.id, result: 'nothing_to_report' }, receivedAt },
        { raw: { kind: 'report', seq: 4, at, grid_code: 'XX-99', by: worker.id, result: 'matters_reported' }, receivedAt },
        { raw: { kind: 'report', seq: 5, at, grid_code: grid.code, by: 'nobody', result: 'matters_reported' }, receivedAt },
        // The same visit again is a duplicate at ingest: kept once.
        { raw: { kind: 'visit', seq: 6, at, worker_id: worker.id, building_id: building.id }, receivedAt },
      ],
    });
    expect(s.patrol.visits).toEqual([{ workerId: worker.id, buildingId: building.id, t: Date.parse(at), durationMs: 240_000 }]);
    expect(s.patrol.reports).toEqual([{ gridCode: grid.code, date: '2026-11-22', at, by: worker.id, nothingToReport: true }]);
    expect(s.patrol.rejectCounts).toMatchObject({ unknown_building: 1, unknown_grid: 1, unknown_worker: 1 });
    expect(s.patrol.rejected.map((r) => [r.kind, r.code])).toEqual([
      ['visit', 'unknown_building'],
      ['report', 'unknown_grid'],
      ['report', 'unknown_worker'],
    ]);
  });
});
