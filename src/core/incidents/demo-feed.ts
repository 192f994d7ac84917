/**
 * A seeded, simulated feed for the demo district: incident reports at plausible places, the
 * positions of the patrolling grid workers, and heartbeats, as feed protocol v1 messages. It
 * drives the live demo of `npm start` and makes recordings, so it must be deterministic (same
 * district, seed and options: same messages) and fast (a day of messages in a fraction of a
 * second).
 *
 * Plausible: reports come more in the working day than at night; the common complaints of
 * community governance (clutter, parking, garbage, e-bikes, leaks) dominate and emergencies are
 * rare; each report is placed near a building of the right kind (homes for stairwell clutter,
 * shops for unlicensed trading, sites for construction waste) and inside that building's
 * micro-grid; some are amended later with a higher version (more detail, sometimes more urgent).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { convertLngLat, type Crs } from '../crs';
import { patrolRoutes, positionsAt, type PatrolRoute } from '../demo/patrol';
import { loggedStops, patrolFixes, patrolReports } from '../demo/patrol-day';
import { createRng, type Rng } from '../demo/rng';
import { HEARTBEAT_INTERVAL_S } from '../feed/ingest';
import type { FeedMessage, HeartbeatMessage, IncidentMessage, PositionMessage, ReportMessage, VisitMessage } from '../feed/protocol';
import type { Building, District, LngLat } from '../model';
import { caseClass, type CaseClass } from './classes';
import type { IncidentPriority, IncidentSource } from './model';
import { formatIso, HOUR_MS, offsetMinutesOf, parseIso } from './time';

export interface DemoFeedOptions {
  seed: number;
  /** Start of the simulated span, ISO 8601 with offset; message times are written in its offset. */
  start: string;
  /** Length of the span in hours. */
  hours: number;
  /** Mean incident reports per hour over a whole day (more by day, fewer at night); default 6. */
  incidentsPerHour?: number;
  /** Seconds between position fixes of every worker; default 30; 0 for none. */
  positionsEverySeconds?: number;
  /** CRS the coordinates are sent in; default wgs84 (then no `crs` field is sent). */
  crs?: Crs;
  /**
   * Incident ids are `${idPrefix}-${nnnn}`; default `${district.region}-${yyyymmdd of start}`.
   * Feeds with different seeds over the same day reuse ids unless given different prefixes.
   */
  idPrefix?: string;
  /** seq of the first message; default 1. */
  firstSeq?: number;
  /**
   * The simulated patrol day (protocol v2, core/demo/patrol-day.ts): workers walk the streets of
   * their grid from door to door in working hours only, with the day's gaps; they log about half
   * of their door-to-door stops (`visit`) and each grid chief sends the daily report (`report`,
   * 零上报). Default false: workers loop their grid round the clock and only positions are sent
   * (as in v1).
   */
  patrolDay?: boolean;
}

/** Where a report of a class is placed. */
export type DemoPlacement = 'home' | 'street' | 'shop' | 'site';

/**
 * The classes the demo reports, with relative weights (how often) and placement. Weighted after
 * what DOMAIN.md lists as typical from the field; emergencies get tiny weights.
 */
export const DEMO_CLASS_WEIGHTS: readonly (readonly [code: string, weight: number, placement: DemoPlacement])[] = [
  ['E0150', 14, 'home'], // 楼道堆物
  ['E0505', 12, 'street'], // 非机动车乱停放
  ['E0101', 11, 'street'], // 暴露垃圾
  ['E0504', 9, 'street'], // 机动车乱停放
  ['E0650', 8, 'home'], // 电动车入户充电
  ['E0550', 7, 'home'], // 消防通道堵塞
  ['E0151', 6, 'home'], // 垃圾分类不规范
  ['0550', 5, 'home'], // 屋顶漏水
  ['0551', 4, 'home'], // 墙体渗水
  ['0150', 5, 'street'], // 排水管道堵塞
  ['0553', 4, 'home'], // 电梯故障
  ['E0652', 4, 'home'], // 邻里纠纷
  ['E0654', 3, 'home'], // 老年人需帮扶
  ['E0653', 1.5, 'home'], // 居民危机需走访
  ['E0501', 4, 'shop'], // 无照经营
  ['E0502', 3, 'shop'], // 店外经营
  ['E0152', 2, 'home'], // 饲养禽鸽扰民
  ['E0551', 2.5, 'home'], // 犬只扰民
  ['E0655', 2, 'home'], // 生活噪声扰民
  ['E0651', 2, 'home'], // 飞线充电
  ['0552', 1.5, 'home'], // 外墙脱落
  ['0650', 2, 'home'], // 小区公共设施老化
  ['0554', 2, 'home'], // 楼道照明损坏
  ['0118', 2, 'street'], // 路灯
  ['0102', 1, 'street'], // 污水井盖
  ['0103', 1, 'street'], // 雨水井盖
  ['0302', 1.5, 'street'], // 垃圾箱
  ['0402', 1, 'street'], // 行道树
  ['E0201', 2.5, 'street'], // 非法小广告
  ['E0104', 2, 'street'], // 垃圾满溢
  ['E0302', 1.5, 'site'], // 施工废弃料
  ['E0304', 1, 'site'], // 夜间施工噪声
  ['E0305', 1, 'home'], // 私搭乱建
  ['E0450', 1, 'shop'], // 消防安全隐患
  ['E0401', 0.15, 'home'], // 燃气泄漏
  ['E0404', 0.1, 'street'], // 供水管道爆裂
  ['E0402', 0.05, 'home'], // 火灾
];

/** Relative report rate by local hour of day (0–23); normalised to a mean of 1 below. */
const HOURLY_PROFILE = [0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 1.0, 1.5, 1.7, 1.7, 1.5, 1.2, 1.2, 1.5, 1.6, 1.6, 1.5, 1.4, 1.3, 1.1, 0.8, 0.5, 0.3];
const PROFILE_MEAN = HOURLY_PROFILE.reduce((s, v) => s + v, 0) / HOURLY_PROFILE.length;
const PROFILE_PEAK = Math.max(...HOURLY_PROFILE) / PROFILE_MEAN;

/** Share of reports amended later with a version 2. */
const UPDATE_SHARE = 0.15;
/** Chance a report is one step more urgent than its class's default. */
const UPGRADE_CHANCE = 0.03;

const SOURCES: readonly (readonly [IncidentSource, number])[] = [
  ['patrol', 40],
  ['resident', 30],
  ['hotline_12345', 15],
  ['department', 8],
  ['sensor', 7],
];

const SOURCE_ZH: Record<IncidentSource, string> = {
  patrol: '网格员巡查发现',
  resident: '居民反映',
  hotline_12345: '12345热线转办',
  sensor: '感知设备告警',
  department: '部门移交',
};

/** What the report says, for the common classes; others get a generic sentence. */
const DESCRIPTIONS: Readonly<Record<string, (place: string) => string>> = {
  E0150: (p) => `${p}楼道内堆放纸箱、旧家具，影响通行和消防疏散。`,
  E0505: (p) => `${p}门口非机动车乱停放，堵塞人行通道。`,
  E0101: (p) => `${p}附近有生活垃圾未及时清运。`,
  E0504: (p) => `${p}附近有机动车占用人行道停放。`,
  E0650: (p) => `${p}有住户将电动车推入楼内充电，存在火灾隐患。`,
  E0550: (p) => `${p}消防通道被私家车占用，消防车无法通行。`,
  E0151: (p) => `${p}垃圾分类投放点混投严重。`,
  '0550': (p) => `${p}顶层住户反映雨后屋顶漏水。`,
  '0551': (p) => `${p}住户反映卫生间墙体渗水，影响楼下住户。`,
  '0150': (p) => `${p}附近下水道堵塞，污水外溢。`,
  '0553': (p) => `${p}电梯运行异常，时有停在两层之间。`,
  E0652: (p) => `${p}两户住户因漏水问题发生争执，请求调解。`,
  E0654: (p) => `${p}独居老人行动不便，需要帮助购买生活用品。`,
  E0653: (p) => `${p}有居民近期情绪低落，家属请求社区上门走访。`,
  E0501: (p) => `${p}附近有流动摊贩无照经营。`,
  E0502: (p) => `${p}商户将货物摆放到店外经营。`,
  E0152: (p) => `${p}有住户在楼顶饲养鸽子，粪便影响邻居。`,
  E0551: (p) => `${p}有犬只未拴绳、夜间吠叫扰民。`,
  E0651: (p) => `${p}有住户从窗口拉线给电动车充电。`,
};

const FOLLOW_UPS = ['现场照片已补充上传。', '居民再次来电催办。', '网格员已到场核实，情况属实。', '情况有所加重，请尽快处置。'];
/** The follow-up that makes a report one step more urgent. */
const WORSE = FOLLOW_UPS[3];

/** Even-odd ring test in lon/lat degrees (planar is fine at district scale). */
function inRing(ring: readonly Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inGeometry(g: Polygon | MultiPolygon, p: LngLat): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.some((rings) => inRing(rings[0], p[0], p[1]) && !rings.slice(1).some((hole) => inRing(hole, p[0], p[1])));
}

const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;
/** Metres per degree of latitude (mean Earth radius). */
const M_PER_DEG_LAT = 111_195;

/** `p` moved `metres` in direction `angle` (radians counter-clockwise from east). */
function offset(p: LngLat, metres: number, angle: number): LngLat {
  const dLat = (metres * Math.sin(angle)) / M_PER_DEG_LAT;
  const dLon = (metres * Math.cos(angle)) / (M_PER_DEG_LAT * Math.cos((p[1] * Math.PI) / 180));
  return [p[0] + dLon, p[1] + dLat];
}

function footprintCentre(b: Building): LngLat {
  const ring = b.footprint.coordinates[0].slice(0, -1);
  let x = 0;
  let y = 0;
  for (const [lon, lat] of ring) {
    x += lon;
    y += lat;
  }
  return [x / ring.length, y / ring.length];
}

/** A weighted building picker (cumulative weights and a binary search: many picks over hundreds of buildings). */
function buildingPicker(buildings: readonly Building[], weight: (b: Building) => number): ((rng: Rng) => Building) | null {
  const pool: Building[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const b of buildings) {
    const w = b.entrances.length > 0 ? weight(b) : 0;
    if (!(w > 0)) continue;
    total += w;
    pool.push(b);
    cumulative.push(total);
  }
  if (pool.length === 0) return null;
  return (rng) => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return pool[lo];
  };
}

interface Timed {
  ms: number;
  message: FeedMessage;
}

type Out = (p: LngLat) => { lon: number; lat: number; crs?: Crs };

/**
 * The demo feed for `district` over [start, start + hours): incident reports (and some later
 * versions of them), every worker's position every `positionsEverySeconds` (with `patrolDay`: while
 * on duty), visits and daily reports (with `patrolDay`), and a heartbeat every
 * {@link HEARTBEAT_INTERVAL_S} seconds, ordered by time (at equal times: heartbeat, positions,
 * incidents, visits and reports) and numbered with increasing seq. Deterministic for a district, seed and options.
 * Throws on a `start` that is not ISO 8601 with an offset.
 *
 * @example demoFeedMessages(generateDemoDistrict(), { seed: 1, start: '2024-05-01T00:00:00+08:00', hours: 1 })
 */
export function demoFeedMessages(district: District, options: DemoFeedOptions): FeedMessage[] {
  const startMs = parseIso(options.start);
  if (startMs === null) throw new Error(`demo feed: start ${JSON.stringify(options.start)} is not ISO 8601 with an offset`);
  const endMs = startMs + Math.max(0, options.hours) * HOUR_MS;
  const offsetMin = offsetMinutesOf(options.start);
  const crs = options.crs ?? 'wgs84';
  const rng = createRng(options.seed);
  const iso = (ms: number): string => formatIso(ms, offsetMin);
  const out: Out = (p) => {
    if (crs === 'wgs84') return { lon: round7(p[0]), lat: round7(p[1]) };
    const q = convertLngLat(p, 'wgs84', crs);
    return { lon: round7(q[0]), lat: round7(q[1]), crs };
  };

  const heartbeats: Timed[] = [];
  for (let ms = startMs; ms < endMs; ms += HEARTBEAT_INTERVAL_S * 1000) {
    const message: HeartbeatMessage = { kind: 'heartbeat', seq: 0, at: iso(ms) };
    heartbeats.push({ ms, message });
  }
  // Each part draws from its own fork, so a change in one does not reshuffle the others.
  const everySeconds = options.positionsEverySeconds ?? 30;
  const patrol = options.patrolDay
    ? demoPatrolDay(district, options.seed, startMs, endMs, everySeconds, iso, out)
    : { positions: demoPositions(patrolRoutes(district), startMs, endMs, everySeconds, rng.fork('positions'), iso, out), work: [] };
  const positions = patrol.positions;
  const incidents = demoIncidents(district, options, startMs, endMs, rng.fork('incidents'), iso, out);
  const patrolWork = patrol.work;

  // Merge the streams, each already in time order; ties go heartbeat, position, incident, patrol work.
  const streams = [heartbeats, positions, incidents, patrolWork];
  const heads = [0, 0, 0, 0];
  const messages: FeedMessage[] = new Array(heartbeats.length + positions.length + incidents.length + patrolWork.length);
  let seq = options.firstSeq ?? 1;
  for (let n = 0; n < messages.length; n++) {
    let best = -1;
    for (let s = 0; s < streams.length; s++) {
      if (heads[s] >= streams[s].length) continue;
      if (best < 0 || streams[s][heads[s]].ms < streams[best][heads[best]].ms) best = s;
    }
    const message = streams[best][heads[best]++].message;
    message.seq = seq++;
    messages[n] = message;
  }
  return messages;
}

/**
 * The simulated patrol day (core/demo/patrol-day.ts) as messages: every walker's fix every
 * `everySeconds` while on duty with the phone on, a `visit` when a worker logs a door-to-door
 * stop in the field app (about half of them: the rest only show in the track), and each grid
 * chief's daily report (零上报). All fixed by (district, seed, time): any window of the same day
 * gives the same messages for its part of the day.
 */
function demoPatrolDay(
  district: District,
  seed: number,
  startMs: number,
  endMs: number,
  everySeconds: number,
  iso: (ms: number) => string,
  out: Out,
): { positions: Timed[]; work: Timed[] } {
  const positions: Timed[] = [];
  // Fixes come by instant, every walker at once: format each instant once.
  let lastMs = Number.NaN;
  let lastAt = '';
  for (const f of patrolFixes(district, seed, startMs, endMs, everySeconds)) {
    if (f.ms !== lastMs) {
      lastMs = f.ms;
      lastAt = iso(f.ms);
    }
    const message: PositionMessage = {
      kind: 'position',
      seq: 0,
      at: lastAt,
      worker_id: f.staffId,
      ...out(f.lngLat),
      accuracy_m: f.accuracyM,
      speed: f.speed,
      heading: f.heading,
    };
    positions.push({ ms: f.ms, message });
  }
  const work: Timed[] = [];
  for (const s of loggedStops(district, seed, startMs, endMs)) {
    // The app stamps the tap to the second; the visit is logged as it begins.
    const ms = Math.floor(s.from / 1000) * 1000;
    const message: VisitMessage = { kind: 'visit', seq: 0, at: iso(ms), worker_id: s.staffId, building_id: s.buildingId, duration_s: Math.round((s.to - s.from) / 1000) };
    work.push({ ms, message });
  }
  for (const r of patrolReports(district, seed, startMs, endMs)) {
    const message: ReportMessage = { kind: 'report', seq: 0, at: iso(r.ms), grid_code: r.gridCode, by: r.by, result: r.result };
    if (r.note) message.note = r.note;
    work.push({ ms: r.ms, message });
  }
  // Stable: at equal times visits (in stop order) stay before reports.
  return { positions, work: work.sort((p, q) => p.ms - q.ms) };
}

/** Positions without the patrol day: every worker loops their grid round the clock (protocol v1 demo). */
function demoPositions(
  routes: readonly PatrolRoute[],
  startMs: number,
  endMs: number,
  everySeconds: number,
  rng: Rng,
  iso: (ms: number) => string,
  out: Out,
): Timed[] {
  const list: Timed[] = [];
  if (!(everySeconds > 0)) return list;
  for (let ms = startMs; ms < endMs; ms += everySeconds * 1000) {
    const at = iso(ms);
    for (const w of positionsAt(routes, ms)) {
      const message: PositionMessage = {
        kind: 'position',
        seq: 0,
        at,
        worker_id: w.staffId,
        ...out(w.lngLat),
        accuracy_m: Math.round(rng.float(3, 12) * 10) / 10,
        speed: Math.round(w.speed * 100) / 100,
        heading: (Math.round(w.heading * 10) / 10) % 360,
      };
      list.push({ ms, message });
    }
  }
  return list;
}

function demoIncidents(
  district: District,
  options: DemoFeedOptions,
  startMs: number,
  endMs: number,
  rng: Rng,
  iso: (ms: number) => string,
  out: Out,
): Timed[] {
  const perHour = options.incidentsPerHour ?? 6;
  const anyPicker = buildingPicker(district.buildings, (b) => (b.use === 'residential' ? 2 : 1));
  if (!(perHour > 0) || anyPicker === null) return [];
  const grids = new Map(district.grids.map((g) => [g.code, g.geometry]));
  const homePicker = buildingPicker(district.buildings, (b) => (b.use === 'residential' ? b.households : 0)) ?? anyPicker;
  const towerPicker = buildingPicker(district.buildings, (b) => (b.use === 'residential' && b.floors >= 7 ? b.households : 0)) ?? homePicker;
  const pickers: Record<DemoPlacement, (r: Rng) => Building> = {
    home: homePicker,
    street: anyPicker,
    shop: buildingPicker(district.buildings, (b) => (b.use === 'shop' || b.use === 'market' ? 1 : 0)) ?? anyPicker,
    site: buildingPicker(district.buildings, (b) => (b.use === 'construction' ? 1 : 0)) ?? anyPicker,
  };
  const classes = DEMO_CLASS_WEIGHTS.map(([code, w, placement]) => [{ cls: caseClass(code) as CaseClass, placement }, w] as const);
  const prefix = options.idPrefix ?? `${district.region}-${iso(startMs).slice(0, 10).replace(/-/g, '')}`;
  const offsetMs = offsetMinutesOf(options.start) * 60_000;
  const DAY_MS = 24 * HOUR_MS;

  /** A point near the entrance for `placement`, inside b's grid (else the entrance, else the footprint's centre). */
  const placeNear = (b: Building, placement: DemoPlacement, entrance: LngLat): LngLat => {
    const geometry = grids.get(b.gridCode);
    const [minM, maxM] = placement === 'home' ? [0, 4] : placement === 'shop' ? [2, 8] : [5, 20];
    const candidate = offset(entrance, rng.float(minM, maxM), rng.float(0, 2 * Math.PI));
    if (!geometry || inGeometry(geometry, candidate)) return candidate;
    if (inGeometry(geometry, entrance)) return entrance;
    return footprintCentre(b);
  };

  const list: Timed[] = [];
  // Reports arrive as a Poisson process whose rate follows the hour of day, drawn by thinning:
  // candidates at the peak rate, each kept with probability rate(t) / peak.
  const peakPerMs = (perHour * PROFILE_PEAK) / HOUR_MS;
  let n = 0;
  let t = startMs;
  for (;;) {
    t += -Math.log(1 - rng.next()) / peakPerMs;
    if (t >= endMs) break;
    const localHour = Math.floor(((((t + offsetMs) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
    if (rng.next() >= HOURLY_PROFILE[localHour] / PROFILE_MEAN / PROFILE_PEAK) continue;
    const ms = Math.floor(t / 1000) * 1000;
    const { cls, placement } = rng.weighted(classes);
    const building = (cls.code === '0553' ? towerPicker : pickers[placement])(rng);
    const entrance = rng.pick(building.entrances);
    const location = placeNear(building, placement, entrance.location);
    const place = placement === 'home' && building.use === 'residential' ? `${building.name}${entrance.no}单元` : building.name;
    let source = rng.weighted(SOURCES);
    // Sensors watch facilities (covers, drains, lamps), not behaviour.
    if (source === 'sensor' && cls.kind !== 'component') source = 'patrol';
    let priority: IncidentPriority = cls.defaultPriority;
    if (priority > 1 && rng.chance(UPGRADE_CHANCE)) priority = (priority - 1) as IncidentPriority;
    const describe = DESCRIPTIONS[cls.code] ?? ((p: string) => `${p}附近发现${cls.zh}问题，请核实处置。`);
    n++;
    const base: IncidentMessage = {
      kind: 'incident',
      seq: 0,
      at: iso(ms),
      id: `${prefix}-${String(n).padStart(4, '0')}`,
      version: 1,
      category: cls.code,
      title: `${cls.zh}：${place}`,
      ...out(location),
      source,
      priority,
      description: `${SOURCE_ZH[source]}：${describe(place)}`,
    };
    list.push({ ms, message: base });
    // Some reports are amended upstream later: a higher version with more detail.
    if (rng.chance(UPDATE_SHARE)) {
      const later = ms + Math.round(rng.float(10, 180)) * 60_000;
      const followUp = rng.pick(FOLLOW_UPS);
      if (later < endMs) {
        const worse = followUp === WORSE && priority > 1;
        list.push({
          ms: later,
          message: {
            ...base,
            at: iso(later),
            version: 2,
            priority: worse ? ((priority - 1) as IncidentPriority) : priority,
            description: `${base.description}${followUp}`,
          },
        });
      }
    }
  }
  // Follow-ups were pushed out of time order; the sort is stable, so equal times keep creation order.
  return list.sort((a, b) => a.ms - b.ms);
}
