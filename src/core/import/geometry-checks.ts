/**
 * Checks of one feature's geometry before import: structure (a Polygon or MultiPolygon of closed
 * numeric rings), coordinate range, swapped axes, and self-intersection. Each kind of problem is
 * reported once per feature, with the first place it occurs and a count where useful.
 */
import type { Position } from 'geojson';
import { dedupeRing, findSelfIntersection, type PolygonRings } from './planar';
import type { ImportProblem } from './types';

/** China's extent as used for swapped-axis detection (degrees). */
const CHINA_LON: readonly [number, number] = [73, 135];
const CHINA_LAT: readonly [number, number] = [18, 54];

/** Larger than any degree value: numbers like these are metres of a projected system. */
const PROJECTED_HINT = 1000;

export interface GeometryCheck {
  problems: ImportProblem[];
  /**
   * The rings as 2D positions (altitude dropped) when the structure is sound (numeric, closed,
   * at least 4 positions a ring), even if range or self-intersection problems were found.
   */
  polygons: PolygonRings[] | null;
  type: 'Polygon' | 'MultiPolygon' | null;
}

type Where = { polygon: number; ring: number; position: number };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON has no NaN: files write it as null or as a string; Infinity can arrive as 1e999. */
function isNanLike(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v === 'number') return !Number.isFinite(v);
  return typeof v === 'string' && /^\s*[+-]?(nan|infinity|inf)\s*$/i.test(v);
}

const inChina = (lon: number, lat: number): boolean =>
  lon >= CHINA_LON[0] && lon <= CHINA_LON[1] && lat >= CHINA_LAT[0] && lat <= CHINA_LAT[1];

/** Checks a feature's `geometry` member. Never throws. */
export function checkGeometry(geometry: unknown): GeometryCheck {
  const fail = (detail: Record<string, string | number>): GeometryCheck => ({
    problems: [{ kind: 'invalid_geometry', detail }],
    polygons: null,
    type: null,
  });
  if (geometry === null || geometry === undefined) return fail({ reason: 'missing' });
  if (!isObject(geometry) || typeof geometry.type !== 'string') return fail({ reason: 'malformed' });
  const type = geometry.type;
  if (type !== 'Polygon' && type !== 'MultiPolygon') return fail({ reason: 'wrong_type', type });
  const coords = geometry.coordinates;
  if (!Array.isArray(coords)) return fail({ reason: 'malformed' });
  const rawPolygons: unknown[] = type === 'Polygon' ? [coords] : coords;
  if (rawPolygons.length === 0) return fail({ reason: 'empty' });

  const problems: ImportProblem[] = [];
  let invalid: Record<string, string | number> | null = null;
  let firstNan: Where | null = null;
  let nanCount = 0;
  let firstOpen: { polygon: number; ring: number } | null = null;
  let openCount = 0;
  const polygons: PolygonRings[] = [];

  // Plain loops with labels: the walk stops at the first structural fault but keeps counting
  // NaNs and open rings, which are reported with their totals.
  walk: for (let polygon = 0; polygon < rawPolygons.length; polygon++) {
    const rawRings = rawPolygons[polygon];
    if (!Array.isArray(rawRings) || rawRings.length === 0) {
      invalid = { reason: Array.isArray(rawRings) ? 'empty' : 'malformed', polygon };
      break;
    }
    const rings: PolygonRings = [];
    for (let ring = 0; ring < rawRings.length; ring++) {
      const rawRing: unknown = rawRings[ring];
      if (!Array.isArray(rawRing)) {
        invalid = { reason: 'malformed', polygon, ring };
        break walk;
      }
      const positions: Position[] = [];
      let ringHasNan = false;
      for (let position = 0; position < rawRing.length; position++) {
        const pos: unknown = rawRing[position];
        if (!Array.isArray(pos) || pos.length < 2) {
          invalid = { reason: 'bad_position', polygon, ring, position };
          break walk;
        }
        const x: unknown = pos[0];
        const y: unknown = pos[1];
        if (isNanLike(x) || isNanLike(y)) {
          nanCount++;
          firstNan ??= { polygon, ring, position };
          ringHasNan = true;
          continue;
        }
        if (typeof x !== 'number' || typeof y !== 'number') {
          invalid = { reason: 'non_numeric', polygon, ring, position };
          break walk;
        }
        positions.push([x, y]);
      }
      if (ringHasNan) continue;
      if (positions.length < 4) {
        invalid = { reason: 'too_few_positions', polygon, ring, positions: positions.length };
        break walk;
      }
      const first = positions[0];
      const last = positions[positions.length - 1];
      if (first[0] !== last[0] || first[1] !== last[1]) {
        openCount++;
        firstOpen ??= { polygon, ring };
        continue;
      }
      // Three distinct corners at least, or there is no area to speak of.
      if (dedupeRing(positions).length < 4) {
        invalid = { reason: 'degenerate_ring', polygon, ring };
        break walk;
      }
      rings.push(positions);
    }
    polygons.push(rings);
  }

  if (invalid) problems.push({ kind: 'invalid_geometry', detail: invalid });
  if (firstNan) problems.push({ kind: 'nan_coordinate', detail: { ...firstNan, count: nanCount } });
  if (firstOpen) problems.push({ kind: 'unclosed_ring', detail: { ...firstOpen, count: openCount } });
  if (problems.length > 0) return { problems, polygons: null, type };

  const rangeProblem = checkRange(polygons);
  if (rangeProblem) return { problems: [rangeProblem], polygons, type };
  const kink = findSelfIntersection(polygons);
  if (kink) {
    problems.push({
      kind: 'self_intersection',
      detail: { lon: kink.at[0], lat: kink.at[1], polygon: kink.polygon, ring: kink.ring },
    });
  }
  return { problems, polygons, type };
}

/**
 * Swapped axes first: [lat, lon] pairs of a place in China are out of range as well (a longitude
 * of 113 is no latitude), and "swapped" is the diagnosis that tells the user what to fix.
 */
function checkRange(polygons: readonly PolygonRings[]): ImportProblem | null {
  let allOutsideChina = true;
  let allInChinaSwapped = true;
  let firstBad: Where | null = null;
  let badCount = 0;
  for (let polygon = 0; polygon < polygons.length; polygon++) {
    for (let ring = 0; ring < polygons[polygon].length; ring++) {
      const positions = polygons[polygon][ring];
      for (let position = 0; position < positions.length; position++) {
        const [x, y] = positions[position];
        if (inChina(x, y)) allOutsideChina = false;
        if (!inChina(y, x)) allInChinaSwapped = false;
        if (Math.abs(x) > 180 || Math.abs(y) > 90) {
          badCount++;
          firstBad ??= { polygon, ring, position };
        }
      }
    }
  }
  const start = polygons[0][0][0];
  if (allOutsideChina && allInChinaSwapped) {
    return { kind: 'latlon_swapped', detail: { lon: start[0], lat: start[1] } };
  }
  if (!firstBad) return null;
  const [x, y] = polygons[firstBad.polygon][firstBad.ring][firstBad.position];
  const detail: Record<string, string | number> = { lon: x, lat: y, ...firstBad, count: badCount };
  if (Math.abs(x) > PROJECTED_HINT || Math.abs(y) > PROJECTED_HINT) detail.hint = 'projected';
  return { kind: 'out_of_range', detail };
}
