/**
 * The live incidents of the operator window: what the feed brought (through ingest), what
 * operators did (through the workflow updaters), the list's filter and the selection. Feed
 * messages arrive in batches (one per animation frame or timer tick), so the map of incidents is
 * copied once per batch, not once per message.
 */
import { initialIngestState, ingestMessage, type FeedIngestState } from '../feed/ingest';
import type { FeedMessage } from '../feed/protocol';
import { deadlineState } from '../incidents/deadlines';
import { applyIncidentMessage } from '../incidents/incident-from-feed';
import type { Locate } from '../incidents/incident-from-feed';
import { isKnownCategory, caseClass } from '../incidents/classes';
import { OPEN_STATUSES, type CaseKind, type Incident, type IncidentSource, type IncidentStatus } from '../incidents/model';
import { applyIncidentAction, type IncidentAction, type WorkflowContext, type WorkflowResult } from '../incidents/workflow';
import type { GridCode } from '../model';

/** How the list is narrowed. `status` 'open' = every open status. */
export interface IncidentFilter {
  status: 'open' | 'all' | IncidentStatus;
  kind: 'all' | CaseKind;
  source: 'all' | IncidentSource;
  overdueOnly: boolean;
  /** Only incidents in this unit or below it. */
  grid: GridCode | null;
  /**
   * Only this class: a full category code ('0101', 'E0301') or a major category's prefix ('01',
   * 'E03'); null for every class. Set by the dashboard's drill-down.
   */
  category: string | null;
  /** Only incidents now with this department (by id); null for any holder. */
  department: string | null;
  /** Only incidents reported in [from, to) (ISO with offset); null for any time. */
  reported: { from: string; to: string } | null;
}

export const DEFAULT_INCIDENT_FILTER: IncidentFilter = {
  status: 'open',
  kind: 'all',
  source: 'all',
  overdueOnly: false,
  grid: null,
  category: null,
  department: null,
  reported: null,
};

/** What the operator sees of a feed's health. */
export type FeedConnection = 'live' | 'connecting' | 'reconnecting' | 'offline';

/** How a feed reaches the app. */
export type FeedKind = 'demo' | 'websocket' | 'http-poll' | 'mqtt' | 'file';

/** Accepted messages in one second (for the rate shown per feed). */
export interface FeedRateBucket {
  second: number;
  count: number;
}

export interface FeedView {
  id: string;
  kind: FeedKind;
  /** i18n key or a URL the operator configured. */
  label: string;
  connection: FeedConnection;
  ingest: FeedIngestState;
  /** Reconnect attempts since the last stable connection (0 while healthy). */
  attempt: number;
  /** When the next connect is due (epoch ms), while reconnecting. */
  nextTryAt: number | null;
  /** Why the last connection failed or closed (English from the transport), null when none. */
  lastError: string | null;
  /** Connections that opened after the first. */
  reconnects: number;
  /** Accepted messages per second over the last minute. */
  rate: readonly FeedRateBucket[];
}

/** What a connector reports of its connection (anything left out stays as it was). */
export interface FeedStatusPatch {
  connection?: FeedConnection;
  label?: string;
  kind?: FeedKind;
  attempt?: number;
  nextTryAt?: number | null;
  lastError?: string | null;
  reconnects?: number;
}

/** The window of a feed's rate (seconds). */
export const FEED_RATE_WINDOW_S = 60;

/** The built-in demo feed's id. */
export const DEMO_FEED_ID = 'demo';

export function initialFeedView(id: string, kind: FeedKind, label: string): FeedView {
  return { id, kind, label, connection: 'offline', ingest: initialIngestState(), attempt: 0, nextTryAt: null, lastError: null, reconnects: 0, rate: [] };
}

export interface IncidentsState {
  byId: ReadonlyMap<string, Incident>;
  /** Bumped on every change of byId, for memoised views. */
  revision: number;
  selectedId: string | null;
  /** Bumped when the map should fly to the selected incident. */
  flyToken: number;
  filter: IncidentFilter;
  /** The clock deadlines are judged by (ISO); ticked by the renderer. */
  now: string;
  /** Every feed by id, in the order they were added (the demo feed first). */
  feeds: Readonly<Record<string, FeedView>>;
  /** Ids of incidents first seen in the last batches, newest last (for the pulse and toasts). */
  recent: readonly string[];
  /** Ids the last change (batch, action, restore) touched: what the store must write for `revision`. */
  lastChanged: readonly string[];
}

/** Incidents that pulse on the map as new: the last this many. */
export const RECENT_KEPT = 20;

export function initialIncidentsState(now: string): IncidentsState {
  return {
    byId: new Map(),
    revision: 0,
    selectedId: null,
    flyToken: 0,
    filter: DEFAULT_INCIDENT_FILTER,
    now,
    feeds: { [DEMO_FEED_ID]: initialFeedView(DEMO_FEED_ID, 'demo', 'feed.demo') },
    recent: [],
    lastChanged: [],
  };
}

/** One raw message as received (the text of a frame or line, or a parsed value). */
export interface ReceivedMessage {
  raw: unknown;
  receivedAt: string;
}

export interface BatchOutcome {
  incidents: IncidentsState;
  /** Incidents added or changed by the batch (to persist). */
  changed: Incident[];
  /** New urgent incidents (priority 1), for notifications. */
  urgent: Incident[];
  /** Accepted patrol messages (positions, visits, daily reports) in arrival order, for the patrol state. */
  patrol: FeedMessage[];
}

const knownCategory = (code: string): boolean => isKnownCategory(code);

/**
 * Applies a batch of raw feed messages: each is ingested (validated, de-duplicated, ordered by
 * version), accepted incident messages create or update incidents (location → unit by `locate`).
 * An update the workflow refuses (e.g. an older version slipped past) is counted as stale.
 */
export function feedBatchReceived(state: IncidentsState, batch: readonly ReceivedMessage[], locate: Locate, feedId: string = DEMO_FEED_ID): BatchOutcome {
  const before = state.feeds[feedId] ?? initialFeedView(feedId, 'file', feedId);
  let ingest = before.ingest;
  const acceptedBefore = ingest.counts.accepted;
  let byId: Map<string, Incident> | null = null;
  const changed = new Map<string, Incident>();
  const urgent: Incident[] = [];
  const patrol: FeedMessage[] = [];
  const recent = [...state.recent];
  for (const { raw, receivedAt } of batch) {
    const step = ingestMessage(ingest, raw, receivedAt, knownCategory);
    ingest = step.state;
    if (step.outcome.kind !== 'accepted') continue;
    const message = step.outcome.message;
    if (message.kind === 'position' || message.kind === 'visit' || message.kind === 'report') {
      patrol.push(message);
      continue;
    }
    if (message.kind !== 'incident') continue;
    byId ??= new Map(state.byId);
    const existing = byId.get(message.id);
    const applied = applyIncidentMessage(existing, message, { locate });
    if (!applied.ok) continue;
    byId.set(message.id, applied.incident);
    changed.set(message.id, applied.incident);
    if (!existing) {
      recent.push(message.id);
      if (applied.incident.priority === 1) urgent.push(applied.incident);
    }
  }
  const lastAt = batch.length > 0 ? Date.parse(batch[batch.length - 1].receivedAt) : NaN;
  const rate = Number.isFinite(lastAt) ? countRate(before.rate, lastAt, ingest.counts.accepted - acceptedBefore) : before.rate;
  const feeds = { ...state.feeds, [feedId]: { ...before, ingest, rate, connection: 'live' as const } };
  if (!byId) return { incidents: { ...state, feeds }, changed: [], urgent, patrol };
  return {
    incidents: { ...state, feeds, byId, revision: state.revision + 1, recent: recent.slice(-RECENT_KEPT), lastChanged: [...changed.keys()] },
    changed: [...changed.values()],
    urgent,
    patrol,
  };
}

/** Adds `count` accepted messages at `atMs` to the per-second buckets, dropping those out of the window. */
function countRate(rate: readonly FeedRateBucket[], atMs: number, count: number): readonly FeedRateBucket[] {
  const second = Math.floor(atMs / 1000);
  const kept = rate.filter((b) => b.second > second - FEED_RATE_WINDOW_S);
  if (count <= 0) return kept.length === rate.length ? rate : kept;
  const last = kept[kept.length - 1];
  if (last && last.second === second) return [...kept.slice(0, -1), { second, count: last.count + count }];
  return [...kept, { second, count }];
}

/** Accepted messages of `feed` in the minute before `nowMs`. */
export function feedRatePerMinute(feed: FeedView, nowMs: number): number {
  const windowStart = Math.floor(nowMs / 1000) - FEED_RATE_WINDOW_S;
  let n = 0;
  for (const b of feed.rate) if (b.second > windowStart) n += b.count;
  return n;
}

/** A feed's ingest state read back from the store. */
export interface RestoredFeed {
  id: string;
  ingest: FeedIngestState;
}

/**
 * Incidents read back from the store at start (they replace nothing newer already in memory),
 * with each feed's resume point. A stored feed not configured any more is kept (offline) so its
 * resume point survives until the operator removes it.
 */
export function incidentsRestored(state: IncidentsState, incidents: readonly Incident[], restoredFeeds: readonly RestoredFeed[]): IncidentsState {
  const byId = new Map(state.byId);
  for (const incident of incidents) {
    const mine = byId.get(incident.id);
    if (!mine || mine.version < incident.version || mine.history.length < incident.history.length) byId.set(incident.id, incident);
  }
  // Restored rows are in the store already: nothing to write back.
  let feeds = state.feeds;
  for (const { id, ingest } of restoredFeeds) {
    const mine = feeds[id] ?? initialFeedView(id, 'file', id);
    // A feed that already moved on in memory keeps its newer state.
    if (mine.ingest.counts.received > 0) continue;
    feeds = { ...feeds, [id]: { ...mine, ingest } };
  }
  return { ...state, byId, revision: state.revision + 1, lastChanged: [], feeds };
}

/** An operator action on one incident; a refused one leaves everything as it was and says why. */
export function incidentActed(
  state: IncidentsState,
  id: string,
  action: IncidentAction,
  ctx: WorkflowContext,
): { incidents: IncidentsState; result: WorkflowResult } {
  const incident = state.byId.get(id);
  if (!incident) return { incidents: state, result: { ok: false, code: 'no_incident', params: { id }, reason: `there is no incident ${id}` } };
  const result = applyIncidentAction(incident, action, ctx);
  if (!result.ok) return { incidents: state, result };
  const byId = new Map(state.byId);
  byId.set(id, result.incident);
  return { incidents: { ...state, byId, revision: state.revision + 1, lastChanged: [id] }, result };
}

export function incidentSelected(state: IncidentsState, id: string | null, fly = false): IncidentsState {
  if (id !== null && !state.byId.has(id)) return state;
  if (state.selectedId === id && !fly) return state;
  return { ...state, selectedId: id, flyToken: fly && id !== null ? state.flyToken + 1 : state.flyToken };
}

export function incidentFilterChanged(state: IncidentsState, patch: Partial<IncidentFilter>): IncidentsState {
  const filter = { ...state.filter, ...patch };
  const same = (Object.keys(filter) as (keyof IncidentFilter)[]).every((k) => filter[k] === state.filter[k]);
  return same ? state : { ...state, filter };
}

export function incidentClockTicked(state: IncidentsState, now: string): IncidentsState {
  return state.now === now ? state : { ...state, now };
}

/** A connector's report on its connection; adds the feed when it is new. */
export function feedStatusChanged(state: IncidentsState, feedId: string, patch: FeedStatusPatch): IncidentsState {
  const before = state.feeds[feedId];
  const base = before ?? initialFeedView(feedId, patch.kind ?? 'file', patch.label ?? feedId);
  const next: FeedView = { ...base };
  for (const key of Object.keys(patch) as (keyof FeedStatusPatch)[]) {
    if (patch[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = patch[key];
  }
  if (before && (Object.keys(patch) as (keyof FeedStatusPatch)[]).every((k) => patch[k] === undefined || patch[k] === before[k])) return state;
  return { ...state, feeds: { ...state.feeds, [feedId]: next } };
}

/** The operator removed a feed: it goes from the view (its incidents stay). The demo feed stays. */
export function feedRemoved(state: IncidentsState, feedId: string): IncidentsState {
  if (feedId === DEMO_FEED_ID || !(feedId in state.feeds)) return state;
  const feeds = { ...state.feeds };
  delete feeds[feedId];
  return { ...state, feeds };
}

// ---------------------------------------------------------------------------------------------
// Views (pure, for the list, the map and the counts)

/** Whether `code` is `ancestor` or lies below it (by the parent chain). */
function within(code: GridCode | null, ancestor: GridCode, parentOf: (c: GridCode) => GridCode | null): boolean {
  for (let c = code; c !== null; c = parentOf(c)) if (c === ancestor) return true;
  return false;
}

export function incidentMatches(incident: Incident, filter: IncidentFilter, now: string, parentOf: (c: GridCode) => GridCode | null): boolean {
  if (filter.status === 'open' ? !OPEN_STATUSES.includes(incident.status) : filter.status !== 'all' && incident.status !== filter.status) return false;
  if (filter.kind !== 'all' && caseClass(incident.category)?.kind !== filter.kind) return false;
  if (filter.source !== 'all' && incident.source !== filter.source) return false;
  if (filter.overdueOnly && deadlineState(incident, now) !== 'overdue') return false;
  if (filter.grid !== null && !within(incident.gridCode, filter.grid, parentOf)) return false;
  if (filter.category !== null && !incident.category.startsWith(filter.category)) return false;
  if (filter.department !== null && !(incident.assignee?.kind === 'department' && incident.assignee.id === filter.department)) return false;
  if (filter.reported !== null) {
    const at = Date.parse(incident.reportedAt);
    if (!(at >= Date.parse(filter.reported.from) && at < Date.parse(filter.reported.to))) return false;
  }
  return true;
}

/** The list: matching incidents, overdue first, then by priority, then newest first. */
export function incidentList(state: IncidentsState, parentOf: (c: GridCode) => GridCode | null): Incident[] {
  const rank = { overdue: 0, near_due: 1, on_time: 2, none: 3 } as const;
  const rows = [...state.byId.values()].filter((i) => incidentMatches(i, state.filter, state.now, parentOf));
  const keyed = rows.map((incident) => ({ incident, due: rank[deadlineState(incident, state.now)] }));
  keyed.sort(
    (a, b) =>
      a.due - b.due ||
      a.incident.priority - b.incident.priority ||
      (a.incident.reportedAt < b.incident.reportedAt ? 1 : a.incident.reportedAt > b.incident.reportedAt ? -1 : 0) ||
      (a.incident.id < b.incident.id ? -1 : 1),
  );
  return keyed.map((k) => k.incident);
}

/** Open and overdue counts, for the live strip and the tab badge. */
export function incidentCounts(state: IncidentsState): { open: number; overdue: number; urgent: number } {
  let open = 0;
  let overdue = 0;
  let urgent = 0;
  for (const i of state.byId.values()) {
    if (!OPEN_STATUSES.includes(i.status)) continue;
    open++;
    if (i.priority === 1) urgent++;
    if (deadlineState(i, state.now) === 'overdue') overdue++;
  }
  return { open, overdue, urgent };
}

/** Open incidents per unit code they stand in (micro-grid or dedicated grid), for the map's choropleth. */
export function openIncidentsByGrid(incidents: Iterable<Incident>): Map<GridCode, number> {
  const counts = new Map<GridCode, number>();
  for (const i of incidents) {
    if (i.gridCode === null || !OPEN_STATUSES.includes(i.status)) continue;
    counts.set(i.gridCode, (counts.get(i.gridCode) ?? 0) + 1);
  }
  return counts;
}
