/**
 * Sources and layers for the optional, user-configured basemap (off by default: government
 * networks are often offline). Pure: the WMTS protocol that fetches real tiles lives in
 * tile-protocol.ts; here a WMTS basemap only points its tiles at that protocol.
 */
import type {
  ExpressionSpecification,
  LayerSpecification,
  RasterSourceSpecification,
  SourceSpecification,
  VectorSourceSpecification,
} from 'maplibre-gl';
import type { BasemapConfig } from '@core/basemap';
import { MAP_FONT_STACKS } from '../fonts/font-names';

export const BASEMAP_SOURCE = 'basemap';
/** The URL scheme tile-protocol.ts registers with MapLibre for WMTS tiles. */
export const TILE_PROTOCOL = 'gridroom-tile';

/**
 * A short, stable key for a basemap config (FNV-1a over its JSON), so the protocol can find the
 * config a tile URL belongs to and a changed config gets fresh tile URLs (no stale cache).
 */
export function basemapKey(config: BasemapConfig): string {
  const s = JSON.stringify(config);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** The tile template MapLibre requests for a WMTS basemap; tile-protocol.ts resolves it. */
export function protocolTileTemplate(key: string): string {
  return `${TILE_PROTOCOL}://${key}/{z}/{x}/{y}`;
}

/** Parses `gridroom-tile://key/z/x/y` into its parts, or null when it is not one of ours. */
export function parseProtocolUrl(url: string): { key: string; z: number; x: number; y: number } | null {
  const m = new RegExp(`^${TILE_PROTOCOL}://([^/]+)/(\\d+)/(\\d+)/(\\d+)$`).exec(url);
  if (!m) return null;
  return { key: m[1], z: Number(m[2]), x: Number(m[3]), y: Number(m[4]) };
}

/**
 * Expands `{s}` into one template per subdomain (MapLibre spreads requests over `tiles` itself).
 * Templates without `{s}` are returned as they are.
 */
export function expandSubdomains(url: string, subdomains: readonly string[] | undefined): string[] {
  if (!url.includes('{s}')) return [url];
  const subs = subdomains && subdomains.length > 0 ? subdomains : ['a', 'b', 'c'];
  return subs.map((s) => url.split('{s}').join(s));
}

/** The basemap's source, or none for `{ kind: 'none' }`. */
export function basemapSources(config: BasemapConfig): Record<string, SourceSpecification> {
  switch (config.kind) {
    case 'none':
      return {};
    case 'xyz-raster': {
      const src: RasterSourceSpecification = {
        type: 'raster',
        tiles: expandSubdomains(config.url, config.subdomains),
        tileSize: config.tileSize,
      };
      if (config.minzoom !== undefined) src.minzoom = config.minzoom;
      if (config.maxzoom !== undefined) src.maxzoom = config.maxzoom;
      if (config.attribution) src.attribution = config.attribution;
      return { [BASEMAP_SOURCE]: src };
    }
    case 'xyz-vector': {
      const src: VectorSourceSpecification = { type: 'vector', tiles: [config.url] };
      if (config.minzoom !== undefined) src.minzoom = config.minzoom;
      if (config.maxzoom !== undefined) src.maxzoom = config.maxzoom;
      if (config.attribution) src.attribution = config.attribution;
      return { [BASEMAP_SOURCE]: src };
    }
    case 'wmts': {
      const src: RasterSourceSpecification = {
        type: 'raster',
        tiles: [protocolTileTemplate(basemapKey(config))],
        tileSize: config.tileSize,
        // Tianditu and most intranet servers stop at 18; MapLibre overzooms past it.
        maxzoom: config.maxzoom ?? 18,
      };
      if (config.minzoom !== undefined) src.minzoom = config.minzoom;
      if (config.attribution) src.attribution = config.attribution;
      return { [BASEMAP_SOURCE]: src };
    }
  }
}

const ROAD_CLASS: ExpressionSpecification = ['get', 'class'];

/** Width of OpenMapTiles `transportation` lines by class, growing with zoom. */
function vectorRoadWidth(scale: number): ExpressionSpecification {
  return [
    'interpolate',
    ['exponential', 1.6],
    ['zoom'],
    10,
    ['*', scale, ['match', ROAD_CLASS, ['motorway', 'trunk'], 1.6, 'primary', 1.3, 'secondary', 1, 'tertiary', 0.8, 0.4]],
    18,
    ['*', scale, ['match', ROAD_CLASS, ['motorway', 'trunk'], 22, 'primary', 18, 'secondary', 15, 'tertiary', 12, 7]],
  ];
}

/**
 * A small, calm drawing of the OpenMapTiles schema (water, landuse, parks, roads, buildings): the
 * basemap is context, so it stays pale under the grids.
 */
function vectorBasemapLayers(): LayerSpecification[] {
  const src = BASEMAP_SOURCE;
  return [
    {
      id: 'basemap-landuse',
      type: 'fill',
      source: src,
      'source-layer': 'landuse',
      paint: {
        'fill-color': [
          'match',
          ['get', 'class'],
          'residential',
          '#ece8e0',
          ['commercial', 'retail'],
          '#efe7de',
          'industrial',
          '#e7e5ea',
          ['school', 'university', 'college', 'kindergarten'],
          '#f0ebd8',
          'hospital',
          '#f2e4e1',
          '#eceae3',
        ],
        'fill-opacity': 0.8,
      },
    },
    {
      id: 'basemap-landcover',
      type: 'fill',
      source: src,
      'source-layer': 'landcover',
      filter: ['in', ['get', 'class'], ['literal', ['grass', 'wood', 'farmland']]],
      paint: { 'fill-color': '#e2e9da', 'fill-opacity': 0.7 },
    },
    {
      id: 'basemap-park',
      type: 'fill',
      source: src,
      'source-layer': 'park',
      paint: { 'fill-color': '#dde7d4', 'fill-opacity': 0.8 },
    },
    {
      id: 'basemap-water',
      type: 'fill',
      source: src,
      'source-layer': 'water',
      paint: { 'fill-color': '#cddbe6' },
    },
    {
      id: 'basemap-waterway',
      type: 'line',
      source: src,
      'source-layer': 'waterway',
      paint: { 'line-color': '#c3d3e1', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 16, 3] },
    },
    {
      id: 'basemap-building',
      type: 'fill',
      source: src,
      'source-layer': 'building',
      minzoom: 14,
      paint: { 'fill-color': '#e3ded5', 'fill-outline-color': '#d3ccc0' },
    },
    {
      id: 'basemap-road-casing',
      type: 'line',
      source: src,
      'source-layer': 'transportation',
      filter: ['!', ['in', ['get', 'class'], ['literal', ['rail', 'transit', 'ferry', 'path']]]],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#d4cec3', 'line-width': vectorRoadWidth(1.25) },
    },
    {
      id: 'basemap-road',
      type: 'line',
      source: src,
      'source-layer': 'transportation',
      filter: ['!', ['in', ['get', 'class'], ['literal', ['rail', 'transit', 'ferry']]]],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'class'], 'path', '#d8d2c6', '#fbfaf7'],
        'line-width': vectorRoadWidth(1),
      },
    },
    {
      id: 'basemap-road-label',
      type: 'symbol',
      source: src,
      'source-layer': 'transportation_name',
      minzoom: 15,
      layout: {
        'symbol-placement': 'line',
        'text-field': ['coalesce', ['get', 'name:zh'], ['get', 'name']],
        'text-font': [...MAP_FONT_STACKS.regular],
        'text-size': 11,
      },
      paint: { 'text-color': '#8a8274', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
    },
  ];
}

/** The basemap's layers, drawn right above the paper background. */
export function basemapLayers(config: BasemapConfig): LayerSpecification[] {
  switch (config.kind) {
    case 'none':
      return [];
    case 'xyz-raster':
    case 'wmts':
      return [
        {
          id: 'basemap-raster',
          type: 'raster',
          source: BASEMAP_SOURCE,
          // Slightly muted, so imagery or a busy street map does not shout over the grids.
          paint: { 'raster-saturation': -0.35, 'raster-contrast': -0.05, 'raster-fade-duration': 150 },
        },
      ];
    case 'xyz-vector':
      return vectorBasemapLayers();
  }
}
