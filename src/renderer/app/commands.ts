/**
 * The app's side effects: the local store, files through the bridge. Each command does its I/O
 * and dispatches what happened; the state itself changes only in the reducer. Errors never throw
 * out of a command: they become an action (a toast or the import dialog's result).
 */
import type { TFunction } from 'i18next';
import { generateDemoDistrict } from '@core/demo';
import { exportHierarchy } from '@core/export';
import {
  parseChoropleth,
  parseOperatorName,
  parseLanguage,
  parseStoredBasemap,
  parseVisibleLevels,
  SETTING_KEYS,
  type LoadedSettings,
} from '@core/state';
import type { GridroomBridge } from '@shared/bridge';
import { importIncidentFile } from '../feed/import-incident-file';
import { PATROL_RESTORE_MS, PATROL_RETENTION_MS, asStoreError, type GridroomStore } from '../storage';
import type { AppStore } from './app-store';

export interface CommandDeps {
  appStore: AppStore;
  store: GridroomStore | null;
  bridge: GridroomBridge;
  t: TFunction;
}

/** A readable, translated explanation of a failure, with the store's error codes understood. */
export function describeError(err: unknown, t: TFunction): string {
  const storeError = asStoreError(err);
  if (storeError) {
    return t(`storeError.${storeError.code}`, {
      codes: storeError.codes.slice(0, 8).join('、'),
      count: storeError.codes.length,
      found: storeError.foundVersion ?? '?',
      supported: storeError.supportedVersion ?? '?',
      message: storeError.message,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  // The bridge prefixes a machine code (`[file-too-large] …`); the sentence after it is for people.
  return message.replace(/^\[[\w-]+\]\s*/, '');
}

/** Reads every stored setting; an unreadable one is skipped so the default stays. */
export async function loadSettings(store: GridroomStore): Promise<LoadedSettings> {
  const [language, basemap, visibleLevels, choropleth, operator] = await Promise.all([
    store.getSetting(SETTING_KEYS.language, parseLanguage),
    store.getSetting(SETTING_KEYS.basemap, parseStoredBasemap),
    store.getSetting(SETTING_KEYS.visibleLevels, parseVisibleLevels),
    store.getSetting(SETTING_KEYS.choropleth, parseChoropleth),
    store.getSetting(SETTING_KEYS.operator, parseOperatorName),
  ]);
  const settings: LoadedSettings = {};
  if (language) settings.language = language;
  if (basemap) settings.basemap = basemap;
  if (visibleLevels) settings.visibleLevels = visibleLevels;
  if (choropleth) settings.choropleth = choropleth;
  if (operator) settings.operator = operator;
  return settings;
}

/**
 * First start or a normal start: settings first (so the first paint is in the right language),
 * then the district, seeding the demo when the database is empty.
 */
export async function startApp(deps: Omit<CommandDeps, 'store'> & { store: GridroomStore }): Promise<void> {
  const { appStore, store, t } = deps;
  const dispatch = appStore.dispatch;
  try {
    dispatch({ type: 'settingsLoaded', settings: await loadSettings(store) });
  } catch {
    // Unreadable settings must not keep the operator out: go on with the defaults.
    dispatch({ type: 'settingsLoaded', settings: {} });
  }
  try {
    const { district, seeded } = await store.loadOrSeed(() => generateDemoDistrict());
    dispatch({ type: 'districtLoaded', district });
    if (seeded) dispatch({ type: 'statusShown', kind: 'info', key: 'status.seeded' });
    // Incidents acknowledged before (a reload, a crash) come back before the feed resumes.
    try {
      const { incidents, feeds } = await store.loadIncidents();
      dispatch({ type: 'incidentsRestored', incidents, feeds });
    } catch (err) {
      dispatch({ type: 'statusShown', kind: 'error', key: 'status.incidentsLoadFailed', params: { message: describeError(err, t) } });
    }
    // The last days' patrols (tracks, visits, daily reports) likewise, before any feed adds to them.
    try {
      const restored = await store.loadPatrol(Date.now() - PATROL_RESTORE_MS);
      dispatch({ type: 'patrolRestored', restored });
      // Not awaited: nothing waits on old data going, and if it fails it goes at the next start.
      void store.prunePatrol(Date.now() - PATROL_RETENTION_MS).catch(() => undefined);
    } catch (err) {
      dispatch({ type: 'statusShown', kind: 'error', key: 'status.patrolLoadFailed', params: { message: describeError(err, t) } });
    }
  } catch (err) {
    dispatch({ type: 'districtLoadFailed', message: describeError(err, t) });
  }
}

/**
 * Opens the import dialog and the platform's file picker at once: the browser adapter needs the
 * click's user activation to open its picker, so this must be called straight from the click.
 */
export async function chooseImportFile(deps: CommandDeps): Promise<void> {
  const { appStore, bridge, t } = deps;
  const dispatch = appStore.dispatch;
  dispatch({ type: 'dialogOpened', dialog: 'import' });
  try {
    const file = await bridge.openTextFile({ title: t('import.pickTitle'), extensions: ['geojson', 'json'] });
    if (!file) {
      // Cancelled before anything was loaded: nothing to show.
      if (appStore.getState().importDialog.step === 'choosing') dispatch({ type: 'dialogClosed' });
      return;
    }
    dispatch({ type: 'importFileOpened', fileName: file.name, text: file.text });
  } catch (err) {
    dispatch({ type: 'dialogClosed' });
    dispatch({ type: 'statusShown', kind: 'error', key: 'status.openFailed', params: { message: describeError(err, t) } });
  }
}

/**
 * Imports a file of incidents (JSON Lines or CSV) as a feed of its own, through the same ingest as
 * a live feed; the outcome is a toast (docs/incident-files.md). Like chooseImportFile it opens the
 * picker at once, so call it straight from the click (the browser needs the user activation).
 */
export async function importIncidents(deps: CommandDeps): Promise<void> {
  await importIncidentFile(deps.appStore, deps.bridge, { title: deps.t('incident-import:pickTitle') });
}

/** Writes the validated good grids in one transaction, then shows the district as stored. */
export async function commitImport(deps: CommandDeps): Promise<void> {
  const { appStore, store, t } = deps;
  const dispatch = appStore.dispatch;
  const before = appStore.getState().importDialog;
  if (!store || !before.report) return;
  dispatch({ type: 'importStarted' });
  if (appStore.getState().importDialog.step !== 'importing') return;
  try {
    const good = before.report.good;
    const district = await store.importGrids(good, { fileName: before.fileName ?? 'import.geojson' });
    dispatch({ type: 'importSucceeded', district, count: good.length });
  } catch (err) {
    dispatch({ type: 'importFailed', message: describeError(err, t) });
  }
}

/** The whole hierarchy as GeoJSON, saved where the operator chooses. */
export async function exportGrids(deps: CommandDeps): Promise<void> {
  const { appStore, bridge, t } = deps;
  const dispatch = appStore.dispatch;
  const district = appStore.getState().district;
  if (!district) return;
  dispatch({ type: 'busyChanged', busy: true });
  try {
    const text = JSON.stringify(exportHierarchy(district));
    const result = await bridge.saveTextFile({
      title: t('export.title'),
      defaultName: 'gridroom-grids.geojson',
      text,
      mimeType: 'application/geo+json',
    });
    if (result.saved) {
      dispatch({
        type: 'statusShown',
        kind: 'success',
        key: result.path ? 'status.exportedTo' : 'status.exported',
        params: { count: district.grids.length, path: result.path ?? '' },
      });
    }
  } catch (err) {
    dispatch({ type: 'statusShown', kind: 'error', key: 'status.exportFailed', params: { message: describeError(err, t) } });
  } finally {
    dispatch({ type: 'busyChanged', busy: false });
  }
}

/** Replaces everything with a freshly generated demo district (after the operator confirmed). */
export async function resetDemo(deps: CommandDeps): Promise<void> {
  const { appStore, store, t } = deps;
  const dispatch = appStore.dispatch;
  if (!store) return;
  dispatch({ type: 'dialogClosed' });
  dispatch({ type: 'busyChanged', busy: true });
  try {
    const district = await store.resetTo(generateDemoDistrict());
    dispatch({ type: 'districtLoaded', district });
    dispatch({ type: 'statusShown', kind: 'success', key: 'status.reset' });
  } catch (err) {
    dispatch({ type: 'statusShown', kind: 'error', key: 'status.resetFailed', params: { message: describeError(err, t) } });
  } finally {
    dispatch({ type: 'busyChanged', busy: false });
  }
}
