/**
 * `buildStyle`: the whole MapLibre style for a district, pure. No `glyphs` and no `sprite`: labels
 * are drawn from the bundled fonts named in `font-faces`, and nothing is fetched off the machine
 * unless the operator configured a basemap.
 */
import type { FontFacesSpecification, GeoJSONSourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { BasemapConfig } from '@core/basemap';
import type { ChoroplethMode } from '@core/stats';
import { basemapLayers, basemapSources } from './basemap-style';
import type { RampScale } from './choropleth';
import type {
  BuildingFeatureProps,
  GridFeatureProps,
  GridLabelProps,
  PoiFeatureProps,
  RoadFeatureProps,
  WorkerFeatureProps,
} from './grid-features';
import type { PreviewCollection } from './allocation-preview';
import type { IncidentCollection } from './incident-features';
import { PAPER } from './map-colors';
import { INCIDENT_CLUSTER_OPTIONS, LAYERS, SOURCES, districtLayers, type VisibleLevels } from './map-layers';

/** The overlays, already in the basemap's coordinate system (see overlay-crs.ts). */
export interface MapData {
  grids: FeatureCollection<Polygon | MultiPolygon, GridFeatureProps>;
  gridLabels: FeatureCollection<Point, GridLabelProps>;
  roads: FeatureCollection<LineString, RoadFeatureProps>;
  buildings: FeatureCollection<Polygon, BuildingFeatureProps>;
  pois: FeatureCollection<Point, PoiFeatureProps>;
  workers: FeatureCollection<Point, WorkerFeatureProps>;
  /** The allocation wizard's new buildings; empty when the wizard has none. */
  preview: PreviewCollection;
  /** Live incidents (incident-features.ts); empty when none are shown. Clustered by MapLibre. */
  incidents: IncidentCollection;
}

export interface StyleInput {
  basemap: BasemapConfig;
  data: MapData;
  choropleth: ChoroplethMode;
  rampScale: RampScale | null;
  visibleLevels: VisibleLevels;
  fontFaces: FontFacesSpecification;
  /** Zoom from which the allocation preview is drawn; 0 (always) when absent. */
  previewMinZoom?: number;
}

export const EMPTY_COLLECTION: FeatureCollection<Point> = { type: 'FeatureCollection', features: [] };

function geojson(data: GeoJSONSourceSpecification['data'], extra: Partial<GeoJSONSourceSpecification> = {}): GeoJSONSourceSpecification {
  // tolerance 0.2 (default 0.375): shared grid edges simplify alike anyway, and micro-grid corners stay crisp.
  return { type: 'geojson', data, tolerance: 0.2, ...extra };
}

/** The complete style: background, optional basemap, then the district's layers. */
export function buildStyle(input: StyleInput): StyleSpecification {
  const { data } = input;
  return {
    version: 8,
    name: 'Gridroom',
    'font-faces': input.fontFaces,
    sources: {
      ...basemapSources(input.basemap),
      [SOURCES.grids]: geojson(data.grids, { promoteId: 'code' }),
      [SOURCES.gridLabels]: geojson(data.gridLabels),
      [SOURCES.roads]: geojson(data.roads),
      [SOURCES.buildings]: geojson(data.buildings),
      [SOURCES.pois]: geojson(data.pois),
      [SOURCES.workers]: geojson(data.workers),
      [SOURCES.preview]: geojson(data.preview, { promoteId: 'id' }),
      [SOURCES.incidents]: geojson(data.incidents, { promoteId: 'id', ...INCIDENT_CLUSTER_OPTIONS }),
    },
    layers: [
      { id: LAYERS.background, type: 'background', paint: { 'background-color': PAPER } },
      ...basemapLayers(input.basemap),
      ...districtLayers(input),
    ],
  };
}
