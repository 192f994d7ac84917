import { describe, expect, it } from 'vitest';
import { CASE_MAJORS } from '@core/incidents/classes';
import { INCIDENT_STATUSES, type Incident } from '@core/incidents/model';
import { makeIncident } from '@core/incidents/test-support';
import { createI18n } from '../i18n';
import { INCIDENT_GLYPHS, PULSE_LIMIT, incidentFeatures, incidentGlyph, pulsingIncidents } from './incident-features';
import { INCIDENT_STATUS_COLORS } from './map-colors';

const NOW = '2024-05-01T12:00:00+08:00';
const REG = '2024-05-01T08:00:00+08:00';
const NONE = new Set<string>();

/** A registered case in handling whose deadline is `hours` after REG. */
function withDeadline(id: string, hours: number, overrides: Partial<Incident> = {}): Incident {
  return makeIncident({
    id,
    status: 'handling',
    deadline: new Date(Date.parse(REG) + hours * 3_600_000).toISOString(),
    history: [
      { kind: 'collected', at: '2024-05-01T07:50:00+08:00', by: 'feed' },
      { kind: 'registered', at: REG, by: 'op' },
    ],
    ...overrides,
  });
}

describe('incidentFeatures', () => {
  it('draws open cases only, unless closed ones are asked for', () => {
    const all = INCIDENT_STATUSES.map((status, i) => makeIncident({ id: `I-${i}`, status }));
    const open = incidentFeatures(all, NOW, NONE);
    expect(open.features.map((f) => f.properties.status)).toEqual(['collected', 'registered', 'dispatched', 'handling', 'handled']);
    expect(open.features.every((f) => f.properties.open === 1)).toBe(true);

    const every = incidentFeatures(all, NOW, NONE, { includeClosed: true });
    expect(every.features.map((f) => f.properties.status)).toEqual([...INCIDENT_STATUSES]);
    expect(every.features.filter((f) => f.properties.open === 0).map((f) => f.properties.status)).toEqual(['closed', 'evaluated', 'rejected']);
  });

  it('keeps the props lean and rounds coordinates to 6 decimals', () => {
    const fc = incidentFeatures([makeIncident({ id: 'A', location: [113.123456789, 34.987654321], priority: 1 })], NOW, new Set(['A']));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(1);
    const [f] = fc.features;
    expect(f.geometry).toEqual({ type: 'Point', coordinates: [113.123457, 34.987654] });
    expect(f.properties).toEqual({
      id: 'A',
      status: 'collected',
      open: 1,
      kind: 'event',
      glyph: '境',
      priority: 1,
      due: 'none',
      recent: 1,
    });
    // Nothing else rides along: no title, description or history goes through setData.
    expect(Object.keys(f)).toEqual(['type', 'geometry', 'properties']);
  });

  it('marks recent ids only', () => {
    const fc = incidentFeatures([makeIncident({ id: 'A' }), makeIncident({ id: 'B' })], NOW, new Set(['B', 'gone']));
    expect(fc.features.map((f) => [f.properties.id, f.properties.recent])).toEqual([
      ['A', 0],
      ['B', 1],
    ]);
  });

  it('judges deadlines at `now`', () => {
    const fc = incidentFeatures(
      [
        withDeadline('late', 2), // due 10:00, now 12:00
        withDeadline('soon', 4.5), // 30 min left of 4.5 h (< 1 h)
        withDeadline('fine', 48),
        makeIncident({ id: 'new' }), // collected: no deadline yet
      ],
      NOW,
      NONE,
    );
    expect(Object.fromEntries(fc.features.map((f) => [f.properties.id, f.properties.due]))).toEqual({
      late: 'overdue',
      soon: 'near_due',
      fine: 'on_time',
      new: 'none',
    });
  });

  it('keeps the closing verdict of closed cases, flagged as not open', () => {
    const closedLate = withDeadline('C', 2, { status: 'closed', closedAt: '2024-05-01T11:00:00+08:00' });
    const [f] = incidentFeatures([closedLate], NOW, NONE, { includeClosed: true }).features;
    expect(f.properties).toMatchObject({ open: 0, due: 'overdue' });
  });

  it('leaves out a case without a usable location', () => {
    const bad = makeIncident({ id: 'X', location: [Number.NaN, 34] });
    expect(incidentFeatures([bad, makeIncident({ id: 'Y' })], NOW, NONE).features.map((f) => f.properties.id)).toEqual(['Y']);
  });

  it('accepts any iterable, such as the values of the incidents map', () => {
    const byId = new Map([['A', makeIncident({ id: 'A' })]]);
    expect(incidentFeatures(byId.values(), NOW, NONE).features).toHaveLength(1);
  });
});

describe('incident glyphs', () => {
  it('give each major category its own single character', () => {
    const glyphs = CASE_MAJORS.map((m) => INCIDENT_GLYPHS[m.code]);
    expect(glyphs.every((g) => typeof g === 'string' && [...g].length === 1)).toBe(true);
    expect(new Set(glyphs).size).toBe(CASE_MAJORS.length);
  });

  it('follow the category, and fall back on the kind for an unknown code', () => {
    expect(incidentGlyph('0101')).toEqual({ kind: 'component', glyph: '设' });
    expect(incidentGlyph('0402')).toEqual({ kind: 'component', glyph: '绿' });
    expect(incidentGlyph('E0401')).toEqual({ kind: 'event', glyph: '急' });
    expect(incidentGlyph('E0503')).toEqual({ kind: 'event', glyph: '街' });
    expect(incidentGlyph('E9999')).toEqual({ kind: 'event', glyph: '他' });
    expect(incidentGlyph('X-LOCAL')).toEqual({ kind: 'component', glyph: '其' });
  });
});

describe('pulsingIncidents', () => {
  it('pulses recent cases that are urgent or unconfirmed, urgent first, newest first', () => {
    const fc = incidentFeatures(
      [
        makeIncident({ id: 'old-new', status: 'collected' }),
        makeIncident({ id: 'urgent', status: 'registered', priority: 1 }),
        makeIncident({ id: 'calm', status: 'registered', priority: 2 }),
        makeIncident({ id: 'not-recent', status: 'collected', priority: 1 }),
        makeIncident({ id: 'new-new', status: 'collected', location: [113.5, 34.5] }),
      ],
      NOW,
      new Set(['old-new', 'urgent', 'calm', 'new-new']),
    );
    expect(pulsingIncidents(fc)).toEqual([
      { id: 'urgent', lngLat: [113.62, 34.75], urgent: true },
      { id: 'new-new', lngLat: [113.5, 34.5], urgent: false },
      { id: 'old-new', lngLat: [113.62, 34.75], urgent: false },
    ]);
  });

  it('never pulses more than PULSE_LIMIT, nor closed cases', () => {
    const many = Array.from({ length: 30 }, (_, i) => makeIncident({ id: `N-${i}` }));
    const recent = new Set(many.map((i) => i.id));
    expect(pulsingIncidents(incidentFeatures(many, NOW, recent))).toHaveLength(PULSE_LIMIT);
    const closed = makeIncident({ id: 'R', status: 'rejected', priority: 1 });
    expect(pulsingIncidents(incidentFeatures([closed], NOW, new Set(['R']), { includeClosed: true }))).toEqual([]);
  });
});

describe('the incidents legend', () => {
  it('has a colour and a name in both languages for every status', () => {
    for (const status of INCIDENT_STATUSES) expect(INCIDENT_STATUS_COLORS[status]).toMatch(/^#[0-9a-f]{6}$/);
    for (const lang of ['zh', 'en'] as const) {
      const i18n = createI18n(lang);
      const keys = [
        'legend.incidents.title',
        'legend.incidents.overdue',
        'legend.incidents.nearDue',
        'legend.incidents.cluster',
        ...INCIDENT_STATUSES.map((s) => `legend.incidents.status.${s}`),
      ];
      expect(keys.filter((k) => !i18n.exists(k, { ns: 'map' })), lang).toEqual([]);
    }
  });
});
