/**
 * A day of simulated patrols in the demo district ("人在格中走"): every grid chief and grid
 * worker walks the streets and paths of their own level-3 grid (street-graph.ts) from building
 * entrance to entrance during working hours, stopping at some doors for a visit (入户走访), with
 * the gaps a supervisor must be able to spot.
 *
 * - Working hours, China time: about 08:30–12:00 and 14:00–17:30, each bound ± 15 min per worker
 *   and day. No fixes outside them: the worker is off duty and the app greys them out.
 * - Walking at 1.0–1.4 m/s (per worker and day) along shortest paths; a door-to-door stop of
 *   3–10 min at some entrances (in the part of the grid the worker works on that day), standing
 *   within a few metres of the door. GPS jitter of up to {@link WALK_JITTER_M} m while walking,
 *   {@link STAY_JITTER_M} m while standing.
 * - Gaps: one or two grids a day walk not at all (sick leave, so their coverage stays low); about
 *   1 in 15 workers has the phone off for 30–90 min in the afternoon (they walk on, unseen); about
 *   1 in 10 walks 20–40 min in a neighbouring grid (helping out), which the app lists as outside
 *   their own grid.
 * - Each level-3 base grid's chief sends the daily report (零上报) between 08:00 and 11:30; two or
 *   three grids a day report after 10:00 (the default cutoff), one or two not at all.
 *
 * Everything is a pure function of (district, seed, China day): every client and every replay
 * agree, and any window of a day gives the fixes of the whole day's plan in that window. A day is
 * planned once (about 30 ms for the demo's 70 walkers, shortest-path trees cached per district)
 * and kept in a small cache, so windows of fixes cost only interpolation.
 */
import { chinaDay, chinaDayStartMs } from '../china-time';
import type { BuildingId, District, GridCode, LngLat, StaffId } from '../model';
import { round7, toLngLat, type Xy } from './plane';
import { createRng, hash32, type Rng } from './rng';
import { pathTo, pathTree, walkGraph, walkSubgraph, type PathTree, type WalkEntrance, type WalkGraph, type WalkSubgraph } from './street-graph';

const MIN_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Walking speeds (m/s): one per worker and day. */
export const WALK_SPEED_RANGE_MPS: readonly [number, number] = [1.0, 1.4];
/** Largest GPS error (m) added to a walking fix. */
export const WALK_JITTER_M = 2;
/** Largest GPS error (m) added to a fix while standing at a door (phones by walls do worse). */
export const STAY_JITTER_M = 3;
/** How long a door-to-door stop lasts (ms). */
export const STOP_DURATION_MS: readonly [number, number] = [3 * MIN_MS, 10 * MIN_MS];
/** Chance of a stop at an entrance the worker reaches in the part of the grid they work on today. */
const STOP_CHANCE = 0.3;
/** Share of a grid's micro-grids a worker works on (knocks on doors in) on a given day. */
const FOCUS_SHARE = 0.35;
/** A worker picks the next entrance among this many of the nearest not yet reached this shift. */
const NEAREST_CHOICE = 5;
/** Share of stops the worker logs in the field app (a `visit` message); the rest only show in the track. */
const LOGGED_SHARE = 0.5;

export { chinaDay, chinaDayStartMs };

/** A stop at a door: the worker stands by `entrance` from `from` to `to` (epoch ms). */
export interface PlannedStop {
  staffId: StaffId;
  buildingId: BuildingId;
  /** The level-3 grid of the building. */
  gridCode: GridCode;
  /** WGS-84 of the entrance. */
  entrance: LngLat;
  from: number;
  to: number;
  /** Whether the worker taps "visited" in the field app (a `visit` message), unless the phone is off. */
  logged: boolean;
}

/** One stretch of a worker's day: a walk along a polyline at constant speed, or standing at a door. */
interface Leg {
  from: number;
  to: number;
  /** Plane metres; one point while standing. */
  xs: number[];
  ys: number[];
  /** Cumulative metres along the walk, by vertex. */
  cum: number[];
  /** m/s; 0 while standing. */
  speed: number;
  /** Degrees clockwise from north: the last direction walked while standing. */
  heading: number;
}

export interface WorkerDay {
  staffId: StaffId;
  gridCode: GridCode;
  /** m/s while walking. */
  speed: number;
  /** The two shifts [from, to) (epoch ms); empty on sick leave. */
  shifts: readonly (readonly [number, number])[];
  /** When the phone is off (no fixes, no logged visits), or null. */
  phoneOff: readonly [number, number] | null;
  /** A stretch spent helping in a neighbouring grid, or null. */
  excursion: { gridCode: GridCode; from: number; to: number } | null;
  stops: readonly PlannedStop[];
  legs: readonly Leg[];
}

/** A daily report (零上报) as the chief sends it. */
export interface PlannedReport {
  ms: number;
  gridCode: GridCode;
  by: StaffId;
  result: 'nothing_to_report' | 'matters_reported';
  note?: string;
}

export interface PatrolDay {
  day: number;
  /** Grids nobody walks today (sick leave). */
  sickGrids: readonly GridCode[];
  /** Every walker (grid chiefs and grid workers of grids with a walk graph), in staff order. */
  workers: readonly WorkerDay[];
  /** Daily reports, in time order; grids missing from it do not report today. */
  reports: readonly PlannedReport[];
  /** Grids reporting after 10:00 today. */
  lateGrids: readonly GridCode[];
  /** Grids not reporting today. */
  silentGrids: readonly GridCode[];
}

/** One fix of one worker. */
export interface PatrolFix {
  ms: number;
  staffId: StaffId;
  lngLat: LngLat;
  /** m/s (0 while standing). */
  speed: number;
  /** Degrees clockwise from north. */
  heading: number;
  /** The horizontal accuracy the phone claims (m). */
  accuracyM: number;
}

const REPORT_NOTES = [
  '巡查发现楼道堆物，已按事件上报',
  '发现非机动车乱停放，已现场劝导',
  '独居老人走访一户，需社区跟进',
  '一处井盖松动，已上报市政',
  '邻里噪声纠纷一起，已调解',
];

/** Integer avalanche of two 32-bit words: jitter per (worker, second) without state. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

const dayCache = new WeakMap<District, Map<string, PatrolDay>>();
/** Days kept per district: today and the six before (the coverage trend), and one spare. */
const DAYS_KEPT = 8;

/** The walkers: grid chiefs and grid workers, in staff order. */
function walkersOf(district: District): { staffId: StaffId; gridCode: GridCode }[] {
  return district.staff.filter((s) => s.role === 'grid_chief' || s.role === 'grid_worker').map((s) => ({ staffId: s.id, gridCode: s.gridCode }));
}

/**
 * The patrol day of `district` for `seed` on the China day holding `epochMs`. Cached (the last
 * {@link DAYS_KEPT} days per district): treat the result and the district as immutable.
 */
export function patrolDay(district: District, seed: number, epochMs: number): PatrolDay {
  const day = chinaDay(epochMs);
  let days = dayCache.get(district);
  if (!days) {
    days = new Map();
    dayCache.set(district, days);
  }
  const key = `${seed}:${day}`;
  const hit = days.get(key);
  if (hit) {
    // Refresh its place in the insertion order: the map doubles as an LRU list.
    days.delete(key);
    days.set(key, hit);
    return hit;
  }
  const planned = planDay(district, seed, day);
  days.set(key, planned);
  while (days.size > DAYS_KEPT) days.delete(days.keys().next().value as string);
  return planned;
}

function planDay(district: District, seed: number, day: number): PatrolDay {
  const graph = walkGraph(district);
  const dayStart = chinaDayStartMs(day);
  const rng = createRng(hash32(`patrol-day:${seed}:${day}`));
  const walkers = walkersOf(district).filter((w) => (graph.entrances.get(w.gridCode)?.length ?? 0) > 0);
  const walkedGrids = [...new Set(walkers.map((w) => w.gridCode))].sort();
  const sickCount = walkedGrids.length > 4 ? (rng.fork('sick-count').chance(0.5) ? 2 : 1) : 0;
  const sickGrids = rng.fork('sick').shuffle(walkedGrids).slice(0, sickCount).sort();
  const sick = new Set(sickGrids);

  const workers = walkers.map((w) =>
    planWorker(graph, w.staffId, w.gridCode, createRng(hash32(`patrol:${seed}:${day}:${w.staffId}`)), dayStart, sick.has(w.gridCode)),
  );

  // Daily reports: the chiefs of base grids, a few late, one or two silent.
  const grids = district.grids.filter((g) => g.level === 3 && g.kind === 'base' && g.chiefId).sort((a, b) => (a.code < b.code ? -1 : 1));
  const rr = rng.fork('reports');
  const order = rr.shuffle(grids);
  const silent = grids.length > 6 ? rr.int(1, 2) : 0;
  const late = grids.length > 6 ? rr.int(2, 3) : 0;
  const reports: PlannedReport[] = [];
  order.forEach((g, i) => {
    if (i < silent) return;
    const [from, to] = i < silent + late ? [10 * 60 + 5, 11 * 60 + 30] : [8 * 60, 10 * 60];
    const ms = dayStart + Math.floor(rr.float(from, to) * 60) * 1000;
    const matters = rr.chance(0.2);
    const report: PlannedReport = { ms, gridCode: g.code, by: g.chiefId as StaffId, result: matters ? 'matters_reported' : 'nothing_to_report' };
    if (matters) report.note = rr.pick(REPORT_NOTES);
    reports.push(report);
  });
  reports.sort((a, b) => a.ms - b.ms || (a.gridCode < b.gridCode ? -1 : 1));
  return {
    day,
    sickGrids,
    workers,
    reports,
    lateGrids: order.slice(silent, silent + late).map((g) => g.code).sort(),
    silentGrids: order.slice(0, silent).map((g) => g.code).sort(),
  };
}

function walkLeg(graph: WalkGraph, nodes: readonly number[], from: number, speed: number): Leg {
  // Plain arrays: V8 makes small typed arrays far more slowly, and a day has ~10,000 legs.
  const xs: number[] = [];
  const ys: number[] = [];
  const cum: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    xs.push(graph.x[nodes[i]]);
    ys.push(graph.y[nodes[i]]);
    cum.push(i === 0 ? 0 : cum[i - 1] + Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]));
  }
  const k = nodes.length - 1;
  const heading = k > 0 ? headingOf(xs[k] - xs[k - 1], ys[k] - ys[k - 1]) : 0;
  return { from, to: from + (cum[k] / speed) * 1000, xs, ys, cum, speed, heading };
}

function headingOf(dx: number, dy: number): number {
  return (((Math.atan2(dx, dy) * 180) / Math.PI) % 360 + 360) % 360;
}

function planWorker(graph: WalkGraph, staffId: StaffId, gridCode: GridCode, rng: Rng, dayStart: number, sick: boolean): WorkerDay {
  const speed = rng.float(WALK_SPEED_RANGE_MPS[0], WALK_SPEED_RANGE_MPS[1]);
  const at = (hours: number, spreadMin = 15): number => dayStart + hours * HOUR_MS + Math.round(rng.float(-spreadMin, spreadMin) * 60) * 1000;
  const shifts: [number, number][] = [
    [at(8.5), at(12)],
    [at(14), at(17.5)],
  ];
  // Draw every chance even when unused, so one rule's outcome does not reshuffle the others.
  const phoneOffDraw = [rng.next(), rng.float(14.25, 16), rng.float(30, 90)];
  const excursionDraw = [rng.next(), rng.next(), rng.next(), rng.float(20, 40)];
  const focusRng = rng.fork('focus');
  const walkRng = rng.fork('walk');
  if (sick) return { staffId, gridCode, speed, shifts: [], phoneOff: null, excursion: null, stops: [], legs: [] };

  let phoneOff: [number, number] | null = null;
  if (phoneOffDraw[0] < 1 / 15) {
    const from = dayStart + Math.round(phoneOffDraw[1] * 60) * MIN_MS;
    phoneOff = [from, Math.min(from + Math.round(phoneOffDraw[2]) * MIN_MS, shifts[1][1])];
  }
  let excursion: WorkerDay['excursion'] = null;
  const neighbours = (graph.neighbours.get(gridCode) ?? []).filter((g) => (graph.entrances.get(g)?.length ?? 0) > 0);
  if (excursionDraw[0] < 1 / 10 && neighbours.length > 0) {
    const [s0, s1] = shifts[excursionDraw[1] < 0.5 ? 0 : 1];
    const length = Math.round(excursionDraw[3]) * MIN_MS;
    // Start far enough inside the shift to have time to cross, and finish before it ends.
    const from = s0 + 15 * MIN_MS + Math.floor(excursionDraw[2] * Math.max(0, s1 - s0 - length - 30 * MIN_MS));
    excursion = { gridCode: neighbours[Math.floor(excursionDraw[1] * 1e6) % neighbours.length], from, to: from + length };
  }

  const own = graph.entrances.get(gridCode) ?? [];
  const units = [...new Set(own.map((e) => e.unitCode))].sort();
  const focus = new Set(units.filter(() => focusRng.next() < FOCUS_SHARE));
  if (focus.size === 0 && units.length > 0) focus.add(units[Math.floor(focusRng.next() * units.length)]);

  const legs: Leg[] = [];
  const stops: PlannedStop[] = [];
  for (const [s0, s1] of shifts) {
    let current: WalkEntrance = own[Math.floor(walkRng.next() * own.length)];
    let t = s0;
    const reached = new Set<number>([current.node]);
    while (t < s1) {
      const away = excursion !== null && t >= excursion.from && t < excursion.to;
      const pool = away && excursion ? (graph.entrances.get(excursion.gridCode) ?? own) : own;
      const inOwn = graph.gridOf[current.node] === gridCode;
      const sub = walkSubgraph(graph, away || !inOwn ? [gridCode, (excursion as { gridCode: GridCode }).gridCode] : [gridCode]);
      const tree = pathTree(sub, sub.local[current.node]);
      let next = nearestPick(sub, tree, pool, reached, walkRng.next());
      if (next === null) {
        reached.clear();
        reached.add(current.node);
        next = nearestPick(sub, tree, pool, reached, walkRng.next());
      }
      if (next === null) break;
      const leg = walkLeg(graph, pathTo(sub, tree, sub.local[next.node]), t, speed);
      legs.push(leg);
      t = leg.to;
      current = next;
      // Reaching one door of a building reaches all of them: the next walk goes to another building.
      for (const n of doorsOf(graph, next)) reached.add(n);
      const stopHere = next.gridCode === gridCode ? focus.has(next.unitCode) : true;
      // The draws happen whatever the outcome, so the walk is the same wherever a stop falls.
      const stopDraw = walkRng.next();
      const drawn = Math.round(walkRng.float(STOP_DURATION_MS[0], STOP_DURATION_MS[1]) / 1000) * 1000;
      const loggedDraw = walkRng.next();
      // No visit started with less than the shortest one left in the shift; a longer one ends with it.
      if (t + STOP_DURATION_MS[0] <= s1 && stopHere && stopDraw < STOP_CHANCE) {
        const duration = Math.min(drawn, s1 - t);
        const x = graph.x[next.node];
        const y = graph.y[next.node];
        legs.push({ from: t, to: t + duration, xs: [x], ys: [y], cum: [0], speed: 0, heading: leg.heading });
        const [lon, lat] = toLngLat(graph.frame, { x, y });
        stops.push({
          staffId,
          buildingId: next.buildingId,
          gridCode: next.gridCode,
          entrance: [round7(lon), round7(lat)],
          from: t,
          to: t + duration,
          logged: loggedDraw < LOGGED_SHARE,
        });
        t += duration;
      }
    }
  }
  return { staffId, gridCode, speed, shifts, phoneOff, excursion, stops, legs };
}

/**
 * One of the {@link NEAREST_CHOICE} entrances of `pool` nearest by path from the tree's source,
 * not yet `reached` (picked by `draw` in [0, 1)), or null when none is reachable. A selection
 * into a fixed-size list: this runs for every hop of every worker, so it allocates nothing big.
 */
function nearestPick(sub: WalkSubgraph, tree: PathTree, pool: readonly WalkEntrance[], reached: ReadonlySet<number>, draw: number): WalkEntrance | null {
  const bestD: number[] = [];
  const bestE: WalkEntrance[] = [];
  for (const e of pool) {
    if (reached.has(e.node)) continue;
    const local = sub.local[e.node];
    if (local < 0) continue;
    const d = tree.dist[local];
    if (!Number.isFinite(d)) continue;
    if (bestD.length === NEAREST_CHOICE && d >= bestD[NEAREST_CHOICE - 1]) continue;
    let i = bestD.length < NEAREST_CHOICE ? bestD.length : NEAREST_CHOICE - 1;
    while (i > 0 && bestD[i - 1] > d) {
      bestD[i] = bestD[i - 1];
      bestE[i] = bestE[i - 1];
      i--;
    }
    bestD[i] = d;
    bestE[i] = e;
  }
  return bestE.length === 0 ? null : bestE[Math.floor(draw * bestE.length)];
}

const doorsCache = new WeakMap<WalkGraph, Map<BuildingId, number[]>>();

/** The entrance nodes of `entrance`'s building. */
function doorsOf(graph: WalkGraph, entrance: WalkEntrance): readonly number[] {
  let doors = doorsCache.get(graph);
  if (!doors) {
    doors = new Map();
    for (const list of graph.entrances.values()) for (const e of list) doors.set(e.buildingId, [...(doors.get(e.buildingId) ?? []), e.node]);
    doorsCache.set(graph, doors);
  }
  return doors.get(entrance.buildingId) ?? [entrance.node];
}

/** Whether `ms` is a time the worker's phone sends a fix. */
function sending(w: WorkerDay, ms: number): boolean {
  let on = false;
  for (const [a, b] of w.shifts) if (ms >= a && ms < b) on = true;
  if (!on) return false;
  return !(w.phoneOff && ms >= w.phoneOff[0] && ms < w.phoneOff[1]);
}

/** Where the worker is at `ms` within `leg` (plane metres) and which way they face. */
function placeOnLeg(leg: Leg, ms: number): { p: Xy; heading: number } {
  const n = leg.xs.length;
  if (n === 1 || leg.speed === 0) return { p: { x: leg.xs[0], y: leg.ys[0] }, heading: leg.heading };
  const along = Math.min(leg.cum[n - 1], ((ms - leg.from) / 1000) * leg.speed);
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (leg.cum[mid] <= along) lo = mid;
    else hi = mid;
  }
  const seg = leg.cum[hi] - leg.cum[lo];
  const t = seg > 0 ? (along - leg.cum[lo]) / seg : 0;
  const dx = leg.xs[hi] - leg.xs[lo];
  const dy = leg.ys[hi] - leg.ys[lo];
  return { p: { x: leg.xs[lo] + t * dx, y: leg.ys[lo] + t * dy }, heading: seg > 0 ? headingOf(dx, dy) : leg.heading };
}

/**
 * Every walker's fixes at `startMs`, `startMs + everySeconds`, … before `endMs`, in time order
 * (workers in staff order at each instant), only while they are on duty with the phone on.
 * A fix's GPS error and claimed accuracy are fixed by the worker and the second, so any window
 * of any length gives the same fix for the same instant.
 */
export function patrolFixes(district: District, seed: number, startMs: number, endMs: number, everySeconds: number): PatrolFix[] {
  const out: PatrolFix[] = [];
  if (!(everySeconds > 0) || !(endMs > startMs)) return out;
  const step = everySeconds * 1000;
  const graph = walkGraph(district);
  let day = Number.NaN;
  let workers: readonly WorkerDay[] = [];
  let cursor: Int32Array = new Int32Array(0);
  let salts: number[] = [];
  for (let ms = startMs; ms < endMs; ms += step) {
    const d = chinaDay(ms);
    if (d !== day) {
      day = d;
      workers = patrolDay(district, seed, ms).workers;
      cursor = new Int32Array(workers.length);
      salts = workers.map((w) => hash32(`gps:${seed}:${w.staffId}`));
    }
    const second = Math.floor(ms / 1000) >>> 0;
    for (let i = 0; i < workers.length; i++) {
      const w = workers[i];
      if (!sending(w, ms)) continue;
      const legs = w.legs;
      let k = cursor[i];
      while (k < legs.length - 1 && legs[k].to <= ms) k++;
      cursor[i] = k;
      const leg = legs[k];
      if (!leg || ms < leg.from || ms >= leg.to) continue;
      const { p, heading } = placeOnLeg(leg, ms);
      const salt = salts[i];
      const radius = (leg.speed === 0 ? STAY_JITTER_M : WALK_JITTER_M) * Math.sqrt(mix(salt, second) / 4294967296);
      const angle = (2 * Math.PI * mix(salt ^ 0x5bd1e995, second)) / 4294967296;
      const [lon, lat] = toLngLat(graph.frame, { x: p.x + radius * Math.cos(angle), y: p.y + radius * Math.sin(angle) });
      out.push({
        ms,
        staffId: w.staffId,
        lngLat: [round7(lon), round7(lat)],
        speed: Math.round(leg.speed * 100) / 100,
        heading: Math.round(heading * 10) / 10 % 360,
        accuracyM: Math.round((3 + 9 * (mix(salt ^ 0x27d4eb2f, second) / 4294967296)) * 10) / 10,
      });
    }
  }
  return out;
}

/** The stops whose start lies in [startMs, endMs), in time order, each day's from its plan. */
export function patrolStops(district: District, seed: number, startMs: number, endMs: number): PlannedStop[] {
  const out: PlannedStop[] = [];
  for (let d = chinaDay(startMs); chinaDayStartMs(d) < endMs; d++) {
    for (const w of patrolDay(district, seed, Math.max(startMs, chinaDayStartMs(d))).workers) {
      for (const s of w.stops) if (s.from >= startMs && s.from < endMs) out.push(s);
    }
  }
  return out.sort((a, b) => a.from - b.from || (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0));
}

/** The stops a worker logs in the field app: logged, with the phone on when the stop begins. */
export function loggedStops(district: District, seed: number, startMs: number, endMs: number): PlannedStop[] {
  const days = new Map<number, Map<StaffId, WorkerDay>>();
  return patrolStops(district, seed, startMs, endMs).filter((s) => {
    if (!s.logged) return false;
    const d = chinaDay(s.from);
    let byId = days.get(d);
    if (!byId) {
      byId = new Map(patrolDay(district, seed, s.from).workers.map((w) => [w.staffId, w]));
      days.set(d, byId);
    }
    const w = byId.get(s.staffId);
    return !!w && sending(w, s.from);
  });
}

/** The daily reports sent in [startMs, endMs), in time order. */
export function patrolReports(district: District, seed: number, startMs: number, endMs: number): PlannedReport[] {
  const out: PlannedReport[] = [];
  for (let d = chinaDay(startMs); chinaDayStartMs(d) < endMs; d++) {
    for (const r of patrolDay(district, seed, Math.max(startMs, chinaDayStartMs(d))).reports) if (r.ms >= startMs && r.ms < endMs) out.push(r);
  }
  return out;
}
