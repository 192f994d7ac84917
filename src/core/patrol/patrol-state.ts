/**
 * The live patrol state: every grid worker's track and latest located fix from the feeds, the
 * visits and daily reports (零上报) they sent (feed protocol v2), and the patrol messages refused
 * with their counts (issue 5: rejected with a reason and counted, never drawn). One immutable
 * value, changed only by the named pure updaters below; the app state holds it as `patrol` and
 * the reducer feeds it the accepted patrol messages of each feed batch (patrolMessagesReceived).
 *
 * Tracks share their buffers between successive states without ever rewriting a fix
 * (./tracks.ts), so an update costs O(messages), not O(fixes kept), and older states stay valid.
 */
import { parseFeedTime, type FeedMessage, type PositionMessage, type ReportMessage, type VisitMessage } from '../feed/protocol';
import type { GridCode, LngLat } from '../model';
import { chinaDate, type DailyReport } from './daily-report';
import {
  FUTURE_TOLERANCE_MS,
  POSITION_REJECT_CODES,
  checkPosition,
  type Fix,
  type PositionRejectCode,
  type PositionRejection,
} from './positions';
import { appendFixes, emptyTrackStore, latestFix, type TrackFix, type TrackStore } from './tracks';

/** A visit a worker reported explicitly (feed `visit` message, protocol v2), accepted. */
export interface ReportedVisit {
  workerId: string;
  buildingId: string;
  /** When the visit began (epoch ms). */
  t: number;
  /** How long it lasted (ms), when the sender said. */
  durationMs: number | null;
  note?: string;
}

/** A worker's latest fix older than this is drawn as stale, grey (ms). */
export const STALE_AFTER_MS = 2 * 60_000;
/** Rejections kept for the UI's list, newest last (the oldest go first). Counts are kept for all. */
export const MAX_POSITION_REJECTIONS_KEPT = 200;

export interface PatrolState {
  /** Every accepted fix per worker, in time order. */
  tracks: TrackStore;
  /** Each worker's latest accepted fix, located in its leaf unit, by worker (staff) id. */
  latest: ReadonlyMap<string, Fix>;
  /** The last MAX_POSITION_REJECTIONS_KEPT refused patrol messages (positions, visits, reports), oldest first. */
  rejected: readonly PositionRejection[];
  /** Every refused patrol message since start, by code. */
  rejectCounts: Readonly<Record<PositionRejectCode, number>>;
  /** Positions accepted since start. */
  accepted: number;
  /**
   * Explicit visit messages accepted, in arrival order (visits found from tracks are computed, not
   * stored); only those of the last PATROL_RECORDS_KEPT_MS.
   */
  visits: readonly ReportedVisit[];
  /** Daily reports (零上报) accepted, in arrival order; only those of the last PATROL_RECORDS_KEPT_MS. */
  reports: readonly DailyReport[];
  /** Bumped on every change (accepted or refused): a cheap change test for memoised views. */
  revision: number;
}

/** What judging and locating a position needs from outside the patrol state. */
export interface PatrolContext {
  /** Whether the district's staff has this id. */
  knownWorker(id: string): boolean;
  /** The leaf unit (micro-grid or dedicated grid) holding a WGS-84 position, or null. */
  locate(lngLat: LngLat): GridCode | null;
  /** The receiving clock (epoch ms): the incidents clock, so a shifted demo clock is honoured. */
  nowMs: number;
  /** Whether the district has this building (visit messages); absent: every id passes. */
  knownBuilding?(id: string): boolean;
  /** Whether the district has this grid (report messages); absent: every code passes. */
  knownGrid?(code: string): boolean;
}

/**
 * Visits and reports stamped more than this before the clock (ctx.nowMs) are not kept: the views
 * look back at most two months, and without a bound a feed running
 * for a year would hold every visit ever made. The store prunes its tables with the same bound.
 */
export const PATROL_RECORDS_KEPT_MS = 62 * 86_400_000;

/**
 * Applies a batch's accepted patrol messages (positions, visits, daily reports) in arrival order;
 * other kinds are ignored. One pass, so refusals are listed in the order the messages came.
 *
 * - position: as positionsReceived says.
 * - visit: refused as unknown_worker, unknown_building, or future (stamped more than
 *   FUTURE_TOLERANCE_MS ahead of ctx.nowMs), checked in that order; accepted, it becomes a
 *   ReportedVisit (t = at, durationMs = duration_s × 1000 or null, note).
 * - report: refused as unknown_grid, unknown_worker (its sender), or future; accepted, it becomes
 *   a DailyReport for the China day of `at` (nothingToReport = result is nothing_to_report).
 *
 * Ingest has already dropped repeats (core/feed/ingest.ts). Visits and reports older than
 * PATROL_RECORDS_KEPT_MS before ctx.nowMs are dropped, arriving or already kept (see appendKept:
 * a filtering pass runs only once the head of a list has expired). Returns `state` itself when the batch holds no patrol message; otherwise the
 * revision is bumped, even when everything was refused (the counts changed).
 */
export function patrolMessagesReceived(state: PatrolState, messages: readonly FeedMessage[], ctx: PatrolContext): PatrolState {
  let latest: Map<string, Fix> | null = null; // copied on the first accepted fix
  let counts: Record<PositionRejectCode, number> | null = null;
  const rejected: PositionRejection[] = [];
  const fixes: TrackFix[] = [];
  const visits: ReportedVisit[] = [];
  const reports: DailyReport[] = [];
  const refuse = (r: PositionRejection): void => {
    counts ??= { ...state.rejectCounts };
    counts[r.code]++;
    rejected.push(r);
  };
  const keptFrom = ctx.nowMs - PATROL_RECORDS_KEPT_MS;
  let judged = 0;
  for (const m of messages) {
    if (m.kind === 'position') {
      judged++;
      const last = (latest ?? state.latest).get(m.worker_id);
      const check = checkPosition(last, m, ctx.knownWorker(m.worker_id), ctx.nowMs);
      if (!check.ok) {
        refuse(check.rejection);
        continue;
      }
      latest ??= new Map(state.latest);
      const fix: Fix = { lngLat: check.lngLat, t: check.t, unit: ctx.locate(check.lngLat) };
      if (m.speed !== undefined) fix.speed = m.speed;
      if (m.heading !== undefined) fix.heading = m.heading;
      if (m.accuracy_m !== undefined) fix.accuracyM = m.accuracy_m;
      latest.set(m.worker_id, fix);
      fixes.push({ workerId: m.worker_id, lon: check.lngLat[0], lat: check.lngLat[1], t: check.t });
    } else if (m.kind === 'visit') {
      judged++;
      const check = checkVisit(m, ctx);
      if ('code' in check) refuse(check);
      else if (check.t >= keptFrom) visits.push(check);
    } else if (m.kind === 'report') {
      judged++;
      const check = checkReport(m, ctx);
      if ('code' in check) refuse(check);
      else if ((parseFeedTime(check.at) as number) >= keptFrom) reports.push(check);
    }
  }
  if (judged === 0) return state;
  return {
    ...state,
    tracks: fixes.length > 0 ? appendFixes(state.tracks, fixes) : state.tracks,
    latest: latest ?? state.latest,
    visits: appendKept(state.visits, visits, (v) => v.t, keptFrom),
    reports: appendKept(state.reports, reports, reportTime, keptFrom),
    rejected: rejected.length === 0 ? state.rejected : [...state.rejected, ...rejected].slice(-MAX_POSITION_REJECTIONS_KEPT),
    rejectCounts: counts ?? state.rejectCounts,
    accepted: state.accepted + fixes.length,
    revision: state.revision + 1,
  };
}

const reportTime = (r: DailyReport): number => parseFeedTime(r.at) ?? 0;

/**
 * `kept` with `added` appended, dropping what is stamped before `from`. Only the head (the
 * earliest arrival) is tested before filtering: arrival order is nearly time order, so the
 * filtering pass runs only once something has expired, and an entry that arrived out of order
 * waits at most until the head expires. The append copies the list, which is fine at the rate
 * visits and reports come (a few a minute, against positions' many a second). `kept` itself when
 * nothing changes.
 */
function appendKept<T>(kept: readonly T[], added: readonly T[], timeOf: (item: T) => number, from: number): readonly T[] {
  const expired = kept.length > 0 && timeOf(kept[0]) < from;
  if (added.length === 0 && !expired) return kept;
  const all = [...kept, ...added];
  return expired ? all.filter((item) => timeOf(item) >= from) : all;
}

function checkVisit(m: VisitMessage, ctx: PatrolContext): ReportedVisit | PositionRejection {
  const refuse = (code: PositionRejectCode, params: Record<string, string | number> = {}): PositionRejection => ({
    code,
    kind: 'visit',
    workerId: m.worker_id,
    at: m.at,
    params,
  });
  // Built in code (tests, the demo) a message bypasses the parser; NaN then fails every check below.
  const t = parseFeedTime(m.at) ?? Number.NaN;
  if (!ctx.knownWorker(m.worker_id)) return refuse('unknown_worker');
  if (ctx.knownBuilding && !ctx.knownBuilding(m.building_id)) return refuse('unknown_building', { buildingId: m.building_id });
  if (!(t <= ctx.nowMs + FUTURE_TOLERANCE_MS)) return refuse('future', { aheadS: Math.round((t - ctx.nowMs) / 1000) });
  const visit: ReportedVisit = { workerId: m.worker_id, buildingId: m.building_id, t, durationMs: m.duration_s === undefined ? null : m.duration_s * 1000 };
  if (m.note !== undefined) visit.note = m.note;
  return visit;
}

function checkReport(m: ReportMessage, ctx: PatrolContext): DailyReport | PositionRejection {
  const refuse = (code: PositionRejectCode, params: Record<string, string | number> = {}): PositionRejection => ({
    code,
    kind: 'report',
    workerId: m.by,
    at: m.at,
    params,
  });
  const t = parseFeedTime(m.at) ?? Number.NaN;
  if (ctx.knownGrid && !ctx.knownGrid(m.grid_code)) return refuse('unknown_grid', { gridCode: m.grid_code });
  if (!ctx.knownWorker(m.by)) return refuse('unknown_worker');
  if (!(t <= ctx.nowMs + FUTURE_TOLERANCE_MS)) return refuse('future', { aheadS: Math.round((t - ctx.nowMs) / 1000) });
  const report: DailyReport = { gridCode: m.grid_code as GridCode, date: chinaDate(t), at: m.at, by: m.by, nothingToReport: m.result === 'nothing_to_report' };
  if (m.note !== undefined) report.note = m.note;
  return report;
}

function zeroCounts(): Record<PositionRejectCode, number> {
  const counts = {} as Record<PositionRejectCode, number>;
  for (const code of POSITION_REJECT_CODES) counts[code] = 0;
  return counts;
}

/** No workers seen, nothing refused. */
export function initialPatrolState(): PatrolState {
  return { tracks: emptyTrackStore(), latest: new Map(), rejected: [], rejectCounts: zeroCounts(), accepted: 0, visits: [], reports: [], revision: 0 };
}

/**
 * Applies position messages in arrival order: each is checked against the worker's latest fix
 * (including fixes accepted earlier in the same batch), then appended to the worker's track and
 * located as its latest fix, or counted and listed as a rejection. Returns `state` itself when
 * `messages` is empty. The positions-only case of patrolMessagesReceived.
 */
export function positionsReceived(state: PatrolState, messages: readonly PositionMessage[], ctx: PatrolContext): PatrolState {
  return patrolMessagesReceived(state, messages, ctx);
}

/** One worker's latest position as the map and the lists show it. */
export interface WorkerPositionView {
  workerId: string;
  /** The latest fix: place, time, unit, and speed / heading / accuracy when the sender gave them. */
  fix: Fix;
  /** The fix is older than STALE_AFTER_MS at `nowMs` (drawn grey). */
  stale: boolean;
  /**
   * The fix is not in the worker's own grid or a unit below it (or in no unit at all). False for
   * a worker whose own grid is unknown: nothing to be outside of.
   */
  outsideOwnGrid: boolean;
}

/**
 * Every worker's latest position at `nowMs` (epoch ms), sorted by worker id, with staleness and
 * whether they are outside their own grid.
 *
 * @param workerGrid a worker's own grid (Staff.gridCode), or null when unknown
 * @param isWithin whether `unit` is `grid` or lies below it in the hierarchy
 */
export function latestPositions(
  state: PatrolState,
  nowMs: number,
  workerGrid: (workerId: string) => GridCode | null,
  isWithin: (unit: GridCode, grid: GridCode) => boolean,
): WorkerPositionView[] {
  const out: WorkerPositionView[] = [];
  for (const [workerId, fix] of state.latest) {
    const own = workerGrid(workerId);
    const outsideOwnGrid = own !== null && (fix.unit === null || !isWithin(fix.unit, own));
    out.push({ workerId, fix, stale: nowMs - fix.t > STALE_AFTER_MS, outsideOwnGrid });
  }
  return out.sort((a, b) => (a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : 0));
}

/** Workers whose latest position is outside their own grid (the "who is outside" list), sorted by id. */
export function workersOutsideOwnGrid(
  state: PatrolState,
  nowMs: number,
  workerGrid: (workerId: string) => GridCode | null,
  isWithin: (unit: GridCode, grid: GridCode) => boolean,
): WorkerPositionView[] {
  return latestPositions(state, nowMs, workerGrid, isWithin).filter((v) => v.outsideOwnGrid);
}

/** What the store kept of the patrol state: fixes, explicit visits and daily reports. */
export interface RestoredPatrol {
  /** Every stored fix; any order (they are sorted per worker by time here). */
  fixes: readonly TrackFix[];
  visits: readonly ReportedVisit[];
  reports: readonly DailyReport[];
}

/**
 * The patrol data read back from the store at start, before any live message: fixes go into the
 * tracks (they were checked when they arrived, so they are not judged again), each worker's
 * newest fix becomes their latest, located by `locate`; visits and reports are kept. Rejection
 * counts start at zero: they were never stored. Returns `state` when nothing was stored.
 */
export function patrolRestored(state: PatrolState, restored: RestoredPatrol, locate: (lngLat: LngLat) => GridCode | null): PatrolState {
  if (restored.fixes.length === 0 && restored.visits.length === 0 && restored.reports.length === 0) return state;
  const sorted = restored.fixes.slice().sort((a, b) => (a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : a.t - b.t));
  // Tracks only grow forward: a stored fix at or before what the worker's track already holds
  // (a restore after the feed started, or a fix stored twice) is dropped, not inserted.
  const fixes: TrackFix[] = [];
  let lastT = -Infinity;
  let lastWorker: string | null = null;
  for (const f of sorted) {
    if (f.workerId !== lastWorker) {
      lastWorker = f.workerId;
      lastT = latestFix(state.tracks, f.workerId)?.t ?? -Infinity;
    }
    if (!(f.t > lastT)) continue;
    fixes.push(f);
    lastT = f.t;
  }
  const latest = new Map(state.latest);
  for (const f of fixes) {
    const have = latest.get(f.workerId);
    if (have === undefined || f.t > have.t) latest.set(f.workerId, { lngLat: [f.lon, f.lat], t: f.t, unit: locate([f.lon, f.lat]) });
  }
  return {
    ...state,
    tracks: appendFixes(state.tracks, fixes),
    latest,
    visits: [...restored.visits, ...state.visits],
    reports: [...restored.reports, ...state.reports],
    accepted: state.accepted + fixes.length,
    revision: state.revision + 1,
  };
}
