/**
 * A local metric plane for generating and measuring the demo district. Over a few kilometres an
 * equirectangular projection about a reference latitude is accurate to well under 0.1 %, and
 * because it is affine it keeps straight lines straight, convex polygons convex and shared
 * vertices shared: the partition is built in metres and only converted to WGS-84 at the end.
 */
import type { LngLat } from '../model';

/** Mean Earth radius in metres (the value turf uses). */
export const EARTH_RADIUS_M = 6371008.8;
const DEG = Math.PI / 180;

/** A point in the local plane: x metres east, y metres north of the frame's origin. */
export interface Xy {
  readonly x: number;
  readonly y: number;
}

/** An equirectangular frame about `origin`. */
export interface PlaneFrame {
  readonly origin: LngLat;
  /** Metres per degree of longitude at the origin's latitude. */
  readonly mPerDegLon: number;
  /** Metres per degree of latitude. */
  readonly mPerDegLat: number;
}

/** A frame centred on `origin` ([lon, lat] degrees). */
export function planeFrame(origin: LngLat): PlaneFrame {
  const mPerDegLat = EARTH_RADIUS_M * DEG;
  return { origin, mPerDegLat, mPerDegLon: mPerDegLat * Math.cos(origin[1] * DEG) };
}

/** Plane metres to [lon, lat] degrees (not rounded). */
export function toLngLat(frame: PlaneFrame, p: Xy): [number, number] {
  return [frame.origin[0] + p.x / frame.mPerDegLon, frame.origin[1] + p.y / frame.mPerDegLat];
}

/** [lon, lat] degrees to plane metres. */
export function toXy(frame: PlaneFrame, lngLat: LngLat): Xy {
  return {
    x: (lngLat[0] - frame.origin[0]) * frame.mPerDegLon,
    y: (lngLat[1] - frame.origin[1]) * frame.mPerDegLat,
  };
}

/** Rounds degrees to 7 decimals (about 1 cm), the precision the demo stores. */
export function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}

/** Plane metres to [lon, lat] rounded to 7 decimals. */
export function toLngLat7(frame: PlaneFrame, p: Xy): [number, number] {
  const [lon, lat] = toLngLat(frame, p);
  return [round7(lon), round7(lat)];
}

/** Unit vector at `angleRad` counter-clockwise from east. */
export function direction(angleRad: number): Xy {
  return { x: Math.cos(angleRad), y: Math.sin(angleRad) };
}

/** Dot product. */
export function dot(a: Xy, b: Xy): number {
  return a.x * b.x + a.y * b.y;
}

/** Signed area in m² of a ring given without its closing point: positive when counter-clockwise. */
export function signedArea(ring: readonly Xy[]): number {
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    twice += a.x * b.y - b.x * a.y;
  }
  return twice / 2;
}

/** Mean of the vertices (good enough as an inside point for convex rings). */
export function vertexMean(ring: readonly Xy[]): Xy {
  let x = 0;
  let y = 0;
  for (const p of ring) {
    x += p.x;
    y += p.y;
  }
  return { x: x / ring.length, y: y / ring.length };
}

/** Distance in metres from `p` to the segment a–b, and where along it (0 at a, 1 at b). */
export function segmentDistance(p: Xy, a: Xy, b: Xy): { distance: number; t: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
  const tc = Math.min(1, Math.max(0, t));
  return { distance: Math.hypot(p.x - (a.x + tc * dx), p.y - (a.y + tc * dy)), t };
}

/**
 * The part of a convex counter-clockwise ring where `n·p <= s` (Sutherland–Hodgman against one
 * half-plane). Returns the clipped ring without a closing point; empty when nothing is left.
 */
export function clipHalfPlane(ring: readonly Xy[], n: Xy, s: number): Xy[] {
  const out: Xy[] = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    const da = dot(n, a) - s;
    const db = dot(n, b) - s;
    if (da <= 0) out.push(a);
    if ((da < 0 && db > 0) || (da > 0 && db < 0)) {
      const t = da / (da - db);
      out.push({ x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) });
    }
  }
  return out;
}

/**
 * A convex counter-clockwise ring moved inwards by `inset` metres on every edge: the intersection
 * of the half-planes of its edges, each shifted inwards. Edges shorter than a millimetre are
 * skipped (they carry no direction). Empty when the ring is too thin.
 */
export function insetConvex(ring: readonly Xy[], inset: number): Xy[] {
  let out: Xy[] = ring.slice();
  for (let i = 0; i < ring.length && out.length > 0; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len < 1e-3) continue;
    // Outward normal of a counter-clockwise edge is its direction turned clockwise.
    const n = { x: (b.y - a.y) / len, y: -(b.x - a.x) / len };
    out = clipHalfPlane(out, n, dot(n, a) - inset);
  }
  return out;
}

/** True when the ring (no closing point) turns left or goes straight at every vertex. */
export function isConvexCcw(ring: readonly Xy[], tolerance = 1e-6): boolean {
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    const c = ring[(i + 2) % ring.length];
    const cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    const scale = Math.hypot(b.x - a.x, b.y - a.y) * Math.hypot(c.x - b.x, c.y - b.y);
    if (cross < -tolerance * Math.max(scale, 1)) return false;
  }
  return true;
}
