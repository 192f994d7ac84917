/**
 * The grid map. It draws what the shell hands it (MapViewProps) and reports hover and clicks
 * back; it never changes app state itself.
 *
 * The style is built once, purely (map-style.ts); later prop changes are applied as the smallest
 * MapLibre calls that express them (setData, setPaintProperty, setFilter, feature-state), and only
 * a basemap change re-diffs the whole style. Everything is drawn in the basemap's coordinate system
 * (overlay-crs.ts) and nothing leaves the machine unless a basemap is configured.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { overlayCrs, type BasemapConfig } from '@core/basemap';
import { INCIDENT_STATUSES } from '@core/incidents/model';
import { DEFAULT_HOUSEHOLD_BAND, type GridCode, type GridLevel } from '@core/model';
import { computeGridStats, type ChoroplethMode } from '@core/stats';
import { testHooks } from '../test-hooks';
import { mapFontFaces } from '../fonts/map-fonts';
import { basemapKey } from './basemap-style';
import { gridFillColor, gridFillOpacity, isRampMode, legendItems, rampScale, type RampScale } from './choropleth';
import {
  buildingFeatures,
  geometryBbox,
  gridFeatures,
  gridLabelFeatures,
  poiFeatures,
  roadFeatures,
} from './grid-features';
import { Legend } from './Legend';
import { previewBbox, type PreviewCollection } from './allocation-preview';
import { EMPTY_INCIDENTS, IncidentProjector, incidentDiff, pulsingIncidents, type IncidentCollection } from './incident-features';
import {
  INCIDENT_CLUSTER_LAYERS,
  INCIDENT_LAYERS,
  LAYERS,
  PICKABLE_LAYERS,
  PREVIEW_LAYER_IDS,
  PREVIEW_LAYERS,
  SOURCES,
  gridsFillFilter,
  levelVisibility,
  previewMinZoom,
} from './map-layers';
import { buildStyle, type MapData } from './map-style';
import type { MapViewProps } from './map-view-props';
import {
  NO_PATROL,
  collectionBbox,
  followMove,
  isPatrolGeojsonSource,
  shouldFitTrack,
  stopsFollowing,
  syncPatrolLayers,
  type PatrolMapApplied,
  type PatrolMapState,
  type PatrolMapTexts,
} from './patrol-layers';
import { fillWorkerPopup } from './worker-popup';
import { lngLatToOverlayCrs, moveBetweenBasemaps, toOverlayCrs } from './overlay-crs';
import { pickGrid } from './pick-grid';
import { registerBasemap } from './tile-protocol';
import './map-view.css';
import './map-patrol.css';

// A self-hosted worker: no blob: worker, so the CSP can stay strict (STACK.md pitfall 2).
maplibregl.setWorkerUrl(workerUrl);
// Start the workers while React and the data are still being prepared: first render comes sooner.
maplibregl.prewarm();

/** Width of the shell's right-hand detail panel, left clear when flying to a grid. */
export const SIDE_PANEL_PX = 360;
const EDGE_PX = 48;
const FLY_MS = 700;
const PICK_TOLERANCE_PX = 2;
/** Zoom the map flies to for an incident (past the clusters' last zoom, so it stands alone). */
const INCIDENT_ZOOM = 17;

type Bbox = [number, number, number, number];
type Overlay = MapData;

/** What the map should show; compared with what it shows to decide which calls to make. */
interface Desired {
  overlay: Overlay;
  basemap: BasemapConfig;
  basemapId: string;
  choropleth: ChoroplethMode;
  rampScale: RampScale | null;
  visibleLevels: Record<GridLevel, boolean>;
  selectedCode: GridCode | null;
  previewSelected: string | null;
  previewMinZoom: number;
  selectedIncident: string | null;
  openByGrid: ReadonlyMap<string, number>;
  /** 'setData': every incident change whole and at once (the benchmark's naive baseline). */
  incidentUpdates: 'diff' | 'setData';
  /** The patrol layers (coverage, gaps, daily reports, a track): ./patrol-layers.ts. */
  patrol: PatrolMapState;
  /** The patrol layers' words on the map, in the UI language. */
  patrolTexts: PatrolMapTexts;
}

/** What has been handed to MapLibre so far (undefined: not yet, or lost with a style rebuild). */
interface Applied {
  overlay?: Overlay;
  /** The incident collection MapLibre last received (its source's data). */
  incidents?: IncidentCollection;
  basemapId?: string;
  basemap?: BasemapConfig;
  choropleth?: ChoroplethMode;
  rampScale?: RampScale | null;
  levelsKey?: string;
  selectedCode?: GridCode | null;
  previewSelected?: string | null;
  previewMinZoom?: number;
  selectedIncident?: string | null;
  openByGrid?: ReadonlyMap<string, number>;
  /** Feature states must be re-set (a style rebuild drops them). */
  statesStale: boolean;
}

/** Which source each overlay collection feeds. */
const OVERLAY_SOURCES: readonly [keyof Overlay, string][] = [
  ['grids', SOURCES.grids],
  ['gridLabels', SOURCES.gridLabels],
  ['roads', SOURCES.roads],
  ['buildings', SOURCES.buildings],
  ['pois', SOURCES.pois],
  ['preview', SOURCES.preview],
  ['workers', SOURCES.workers],
];

const NO_PREVIEW: PreviewCollection = { type: 'FeatureCollection', features: [] };
const NO_COUNTS: ReadonlyMap<string, number> = new Map();
const NO_WORKERS: MapData['workers'] = { type: 'FeatureCollection', features: [] };

/** What a click or the cursor hits among the incidents: one incident, or a cluster of them. */
type IncidentHit = { kind: 'incident'; id: string } | { kind: 'cluster'; clusterId: number; center: [number, number] } | null;

const levelsKey = (v: Record<GridLevel, boolean>): string => `${+v[1]}${+v[2]}${+v[3]}${+v[4]}`;

/** What a style built by `styleFor(d)` has applied: everything buildStyle takes from `d`. */
function styledWith(d: Desired): Partial<Applied> {
  return {
    basemapId: d.basemapId,
    basemap: d.basemap,
    overlay: d.overlay,
    incidents: d.overlay.incidents,
    choropleth: d.choropleth,
    rampScale: d.rampScale,
    levelsKey: levelsKey(d.visibleLevels),
    previewMinZoom: d.previewMinZoom,
  };
}

/**
 * Setters like setPaintProperty throw while a style is (re)loading. `Style._loaded` is exactly
 * that condition; `isStyleLoaded()` also waits for tiles, which would hold updates back for no reason.
 */
function styleReady(map: maplibregl.Map): boolean {
  return Boolean(map.style?._loaded);
}

function unionBbox(boxes: Iterable<Bbox>): Bbox | null {
  let out: Bbox | null = null;
  for (const b of boxes) {
    out = out ? [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])] : [...b];
  }
  return out;
}

/**
 * Padding for fitBounds that keeps the grid clear of the right-hand side panel. The panel may sit
 * beside the map or float over it; only the part of the map the panel can cover (the strip within
 * SIDE_PANEL_PX of the window's right edge) is reserved, so a map that ends where the panel
 * begins reserves nothing. The floating legend is kept clear on the left. Never more than the
 * canvas can give.
 */
function flyPadding(container: HTMLElement): maplibregl.PaddingOptions {
  const rect = container.getBoundingClientRect();
  const w = rect.width;
  const h = rect.height;
  const edge = Math.min(EDGE_PX, Math.floor(h / 6), Math.floor(w / 8));
  const covered = Math.max(0, Math.min(SIDE_PANEL_PX, rect.right - (window.innerWidth - SIDE_PANEL_PX)));
  const right = Math.min(edge + covered, Math.max(edge, w - 2 * edge - 160));
  // The legend floats in the lower-left corner: keep the grid clear of it too, when there is room.
  const legend = container.parentElement?.querySelector('.gr-map-legend')?.getBoundingClientRect();
  const legendPx = legend ? Math.ceil(legend.right - rect.left) : 0;
  const left = Math.min(Math.max(edge, legendPx + 16), Math.max(edge, w - right - edge - 160));
  return { top: edge, bottom: edge, left, right };
}


export function MapView(props: MapViewProps): React.JSX.Element {
  const { district, visibleLevels, choropleth, selectedCode, basemap, flyToToken, language } = props;
  const preview = props.preview ?? NO_PREVIEW;
  const previewSelected = props.previewSelected ?? null;
  const previewFlyToken = props.previewFlyToken ?? 0;
  const incidents = props.incidents ?? EMPTY_INCIDENTS;
  const incidentUpdates = props.incidentUpdates ?? 'diff';
  const selectedIncident = props.selectedIncident ?? null;
  const incidentFlyToken = props.incidentFlyToken ?? 0;
  const { t } = useTranslation('map');
  const patrolTexts = useMemo<PatrolMapTexts>(() => ({ missing: t('patrol.reportMissing'), pending: t('patrol.reportPending') }), [t, language]);

  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  // Only to say when a large allocation preview waits for a closer zoom.
  const [view, setView] = useState<{ zoom: number; bounds: Bbox }>({ zoom: 0, bounds: [0, 0, 0, 0] });

  // ---- Derived data (pure, memoised) ----
  const basemapId = basemapKey(basemap);
  const basemapRef = useRef({ id: basemapId, config: basemap });
  if (basemapRef.current.id !== basemapId) basemapRef.current = { id: basemapId, config: basemap };
  // Same content, same object: a re-created but equal config must not re-project everything.
  const stableBasemap = basemapRef.current.config;

  const stats = useMemo(() => computeGridStats(district, DEFAULT_HOUSEHOLD_BAND), [district]);
  const wgs = useMemo<Omit<Overlay, 'preview' | 'incidents' | 'workers'>>(
    () => ({
      grids: gridFeatures(district, stats),
      gridLabels: gridLabelFeatures(district),
      roads: roadFeatures(district),
      buildings: buildingFeatures(district),
      pois: poiFeatures(district),
    }),
    [district, stats],
  );
  // Each collection converted on its own: new incidents (every feed batch) must neither
  // re-project the district nor re-send it to MapLibre over a shifted basemap.
  const districtOverlay = useMemo<Omit<Overlay, 'preview' | 'incidents' | 'workers'>>(
    () => ({
      grids: toOverlayCrs(wgs.grids, stableBasemap),
      gridLabels: toOverlayCrs(wgs.gridLabels, stableBasemap),
      roads: toOverlayCrs(wgs.roads, stableBasemap),
      buildings: toOverlayCrs(wgs.buildings, stableBasemap),
      pois: toOverlayCrs(wgs.pois, stableBasemap),
    }),
    [wgs, stableBasemap],
  );
  const previewOverlay = useMemo(() => toOverlayCrs(preview, stableBasemap), [preview, stableBasemap]);
  // Incidents change with every feed batch: converted feature by feature, and only what changed.
  const projector = useRef(new IncidentProjector());
  // Workers from the feeds: a small collection (tens of points), re-sent whole when it changes.
  const workers = props.workers ?? NO_WORKERS;
  const workersOverlay = useMemo(() => toOverlayCrs(workers, stableBasemap), [workers, stableBasemap]);
  const incidentsOverlay = useMemo(() => {
    const target = overlayCrs(stableBasemap);
    const shifted = target !== 'wgs84' && target !== 'cgcs2000';
    return projector.current.project(incidents, target, shifted ? (p) => lngLatToOverlayCrs(p, stableBasemap) as [number, number] : null);
  }, [incidents, stableBasemap]);
  // A large preview is drawn only from the zoom where a view holds a few thousand of its
  // buildings, and MapLibre is handed only those around the view: sending all 100,000 footprints
  // (setData clones them to its worker) stalled the page for about a second.
  const previewBoxes = useMemo(() => {
    const boxes = new Float64Array(previewOverlay.features.length * 4);
    previewOverlay.features.forEach((f, i) => boxes.set(previewBbox(f.geometry), i * 4));
    return boxes;
  }, [previewOverlay]);
  const previewExtent = useMemo<Bbox | null>(() => {
    if (previewOverlay.features.length === 0) return null;
    const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < previewBoxes.length; i += 4) {
      box[0] = Math.min(box[0], previewBoxes[i]);
      box[1] = Math.min(box[1], previewBoxes[i + 1]);
      box[2] = Math.max(box[2], previewBoxes[i + 2]);
      box[3] = Math.max(box[3], previewBoxes[i + 3]);
    }
    return box;
  }, [previewOverlay, previewBoxes]);
  const canvas = containerRef.current;
  const minPreviewZoom = previewMinZoom(preview.features.length, previewExtent, [canvas?.clientWidth ?? 1280, canvas?.clientHeight ?? 800]);
  const shownPreview = useMemo<PreviewCollection>(() => {
    if (minPreviewZoom === 0) return previewOverlay;
    if (view.zoom < minPreviewZoom) return NO_PREVIEW;
    // The view and half of it again on every side, so a short pan needs no new data.
    const [w, s, e, n] = view.bounds;
    const mx = (e - w) / 2;
    const my = (n - s) / 2;
    const features = previewOverlay.features.filter((_, i) => {
      const b = i * 4;
      return previewBoxes[b + 2] >= w - mx && previewBoxes[b] <= e + mx && previewBoxes[b + 3] >= s - my && previewBoxes[b + 1] <= n + my;
    });
    return { type: 'FeatureCollection', features };
  }, [previewOverlay, previewBoxes, minPreviewZoom, view]);
  const overlay = useMemo<Overlay>(
    () => ({ ...districtOverlay, preview: shownPreview, incidents: incidentsOverlay, workers: workersOverlay }),
    [districtOverlay, shownPreview, incidentsOverlay, workersOverlay],
  );
  const fullPreview = useRef(previewOverlay);
  fullPreview.current = previewOverlay;
  // The statuses on the map, for the legend (in workflow order).
  const incidentStatuses = useMemo(() => {
    const present = new Set(incidents.features.map((f) => f.properties.status));
    return INCIDENT_STATUSES.filter((st) => present.has(st));
  }, [incidents]);
  const scale = useMemo(
    () => (isRampMode(choropleth) ? rampScale(choropleth, wgs.grids) : null),
    [choropleth, wgs.grids],
  );
  const legend = useMemo(() => legendItems(choropleth, scale, DEFAULT_HOUSEHOLD_BAND), [choropleth, scale]);
  const bboxes = useMemo(
    () => new Map(overlay.grids.features.map((f) => [f.properties.code, geometryBbox(f.geometry)])),
    [overlay.grids],
  );

  // ---- Latest values for handlers bound once ----
  const desired = useRef<Desired>(null as unknown as Desired);
  desired.current = {
    overlay,
    basemap: stableBasemap,
    basemapId,
    choropleth,
    rampScale: scale,
    visibleLevels,
    selectedCode,
    previewSelected,
    previewMinZoom: minPreviewZoom,
    selectedIncident,
    openByGrid: props.openIncidentsByGrid ?? NO_COUNTS,
    incidentUpdates,
    patrol: props.patrol ?? NO_PATROL,
    patrolTexts,
  };
  const callbacks = useRef({
    onSelect: props.onSelect,
    onHover: props.onHover,
    onPreviewPick: props.onPreviewPick,
    onIncidentPick: props.onIncidentPick,
  });
  callbacks.current = {
    onSelect: props.onSelect,
    onHover: props.onHover,
    onPreviewPick: props.onPreviewPick,
    onIncidentPick: props.onIncidentPick,
  };
  /** The whole style for what is desired (first build and basemap changes). */
  const styleFor = (d: Desired): maplibregl.StyleSpecification => {
    return buildStyle({
      basemap: d.basemap,
      data: d.overlay,
      choropleth: d.choropleth,
      rampScale: d.rampScale,
      visibleLevels: d.visibleLevels,
      fontFaces: mapFontFaces(),
      previewMinZoom: d.previewMinZoom,
    });
  };
  const applied = useRef<Applied>({ statesStale: false });
  /** The pulsing DOM markers of new and urgent incidents, by incident id. */
  const pulseMarkers = useRef(new Map<string, { marker: maplibregl.Marker; lngLat: [number, number]; urgent: boolean }>());
  const hovered = useRef<GridCode | null>(null);
  const syncing = useRef(false);
  const patrolApplied = useRef<PatrolMapApplied>({});
  /** The open worker popup and whose it is. */
  const workerPopup = useRef<{ popup: maplibregl.Popup; content: HTMLElement; workerId: string } | null>(null);
  const popupInputs = useRef({ details: props.workerDetails, clockMs: props.workerClockMs, onFollow: props.onWorkerFollow, t });
  popupInputs.current = { details: props.workerDetails, clockMs: props.workerClockMs, onFollow: props.onWorkerFollow, t };
  /** Puts the open popup on its worker's latest point with fresh figures; closes it when the worker is gone. */
  const refreshPopup = useRef((): void => {
    const open = workerPopup.current;
    if (!open) return;
    const { details, clockMs, onFollow, t: tr } = popupInputs.current;
    const d = details?.get(open.workerId);
    const point = desired.current.overlay.workers.features.find((f) => f.properties.staffId === open.workerId);
    if (!d || !point) {
      open.popup.remove();
      return;
    }
    const [x, y] = point.geometry.coordinates;
    const at = open.popup.getLngLat();
    if (!at || at.lng !== x || at.lat !== y) open.popup.setLngLat([x, y]);
    const followed = desired.current.patrol.followed === open.workerId;
    fillWorkerPopup(open.content, tr, {
      details: d,
      nowMs: clockMs ?? Date.now(),
      followed,
      onFollow: onFollow ? (follow) => onFollow(follow ? open.workerId : null) : undefined,
    });
  }).current;

  /** Brings the map in line with `desired`, with the fewest calls. Safe to call at any time. */
  const sync = useRef((): void => {
    const map = mapRef.current;
    if (!map || syncing.current || !styleReady(map)) return;
    syncing.current = true;
    try {
      const d = desired.current;
      const a = applied.current;
      if (d.basemapId !== a.basemapId) {
        registerBasemap(d.basemap);
        if (a.basemap) {
          // Overlays move with the coordinate system; keep the camera on the same ground.
          const c = map.getCenter();
          const [lng, lat] = moveBetweenBasemaps([c.lng, c.lat], a.basemap, d.basemap);
          if (lng !== c.lng || lat !== c.lat) map.jumpTo({ center: [lng, lat] });
        }
        map.setStyle(styleFor(d), { diff: true });
        Object.assign(a, styledWith(d), { statesStale: true });
        // A diff that MapLibre could not apply rebuilds the style asynchronously: wait for it.
        if (!styleReady(map)) return;
      }
      if (d.overlay !== a.overlay) {
        for (const [key, source] of OVERLAY_SOURCES) {
          if (a.overlay?.[key] !== d.overlay[key]) map.getSource<maplibregl.GeoJSONSource>(source)?.setData(d.overlay[key]);
        }
        a.overlay = d.overlay;
      }
      if (d.overlay.incidents !== a.incidents) {
        const source = map.getSource<maplibregl.GeoJSONSource>(SOURCES.incidents);
        // Only the change since what the map last received (found by feature identity): MapLibre
        // posts just that to its worker, and merges the diffs that wait while one is being applied,
        // so a burst of batches costs one worker update, not one full clone of every feature each.
        if (d.incidentUpdates === 'setData' || !a.incidents) void source?.setData(d.overlay.incidents);
        else void source?.updateData(incidentDiff(a.incidents, d.overlay.incidents));
        a.incidents = d.overlay.incidents;
      }
      if (d.choropleth !== a.choropleth || d.rampScale !== a.rampScale) {
        map.setPaintProperty(LAYERS.gridsFill, 'fill-color', gridFillColor(d.choropleth, d.rampScale));
        map.setPaintProperty(LAYERS.gridsFill, 'fill-opacity', gridFillOpacity(d.choropleth));
        a.choropleth = d.choropleth;
        a.rampScale = d.rampScale;
      }
      const key = levelsKey(d.visibleLevels);
      if (key !== a.levelsKey) {
        map.setFilter(LAYERS.gridsFill, gridsFillFilter(d.visibleLevels));
        for (const [layer, vis] of levelVisibility(d.visibleLevels)) map.setLayoutProperty(layer, 'visibility', vis);
        a.levelsKey = key;
      }
      if (d.previewMinZoom !== a.previewMinZoom) {
        for (const layer of PREVIEW_LAYER_IDS) map.setLayerZoomRange(layer, d.previewMinZoom, 24);
        a.previewMinZoom = d.previewMinZoom;
      }
      if (a.statesStale) {
        // The rebuilt style dropped the patrol layers and the grids' coverage states: resend all.
        patrolApplied.current = {};
        map.removeFeatureState({ source: SOURCES.grids });
        map.removeFeatureState({ source: SOURCES.preview });
        map.removeFeatureState({ source: SOURCES.incidents });
        if (hovered.current) map.setFeatureState({ source: SOURCES.grids, id: hovered.current }, { hover: true });
        a.selectedCode = undefined;
        a.previewSelected = undefined;
        a.openByGrid = undefined;
        a.selectedIncident = undefined;
        a.statesStale = false;
      }
      if (d.selectedCode !== a.selectedCode) {
        if (a.selectedCode) map.setFeatureState({ source: SOURCES.grids, id: a.selectedCode }, { selected: false });
        if (d.selectedCode) map.setFeatureState({ source: SOURCES.grids, id: d.selectedCode }, { selected: true });
        a.selectedCode = d.selectedCode;
      }
      if (d.openByGrid !== a.openByGrid) {
        // Only codes whose count changed are touched; a code that dropped out goes back to 0.
        const before = a.openByGrid ?? NO_COUNTS;
        for (const [code, n] of d.openByGrid) if (before.get(code) !== n) map.setFeatureState({ source: SOURCES.grids, id: code }, { open: n });
        for (const code of before.keys()) if (!d.openByGrid.has(code)) map.setFeatureState({ source: SOURCES.grids, id: code }, { open: 0 });
        a.openByGrid = d.openByGrid;
      }
      if (d.previewSelected !== a.previewSelected) {
        if (a.previewSelected) map.setFeatureState({ source: SOURCES.preview, id: a.previewSelected }, { selected: false });
        if (d.previewSelected) map.setFeatureState({ source: SOURCES.preview, id: d.previewSelected }, { selected: true });
        a.previewSelected = d.previewSelected;
      }
      if (d.selectedIncident !== a.selectedIncident) {
        if (a.selectedIncident) map.setFeatureState({ source: SOURCES.incidents, id: a.selectedIncident }, { selected: false });
        if (d.selectedIncident) map.setFeatureState({ source: SOURCES.incidents, id: d.selectedIncident }, { selected: true });
        a.selectedIncident = d.selectedIncident;
      }
      syncPatrolLayers(map, d.patrol, patrolApplied.current, d.patrolTexts);
    } finally {
      syncing.current = false;
    }
  }).current;

  // ---- Create the map once ----
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const d = desired.current;
    registerBasemap(d.basemap);
    const style = styleFor(d);
    applied.current = {
      ...styledWith(d),
      selectedCode: null,
      selectedIncident: null,
      statesStale: false,
    };

    const subDistrict = unionBbox(
      d.overlay.grids.features.filter((f) => f.properties.level === 1).map((f) => geometryBbox(f.geometry)),
    ) ?? unionBbox(d.overlay.grids.features.map((f) => geometryBbox(f.geometry)));

    const map = new maplibregl.Map({
      container,
      style,
      ...(subDistrict
        ? { bounds: subDistrict as maplibregl.LngLatBoundsLike, fitBoundsOptions: { padding: 32 } }
        : { center: [...district.center] as [number, number], zoom: 14 }),
      minZoom: 8,
      maxZoom: 20,
      // The map is a flat plan: rotation and pitch only disorient operators.
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      renderWorldCopies: false,
      // Labels appear at once instead of fading: with workers moving every second, fades would
      // keep software-rendered maps (wall PCs without a GPU, the e2e suite) from ever going idle.
      fadeDuration: 0,
      // Chinese labels come from the bundled Noto Sans SC in `font-faces`, never from OS fonts.
      localIdeographFontFamily: false,
      // Added with the UI language below, so they can be re-added when it changes.
      attributionControl: false,
    });
    mapRef.current = map;
    map.touchZoomRotate.disableRotation();
    map.keyboard.disableRotation();
    testHooks().map = map;

    // First render with grids on screen: the e2e suite's timing and readiness signal.
    let reported = false;
    const onIdle = (): void => {
      if (reported || !map.getLayer(LAYERS.gridsFill) || !map.isSourceLoaded(SOURCES.grids)) return;
      if (map.queryRenderedFeatures({ layers: [LAYERS.gridsFill] }).length === 0) return;
      reported = true;
      map.off('idle', onIdle);
      testHooks().firstMapRenderMs = performance.now();
      window.dispatchEvent(new Event('gridroom:map-ready'));
    };
    map.on('idle', onIdle);

    const onStyleLoad = (): void => {
      applied.current.statesStale = true;
      sync();
    };
    // An unreachable tile server fails every tile; say so once a minute, not once a tile.
    const lastTileError = new Map<string, number>();
    map.on('error', (e: maplibregl.ErrorEvent & { sourceId?: string; tile?: unknown }) => {
      if (e.tile !== undefined) {
        const source = e.sourceId ?? 'basemap';
        const now = Date.now();
        if (now - (lastTileError.get(source) ?? 0) < 60_000) return;
        lastTileError.set(source, now);
        console.warn(`Gridroom map: tiles of source "${source}" fail to load: ${e.error.message}`);
        return;
      }
      console.error(e.error);
    });
    map.on('load', sync);
    const reportView = (): void => {
      const b = map.getBounds();
      setView({ zoom: map.getZoom(), bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] });
    };
    map.on('moveend', reportView);
    map.once('load', reportView);
    map.on('style.load', onStyleLoad);
    map.on('styledata', sync);
    // A patrol source held an update back while its tiles loaded (patrol-layers.ts sendData).
    map.on('sourcedata', (e: maplibregl.MapSourceDataEvent) => {
      if (e.isSourceLoaded && isPatrolGeojsonSource(e.sourceId)) sync();
    });

    // ---- Hover and click: the finest visible grid under the cursor ----
    const pickAt = (point: maplibregl.Point): GridCode | null => {
      if (!styleReady(map)) return null;
      const layers = [...PICKABLE_LAYERS];
      const exact = map.queryRenderedFeatures(point, { layers });
      if (exact.length > 0) return pickGrid(exact);
      // Just outside every grid: forgive a miss by a pixel or two at the district's edge.
      const t = PICK_TOLERANCE_PX;
      return pickGrid(map.queryRenderedFeatures([[point.x - t, point.y - t], [point.x + t, point.y + t]], { layers }));
    };
    // Incidents and their clusters sit above everything else a click can pick.
    const incidentAt = (point: maplibregl.Point): IncidentHit => {
      if (!styleReady(map) || desired.current.overlay.incidents.features.length === 0) return null;
      const t = PICK_TOLERANCE_PX + 1;
      const box: [maplibregl.PointLike, maplibregl.PointLike] = [[point.x - t, point.y - t], [point.x + t, point.y + t]];
      for (const f of map.queryRenderedFeatures(box, { layers: [...INCIDENT_LAYERS, ...INCIDENT_CLUSTER_LAYERS] })) {
        const p = f.properties ?? {};
        if (typeof p.cluster_id === 'number' && f.geometry.type === 'Point') {
          const [lng, lat] = f.geometry.coordinates;
          return { kind: 'cluster', clusterId: p.cluster_id, center: [lng, lat] };
        }
        if (typeof p.id === 'string') return { kind: 'incident', id: p.id };
      }
      return null;
    };
    // Live workers sit on top of everything a click can pick.
    const workerAt = (point: maplibregl.Point): string | null => {
      if (!styleReady(map) || !popupInputs.current.details || !map.getLayer(LAYERS.workersCircle)) return null;
      const t = PICK_TOLERANCE_PX + 3;
      const hit = map.queryRenderedFeatures([[point.x - t, point.y - t], [point.x + t, point.y + t]], { layers: [LAYERS.workersCircle] });
      const id = hit[0]?.properties?.staffId as unknown;
      return typeof id === 'string' ? id : null;
    };
    const openWorkerPopup = (workerId: string): void => {
      workerPopup.current?.popup.remove();
      const content = document.createElement('div');
      const popup = new maplibregl.Popup({ closeButton: true, closeOnClick: false, closeOnMove: false, focusAfterOpen: false, maxWidth: '280px', offset: 12, className: 'gr-worker-popup-wrap' });
      popup.setDOMContent(content);
      const open = { popup, content, workerId };
      popup.on('close', () => {
        if (workerPopup.current === open) workerPopup.current = null;
      });
      workerPopup.current = open;
      const point = desired.current.overlay.workers.features.find((f) => f.properties.staffId === workerId);
      if (!point) return;
      popup.setLngLat(point.geometry.coordinates as [number, number]).addTo(map);
      refreshPopup();
    };
    let overIncident = false;
    let overWorker = false;
    const updateCursor = (): void => {
      map.getCanvas().style.cursor = overWorker || overIncident || hovered.current ? 'pointer' : '';
    };
    const setHover = (code: GridCode | null): void => {
      if (code === hovered.current) return;
      if (styleReady(map)) {
        if (hovered.current) map.setFeatureState({ source: SOURCES.grids, id: hovered.current }, { hover: false });
        if (code) map.setFeatureState({ source: SOURCES.grids, id: code }, { hover: true });
      }
      hovered.current = code;
      updateCursor();
      callbacks.current.onHover?.(code);
    };
    map.on('mousemove', (e) => {
      overWorker = workerAt(e.point) !== null;
      overIncident = incidentAt(e.point) !== null;
      setHover(pickAt(e.point));
      updateCursor();
    });
    map.on('mouseout', () => {
      overWorker = false;
      overIncident = false;
      setHover(null);
      updateCursor();
    });
    // A new building previewed by the allocation wizard takes the click before the grid under it.
    const previewAt = (point: maplibregl.Point): string | null => {
      if (!styleReady(map) || !callbacks.current.onPreviewPick) return null;
      const t = PICK_TOLERANCE_PX + 2;
      const hit = map.queryRenderedFeatures([[point.x - t, point.y - t], [point.x + t, point.y + t]], { layers: [...PREVIEW_LAYERS] });
      const id = hit[0]?.properties?.id as unknown;
      return typeof id === 'string' ? id : null;
    };
    const zoomIntoCluster = (clusterId: number, center: [number, number]): void => {
      const source = map.getSource<maplibregl.GeoJSONSource>(SOURCES.incidents);
      if (!source) return;
      source
        .getClusterExpansionZoom(clusterId)
        .then((zoom) => map.easeTo({ center, zoom: Math.min(zoom, map.getMaxZoom()), duration: FLY_MS, essential: true }))
        // The cluster went away with new data before the answer came: nothing to zoom into.
        .catch(() => undefined);
    };
    map.on('click', (e) => {
      const worker = workerAt(e.point);
      if (worker !== null) {
        openWorkerPopup(worker);
        return;
      }
      workerPopup.current?.popup.remove();
      // While the allocation wizard previews buildings, they are what the planner is clicking.
      const previewed = previewAt(e.point);
      if (previewed !== null) {
        callbacks.current.onPreviewPick?.(previewed);
        return;
      }
      const hit = incidentAt(e.point);
      const onIncidentPick = callbacks.current.onIncidentPick;
      if (hit?.kind === 'cluster') {
        zoomIntoCluster(hit.clusterId, hit.center);
        return;
      }
      if (hit?.kind === 'incident' && onIncidentPick) {
        onIncidentPick(hit.id);
        return;
      }
      callbacks.current.onSelect(pickAt(e.point));
    });

    const pulses = pulseMarkers.current;
    return () => {
      workerPopup.current?.popup.remove();
      workerPopup.current = null;
      for (const { marker } of pulses.values()) marker.remove();
      pulses.clear();
      if (testHooks().map === map) testHooks().map = null;
      mapRef.current = null;
      map.remove();
    };
    // Created once per mount; later props flow through `sync`.
  }, []);

  // ---- Controls in the UI language (MapLibre reads their strings once, when they are added) ----
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    map._locale = {
      ...map._locale,
      'NavigationControl.ZoomIn': t('controls.zoomIn'),
      'NavigationControl.ZoomOut': t('controls.zoomOut'),
      'NavigationControl.ResetBearing': t('controls.resetBearing'),
      'AttributionControl.ToggleAttribution': t('controls.toggleAttribution'),
      'Popup.Close': t('workerPopup.close'),
    };
    const controls: [maplibregl.IControl, maplibregl.ControlPosition][] = [
      [new maplibregl.NavigationControl({ showCompass: false }), 'top-left'],
      [new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right'],
      [new maplibregl.AttributionControl({ compact: true, customAttribution: t('attribution') }), 'bottom-right'],
    ];
    for (const [control, position] of controls) map.addControl(control, position);
    return () => {
      if (mapRef.current !== map) return;
      for (const [control] of controls) map.removeControl(control);
    };
  }, [language, t]);

  // ---- Every render: apply whatever changed ----
  useEffect(() => {
    sync();
  });

  // ---- The worker popup follows its worker and keeps its figures fresh ----
  const followedId = props.patrol?.followed ?? null;
  useEffect(() => {
    refreshPopup();
  }, [workersOverlay, props.workerDetails, props.workerClockMs, followedId, language, refreshPopup]);

  // ---- Follow a worker: keep their latest fix in the centre (no zoom change); a drag stops it ----
  const followLng = props.followAt?.[0] ?? null;
  const followLat = props.followAt?.[1] ?? null;
  const followTarget = useRef<[number, number] | null>(null);
  const followTargetOf = useRef<string | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (followLng === null || followLat === null) {
      followTarget.current = null;
      return;
    }
    const c = map.getCenter();
    // A newly followed worker gets a move at once, even to a point the last one eased to.
    const last = followTarget.current && followedId === followTargetOf.current ? followTarget.current : null;
    const to = followMove([followLng, followLat], last, [c.lng, c.lat]);
    followTarget.current = [followLng, followLat];
    followTargetOf.current = followedId;
    if (to) map.easeTo({ center: to, duration: 600, essential: true });
  }, [followLng, followLat, followedId]);
  const onFollowStop = useRef(props.onFollowStop);
  onFollowStop.current = props.onFollowStop;
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    // Only a gesture by a person carries an originalEvent; easeTo above does not.
    const stop = (e: { type: string; originalEvent?: unknown }): void => {
      if (desired.current.patrol.followed !== null && stopsFollowing(e.type, e.originalEvent !== undefined)) onFollowStop.current?.();
    };
    map.on('dragstart', stop);
    map.on('boxzoomstart', stop);
    return () => {
      map.off('dragstart', stop);
      map.off('boxzoomstart', stop);
    };
  }, []);

  // ---- Fit the view to a track when it is first shown ----
  const trackKey = props.patrol?.trackKey ?? null;
  const trackLines = props.patrol?.track ?? null;
  const trackEnds = props.patrol?.trackEnds ?? null;
  const lastFittedTrack = useRef<string | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    const container = containerRef.current;
    if (trackKey === null) {
      // Shown again later (layer toggled, same range): fitted again.
      lastFittedTrack.current = null;
      return;
    }
    const box = collectionBbox(trackLines, trackEnds);
    if (!map || !container || !shouldFitTrack(trackKey, lastFittedTrack.current, box !== null) || !box) return;
    lastFittedTrack.current = trackKey;
    const [w, s, e, n] = box;
    // A track of one fix has no extent: pad it to about 60 m.
    const pad = w === e && s === n ? 0.0003 : 0;
    map.fitBounds([w - pad, s - pad, e + pad, n + pad], { padding: flyPadding(container), duration: FLY_MS, maxZoom: 18, essential: true });
  }, [trackKey, trackLines, trackEnds]);

  // ---- Fly to the selected grid when the shell asks ----
  const lastToken = useRef(flyToToken);
  useEffect(() => {
    if (flyToToken === lastToken.current) return;
    lastToken.current = flyToToken;
    const map = mapRef.current;
    const container = containerRef.current;
    const code = desired.current.selectedCode;
    const box = code ? bboxes.get(code) : undefined;
    if (!map || !container || !box) return;
    map.fitBounds(box, { padding: flyPadding(container), duration: FLY_MS, maxZoom: 18.5, essential: true });
  }, [flyToToken, bboxes]);

  // ---- Fly to the building picked in the wizard's table ----
  const lastPreviewToken = useRef(previewFlyToken);
  useEffect(() => {
    if (previewFlyToken === lastPreviewToken.current) return;
    lastPreviewToken.current = previewFlyToken;
    const map = mapRef.current;
    const container = containerRef.current;
    const id = desired.current.previewSelected;
    const feature = id ? fullPreview.current.features.find((f) => f.properties.id === id) : undefined;
    if (!map || !container || !feature) return;
    const [w, s, e, n] = previewBbox(feature.geometry);
    // A lone address point has no extent: pad it to about 60 m so fitBounds has something to fit.
    const pad = w === e && s === n ? 0.0003 : 0;
    // Close enough that the preview is drawn there, however dense it is.
    const maxZoom = Math.min(20, Math.max(18, desired.current.previewMinZoom + 0.25));
    map.fitBounds([w - pad, s - pad, e + pad, n + pad], { padding: flyPadding(container), duration: FLY_MS, maxZoom, essential: true });
  }, [previewFlyToken]);

  // ---- Fly to the incident picked in the list ----
  const lastIncidentToken = useRef(incidentFlyToken);
  useEffect(() => {
    if (incidentFlyToken === lastIncidentToken.current) return;
    lastIncidentToken.current = incidentFlyToken;
    const map = mapRef.current;
    const container = containerRef.current;
    const id = desired.current.selectedIncident;
    const feature = id ? desired.current.overlay.incidents.features.find((f) => f.properties.id === id) : undefined;
    if (!map || !container || !feature) return;
    const [x, y] = feature.geometry.coordinates;
    // fitBounds (not flyTo with padding, which MapLibre keeps for later moves) around a ~10 m box:
    // the side panel stays clear, and the zoom is INCIDENT_ZOOM unless the view is already closer.
    const pad = 0.0001;
    const maxZoom = Math.max(INCIDENT_ZOOM, map.getZoom());
    map.fitBounds([x - pad, y - pad, x + pad, y + pad], { padding: flyPadding(container), duration: FLY_MS, maxZoom, essential: true });
  }, [incidentFlyToken]);

  // ---- New and urgent incidents pulse: a few DOM markers animated by CSS, no WebGL repaints ----
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const markers = pulseMarkers.current;
    const wanted = pulsingIncidents(incidentsOverlay);
    const keep = new Set(wanted.map((w) => w.id));
    for (const [id, { marker }] of markers) {
      if (keep.has(id)) continue;
      marker.remove();
      markers.delete(id);
    }
    for (const w of wanted) {
      const have = markers.get(w.id);
      if (have) {
        if (have.lngLat[0] !== w.lngLat[0] || have.lngLat[1] !== w.lngLat[1]) have.marker.setLngLat(w.lngLat);
        if (have.urgent !== w.urgent) have.marker.getElement().classList.toggle('gr-map-pulse--urgent', w.urgent);
        markers.set(w.id, { ...have, lngLat: w.lngLat, urgent: w.urgent });
        continue;
      }
      const el = document.createElement('div');
      el.className = w.urgent ? 'gr-map-pulse gr-map-pulse--urgent' : 'gr-map-pulse';
      el.setAttribute('aria-hidden', 'true');
      el.dataset.incident = w.id;
      const marker = new maplibregl.Marker({ element: el }).setLngLat(w.lngLat).addTo(map);
      markers.set(w.id, { marker, lngLat: w.lngLat, urgent: w.urgent });
    }
  }, [incidentsOverlay]);

  return (
    <div className="gr-map" lang={language === 'zh' ? 'zh-CN' : 'en'}>
      <div ref={containerRef} className="gr-map__canvas" role="region" aria-label={t('aria.map')} />
      {preview.features.length > 0 && view.zoom < minPreviewZoom && (
        <div className="gr-map__hint" role="status" data-testid="preview-zoom-hint">
          {t('previewZoomHint', { count: preview.features.length.toLocaleString(language === 'zh' ? 'zh-CN' : 'en') })}
        </div>
      )}
      <Legend
        choropleth={choropleth}
        items={legend}
        visibleLevels={visibleLevels}
        showWorkers={workers.features.length > 0}
        showIncidents={incidents.features.length > 0}
        incidentStatuses={incidentStatuses}
        patrol={{
          coverage: props.patrol?.coverage != null,
          gaps: props.patrol?.gapImage != null || props.patrol?.gapBuildings != null,
          missingReports: props.patrol?.reports?.features.some((f) => f.properties.missing === 1) ?? false,
          pendingReports: props.patrol?.reports?.features.some((f) => f.properties.missing === 0) ?? false,
          track: (props.patrol?.track?.features.length ?? 0) > 0 || (props.patrol?.trackEnds?.features.length ?? 0) > 0,
          stops: (props.patrol?.stops?.features.length ?? 0) > 0,
          followed: followedId !== null,
          heading: workers.features.some((f) => ((f.properties as { heading?: number }).heading ?? -1) >= 0),
        }}
      />
    </div>
  );
}
