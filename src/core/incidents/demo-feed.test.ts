import { booleanPointInPolygon } from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertLngLat } from '../crs';
import { generateDemoDistrict, loggedStops, patrolDay, patrolFixes, patrolRoutes } from '../demo';
import { parseFeedMessage, parseFeedTime, type FeedMessage, type IncidentMessage, type PositionMessage, type ReportMessage, type VisitMessage } from '../feed/protocol';
import type { District, GridCode } from '../model';
import { caseClass, isKnownCategory } from './classes';
import { DEMO_CLASS_WEIGHTS, demoFeedMessages } from './demo-feed';
import { incidentFromMessage } from './incident-from-feed';
import { formatIso } from './time';

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
  const START_DAY = '2026-11-22T00:00:00+08:00';
  const dayStart = parseFeedTime(START_DAY)!;
  const day = demoFeedMessages(district, { seed: 7, start: START_DAY, hours: 24, incidentsPerHour: 0, positionsEverySeconds: 60, patrolDay: true });
  const reports = day.filter((m): m is ReportMessage => m.kind === 'report');
  const visits = day.filter((m): m is VisitMessage => m.kind === 'visit');
  const positions = day.filter((m): m is PositionMessage => m.kind === 'position');
  const base3 = district.grids.filter((g) => g.level === 3 && g.kind === 'base');
  const plan = patrolDay(district, 7, dayStart);

  it('every level-3 base grid but one or two reports once, 08:00–11:30, its chief, two or three after the 10:00 cutoff', () => {
    expect(reports).toHaveLength(base3.length - plan.silentGrids.length);
    expect(plan.silentGrids.length).toBeGreaterThanOrEqual(1);
    expect(new Set(reports.map((r) => r.grid_code)).size).toBe(reports.length);
    for (const r of reports) {
      const hh = r.at.slice(11, 16);
      expect(hh >= '08:00' && hh < '11:30', r.at).toBe(true);
      expect(r.by).toBe(district.grids.find((g) => g.code === r.grid_code)?.chiefId);
      expect(r.result === 'matters_reported').toBe(r.note !== undefined);
    }
    const late = reports.filter((r) => r.at.slice(11, 16) >= '10:00').length;
    expect(late).toBeGreaterThanOrEqual(2);
    expect(late).toBeLessThanOrEqual(3);
  });

  it('workers walk in working hours only and log visits to buildings of their grid (or the one they help in)', () => {
    const hour = (h: string) => positions.filter((m) => m.at.slice(11, 13) === h);
    for (const h of ['03', '07', '18', '20']) expect(hour(h), h).toEqual([]);
    // Lunch: shifts end 11:45–12:15 and resume 13:45–14:15.
    expect(positions.filter((m) => m.at.slice(11, 16) >= '12:15' && m.at.slice(11, 16) < '13:45')).toEqual([]);
    expect(new Set(hour('10').map((m) => m.worker_id)).size).toBeGreaterThan(40);
    expect(new Set(hour('15').map((m) => m.worker_id)).size).toBeGreaterThan(40);
    expect(positions).toHaveLength(patrolFixes(district, 7, dayStart, dayStart + 86_400_000, 60).length);
    expect(visits.length).toBeGreaterThan(100);
    expect(visits.map((v) => [v.at, v.worker_id, v.building_id])).toEqual(
      loggedStops(district, 7, dayStart, dayStart + 86_400_000).map((s) => [s.from, s.staffId, s.buildingId]).map(([ms, w, b]) => [formatIso(Math.floor((ms as number) / 1000) * 1000, 480), w, b]),
    );
    const gridOfBuilding = new Map(district.buildings.map((b) => [b.id as string, district.grids.find((g) => g.code === b.gridCode)?.parentCode]));
    const worker = new Map(plan.workers.map((w) => [w.staffId as string, w]));
    for (const v of visits) {
      const w = worker.get(v.worker_id)!;
      expect([w.gridCode, w.excursion?.gridCode]).toContain(gridOfBuilding.get(v.building_id));
      expect(v.duration_s).toBeGreaterThanOrEqual(60);
      expect(v.duration_s).toBeLessThanOrEqual(600);
    }
    const sample = [...reports, ...visits, ...positions.filter((_, i) => i % 97 === 0)];
    for (const m of sample) {
      const parsed = parseFeedMessage(JSON.stringify(m), isKnownCategory);
      if (!parsed.ok) throw new Error(`${parsed.rejection.reason}: ${JSON.stringify(m)}`);
    }
  });

  it('ten-minute windows give exactly the positions, visits and reports of the whole span (the live runner relies on it)', () => {
    const strip = (ms: readonly FeedMessage[]) => ms.filter((m) => m.kind !== 'heartbeat').map((m) => ({ ...m, seq: 0 }));
    const whole = strip(demoFeedMessages(district, { seed: 7, start: '2026-11-22T09:50:00+08:00', hours: 0.5, incidentsPerHour: 0, positionsEverySeconds: 10, patrolDay: true }));
    const parts: FeedMessage[] = [];
    for (const start of ['09:50', '10:00', '10:10']) {
      parts.push(...strip(demoFeedMessages(district, { seed: 7, start: `2026-11-22T${start}:00+08:00`, hours: 1 / 6, incidentsPerHour: 0, positionsEverySeconds: 10, patrolDay: true })));
    }
    expect(JSON.stringify(parts)).toBe(JSON.stringify(whole));
    expect(whole.some((m) => m.kind === 'visit')).toBe(true);
  });

  it('makes a ten-minute window at 10 s in milliseconds and a whole day at 10 s in a fraction of a second', () => {
    demoFeedMessages(district, { seed: 7, start: START_DAY, hours: 24, incidentsPerHour: 0, positionsEverySeconds: 10, patrolDay: true }); // plans the day
    const t0 = performance.now();
    const window = demoFeedMessages(district, { seed: 7, start: '2026-11-22T10:00:00+08:00', hours: 1 / 6, incidentsPerHour: 0, positionsEverySeconds: 10, patrolDay: true });
    const windowMs = performance.now() - t0;
    const t1 = performance.now();
    const whole = demoFeedMessages(district, { seed: 7, start: START_DAY, hours: 24, incidentsPerHour: 0, positionsEverySeconds: 10, patrolDay: true });
    const wholeMs = performance.now() - t1;
    expect(window.filter((m) => m.kind === 'position').length).toBeGreaterThan(40 * 60);
    expect(whole.filter((m) => m.kind === 'position').length).toBeGreaterThan(100_000);
    // About 3 ms and 400 ms alone on this machine; the bounds leave room for a busy CI runner.
    expect(windowMs).toBeLessThan(100);
    expect(wholeMs).toBeLessThan(3000);
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
