/**
 * CONTRACT STUB (owner: crs/import helper). The hierarchy back to GeoJSON.
 */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { District } from '../model';

export interface ExportedGridProperties {
  code: string;
  name: string;
  level: number;
  kind: string;
  dedicated_kind: string | null;
  parent_code: string | null;
  households: number;
  residents: number;
  buildings: number;
  chief: string | null;
}

/** One feature per grid unit, parents before children, WGS-84, RFC 7946; importable with guessMapping. */
export function exportHierarchy(district: District): FeatureCollection<Polygon | MultiPolygon, ExportedGridProperties> {
  void district;
  throw new Error('not implemented');
}
