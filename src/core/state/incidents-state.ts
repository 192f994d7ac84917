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
import { applyIncidentAction, type IncidentAction, type WorkflowContext } from '../incidents/workflow';
import type { GridCode } from '../model';

/** How the list is narrowed. `status` 'open' = every open status. */
export interface IncidentFilter {
  status: 'open' | 'all' | IncidentStatus;
  kind: 'all' | CaseKind;
  source: 'all' | IncidentSource;
  overdueOnly: boolean;
  /** Only incidents in this unit or below it. */
  grid: GridCode | null;
}

export const DEFAULT_INCIDENT_FILTER: IncidentFilter = { status: 'open', kind: 'all', source: 'all', overdueOnly: false, grid: null };

/** What the operator sees of a feed's health. */
export type FeedConnection = 'live' | 'connecting' | 'reconnecting' | 'offline';

export interface FeedView {
  id: string;
  /** i18n key or a URL the operator configured. */
  label: string;
  connection: FeedConnection;
  ingest: FeedIngestState;
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
  feed: FeedView;
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
    feed: { id: 'demo', label: 'feed.demo', connection: 'offline', ingest: initialIngestState() },
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
  /** Accepted position messages, for the worker layer (issue: patrol coverage). */
  positions: FeedMessage[];
}

const knownCategory = (code: string): boolean => isKnownCategory(code);

/**
 * Applies a batch of raw feed messages: each is ingested (validated, de-duplicated, ordered by
 * version), accepted incident messages create or update incidents (location → unit by `locate`).
 * An update the workflow refuses (e.g. an older version slipped past) is counted as stale.
 */
export function feedBatchReceived(state: IncidentsState, batch: readonly ReceivedMessage[], locate: Locate): BatchOutcome {
  let ingest = state.feed.ingest;
  let byId: Map<string, Incident> | null = null;
  const changed = new Map<string, Incident>();
  const urgent: Incident[] = [];
  const positions: FeedMessage[] = [];
  const recent = [...state.recent];
  for (const { raw, receivedAt } of batch) {
    const step = ingestMessage(ingest, raw, receivedAt, knownCategory);
    ingest = step.state;
    if (step.outcome.kind !== 'accepted') continue;
    const message = step.outcome.message;
    if (message.kind === 'position') {
      positions.push(message);
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
  const feed = { ...state.feed, ingest, connection: 'live' as const };
  if (!byId) return { incidents: { ...state, feed }, changed: [], urgent, positions };
  return {
    incidents: { ...state, feed, byId, revision: state.revision + 1, recent: recent.slice(-RECENT_KEPT), lastChanged: [...changed.keys()] },
    changed: [...changed.values()],
    urgent,
    positions,
  };
}

/** Incidents read back from the store at start (they replace nothing newer already in memory). */
export function incidentsRestored(state: IncidentsState, incidents: readonly Incident[], ingest: FeedIngestState | null): IncidentsState {
  const byId = new Map(state.byId);
  for (const incident of incidents) {
    const mine = byId.get(incident.id);
    if (!mine || mine.version < incident.version || mine.history.length < incident.history.length) byId.set(incident.id, incident);
  }
  // Restored rows are in the store already: nothing to write back.
  return { ...state, byId, revision: state.revision + 1, lastChanged: [], feed: ingest ? { ...state.feed, ingest } : state.feed };
}

/** An operator action on one incident; a refused one leaves everything as it was and says why. */
export function incidentActed(
  state: IncidentsState,
  id: string,
  action: IncidentAction,
  ctx: WorkflowContext,
): { incidents: IncidentsState; result: { ok: true; incident: Incident } | { ok: false; reason: string } } {
  const incident = state.byId.get(id);
  if (!incident) return { incidents: state, result: { ok: false, reason: `there is no incident ${id}` } };
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

export function feedConnectionChanged(state: IncidentsState, connection: FeedConnection, label?: string): IncidentsState {
  if (state.feed.connection === connection && (label === undefined || label === state.feed.label)) return state;
  return { ...state, feed: { ...state.feed, connection, ...(label !== undefined ? { label } : {}) } };
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
