/**
 * Reading a GeoJSON geometry that may be anything (null, NaN, wrong type, out of range) into
 * plain 2D rings, with a reason when it cannot be used. Never throws.
 */
import type { Position } from 'geojson';
import type { PolygonRings } from '../import/planar';

export type ReadResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A [lon, lat] in degrees, finite and in range; altitude dropped. */
export function readPosition(p: unknown): ReadResult<Position> {
  if (!Array.isArray(p) || p.length < 2) return { ok: false, reason: 'position is not an array of two numbers' };
  const [x, y] = p as unknown[];
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    return { ok: false, reason: 'coordinate is missing or not a finite number (NaN/null)' };
  }
  if (x < -180 || x > 180 || y < -90 || y > 90) return { ok: false, reason: `coordinate out of range: [${x}, ${y}]` };
  return { ok: true, value: [x, y] };
}

function readRing(raw: unknown): ReadResult<Position[]> {
  if (!Array.isArray(raw)) return { ok: false, reason: 'ring is not an array' };
  const ring: Position[] = [];
  for (const p of raw) {
    const r = readPosition(p);
    if (!r.ok) return r;
    ring.push(r.value);
  }
  if (ring.length < 4) return { ok: false, reason: `ring has ${ring.length} positions (at least 4 needed)` };
  const a = ring[0];
  const b = ring[ring.length - 1];
  if (a[0] !== b[0] || a[1] !== b[1]) return { ok: false, reason: 'ring is not closed' };
  return { ok: true, value: ring };
}

function readPolygon(raw: unknown): ReadResult<PolygonRings> {
  if (!Array.isArray(raw) || raw.length === 0) return { ok: false, reason: 'polygon has no rings' };
  const rings: PolygonRings = [];
  for (const r of raw) {
    const ring = readRing(r);
    if (!ring.ok) return ring;
    rings.push(ring.value);
  }
  return { ok: true, value: rings };
}

/** A Polygon or MultiPolygon as a list of polygons (shell first, then holes). */
export function readPolygons(g: unknown): ReadResult<PolygonRings[]> {
  if (g === null || g === undefined) return { ok: false, reason: 'geometry is missing' };
  if (!isObject(g) || typeof g.type !== 'string') return { ok: false, reason: 'geometry is malformed' };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return { ok: false, reason: `wrong geometry type: ${g.type}` };
  if (!Array.isArray(g.coordinates)) return { ok: false, reason: 'coordinates are missing' };
  const raw: unknown[] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (raw.length === 0) return { ok: false, reason: 'geometry is empty' };
  const out: PolygonRings[] = [];
  for (const p of raw) {
    const r = readPolygon(p);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return { ok: true, value: out };
}
