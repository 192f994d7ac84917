/**
 * The patrol layers (issue 5) on top of the district style: coverage shading of the grids, the
 * gap image (parts not walked), the buildings not visited for N days, grids missing today's daily
 * report, one worker's track with its stops, and on the live workers a heading arrow and the
 * followed worker's ring.
 *
 * They are added to the live map rather than to the style built by map-style.ts, because they
 * change on their own clock (a coverage run, a track pick) and the image source cannot be built
 * from plain data. `syncPatrolLayers` is idempotent: it adds what is missing (a style rebuild
 * drops everything), updates what changed, and hides what is off. Everything else here (feature
 * builders, the ramp, expressions, the follow and fit decisions, popup lines) is pure and
 * unit-tested.
 *
 * Layer order, bottom to top, among the district's layers (see PATROL_LAYER_ORDER):
 * grids-fill … → patrol-coverage → buildings, roads → patrol-gaps → patrol-gap-buildings-fill →
 * patrol-gap-buildings → grid lines, labels, incidents … → patrol-track-gaps → patrol-track →
 * patrol-stops → patrol-track-ends → patrol-followed → patrol-heading → workers, workers-label →
 * patrol-reports → patrol-reports-label.
 */
import type * as maplibregl from 'maplibre-gl';
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson';
import type { CoverageGapImage } from '@core/patrol/coverage-report';
import type { TrackArrays } from '@core/patrol/visits';
import type { TrackStop } from '@core/patrol/stops';
import type { GridCode, GridLevel, Staff, StaffId, StaffRole } from '@core/model';
import { MAP_FONT_STACKS } from '../fonts/font-names';
import { LAYERS, SOURCES, gridLineLayerId } from './map-layers';
import { round6, type WorkerFeatureProps } from './grid-features';
import { headingArrowImage, pillImage, pillImageOptions, type RgbaImage } from './patrol-images';

export const PATROL_SOURCES = {
  gaps: 'patrol-gaps',
  gapBuildings: 'patrol-gap-buildings',
  reports: 'patrol-reports',
  track: 'patrol-track',
  stops: 'patrol-stops',
  trackEnds: 'patrol-track-ends',
} as const;

export const PATROL_LAYER_IDS = {
  coverage: 'patrol-coverage',
  gaps: 'patrol-gaps',
  gapBuildingsFill: 'patrol-gap-buildings-fill',
  gapBuildings: 'patrol-gap-buildings',
  trackGaps: 'patrol-track-gaps',
  track: 'patrol-track',
  stops: 'patrol-stops',
  trackEnds: 'patrol-track-ends',
  followed: 'patrol-followed',
  heading: 'patrol-heading',
  reports: 'patrol-reports',
  reportsLabel: 'patrol-reports-label',
} as const;

/** Whether a `sourcedata` event of this source may let a held-back patrol update through. */
export function isPatrolGeojsonSource(id: string | undefined): boolean {
  return id === PATROL_SOURCES.gapBuildings || id === PATROL_SOURCES.reports || id === PATROL_SOURCES.track || id === PATROL_SOURCES.stops || id === PATROL_SOURCES.trackEnds;
}

/** The patrol layers bottom to top (the district's layers sit between, see the file comment). */
export const PATROL_LAYER_ORDER: readonly string[] = [
  PATROL_LAYER_IDS.coverage,
  PATROL_LAYER_IDS.gaps,
  PATROL_LAYER_IDS.gapBuildingsFill,
  PATROL_LAYER_IDS.gapBuildings,
  PATROL_LAYER_IDS.trackGaps,
  PATROL_LAYER_IDS.track,
  PATROL_LAYER_IDS.stops,
  PATROL_LAYER_IDS.trackEnds,
  PATROL_LAYER_IDS.followed,
  PATROL_LAYER_IDS.heading,
  PATROL_LAYER_IDS.reports,
  PATROL_LAYER_IDS.reportsLabel,
];

export const PATROL_IMAGES = {
  heading: 'patrol-heading-arrow',
  pillMissing: 'patrol-pill-missing',
  pillPending: 'patrol-pill-pending',
} as const;

// ---- Colours ----

/** Coverage classes: share < 0.2, < 0.4, < 0.6, < 0.8, ≥ 0.8. */
export const COVERAGE_BREAKS: readonly number[] = [0.2, 0.4, 0.6, 0.8];
/**
 * ColorBrewer RdYlBu (5 classes), which ColorBrewer rates colour-blind safe: red (little walked,
 * what a supervisor must see first) through pale yellow to blue. Lightness rises then falls, so
 * the two ends never look alike in greyscale either; red–green would merge for deuteranopes.
 */
export const COVERAGE_COLORS: readonly string[] = ['#d7191c', '#fdae61', '#ffffbf', '#abd9e9', '#2c7bb6'];
/** Units not in the report yet: light grey, fainter than any class. */
export const NO_COVERAGE_COLOR = '#ced4da';
/** The gap image's pixels are core's GAP_RGBA; buildings not visited lately share its hue. */
export const GAP_BUILDING_COLOR = '#b2182b';
export const MISSING_REPORT_COLOR = '#c92a2a';
/** Darker than a UI grey so the white label on it keeps 4.5:1 contrast. */
export const PENDING_REPORT_COLOR = '#5c6673';
export const TRACK_COLOR = '#5f3dc4';
export const TRACK_START_COLOR = '#2b8a3e';
export const TRACK_END_COLOR = '#212529';
/** Ring of the followed worker: a blue no worker state uses. */
export const FOLLOW_COLOR = '#1c7ed6';
/** Heading arrows: dark ink with a white halo, readable on every worker colour. */
export const HEADING_COLOR = '#1f2633';

// ---- Coverage ramp ----

/** The class index (0–4) of a coverage share; NaN (no figure) falls in class 0. */
export function coverageClass(share: number): number {
  let k = 0;
  while (k < COVERAGE_BREAKS.length && share >= COVERAGE_BREAKS[k]) k++;
  return k;
}

export interface CoverageRampClass {
  /** Share bounds [from, to); the last class includes 1. */
  from: number;
  to: number;
  color: string;
}

/** The ramp's classes in order, for the legend: contiguous from 0 to 1. */
export function coverageClasses(): CoverageRampClass[] {
  const bounds = [0, ...COVERAGE_BREAKS, 1];
  return COVERAGE_COLORS.map((color, i) => ({ from: bounds[i], to: bounds[i + 1], color }));
}

/**
 * The unit's `coverage` state, -1 when it has none. Not `['to-number', state, -1]`: to-number
 * turns null into 0 without trying its fallback, which painted units with no figure as 0 %.
 */
const COVERAGE_STATE: ExpressionSpecification = ['to-number', ['coalesce', ['feature-state', 'coverage'], -1]];

/** Fill colour by the unit's `coverage` feature state; units without one (no report yet) are light grey. */
export function coverageFillColor(): ExpressionSpecification {
  const step: unknown[] = ['step', COVERAGE_STATE, NO_COVERAGE_COLOR, 0, COVERAGE_COLORS[0]];
  COVERAGE_BREAKS.forEach((b, i) => step.push(b, COVERAGE_COLORS[i + 1]));
  return step as ExpressionSpecification;
}

/** Opacity by the same state: units without a figure are only hinted at, so they never read as a class. */
export function coverageFillOpacity(): ExpressionSpecification {
  return ['case', ['>=', COVERAGE_STATE, 0], 0.72, 0.35];
}

/** Dedicated grids sit at level 3; they are shaded with the grids, never with the micro-grids. */
export function coverageFilter(level: GridLevel): FilterSpecification {
  return level === 4 ? ['all', ['==', ['get', 'level'], 4], ['==', ['get', 'kind'], 'base']] : ['==', ['get', 'level'], level];
}

// ---- Daily reports ----

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

// ---- Track ----

/** Fixes further apart than this are a gap in the track (the phone was off or had no fix). */
export const TRACK_MAX_GAP_MS = 5 * 60_000;

export interface TrackLineProps {
  /** 1: a straight connector across a gap, drawn dashed (nobody saw that walk); 0: walked. */
  gap: 0 | 1;
}

/**
 * A track as lines: runs of fixes at most `maxGapMs` apart are walked lines; each longer step is a
 * connector of its own with `gap: 1`, so the map can dash it rather than claim a walk nobody saw.
 * A lone fix between two gaps is only reached by connectors.
 */
export function trackLines(track: TrackArrays, maxGapMs = TRACK_MAX_GAP_MS): FeatureCollection<LineString, TrackLineProps> {
  const features: Feature<LineString, TrackLineProps>[] = [];
  let part: Position[] = [];
  const flush = (): void => {
    if (part.length >= 2) features.push({ type: 'Feature', properties: { gap: 0 }, geometry: { type: 'LineString', coordinates: part } });
    part = [];
  };
  const at = (i: number): Position => [round6(track.lon[i]), round6(track.lat[i])];
  for (let i = 0; i < track.t.length; i++) {
    if (i > 0 && track.t[i] - track.t[i - 1] > maxGapMs) {
      flush();
      features.push({ type: 'Feature', properties: { gap: 1 }, geometry: { type: 'LineString', coordinates: [at(i - 1), at(i)] } });
    }
    part.push(at(i));
  }
  flush();
  return { type: 'FeatureCollection', features };
}

export interface StopProps {
  /** Whole minutes stayed (the circle grows with it). */
  minutes: number;
  startT: number;
}

/** Stops as points with their duration in minutes. */
export function stopPoints(stops: readonly TrackStop[]): FeatureCollection<Point, StopProps> {
  return {
    type: 'FeatureCollection',
    features: stops.map((s) => ({
      type: 'Feature',
      properties: { minutes: Math.round((s.endT - s.startT) / 60_000), startT: s.startT },
      geometry: { type: 'Point', coordinates: [round6(s.lon), round6(s.lat)] },
    })),
  };
}

export interface TrackEndProps {
  end: 'start' | 'end';
  t: number;
}

/** The track's first and last fix (one point when it has a single fix, none when empty). */
export function trackEnds(track: TrackArrays): FeatureCollection<Point, TrackEndProps> {
  const n = track.t.length;
  const point = (i: number, end: TrackEndProps['end']): Feature<Point, TrackEndProps> => ({
    type: 'Feature',
    properties: { end, t: track.t[i] },
    geometry: { type: 'Point', coordinates: [round6(track.lon[i]), round6(track.lat[i])] },
  });
  const features = n === 0 ? [] : n === 1 ? [point(0, 'start')] : [point(0, 'start'), point(n - 1, 'end')];
  return { type: 'FeatureCollection', features };
}

/** [west, south, east, north] of every coordinate in the collections; null when they hold none. */
export function collectionBbox(...collections: (FeatureCollection<LineString | Point> | null)[]): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const add = (p: Position): void => {
    w = Math.min(w, p[0]);
    s = Math.min(s, p[1]);
    e = Math.max(e, p[0]);
    n = Math.max(n, p[1]);
  };
  for (const fc of collections) {
    for (const f of fc?.features ?? []) {
      if (f.geometry.type === 'Point') add(f.geometry.coordinates);
      else f.geometry.coordinates.forEach(add);
    }
  }
  return w <= e ? [w, s, e, n] : null;
}

/**
 * Whether the map should fit its view to the track now: once per track view (worker, from, to),
 * as soon as that view has something to show. A track that grows with live fixes is not re-fitted.
 */
export function shouldFitTrack(trackKey: string | null, lastFitted: string | null, hasFeatures: boolean): boolean {
  return trackKey !== null && trackKey !== lastFitted && hasFeatures;
}

/** The identity of a track view: a new worker or range is a new track to fit. */
export function trackKeyOf(view: { workerId: string; from: string; to: string } | null): string | null {
  return view ? `${view.workerId}|${view.from}|${view.to}` : null;
}

// ---- Live workers ----

/** Slower than this (m/s) a worker is standing: a heading from a standing phone is noise. */
export const MOVING_MIN_MPS = 0.3;

/** What the map needs of a live fix (core/patrol latestPositions' view). */
export interface LiveWorkerView {
  workerId: string;
  fix: { lngLat: readonly [number, number]; t: number; heading?: number; speed?: number; unit: GridCode | null };
  stale: boolean;
  outsideOwnGrid: boolean;
}

/** A live worker point: WorkerFeatureProps and the heading the arrow points to (-1: no arrow). */
export interface LiveWorkerProps extends WorkerFeatureProps {
  heading: number;
}

/**
 * Degrees clockwise from north for the arrow, in [0, 360), or -1 when there is to be none: no
 * heading sent, the fix is stale (the arrow would claim a direction long gone), or the worker is
 * standing (speed sent and below MOVING_MIN_MPS). A heading without a speed is trusted.
 */
export function arrowHeading(fix: { heading?: number; speed?: number }, stale: boolean): number {
  const h = fix.heading;
  if (stale || h === undefined || !Number.isFinite(h)) return -1;
  if (fix.speed !== undefined && !(fix.speed >= MOVING_MIN_MPS)) return -1;
  return Math.round((((h % 360) + 360) % 360) * 10) / 10;
}

/**
 * The workers' latest positions as lean map points (6 decimals): name for the label, stale and
 * outside-own-grid flags for the colour, heading for the arrow. Workers not in the staff list are
 * left out (core refuses their fixes anyway).
 */
export function liveWorkerPoints(views: readonly LiveWorkerView[], staffById: ReadonlyMap<StaffId, Staff>): FeatureCollection<Point, LiveWorkerProps> {
  const features: Feature<Point, LiveWorkerProps>[] = [];
  for (const v of views) {
    const staff = staffById.get(v.workerId as StaffId);
    if (!staff) continue;
    features.push({
      type: 'Feature',
      properties: {
        staffId: staff.id,
        name: staff.name,
        gridCode: staff.gridCode,
        stale: v.stale ? 1 : 0,
        outside: v.outsideOwnGrid ? 1 : 0,
        heading: arrowHeading(v.fix, v.stale),
      },
      geometry: { type: 'Point', coordinates: [round6(v.fix.lngLat[0]), round6(v.fix.lngLat[1])] },
    });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * The clock a fix's age is told by: the app clock moves in 30 s steps (incident-clock.ts), so a
 * fix a second old could look 29 s old or even in the future; the newest fix any worker sent is
 * a closer "now" while the feed runs.
 */
export function fixAgeClock(nowMs: number, fixTimes: Iterable<number>): number {
  let clock = Number.isFinite(nowMs) ? nowMs : -Infinity;
  for (const t of fixTimes) if (t > clock) clock = t;
  return clock;
}

/** Everything the worker popup tells (names already resolved). */
export interface WorkerDetails {
  workerId: string;
  name: string;
  role: StaffRole | null;
  ownGrid: { code: string; name: string } | null;
  /** The leaf unit the fix is in; null outside every unit. */
  unit: { code: string; name: string } | null;
  heading?: number;
  speed?: number;
  /** Fix time (epoch ms). */
  t: number;
  stale: boolean;
  outside: boolean;
}

/** A translated value: an i18n key (map namespace unless prefixed) and its values; a value given as { key } is translated first. */
export interface PopupText {
  key: string;
  values?: Record<string, string | number | { key: string }>;
}

export type PopupField = 'role' | 'ownGrid' | 'unit' | 'heading' | 'speed' | 'age' | 'state';

export interface PopupLine {
  field: PopupField;
  text: PopupText;
}

const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;

/** The 8-point compass direction of a heading (degrees clockwise from north). */
export function compassPoint(deg: number): (typeof COMPASS)[number] {
  return COMPASS[Math.round((((deg % 360) + 360) % 360) / 45) % 8];
}

/** A fix's age as the largest whole unit: seconds under a minute, minutes under an hour, hours under a day, else days. */
export function fixAge(ageMs: number): PopupText {
  const s = Math.max(0, Math.floor(ageMs / 1000));
  if (s < 60) return { key: 'workerPopup.age.seconds', values: { count: s } };
  if (s < 3600) return { key: 'workerPopup.age.minutes', values: { count: Math.floor(s / 60) } };
  if (s < 86_400) return { key: 'workerPopup.age.hours', values: { count: Math.floor(s / 3600) } };
  return { key: 'workerPopup.age.days', values: { count: Math.floor(s / 86_400) } };
}

/** The popup's lines for a worker at `nowMs`, in display order; the label of each is `workerPopup.label.<field>`. */
export function workerPopupLines(d: WorkerDetails, nowMs: number): PopupLine[] {
  const lines: PopupLine[] = [];
  if (d.role) lines.push({ field: 'role', text: { key: `app:role.${d.role}` } });
  lines.push({ field: 'ownGrid', text: d.ownGrid ? { key: 'workerPopup.grid', values: { ...d.ownGrid } } : { key: 'workerPopup.unknown' } });
  lines.push({ field: 'unit', text: d.unit ? { key: 'workerPopup.grid', values: { ...d.unit } } : { key: 'workerPopup.noUnit' } });
  const heading = d.heading;
  lines.push({
    field: 'heading',
    text: heading !== undefined && Number.isFinite(heading) ? { key: 'workerPopup.headingValue', values: { deg: Math.round(heading), dir: { key: `workerPopup.compass.${compassPoint(heading)}` } } } : { key: 'workerPopup.unknown' },
  });
  const speed = d.speed;
  lines.push({
    field: 'speed',
    text: speed !== undefined && Number.isFinite(speed) ? { key: 'workerPopup.speedValue', values: { mps: speed.toFixed(1), kmh: (speed * 3.6).toFixed(1) } } : { key: 'workerPopup.unknown' },
  });
  lines.push({ field: 'age', text: fixAge(nowMs - d.t) });
  lines.push({ field: 'state', text: { key: d.stale ? 'workerPopup.state.stale' : d.outside ? 'workerPopup.state.outside' : 'workerPopup.state.onDuty' } });
  return lines;
}

// ---- Follow ----

/**
 * Where the camera should ease to while following, or null to stay: only when the followed
 * worker has a new fix (target differs from the one last eased to) that is off the centre by more
 * than `epsilon` degrees. Following a new worker resets `lastTarget` to null, so it moves at once.
 */
export function followMove(target: readonly [number, number] | null, lastTarget: readonly [number, number] | null, center: readonly [number, number], epsilon = 1e-7): [number, number] | null {
  if (!target) return null;
  if (lastTarget && lastTarget[0] === target[0] && lastTarget[1] === target[1]) return null;
  if (Math.abs(center[0] - target[0]) <= epsilon && Math.abs(center[1] - target[1]) <= epsilon) return null;
  return [target[0], target[1]];
}

/** Map events that end following when a person caused them: a pan by drag, a box zoom (shift-drag). */
export function stopsFollowing(type: string, byUser: boolean): boolean {
  return byUser && (type === 'dragstart' || type === 'boxzoomstart');
}

// ---- The map ----

/** What the patrol layers should show; every part null when off. */
export interface PatrolMapState {
  /** Coverage share per unit code, and the level shaded; null: coverage shading off. */
  coverage: { level: GridLevel; shares: ReadonlyMap<string, number> } | null;
  /** The gap image as a blob URL with its corners (already in the overlay's CRS); null: off. */
  gapImage: { url: string; corners: CoverageGapImage['corners'] } | null;
  gapBuildings: FeatureCollection<Polygon> | null;
  reports: FeatureCollection<Point, ReportMarkProps> | null;
  track: FeatureCollection<LineString, TrackLineProps> | null;
  stops: FeatureCollection<Point, StopProps> | null;
  trackEnds: FeatureCollection<Point, TrackEndProps> | null;
  /** trackKeyOf the shown track view: the map fits its view to each new one once. */
  trackKey: string | null;
  /** The followed worker (ringed); null: nobody. */
  followed: string | null;
}

/** No patrol layer on. */
export const NO_PATROL: PatrolMapState = { coverage: null, gapImage: null, gapBuildings: null, reports: null, track: null, stops: null, trackEnds: null, trackKey: null, followed: null };

/** The words drawn on the map (in the UI language). */
export interface PatrolMapTexts {
  missing: string;
  pending: string;
}

/** What the map holds; undefined: not yet (or lost with a style rebuild). */
export interface PatrolMapApplied {
  coverage?: PatrolMapState['coverage'];
  /** The coverage states on the grids source (undefined: none sent since the last style rebuild). */
  shares?: ReadonlyMap<string, number>;
  gapUrl?: string | null;
  gapBuildings?: PatrolMapState['gapBuildings'];
  reports?: PatrolMapState['reports'];
  track?: PatrolMapState['track'];
  stops?: PatrolMapState['stops'];
  trackEnds?: PatrolMapState['trackEnds'];
  followed?: string | null;
  texts?: PatrolMapTexts;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The first of `ids` the map has (in the order given): patrol layers are inserted beneath it. */
function firstLayer(map: maplibregl.Map, ids: readonly string[]): string | undefined {
  return ids.find((id) => map.getLayer(id) !== undefined);
}

/** The lowest of `ids` in the map's stack (the grid lines are stacked fine to coarse). */
function lowestLayer(map: maplibregl.Map, ids: readonly string[]): string | undefined {
  const wanted = new Set(ids);
  return map.getLayersOrder().find((id) => wanted.has(id));
}

const GRID_LINES: readonly string[] = ([1, 2, 3, 4] as GridLevel[]).map(gridLineLayerId);

function ensureGeojson(map: maplibregl.Map, id: string): void {
  if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: EMPTY });
}

/**
 * Sends `data` to a GeoJSON source if its last data has reached its tiles; false (send again on a
 * later sync) while they are still loading. A second setData while tiles of the first were being
 * parsed left the report marks showing the first data for good (seen in Chromium at start-up,
 * when the marks are computed twice within a second); MapView syncs again when a patrol source
 * has loaded (PATROL_SOURCES, `sourcedata`).
 */
function sendData(map: maplibregl.Map, id: string, data: FeatureCollection | null): boolean {
  if (!map.isSourceLoaded(id)) return false;
  void map.getSource<maplibregl.GeoJSONSource>(id)?.setData(data ?? EMPTY);
  return true;
}

function ensureImage(map: maplibregl.Map, id: string, image: () => RgbaImage, options: Parameters<maplibregl.Map['addImage']>[2] = { pixelRatio: 2 }): void {
  if (!map.hasImage(id)) map.addImage(id, image(), options);
}

function setVisible(map: maplibregl.Map, id: string, on: boolean): void {
  if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
}

/**
 * Brings the map's patrol layers to `want`. `applied` remembers what the map holds; pass a fresh
 * object after a style rebuild (or when unsure) and everything is re-sent. Cheap when nothing
 * changed: a few identity comparisons, no MapLibre call.
 */
export function syncPatrolLayers(map: maplibregl.Map, want: PatrolMapState, applied: PatrolMapApplied, texts: PatrolMapTexts): void {
  if (!map.getSource(SOURCES.grids)) return; // the district style is not loaded yet
  const underLines = lowestLayer(map, GRID_LINES);

  // Coverage shading on the grids source, by feature state, under the buildings and roads.
  if (!map.getLayer(PATROL_LAYER_IDS.coverage)) {
    map.addLayer(
      { id: PATROL_LAYER_IDS.coverage, type: 'fill', source: SOURCES.grids, paint: { 'fill-color': coverageFillColor(), 'fill-opacity': coverageFillOpacity() }, layout: { visibility: 'none' } },
      firstLayer(map, [LAYERS.buildingsFill, LAYERS.buildingsOutline]) ?? underLines,
    );
    applied.coverage = undefined;
  }
  if (want.coverage !== applied.coverage) {
    if (want.coverage) {
      // Only the units whose share changed since the states last sent (kept while the layer is off).
      const before = applied.shares;
      const shares = want.coverage.shares;
      for (const [code, share] of shares) if (before?.get(code) !== share) map.setFeatureState({ source: SOURCES.grids, id: code }, { coverage: share });
      // A unit the new report lacks must not keep the last report's colour.
      if (before) for (const code of before.keys()) if (!shares.has(code)) map.removeFeatureState({ source: SOURCES.grids, id: code }, 'coverage');
      map.setFilter(PATROL_LAYER_IDS.coverage, coverageFilter(want.coverage.level));
      applied.shares = shares;
    }
    setVisible(map, PATROL_LAYER_IDS.coverage, want.coverage !== null);
    applied.coverage = want.coverage;
  }

  // The gap image: an image source cannot change its URL in place, so it is replaced.
  const gapUrl = want.gapImage?.url ?? null;
  if (gapUrl !== (applied.gapUrl ?? null) || (gapUrl && !map.getSource(PATROL_SOURCES.gaps))) {
    if (map.getLayer(PATROL_LAYER_IDS.gaps)) map.removeLayer(PATROL_LAYER_IDS.gaps);
    if (map.getSource(PATROL_SOURCES.gaps)) map.removeSource(PATROL_SOURCES.gaps);
    if (want.gapImage) {
      map.addSource(PATROL_SOURCES.gaps, { type: 'image', url: want.gapImage.url, coordinates: want.gapImage.corners });
      map.addLayer(
        { id: PATROL_LAYER_IDS.gaps, type: 'raster', source: PATROL_SOURCES.gaps, paint: { 'raster-opacity': 0.85, 'raster-fade-duration': 0, 'raster-resampling': 'nearest' } },
        firstLayer(map, [PATROL_LAYER_IDS.gapBuildingsFill, PATROL_LAYER_IDS.gapBuildings]) ?? underLines,
      );
    }
    applied.gapUrl = gapUrl;
  }

  // Buildings not visited for N days: a light fill and a dashed outline, under the grid lines.
  ensureGeojson(map, PATROL_SOURCES.gapBuildings);
  if (!map.getLayer(PATROL_LAYER_IDS.gapBuildings)) {
    map.addLayer({ id: PATROL_LAYER_IDS.gapBuildingsFill, type: 'fill', source: PATROL_SOURCES.gapBuildings, paint: { 'fill-color': GAP_BUILDING_COLOR, 'fill-opacity': 0.22 } }, underLines);
    map.addLayer({ id: PATROL_LAYER_IDS.gapBuildings, type: 'line', source: PATROL_SOURCES.gapBuildings, paint: { 'line-color': GAP_BUILDING_COLOR, 'line-width': 2, 'line-dasharray': [2, 1] } }, underLines);
    applied.gapBuildings = undefined;
  }
  if (want.gapBuildings !== applied.gapBuildings && sendData(map, PATROL_SOURCES.gapBuildings, want.gapBuildings)) {
    setVisible(map, PATROL_LAYER_IDS.gapBuildingsFill, want.gapBuildings !== null);
    setVisible(map, PATROL_LAYER_IDS.gapBuildings, want.gapBuildings !== null);
    applied.gapBuildings = want.gapBuildings;
  }

  // Track, stops and ends, the followed worker's ring and the heading arrows: under the workers.
  const underWorkers = firstLayer(map, [LAYERS.workersCircle]);
  ensureGeojson(map, PATROL_SOURCES.track);
  ensureGeojson(map, PATROL_SOURCES.stops);
  ensureGeojson(map, PATROL_SOURCES.trackEnds);
  ensureImage(map, PATROL_IMAGES.heading, () => headingArrowImage(HEADING_COLOR));
  if (!map.getLayer(PATROL_LAYER_IDS.track)) {
    map.addLayer(
      {
        id: PATROL_LAYER_IDS.trackGaps,
        type: 'line',
        source: PATROL_SOURCES.track,
        filter: ['==', ['get', 'gap'], 1],
        paint: { 'line-color': TRACK_COLOR, 'line-width': 2, 'line-opacity': 0.6, 'line-dasharray': [1.5, 2] },
      },
      underWorkers,
    );
    map.addLayer(
      {
        id: PATROL_LAYER_IDS.track,
        type: 'line',
        source: PATROL_SOURCES.track,
        filter: ['==', ['get', 'gap'], 0],
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': TRACK_COLOR, 'line-width': 3, 'line-opacity': 0.85 },
      },
      underWorkers,
    );
    map.addLayer(
      {
        id: PATROL_LAYER_IDS.stops,
        type: 'circle',
        source: PATROL_SOURCES.stops,
        paint: { 'circle-color': '#fff', 'circle-stroke-color': TRACK_COLOR, 'circle-stroke-width': 2.5, 'circle-radius': ['interpolate', ['linear'], ['get', 'minutes'], 2, 4, 30, 10] },
      },
      underWorkers,
    );
    map.addLayer(
      {
        id: PATROL_LAYER_IDS.trackEnds,
        type: 'circle',
        source: PATROL_SOURCES.trackEnds,
        paint: { 'circle-radius': 6, 'circle-color': ['match', ['get', 'end'], 'start', TRACK_START_COLOR, TRACK_END_COLOR], 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
      },
      underWorkers,
    );
    applied.track = undefined;
    applied.stops = undefined;
    applied.trackEnds = undefined;
  }
  if (want.track !== applied.track && sendData(map, PATROL_SOURCES.track, want.track)) applied.track = want.track;
  if (want.stops !== applied.stops && sendData(map, PATROL_SOURCES.stops, want.stops)) applied.stops = want.stops;
  if (want.trackEnds !== applied.trackEnds && sendData(map, PATROL_SOURCES.trackEnds, want.trackEnds)) applied.trackEnds = want.trackEnds;

  if (!map.getLayer(PATROL_LAYER_IDS.followed) && map.getSource(SOURCES.workers)) {
    map.addLayer(
      {
        id: PATROL_LAYER_IDS.followed,
        type: 'circle',
        source: SOURCES.workers,
        filter: ['==', ['get', 'staffId'], ''],
        layout: { visibility: 'none' },
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 7, 17, 13],
          'circle-color': FOLLOW_COLOR,
          'circle-opacity': 0.18,
          'circle-stroke-color': FOLLOW_COLOR,
          'circle-stroke-width': 2.5,
        },
      },
      underWorkers,
    );
    map.addLayer(
      {
        id: PATROL_LAYER_IDS.heading,
        type: 'symbol',
        source: SOURCES.workers,
        minzoom: 12,
        // A point without a heading (coalesce: to-number would make a missing one 0, north).
        filter: ['>=', ['to-number', ['coalesce', ['get', 'heading'], -1]], 0],
        layout: {
          'icon-image': PATROL_IMAGES.heading,
          'icon-rotate': ['to-number', ['coalesce', ['get', 'heading'], 0]],
          'icon-rotation-alignment': 'map',
          'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.55, 17, 1],
          'icon-allow-overlap': true,
          'icon-ignore-placement': true,
        },
      },
      underWorkers,
    );
    applied.followed = undefined;
  }
  if (want.followed !== applied.followed && map.getLayer(PATROL_LAYER_IDS.followed)) {
    map.setFilter(PATROL_LAYER_IDS.followed, ['==', ['get', 'staffId'], want.followed ?? '']);
    setVisible(map, PATROL_LAYER_IDS.followed, want.followed !== null);
    applied.followed = want.followed;
  }

  // Grids missing today's report, on top: a dot on the grid's label point and a pill above it.
  ensureGeojson(map, PATROL_SOURCES.reports);
  ensureImage(map, PATROL_IMAGES.pillMissing, () => pillImage(MISSING_REPORT_COLOR), pillImageOptions());
  ensureImage(map, PATROL_IMAGES.pillPending, () => pillImage(PENDING_REPORT_COLOR), pillImageOptions());
  if (!map.getLayer(PATROL_LAYER_IDS.reports)) {
    map.addLayer({
      id: PATROL_LAYER_IDS.reports,
      type: 'circle',
      source: PATROL_SOURCES.reports,
      paint: { 'circle-radius': 4, 'circle-color': ['case', ['==', ['get', 'missing'], 1], MISSING_REPORT_COLOR, PENDING_REPORT_COLOR], 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 },
    });
    map.addLayer({
      id: PATROL_LAYER_IDS.reportsLabel,
      type: 'symbol',
      source: PATROL_SOURCES.reports,
      layout: {
        'text-field': reportText(texts),
        'text-size': 11,
        'text-font': [...MAP_FONT_STACKS.bold],
        'text-anchor': 'bottom',
        'text-offset': [0, -0.9],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
        'icon-image': ['case', ['==', ['get', 'missing'], 1], PATROL_IMAGES.pillMissing, PATROL_IMAGES.pillPending],
        'icon-text-fit': 'both',
        'icon-text-fit-padding': [2, 6, 2, 6],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        // Missing reports are drawn over pending ones where they crowd.
        'symbol-sort-key': ['-', 1, ['get', 'missing']],
      },
      paint: { 'text-color': '#fff' },
    });
    applied.reports = undefined;
    applied.texts = texts;
  }
  if (applied.texts?.missing !== texts.missing || applied.texts.pending !== texts.pending) {
    map.setLayoutProperty(PATROL_LAYER_IDS.reportsLabel, 'text-field', reportText(texts));
    applied.texts = texts;
  }
  if (want.reports !== applied.reports && sendData(map, PATROL_SOURCES.reports, want.reports)) applied.reports = want.reports;
}

/** The report mark's words: `missing` on missing grids, `pending` on the rest. */
export function reportText(texts: PatrolMapTexts): ExpressionSpecification {
  return ['case', ['==', ['get', 'missing'], 1], texts.missing, texts.pending];
}
