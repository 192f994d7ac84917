/**
 * The allocation wizard's side effects: pick and read a file, run the engine off the UI thread,
 * commit to the store, undo, export. Each does its I/O and dispatches what happened; the wizard's
 * state changes only in core/state/allocation-wizard.ts. Nothing throws out of a command.
 */
import { toBuildingItems } from '@core/allocate/building-input';
import { allocationCsv, allocationGeoJson, buildingsToCommit } from '@core/allocate/wizard-output';
import type { Crs } from '@core/crs';
import { runAllocation } from '../allocation/allocate-client';
import { BUILDING_FILE_EXTENSIONS } from '../allocation/read-building-file';
import { readBuildingsOffThread, type OpenBuildingFile } from '../allocation/read-client';
import { describeError, type CommandDeps } from './commands';

/**
 * What the wizard keeps outside the app state: the open file (its reader worker keeps the decoded
 * file, so a change of coordinate system reads it again without asking for the file again), its
 * notes, the running job's abort handle, and a count of reads started so that a read overtaken
 * by a newer one reports nothing.
 */
const session: { file: OpenBuildingFile | null; notes: string[]; abort: AbortController | null; reads: number } = {
  file: null,
  notes: [],
  abort: null,
  reads: 0,
};

/** Progress is dispatched at most this often: a 100,000-item run reports ~100 times, not per part. */
const PROGRESS_EVERY_MS = 100;

/** Lets the open file go (its worker ends); reads still under way then report nothing. */
function closeKeptFile(): void {
  session.reads++;
  session.file?.close();
  session.file = null;
  session.notes = [];
}

/**
 * Reads the open file again with `crs`, off the UI thread, and reports the result. A Shapefile
 * reprojected by its .prj is WGS-84 already; the reader does not shift it by the picked system.
 */
async function readKeptSource(deps: CommandDeps, fileName: string, crs: Crs): Promise<void> {
  const { appStore, t } = deps;
  const file = session.file;
  if (!file) return;
  const generation = ++session.reads;
  try {
    const read = await file.reread(crs);
    if (generation !== session.reads) return;
    appStore.dispatch({ type: 'allocationFileRead', fileName, read, notes: session.notes });
  } catch (err) {
    if (generation !== session.reads) return;
    appStore.dispatch({ type: 'allocationFileFailed', fileName, reason: describeError(err, t) });
  }
}

/**
 * Opens the platform's file picker (called straight from the click: the browser needs the user
 * activation) and reads the file off the UI thread: GeoJSON, CSV with lon/lat, or a zipped Shapefile.
 */
export async function chooseAllocationFile(deps: CommandDeps): Promise<void> {
  const { appStore, bridge, t } = deps;
  const dispatch = appStore.dispatch;
  let generation = -1;
  try {
    const file = await bridge.openFile({ title: t('allocation.pickTitle'), extensions: [...BUILDING_FILE_EXTENSIONS] });
    if (!file) return;
    dispatch({ type: 'allocationFileChosen', fileName: file.name });
    if (appStore.getState().allocation.step !== 'reading') return;
    closeKeptFile();
    generation = session.reads;
    // The picked system cannot change while reading (the wizard refuses it), so this is the one.
    const crs = appStore.getState().allocation.crs;
    // The bridge's bytes are not used again here: the worker gets their buffer, not a copy.
    const opened = await readBuildingsOffThread(file.name, file.bytes, crs, { transferBytes: true });
    if (generation !== session.reads) {
      opened.close();
      return;
    }
    if (!opened.ok) {
      opened.close();
      dispatch({ type: 'allocationFileFailed', fileName: file.name, reason: opened.file.reason });
      return;
    }
    const info = opened.file;
    session.file = opened;
    // A zip's notes already say how its .dbf was decoded.
    const encodingNote = info.format !== 'zip' && info.encoding && info.encoding !== 'utf-8' ? [t('allocation.encodingNote', { encoding: info.encoding })] : [];
    session.notes = [...info.notes, ...encodingNote];
    dispatch({ type: 'allocationFileRead', fileName: file.name, read: opened.read, notes: session.notes });
  } catch (err) {
    if (generation !== -1 && generation !== session.reads) return;
    const fileName = appStore.getState().allocation.fileName ?? '';
    if (appStore.getState().allocation.step === 'reading') dispatch({ type: 'allocationFileFailed', fileName, reason: describeError(err, t) });
    else dispatch({ type: 'statusShown', kind: 'error', key: 'status.openFailed', params: { message: describeError(err, t) } });
  }
}

/** The coordinate system changed: read the same file again with it (nothing to do before a file). */
export async function changeAllocationCrs(deps: CommandDeps, crs: Crs): Promise<void> {
  const { appStore } = deps;
  appStore.dispatch({ type: 'allocationCrsChanged', crs });
  const a = appStore.getState().allocation;
  if (a.crs !== crs || !a.fileName || (a.step !== 'report' && a.step !== 'file-error')) return;
  if (!session.file) return;
  appStore.dispatch({ type: 'allocationFileChosen', fileName: a.fileName });
  await readKeptSource(deps, a.fileName, crs);
}

/** Runs the engine in the allocation worker with progress; Cancel aborts it. */
export async function runAllocationWizard(deps: CommandDeps): Promise<void> {
  const { appStore, t } = deps;
  const dispatch = appStore.dispatch;
  const state = appStore.getState();
  const input = state.allocation.input;
  if (!state.district || !input) return;
  const items = toBuildingItems(input.records);
  dispatch({ type: 'allocationRunStarted', total: items.length });
  if (appStore.getState().allocation.step !== 'running') return;
  const abort = new AbortController();
  session.abort = abort;
  let last = 0;
  try {
    const result = await runAllocation(
      state.district,
      items,
      { band: state.band },
      {
        signal: abort.signal,
        onProgress: (done, total) => {
          const now = performance.now();
          if (done < total && now - last < PROGRESS_EVERY_MS) return;
          last = now;
          dispatch({ type: 'allocationProgressed', done, total });
        },
      },
    );
    dispatch({ type: 'allocationRunFinished', result });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') dispatch({ type: 'allocationRunCancelled' });
    else dispatch({ type: 'allocationRunFailed', message: describeError(err, t) });
  } finally {
    if (session.abort === abort) session.abort = null;
  }
}

/** Cancels the running allocation, if any (the worker is terminated; nothing was written). */
export function cancelAllocationRun(): void {
  session.abort?.abort();
}

/** Writes the assigned buildings and a batch record in one transaction. */
export async function commitAllocationWizard(deps: CommandDeps): Promise<void> {
  const { appStore, store, t } = deps;
  const dispatch = appStore.dispatch;
  const state = appStore.getState();
  const { input, result, fileName } = state.allocation;
  if (!store || !state.district || !input || !result) return;
  dispatch({ type: 'allocationCommitStarted' });
  if (appStore.getState().allocation.step !== 'committing') return;
  try {
    const { buildings, leftOut } = buildingsToCommit(state.district, input.records, result);
    if (buildings.length === 0) throw new Error(t('allocation.nothingToCommit'));
    const { batchId, district } = await store.commitAllocation(buildings, { fileName: fileName ?? 'buildings' });
    dispatch({
      type: 'allocationCommitted',
      district,
      info: { batchId, buildings: buildings.length, households: buildings.reduce((n, b) => n + b.households, 0), leftOut: leftOut.length },
    });
  } catch (err) {
    dispatch({ type: 'allocationCommitFailed', message: describeError(err, t) });
  }
}

/** Removes exactly the buildings of the wizard's last commit. */
export async function undoAllocationWizard(deps: CommandDeps): Promise<void> {
  const { appStore, store, t } = deps;
  const dispatch = appStore.dispatch;
  const commit = appStore.getState().allocation.commit;
  if (!store || !commit || commit.undone) return;
  dispatch({ type: 'busyChanged', busy: true });
  try {
    const district = await store.undoAllocation(commit.batchId);
    dispatch({ type: 'allocationUndone', district, batchId: commit.batchId });
  } catch (err) {
    dispatch({ type: 'statusShown', kind: 'error', key: 'status.allocationUndoFailed', params: { message: describeError(err, t) } });
  } finally {
    dispatch({ type: 'busyChanged', busy: false });
  }
}

/** The name of an export next to the input's: `new.geojson` → `new-allocation.csv`. */
export function exportName(fileName: string | null, extension: 'csv' | 'geojson'): string {
  const base = (fileName ?? 'buildings').replace(/\.[^.]*$/, '') || 'buildings';
  return `${base}-allocation.${extension}`;
}

/** Saves the result (with overrides) as CSV for Excel or as GeoJSON. */
export async function exportAllocation(deps: CommandDeps, format: 'csv' | 'geojson'): Promise<void> {
  const { appStore, bridge, t } = deps;
  const dispatch = appStore.dispatch;
  const { input, result, fileName } = appStore.getState().allocation;
  if (!input || !result) return;
  try {
    const text = format === 'csv' ? allocationCsv(input.records, result, { excel: true }) : JSON.stringify(allocationGeoJson(input.records, result));
    const saved = await bridge.saveTextFile({
      title: t('allocation.exportTitle'),
      defaultName: exportName(fileName, format),
      text,
      mimeType: format === 'csv' ? 'text/csv' : 'application/geo+json',
    });
    if (saved.saved) {
      dispatch({
        type: 'statusShown',
        kind: 'success',
        key: saved.path ? 'status.allocationExportedTo' : 'status.allocationExported',
        params: { count: input.records.length, path: saved.path ?? '' },
      });
    }
  } catch (err) {
    dispatch({ type: 'statusShown', kind: 'error', key: 'status.exportFailed', params: { message: describeError(err, t) } });
  }
}
