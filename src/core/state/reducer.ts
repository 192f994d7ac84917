/**
 * The named, pure updaters of the app state, and the reducer that routes actions to them. Each
 * updater returns the same object when nothing changes, so subscribers can skip re-rendering.
 */
import * as pv from './patrol-view';
import type { FeedMessage } from '../feed/protocol';
import { patrolMessagesReceived, patrolRestored, type PatrolState, type RestoredPatrol } from '../patrol/patrol-state';
import type { BasemapConfig } from '../basemap';
import type { Crs } from '../crs';
import { MAX_CONFIGURED_FEEDS, parseFeedConfig, sameFeedEndpoint, type FeedConfig } from '../feed/feed-config';
import { buildHierarchyIndex } from '../hierarchy';
import {
  guessMapping,
  listProperties,
  parseGridFile,
  validateGridImport,
  type PropertyMapping,
} from '../import';
import type { District, GridCode, GridLevel, StaffId } from '../model';
import { computeGridStats, summariseBand, type ChoroplethMode } from '../stats';
import type { AppAction } from './actions';
import * as wizard from './allocation-wizard';
import * as live from './incidents-state';
import { createIncidentLocator } from '../incidents/locate';
import { caseClass } from '../incidents/classes';
import { workflowContextFromGrids, type IncidentAction } from '../incidents/workflow';
import type { SideTab } from './app-state';
import {
  EMPTY_IMPORT_DIALOG,
  MAX_STATUS_MESSAGES,
  type AppState,
  type DialogKind,
  type StatusKind,
} from './app-state';
import { compareCodes, searchGrids } from './search';
import { parseOperatorName, type Language, type LoadedSettings } from './settings';

/** Households per histogram bucket in the district overview: 5 gives ~15 bars over a typical spread. */
export const HISTOGRAM_BUCKET = 5;

// ---------------------------------------------------------------------------------------------
// Loading

/**
 * A district arrived (first start, reload after import, reset). Derived indexes and stats are
 * rebuilt here once; the selection survives if its grid still exists, because codes are stable.
 */
export function districtLoaded(state: AppState, district: District): AppState {
  const hierarchy = buildHierarchyIndex(district.grids);
  const keep = (code: GridCode | null): GridCode | null => (code && hierarchy.get(code) ? code : null);
  return {
    ...state,
    phase: 'ready',
    loadError: null,
    district,
    hierarchy,
    stats: computeGridStats(district, state.band),
    staffById: new Map(district.staff.map((s) => [s.id, s])),
    bandSummary: summariseBand(district, state.band, HISTOGRAM_BUCKET),
    selected: keep(state.selected),
    hovered: keep(state.hovered),
    incidentLocator: createIncidentLocator(district),
    incidentContext: workflowContextFromGrids(district.grids),
    search: { ...state.search, results: searchGrids(district, state.search.query), active: 0 },
  };
}

export function districtLoadFailed(state: AppState, message: string): AppState {
  return { ...state, phase: 'error', loadError: message };
}

/** Stored settings were read; absent ones keep their defaults. */
export function settingsLoaded(state: AppState, settings: LoadedSettings): AppState {
  return {
    ...state,
    settingsLoaded: true,
    language: settings.language ?? state.language,
    basemap: settings.basemap ?? state.basemap,
    visibleLevels: settings.visibleLevels ?? state.visibleLevels,
    choropleth: settings.choropleth ?? state.choropleth,
    feedConfigs: settings.feeds ?? state.feedConfigs,
    operator: settings.operator ?? state.operator,
  };
}

/** An operator signs in at this workstation (a name that does not parse changes nothing). */
export function operatorSignedIn(state: AppState, name: string): AppState {
  const operator = parseOperatorName(name);
  if (operator === null) return state;
  const next = { ...state, operator, dialog: state.dialog === 'sign-in' ? null : state.dialog };
  return statusShown(next, 'success', 'status.signedIn', { name: operator });
}

/** The operator signs out: steps are recorded as the unnamed duty operator until someone signs in. */
export function operatorSignedOut(state: AppState): AppState {
  if (state.operator === null) return state;
  return { ...state, operator: null, dialog: state.dialog === 'sign-in' ? null : state.dialog };
}

export function mapReady(state: AppState): AppState {
  return state.mapReady ? state : { ...state, mapReady: true };
}

// ---------------------------------------------------------------------------------------------
// Selection and navigation

/**
 * Selects a grid (null clears). `fly` asks the map to fly there, by bumping `flyToToken`; a
 * click on the map does not fly (the operator is already looking at it), a search pick does.
 * An unknown code is ignored rather than leaving the panel pointing at nothing.
 */
export function gridSelected(state: AppState, code: GridCode | null, fly = false): AppState {
  if (code === null) return selectionCleared(state);
  if (!state.hierarchy?.get(code)) return state;
  if (state.selected === code && !fly) return state;
  return { ...state, selected: code, flyToToken: fly ? state.flyToToken + 1 : state.flyToToken };
}

export function selectionCleared(state: AppState): AppState {
  return state.selected === null ? state : { ...state, selected: null };
}

export function gridHovered(state: AppState, code: GridCode | null): AppState {
  return state.hovered === code ? state : { ...state, hovered: code };
}

/**
 * The next (1) or previous (-1) sibling by code, wrapping at either end, and flies there. With
 * nothing selected it starts at the first (or last) top-level unit, so arrows work from the start.
 */
export function siblingStepped(state: AppState, direction: 1 | -1): AppState {
  const index = state.hierarchy;
  if (!index) return state;
  const siblings = state.selected
    ? index.siblings(state.selected)
    : [...index.roots()].sort((a, b) => compareCodes(a.code, b.code));
  if (siblings.length === 0) return state;
  const at = state.selected ? siblings.findIndex((u) => u.code === state.selected) : -1;
  const next =
    at < 0
      ? direction === 1
        ? 0
        : siblings.length - 1
      : (at + direction + siblings.length) % siblings.length;
  return gridSelected(state, siblings[next].code, true);
}

/** Up the hierarchy from the selection; at the top it stays. */
export function parentSelected(state: AppState): AppState {
  const unit = state.selected ? state.hierarchy?.get(state.selected) : undefined;
  if (!unit?.parentCode) return state;
  return gridSelected(state, unit.parentCode, true);
}

/** Down to `code` if it is a child of the selection, else to the first child. */
export function childSelected(state: AppState, code?: GridCode): AppState {
  if (!state.selected || !state.hierarchy) return state;
  const children = state.hierarchy.children(state.selected);
  const target = children.find((c) => c.code === code) ?? children[0];
  return target ? gridSelected(state, target.code, true) : state;
}

// ---------------------------------------------------------------------------------------------
// Map display

export function levelToggled(state: AppState, level: GridLevel): AppState {
  return { ...state, visibleLevels: { ...state.visibleLevels, [level]: !state.visibleLevels[level] } };
}

export function choroplethChanged(state: AppState, mode: ChoroplethMode): AppState {
  return state.choropleth === mode ? state : { ...state, choropleth: mode };
}

export function basemapChanged(state: AppState, config: BasemapConfig): AppState {
  return { ...state, basemap: config };
}

export function languageChanged(state: AppState, language: Language): AppState {
  return state.language === language ? state : { ...state, language };
}

export function languageToggled(state: AppState): AppState {
  return languageChanged(state, state.language === 'zh' ? 'en' : 'zh');
}

// ---------------------------------------------------------------------------------------------
// Search

export function searchChanged(state: AppState, query: string): AppState {
  return { ...state, search: { query, results: searchGrids(state.district, query), active: 0 } };
}

/** Moves the highlighted result, wrapping, as ArrowDown/ArrowUp in the search box do. */
export function searchCursorMoved(state: AppState, delta: number): AppState {
  const n = state.search.results.length;
  if (n === 0) return state;
  const active = (((state.search.active + delta) % n) + n) % n;
  return { ...state, search: { ...state.search, active } };
}

/** Picks `code`, or the highlighted result (Enter): selects it, flies there, closes the search. */
export function searchResultPicked(state: AppState, code?: GridCode): AppState {
  const target = code ?? state.search.results[state.search.active]?.code;
  if (!target) return state;
  return gridSelected(searchCleared(state), target, true);
}

export function searchCleared(state: AppState): AppState {
  return state.search.query === '' && state.search.results.length === 0
    ? state
    : { ...state, search: { query: '', results: [], active: 0 } };
}

/**
 * Esc peels one layer at a time: an open dialog, then the search, then the selection. A dialog
 * busy importing stays open, because closing it would hide the outcome.
 */
export function escapePressed(state: AppState): AppState {
  if (state.dialog) return dialogClosed(state);
  if (state.allocation.open) {
    return state.allocation.selectedItem !== null ? wizard.allocationItemSelected(state, null) : wizard.allocationClosed(state);
  }
  if (state.sideTab === 'incidents' && state.incidents.selectedId !== null) return incidentPicked(state, null);
  if (state.search.query !== '' || state.search.results.length > 0) return searchCleared(state);
  return selectionCleared(state);
}

// ---------------------------------------------------------------------------------------------
// Dialogs and import

export function dialogOpened(state: AppState, dialog: DialogKind): AppState {
  return {
    ...state,
    dialog,
    importDialog: dialog === 'import' ? EMPTY_IMPORT_DIALOG : state.importDialog,
  };
}

export function dialogClosed(state: AppState): AppState {
  if (!state.dialog) return state;
  if (state.dialog === 'import' && state.importDialog.step === 'importing') return state;
  return { ...state, dialog: null };
}

/**
 * The chosen file's text arrived. File-level problems (not JSON, not a FeatureCollection) stop
 * here and are shown plainly; otherwise the mapping step opens, prefilled with the best guess.
 */
export function importFileOpened(state: AppState, fileName: string, rawText: string): AppState {
  // Files saved by Windows tools often start with a byte-order mark, which JSON.parse rejects.
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const base = { ...EMPTY_IMPORT_DIALOG, fileName, text, sourceCrs: state.importDialog.sourceCrs };
  const file = parseGridFile(text);
  if (!file.ok) {
    return { ...state, dialog: 'import', importDialog: { ...base, step: 'file-error', fileProblems: [file.problem] } };
  }
  const properties = listProperties(file.parsed);
  return {
    ...state,
    dialog: 'import',
    importDialog: { ...base, step: 'mapping', properties, mapping: guessMapping(properties) },
  };
}

/** A changed mapping makes any report stale: back to the mapping step. */
export function importMappingChanged(state: AppState, mapping: PropertyMapping): AppState {
  if (!canEditMapping(state)) return state;
  return { ...state, importDialog: { ...state.importDialog, mapping, report: null, result: null, step: 'mapping' } };
}

export function importCrsChanged(state: AppState, crs: Crs): AppState {
  if (!canEditMapping(state)) return state;
  return { ...state, importDialog: { ...state.importDialog, sourceCrs: crs, report: null, result: null, step: 'mapping' } };
}

function canEditMapping(state: AppState): boolean {
  const step = state.importDialog.step;
  return step === 'mapping' || step === 'report' || step === 'failed';
}

/** Validates the file against the mapping and the grids already stored. */
export function importValidated(state: AppState): AppState {
  const d = state.importDialog;
  if (!state.district || d.text === null || !d.mapping || !canEditMapping(state)) return state;
  const report = validateGridImport(d.text, d.mapping, state.district.grids, d.sourceCrs);
  return { ...state, importDialog: { ...d, step: 'report', report, result: null } };
}

export function importStarted(state: AppState): AppState {
  const d = state.importDialog;
  if (d.step !== 'report' || !d.report || d.report.good.length === 0) return state;
  return { ...state, importDialog: { ...d, step: 'importing' } };
}

export function importSucceeded(state: AppState, district: District, count: number): AppState {
  const loaded = districtLoaded(state, district);
  // Imported grids may lie anywhere (often beyond the current view): select the first one, which
  // is the top of what arrived (parents come first), and fly there so the operator sees it.
  const first = state.importDialog.report?.good[0]?.code ?? null;
  const focused = first ? gridSelected(loaded, first, true) : loaded;
  const done = { ...focused, importDialog: { ...focused.importDialog, step: 'done' as const, result: { ok: true as const, count } } };
  return statusShown(done, 'success', 'status.imported', { count, file: state.importDialog.fileName ?? '' });
}

/** The store refused (e.g. a code that exists already): nothing changed, the report stays visible. */
export function importFailed(state: AppState, message: string): AppState {
  const failed = { ...state, importDialog: { ...state.importDialog, step: 'failed' as const, result: { ok: false as const, message } } };
  return statusShown(failed, 'error', 'status.importFailed', { message });
}

// ---------------------------------------------------------------------------------------------
// Allocation (the wizard's own updaters are in ./allocation-wizard.ts; these also reload the district)

/** The buildings are stored: reload the district (stats, band) and say so. */
export function allocationCommitted(state: AppState, district: District, info: Omit<wizard.AllocationCommitInfo, 'undone'>): AppState {
  if (state.allocation.step !== 'committing') return state;
  const done = wizard.allocationCommitRecorded(districtLoaded(state, district), info);
  return statusShown(done, 'success', 'status.allocationCommitted', { count: info.buildings, households: info.households });
}

/** The batch was removed from the store: reload the district and say so. */
export function allocationUndone(state: AppState, district: District, batchId: string): AppState {
  const undone = wizard.allocationUndoRecorded(districtLoaded(state, district), batchId);
  return statusShown(undone, 'success', 'status.allocationUndone', { count: state.allocation.commit?.buildings ?? 0 });
}

// ---------------------------------------------------------------------------------------------
// Live incidents (their own updaters are in ./incidents-state.ts)

function withIncidents(state: AppState, incidents: live.IncidentsState): AppState {
  return incidents === state.incidents ? state : { ...state, incidents };
}

/** Patrol data read back from the store at start (fixes, visits, reports), located in today's units. */
export function patrolDataRestored(state: AppState, restored: RestoredPatrol): AppState {
  const locate = state.incidentLocator;
  const patrol = patrolRestored(state.patrol, restored, (p) => (locate ? locate(p) : null));
  return patrol === state.patrol ? state : { ...state, patrol };
}

function withPatrolView(state: AppState, patrolView: pv.PatrolViewState): AppState {
  return patrolView === state.patrolView ? state : { ...state, patrolView };
}

export function sideTabChanged(state: AppState, tab: SideTab): AppState {
  return state.sideTab === tab ? state : { ...state, sideTab: tab };
}

/** Urgent incidents reported longer ago than this raise no toast (they arrived in a catch-up). */
export const URGENT_NEWS_MS = 10 * 60_000;

/** A batch of feed messages; a new urgent incident raises a toast. */
export function feedBatchApplied(state: AppState, batch: readonly live.ReceivedMessage[], feedId: string = live.DEMO_FEED_ID): AppState {
  if (!state.incidentLocator || batch.length === 0) return state;
  const out = live.feedBatchReceived(state.incidents, batch, state.incidentLocator, feedId);
  let next = withIncidents(state, out.incidents);
  if (out.patrol.length > 0) next = { ...next, patrol: patrolMessagesApplied(next, out.patrol) };
  // Only what was reported in the last minutes is news; a catch-up after a restart is not.
  const nowMs = Date.parse(state.incidents.now);
  const fresh = out.urgent.filter((i) => !(nowMs - Date.parse(i.reportedAt) > URGENT_NEWS_MS));
  for (const incident of fresh.slice(0, 3)) {
    const cls = caseClass(incident.category);
    next = statusShown(next, 'error', 'status.urgentIncident', { title: incident.title, category: cls?.zh ?? incident.category, categoryEn: cls?.en ?? incident.category, id: incident.id });
  }
  return next;
}

/** Building ids per district object, so a batch does not rebuild the set (districts are immutable values). */
const buildingIdsOf = new WeakMap<District, ReadonlySet<string>>();

function buildingIds(district: District): ReadonlySet<string> {
  let ids = buildingIdsOf.get(district);
  if (!ids) {
    ids = new Set(district.buildings.map((b) => b.id));
    buildingIdsOf.set(district, ids);
  }
  return ids;
}

/**
 * Accepted patrol messages of a batch (positions, visits, daily reports) into the patrol state:
 * checked against the district's staff, buildings and grids and the worker's track, located in
 * their unit. Judged against the incidents clock (the demo's shifted clock in training), so a
 * trainer's replay does not call every fix "future".
 */
function patrolMessagesApplied(state: AppState, messages: readonly FeedMessage[]): PatrolState {
  const staff = state.staffById;
  const locate = state.incidentLocator;
  const district = state.district;
  const hierarchy = state.hierarchy;
  const nowMs = Date.parse(state.incidents.now);
  return patrolMessagesReceived(state.patrol, messages, {
    knownWorker: (id) => staff?.has(id as StaffId) ?? false,
    knownBuilding: (id) => (district ? buildingIds(district).has(id) : false),
    knownGrid: (code) => hierarchy?.get(code as GridCode) !== undefined,
    locate: (p) => (locate ? locate(p) : null),
    nowMs: Number.isFinite(nowMs) ? nowMs : Date.now(),
  });
}

/** An operator's workflow action; a refused one shows why and changes nothing. */
export function incidentActionApplied(state: AppState, id: string, action: IncidentAction): AppState {
  if (!state.incidentContext) return state;
  const ctx = { ...state.incidentContext, now: state.incidents.now };
  const out = live.incidentActed(state.incidents, id, action, ctx);
  // The refusal's code is translated by the UI (workflow.refused.<code>); the English reason is for logs.
  if (!out.result.ok) return statusShown(state, 'error', `workflow.refused.${out.result.code}`, out.result.params);
  return withIncidents(state, out.incidents);
}

/** Selecting an incident shows the incidents tab. */
export function incidentPicked(state: AppState, id: string | null, fly = false): AppState {
  const incidents = live.incidentSelected(state.incidents, id, fly);
  if (incidents === state.incidents) return state;
  return { ...state, incidents, sideTab: id !== null ? 'incidents' : state.sideTab };
}

// ---------------------------------------------------------------------------------------------
// Configured feeds (validation in ../feed/feed-config.ts; the renderer's connectors follow the list)

/**
 * Adds a feed (a new id) or replaces the one with its id. A config that does not validate, or a
 * new one past MAX_CONFIGURED_FEEDS, changes nothing. When a feed's endpoint changes (kind, URL,
 * topic, interval) its status and resume point start afresh: a `since` from another server means
 * nothing to this one. Its incidents stay.
 */
export function feedConfigSaved(state: AppState, config: FeedConfig): AppState {
  const parsed = parseFeedConfig(config);
  if (!parsed.ok) return state;
  const value = parsed.value;
  const at = state.feedConfigs.findIndex((f) => f.id === value.id);
  if (at < 0) {
    if (state.feedConfigs.length >= MAX_CONFIGURED_FEEDS) return state;
    return { ...state, feedConfigs: [...state.feedConfigs, value] };
  }
  const before = state.feedConfigs[at];
  const feedConfigs = state.feedConfigs.map((f, i) => (i === at ? value : f));
  const incidents = sameFeedEndpoint(before, value) ? state.incidents : live.feedRemoved(state.incidents, value.id);
  return { ...state, feedConfigs, incidents };
}

/** Deletes a configured feed and its status (its incidents stay). */
export function feedConfigRemoved(state: AppState, feedId: string): AppState {
  if (!state.feedConfigs.some((f) => f.id === feedId)) return state;
  return {
    ...state,
    feedConfigs: state.feedConfigs.filter((f) => f.id !== feedId),
    incidents: live.feedRemoved(state.incidents, feedId),
  };
}

/** Switches a configured feed on or off. */
export function feedConfigToggled(state: AppState, feedId: string, enabled?: boolean): AppState {
  const config = state.feedConfigs.find((f) => f.id === feedId);
  if (!config) return state;
  const next = enabled ?? !config.enabled;
  if (next === config.enabled) return state;
  return { ...state, feedConfigs: state.feedConfigs.map((f) => (f.id === feedId ? { ...f, enabled: next } : f)) };
}

// ---------------------------------------------------------------------------------------------
// Status

export function busyChanged(state: AppState, busy: boolean): AppState {
  return state.busy === busy ? state : { ...state, busy };
}

export function statusShown(
  state: AppState,
  kind: StatusKind,
  key: string,
  params: Record<string, string | number> = {},
): AppState {
  const message = { id: state.nextStatusId, kind, key, params };
  return {
    ...state,
    status: [...state.status, message].slice(-MAX_STATUS_MESSAGES),
    nextStatusId: state.nextStatusId + 1,
  };
}

export function statusDismissed(state: AppState, id: number): AppState {
  return state.status.some((m) => m.id === id) ? { ...state, status: state.status.filter((m) => m.id !== id) } : state;
}

// ---------------------------------------------------------------------------------------------

/** Routes an action to its updater. */
export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'districtLoaded':
      return districtLoaded(state, action.district);
    case 'districtLoadFailed':
      return districtLoadFailed(state, action.message);
    case 'settingsLoaded':
      return settingsLoaded(state, action.settings);
    case 'operatorSignedIn':
      return operatorSignedIn(state, action.name);
    case 'operatorSignedOut':
      return operatorSignedOut(state);
    case 'mapReady':
      return mapReady(state);
    case 'gridSelected':
      return gridSelected(state, action.code, action.fly ?? false);
    case 'selectionCleared':
      return selectionCleared(state);
    case 'gridHovered':
      return gridHovered(state, action.code);
    case 'levelToggled':
      return levelToggled(state, action.level);
    case 'choroplethChanged':
      return choroplethChanged(state, action.mode);
    case 'basemapChanged':
      return basemapChanged(state, action.config);
    case 'languageChanged':
      return languageChanged(state, action.language);
    case 'languageToggled':
      return languageToggled(state);
    case 'siblingStepped':
      return siblingStepped(state, action.direction);
    case 'parentSelected':
      return parentSelected(state);
    case 'childSelected':
      return childSelected(state, action.code);
    case 'searchChanged':
      return searchChanged(state, action.query);
    case 'searchCursorMoved':
      return searchCursorMoved(state, action.delta);
    case 'searchResultPicked':
      return searchResultPicked(state, action.code);
    case 'searchCleared':
      return searchCleared(state);
    case 'escapePressed':
      return escapePressed(state);
    case 'dialogOpened':
      return dialogOpened(state, action.dialog);
    case 'dialogClosed':
      return dialogClosed(state);
    case 'importFileOpened':
      return importFileOpened(state, action.fileName, action.text);
    case 'importMappingChanged':
      return importMappingChanged(state, action.mapping);
    case 'importCrsChanged':
      return importCrsChanged(state, action.crs);
    case 'importValidated':
      return importValidated(state);
    case 'importStarted':
      return importStarted(state);
    case 'importSucceeded':
      return importSucceeded(state, action.district, action.count);
    case 'importFailed':
      return importFailed(state, action.message);
    case 'allocationOpened':
      return wizard.allocationOpened(dialogClosed(state));
    case 'allocationClosed':
      return wizard.allocationClosed(state);
    case 'allocationRestarted':
      return wizard.allocationRestarted(state);
    case 'allocationCrsChanged':
      return wizard.allocationCrsChanged(state, action.crs);
    case 'allocationFileChosen':
      return wizard.allocationFileChosen(state, action.fileName);
    case 'allocationFileRead':
      return wizard.allocationFileRead(state, action.fileName, action.read, action.notes);
    case 'allocationFileFailed':
      return wizard.allocationFileFailed(state, action.fileName, action.reason);
    case 'allocationRunStarted':
      return wizard.allocationRunStarted(state, action.total);
    case 'allocationProgressed':
      return wizard.allocationProgressed(state, action.done, action.total);
    case 'allocationRunFinished':
      return wizard.allocationRunFinished(state, action.result);
    case 'allocationRunCancelled':
      return statusShown(wizard.allocationRunCancelled(state), 'info', 'status.allocationCancelled');
    case 'allocationRunFailed':
      return wizard.allocationRunFailed(state, action.message);
    case 'allocationReviewLeft':
      return wizard.allocationReviewLeft(state);
    case 'allocationFilterChanged':
      return wizard.allocationFilterChanged(state, action.filter);
    case 'allocationItemSelected':
      return wizard.allocationItemSelected(state, action.id, action.fly);
    case 'allocationOverridden':
      return wizard.allocationOverridden(state, action.id, action.code);
    case 'allocationCommitStarted':
      return wizard.allocationCommitStarted(state);
    case 'allocationCommitted':
      return allocationCommitted(state, action.district, action.info);
    case 'allocationCommitFailed':
      return statusShown(wizard.allocationCommitFailed(state, action.message), 'error', 'status.allocationCommitFailed', { message: action.message });
    case 'allocationUndone':
      return allocationUndone(state, action.district, action.batchId);
    case 'sideTabChanged':
      return sideTabChanged(state, action.tab);
    case 'patrolPeriodChanged':
      return withPatrolView(state, pv.patrolPeriodChanged(state.patrolView, action.period, action.from, action.to));
    case 'patrolSettingsChanged':
      return withPatrolView(state, pv.patrolSettingsChanged(state.patrolView, action.settings));
    case 'coverageRunStarted':
      return withPatrolView(state, pv.coverageRunStarted(state.patrolView, action.requestId));
    case 'coverageProgressed':
      return withPatrolView(state, pv.coverageProgressed(state.patrolView, action.requestId, action.fraction));
    case 'coverageComputed':
      return withPatrolView(state, pv.coverageComputed(state.patrolView, action.requestId, action.report));
    case 'coverageFailed':
      return withPatrolView(state, pv.coverageFailed(state.patrolView, action.requestId, action.message));
    case 'patrolLayerToggled':
      return withPatrolView(state, pv.patrolLayerToggled(state.patrolView, action.layer, action.on));
    case 'coverageLevelChanged':
      return withPatrolView(state, pv.coverageLevelChanged(state.patrolView, action.level));
    case 'workerFollowed':
      return withPatrolView(state, pv.workerFollowed(state.patrolView, action.workerId));
    case 'patrolWorkerSelected':
      return withPatrolView(state, pv.patrolWorkerSelected(state.patrolView, action.workerId));
    case 'patrolRestored':
      return patrolDataRestored(state, action.restored);
    case 'workerTrackShown':
      return withPatrolView(state, pv.workerTrackShown(state.patrolView, action.track));
    case 'feedBatchReceived':
      return feedBatchApplied(state, action.batch, action.feedId);
    case 'feedStatusChanged':
      return withIncidents(state, live.feedStatusChanged(state.incidents, action.feedId, action.status));
    case 'feedRemoved':
      return withIncidents(state, live.feedRemoved(state.incidents, action.feedId));
    case 'feedConfigSaved':
      return feedConfigSaved(state, action.config);
    case 'feedConfigRemoved':
      return feedConfigRemoved(state, action.feedId);
    case 'feedConfigToggled':
      return feedConfigToggled(state, action.feedId, action.enabled);
    case 'incidentsRestored':
      return { ...state, incidents: live.incidentsRestored(state.incidents, action.incidents, action.feeds) };
    case 'incidentActed':
      return incidentActionApplied(state, action.id, action.action);
    case 'incidentSelected':
      return incidentPicked(state, action.id, action.fly);
    case 'incidentFilterChanged':
      return withIncidents(state, live.incidentFilterChanged(state.incidents, action.filter));
    case 'incidentClockTicked':
      return withIncidents(state, live.incidentClockTicked(state.incidents, action.now));
    case 'busyChanged':
      return busyChanged(state, action.busy);
    case 'statusShown':
      return statusShown(state, action.kind, action.key, action.params);
    case 'statusDismissed':
      return statusDismissed(state, action.id);
  }
}
