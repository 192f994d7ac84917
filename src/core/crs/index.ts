/**
 * Coordinate systems met in China (DOMAIN.md "Maps in China"): data is stored in WGS-84 and
 * converted at the edges (import, and drawing overlays over a GCJ-02 or BD-09 basemap).
 *
 * The offsets themselves come from gcoord; this module adds purity (gcoord mutates GeoJSON in
 * place), keeps altitudes, leaves non-finite positions alone, and refines gcoord's BD-09 inverse.
 */
import gcoord from 'gcoord';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { LngLat } from '../model';

/** CGCS2000 equals WGS-84 at map scale. */
export type Crs = 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09';
export const CRS_LIST: readonly Crs[] = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'];

/** Type guard for untrusted input (settings, dialogs). */
export function isCrs(value: unknown): value is Crs {
  return typeof value === 'string' && (CRS_LIST as readonly string[]).includes(value);
}

/**
 * The two offset systems gcoord knows plus the datum they start from. CGCS2000 differs from
 * WGS-84 by centimetres (the realisations of the frames drift apart slowly), far below what a
 * grid map can show, so both map to gcoord's WGS84.
 */
type Datum = 'WGS84' | 'GCJ02' | 'BD09';

function datumOf(crs: Crs): Datum {
  switch (crs) {
    case 'wgs84':
    case 'cgcs2000':
      return 'WGS84';
    case 'gcj02':
      return 'GCJ02';
    case 'bd09':
      return 'BD09';
  }
}

const GCOORD = { WGS84: gcoord.WGS84, GCJ02: gcoord.GCJ02, BD09: gcoord.BD09 } as const;

/** One gcoord step on a plain [lon, lat] pair (gcoord copies a bare position before converting). */
function gc(lon: number, lat: number, from: Datum, to: Datum): [number, number] {
  const out = gcoord.transform([lon, lat] as [number, number], GCOORD[from], GCOORD[to]);
  return [out[0], out[1]];
}

/**
 * Convergence threshold of the BD-09 inverse refinement, in degrees (about 1 mm). gcoord's
 * BD09→GCJ02 formula is a closed-form approximation: its small sine and cosine terms are
 * evaluated at the shifted point rather than the original, which leaves round trips up to about
 * a quarter of a metre off. A fixed-point iteration against the forward formula removes that,
 * so a BD-09 round trip is as good as the GCJ-02 one beneath it.
 */
const BD09_INVERSE_EPS = 1e-8;
const BD09_INVERSE_MAX_STEPS = 10;

function bd09ToGcj02(lon: number, lat: number): [number, number] {
  let [gLon, gLat] = gc(lon, lat, 'BD09', 'GCJ02');
  for (let i = 0; i < BD09_INVERSE_MAX_STEPS; i++) {
    const [bLon, bLat] = gc(gLon, gLat, 'GCJ02', 'BD09');
    const dLon = bLon - lon;
    const dLat = bLat - lat;
    if (Math.abs(dLon) < BD09_INVERSE_EPS && Math.abs(dLat) < BD09_INVERSE_EPS) break;
    gLon -= dLon;
    gLat -= dLat;
  }
  return [gLon, gLat];
}

/** Converts one finite lon/lat pair between datums, via GCJ-02 where BD-09 is involved. */
function convertPair(lon: number, lat: number, from: Datum, to: Datum): [number, number] {
  if (from === to) return [lon, lat];
  if (from === 'BD09') {
    const [gLon, gLat] = bd09ToGcj02(lon, lat);
    return to === 'GCJ02' ? [gLon, gLat] : gc(gLon, gLat, 'GCJ02', 'WGS84');
  }
  return gc(lon, lat, from, to);
}

/**
 * Converts one [longitude, latitude] pair (degrees) from one system to another.
 *
 * GCJ-02 applies only inside gcoord's rough China box (lon 72.004–137.8347, lat 0.8293–55.8271);
 * outside it, WGS-84 and GCJ-02 coincide. BD-09 adds Baidu's own shift everywhere.
 * Non-finite input is returned unchanged (a validator reports it, a converter should not hide it).
 *
 * @example convertLngLat([113.62, 34.75], 'wgs84', 'gcj02') // ≈ [113.6260, 34.7488]
 */
export function convertLngLat(p: LngLat, from: Crs, to: Crs): LngLat {
  const [lon, lat] = p;
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return [lon, lat];
  return convertPair(lon, lat, datumOf(from), datumOf(to));
}

function convertPosition(pos: Position, from: Datum, to: Datum): Position {
  const lon = pos[0];
  const lat = pos[1];
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return pos.slice();
  const [x, y] = convertPair(lon, lat, from, to);
  // Keep altitude and anything after it: the offsets are horizontal only.
  return pos.length > 2 ? [x, y, ...pos.slice(2)] : [x, y];
}

function mapGeometry<G extends Geometry>(g: G, f: (p: Position) => Position): G {
  // Each branch rebuilds the same geometry type, so the cast back to G is sound.
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: f(g.coordinates) } as G;
    case 'MultiPoint':
    case 'LineString':
      return { ...g, coordinates: g.coordinates.map(f) } as G;
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((line) => line.map(f)) } as G;
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(f))) } as G;
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map((child) => mapGeometry(child, f)) } as G;
  }
}

/**
 * A new geometry with every position converted (degrees in, degrees out). The input is not
 * modified. A `bbox` member, if present, is dropped because it would no longer be true.
 */
export function convertGeometry<G extends Geometry>(g: G, from: Crs, to: Crs): G {
  const a = datumOf(from);
  const b = datumOf(to);
  const out = mapGeometry(g, (p) => (a === b ? p.slice() : convertPosition(p, a, b)));
  if ('bbox' in out) delete out.bbox;
  return out;
}

/**
 * A new collection with every position converted; properties, ids and foreign members are kept
 * (properties are shared, not copied: they are not coordinates). The input is not modified.
 */
export function convertFeatureCollection<F extends FeatureCollection>(fc: F, from: Crs, to: Crs): F {
  const features = fc.features.map((feature): Feature => {
    const next: Feature = {
      ...feature,
      geometry: feature.geometry === null ? feature.geometry : convertGeometry(feature.geometry, from, to),
    };
    if ('bbox' in next) delete next.bbox;
    return next;
  });
  const out = { ...fc, features };
  if ('bbox' in out) delete out.bbox;
  return out;
}
