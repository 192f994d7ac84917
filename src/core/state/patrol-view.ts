/**
 * What the operator is looking at in the patrol view (issue 5): the coverage window and settings,
 * the coverage computation running in a Web Worker and its latest report, which patrol layers are
 * on, the worker being followed, and the track being shown. Named pure updaters; the reducer
 * routes the actions here.
 *
 * The live patrol data itself (tracks, latest fixes, visits, reports) is `AppState.patrol`
 * (core/patrol/patrol-state.ts); this is only the view over it.
 */
import { chinaDayStart, chinaWeekStart } from '../china-time';
import type { CoverageReport } from '../patrol/coverage-report';
import { COVERAGE_RADIUS_M } from '../patrol/coverage';
import { DEFAULT_REPORT_CUTOFF_HOUR } from '../patrol/daily-report';
import { VISIT_MIN_STAY_MS, VISIT_RADIUS_M } from '../patrol/visits';
import type { GridLevel } from '../model';

/** Today (China day, from 00:00 to now), this week (Monday 00:00 China time to now), or from–to. */
export type CoveragePeriod = 'today' | 'week' | 'custom';
export const COVERAGE_PERIODS: readonly CoveragePeriod[] = ['today', 'week', 'custom'];

export interface PatrolSettings {
  /** Radius around walked paths that counts as covered (m), 5–200. */
  radiusM: number;
  /** A visit: within visitRadiusM (m, 3–100) of an entrance for visitMinStayMin (minutes, 1–120). */
  visitRadiusM: number;
  visitMinStayMin: number;
  /** A building not visited in this many days is a gap (1–365). */
  unvisitedDays: number;
  /** Daily reports are due by this China hour (0–23). */
  reportCutoffHour: number;
}

export const DEFAULT_PATROL_SETTINGS: PatrolSettings = {
  radiusM: COVERAGE_RADIUS_M,
  visitRadiusM: VISIT_RADIUS_M,
  visitMinStayMin: VISIT_MIN_STAY_MS / 60_000,
  unvisitedDays: 30,
  reportCutoffHour: DEFAULT_REPORT_CUTOFF_HOUR,
};

/** Inclusive bounds of each setting; a value outside is refused by patrolSettingsChanged. */
export const PATROL_SETTING_BOUNDS: Readonly<Record<keyof PatrolSettings, readonly [number, number]>> = {
  radiusM: [5, 200],
  visitRadiusM: [3, 100],
  visitMinStayMin: [1, 120],
  unvisitedDays: [1, 365],
  reportCutoffHour: [0, 23],
};

export type PatrolLayer = 'coverage' | 'gaps' | 'reports' | 'tracks';
export const PATROL_LAYERS: readonly PatrolLayer[] = ['coverage', 'gaps', 'reports', 'tracks'];

export type CoverageRunStatus = 'idle' | 'running' | 'done' | 'failed';

export interface CoverageRun {
  status: CoverageRunStatus;
  /** Each run gets a new id; progress and results of an older run are ignored. */
  requestId: number;
  /** Progress of the running computation, 0–1. */
  fraction: number;
  /** Why the last run failed (a sentence from the worker), else null. */
  error: string | null;
}

/** A worker's track shown on the map, with its stops, over [from, to) (ISO times). */
export interface TrackView {
  workerId: string;
  from: string;
  to: string;
}

export interface PatrolViewState {
  period: CoveragePeriod;
  /** The custom window (ISO 8601 with offset); used when period is 'custom'. */
  customFrom: string | null;
  customTo: string | null;
  settings: PatrolSettings;
  run: CoverageRun;
  /** The latest finished report (kept while a new one computes, so the map does not blank). */
  report: CoverageReport | null;
  /** Which level the coverage choropleth colours (3: grids, 4: micro-grids). */
  coverageLevel: GridLevel;
  layers: Readonly<Record<PatrolLayer, boolean>>;
  /** The map keeps this worker in view as fixes arrive; null: nobody followed. */
  followed: string | null;
  /** The worker picked in the patrol panel (details shown), null: none. */
  selectedWorker: string | null;
  track: TrackView | null;
}

export function initialPatrolView(): PatrolViewState {
  return {
    period: 'today',
    customFrom: null,
    customTo: null,
    settings: DEFAULT_PATROL_SETTINGS,
    run: { status: 'idle', requestId: 0, fraction: 0, error: null },
    report: null,
    coverageLevel: 4,
    layers: { coverage: false, gaps: false, reports: true, tracks: true },
    followed: null,
    selectedWorker: null,
    track: null,
  };
}

/** The period changed; a custom one carries its bounds (ISO). A custom window with to <= from is refused (state unchanged). */
export function patrolPeriodChanged(view: PatrolViewState, period: CoveragePeriod, from?: string, to?: string): PatrolViewState {
  if (period !== 'custom') return view.period === period ? view : { ...view, period };
  const customFrom = from ?? view.customFrom;
  const customTo = to ?? view.customTo;
  if (customFrom !== null && customTo !== null && !(Date.parse(customTo) > Date.parse(customFrom))) return view;
  return { ...view, period, customFrom, customTo };
}

/** Whether `value` is a finite number within the setting's bounds. */
export function isPatrolSettingValid(key: keyof PatrolSettings, value: number): boolean {
  const [lo, hi] = PATROL_SETTING_BOUNDS[key];
  return Number.isFinite(value) && value >= lo && value <= hi && (key !== 'reportCutoffHour' || Number.isInteger(value));
}

/** Settings changed; values out of bounds are ignored (the form shows why). */
export function patrolSettingsChanged(view: PatrolViewState, patch: Partial<PatrolSettings>): PatrolViewState {
  const settings = { ...view.settings };
  let changed = false;
  for (const key of Object.keys(patch) as (keyof PatrolSettings)[]) {
    const value = patch[key];
    if (value === undefined || !isPatrolSettingValid(key, value) || settings[key] === value) continue;
    settings[key] = value;
    changed = true;
  }
  return changed ? { ...view, settings } : view;
}

export function coverageRunStarted(view: PatrolViewState, requestId: number): PatrolViewState {
  return { ...view, run: { status: 'running', requestId, fraction: 0, error: null } };
}

/** Progress of run `requestId`; ignored for any other run. */
export function coverageProgressed(view: PatrolViewState, requestId: number, fraction: number): PatrolViewState {
  if (view.run.requestId !== requestId || view.run.status !== 'running') return view;
  return { ...view, run: { ...view.run, fraction: Math.max(0, Math.min(1, fraction)) } };
}

export function coverageComputed(view: PatrolViewState, requestId: number, report: CoverageReport): PatrolViewState {
  if (view.run.requestId !== requestId) return view;
  return { ...view, report, run: { ...view.run, status: 'done', fraction: 1 } };
}

export function coverageFailed(view: PatrolViewState, requestId: number, message: string): PatrolViewState {
  if (view.run.requestId !== requestId) return view;
  return { ...view, run: { ...view.run, status: 'failed', error: message } };
}

export function patrolLayerToggled(view: PatrolViewState, layer: PatrolLayer, on?: boolean): PatrolViewState {
  const next = on ?? !view.layers[layer];
  return view.layers[layer] === next ? view : { ...view, layers: { ...view.layers, [layer]: next } };
}

export function coverageLevelChanged(view: PatrolViewState, level: GridLevel): PatrolViewState {
  return view.coverageLevel === level ? view : { ...view, coverageLevel: level };
}

/** Follow a worker (the map keeps them in view), or stop following with null. */
export function workerFollowed(view: PatrolViewState, workerId: string | null): PatrolViewState {
  return view.followed === workerId ? view : { ...view, followed: workerId };
}

export function patrolWorkerSelected(view: PatrolViewState, workerId: string | null): PatrolViewState {
  return view.selectedWorker === workerId ? view : { ...view, selectedWorker: workerId };
}

/** Show a worker's track over [from, to), or hide it with null. Refused (unchanged) when to <= from. */
export function workerTrackShown(view: PatrolViewState, track: TrackView | null): PatrolViewState {
  if (track && !(Date.parse(track.to) > Date.parse(track.from))) return view;
  return { ...view, track };
}

/**
 * The window [from, to) in epoch ms for the view's period at `nowMs`: today is the China day up
 * to now; this week starts on Monday 00:00 China time; custom uses its bounds (null when unset).
 */
export function coverageWindow(view: Pick<PatrolViewState, 'period' | 'customFrom' | 'customTo'>, nowMs: number): { from: number; to: number } | null {
  if (view.period === 'custom') {
    if (view.customFrom === null || view.customTo === null) return null;
    const from = Date.parse(view.customFrom);
    const to = Date.parse(view.customTo);
    return Number.isFinite(from) && Number.isFinite(to) && to > from ? { from, to } : null;
  }
  const dayStart = chinaDayStart(nowMs);
  const from = view.period === 'today' ? dayStart : chinaWeekStart(nowMs);
  return { from, to: Math.max(nowMs, dayStart + 1) };
}
