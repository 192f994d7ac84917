import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES, type Incident } from '@core/incidents/model';
import { makeIncident } from '@core/incidents/test-support';
import { EMPTY_INCIDENTS, IncidentLayerBuilder, IncidentProjector, incidentDiff, incidentFeatures, type IncidentCollection, type IncidentDiff } from './incident-features';

/** What MapLibre does with a diff (remove, then add: an added id that exists replaces it in place). */
function applyDiff(base: IncidentCollection, diff: IncidentDiff): IncidentCollection {
  const byId = new Map(base.features.map((f) => [f.properties.id, f]));
  for (const id of diff.remove) byId.delete(id);
  for (const f of diff.add) byId.set(f.properties.id, f);
  return { type: 'FeatureCollection', features: [...byId.values()] };
}

const byIdOf = (c: IncidentCollection) => new Map(c.features.map((f) => [f.properties.id, f]));

const HOURS = ['2024-05-01T09:00:00+08:00', '2024-05-01T12:00:00+08:00', '2024-05-01T20:00:00+08:00', '2024-05-02T09:00:00+08:00'];

type Op =
  | { op: 'upsert'; id: number; status: number; lng: number; priority: 1 | 2 | 3; deadlineHour: number | null }
  | { op: 'touch'; id: number }
  | { op: 'delete'; id: number }
  | { op: 'clock'; hour: number }
  | { op: 'recent'; ids: number[] }
  | { op: 'reset' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('upsert' as const),
    id: fc.integer({ min: 0, max: 12 }),
    status: fc.integer({ min: 0, max: INCIDENT_STATUSES.length - 1 }),
    lng: fc.constantFrom(113.6, 113.61, Number.NaN),
    priority: fc.constantFrom(1 as const, 2 as const, 3 as const),
    deadlineHour: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  }),
  fc.record({ op: fc.constant('touch' as const), id: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ op: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ op: fc.constant('clock' as const), hour: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant('recent' as const), ids: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 4 }) }),
  fc.constant({ op: 'reset' as const }),
);

describe('IncidentLayerBuilder against a whole rebuild', () => {
  it('after any sequence of changes, base + diff equals the collection built from scratch, and fc equals it too', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(opArb, fc.boolean()), { minLength: 1, maxLength: 40 }), (steps) => {
        const builder = new IncidentLayerBuilder();
        let incidents = new Map<string, Incident>();
        let now = HOURS[0];
        let recent: string[] = [];
        let shown: IncidentCollection = EMPTY_INCIDENTS;
        for (const [o, send] of steps) {
          if (o.op === 'upsert') {
            const id = `I-${o.id}`;
            incidents = new Map(incidents).set(
              id,
              makeIncident({
                id,
                status: INCIDENT_STATUSES[o.status],
                location: [o.lng, 34.75],
                priority: o.priority,
                deadline: o.deadlineHour === null ? null : HOURS[o.deadlineHour],
                history: [
                  { kind: 'collected', at: '2024-05-01T08:00:00+08:00', by: 'feed' },
                  { kind: 'registered', at: '2024-05-01T08:10:00+08:00', by: 'op' },
                ],
              }),
            );
          } else if (o.op === 'touch') {
            // The same content as a new object (a workflow step that changed nothing drawn).
            const i = incidents.get(`I-${o.id}`);
            if (i) incidents = new Map(incidents).set(i.id, { ...i, title: `${i.title}!` });
          } else if (o.op === 'delete') {
            incidents = new Map(incidents);
            incidents.delete(`I-${o.id}`);
          } else if (o.op === 'clock') now = HOURS[o.hour];
          else if (o.op === 'recent') recent = o.ids.map((n) => `I-${n}`);
          else incidents = new Map();

          const next = builder.next(incidents, now, recent);
          const whole = incidentFeatures(incidents.values(), now, new Set(recent));
          // The kept-up collection is the whole rebuild (same features, same props)...
          expect(byIdOf(next)).toEqual(byIdOf(whole));
          // ...and a map showing an earlier one (updates may be skipped while one is in flight)
          // reaches it, in the same order, by the diff alone; the diff holds only changed cases.
          if (next !== shown && send) {
            const diff = incidentDiff(shown, next);
            expect(applyDiff(shown, diff).features).toEqual(next.features);
            const before = byIdOf(shown);
            for (const f of diff.add) expect(before.get(f.properties.id)).not.toEqual(f);
            shown = next;
          }
        }
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });

  it('returns the same collection when nothing drawn changed, and the diff names only the changed case', () => {
    const builder = new IncidentLayerBuilder();
    const a = makeIncident({ id: 'A' });
    const b = makeIncident({ id: 'B', location: [113.7, 34.8] });
    const first = builder.next(new Map([['A', a], ['B', b]]), HOURS[0], []);
    expect(incidentDiff(EMPTY_INCIDENTS, first).add.map((f) => f.properties.id)).toEqual(['A', 'B']);
    // A new object with the same drawn content: same collection, nothing to send.
    expect(builder.next(new Map([['A', { ...a, title: 'x' }], ['B', b]]), HOURS[0], [])).toBe(first);
    const handled = builder.next(new Map([['A', a], ['B', { ...b, status: 'dispatched' }]]), HOURS[0], []);
    expect(incidentDiff(first, handled)).toEqual({ add: [expect.objectContaining({ properties: expect.objectContaining({ id: 'B', status: 'dispatched' }) })], remove: [] });
    // Order stays first-seen (the newest last), which the pulse relies on.
    expect(handled.features.map((f) => f.properties.id)).toEqual(['A', 'B']);
    const closed = builder.next(new Map([['A', { ...a, status: 'closed' }], ['B', { ...b, status: 'dispatched' }]]), HOURS[0], []);
    expect(incidentDiff(handled, closed)).toEqual({ add: [], remove: ['A'] });
  });
});

describe('IncidentProjector', () => {
  const shift = (p: [number, number]): [number, number] => [p[0] + 0.01, p[1] + 0.001];

  it('passes collections through without conversion, and converts each feature once with one', () => {
    const builder = new IncidentLayerBuilder();
    const projector = new IncidentProjector();
    const a = makeIncident({ id: 'A', location: [113.6, 34.7] });
    const c1 = builder.next(new Map([['A', a]]), HOURS[0], []);
    expect(projector.project(c1, 'wgs84', null)).toBe(c1);

    const p1 = projector.project(c1, 'gcj02', shift);
    expect(p1.features[0].geometry.coordinates).toEqual([113.61, 34.701]);
    const b = makeIncident({ id: 'B', location: [113.5, 34.6] });
    const c2 = builder.next(new Map([['A', a], ['B', b]]), HOURS[0], []);
    const p2 = projector.project(c2, 'gcj02', shift);
    // The unchanged feature is the same converted object, so the diff still finds only B.
    expect(p2.features[0]).toBe(p1.features[0]);
    expect(incidentDiff(p1, p2).add.map((f) => f.geometry.coordinates)).toEqual([[113.51, 34.601]]);
    expect(projector.project(c2, 'gcj02', shift)).toBe(p2);
    // Another system: converted afresh.
    expect(projector.project(c2, 'bd09', shift).features[0]).not.toBe(p2.features[0]);
  });
});
