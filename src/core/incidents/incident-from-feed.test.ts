import { describe, expect, it, vi } from 'vitest';
import { convertLngLat } from '../crs';
import { parseFeedMessage, type IncidentMessage } from '../feed/protocol';
import type { LngLat } from '../model';
import { isKnownCategory } from './classes';
import { applyIncidentMessage, DEFAULT_FEED_SOURCE, feedUpdateFromMessage, incidentFromMessage, messageLocation } from './incident-from-feed';
import type { Incident } from './model';
import { g } from './test-support';

const AT = '2024-05-01T08:00:00+08:00';
const message = (over: Partial<IncidentMessage> = {}): IncidentMessage => ({
  kind: 'incident',
  seq: 1,
  at: AT,
  id: 'F-1',
  version: 1,
  category: 'E0650',
  title: '电动车入户充电',
  lon: 113.62,
  lat: 34.75,
  ...over,
});
const locate = (p: LngLat) => (p[0] > 113 ? g('S-01-01-01') : null);

function ok(r: ReturnType<typeof applyIncidentMessage>): Incident {
  if (!r.ok) throw new Error(r.reason);
  return r.incident;
}

describe('incidentFromMessage', () => {
  it('makes a collected incident with defaults from the classification', () => {
    const i = incidentFromMessage(message(), { locate });
    expect(i).toEqual({
      id: 'F-1',
      version: 1,
      source: DEFAULT_FEED_SOURCE,
      category: 'E0650',
      title: '电动车入户充电',
      description: '',
      location: [113.62, 34.75],
      reportedAt: AT,
      priority: 2, // E0650's default
      gridCode: 'S-01-01-01',
      status: 'collected',
      assignee: null,
      escalation: 'micro_grid',
      deadline: null,
      closedAt: null,
      reworks: 0,
      extensions: 0,
      whistle: null,
      score: null,
      history: [{ kind: 'collected', at: AT, by: 'feed', note: 'from department' }],
    });
  });

  it('keeps what the message sends, and falls back to priority 3 for unknown categories', () => {
    const i = incidentFromMessage(message({ source: 'resident', priority: 1, description: '三楼', category: 'LOCAL' }), { locate });
    expect(i).toMatchObject({ source: 'resident', priority: 1, description: '三楼' });
    expect(incidentFromMessage(message({ category: 'LOCAL' }), { locate }).priority).toBe(3);
  });

  it('converts the location to WGS-84 before locating it', () => {
    const wgs: LngLat = [113.62, 34.75];
    const gcj = convertLngLat(wgs, 'wgs84', 'gcj02');
    const bd = convertLngLat(wgs, 'wgs84', 'bd09');
    const spy = vi.fn(locate);
    const a = incidentFromMessage(message({ lon: gcj[0], lat: gcj[1], crs: 'gcj02' }), { locate: spy });
    const b = incidentFromMessage(message({ lon: bd[0], lat: bd[1], crs: 'bd09' }), { locate });
    for (const i of [a, b]) {
      expect(i.location[0]).toBeCloseTo(wgs[0], 5);
      expect(i.location[1]).toBeCloseTo(wgs[1], 5);
    }
    expect(spy).toHaveBeenCalledWith(a.location);
    expect(messageLocation({ lon: 1, lat: 2, crs: 'cgcs2000' })).toEqual([1, 2]);
  });

  it('is outside every grid when the locator says so', () => {
    expect(incidentFromMessage(message({ lon: 10 }), { locate }).gridCode).toBeNull();
  });

  it('takes a status as sent, with a deadline past registration and closedAt when closed', () => {
    const dispatched = incidentFromMessage(message({ status: 'dispatched', priority: 3 }), { locate });
    expect(dispatched).toMatchObject({ status: 'dispatched', deadline: '2024-05-02T08:00:00+08:00', closedAt: null });
    expect(dispatched.history[0].note).toContain('status dispatched as sent');
    const closed = incidentFromMessage(message({ status: 'closed' }), { locate });
    expect(closed).toMatchObject({ status: 'closed', closedAt: AT });
    expect(incidentFromMessage(message({ status: 'rejected' }), { locate }).deadline).toBeNull();
  });
});

describe('applyIncidentMessage', () => {
  it('creates, updates with a newer version, and refuses an older one or another id', () => {
    const first = ok(applyIncidentMessage(undefined, message(), { locate }));
    const second = ok(applyIncidentMessage(first, message({ version: 2, seq: 9, at: '2024-05-01T09:00:00+08:00', priority: 1, description: '有人被困' }), { locate }));
    expect(second).toMatchObject({ version: 2, priority: 1, description: '有人被困', reportedAt: AT });
    expect(second.history.at(-1)).toMatchObject({ kind: 'updated', by: 'feed' });
    expect(applyIncidentMessage(second, message({ version: 2 }), { locate }).ok).toBe(false);
    expect(applyIncidentMessage(second, message({ version: 1 }), { locate }).ok).toBe(false);
    const other = applyIncidentMessage(second, message({ id: 'F-2', version: 3 }), { locate });
    expect(other.ok).toBe(false);
  });

  it('sends only the optional fields present', () => {
    const u = feedUpdateFromMessage(message({ version: 2 }), { locate });
    expect(Object.keys(u).sort()).toEqual(['at', 'by', 'category', 'gridCode', 'location', 'title', 'version']);
    const full = feedUpdateFromMessage(message({ version: 2, priority: 2, description: 'd', status: 'closed' }), { locate });
    expect(full).toMatchObject({ priority: 2, description: 'd', status: 'closed' });
  });

  it('works on what the feed validator accepts', () => {
    const raw = JSON.stringify({ kind: 'incident', seq: 4, at: AT, id: 'F-9', version: 1, category: '0553', title: '电梯困人', lon: 113.62, lat: 34.75, priority: 1 });
    const parsed = parseFeedMessage(raw, isKnownCategory);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok || parsed.message.kind !== 'incident') return;
    const i = incidentFromMessage(parsed.message, { locate });
    expect(i).toMatchObject({ id: 'F-9', category: '0553', priority: 1, gridCode: 'S-01-01-01' });
    expect(parseFeedMessage(raw.replace('0553', '9999'), isKnownCategory).ok).toBe(false);
  });
});
