/**
 * The CRS step: the district is stored in WGS-84, and drawn in whatever system the basemap uses
 * (GCJ-02 for Amap/Tencent tiles, BD-09 for Baidu) so overlays line up with it (DOMAIN.md).
 */
import type { FeatureCollection } from 'geojson';
import { overlayCrs, type BasemapConfig } from '@core/basemap';
import { convertFeatureCollection, convertLngLat, type Crs } from '@core/crs';
import type { LngLat } from '@core/model';

/** CGCS2000 equals WGS-84 at map scale, so either needs no conversion from stored data. */
function isWgs(crs: Crs): boolean {
  return crs === 'wgs84' || crs === 'cgcs2000';
}

/** The collection as it must be drawn over `basemap` (the same object when no shift is needed). */
export function toOverlayCrs<F extends FeatureCollection>(fc: F, basemap: BasemapConfig): F {
  const target = overlayCrs(basemap);
  return isWgs(target) ? fc : convertFeatureCollection(fc, 'wgs84', target);
}

/** One stored WGS-84 position as drawn over `basemap`. */
export function lngLatToOverlayCrs(p: LngLat, basemap: BasemapConfig): LngLat {
  const target = overlayCrs(basemap);
  return isWgs(target) ? p : convertLngLat(p, 'wgs84', target);
}

/**
 * Where a point drawn over `from` must be drawn over `to`, so the camera can stay on the same
 * place on the ground when the operator switches to a basemap in another coordinate system.
 */
export function moveBetweenBasemaps(p: LngLat, from: BasemapConfig, to: BasemapConfig): LngLat {
  const a = overlayCrs(from);
  const b = overlayCrs(to);
  if (a === b || (isWgs(a) && isWgs(b))) return p;
  const wgs = isWgs(a) ? p : convertLngLat(p, a, 'wgs84');
  return isWgs(b) ? wgs : convertLngLat(wgs, 'wgs84', b);
}
