import { describe, expect, it } from 'vitest';
import { readBuildingInput, toBuildingItems } from '../allocate/building-input';
import { allocateBuildings } from '../allocate/district';
import { generateDemoDistrict } from '../demo';
import type { GridCode } from '../model';
import type { AppAction } from './actions';
import { initialAppState, type AppState } from './app-state';
import { allocationRows, countRows, rowMatches } from './allocation-wizard';
import { appReducer } from './reducer';

const district = generateDemoDistrict();
const micro = district.grids.filter((g) => g.level === 4 && g.kind === 'base');

/** A small square footprint around the first vertex-free interior point of a micro-grid. */
function squareIn(code: string, side = 0.0001) {
  const g = district.grids.find((u) => u.code === code);
  if (!g) throw new Error(code);
  const ring = (g.geometry.type === 'Polygon' ? g.geometry.coordinates : g.geometry.coordinates[0])[0];
  // The mean of the ring's vertices is inside the demo's rectangular-ish micro-grids.
  const n = ring.length - 1;
  const x = ring.slice(0, n).reduce((s, p) => s + p[0], 0) / n;
  const y = ring.slice(0, n).reduce((s, p) => s + p[1], 0) / n;
  return {
    type: 'Polygon',
    coordinates: [[[x - side, y - side], [x + side, y - side], [x + side, y + side], [x - side, y + side], [x - side, y - side]]],
  };
}

const fileText = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { id: 'a', households: 10 }, geometry: squareIn(micro[0].code) },
    { type: 'Feature', properties: { id: 'b', households: 20 }, geometry: squareIn(micro[1].code) },
    { type: 'Feature', properties: { id: 'far', households: 5 }, geometry: { type: 'Point', coordinates: [100, 30] } },
    { type: 'Feature', properties: { id: 'bad', households: 'x' }, geometry: squareIn(micro[2].code) },
  ],
});

function run(state: AppState, ...actions: AppAction[]): AppState {
  return actions.reduce(appReducer, state);
}

function loaded(): AppState {
  return run(initialAppState(), { type: 'districtLoaded', district });
}

function reviewed(): AppState {
  const read = readBuildingInput({ kind: 'geojson', text: fileText });
  if (!read.ok) throw new Error(read.reason);
  const result = allocateBuildings(district, toBuildingItems(read.records));
  return run(
    loaded(),
    { type: 'allocationOpened' },
    { type: 'allocationFileChosen', fileName: 'new.geojson' },
    { type: 'allocationFileRead', fileName: 'new.geojson', read, notes: [] },
    { type: 'allocationRunStarted', total: 3 },
    { type: 'allocationProgressed', done: 2, total: 3 },
    { type: 'allocationRunFinished', result },
  );
}

describe('allocation wizard state', () => {
  it('walks choose → reading → report → running → review', () => {
    let s = run(loaded(), { type: 'allocationOpened' });
    expect(s.allocation).toMatchObject({ open: true, step: 'choose' });
    s = run(s, { type: 'allocationFileChosen', fileName: 'f.geojson' });
    expect(s.allocation.step).toBe('reading');
    const read = readBuildingInput({ kind: 'geojson', text: fileText });
    s = run(s, { type: 'allocationFileRead', fileName: 'f.geojson', read, notes: ['n'] });
    expect(s.allocation.step).toBe('report');
    expect(s.allocation.input?.summary).toMatchObject({ total: 4, usable: 3, invalid: 1 });
    s = run(s, { type: 'allocationRunStarted', total: 3 });
    expect(s.allocation.progress).toEqual({ done: 0, total: 3 });
    s = run(s, { type: 'allocationProgressed', done: 2, total: 3 });
    // Progress never goes back.
    expect(run(s, { type: 'allocationProgressed', done: 1, total: 3 })).toBe(s);
    const r = reviewed();
    expect(r.allocation.step).toBe('review');
    expect(r.allocation.progress).toBeNull();
    // It opens on what needs a look: 'far' is outside every unit.
    expect(r.allocation.filter).toBe('attention');
  });

  it('a file that cannot be read goes to file-error with its reason', () => {
    const s = run(
      loaded(),
      { type: 'allocationOpened' },
      { type: 'allocationFileChosen', fileName: 'x.geojson' },
      { type: 'allocationFileRead', fileName: 'x.geojson', read: readBuildingInput({ kind: 'geojson', text: '{' }), notes: [] },
    );
    expect(s.allocation.step).toBe('file-error');
    expect(s.allocation.fileError).toMatch(/JSON/);
    expect(s.allocation.input).toBeNull();
  });

  it('cannot run without usable rows, and cancelling returns to the report with a toast', () => {
    const read = readBuildingInput({ kind: 'geojson', text: JSON.stringify({ type: 'FeatureCollection', features: [] }) });
    const s = run(loaded(), { type: 'allocationOpened' }, { type: 'allocationFileChosen', fileName: 'e' }, { type: 'allocationFileRead', fileName: 'e', read, notes: [] });
    expect(run(s, { type: 'allocationRunStarted', total: 0 }).allocation.step).toBe('report');
    const ok = readBuildingInput({ kind: 'geojson', text: fileText });
    const running = run(s, { type: 'allocationFileRead', fileName: 'f', read: ok, notes: [] }, { type: 'allocationRunStarted', total: 3 });
    const cancelled = run(running, { type: 'allocationRunCancelled' });
    expect(cancelled.allocation.step).toBe('report');
    expect(cancelled.status.at(-1)?.key).toBe('status.allocationCancelled');
    const failed = run(running, { type: 'allocationRunFailed', message: 'worker died' });
    expect(failed.allocation).toMatchObject({ step: 'report', runError: 'worker died' });
  });

  it('rows join records to allocations; refused records never take a twin allocation', () => {
    const s = reviewed();
    const rows = allocationRows(s.allocation);
    expect(rows.map((r) => r.record.id)).toEqual(['a', 'b', 'far', 'bad']);
    expect(rows[3].allocation).toBeNull();
    const counts = countRows(rows);
    expect(counts.all).toBe(4);
    expect(counts.invalid).toBe(1);
    expect(counts.unassigned).toBe(1);
    expect(rows.filter((r) => rowMatches(r, 'attention')).map((r) => r.record.id)).toEqual(['far', 'bad']);
  });

  it('an override moves a building, recomputes the band, and can be reset', () => {
    const s = reviewed();
    const from = s.allocation.result?.items.find((i) => i.id === 'a')?.unitCode;
    expect(from).toBe(micro[0].code);
    const to = micro[5].code;
    const o = run(s, { type: 'allocationOverridden', id: 'a', code: to });
    const a = o.allocation.result?.items.find((i) => i.id === 'a');
    expect(a).toMatchObject({ unitCode: to, overridden: true });
    expect(o.allocation.result?.band.changed.map((c) => c.code)).toContain(to);
    expect(o.allocation.result?.band.changed.map((c) => c.code)).not.toContain(from);
    expect(countRows(allocationRows(o.allocation)).overridden).toBe(1);
    // The engine's own result is kept, so a reset restores it exactly.
    const reset = run(o, { type: 'allocationOverridden', id: 'a', code: null });
    expect(reset.allocation.overrides).toEqual({});
    expect(reset.allocation.result?.items.find((i) => i.id === 'a')?.unitCode).toBe(from);
    // Unknown units and unknown items are refused (same state back).
    expect(run(s, { type: 'allocationOverridden', id: 'a', code: 'NOPE' as GridCode })).toBe(s);
    expect(run(s, { type: 'allocationOverridden', id: 'zzz', code: to })).toBe(s);
    // An override to the engine's own choice is no override.
    expect(run(s, { type: 'allocationOverridden', id: 'a', code: from as GridCode })).toBe(s);
    // An unassigned building can be given a unit by hand.
    const far = run(s, { type: 'allocationOverridden', id: 'far', code: to });
    expect(far.allocation.result?.items.find((i) => i.id === 'far')?.unitCode).toBe(to);
  });

  it('commit: committing → committed reloads the district; a failure returns to review; undo marks it', () => {
    const s = run(reviewed(), { type: 'allocationCommitStarted' });
    expect(s.allocation.step).toBe('committing');
    // Busy steps keep the wizard open.
    expect(run(s, { type: 'allocationClosed' })).toBe(s);
    const failed = run(s, { type: 'allocationCommitFailed', message: 'duplicate' });
    expect(failed.allocation).toMatchObject({ step: 'review', commitError: 'duplicate' });
    expect(failed.status.at(-1)?.kind).toBe('error');
    const more = { ...district, buildings: [...district.buildings, { ...district.buildings[0], id: 'a' as never }] };
    const done = run(s, { type: 'allocationCommitted', district: more, info: { batchId: 'b1', buildings: 1, households: 10, leftOut: 3 } });
    expect(done.allocation.step).toBe('committed');
    expect(done.allocation.commit).toMatchObject({ batchId: 'b1', undone: false });
    expect(done.district?.buildings.length).toBe(district.buildings.length + 1);
    const undone = run(done, { type: 'allocationUndone', district, batchId: 'b1' });
    expect(undone.allocation.commit?.undone).toBe(true);
    expect(undone.district?.buildings.length).toBe(district.buildings.length);
    // Undo of another batch changes nothing in the wizard.
    expect(run(done, { type: 'allocationUndone', district, batchId: 'other' }).allocation.commit?.undone).toBe(false);
    // Starting again keeps the commit (still undoable) and clears the rest.
    const again = run(done, { type: 'allocationRestarted' });
    expect(again.allocation).toMatchObject({ step: 'choose', input: null, result: null, commit: { batchId: 'b1' } });
  });

  it('Escape clears the picked building, then closes the wizard (which keeps its review)', () => {
    const s = run(reviewed(), { type: 'allocationItemSelected', id: 'a', fly: true });
    expect(s.allocation.selectedItem).toBe('a');
    expect(s.allocation.flyToken).toBe(1);
    const cleared = run(s, { type: 'escapePressed' });
    expect(cleared.allocation.selectedItem).toBeNull();
    const closed = run(cleared, { type: 'escapePressed' });
    expect(closed.allocation.open).toBe(false);
    const reopened = run(closed, { type: 'allocationOpened' });
    expect(reopened.allocation).toMatchObject({ open: true, step: 'review' });
  });

  it('changing the coordinate system is allowed before a run only', () => {
    const s = run(loaded(), { type: 'allocationOpened' }, { type: 'allocationCrsChanged', crs: 'gcj02' });
    expect(s.allocation.crs).toBe('gcj02');
    const r = reviewed();
    expect(run(r, { type: 'allocationCrsChanged', crs: 'bd09' })).toBe(r);
  });
});
