import { describe, expect, it } from 'vitest';
import type { BasemapConfig } from '@core/basemap';
import type { FontFacesSpecification, LayerSpecification } from 'maplibre-gl';
import { buildStyle, EMPTY_COLLECTION, type MapData } from './map-style';
import { gridFeatures, gridLabelFeatures, roadFeatures, buildingFeatures, poiFeatures } from './grid-features';
import { tinyDistrict } from './__fixtures__/tiny-district';
import { makeIncident } from '@core/incidents/test-support';
import { incidentFeatures } from './incident-features';
import { INCIDENT_CLUSTER_OPTIONS } from './map-layers';
import type { GridCode } from '@core/model';
import type { GridStats } from '@core/stats';

const FONTS: FontFacesSpecification = {
  'Noto Sans SC Regular': [{ url: './assets/noto-sans-sc-4-400-normal.woff2', 'unicode-range': ['U+4e00-4eff'] }],
};
const ALL_LEVELS = { 1: true, 2: true, 3: true, 4: true } as const;

function data(): MapData {
  const d = tinyDistrict();
  const stats = new Map<GridCode, GridStats>();
  return {
    grids: gridFeatures(d, stats),
    gridLabels: gridLabelFeatures(d),
    roads: roadFeatures(d),
    buildings: buildingFeatures(d),
    pois: poiFeatures(d),
    workers: EMPTY_COLLECTION as MapData['workers'],
    preview: EMPTY_COLLECTION as MapData['preview'],
    incidents: incidentFeatures([makeIncident({ id: 'I-1' })], '2024-05-01T12:00:00+08:00', new Set()),
  };
}

function style(basemap: BasemapConfig = { kind: 'none' }, levels: Record<1 | 2 | 3 | 4, boolean> = { ...ALL_LEVELS }) {
  return buildStyle({ basemap, data: data(), choropleth: 'households_band', rampScale: null, visibleLevels: levels, fontFaces: FONTS });
}

const ids = (layers: LayerSpecification[]): string[] => layers.map((l) => l.id);
const visibilityOf = (layers: LayerSpecification[], id: string): string | undefined => {
  const layer = layers.find((l) => l.id === id);
  return (layer?.layout as { visibility?: string } | undefined)?.visibility;
};

describe('buildStyle', () => {
  it('stacks the layers from background to workers', () => {
    expect(ids(style().layers)).toEqual([
      'background',
      'grids-fill',
      'grids-dedicated-fill',
      'grids-hover-fill',
      'buildings-fill',
      'buildings-outline',
      'roads-casing',
      'roads-line',
      'alloc-fill',
      'grids-line-4',
      'grids-line-3',
      'grids-line-2',
      'grids-line-1',
      'grids-dedicated-line',
      'grids-hover-line',
      'grids-selected-casing',
      'grids-selected-line',
      'alloc-line',
      'alloc-unassigned',
      'alloc-point',
      'alloc-selected',
      'pois-circle',
      'roads-label',
      'pois-label',
      'incidents-cluster',
      'incidents-cluster-count',
      'incidents-selected',
      'incidents-circle',
      'incidents-glyph',
      'grids-label-4',
      'grids-label-3',
      'grids-dedicated-label',
      'grids-label-2',
      'grids-label-1',
      'workers',
      'workers-label',
    ]);
  });

  it('makes no request off the machine without a basemap: no glyphs, no sprite, no http URL', () => {
    const s = style();
    expect(s.glyphs).toBeUndefined();
    expect(s.sprite).toBeUndefined();
    expect(JSON.stringify(s)).not.toMatch(/https?:|wss?:/i);
    expect(Object.keys(s.sources).sort()).toEqual(['alloc-preview', 'buildings', 'grid-labels', 'grids', 'incidents', 'pois', 'roads', 'workers']);
    expect(s['font-faces']).toBe(FONTS);
  });

  it('keys grid features by code so feature-state can address them', () => {
    const grids = style().sources.grids;
    expect(grids).toMatchObject({ type: 'geojson', promoteId: 'code' });
  });

  it('clusters incidents, counting open overdue and urgent cases per cluster, keyed by id', () => {
    const s = style();
    const src = s.sources.incidents as Record<string, unknown>;
    expect(src).toMatchObject({ type: 'geojson', promoteId: 'id', cluster: true, clusterRadius: 40, clusterMaxZoom: 15 });
    expect((src.data as { features: unknown[] }).features).toHaveLength(1);
    const props = src.clusterProperties as Record<string, unknown[]>;
    expect(Object.keys(props).sort()).toEqual(['overdue', 'urgent']);
    // [reduce operator, map expression] with the map expression reading the point's props.
    expect(props.overdue[0]).toBe('+');
    expect(props.urgent[0]).toBe('+');
    expect(JSON.stringify(props.overdue[1])).toContain('"overdue"');
    expect(JSON.stringify(props.overdue[1])).toContain('["get","open"]');
    expect(JSON.stringify(props.urgent[1])).toContain('["get","priority"],1');
    expect(src).toMatchObject(INCIDENT_CLUSTER_OPTIONS);
  });

  it('draws clusters and single incidents from separate filters, texts never hiding grid names', () => {
    const layers = style().layers.filter((l) => (l as { source?: string }).source === 'incidents');
    expect(ids(layers)).toEqual(['incidents-cluster', 'incidents-cluster-count', 'incidents-selected', 'incidents-circle', 'incidents-glyph']);
    const filterOf = (id: string): string => JSON.stringify((layers.find((l) => l.id === id) as { filter: unknown }).filter);
    expect(filterOf('incidents-cluster')).toBe('["has","point_count"]');
    expect(filterOf('incidents-cluster-count')).toBe('["has","point_count"]');
    for (const id of ['incidents-selected', 'incidents-circle', 'incidents-glyph']) expect(filterOf(id)).toBe('["!",["has","point_count"]]');
    for (const layer of layers.filter((l) => l.type === 'symbol')) {
      expect(layer.layout).toMatchObject({ 'text-allow-overlap': true, 'text-ignore-placement': true });
    }
    const circle = layers.find((l) => l.id === 'incidents-circle') as { paint: Record<string, unknown> };
    expect(JSON.stringify(circle.paint['circle-stroke-color'])).toContain('overdue');
    expect(JSON.stringify(circle.paint['circle-stroke-color'])).toContain('near_due');
    const selected = layers.find((l) => l.id === 'incidents-selected') as { paint: Record<string, unknown> };
    expect(JSON.stringify(selected.paint['circle-opacity'])).toContain('["feature-state","selected"]');
  });

  it('adds a raster basemap source and draws it right above the background', () => {
    const s = style({
      kind: 'xyz-raster',
      url: 'http://tiles{s}.intranet.local/{z}/{x}/{y}.png',
      subdomains: ['1', '2'],
      tileSize: 256,
      crs: 'gcj02',
      maxzoom: 18,
      attribution: '内网底图',
    });
    expect(s.sources.basemap).toEqual({
      type: 'raster',
      tiles: ['http://tiles1.intranet.local/{z}/{x}/{y}.png', 'http://tiles2.intranet.local/{z}/{x}/{y}.png'],
      tileSize: 256,
      maxzoom: 18,
      attribution: '内网底图',
    });
    expect(ids(s.layers).slice(0, 3)).toEqual(['background', 'basemap-raster', 'grids-fill']);
  });

  it('sends WMTS tiles through the gridroom-tile protocol so core resolves the real URL', () => {
    const s = style({
      kind: 'wmts',
      url: 'http://t0.tianditu.gov.cn/vec_w/wmts',
      layer: 'vec',
      tileMatrixSet: 'w',
      format: 'tiles',
      zoomOffset: 0,
      tileSize: 256,
      crs: 'cgcs2000',
    });
    const src = s.sources.basemap as { tiles: string[] };
    expect(src.tiles).toHaveLength(1);
    expect(src.tiles[0]).toMatch(/^gridroom-tile:\/\/[0-9a-z]+\/\{z\}\/\{x\}\/\{y\}$/);
  });

  it('draws an OpenMapTiles vector basemap with water, landuse, roads and buildings', () => {
    const s = style({ kind: 'xyz-vector', url: 'http://127.0.0.1:8080/tiles/{z}/{x}/{y}.pbf', crs: 'wgs84' });
    expect(s.sources.basemap).toMatchObject({ type: 'vector', tiles: ['http://127.0.0.1:8080/tiles/{z}/{x}/{y}.pbf'] });
    const layers = s.layers.filter((l) => l.id.startsWith('basemap-'));
    const sourceLayers = layers.map((l) => (l as { 'source-layer'?: string })['source-layer']);
    expect(sourceLayers).toEqual(expect.arrayContaining(['water', 'landuse', 'transportation', 'building']));
    // All of them under the district's layers.
    expect(ids(s.layers).indexOf('grids-fill')).toBeGreaterThan(Math.max(...layers.map((l) => ids(s.layers).indexOf(l.id))));
  });

  it('follows visibleLevels; dedicated grids follow level 3', () => {
    const s = style({ kind: 'none' }, { 1: true, 2: false, 3: false, 4: true });
    expect(visibilityOf(s.layers, 'grids-line-1')).toBe('visible');
    expect(visibilityOf(s.layers, 'grids-line-2')).toBe('none');
    expect(visibilityOf(s.layers, 'grids-label-2')).toBe('none');
    expect(visibilityOf(s.layers, 'grids-line-4')).toBe('visible');
    expect(visibilityOf(s.layers, 'grids-dedicated-fill')).toBe('none');
    expect(visibilityOf(s.layers, 'grids-dedicated-line')).toBe('none');
    const fill = s.layers.find((l) => l.id === 'grids-fill') as { filter: unknown };
    expect(JSON.stringify(fill.filter)).toContain('["literal",[1,4]]');
  });

  it('names only fonts declared in font-faces in every text-font', () => {
    const s = buildStyle({
      basemap: { kind: 'xyz-vector', url: 'http://x/{z}/{x}/{y}.pbf', crs: 'wgs84' },
      data: data(),
      choropleth: 'none',
      rampScale: null,
      visibleLevels: { ...ALL_LEVELS },
      fontFaces: FONTS,
    });
    const fonts = new Set(
      s.layers.flatMap((l) => ((l.layout as { 'text-font'?: string[] } | undefined)?.['text-font'] ?? [])),
    );
    expect([...fonts].sort()).toEqual(['Noto Sans Bold', 'Noto Sans Regular', 'Noto Sans SC Bold', 'Noto Sans SC Regular']);
  });
});

describe('the WMTS tile protocol', () => {
  it('round-trips a tile request to the real URL with the TileMatrix offset applied by core', async () => {
    const { parseProtocolUrl, basemapKey, protocolTileTemplate } = await import('./basemap-style');
    const { resolveTileUrl } = await import('@core/basemap');
    const config: BasemapConfig = {
      kind: 'wmts',
      url: 'http://10.1.2.3/wmts',
      layer: 'vec',
      tileMatrixSet: 'w',
      format: 'tiles',
      zoomOffset: 1,
      tileSize: 256,
      crs: 'cgcs2000',
      minzoom: 1,
      maxzoom: 17,
    };
    const s = style(config);
    expect(s.sources.basemap).toMatchObject({ minzoom: 1, maxzoom: 17 });
    const requested = protocolTileTemplate(basemapKey(config)).replace('{z}', '15').replace('{x}', '26730').replace('{y}', '13006');
    const parsed = parseProtocolUrl(requested);
    expect(parsed).toEqual({ key: basemapKey(config), z: 15, x: 26730, y: 13006 });
    const url = resolveTileUrl(config, parsed!.z, parsed!.x, parsed!.y);
    expect(url).toContain('TILEMATRIX=16');
    expect(url).toContain('TILEROW=13006');
    expect(url).toContain('TILECOL=26730');
    expect(parseProtocolUrl('http://example/1/2/3')).toBeNull();
  });
});
