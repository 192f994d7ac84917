/**
 * What the coverage worker needs, gathered from the app state: the district's units, buildings
 * and field workers, copies of the tracks (the worker gets its own arrays; the live ones keep
 * growing on this thread), the reported visits, and the request from the patrol view.
 */
import type { AppState } from '@core/state';
import { coverageWindow } from '@core/state';
import type { CoverageInputs, CoverageRequest } from '@core/patrol/coverage-report';
import type { CoverageTrackInput } from '@core/patrol/coverage';
import { fixesBetween, trackedWorkers } from '@core/patrol/tracks';
import type { StaffRole } from '@core/model';

/** Days of daily coverage the trend chart shows. */
export const TREND_DAYS = 7;
/** Roles that walk a grid (人在格中走): their figures are listed per worker. */
export const FIELD_ROLES: readonly StaffRole[] = ['grid_chief', 'grid_worker'];
const DAY_MS = 86_400_000;

/** The request for the view's window at the state's clock, or null when there is no usable window. */
export function coverageRequestOf(state: AppState): CoverageRequest | null {
  const nowMs = Date.parse(state.incidents.now);
  if (!Number.isFinite(nowMs)) return null;
  const window = coverageWindow(state.patrolView, nowMs);
  if (!window) return null;
  const s = state.patrolView.settings;
  return {
    from: window.from,
    to: window.to,
    nowMs,
    radiusM: s.radiusM,
    visitRadiusM: s.visitRadiusM,
    visitMinStayMs: s.visitMinStayMin * 60_000,
    unvisitedDays: s.unvisitedDays,
    trendDays: TREND_DAYS,
  };
}

/**
 * How far back (epoch ms) the tracks must reach for `request`: the window, the trend's days, and
 * the unvisitedDays before now, so a stay at a door found in an older track still makes the
 * building "visited N days ago" rather than a gap. Older fixes cannot change any figure.
 */
export function trackHistoryStart(request: CoverageRequest): number {
  // Patrol data is kept for 62 days (PATROL_RECORDS_KEPT_MS): reaching further copies nothing more
  // but costs the search; a larger "not visited for" setting then means "not in the kept history".
  const days = Math.min(Math.max(request.trendDays, request.unvisitedDays), MAX_HISTORY_DAYS);
  return Math.min(request.from, request.nowMs - (days + 1) * DAY_MS);
}

/** The most days of tracks a coverage run is given. */
export const MAX_HISTORY_DAYS = 62;

/**
 * The inputs for `request`: tracks from trackHistoryStart (and no later than the window's end or
 * now), copied into arrays of their own so they can be transferred to the worker (the live ones
 * keep growing here). Returns the buffers to transfer alongside; null without a district.
 */
export function coverageInputsOf(state: AppState, request: CoverageRequest): { inputs: CoverageInputs; transfer: ArrayBuffer[] } | null {
  const district = state.district;
  if (!district) return null;
  const fromMs = trackHistoryStart(request);
  const toMs = Math.max(request.to, request.nowMs + 1);
  const tracks: CoverageTrackInput[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const workerId of trackedWorkers(state.patrol.tracks)) {
    const slice = fixesBetween(state.patrol.tracks, workerId, fromMs, toMs);
    if (slice.length === 0) continue;
    const lon = slice.lon.slice();
    const lat = slice.lat.slice();
    const t = slice.t.slice();
    tracks.push({ workerId, lon, lat, t });
    transfer.push(lon.buffer, lat.buffer, t.buffer);
  }
  return {
    inputs: {
      units: district.grids.map((g) => ({ code: g.code, level: g.level, kind: g.kind, parentCode: g.parentCode, geometry: g.geometry })),
      buildings: district.buildings.map((b) => ({ id: b.id, gridCode: b.gridCode, entrances: b.entrances, households: b.households })),
      workers: district.staff.filter((p) => FIELD_ROLES.includes(p.role)).map((p) => ({ id: p.id, gridCode: p.gridCode })),
      tracks,
      reportedVisits: [...state.patrol.visits],
    },
    transfer,
  };
}
