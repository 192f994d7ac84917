/**
 * From a validated feed message (feed/protocol.ts IncidentMessage) to an Incident: the
 * "normalise" step of the live flow (ARCHITECTURE.md): coordinates to WGS-84, grid assigned by an
 * injected locator (the allocation engine's point-in-polygon, so this module stays free of
 * geometry indexes), defaults filled in from the classification.
 */
import { convertLngLat } from '../crs';
import type { IncidentMessage } from '../feed/protocol';
import type { GridCode, LngLat } from '../model';
import { caseClass } from './classes';
import { deadlineFor } from './deadlines';
import type { Incident, IncidentSource } from './model';
import { updateFromFeed, type FeedUpdate, type WorkflowResult } from './workflow';

/** Finds the leaf grid unit (micro-grid or dedicated grid) holding a WGS-84 point; null outside every grid. */
export type Locate = (lngLat: LngLat) => GridCode | null;

export interface FromFeedOptions {
  locate: Locate;
}

/**
 * A message without a `source` is taken as a referral from another system (the feed is another
 * platform: 12345, 数字城管), hence 'department'.
 */
export const DEFAULT_FEED_SOURCE: IncidentSource = 'department';

/** Who feed-made steps are attributed to. */
export const FEED_ACTOR = 'feed';

/** The message's lon/lat in WGS-84 (CRS absent means wgs84). */
export function messageLocation(message: Pick<IncidentMessage, 'lon' | 'lat' | 'crs'>): LngLat {
  return convertLngLat([message.lon, message.lat], message.crs ?? 'wgs84', 'wgs84');
}

/**
 * A new Incident from a validated message. Status is the message's or 'collected'; priority the
 * message's, else the class's default, else 3 (normal). A case that arrives already past
 * registration gets its deadline from the class rule counted from the message time, and one that
 * arrives closed gets closedAt = the message time. Its history starts with a 'collected' step by
 * {@link FEED_ACTOR}.
 */
export function incidentFromMessage(message: IncidentMessage, options: FromFeedOptions): Incident {
  const location = messageLocation(message);
  const status = message.status ?? 'collected';
  const priority = message.priority ?? caseClass(message.category)?.defaultPriority ?? 3;
  const source = message.source ?? DEFAULT_FEED_SOURCE;
  const pastRegistration = status !== 'collected' && status !== 'rejected';
  const closed = status === 'closed' || status === 'evaluated';
  const note = status === 'collected' ? `from ${source}` : `from ${source}; status ${status} as sent`;
  return {
    id: message.id,
    version: message.version,
    source,
    category: message.category,
    title: message.title,
    description: message.description ?? '',
    location,
    reportedAt: message.at,
    priority,
    gridCode: options.locate(location),
    status,
    assignee: null,
    escalation: 'micro_grid',
    deadline: pastRegistration ? deadlineFor(message.category, priority, message.at) : null,
    closedAt: closed ? message.at : null,
    reworks: 0,
    extensions: 0,
    whistle: null,
    score: null,
    history: [{ kind: 'collected', at: message.at, by: FEED_ACTOR, note }],
  };
}

/** The update a later message carries, normalised (location converted and located). */
export function feedUpdateFromMessage(message: IncidentMessage, options: FromFeedOptions): FeedUpdate {
  const location = messageLocation(message);
  const update: FeedUpdate = {
    version: message.version,
    at: message.at,
    by: FEED_ACTOR,
    title: message.title,
    category: message.category,
    location,
    gridCode: options.locate(location),
  };
  if (message.description !== undefined) update.description = message.description;
  if (message.priority !== undefined) update.priority = message.priority;
  if (message.status !== undefined) update.status = message.status;
  return update;
}

/**
 * Applies an accepted message to the incident it concerns: a new Incident when there is none
 * yet, else {@link updateFromFeed} (which refuses a version not newer than the one held).
 */
export function applyIncidentMessage(existing: Incident | undefined, message: IncidentMessage, options: FromFeedOptions): WorkflowResult {
  if (existing === undefined) return { ok: true, incident: incidentFromMessage(message, options) };
  if (existing.id !== message.id) return { ok: false, code: 'unknown_action', params: { value: message.id }, reason: `message for incident ${message.id} applied to incident ${existing.id}` };
  return updateFromFeed(existing, feedUpdateFromMessage(message, options));
}
