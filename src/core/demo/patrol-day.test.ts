import { booleanPointInPolygon } from '@turf/turf';
import Flatbush from 'flatbush';
import { beforeAll, describe, expect, it } from 'vitest';
import { findVisits, indexEntrances, VISIT_RADIUS_M } from '../patrol/visits';
import type { District, GridUnit, StaffId } from '../model';
import { generateDemoDistrict } from './district';
import {
  chinaDayStartMs,
  chinaDay,
  loggedStops,
  patrolDay,
  patrolFixes,
  patrolReports,
  STAY_JITTER_M,
  WALK_JITTER_M,
  WALK_SPEED_RANGE_MPS,
  type PatrolFix,
} from './patrol-day';
import { toXy } from './plane';
import { walkGraph } from './street-graph';

const SEED = 20261122;
const at = (hhmm: string, day = '2026-11-22'): number => Date.parse(`${day}T${hhmm}:00+08:00`);
const DAY_MS = 86_400_000;

let district: District;
let byCode: Map<string, GridUnit>;
let day: PatrolFix[];
beforeAll(() => {
  district = generateDemoDistrict();
  byCode = new Map(district.grids.map((g) => [g.code, g]));
  day = patrolFixes(district, SEED, at('00:00'), at('00:00') + DAY_MS, 10);
});

const byWorker = (fixes: readonly PatrolFix[]): Map<StaffId, PatrolFix[]> => {
  const out = new Map<StaffId, PatrolFix[]>();
  for (const f of fixes) out.set(f.staffId, [...(out.get(f.staffId) ?? []), f]);
  return out;
};
const instant = (ms: number): PatrolFix[] => patrolFixes(district, SEED, ms, ms + 1, 10);

describe('patrol day: working hours and gaps', () => {
  it('has 40+ workers out mid-morning and mid-afternoon, nobody over lunch or at night', () => {
    const walkers = district.staff.filter((s) => s.role === 'grid_chief' || s.role === 'grid_worker').length;
    expect(instant(at('10:00')).length).toBeGreaterThan(40);
    expect(instant(at('15:30')).length).toBeGreaterThan(40);
    expect(instant(at('10:00')).length).toBeLessThanOrEqual(walkers);
    for (const hhmm of ['07:00', '08:10', '12:20', '13:00', '13:40', '17:50', '20:00', '23:59']) expect(instant(at(hhmm)), hhmm).toEqual([]);
    // Every fix of the day lies in 08:15–12:15 or 13:45–17:45 China time.
    const outside = day.filter((f) => {
      const m = (f.ms - at('00:00')) / 60_000;
      return !((m >= 8 * 60 + 15 && m < 12 * 60 + 15) || (m >= 13 * 60 + 45 && m < 17 * 60 + 45));
    });
    expect(outside).toEqual([]);
    // Shifts vary per worker: not everyone starts at the same minute.
    const firsts = new Set([...byWorker(day).values()].map((list) => list[0].ms));
    expect(firsts.size).toBeGreaterThan(20);
  });

  it('sends no fix from the grids on sick leave, one or two a day, not the same every day', () => {
    const plan = patrolDay(district, SEED, at('10:00'));
    expect(plan.sickGrids.length).toBeGreaterThanOrEqual(1);
    expect(plan.sickGrids.length).toBeLessThanOrEqual(2);
    const gridOf = new Map(district.staff.map((s) => [s.id, s.gridCode]));
    expect(day.filter((f) => plan.sickGrids.includes(gridOf.get(f.staffId)!))).toEqual([]);
    const sickDays = new Set<string>();
    for (let k = 0; k < 6; k++) sickDays.add(patrolDay(district, SEED, at('10:00') - k * DAY_MS).sickGrids.join());
    expect(sickDays.size).toBeGreaterThan(1);
  });

  it('leaves a hole in the afternoon track of the workers whose phone is off', () => {
    const plan = patrolDay(district, SEED, at('10:00'));
    const off = plan.workers.filter((w) => w.phoneOff);
    expect(off.length).toBeGreaterThan(0);
    const tracks = byWorker(day);
    for (const w of off) {
      const [from, to] = w.phoneOff!;
      expect(to - from).toBeGreaterThanOrEqual(Math.min(30 * 60_000, w.shifts[1][1] - from));
      expect(to - from).toBeLessThanOrEqual(90 * 60_000);
      expect(from).toBeGreaterThanOrEqual(at('14:15'));
      const track = tracks.get(w.staffId) ?? [];
      expect(track.filter((f) => f.ms >= from && f.ms < to)).toEqual([]);
      expect(track.some((f) => f.ms < from && f.ms >= at('13:45'))).toBe(true);
    }
    // About one in fifteen, over ten days.
    let total = 0;
    let count = 0;
    for (let k = 0; k < 10; k++) {
      const ws = patrolDay(district, SEED, at('10:00') - k * DAY_MS).workers.filter((w) => w.shifts.length > 0);
      total += ws.length;
      count += ws.filter((w) => w.phoneOff).length;
    }
    expect(count / total).toBeGreaterThan(0.02);
    expect(count / total).toBeLessThan(0.15);
  });

  it('keeps workers in their own grid, but for 20–40 min of help in a neighbouring grid now and then', () => {
    const plan = patrolDay(district, SEED, at('10:00'));
    const away = plan.workers.filter((w) => w.excursion);
    expect(away.length).toBeGreaterThan(0);
    const tracks = byWorker(patrolFixes(district, SEED, at('00:00'), at('00:00') + DAY_MS, 30));
    const inGrid = (f: PatrolFix, code: string): boolean => booleanPointInPolygon([f.lngLat[0], f.lngLat[1]], byCode.get(code)!.geometry);
    for (const w of plan.workers) {
      const track = tracks.get(w.staffId) ?? [];
      const outside = track.filter((f) => !inGrid(f, w.gridCode));
      if (!w.excursion) {
        expect(outside, w.staffId).toEqual([]);
        continue;
      }
      const { from, to, gridCode } = w.excursion;
      expect(to - from).toBeGreaterThanOrEqual(20 * 60_000);
      expect(to - from).toBeLessThanOrEqual(40 * 60_000);
      // Out of the grid only around the excursion (walking there and back), and in the neighbour's.
      for (const f of outside) {
        expect(f.ms).toBeGreaterThan(from);
        expect(f.ms).toBeLessThan(to + 30 * 60_000);
        expect(inGrid(f, gridCode)).toBe(true);
      }
      if (!(w.phoneOff && w.phoneOff[0] <= from)) expect(outside.length).toBeGreaterThan(10);
    }
  });
});

describe('patrol day: walking along the streets', () => {
  it('puts every fix on the walk graph (within GPS jitter) or by the door of a stop', () => {
    const graph = walkGraph(district);
    const index = new Flatbush(graph.edges.length);
    for (const e of graph.edges) {
      index.add(Math.min(graph.x[e.a], graph.x[e.b]), Math.min(graph.y[e.a], graph.y[e.b]), Math.max(graph.x[e.a], graph.x[e.b]), Math.max(graph.y[e.a], graph.y[e.b]));
    }
    index.finish();
    const stops = patrolDay(district, SEED, at('10:00')).workers.flatMap((w) => w.stops);
    const stopAt = new Map<string, { x: number; y: number }[]>();
    for (const s of stops) stopAt.set(s.staffId, [...(stopAt.get(s.staffId) ?? []), toXy(graph.frame, s.entrance)]);
    const toGraph = (p: { x: number; y: number }, r: number): number => {
      let best = Infinity;
      for (const k of index.search(p.x - r, p.y - r, p.x + r, p.y + r)) {
        const { a, b } = graph.edges[k];
        const dx = graph.x[b] - graph.x[a];
        const dy = graph.y[b] - graph.y[a];
        const l2 = dx * dx + dy * dy;
        const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - graph.x[a]) * dx + (p.y - graph.y[a]) * dy) / l2));
        best = Math.min(best, Math.hypot(p.x - graph.x[a] - t * dx, p.y - graph.y[a] - t * dy));
      }
      return best;
    };
    let atDoor = 0;
    const stray: string[] = [];
    for (const f of day) {
      const p = toXy(graph.frame, f.lngLat);
      if (toGraph(p, WALK_JITTER_M + 0.05) <= WALK_JITTER_M + 0.05) continue;
      if ((stopAt.get(f.staffId) ?? []).some((q) => Math.hypot(p.x - q.x, p.y - q.y) <= STAY_JITTER_M + 0.05)) atDoor++;
      else stray.push(`${f.staffId} ${new Date(f.ms).toISOString()}`);
    }
    expect(stray).toEqual([]);
    expect(atDoor).toBeGreaterThan(0);
  });

  it('walks at 1.0–1.4 m/s: never faster than that plus GPS jitter between fixes, never near the 50 m/s rule', () => {
    let max = 0;
    let walking = 0;
    const fast: string[] = [];
    for (const track of byWorker(day).values()) {
      for (let i = 1; i < track.length; i++) {
        const a = track[i - 1];
        const b = track[i];
        const dt = (b.ms - a.ms) / 1000;
        const dx = (b.lngLat[0] - a.lngLat[0]) * 111_195 * Math.cos((a.lngLat[1] * Math.PI) / 180);
        const dy = (b.lngLat[1] - a.lngLat[1]) * 111_195;
        const v = Math.hypot(dx, dy) / dt;
        max = Math.max(max, v);
        // 10 s apart: the walk plus two fixes' jitter; after a gap, slower still.
        if (v > WALK_SPEED_RANGE_MPS[1] + (2 * STAY_JITTER_M) / dt + 0.01) fast.push(`${b.staffId} ${b.ms} ${v}`);
        if (dt === 10 && b.speed > 0) walking++;
      }
      // One expect per track, not per fix: 170,000 expects would dominate the test's time.
      expect(track.filter((f) => !(f.speed === 0 || (f.speed >= WALK_SPEED_RANGE_MPS[0] && f.speed <= WALK_SPEED_RANGE_MPS[1] + 0.005)))).toEqual([]);
    }
    expect(fast).toEqual([]);
    expect(max).toBeLessThanOrEqual(2);
    expect(walking).toBeGreaterThan(day.length / 2);
  });

  it('stops at doors 3–10 min: findVisits on the tracks finds the planned stops, and little else', () => {
    const plan = patrolDay(district, SEED, at('10:00'));
    const entrances = indexEntrances(district.buildings);
    const tracks = byWorker(day);
    const near = (id: string, x: { entrance: readonly [number, number] }): boolean =>
      district.buildings
        .find((b) => b.id === id)!
        .entrances.some((e) => Math.hypot((e.location[0] - x.entrance[0]) * 91_400, (e.location[1] - x.entrance[1]) * 111_195) <= 2 * VISIT_RADIUS_M + STAY_JITTER_M);
    let planned = 0;
    let found = 0;
    let matched = 0;
    for (const w of plan.workers) {
      const track = tracks.get(w.staffId) ?? [];
      const visits = findVisits(entrances, { lon: track.map((f) => f.lngLat[0]), lat: track.map((f) => f.lngLat[1]), t: track.map((f) => f.ms) });
      for (const s of w.stops) {
        expect(s.to - s.from).toBeGreaterThanOrEqual(3 * 60_000);
        expect(w.shifts.some(([a, b]) => s.from >= a && s.to <= b)).toBe(true);
        expect(s.to - s.from).toBeLessThanOrEqual(10 * 60_000);
        const seen = w.phoneOff && s.to > w.phoneOff[0] && s.from < w.phoneOff[1];
        if (seen || s.to - s.from < 3.5 * 60_000) continue;
        planned++;
        if (visits.some((v) => v.buildingId === s.buildingId && v.from <= s.to && v.to >= s.from)) found++;
      }
      for (const v of visits) {
        if (w.stops.some((s) => v.from <= s.to && v.to >= s.from && (s.buildingId === v.buildingId || near(v.buildingId, s)))) matched++;
      }
    }
    expect(planned).toBeGreaterThan(300);
    expect(found).toBe(planned);
    const all = [...tracks.entries()].reduce((n, [id, track]) => {
      void id;
      return n + findVisits(entrances, { lon: track.map((f) => f.lngLat[0]), lat: track.map((f) => f.lngLat[1]), t: track.map((f) => f.ms) }).length;
    }, 0);
    expect(matched).toBe(all);
  });

  it('logs about half of the stops as visits, none while the phone is off', () => {
    const plan = patrolDay(district, SEED, at('10:00'));
    const stops = plan.workers.flatMap((w) => w.stops);
    const logged = loggedStops(district, SEED, at('00:00'), at('00:00') + DAY_MS);
    expect(logged.length / stops.length).toBeGreaterThan(0.35);
    expect(logged.length / stops.length).toBeLessThan(0.65);
    const worker = new Map(plan.workers.map((w) => [w.staffId, w]));
    for (const s of logged) {
      const off = worker.get(s.staffId)!.phoneOff;
      expect(off && s.from >= off[0] && s.from < off[1]).toBeFalsy();
    }
    // Each worker's stops are in their own grid, or in the neighbour's while helping there.
    for (const w of plan.workers) for (const s of w.stops) expect([w.gridCode, w.excursion?.gridCode]).toContain(s.gridCode);
  });
});

describe('patrol day: daily reports (零上报)', () => {
  it('one report per base grid a day from its chief, 08:00–11:30, two or three late, one or two missing', () => {
    const base = district.grids.filter((g) => g.level === 3 && g.kind === 'base');
    let matters = 0;
    for (let k = 0; k < 7; k++) {
      const dayStart = at('00:00') - k * DAY_MS;
      const plan = patrolDay(district, SEED, dayStart);
      const reports = patrolReports(district, SEED, dayStart, dayStart + DAY_MS);
      expect(reports).toEqual(plan.reports);
      expect(plan.silentGrids.length).toBeGreaterThanOrEqual(1);
      expect(plan.silentGrids.length).toBeLessThanOrEqual(2);
      expect(reports).toHaveLength(base.length - plan.silentGrids.length);
      expect(new Set(reports.map((r) => r.gridCode)).size).toBe(reports.length);
      const late = reports.filter((r) => r.ms >= dayStart + 10 * 3_600_000);
      expect(late.length).toBeGreaterThanOrEqual(2);
      expect(late.length).toBeLessThanOrEqual(3);
      expect(late.map((r) => r.gridCode).sort()).toEqual([...plan.lateGrids]);
      for (const r of reports) {
        expect(r.ms).toBeGreaterThanOrEqual(dayStart + 8 * 3_600_000);
        expect(r.ms).toBeLessThan(dayStart + 11.5 * 3_600_000);
        expect(r.by).toBe(byCode.get(r.gridCode)!.chiefId);
        expect(plan.silentGrids).not.toContain(r.gridCode);
        if (r.result === 'matters_reported') {
          matters++;
          expect(r.note).toBeTruthy();
        } else expect(r.note).toBeUndefined();
      }
    }
    expect(matters).toBeGreaterThan(7 * base.length * 0.08);
    expect(matters).toBeLessThan(7 * base.length * 0.4);
  });
});

describe('patrol day: determinism', () => {
  it('is a pure function of district, seed and time: any split of a span gives the same fixes', () => {
    const again = patrolFixes(generateDemoDistrict(), SEED, at('00:00'), at('00:00') + DAY_MS, 10);
    expect(JSON.stringify(again)).toBe(JSON.stringify(day));
    const a = patrolFixes(district, SEED, at('09:00'), at('09:10'), 10);
    const b = patrolFixes(district, SEED, at('09:10'), at('09:20'), 10);
    expect([...a, ...b]).toEqual(day.filter((f) => f.ms >= at('09:00') && f.ms < at('09:20')));
    expect(patrolFixes(district, SEED + 1, at('09:00'), at('09:10'), 10)).not.toEqual(a);
    expect(chinaDay(at('00:00'))).toBe(chinaDay(at('23:59')));
    expect(chinaDayStartMs(chinaDay(at('15:00')))).toBe(at('00:00'));
  });

  it('plans a day in well under a second and generates a 10-minute window in milliseconds', () => {
    const t0 = performance.now();
    patrolDay(district, SEED, at('10:00', '2026-10-01'));
    const plan = performance.now() - t0;
    const t1 = performance.now();
    const fixes = patrolFixes(district, SEED, at('10:00', '2026-10-01'), at('10:10', '2026-10-01'), 10);
    const window = performance.now() - t1;
    expect(fixes.length).toBeGreaterThan(40 * 60);
    expect(plan).toBeLessThan(1000);
    expect(window).toBeLessThan(100);
  });
});
