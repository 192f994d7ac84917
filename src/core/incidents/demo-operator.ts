/**
 * The demo district's simulated duty operators: for a demo incident, the next workflow action a
 * centre would have taken by `now` (register a few minutes after the report, dispatch, accept,
 * handle mostly within the deadline, verify, now and then reject a duplicate or send a case back
 * for rework). Deterministic per incident and step, so a reload replays the same history. Only
 * `npm start`'s demo uses it; it goes through the same workflow updaters an operator's click does.
 */
import { HOUR_MS, parseIso, formatIso, offsetMinutesOf } from './time';
import type { Incident } from './model';
import type { IncidentAction } from './workflow';
import { allowedActions } from './workflow';

/** Who the simulated steps are attributed to. */
export const DEMO_OPERATOR = '演示值班员';

const MINUTE_MS = 60_000;

/** A number in [0, 1) from a string (FNV-1a), stable across runs. */
function unit(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

const between = (u: number, lo: number, hi: number): number => lo + u * (hi - lo);

/**
 * The next action for `incident` if it is due by `nowIso`, else null. Only actions the workflow
 * allows from the current status are returned.
 */
export function demoOperatorStep(incident: Incident, nowIso: string): IncidentAction | null {
  const now = parseIso(nowIso);
  const last = incident.history[incident.history.length - 1];
  const lastMs = last ? parseIso(last.at) : parseIso(incident.reportedAt);
  if (now === null || lastMs === null) return null;
  const u = unit(`${incident.id}#${incident.history.length}`);
  const allowed = new Set(allowedActions(incident));
  const offset = offsetMinutesOf(incident.reportedAt) ?? 480;
  const at = (delayMs: number): string | null => (lastMs + delayMs <= now ? formatIso(lastMs + delayMs, offset) : null);
  const by = DEMO_OPERATOR;
  switch (incident.status) {
    case 'collected': {
      const when = at(between(u, 3, 12) * MINUTE_MS);
      if (!when) return null;
      if (u < 0.04 && allowed.has('reject')) return { type: 'reject', by, at: when, note: '重复上报，已合并' };
      return allowed.has('register') ? { type: 'register', by, at: when } : null;
    }
    case 'registered': {
      const when = at(between(u, 5, 15) * MINUTE_MS);
      return when && allowed.has('dispatch') ? { type: 'dispatch', by, at: when } : null;
    }
    case 'dispatched': {
      const when = at(between(u, 8, 30) * MINUTE_MS);
      return when && allowed.has('accept') ? { type: 'accept', by: '网格员', at: when } : null;
    }
    case 'handling': {
      // Most cases are handled well within the deadline; about one in seven runs late.
      const deadline = incident.deadline ? parseIso(incident.deadline) : null;
      const allowedMs = deadline !== null ? Math.max(HOUR_MS / 2, deadline - lastMs) : 24 * HOUR_MS;
      const share = u < 0.14 ? between(u / 0.14, 1.1, 1.6) : between((u - 0.14) / 0.86, 0.2, 0.85);
      const when = at(allowedMs * share);
      return when && allowed.has('mark_handled') ? { type: 'mark_handled', by: '网格员', at: when, note: '已现场处置' } : null;
    }
    case 'handled': {
      const when = at(between(u, 20, 60) * MINUTE_MS);
      if (!when) return null;
      if (u < 0.06 && incident.reworks === 0 && allowed.has('rework')) return { type: 'rework', by, at: when, note: '核查未通过，需返工' };
      return allowed.has('verify') ? { type: 'verify', by, at: when, passed: true } : null;
    }
    default:
      return null;
  }
}
