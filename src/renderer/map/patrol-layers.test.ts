import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Color, createExpression, featureFilter, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type * as maplibregl from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { GridCode, Staff, StaffId } from '@core/model';
import { STALE_AFTER_MS } from '@core/patrol/patrol-state';
import { trackStops } from '@core/patrol/stops';
import { buildStyle, EMPTY_COLLECTION, type MapData } from './map-style';
import { gridFeatures, gridLabelFeatures, roadFeatures, buildingFeatures, poiFeatures } from './grid-features';
import { tinyDistrict } from './__fixtures__/tiny-district';
import { LAYERS, SOURCES, gridLineLayerId } from './map-layers';
import {
  COVERAGE_BREAKS,
  COVERAGE_COLORS,
  MOVING_MIN_MPS,
  NO_COVERAGE_COLOR,
  NO_PATROL,
  PATROL_LAYER_IDS,
  PATROL_LAYER_ORDER,
  PATROL_SOURCES,
  arrowHeading,
  collectionBbox,
  compassPoint,
  coverageClass,
  coverageClasses,
  coverageFillColor,
  coverageFillOpacity,
  coverageFilter,
  fixAge,
  fixAgeClock,
  followMove,
  isPatrolGeojsonSource,
  liveWorkerPoints,
  reportMarks,
  shouldFitTrack,
  stopPoints,
  stopsFollowing,
  syncPatrolLayers,
  trackEnds,
  trackKeyOf,
  trackLines,
  workerPopupLines,
  type PatrolMapApplied,
  type PatrolMapState,
  type WorkerDetails,
} from './patrol-layers';

/** Evaluates a data-driven colour/number expression as MapLibre would, for a feature with `state`. */
function evaluate(expression: unknown, type: 'color' | 'number', state: Record<string, unknown>, properties: Record<string, unknown> = {}): unknown {
  const parsed = createExpression(expression, 'layers[0].paint.fill-color', { type, 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature', 'feature-state'] } } as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  return (parsed.value as { evaluate(g: unknown, f: unknown, s: unknown): unknown }).evaluate({ zoom: 15 }, { type: 'Polygon', properties }, state);
}
/** A colour as MapLibre holds it (premultiplied r, g, b, a in 0–1), to compare with what an expression gives. */
const rgba = (hex: string): number[] => {
  const c = Color.parse(hex) as Color;
  return [c.r, c.g, c.b, c.a];
};
const rgbaOf = (v: unknown): number[] => {
  // A literal output may come back as written rather than parsed.
  const c = (typeof v === 'string' ? Color.parse(v) : v) as Color;
  return [c.r, c.g, c.b, c.a];
};

describe('coverage ramp', () => {
  it('classes run from 0 to 1 without gaps or overlaps', () => {
    const classes = coverageClasses();
    expect(classes).toHaveLength(COVERAGE_COLORS.length);
    expect(classes[0].from).toBe(0);
    expect(classes[classes.length - 1].to).toBe(1);
    for (let i = 1; i < classes.length; i++) {
      expect(classes[i].from).toBe(classes[i - 1].to);
      expect(classes[i].from).toBeGreaterThan(classes[i - 1].from);
    }
  });

  it('every share in [0, 1] falls in exactly one class, the one coverageClass names, and classes grow with the share', () => {
    const classes = coverageClasses();
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const holding = classes.map((c, i) => (a >= c.from && (a < c.to || (i === classes.length - 1 && a <= c.to)) ? i : -1)).filter((i) => i >= 0);
        expect(holding).toEqual([coverageClass(a)]);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(coverageClass(lo)).toBeLessThanOrEqual(coverageClass(hi));
      }),
      { seed: 5, numRuns: 500 },
    );
  });

  it.each([
    [0, 0],
    [0.1999, 0],
    [0.2, 1],
    [0.39, 1],
    [0.4, 2],
    [0.5999, 2],
    [0.6, 3],
    [0.8, 4],
    [1, 4],
  ])('share %f is class %i', (share, k) => {
    expect(coverageClass(share)).toBe(k);
  });

  it('the fill expression, evaluated by MapLibre, gives each share its class colour and grey without a state', () => {
    const expression = coverageFillColor();
    for (const share of [0, 0.05, 0.2, 0.33, 0.4, 0.59, 0.6, 0.79, 0.8, 0.999, 1, ...COVERAGE_BREAKS]) {
      expect(rgbaOf(evaluate(expression, 'color', { coverage: share })), String(share)).toEqual(rgba(COVERAGE_COLORS[coverageClass(share)]));
    }
    expect(rgbaOf(evaluate(expression, 'color', {}))).toEqual(rgba(NO_COVERAGE_COLOR));
    expect(evaluate(coverageFillOpacity(), 'number', {})).toBeLessThan(evaluate(coverageFillOpacity(), 'number', { coverage: 0 }) as number);
  });

  it('shades level-4 base units only, and level 3 with its dedicated grids', () => {
    expect(coverageFilter(4)).toEqual(['all', ['==', ['get', 'level'], 4], ['==', ['get', 'kind'], 'base']]);
    expect(coverageFilter(3)).toEqual(['==', ['get', 'level'], 3]);
  });
});

describe('track', () => {
  const t = [0, 10_000, 20_000, 20_000 + 6 * 60_000, 20_000 + 7 * 60_000, 20_000 + 20 * 60_000];
  const track = { lon: [1, 2, 3, 4, 5, 6], lat: [0, 0, 0, 0, 0, 0], t };

  it('splits at gaps longer than five minutes: walked lines, and dashed connectors across the gaps', () => {
    const lines = trackLines(track);
    const walked = lines.features.filter((f) => f.properties.gap === 0).map((f) => f.geometry.coordinates.map((c) => c[0]));
    const gaps = lines.features.filter((f) => f.properties.gap === 1).map((f) => f.geometry.coordinates.map((c) => c[0]));
    expect(walked).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(gaps).toEqual([
      [3, 4],
      [5, 6],
    ]);
    // Exactly five minutes apart is still a walk.
    expect(trackLines({ lon: [1, 2], lat: [0, 0], t: [0, 5 * 60_000] }).features.map((f) => f.properties.gap)).toEqual([0]);
  });

  it('marks the first and last fix, and one start for a lone fix', () => {
    expect(trackEnds(track).features.map((f) => [f.properties.end, f.geometry.coordinates[0]])).toEqual([
      ['start', 1],
      ['end', 6],
    ]);
    expect(trackEnds({ lon: [7], lat: [8], t: [9] }).features.map((f) => f.properties.end)).toEqual(['start']);
    expect(trackEnds({ lon: [], lat: [], t: [] }).features).toEqual([]);
  });

  it('stops from core trackStops become points sized by minutes', () => {
    // Ten minutes standing still at one place, then walking away.
    const n = 12;
    const lon = Array.from({ length: n }, (_, i) => (i < 11 ? 113.6 : 113.61));
    const lat = Array.from({ length: n }, () => 34.75);
    const times = Array.from({ length: n }, (_, i) => i * 60_000);
    const points = stopPoints(trackStops({ lon, lat, t: times }));
    expect(points.features.map((f) => [f.properties.minutes, f.geometry.coordinates])).toEqual([[10, [113.6, 34.75]]]);
  });

  it('fits a track view once, when it first has something to show', () => {
    const key = trackKeyOf({ workerId: 'W1', from: 'a', to: 'b' });
    expect(key).toBe('W1|a|b');
    expect(shouldFitTrack(key, null, false)).toBe(false);
    expect(shouldFitTrack(key, null, true)).toBe(true);
    expect(shouldFitTrack(key, key, true)).toBe(false);
    expect(shouldFitTrack(trackKeyOf({ workerId: 'W2', from: 'a', to: 'b' }), key, true)).toBe(true);
    expect(shouldFitTrack(null, key, true)).toBe(false);
    expect(collectionBbox(trackLines(track), trackEnds(track))).toEqual([1, 0, 6, 0]);
    expect(collectionBbox(null, { type: 'FeatureCollection', features: [] })).toBeNull();
  });
});

describe('daily report marks', () => {
  it('marks only grids missing or pending their report', () => {
    const marks = reportMarks(
      [
        { gridCode: 'A', missing: true, pending: false },
        { gridCode: 'B', missing: false, pending: true },
        { gridCode: 'C', missing: false, pending: false },
        { gridCode: 'D', missing: true, pending: false },
      ],
      (code) => (code === 'D' ? null : [1, 2]),
      (code) => `grid ${code}`,
    );
    expect(marks.features.map((f) => [f.properties.code, f.properties.missing, f.properties.name])).toEqual([
      ['A', 1, 'grid A'],
      ['B', 0, 'grid B'],
    ]);
  });
});

describe('live workers', () => {
  const staff = new Map<StaffId, Staff>([
    ['S1' as StaffId, { id: 'S1' as StaffId, name: '张三', role: 'grid_worker', gridCode: 'G-1' as GridCode, phone: '1' }],
    ['S2' as StaffId, { id: 'S2' as StaffId, name: '李四', role: 'grid_worker', gridCode: 'G-2' as GridCode, phone: '2' }],
  ]);

  it.each([
    [{ heading: 90, speed: 1.2 }, false, 90],
    [{ heading: 370, speed: 1.2 }, false, 10],
    [{ heading: -90 }, false, 270],
    [{ heading: 90, speed: MOVING_MIN_MPS / 2 }, false, -1],
    [{ heading: 90, speed: 1.2 }, true, -1],
    [{ speed: 1.2 }, false, -1],
    [{ heading: Number.NaN, speed: 1 }, false, -1],
  ])('arrow for %o (stale %s) points to %d', (fix, stale, want) => {
    expect(arrowHeading(fix, stale)).toBe(want);
  });

  it('points carry the flags, the arrow heading and 6-decimal coordinates; unknown workers are left out', () => {
    const points = liveWorkerPoints(
      [
        { workerId: 'S1', fix: { lngLat: [113.123456789, 34.5], t: 0, heading: 45, speed: 1, unit: null }, stale: false, outsideOwnGrid: true },
        { workerId: 'S2', fix: { lngLat: [113, 34], t: 0, unit: 'G-2' as GridCode }, stale: true, outsideOwnGrid: false },
        { workerId: 'X', fix: { lngLat: [113, 34], t: 0, unit: null }, stale: false, outsideOwnGrid: false },
      ],
      staff,
    );
    expect(points.features.map((f) => [f.properties.staffId, f.properties.outside, f.properties.stale, f.properties.heading, f.geometry.coordinates])).toEqual([
      ['S1', 1, 0, 45, [113.123457, 34.5]],
      ['S2', 0, 1, -1, [113, 34]],
    ]);
  });

  it('tells a fix age by the newest fix when the half-minute app clock lags behind it', () => {
    expect(fixAgeClock(1_000, [500, 1_800, 1_200])).toBe(1_800);
    expect(fixAgeClock(5_000, [500])).toBe(5_000);
    expect(fixAgeClock(Number.NaN, [])).toBe(-Infinity);
  });

  it.each([
    [-5_000, 'seconds', 0],
    [59_999, 'seconds', 59],
    [60_000, 'minutes', 1],
    [STALE_AFTER_MS, 'minutes', STALE_AFTER_MS / 60_000],
    [3_599_999, 'minutes', 59],
    [3_600_000, 'hours', 1],
    [86_400_000 * 3 + 5, 'days', 3],
  ])('a fix %i ms old reads as %s: %i', (ms, unit, count) => {
    expect(fixAge(ms)).toEqual({ key: `workerPopup.age.${unit}`, values: { count } });
  });

  it('compass points split the circle in 45° sectors', () => {
    expect([0, 22, 23, 90, 180, 269, 315, 338, 359, -45].map(compassPoint)).toEqual(['N', 'N', 'NE', 'E', 'S', 'W', 'NW', 'N', 'N', 'NW']);
  });

  it('the popup tells role, own grid, unit, heading, speed, age and state', () => {
    const d: WorkerDetails = {
      workerId: 'S1',
      name: '张三',
      role: 'grid_worker',
      ownGrid: { code: 'G-1', name: '一网格' },
      unit: { code: 'G-2-3', name: '三微网格' },
      heading: 92,
      speed: 1.25,
      t: 1_000_000,
      stale: false,
      outside: true,
    };
    const lines = workerPopupLines(d, 1_000_000 + 75_000);
    expect(lines.map((l) => l.field)).toEqual(['role', 'ownGrid', 'unit', 'heading', 'speed', 'age', 'state']);
    const by = new Map(lines.map((l) => [l.field, l.text]));
    expect(by.get('role')).toEqual({ key: 'app:role.grid_worker' });
    expect(by.get('unit')).toEqual({ key: 'workerPopup.grid', values: { code: 'G-2-3', name: '三微网格' } });
    expect(by.get('heading')).toEqual({ key: 'workerPopup.headingValue', values: { deg: 92, dir: { key: 'workerPopup.compass.E' } } });
    expect(by.get('speed')).toEqual({ key: 'workerPopup.speedValue', values: { mps: '1.3', kmh: '4.5' } });
    expect(by.get('age')).toEqual({ key: 'workerPopup.age.minutes', values: { count: 1 } });
    expect(by.get('state')).toEqual({ key: 'workerPopup.state.outside' });

    const bare = workerPopupLines({ ...d, role: null, ownGrid: null, unit: null, heading: undefined, speed: undefined, stale: true }, d.t);
    const bareBy = new Map(bare.map((l) => [l.field, l.text.key]));
    expect(bare.map((l) => l.field)).not.toContain('role');
    expect([bareBy.get('ownGrid'), bareBy.get('unit'), bareBy.get('heading'), bareBy.get('speed'), bareBy.get('state')]).toEqual([
      'workerPopup.unknown',
      'workerPopup.noUnit',
      'workerPopup.unknown',
      'workerPopup.unknown',
      'workerPopup.state.stale',
    ]);
  });
});

describe('follow', () => {
  it('eases only to a new fix that is off the centre', () => {
    expect(followMove(null, null, [0, 0])).toBeNull();
    expect(followMove([1, 2], null, [0, 0])).toEqual([1, 2]);
    expect(followMove([1, 2], [1, 2], [0, 0])).toBeNull();
    expect(followMove([1, 2.0001], [1, 2], [1, 2])).toEqual([1, 2.0001]);
    expect(followMove([1, 2], [0, 0], [1, 2])).toBeNull();
  });

  it('only a person’s drag or box zoom stops following', () => {
    expect(stopsFollowing('dragstart', true)).toBe(true);
    expect(stopsFollowing('boxzoomstart', true)).toBe(true);
    expect(stopsFollowing('dragstart', false)).toBe(false);
    expect(stopsFollowing('zoomstart', true)).toBe(false);
    expect(stopsFollowing('movestart', true)).toBe(false);
  });
});

// ---- syncPatrolLayers against a stand-in map holding a real district style ----

type Call = [string, ...unknown[]];

/** Enough of maplibregl.Map for syncPatrolLayers: keeps the style's layers in order and logs every change. */
class FakeMap {
  layers: LayerSpecification[];
  sources: Record<string, SourceSpecification & { data?: unknown }>;
  images = new Set<string>();
  states = new Map<string, Record<string, unknown>>();
  calls: Call[] = [];
  constructor(style: StyleSpecification) {
    this.layers = style.layers.map((l) => ({ ...l }));
    this.sources = { ...style.sources } as never;
  }
  getSource(id: string) {
    const s = this.sources[id];
    if (!s) return undefined;
    return { ...s, setData: (data: unknown) => { this.calls.push(['setData', id]); s.data = data; } };
  }
  getLayer(id: string) {
    return this.layers.find((l) => l.id === id);
  }
  addSource(id: string, spec: SourceSpecification) {
    this.calls.push(['addSource', id]);
    this.sources[id] = { ...spec };
  }
  removeSource(id: string) {
    this.calls.push(['removeSource', id]);
    delete this.sources[id];
  }
  addLayer(layer: LayerSpecification, before?: string) {
    this.calls.push(['addLayer', layer.id, before]);
    if (this.getLayer(layer.id)) throw new Error(`layer ${layer.id} exists`);
    const i = before === undefined ? -1 : this.layers.findIndex((l) => l.id === before);
    if (before !== undefined && i < 0) throw new Error(`no layer ${before}`);
    if (i < 0) this.layers.push(layer);
    else this.layers.splice(i, 0, layer);
  }
  removeLayer(id: string) {
    this.calls.push(['removeLayer', id]);
    this.layers = this.layers.filter((l) => l.id !== id);
  }
  /** Sources whose tiles are still loading. */
  loading = new Set<string>();
  isSourceLoaded(id: string) {
    return !this.loading.has(id);
  }
  getLayersOrder() {
    return this.layers.map((l) => l.id);
  }
  hasImage(id: string) {
    return this.images.has(id);
  }
  addImage(id: string) {
    this.calls.push(['addImage', id]);
    this.images.add(id);
  }
  setFeatureState(f: { source: string; id: string }, state: Record<string, unknown>) {
    this.calls.push(['setFeatureState', f.id, state]);
    this.states.set(f.id, { ...this.states.get(f.id), ...state });
  }
  removeFeatureState(f: { source: string; id: string }, key: string) {
    this.calls.push(['removeFeatureState', f.id, key]);
    const s = { ...this.states.get(f.id) };
    delete s[key];
    this.states.set(f.id, s);
  }
  setFilter(id: string, filter: unknown) {
    this.calls.push(['setFilter', id, filter]);
    (this.getLayer(id) as { filter?: unknown }).filter = filter;
  }
  setLayoutProperty(id: string, name: string, value: unknown) {
    this.calls.push(['setLayoutProperty', id, name, value]);
    const layer = this.getLayer(id) as { layout?: Record<string, unknown> };
    layer.layout = { ...layer.layout, [name]: value };
  }
  visibility(id: string): string {
    return ((this.getLayer(id) as { layout?: { visibility?: string } })?.layout?.visibility ?? 'visible') as string;
  }
}

function districtStyle(): StyleSpecification {
  const d = tinyDistrict();
  const data: MapData = {
    grids: gridFeatures(d, new Map()),
    gridLabels: gridLabelFeatures(d),
    roads: roadFeatures(d),
    buildings: buildingFeatures(d),
    pois: poiFeatures(d),
    workers: EMPTY_COLLECTION as MapData['workers'],
    preview: EMPTY_COLLECTION as MapData['preview'],
    incidents: EMPTY_COLLECTION as MapData['incidents'],
  };
  return buildStyle({ basemap: { kind: 'none' }, data, choropleth: 'households_band', rampScale: null, visibleLevels: { 1: true, 2: true, 3: true, 4: true }, fontFaces: {} });
}

const TEXTS = { missing: '未报', pending: '待报' };
const asMap = (m: FakeMap): maplibregl.Map => m as unknown as maplibregl.Map;
const point = (code: string, missing: number): FeatureCollection<Point, { code: string; name: string; missing: number }>['features'][number] => ({
  type: 'Feature',
  properties: { code, name: code, missing },
  geometry: { type: 'Point', coordinates: [113.6, 34.75] },
});

describe('syncPatrolLayers', () => {
  it('adds every patrol layer in order among the district layers, and the result is a valid style', () => {
    const map = new FakeMap(districtStyle());
    syncPatrolLayers(asMap(map), NO_PATROL, {}, TEXTS);
    const ids = map.layers.map((l) => l.id);
    const at = (id: string): number => {
      const i = ids.indexOf(id);
      expect(i, id).toBeGreaterThanOrEqual(0);
      return i;
    };
    // The gap raster appears only with an image; the rest are there from the start.
    const order = PATROL_LAYER_ORDER.filter((id) => id !== PATROL_LAYER_IDS.gaps).map(at);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(at(PATROL_LAYER_IDS.coverage)).toBeLessThan(at(LAYERS.buildingsFill));
    expect(at(PATROL_LAYER_IDS.coverage)).toBeGreaterThan(at(LAYERS.gridsFill));
    // Under every grid line, whatever order the levels' lines are stacked in.
    for (const level of [1, 2, 3, 4] as const) expect(at(PATROL_LAYER_IDS.gapBuildings)).toBeLessThan(at(gridLineLayerId(level)));
    expect(at(PATROL_LAYER_IDS.heading)).toBeLessThan(at(LAYERS.workersCircle));
    expect(at(PATROL_LAYER_IDS.track)).toBeGreaterThan(at(gridLineLayerId(4)));
    expect(at(PATROL_LAYER_IDS.reportsLabel)).toBe(ids.length - 1);
    // Off: coverage, gap buildings and the follow ring are hidden.
    expect([PATROL_LAYER_IDS.coverage, PATROL_LAYER_IDS.gapBuildings, PATROL_LAYER_IDS.followed].map((id) => map.visibility(id))).toEqual(['none', 'none', 'none']);

    // Arrows only where a heading ≥ 0 is given: north (0) included, a missing one is no arrow.
    const arrow = featureFilter((map.getLayer(PATROL_LAYER_IDS.heading) as { filter: unknown }).filter as never, 'layers[0].filter');
    const shows = (properties: Record<string, unknown>): boolean => arrow.filter({ zoom: 15 } as never, { type: 1, properties } as never);
    expect([shows({ heading: 0 }), shows({ heading: 271.5 }), shows({ heading: -1 }), shows({})]).toEqual([true, true, false, false]);

    const style: StyleSpecification = { ...districtStyle(), glyphs: 'http://127.0.0.1/{fontstack}/{range}.pbf', sources: map.sources as never, layers: map.layers };
    expect(validateStyleMin(style).map((e) => e.message)).toEqual([]);
  });

  it('does nothing when nothing changed, sends only changed coverage, and clears units a new report lacks', () => {
    const map = new FakeMap(districtStyle());
    const applied: PatrolMapApplied = {};
    const s1: PatrolMapState = { ...NO_PATROL, coverage: { level: 4, shares: new Map([['A', 0.1], ['B', 0.5]]) } };
    syncPatrolLayers(asMap(map), s1, applied, TEXTS);
    expect(map.visibility(PATROL_LAYER_IDS.coverage)).toBe('visible');
    expect(map.states.get('A')).toEqual({ coverage: 0.1 });
    map.calls = [];
    syncPatrolLayers(asMap(map), s1, applied, TEXTS);
    expect(map.calls).toEqual([]);

    const s2: PatrolMapState = { ...s1, coverage: { level: 3, shares: new Map([['A', 0.1], ['C', 0.9]]) } };
    syncPatrolLayers(asMap(map), s2, applied, TEXTS);
    expect(map.calls.filter((c) => c[0] === 'setFeatureState' || c[0] === 'removeFeatureState')).toEqual([
      ['setFeatureState', 'C', { coverage: 0.9 }],
      ['removeFeatureState', 'B', 'coverage'],
    ]);
    expect((map.getLayer(PATROL_LAYER_IDS.coverage) as { filter?: unknown }).filter).toEqual(coverageFilter(3));

    // Off, then on with the same report: hidden and shown, no state re-sent.
    syncPatrolLayers(asMap(map), { ...s2, coverage: null }, applied, TEXTS);
    expect(map.visibility(PATROL_LAYER_IDS.coverage)).toBe('none');
    map.calls = [];
    syncPatrolLayers(asMap(map), s2, applied, TEXTS);
    expect(map.calls.filter((c) => c[0] === 'setFeatureState')).toEqual([]);
    expect(map.visibility(PATROL_LAYER_IDS.coverage)).toBe('visible');
  });

  it('replaces the gap image source when its URL changes, under the gap buildings', () => {
    const map = new FakeMap(districtStyle());
    const applied: PatrolMapApplied = {};
    const corners: [[number, number], [number, number], [number, number], [number, number]] = [[0, 1], [1, 1], [1, 0], [0, 0]];
    syncPatrolLayers(asMap(map), { ...NO_PATROL, gapImage: { url: 'blob:1', corners } }, applied, TEXTS);
    expect((map.sources[PATROL_SOURCES.gaps] as { url?: string }).url).toBe('blob:1');
    const ids = (): string[] => map.layers.map((l) => l.id);
    expect(ids().indexOf(PATROL_LAYER_IDS.gaps)).toBeLessThan(ids().indexOf(PATROL_LAYER_IDS.gapBuildingsFill));
    syncPatrolLayers(asMap(map), { ...NO_PATROL, gapImage: { url: 'blob:2', corners } }, applied, TEXTS);
    expect((map.sources[PATROL_SOURCES.gaps] as { url?: string }).url).toBe('blob:2');
    expect(ids().indexOf(PATROL_LAYER_IDS.gaps)).toBeLessThan(ids().indexOf(PATROL_LAYER_IDS.gapBuildingsFill));
    syncPatrolLayers(asMap(map), NO_PATROL, applied, TEXTS);
    expect(map.sources[PATROL_SOURCES.gaps]).toBeUndefined();
    expect(map.getLayer(PATROL_LAYER_IDS.gaps)).toBeUndefined();
  });

  it('rings the followed worker, sends report marks, and changes the mark words with the language', () => {
    const map = new FakeMap(districtStyle());
    const applied: PatrolMapApplied = {};
    const reports = { type: 'FeatureCollection' as const, features: [point('G1', 1), point('G2', 0)] };
    syncPatrolLayers(asMap(map), { ...NO_PATROL, followed: 'S7', reports }, applied, TEXTS);
    expect((map.getLayer(PATROL_LAYER_IDS.followed) as { filter?: unknown }).filter).toEqual(['==', ['get', 'staffId'], 'S7']);
    expect(map.visibility(PATROL_LAYER_IDS.followed)).toBe('visible');
    expect(map.sources[PATROL_SOURCES.reports].data).toBe(reports);
    const label = (): unknown => (map.getLayer(PATROL_LAYER_IDS.reportsLabel) as { layout: Record<string, unknown> }).layout['text-field'];
    expect(label()).toEqual(['case', ['==', ['get', 'missing'], 1], '未报', '待报']);
    syncPatrolLayers(asMap(map), { ...NO_PATROL, followed: 'S7', reports }, applied, { missing: 'No report', pending: 'Due' });
    expect(label()).toEqual(['case', ['==', ['get', 'missing'], 1], 'No report', 'Due']);
  });

  it('holds a data update back while the source still loads its last one, and sends it on a later sync', () => {
    const map = new FakeMap(districtStyle());
    const applied: PatrolMapApplied = {};
    syncPatrolLayers(asMap(map), NO_PATROL, applied, TEXTS);
    map.loading.add(PATROL_SOURCES.reports);
    const reports = { type: 'FeatureCollection' as const, features: [point('G1', 1)] };
    syncPatrolLayers(asMap(map), { ...NO_PATROL, reports }, applied, TEXTS);
    expect(map.sources[PATROL_SOURCES.reports].data).not.toBe(reports);
    expect(applied.reports).toBeNull();
    map.loading.clear();
    syncPatrolLayers(asMap(map), { ...NO_PATROL, reports }, applied, TEXTS);
    expect(map.sources[PATROL_SOURCES.reports].data).toBe(reports);
    expect(isPatrolGeojsonSource(PATROL_SOURCES.reports)).toBe(true);
    expect(isPatrolGeojsonSource(SOURCES.workers)).toBe(false);
  });

  it('after a style rebuild (a fresh applied record) puts everything back', () => {
    const map = new FakeMap(districtStyle());
    const want: PatrolMapState = { ...NO_PATROL, coverage: { level: 4, shares: new Map([['A', 0.3]]) }, followed: 'S1' };
    syncPatrolLayers(asMap(map), want, {}, TEXTS);
    const rebuilt = new FakeMap(districtStyle());
    syncPatrolLayers(asMap(rebuilt), want, {}, TEXTS);
    expect(rebuilt.layers.map((l) => l.id)).toEqual(map.layers.map((l) => l.id));
    expect(rebuilt.states.get('A')).toEqual({ coverage: 0.3 });
    expect([...rebuilt.images].sort()).toEqual([...map.images].sort());
  });

  it('waits for the district style', () => {
    const map = new FakeMap({ version: 8, sources: {}, layers: [] });
    syncPatrolLayers(asMap(map), NO_PATROL, {}, TEXTS);
    expect(map.calls).toEqual([]);
    expect(SOURCES.grids in map.sources).toBe(false);
  });
});
