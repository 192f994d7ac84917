/**
 * The whole state of the operator window, as one immutable value. Every change goes through a
 * named updater in ./reducer.ts; the renderer only reads it and dispatches actions.
 */
import { initialPatrolState, type PatrolState } from '../patrol/patrol-state';
import { NO_BASEMAP, type BasemapConfig } from '../basemap';
import type { Crs } from '../crs';
import type { FeedConfig } from '../feed/feed-config';
import type { HierarchyIndex } from '../hierarchy';
import type { Locate } from '../incidents/incident-from-feed';
import type { WorkflowContext } from '../incidents/workflow';
import type { ImportProblem, ImportReport, PropertyInfo, PropertyMapping } from '../import';
import {
  DEFAULT_HOUSEHOLD_BAND,
  type District,
  type GridCode,
  type GridLevel,
  type HouseholdBand,
  type Staff,
  type StaffId,
} from '../model';
import type { BandSummary, ChoroplethMode, GridStats } from '../stats';
import { CLOSED_ALLOCATION_WIZARD, type AllocationWizardState } from './allocation-wizard';
import { initialIncidentsState, type IncidentsState } from './incidents-state';
import { initialPatrolView, type PatrolViewState } from './patrol-view';
import type { SearchResult } from './search';
import type { Language } from './settings';

/** What the side column shows when the allocation wizard is closed. */
export type SideTab = 'grids' | 'incidents' | 'dashboard' | 'patrol';

/** Which modal dialog is open; one at a time. */
export type DialogKind = 'import' | 'basemap' | 'confirm-reset' | 'feeds' | 'sign-in';

/**
 * Steps of the import dialog:
 * choosing (the file picker is open) → file-error (not JSON / not a FeatureCollection) or
 * mapping → report (validated) → importing → done, or failed (nothing was written).
 */
export type ImportStep = 'choosing' | 'file-error' | 'mapping' | 'report' | 'importing' | 'done' | 'failed';

export type ImportResult = { ok: true; count: number } | { ok: false; message: string };

export interface ImportDialogState {
  step: ImportStep;
  fileName: string | null;
  /** The file's text, kept so the mapping can be changed and validated again. */
  text: string | null;
  properties: PropertyInfo[];
  mapping: PropertyMapping | null;
  sourceCrs: Crs;
  /** Problems with the file as a whole, found before any mapping (invalid JSON, wrong type). */
  fileProblems: ImportProblem[];
  report: ImportReport | null;
  result: ImportResult | null;
}

export type StatusKind = 'info' | 'success' | 'error';

/**
 * A toast. It holds an i18n key and its parameters, not text, so a message already on screen
 * follows a language switch.
 */
export interface StatusMessage {
  id: number;
  kind: StatusKind;
  key: string;
  params: Record<string, string | number>;
}

export type LoadPhase = 'loading' | 'ready' | 'error';

export interface SearchState {
  query: string;
  results: SearchResult[];
  /** Highlighted row of the dropdown (Enter picks it). */
  active: number;
}

export interface AppState {
  phase: LoadPhase;
  /** Why loading failed (shown as is: it is an error from the store, not UI text). */
  loadError: string | null;
  district: District | null;
  /** Derived from `district` when it is loaded; kept so navigation does not rebuild it per key press. */
  hierarchy: HierarchyIndex | null;
  stats: ReadonlyMap<GridCode, GridStats> | null;
  staffById: ReadonlyMap<StaffId, Staff> | null;
  bandSummary: BandSummary | null;
  band: HouseholdBand;
  selected: GridCode | null;
  hovered: GridCode | null;
  visibleLevels: Record<GridLevel, boolean>;
  choropleth: ChoroplethMode;
  basemap: BasemapConfig;
  language: Language;
  /** True once stored settings were read: before that, nothing is written back. */
  settingsLoaded: boolean;
  /** Who is signed in at this workstation; workflow steps are recorded as theirs. Null: nobody. */
  operator: string | null;
  search: SearchState;
  /** Bumped whenever the map should fly to `selected` (search pick, breadcrumb, arrows). */
  flyToToken: number;
  /** True once the map reported it has rendered (window event 'gridroom:map-ready'). */
  mapReady: boolean;
  dialog: DialogKind | null;
  importDialog: ImportDialogState;
  /** Live incidents (feed, workflow, list filter, selection). */
  incidents: IncidentsState;
  /** The live feeds the operator configured (persisted); connectors run the enabled ones. */
  feedConfigs: readonly FeedConfig[];
  /** Derived from `district`: which unit a location is in, and the workflow's view of the hierarchy. */
  incidentLocator: Locate | null;
  /** Live grid-worker positions and tracks from the feeds (issue 5: patrol coverage). */
  patrol: PatrolState;
  /** The patrol coverage view: window, settings, the worker's latest report, layers, follow, track. */
  patrolView: PatrolViewState;
  incidentContext: WorkflowContext | null;
  sideTab: SideTab;
  /** The allocation wizard (new buildings → micro-grids); shown in place of the side panel when open. */
  allocation: AllocationWizardState;
  /** Busy with a store or file operation started from the top bar (import, export, reset). */
  busy: boolean;
  status: StatusMessage[];
  nextStatusId: number;
}

export const ALL_LEVELS_VISIBLE: Record<GridLevel, boolean> = { 1: true, 2: true, 3: true, 4: true };

export const EMPTY_IMPORT_DIALOG: ImportDialogState = {
  step: 'choosing',
  fileName: null,
  text: null,
  properties: [],
  mapping: null,
  sourceCrs: 'wgs84',
  fileProblems: [],
  report: null,
  result: null,
};

/** At most this many toasts stay on screen; the oldest goes first. */
export const MAX_STATUS_MESSAGES = 4;

/** The state before anything is loaded: Chinese, no basemap (nothing is fetched), all levels shown. */
export function initialAppState(): AppState {
  return {
    phase: 'loading',
    loadError: null,
    district: null,
    hierarchy: null,
    stats: null,
    staffById: null,
    bandSummary: null,
    band: DEFAULT_HOUSEHOLD_BAND,
    selected: null,
    hovered: null,
    visibleLevels: ALL_LEVELS_VISIBLE,
    choropleth: 'households_band',
    basemap: NO_BASEMAP,
    language: 'zh',
    settingsLoaded: false,
    operator: null,
    search: { query: '', results: [], active: 0 },
    flyToToken: 0,
    mapReady: false,
    dialog: null,
    importDialog: EMPTY_IMPORT_DIALOG,
    allocation: CLOSED_ALLOCATION_WIZARD,
    incidents: initialIncidentsState(new Date(0).toISOString()),
    feedConfigs: [],
    incidentLocator: null,
    patrol: initialPatrolState(),
    patrolView: initialPatrolView(),
    incidentContext: null,
    sideTab: 'grids',
    busy: false,
    status: [],
    nextStatusId: 1,
  };
}
