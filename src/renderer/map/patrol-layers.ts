/**
 * The patrol layers (issue 5) on top of the district style: coverage shading of the grids, the
 * gap image (parts not walked), the buildings not visited for N days, grids missing today's daily
 * report, and one worker's track with its stops.
 *
 * They are added to the live map rather than to the style built by map-style.ts, because they
 * change on their own clock (a coverage run, a track pick) and the image source cannot be built
 * from plain data. `syncPatrolLayers` is idempotent: it adds what is missing (a style rebuild
 * drops everything), updates what changed, and hides what is off. The feature builders and the
 * ramp are pure and unit-tested.
 */
import type * as maplibregl from 'maplibre-gl';
import type { ExpressionSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection, LineString, Point, Polygon } from 'geojson';
import type { CoverageGapImage } from '@core/patrol/coverage-report';
import type { TrackArrays } from '@core/patrol/visits';
import type { TrackStop } from '@core/patrol/stops';
import type { GridLevel } from '@core/model';
import { MAP_FONT_STACKS } from '../fonts/font-names';
import { LAYERS, SOURCES, gridLineLayerId } from './map-layers';

export const PATROL_SOURCES = {
  gaps: 'patrol-gaps',
  gapBuildings: 'patrol-gap-buildings',
  reports: 'patrol-reports',
  track: 'patrol-track',
  stops: 'patrol-stops',
} as const;

export const PATROL_LAYER_IDS = {
  coverage: 'patrol-coverage',
  gaps: 'patrol-gaps',
  gapBuildings: 'patrol-gap-buildings',
  reports: 'patrol-reports',
  reportsLabel: 'patrol-reports-label',
  track: 'patrol-track',
  stops: 'patrol-stops',
} as const;

/** Coverage classes: share < 0.2, < 0.4, < 0.6, < 0.8, ≥ 0.8; red to green through yellow (viridis-like lightness order so it reads without hue). */
export const COVERAGE_BREAKS: readonly number[] = [0.2, 0.4, 0.6, 0.8];
export const COVERAGE_COLORS: readonly string[] = ['#b2182b', '#ef8a62', '#fddbc7', '#a6d96a', '#1a9641'];
export const GAP_BUILDING_COLOR = '#b2182b';
export const MISSING_REPORT_COLOR = '#c92a2a';
export const PENDING_REPORT_COLOR = '#868e96';
export const TRACK_COLOR = '#5f3dc4';

/** The class index (0–4) of a coverage share. */
export function coverageClass(share: number): number {
  let k = 0;
  while (k < COVERAGE_BREAKS.length && share >= COVERAGE_BREAKS[k]) k++;
  return k;
}

/** Fill colour by the grid's `coverage` feature state; grids without one (no report yet) are light grey. */
export function coverageFillColor(): ExpressionSpecification {
  const step: unknown[] = ['step', ['to-number', ['feature-state', 'coverage'], -1], '#e9ecef', 0, COVERAGE_COLORS[0]];
  COVERAGE_BREAKS.forEach((b, i) => step.push(b, COVERAGE_COLORS[i + 1]));
  return step as ExpressionSpecification;
}

/** Dedicated grids sit at level 3; they are shaded with the grids. */
export function coverageFilter(level: GridLevel): ExpressionSpecification {
  return level === 4 ? ['all', ['==', ['get', 'level'], 4], ['==', ['get', 'kind'], 'base']] : ['==', ['get', 'level'], level];
}

export interface ReportMarkProps {
  code: string;
  name: string;
  /** 1 missing (past the cutoff), 0 pending. */
  missing: number;
}

/** Point features for the grids missing (or still pending) today's report. */
export function reportMarks(rows: readonly { gridCode: string; missing: boolean; pending: boolean }[], pointOf: (code: string) => [number, number] | null, nameOf: (code: string) => string): FeatureCollection<Point, ReportMarkProps> {
  const features: Feature<Point, ReportMarkProps>[] = [];
  for (const r of rows) {
    if (!r.missing && !r.pending) continue;
    const p = pointOf(r.gridCode);
    if (!p) continue;
    features.push({ type: 'Feature', properties: { code: r.gridCode, name: nameOf(r.gridCode), missing: r.missing ? 1 : 0 }, geometry: { type: 'Point', coordinates: p } });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * A track as lines, split where consecutive fixes are more than `maxGapMs` apart: the phone was
 * off, and a straight line across the gap would claim a walk nobody saw.
 */
export function trackLines(track: TrackArrays, maxGapMs = 5 * 60_000): FeatureCollection<LineString> {
  const features: Feature<LineString>[] = [];
  let part: [number, number][] = [];
  const flush = (): void => {
    if (part.length >= 2) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: part } });
    part = [];
  };
  for (let i = 0; i < track.t.length; i++) {
    if (i > 0 && track.t[i] - track.t[i - 1] > maxGapMs) flush();
    part.push([track.lon[i], track.lat[i]]);
  }
  flush();
  return { type: 'FeatureCollection', features };
}

/** Stops as points with their duration in minutes (the circle grows with it). */
export function stopPoints(stops: readonly TrackStop[]): FeatureCollection<Point, { minutes: number; startT: number }> {
  return {
    type: 'FeatureCollection',
    features: stops.map((s) => ({
      type: 'Feature',
      properties: { minutes: Math.round((s.endT - s.startT) / 60_000), startT: s.startT },
      geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
    })),
  };
}

/** What the patrol layers should show; every part null/false when off. */
export interface PatrolMapState {
  /** Coverage share per unit code, and the level shaded; null: coverage shading off. */
  coverage: { level: GridLevel; shares: ReadonlyMap<string, number> } | null;
  /** The gap image as a blob URL with its corners (already in the overlay's CRS); null: off. */
  gapImage: { url: string; corners: CoverageGapImage['corners'] } | null;
  gapBuildings: FeatureCollection<Polygon> | null;
  reports: FeatureCollection<Point, ReportMarkProps> | null;
  track: FeatureCollection<LineString> | null;
  stops: FeatureCollection<Point> | null;
}

export interface PatrolMapApplied {
  coverage?: PatrolMapState['coverage'];
  gapUrl?: string | null;
  gapBuildings?: PatrolMapState['gapBuildings'];
  reports?: PatrolMapState['reports'];
  track?: PatrolMapState['track'];
  stops?: PatrolMapState['stops'];
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The layer to insert patrol layers under: the first grid outline, so boundaries stay on top. */
function beneathLines(map: maplibregl.Map): string | undefined {
  for (const level of [1, 2, 3, 4] as GridLevel[]) if (map.getLayer(gridLineLayerId(level))) return gridLineLayerId(level);
  return undefined;
}

function ensureGeojson(map: maplibregl.Map, id: string): maplibregl.GeoJSONSource {
  if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: EMPTY });
  return map.getSource<maplibregl.GeoJSONSource>(id) as maplibregl.GeoJSONSource;
}

function setVisible(map: maplibregl.Map, id: string, on: boolean): void {
  if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
}

/**
 * Brings the map's patrol layers to `want`. `applied` remembers what the map holds; pass a fresh
 * object after a style rebuild (or when unsure) and everything is re-sent.
 */
export function syncPatrolLayers(map: maplibregl.Map, want: PatrolMapState, applied: PatrolMapApplied): void {
  if (!map.getSource(SOURCES.grids)) return; // the district style is not loaded yet
  const under = beneathLines(map);

  // Coverage shading on the grids source, by feature state.
  if (!map.getLayer(PATROL_LAYER_IDS.coverage)) {
    map.addLayer(
      { id: PATROL_LAYER_IDS.coverage, type: 'fill', source: SOURCES.grids, paint: { 'fill-color': coverageFillColor(), 'fill-opacity': 0.72 }, layout: { visibility: 'none' } },
      under,
    );
    applied.coverage = undefined;
  }
  if (want.coverage !== applied.coverage) {
    const before = applied.coverage?.shares;
    if (want.coverage) {
      for (const [code, share] of want.coverage.shares) if (before?.get(code) !== share) map.setFeatureState({ source: SOURCES.grids, id: code }, { coverage: share });
      map.setFilter(PATROL_LAYER_IDS.coverage, coverageFilter(want.coverage.level));
    }
    setVisible(map, PATROL_LAYER_IDS.coverage, want.coverage !== null);
    applied.coverage = want.coverage;
  }

  // The gap image.
  const gapUrl = want.gapImage?.url ?? null;
  if (gapUrl !== (applied.gapUrl ?? null) || (gapUrl && !map.getSource(PATROL_SOURCES.gaps))) {
    if (map.getLayer(PATROL_LAYER_IDS.gaps)) map.removeLayer(PATROL_LAYER_IDS.gaps);
    if (map.getSource(PATROL_SOURCES.gaps)) map.removeSource(PATROL_SOURCES.gaps);
    if (want.gapImage) {
      map.addSource(PATROL_SOURCES.gaps, { type: 'image', url: want.gapImage.url, coordinates: want.gapImage.corners });
      map.addLayer({ id: PATROL_LAYER_IDS.gaps, type: 'raster', source: PATROL_SOURCES.gaps, paint: { 'raster-opacity': 0.85, 'raster-fade-duration': 0, 'raster-resampling': 'nearest' } }, under);
    }
    applied.gapUrl = gapUrl;
  }

  // Buildings not visited for N days.
  const gapBuildings = ensureGeojson(map, PATROL_SOURCES.gapBuildings);
  if (!map.getLayer(PATROL_LAYER_IDS.gapBuildings)) {
    map.addLayer({ id: PATROL_LAYER_IDS.gapBuildings, type: 'line', source: PATROL_SOURCES.gapBuildings, paint: { 'line-color': GAP_BUILDING_COLOR, 'line-width': 2, 'line-dasharray': [2, 1] } });
    applied.gapBuildings = undefined;
  }
  if (want.gapBuildings !== applied.gapBuildings) {
    void gapBuildings.setData(want.gapBuildings ?? EMPTY);
    setVisible(map, PATROL_LAYER_IDS.gapBuildings, want.gapBuildings !== null);
    applied.gapBuildings = want.gapBuildings;
  }

  // Track and stops, under the workers.
  const track = ensureGeojson(map, PATROL_SOURCES.track);
  const stops = ensureGeojson(map, PATROL_SOURCES.stops);
  const workersLayer = map.getLayer(LAYERS.workersCircle) ? LAYERS.workersCircle : undefined;
  if (!map.getLayer(PATROL_LAYER_IDS.track)) {
    map.addLayer({ id: PATROL_LAYER_IDS.track, type: 'line', source: PATROL_SOURCES.track, layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': TRACK_COLOR, 'line-width': 3, 'line-opacity': 0.85 } }, workersLayer);
    map.addLayer(
      {
        id: PATROL_LAYER_IDS.stops,
        type: 'circle',
        source: PATROL_SOURCES.stops,
        paint: { 'circle-color': '#fff', 'circle-stroke-color': TRACK_COLOR, 'circle-stroke-width': 2.5, 'circle-radius': ['interpolate', ['linear'], ['get', 'minutes'], 2, 4, 30, 10] },
      },
      workersLayer,
    );
    applied.track = undefined;
    applied.stops = undefined;
  }
  if (want.track !== applied.track) {
    void track.setData(want.track ?? EMPTY);
    applied.track = want.track;
  }
  if (want.stops !== applied.stops) {
    void stops.setData(want.stops ?? EMPTY);
    applied.stops = want.stops;
  }

  // Grids missing today's report, on top.
  const reports = ensureGeojson(map, PATROL_SOURCES.reports);
  if (!map.getLayer(PATROL_LAYER_IDS.reports)) {
    map.addLayer({
      id: PATROL_LAYER_IDS.reports,
      type: 'circle',
      source: PATROL_SOURCES.reports,
      paint: { 'circle-radius': 11, 'circle-color': ['case', ['==', ['get', 'missing'], 1], MISSING_REPORT_COLOR, PENDING_REPORT_COLOR], 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
    });
    map.addLayer({
      id: PATROL_LAYER_IDS.reportsLabel,
      type: 'symbol',
      source: PATROL_SOURCES.reports,
      layout: { 'text-field': ['case', ['==', ['get', 'missing'], 1], '未报', '待报'], 'text-size': 10, 'text-font': [...MAP_FONT_STACKS.bold], 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': '#fff' },
    });
    applied.reports = undefined;
  }
  if (want.reports !== applied.reports) {
    void reports.setData(want.reports ?? EMPTY);
    applied.reports = want.reports;
  }
}
