import { booleanPointInPolygon } from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertLngLat } from '../crs';
import { generateDemoDistrict, patrolRoutes } from '../demo';
import { parseFeedMessage, parseFeedTime, type FeedMessage, type IncidentMessage } from '../feed/protocol';
import type { District, GridCode } from '../model';
import { caseClass, isKnownCategory } from './classes';
import { DEMO_CLASS_WEIGHTS, demoFeedMessages } from './demo-feed';
import { incidentFromMessage } from './incident-from-feed';

const START = '2024-05-01T00:00:00+08:00';
let district: District;
let day: FeedMessage[];

beforeAll(() => {
  district = generateDemoDistrict();
  day = demoFeedMessages(district, { seed: 7, start: START, hours: 24 });
});

const incidents = (messages: readonly FeedMessage[]): IncidentMessage[] => messages.filter((m): m is IncidentMessage => m.kind === 'incident');

describe('demoFeedMessages', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = demoFeedMessages(district, { seed: 7, start: START, hours: 24 });
    // Compared as text: a deep toEqual over 200k messages is slow and says no more.
    expect(JSON.stringify(again)).toBe(JSON.stringify(day));
    const other = demoFeedMessages(district, { seed: 8, start: START, hours: 24 });
    expect(incidents(other).map((m) => [m.at, m.category])).not.toEqual(incidents(day).map((m) => [m.at, m.category]));
  });

  it('orders messages by time with increasing seq from 1', () => {
    // One expect at the end: a quarter of a million expects would dominate the test's time.
    let last = -Infinity;
    const problems: string[] = [];
    day.forEach((m, i) => {
      const ms = parseFeedTime(m.at)!;
      if (m.seq !== i + 1 || ms < last) problems.push(`#${i} seq ${m.seq} at ${m.at}`);
      last = ms;
    });
    expect(problems).toEqual([]);
    const startMs = parseFeedTime(START)!;
    expect(parseFeedTime(day[0].at)).toBe(startMs);
    expect(last).toBeLessThan(startMs + 24 * 3_600_000);
    expect(day.every((m) => m.at.endsWith('+08:00'))).toBe(true);
  });

  it('sends heartbeats every 10 s and every worker’s position every 30 s', () => {
    const heartbeats = day.filter((m) => m.kind === 'heartbeat');
    expect(heartbeats).toHaveLength(24 * 360);
    const workers = patrolRoutes(district).length;
    const positions = day.filter((m) => m.kind === 'position');
    expect(positions).toHaveLength(24 * 120 * workers);
    expect(new Set(positions.map((m) => (m.kind === 'position' ? m.worker_id : ''))).size).toBe(workers);
    const ticks = new Set(positions.map((m) => m.at));
    expect(ticks.size).toBe(24 * 120);
    const none = demoFeedMessages(district, { seed: 7, start: START, hours: 1, positionsEverySeconds: 0 });
    expect(none.some((m) => m.kind === 'position')).toBe(false);
  });

  it('passes the feed validator: every incident and heartbeat, a sample of positions', () => {
    const sample = day.filter((m, i) => m.kind !== 'position' || i % 17 === 0);
    for (const m of sample) {
      const parsed = parseFeedMessage(JSON.stringify(m), isKnownCategory);
      if (!parsed.ok) throw new Error(`${parsed.rejection.reason}: ${JSON.stringify(m)}`);
    }
  });

  it('reports about the asked rate, more by day than at night, urgent ones rare', () => {
    const firsts = incidents(day).filter((m) => m.version === 1);
    // Six an hour on average over the day: 144 expected; Poisson spread is about ±12.
    expect(firsts.length).toBeGreaterThan(100);
    expect(firsts.length).toBeLessThan(190);
    const hourOf = (m: IncidentMessage) => Number(m.at.slice(11, 13));
    const night = firsts.filter((m) => hourOf(m) < 6).length;
    const morning = firsts.filter((m) => hourOf(m) >= 8 && hourOf(m) < 14).length;
    expect(morning).toBeGreaterThan(3 * night);
    const urgent = firsts.filter((m) => m.priority === 1).length;
    expect(urgent / firsts.length).toBeLessThan(0.05);
    expect(new Set(firsts.map((m) => m.id)).size).toBe(firsts.length);
  });

  it('leans toward the common classes', () => {
    const firsts = incidents(demoFeedMessages(district, { seed: 3, start: START, hours: 72, incidentsPerHour: 20, positionsEverySeconds: 0 })).filter(
      (m) => m.version === 1,
    );
    const count = (code: string) => firsts.filter((m) => m.category === code).length;
    expect(count('E0150')).toBeGreaterThan(count('0102') * 3);
    expect(count('E0402')).toBeLessThan(5);
    for (const [code] of DEMO_CLASS_WEIGHTS) expect(caseClass(code), code).toBeDefined();
  });

  it('places every report inside a grid, near a building of its grid', () => {
    const leaves = district.grids.filter((u) => !district.grids.some((c) => c.parentCode === u.code));
    const locate = (p: readonly [number, number]): GridCode | null => leaves.find((u) => booleanPointInPolygon([p[0], p[1]], u.geometry))?.code ?? null;
    for (const m of incidents(day)) {
      const incident = incidentFromMessage(m, { locate });
      expect(incident.gridCode, m.title).not.toBeNull();
      const near = district.buildings.some(
        (b) => b.gridCode === incident.gridCode && b.entrances.some((e) => Math.hypot((e.location[0] - m.lon) * 91_000, (e.location[1] - m.lat) * 111_000) < 60),
      );
      expect(near, m.title).toBe(true);
    }
  });

  it('amends some reports later with a higher version of the same id', () => {
    const all = incidents(day);
    const updates = all.filter((m) => m.version === 2);
    expect(updates.length).toBeGreaterThan(3);
    for (const u of updates) {
      const first = all.find((m) => m.id === u.id && m.version === 1)!;
      expect(first.seq).toBeLessThan(u.seq);
      expect(parseFeedTime(u.at)!).toBeGreaterThan(parseFeedTime(first.at)!);
      expect(u.description!.startsWith(first.description!)).toBe(true);
      expect(u.priority!).toBeLessThanOrEqual(first.priority!);
      expect([u.category, u.lon, u.lat, u.title]).toEqual([first.category, first.lon, first.lat, first.title]);
    }
  });

  it('can send coordinates in GCJ-02', () => {
    const wgs = incidents(demoFeedMessages(district, { seed: 7, start: START, hours: 3, positionsEverySeconds: 0 }));
    const gcj = incidents(demoFeedMessages(district, { seed: 7, start: START, hours: 3, positionsEverySeconds: 0, crs: 'gcj02' }));
    expect(gcj.length).toBe(wgs.length);
    expect(wgs.every((m) => m.crs === undefined)).toBe(true);
    gcj.forEach((m, i) => {
      expect(m.crs).toBe('gcj02');
      const back = convertLngLat([m.lon, m.lat], 'gcj02', 'wgs84');
      expect(back[0]).toBeCloseTo(wgs[i].lon, 6);
      expect(back[1]).toBeCloseTo(wgs[i].lat, 6);
    });
  });

  it('takes an id prefix, a first seq, and writes times in the start’s offset', () => {
    const m = demoFeedMessages(district, { seed: 7, start: '2024-04-30T16:00:00Z', hours: 2, idPrefix: 'X', firstSeq: 100 });
    expect(m[0].seq).toBe(100);
    expect(m.every((x) => x.at.endsWith('Z'))).toBe(true);
    expect(incidents(m).every((x) => /^X-\d{4}$/.test(x.id))).toBe(true);
    expect(incidents(day)[0].id).toMatch(/^ZY-20240501-\d{4}$/);
    expect(() => demoFeedMessages(district, { seed: 1, start: 'today', hours: 1 })).toThrow(/start/);
    expect(demoFeedMessages(district, { seed: 1, start: START, hours: 0 })).toEqual([]);
  });

  it('makes 24 h at 40 incidents an hour with positions every 30 s in well under a second', () => {
    demoFeedMessages(district, { seed: 1, start: START, hours: 1, incidentsPerHour: 40 }); // warm up
    const t0 = performance.now();
    const messages = demoFeedMessages(district, { seed: 1, start: START, hours: 24, incidentsPerHour: 40, positionsEverySeconds: 30 });
    const ms = performance.now() - t0;
    expect(incidents(messages).length).toBeGreaterThan(800);
    expect(ms).toBeLessThan(1000);
  });
});

describe('the demo patrol day (protocol v2)', () => {
  const district = generateDemoDistrict();
  const day = demoFeedMessages(district, { seed: 7, start: '2026-11-22T00:00:00+08:00', hours: 24, incidentsPerHour: 0, positionsEverySeconds: 300, patrolDay: true });
  const reports = day.filter((m) => m.kind === 'report');
  const visits = day.filter((m) => m.kind === 'visit');
  const base3 = district.grids.filter((g) => g.level === 3 && g.kind === 'base');

  it('every level-3 grid but two reports once, between 08:00 and 11:30, some after the 10:00 cutoff', () => {
    expect(reports).toHaveLength(base3.length - 2);
    expect(new Set(reports.map((r) => r.grid_code)).size).toBe(reports.length);
    for (const r of reports) {
      const hh = r.at.slice(11, 16);
      expect(hh >= '08:00' && hh < '11:30', r.at).toBe(true);
      expect(r.by).toBe(district.grids.find((g) => g.code === r.grid_code)?.chiefId);
    }
    expect(reports.some((r) => r.at.slice(11, 16) >= '10:00')).toBe(true);
  });

  it('workers walk in working hours only and log visits to buildings of their own grid', () => {
    const at3 = day.filter((m) => m.kind === 'position' && m.at.slice(11, 13) === '03');
    const at10 = day.filter((m) => m.kind === 'position' && m.at.slice(11, 13) === '10');
    expect(at10.length).toBeGreaterThan(3 * at3.length); // a night walker in one grid in three against most by day
    expect(at3.length).toBeGreaterThan(0); // the night walkers
    expect(visits.length).toBeGreaterThan(100);
    const gridOfBuilding = new Map(district.buildings.map((b) => [b.id, district.grids.find((g) => g.code === b.gridCode)?.parentCode]));
    const gridOfStaff = new Map(district.staff.map((p) => [p.id, p.gridCode]));
    for (const v of visits.slice(0, 200)) expect(gridOfBuilding.get(v.building_id as never)).toBe(gridOfStaff.get(v.worker_id as never));
  });

  it('without patrolDay the feed is as before: positions round the clock, no visits or reports', () => {
    const plain = demoFeedMessages(district, { seed: 7, start: '2026-11-22T03:00:00+08:00', hours: 1, incidentsPerHour: 0, positionsEverySeconds: 600 });
    expect(plain.some((m) => m.kind === 'visit' || m.kind === 'report')).toBe(false);
    expect(plain.filter((m) => m.kind === 'position').length).toBe(patrolRouteCount(district) * 6);
  });
});

function patrolRouteCount(district: ReturnType<typeof generateDemoDistrict>): number {
  return district.staff.filter((p) => p.role === 'grid_chief' || p.role === 'grid_worker').length;
}
