/**
 * CONTRACT STUB (owner: crs/import helper). Coordinate systems met in China (DOMAIN.md "Maps in
 * China"): data is stored in WGS-84 and converted at the edges.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { LngLat } from '../model';

/** CGCS2000 equals WGS-84 at map scale. */
export type Crs = 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09';
export const CRS_LIST: readonly Crs[] = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'];

export function convertLngLat(p: LngLat, from: Crs, to: Crs): LngLat {
  void p; void from; void to;
  throw new Error('not implemented');
}

/** A new geometry with every position converted. */
export function convertGeometry<G extends Geometry>(g: G, from: Crs, to: Crs): G {
  void g; void from; void to;
  throw new Error('not implemented');
}

/** A new collection with every position converted; properties are kept. */
export function convertFeatureCollection<F extends FeatureCollection>(fc: F, from: Crs, to: Crs): F {
  void fc; void from; void to;
  throw new Error('not implemented');
}
