/**
 * Handling deadlines (处置时限): when a case must be done, and where it stands against that.
 * The hours come from the class's rule (classes.ts); see DEADLINE_PROFILES for their origin.
 */
import { caseClass, FALLBACK_DEADLINE_HOURS } from './classes';
import type { Incident, IncidentPriority } from './model';
import { addHours, HOUR_MS, parseIso } from './time';

/** Where a case stands against its deadline. */
export type DeadlineState = 'none' | 'on_time' | 'near_due' | 'overdue';

/** A case is near due when less than this share of its allowed time is left… */
export const NEAR_DUE_FRACTION = 0.2;
/** …or less than this many hours, whichever is larger. */
export const NEAR_DUE_MIN_HOURS = 1;

/** Hours allowed for `category` at `priority`; an unknown category gets FALLBACK_DEADLINE_HOURS. */
export function deadlineHoursFor(category: string, priority: IncidentPriority): number {
  return (caseClass(category)?.deadlineHours ?? FALLBACK_DEADLINE_HOURS)[priority];
}

/**
 * The deadline of a case of `category` at `priority` registered at `registeredAt` (ISO with
 * offset), written in the same offset. An unknown category gets the fallback rule rather than no
 * deadline, so a case from a feed with a local code is still watched. Null when `registeredAt` is
 * not a valid time.
 *
 * @example deadlineFor('E0101', 3, '2024-05-01T08:00:00+08:00') === '2024-05-04T08:00:00+08:00'
 */
export function deadlineFor(category: string, priority: IncidentPriority, registeredAt: string): string | null {
  return addHours(registeredAt, deadlineHoursFor(category, priority));
}

/**
 * When the case was registered: the last 'registered' step; for a case that arrived already past
 * registration (a feed status), its report time; null while collected or when rejected.
 */
export function registeredAtOf(incident: Incident): string | null {
  for (let i = incident.history.length - 1; i >= 0; i--) {
    if (incident.history[i].kind === 'registered') return incident.history[i].at;
  }
  if (incident.status === 'collected' || incident.status === 'rejected') return null;
  return incident.reportedAt;
}

/**
 * Where `incident` stands at `nowIso` against its deadline:
 * - 'none': no deadline (not registered, rejected, or a time that cannot be read);
 * - open cases: 'overdue' once now is past the deadline; 'near_due' when less than
 *   {@link NEAR_DUE_FRACTION} of the allowed time (registration to deadline) or
 *   {@link NEAR_DUE_MIN_HOURS} hour is left, whichever is larger; else 'on_time';
 * - closed and evaluated cases: whether they closed on time ('on_time' or 'overdue'), whatever
 *   the clock says now.
 */
export function deadlineState(incident: Incident, nowIso: string): DeadlineState {
  if (incident.deadline === null || incident.status === 'rejected') return 'none';
  const due = parseIso(incident.deadline);
  if (due === null) return 'none';
  if (incident.status === 'closed' || incident.status === 'evaluated') {
    const closed = incident.closedAt === null ? null : parseIso(incident.closedAt);
    if (closed === null) return 'none';
    return closed <= due ? 'on_time' : 'overdue';
  }
  const now = parseIso(nowIso);
  if (now === null) return 'none';
  if (now > due) return 'overdue';
  const registeredIso = registeredAtOf(incident);
  const registered = registeredIso === null ? null : parseIso(registeredIso);
  const allowed = registered === null ? 0 : Math.max(0, due - registered);
  const margin = Math.max(NEAR_DUE_FRACTION * allowed, NEAR_DUE_MIN_HOURS * HOUR_MS);
  return due - now < margin ? 'near_due' : 'on_time';
}

/**
 * Whether the deadline was missed as of `nowIso`: an open case past its deadline, or a closed
 * one that closed after it (see {@link deadlineState}).
 */
export function isOverdue(incident: Incident, nowIso: string): boolean {
  return deadlineState(incident, nowIso) === 'overdue';
}
