import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../demo';
import { demoFeedMessages } from './demo-feed';
import { demoOperatorStep } from './demo-operator';
import { applyIncidentMessage } from './incident-from-feed';
import { createIncidentLocator } from './locate';
import type { Incident } from './model';
import { applyIncidentAction, workflowContextFromGrids } from './workflow';
import type { IncidentMessage } from '../feed/protocol';

const district = generateDemoDistrict();
const locate = createIncidentLocator(district);
const ctx = workflowContextFromGrids(district.grids);

function demoIncidents(): Incident[] {
  const messages = demoFeedMessages(district, { seed: 7, start: '2026-11-22T00:00:00+08:00', hours: 12, positionsEverySeconds: 0, incidentsPerHour: 20 });
  const byId = new Map<string, Incident>();
  for (const m of messages) {
    if (m.kind !== 'incident') continue;
    const r = applyIncidentMessage(byId.get(m.id), m as IncidentMessage, { locate });
    if (r.ok) byId.set(m.id, r.incident);
  }
  return [...byId.values()];
}

/** Applies steps until none is due by `now`. */
function advance(incident: Incident, now: string): Incident {
  let current = incident;
  for (let guard = 0; guard < 50; guard++) {
    const action = demoOperatorStep(current, now);
    if (!action) return current;
    const r = applyIncidentAction(current, action, { ...ctx, now });
    if (!r.ok) throw new Error(`${current.id} ${action.type}: ${r.reason}`);
    current = r.incident;
  }
  throw new Error('did not settle');
}

describe('demoOperatorStep', () => {
  it('only ever proposes allowed actions, and gives a mix of statuses by evening', () => {
    const incidents = demoIncidents().map((i) => advance(i, '2026-11-22T18:00:00+08:00'));
    const byStatus = new Map<string, number>();
    for (const i of incidents) byStatus.set(i.status, (byStatus.get(i.status) ?? 0) + 1);
    expect(byStatus.get('closed') ?? 0).toBeGreaterThan(0);
    expect(incidents.some((i) => i.status !== 'closed')).toBe(true);
  });

  it('is deterministic and never acts before its time', () => {
    const [first] = demoIncidents();
    expect(demoOperatorStep(first, first.reportedAt)).toBeNull();
    const a = advance(first, '2026-11-22T23:00:00+08:00');
    const b = advance(first, '2026-11-22T23:00:00+08:00');
    expect(a).toEqual(b);
  });
});
