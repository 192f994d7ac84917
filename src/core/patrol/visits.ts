/**
 * Door-to-door visits (入户走访) found in a worker's track: a visit is a stay within
 * `radiusM` of one of a building's entrances for at least `minStayMs` (DOMAIN.md: workers knock on
 * doors, at noon and in the evening). A worker walking past an entrance is not a visit, which is
 * why a stay needs both a radius and a time; a gap in the fixes longer than `maxGapMs` ends a stay
 * (the phone lost its fix: we cannot say the worker stayed).
 *
 * Entrances are indexed once with flatbush in a local metric frame, so each fix costs one small
 * box search, not a distance to every entrance of the district.
 */
import Flatbush from 'flatbush';
import type { Building, BuildingId } from '../model';

/** Default radius around an entrance (m): GPS on a phone by a building is good to ~10–15 m. */
export const VISIT_RADIUS_M = 15;
/** Default least stay (ms): a knock, a few words at the door. */
export const VISIT_MIN_STAY_MS = 3 * 60_000;
/** A longer gap between fixes ends a stay (ms). */
export const VISIT_MAX_GAP_MS = 2 * 60_000;

const EARTH_R = 6_371_008.8;
const RAD = Math.PI / 180;

export interface VisitOptions {
  radiusM?: number;
  minStayMs?: number;
  maxGapMs?: number;
}

/** A track as parallel arrays, in time order: WGS-84 degrees and epoch ms. */
export interface TrackArrays {
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  t: ArrayLike<number>;
}

export interface Visit {
  buildingId: BuildingId;
  /** First and last fix of the stay (epoch ms). */
  from: number;
  to: number;
}

/** The district's entrances, indexed for visit finding. */
export interface EntranceIndex {
  /** Local metric frame: x = (lon − lon0)·kx, y = (lat − lat0)·ky (m). */
  lon0: number;
  lat0: number;
  kx: number;
  ky: number;
  x: Float64Array;
  y: Float64Array;
  buildingOf: BuildingId[];
  index: Flatbush | null;
}

/** Indexes every entrance of `buildings` (a building without entrances cannot be visited). */
export function indexEntrances(buildings: readonly Pick<Building, 'id' | 'entrances'>[]): EntranceIndex {
  const points: { lon: number; lat: number; id: BuildingId }[] = [];
  for (const b of buildings) for (const e of b.entrances) points.push({ lon: e.location[0], lat: e.location[1], id: b.id });
  const lon0 = points.length ? points.reduce((s, p) => s + p.lon, 0) / points.length : 0;
  const lat0 = points.length ? points.reduce((s, p) => s + p.lat, 0) / points.length : 0;
  // Equirectangular about the centre: at district scale (a few km) the error is well under 0.1%.
  const ky = EARTH_R * RAD;
  const kx = ky * Math.cos(lat0 * RAD);
  const x = new Float64Array(points.length);
  const y = new Float64Array(points.length);
  points.forEach((p, i) => {
    x[i] = (p.lon - lon0) * kx;
    y[i] = (p.lat - lat0) * ky;
  });
  let index: Flatbush | null = null;
  if (points.length > 0) {
    index = new Flatbush(points.length);
    for (let i = 0; i < points.length; i++) index.add(x[i], y[i], x[i], y[i]);
    index.finish();
  }
  return { lon0, lat0, kx, ky, x, y, buildingOf: points.map((p) => p.id), index };
}

/**
 * The visits in `track` (one worker's fixes in time order). Several entrances of one building
 * count as one building: moving between its doors continues the stay. Stays at two buildings at
 * once (entrances closer than 2 × radius) are both visits.
 */
export function findVisits(entrances: EntranceIndex, track: TrackArrays, options: VisitOptions = {}): Visit[] {
  const radius = options.radiusM ?? VISIT_RADIUS_M;
  const minStay = options.minStayMs ?? VISIT_MIN_STAY_MS;
  const maxGap = options.maxGapMs ?? VISIT_MAX_GAP_MS;
  if (!(radius > 0) || !(minStay >= 0) || !(maxGap > 0)) throw new RangeError('visit radius and gap must be positive, the stay not negative');
  const visits: Visit[] = [];
  const { index } = entrances;
  if (!index) return visits;
  const r2 = radius * radius;
  /** Open stays by building: first and last fix time. */
  let open = new Map<BuildingId, { from: number; to: number }>();
  const close = (id: BuildingId, stay: { from: number; to: number }): void => {
    if (stay.to - stay.from >= minStay) visits.push({ buildingId: id, from: stay.from, to: stay.to });
  };
  let lastT = -Infinity;
  for (let i = 0; i < track.t.length; i++) {
    const t = track.t[i];
    const lon = track.lon[i];
    const lat = track.lat[i];
    if (!Number.isFinite(t) || !Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    if (t - lastT > maxGap) {
      for (const [id, stay] of open) close(id, stay);
      open = new Map();
    }
    lastT = t;
    const px = (lon - entrances.lon0) * entrances.kx;
    const py = (lat - entrances.lat0) * entrances.ky;
    const near = new Set<BuildingId>();
    for (const k of index.search(px - radius, py - radius, px + radius, py + radius)) {
      const dx = entrances.x[k] - px;
      const dy = entrances.y[k] - py;
      if (dx * dx + dy * dy <= r2) near.add(entrances.buildingOf[k]);
    }
    const next = new Map<BuildingId, { from: number; to: number }>();
    for (const id of near) {
      const stay = open.get(id);
      next.set(id, stay ? { from: stay.from, to: t } : { from: t, to: t });
    }
    for (const [id, stay] of open) if (!near.has(id)) close(id, stay);
    open = next;
  }
  for (const [id, stay] of open) close(id, stay);
  return visits.sort((a, b) => a.from - b.from || (a.buildingId < b.buildingId ? -1 : a.buildingId > b.buildingId ? 1 : 0));
}

/**
 * Whole days since each building was last visited at `nowMs` (floor of the elapsed time in days),
 * or null for one never visited in `visits`. Buildings in the order given.
 */
export function daysSinceLastVisit(buildingIds: readonly BuildingId[], visits: Iterable<Visit>, nowMs: number): { buildingId: BuildingId; days: number | null }[] {
  const last = new Map<BuildingId, number>();
  for (const v of visits) if (v.to <= nowMs && v.to > (last.get(v.buildingId) ?? -Infinity)) last.set(v.buildingId, v.to);
  return buildingIds.map((buildingId) => {
    const at = last.get(buildingId);
    return { buildingId, days: at === undefined ? null : Math.floor((nowMs - at) / 86_400_000) };
  });
}
