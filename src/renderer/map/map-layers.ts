/**
 * The district's layers (roads, buildings, grids, labels, workers) as style objects. Pure; each
 * helper is used both by buildStyle and by MapView's incremental updates, so the two never drift.
 */
import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  FilterSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
} from 'maplibre-gl';
import { INCIDENT_STATUSES } from '@core/incidents/model';
import type { GridLevel } from '@core/model';
import type { ChoroplethMode } from '@core/stats';
import { MAP_FONT_STACKS } from '../fonts/font-names';
import { PREVIEW_COLORS } from './allocation-preview';
import { gridFillColor, gridFillOpacity, type RampScale } from './choropleth';
import {
  BUILDING_COLORS,
  BUILDING_OUTLINE,
  DEDICATED,
  GRID_LABEL,
  GRID_LINE,
  HOVER,
  INCIDENT,
  INCIDENT_STATUS_COLORS,
  LABEL_HALO,
  POI,
  ROAD_COLORS,
  ROAD_LABEL,
  SELECTED,
  WORKER,
} from './map-colors';

/** Source ids. */
export const SOURCES = {
  grids: 'grids',
  gridLabels: 'grid-labels',
  roads: 'roads',
  buildings: 'buildings',
  pois: 'pois',
  workers: 'workers',
  preview: 'alloc-preview',
  incidents: 'incidents',
} as const;

/** Layer ids MapView and tests refer to. */
export const LAYERS = {
  background: 'background',
  gridsFill: 'grids-fill',
  dedicatedFill: 'grids-dedicated-fill',
  hoverFill: 'grids-hover-fill',
  buildingsFill: 'buildings-fill',
  buildingsOutline: 'buildings-outline',
  roadsCasing: 'roads-casing',
  roadsLine: 'roads-line',
  dedicatedLine: 'grids-dedicated-line',
  hoverLine: 'grids-hover-line',
  selectedCasing: 'grids-selected-casing',
  selectedLine: 'grids-selected-line',
  poisCircle: 'pois-circle',
  roadsLabel: 'roads-label',
  poisLabel: 'pois-label',
  dedicatedLabel: 'grids-dedicated-label',
  workersCircle: 'workers',
  workersLabel: 'workers-label',
  previewFill: 'alloc-fill',
  previewLine: 'alloc-line',
  previewUnassigned: 'alloc-unassigned',
  previewPoint: 'alloc-point',
  previewSelected: 'alloc-selected',
  incidentClusters: 'incidents-cluster',
  incidentClusterCount: 'incidents-cluster-count',
  incidentSelected: 'incidents-selected',
  incidentCircle: 'incidents-circle',
  incidentGlyph: 'incidents-glyph',
} as const;

/** Layers of the allocation preview a click can pick a building from. */
export const PREVIEW_LAYERS: readonly string[] = ['alloc-fill', 'alloc-point', 'alloc-line'];

/** Layers of single (unclustered) incidents a click can pick. */
export const INCIDENT_LAYERS: readonly string[] = [LAYERS.incidentCircle, LAYERS.incidentGlyph];
/** Layers of incident clusters (a click zooms into one). */
export const INCIDENT_CLUSTER_LAYERS: readonly string[] = [LAYERS.incidentClusters, LAYERS.incidentClusterCount];

export const gridLineLayerId = (level: GridLevel): string => `grids-line-${level}`;
export const gridLabelLayerId = (level: GridLevel): string => `grids-label-${level}`;

/** Layers whose features are grids the cursor can pick (finest level wins, see pick-grid.ts). */
export const PICKABLE_LAYERS: readonly string[] = [LAYERS.gridsFill, LAYERS.dedicatedFill];

export type VisibleLevels = Record<GridLevel, boolean>;

const LEVELS: readonly GridLevel[] = [1, 2, 3, 4];

const visibility = (on: boolean): 'visible' | 'none' => (on ? 'visible' : 'none');

const IS_BASE: ExpressionSpecification = ['==', ['get', 'kind'], 'base'];
const IS_DEDICATED: ExpressionSpecification = ['==', ['get', 'kind'], 'dedicated'];

/** Filter of `grids-fill`: base grids of the visible levels. */
export function gridsFillFilter(levels: VisibleLevels): FilterSpecification {
  const on = LEVELS.filter((l) => levels[l]);
  return ['all', IS_BASE, ['in', ['get', 'level'], ['literal', on]]];
}

/** Dedicated grids are level 3 units, so they are shown with level 3. */
export function dedicatedVisible(levels: VisibleLevels): boolean {
  return levels[3];
}

/** `[layerId, visibility]` for every layer whose visibility follows `visibleLevels`. */
export function levelVisibility(levels: VisibleLevels): [string, 'visible' | 'none'][] {
  const out: [string, 'visible' | 'none'][] = [];
  for (const l of LEVELS) {
    out.push([gridLineLayerId(l), visibility(levels[l])]);
    out.push([gridLabelLayerId(l), visibility(levels[l])]);
  }
  const d = visibility(dedicatedVisible(levels));
  out.push([LAYERS.dedicatedFill, d], [LAYERS.dedicatedLine, d], [LAYERS.dedicatedLabel, d]);
  return out;
}

/** A width that grows gently with zoom around its value at zoom 15. */
function zoomWidth(at15: number): ExpressionSpecification {
  return ['interpolate', ['linear'], ['zoom'], 11, at15 * 0.55, 15, at15, 19, at15 * 1.4];
}

const hoverOn: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
const selectedOn: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];

/** Zoom ranges and sizes of grid labels: communities at low zoom, micro-grids close in. */
export const GRID_LABEL_ZOOMS: Record<GridLevel, { minzoom: number; maxzoom: number; size: number; bold: boolean }> = {
  1: { minzoom: 0, maxzoom: 13.6, size: 17, bold: true },
  2: { minzoom: 12.6, maxzoom: 16, size: 14, bold: true },
  3: { minzoom: 14.8, maxzoom: 17.6, size: 12.5, bold: false },
  4: { minzoom: 16.4, maxzoom: 24, size: 11, bold: false },
};

function roadWidth(scale: number, extra: number): ExpressionSpecification {
  const at = (z: 12 | 18): ExpressionSpecification => {
    const w = z === 12 ? { primary: 2.6, secondary: 1.8, tertiary: 1.1, path: 0.5 } : { primary: 24, secondary: 17, tertiary: 11, path: 3 };
    return ['+', extra, ['*', scale, ['match', ['get', 'roadClass'], 'primary', w.primary, 'secondary', w.secondary, 'tertiary', w.tertiary, w.path]]];
  };
  return ['interpolate', ['exponential', 1.5], ['zoom'], 12, at(12), 18, at(18)];
}

function roadColor(part: 'fill' | 'casing'): DataDrivenPropertyValueSpecification<string> {
  return [
    'match',
    ['get', 'roadClass'],
    'primary',
    ROAD_COLORS.primary[part],
    'secondary',
    ROAD_COLORS.secondary[part],
    'tertiary',
    ROAD_COLORS.tertiary[part],
    ROAD_COLORS.path[part],
  ];
}

function buildingColor(): DataDrivenPropertyValueSpecification<string> {
  const pairs = Object.entries(BUILDING_COLORS).flat();
  // The spread loses the label/output pairing TypeScript checks; the pairs come from one record.
  return ['match', ['get', 'use'], ...pairs, BUILDING_COLORS.residential] as unknown as ExpressionSpecification;
}

/** Everything above the basemap, bottom to top. */
export function districtLayers(opts: {
  choropleth: ChoroplethMode;
  rampScale: RampScale | null;
  visibleLevels: VisibleLevels;
  /** Zoom from which the allocation preview is drawn (see previewMinZoom). */
  previewMinZoom?: number;
}): LayerSpecification[] {
  const { choropleth, rampScale, visibleLevels } = opts;
  const vis = new Map(levelVisibility(visibleLevels));
  const regular = [...MAP_FONT_STACKS.regular];
  const bold = [...MAP_FONT_STACKS.bold];

  const layers: LayerSpecification[] = [
    {
      id: LAYERS.gridsFill,
      type: 'fill',
      source: SOURCES.grids,
      filter: gridsFillFilter(visibleLevels),
      paint: { 'fill-color': gridFillColor(choropleth, rampScale), 'fill-opacity': gridFillOpacity(choropleth) },
    },
    {
      id: LAYERS.dedicatedFill,
      type: 'fill',
      source: SOURCES.grids,
      filter: IS_DEDICATED,
      layout: { visibility: vis.get(LAYERS.dedicatedFill) },
      paint: { 'fill-color': DEDICATED.fill, 'fill-opacity': 0.14 },
    },
    {
      id: LAYERS.hoverFill,
      type: 'fill',
      source: SOURCES.grids,
      paint: { 'fill-color': HOVER, 'fill-opacity': ['case', hoverOn, 0.14, 0] },
    },
    {
      id: LAYERS.buildingsFill,
      type: 'fill',
      source: SOURCES.buildings,
      minzoom: 15,
      paint: {
        'fill-color': buildingColor(),
        'fill-opacity': ['interpolate', ['linear'], ['zoom'], 15, 0, 15.6, 0.95],
      },
    },
    {
      id: LAYERS.buildingsOutline,
      type: 'line',
      source: SOURCES.buildings,
      minzoom: 15,
      paint: {
        'line-color': BUILDING_OUTLINE,
        'line-width': ['interpolate', ['linear'], ['zoom'], 15, 0.3, 18, 0.9],
        'line-opacity': ['interpolate', ['linear'], ['zoom'], 15, 0, 15.6, 1],
      },
    },
    {
      id: LAYERS.roadsCasing,
      type: 'line',
      source: SOURCES.roads,
      filter: ['!=', ['get', 'roadClass'], 'path'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': roadColor('casing'), 'line-width': roadWidth(1, 1.6) },
    },
    {
      id: LAYERS.roadsLine,
      type: 'line',
      source: SOURCES.roads,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': roadColor('fill'), 'line-width': roadWidth(1, 0) },
    },
  ];

  // The allocation preview: fills under the grid lines, so a boundary through a straddling
  // building stays visible; outlines and points above them (below).
  const preview = previewLayers(opts.previewMinZoom ?? 0);
  layers.push(...preview.filter((l) => l.type === 'fill'));

  // Finest lines first, so a community boundary is drawn over the micro-grid lines it coincides with.
  for (const level of [4, 3, 2, 1] as const) {
    const line = GRID_LINE[level];
    layers.push({
      id: gridLineLayerId(level),
      type: 'line',
      source: SOURCES.grids,
      filter: ['all', IS_BASE, ['==', ['get', 'level'], level]],
      layout: { visibility: vis.get(gridLineLayerId(level)), 'line-join': 'round' },
      paint: {
        'line-color': line.color,
        'line-width': zoomWidth(line.width),
        // Hundreds of micro-grid outlines are noise when zoomed out: fade them in.
        'line-opacity': level === 4 ? ['interpolate', ['linear'], ['zoom'], 13, 0.2, 15, 0.9] : 0.95,
      },
    });
  }

  layers.push(
    {
      id: LAYERS.dedicatedLine,
      type: 'line',
      source: SOURCES.grids,
      filter: IS_DEDICATED,
      layout: { visibility: vis.get(LAYERS.dedicatedLine), 'line-join': 'round' },
      paint: { 'line-color': DEDICATED.line, 'line-width': zoomWidth(1.8), 'line-dasharray': [2.5, 1.5] },
    },
    {
      id: LAYERS.hoverLine,
      type: 'line',
      source: SOURCES.grids,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': HOVER, 'line-width': 2, 'line-opacity': ['case', hoverOn, 0.9, 0] },
    },
    {
      id: LAYERS.selectedCasing,
      type: 'line',
      source: SOURCES.grids,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 6, 'line-opacity': ['case', selectedOn, 0.9, 0] },
    },
    {
      id: LAYERS.selectedLine,
      type: 'line',
      source: SOURCES.grids,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': SELECTED, 'line-width': 3, 'line-opacity': ['case', selectedOn, 1, 0] },
    },
    ...preview.filter((l) => l.type !== 'fill'),
    {
      id: LAYERS.poisCircle,
      type: 'circle',
      source: SOURCES.pois,
      // Gates and offices only matter close in; in the overview they bury the grid names.
      minzoom: 16,
      paint: {
        'circle-radius': 3.5,
        'circle-color': POI.fill,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.2,
      },
    },
    {
      id: LAYERS.roadsLabel,
      type: 'symbol',
      source: SOURCES.roads,
      minzoom: 14,
      filter: ['!=', ['get', 'roadClass'], 'path'],
      layout: {
        'symbol-placement': 'line',
        'symbol-spacing': 320,
        'text-field': ['get', 'name'],
        'text-font': regular,
        'text-size': ['interpolate', ['linear'], ['zoom'], 14, 11, 18, 13.5],
        'text-max-angle': 30,
      },
      paint: { 'text-color': ROAD_LABEL, 'text-halo-color': '#ffffff', 'text-halo-width': 1.4 },
    },
    {
      id: LAYERS.poisLabel,
      type: 'symbol',
      source: SOURCES.pois,
      minzoom: 16.5,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': regular,
        'text-size': 11,
        'text-anchor': 'left',
        'text-offset': [0.7, 0],
        'text-optional': true,
      },
      paint: { 'text-color': POI.label, 'text-halo-color': LABEL_HALO, 'text-halo-width': 1.2 },
    },
  );

  // Incidents over the district's lines, points and road names, under the grid names (which
  // stay readable on top) and the moving workers.
  layers.push(...incidentLayers());

  const gridLabel = (level: GridLevel): LayerSpecification => {
    const z = GRID_LABEL_ZOOMS[level];
    return {
      id: gridLabelLayerId(level),
      type: 'symbol',
      source: SOURCES.gridLabels,
      minzoom: z.minzoom,
      maxzoom: z.maxzoom,
      filter: ['all', IS_BASE, ['==', ['get', 'level'], level]],
      layout: {
        visibility: vis.get(gridLabelLayerId(level)),
        'text-field': ['get', 'label'],
        'text-font': z.bold ? bold : regular,
        'text-size': z.size,
        'text-max-width': 7,
        'text-padding': 4,
        'text-letter-spacing': level <= 2 ? 0.08 : 0.02,
      },
      paint: {
        'text-color': GRID_LABEL[level],
        'text-halo-color': LABEL_HALO,
        'text-halo-width': level <= 2 ? 1.8 : 1.3,
      },
    };
  };
  // Fine labels first: symbol layers higher in the stack win collisions, so coarse names stay.
  layers.push(gridLabel(4), gridLabel(3));
  layers.push({
    id: LAYERS.dedicatedLabel,
    type: 'symbol',
    source: SOURCES.gridLabels,
    minzoom: 15,
    filter: IS_DEDICATED,
    layout: {
      visibility: vis.get(LAYERS.dedicatedLabel),
      'text-field': ['get', 'label'],
      'text-font': regular,
      'text-size': 11.5,
      'text-max-width': 7,
    },
    paint: { 'text-color': DEDICATED.label, 'text-halo-color': LABEL_HALO, 'text-halo-width': 1.3 },
  });
  layers.push(gridLabel(2), gridLabel(1));

  layers.push(
    {
      id: LAYERS.workersCircle,
      type: 'circle',
      source: SOURCES.workers,
      minzoom: 12,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 2.5, 17, 5.5],
        'circle-color': ['case', ['==', ['get', 'stale'], 1], WORKER.stale, ['==', ['get', 'outside'], 1], WORKER.outside, WORKER.fill],
        'circle-stroke-color': WORKER.stroke,
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 17, 1.6],
      },
    },
    {
      id: LAYERS.workersLabel,
      type: 'symbol',
      source: SOURCES.workers,
      minzoom: 16.5,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': regular,
        'text-size': 11,
        'text-anchor': 'top',
        'text-offset': [0, 0.8],
        'text-optional': true,
      },
      paint: { 'text-color': WORKER.label, 'text-halo-color': LABEL_HALO, 'text-halo-width': 1.3 },
    },
  );
  return layers;
}

// ---- Incidents ----

const IS_CLUSTER: ExpressionSpecification = ['has', 'point_count'];
const IS_OPEN: ExpressionSpecification = ['==', ['get', 'open'], 1];
const OPEN_OVERDUE: ExpressionSpecification = ['all', IS_OPEN, ['==', ['get', 'due'], 'overdue']];
const OPEN_NEAR_DUE: ExpressionSpecification = ['all', IS_OPEN, ['==', ['get', 'due'], 'near_due']];
const OPEN_URGENT: ExpressionSpecification = ['all', IS_OPEN, ['==', ['get', 'priority'], 1]];

/**
 * Clustering of the 'incidents' source: points within ~40 px merge up to zoom 15 (from 16 every
 * case stands alone), and each cluster counts the open overdue and open urgent (priority 1) cases
 * it holds, as `overdue` and `urgent`, so it can be marked without opening it.
 */
export const INCIDENT_CLUSTER_OPTIONS = {
  cluster: true,
  clusterRadius: 40,
  clusterMaxZoom: 15,
  clusterProperties: {
    overdue: ['+', ['case', OPEN_OVERDUE, 1, 0]],
    urgent: ['+', ['case', OPEN_URGENT, 1, 0]],
  },
} as const satisfies Partial<GeoJSONSourceSpecification>;

/** Radius of an incident circle (priority 1 bigger), plus `extra` px. */
function incidentRadius(extra = 0): ExpressionSpecification {
  const p1: ExpressionSpecification = ['==', ['get', 'priority'], 1];
  return ['interpolate', ['linear'], ['zoom'], 12, ['case', p1, 9 + extra, 7 + extra], 16, ['case', p1, 12 + extra, 9.5 + extra], 19, ['case', p1, 14 + extra, 11 + extra]];
}

function incidentStatusColor(): DataDrivenPropertyValueSpecification<string> {
  const pairs = INCIDENT_STATUSES.flatMap((s) => [s, INCIDENT_STATUS_COLORS[s]]);
  // As in buildingColor: the pairs come from one record, the spread only loses their typing.
  return ['match', ['get', 'status'], ...pairs, INCIDENT_STATUS_COLORS.collected] as unknown as ExpressionSpecification;
}

/**
 * Live incidents (the clustered 'incidents' source, see incident-features.ts), bottom to top:
 * clusters sized by their count with the count inside ("12!" when it holds an urgent case) and a
 * red ring when it holds an overdue one; the selected incident's dark casing (feature-state
 * `selected`); a circle per incident coloured by status, with a thick red ring when overdue, an
 * amber one when near due, bigger for priority 1; its category glyph inside. Texts ignore
 * placement, so they never push grid or road names off the map.
 */
export function incidentLayers(): LayerSpecification[] {
  const bold = [...MAP_FONT_STACKS.bold];
  const picked: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
  const clusterOverdue: ExpressionSpecification = ['>', ['get', 'overdue'], 0];
  return [
    {
      id: LAYERS.incidentClusters,
      type: 'circle',
      source: SOURCES.incidents,
      filter: IS_CLUSTER,
      paint: {
        'circle-radius': ['step', ['get', 'point_count'], 13, 10, 16, 50, 20, 200, 25],
        'circle-color': INCIDENT.cluster,
        'circle-opacity': 0.9,
        'circle-stroke-color': ['case', clusterOverdue, INCIDENT.overdue, INCIDENT.ring],
        'circle-stroke-width': ['case', clusterOverdue, 4, 2],
      },
    },
    {
      id: LAYERS.incidentClusterCount,
      type: 'symbol',
      source: SOURCES.incidents,
      filter: IS_CLUSTER,
      layout: {
        'text-field': ['case', ['>', ['get', 'urgent'], 0], ['concat', ['get', 'point_count_abbreviated'], '!'], ['get', 'point_count_abbreviated']],
        'text-font': bold,
        'text-size': 12,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': INCIDENT.clusterText },
    },
    {
      id: LAYERS.incidentSelected,
      type: 'circle',
      source: SOURCES.incidents,
      filter: ['!', IS_CLUSTER],
      paint: {
        'circle-radius': incidentRadius(6.5),
        'circle-color': INCIDENT.selected,
        'circle-opacity': ['case', picked, 1, 0],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
        'circle-stroke-opacity': ['case', picked, 1, 0],
      },
    },
    {
      id: LAYERS.incidentCircle,
      type: 'circle',
      source: SOURCES.incidents,
      filter: ['!', IS_CLUSTER],
      // Overdue, then near-due, then urgent cases on top where circles overlap.
      layout: {
        'circle-sort-key': ['+', ['case', OPEN_OVERDUE, 4, OPEN_NEAR_DUE, 2, 0], ['case', OPEN_URGENT, 1, 0]],
      },
      paint: {
        'circle-radius': incidentRadius(),
        'circle-color': incidentStatusColor(),
        'circle-opacity': ['case', IS_OPEN, 1, 0.75],
        'circle-stroke-color': ['case', OPEN_OVERDUE, INCIDENT.overdue, OPEN_NEAR_DUE, INCIDENT.nearDue, INCIDENT.ring],
        'circle-stroke-width': ['case', OPEN_OVERDUE, 3.5, OPEN_NEAR_DUE, 2.5, 1.5],
      },
    },
    {
      id: LAYERS.incidentGlyph,
      type: 'symbol',
      source: SOURCES.incidents,
      filter: ['!', IS_CLUSTER],
      layout: {
        'text-field': ['get', 'glyph'],
        'text-font': bold,
        'text-size': ['interpolate', ['linear'], ['zoom'], 12, ['case', ['==', ['get', 'priority'], 1], 12, 10], 16, ['case', ['==', ['get', 'priority'], 1], 15, 12.5], 19, ['case', ['==', ['get', 'priority'], 1], 17, 14]],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
        'text-padding': 0,
      },
      paint: { 'text-color': INCIDENT.glyph },
    },
  ];
}

const IS_POINT: ExpressionSpecification = ['==', ['geometry-type'], 'Point'];
const IS_AREA: ExpressionSpecification = ['!=', ['geometry-type'], 'Point'];
const previewState = (...states: string[]): ExpressionSpecification => ['in', ['get', 'state'], ['literal', states]];

/**
 * The allocation wizard's new buildings (empty unless the wizard has a file): fills in the colour
 * of their unit; straddlers get a thick orange outline, unassigned a red dashed one, address
 * points a circle; the picked one a dark casing (feature-state `selected`).
 */
export function previewLayers(minzoom = 0): LayerSpecification[] {
  const picked: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
  const layers: LayerSpecification[] = [
    {
      id: LAYERS.previewFill,
      type: 'fill',
      source: SOURCES.preview,
      filter: IS_AREA,
      paint: { 'fill-color': ['get', 'color'], 'fill-opacity': ['case', previewState('unassigned', 'invalid'), 0.55, 0.8] },
    },
    {
      id: LAYERS.previewLine,
      type: 'line',
      source: SOURCES.preview,
      filter: ['all', IS_AREA, ['!', previewState('unassigned', 'invalid')]],
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'state'], 'straddles', PREVIEW_COLORS.straddles, 'attention', PREVIEW_COLORS.attention, '#ffffff'],
        'line-width': ['match', ['get', 'state'], 'straddles', 3, 'attention', 2.5, 0.8],
      },
    },
    {
      id: LAYERS.previewUnassigned,
      type: 'line',
      source: SOURCES.preview,
      filter: ['all', IS_AREA, previewState('unassigned', 'invalid')],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': PREVIEW_COLORS.unassigned, 'line-width': 2.5, 'line-dasharray': [2, 1.2] },
    },
    {
      id: LAYERS.previewPoint,
      type: 'circle',
      source: SOURCES.preview,
      filter: IS_POINT,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 3, 17, 7],
        'circle-color': ['get', 'color'],
        'circle-stroke-color': [
          'case',
          picked,
          PREVIEW_COLORS.selected,
          ['match', ['get', 'state'], 'straddles', PREVIEW_COLORS.straddles, 'unassigned', PREVIEW_COLORS.unassigned, 'attention', PREVIEW_COLORS.attention, '#ffffff'],
        ],
        'circle-stroke-width': ['case', picked, 3.5, ['match', ['get', 'state'], 'assigned', 1.2, 'overridden', 1.2, 2.5]],
      },
    },
    {
      id: LAYERS.previewSelected,
      type: 'line',
      source: SOURCES.preview,
      filter: IS_AREA,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': PREVIEW_COLORS.selected, 'line-width': 3.5, 'line-opacity': ['case', picked, 1, 0] },
    },
  ];
  return layers.map((layer) => ({ ...layer, minzoom }));
}

/** Layer ids of the allocation preview, for zoom-range updates. */
export const PREVIEW_LAYER_IDS: readonly string[] = [
  LAYERS.previewFill,
  LAYERS.previewLine,
  LAYERS.previewUnassigned,
  LAYERS.previewPoint,
  LAYERS.previewSelected,
];

/** At most about this many previewed buildings are drawn in one view (see previewMinZoom). */
export const PREVIEW_VIEW_LIMIT = 6000;

/**
 * Zoom from which the allocation preview is drawn: 0 (always) for a small one, else the zoom at
 * which a view of `viewportPx` over the preview's extent holds about PREVIEW_VIEW_LIMIT buildings
 * (uniform density assumed). Tens of thousands of small polygons in one view cost seconds per
 * frame on a software-rendered map (wall PCs without a GPU, the e2e suite: 100,000 footprints
 * took ~5 s a frame and held everything else up), so a large preview waits for a closer view.
 */
export function previewMinZoom(count: number, bbox: readonly [number, number, number, number] | null, viewportPx: readonly [number, number]): number {
  if (count <= PREVIEW_VIEW_LIMIT || !bbox) return 0;
  const [w, s, e, n] = bbox;
  const lat = ((s + n) / 2) * (Math.PI / 180);
  // Extent in square degrees of longitude (latitude scaled by cos φ), never below one 10 m cell.
  const area = Math.max((e - w) * (n - s), 1e-8);
  const density = count / area;
  const px = Math.max(1, viewportPx[0]) * Math.max(1, viewportPx[1]);
  // Degrees of longitude per pixel at zoom z is 360 / (512 · 2^z); a view covers px · that² · cos φ.
  const fourToZ = (density * px * (360 / 512) ** 2 * Math.cos(lat)) / PREVIEW_VIEW_LIMIT;
  return Math.max(0, Math.min(20, Math.log(fourToZ) / Math.log(4)));
}
