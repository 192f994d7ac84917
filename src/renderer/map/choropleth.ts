/**
 * The choropleth: how micro-grids are coloured for each ChoroplethMode, as MapLibre expressions,
 * and the legend that explains them. Pure, so the classing is unit-tested.
 *
 * Only base micro-grids are coloured: the 50–70 band and the per-grid counts are micro-grid
 * measures, and colouring nested levels in one translucent layer would stack their colours.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';
import type { HouseholdBand } from '@core/model';
import type { ChoroplethMode } from '@core/stats';
import { BAND_COLORS, OPEN_INCIDENT_RAMP, RAMPS } from './map-colors';
import type { GridFeatureProps } from './grid-features';

/** The feature property each ramp mode colours by. */
export const RAMP_PROPERTY = { population: 'residents', buildings: 'buildings' } as const;
export type RampMode = keyof typeof RAMP_PROPERTY;

export function isRampMode(mode: ChoroplethMode): mode is RampMode {
  return mode === 'population' || mode === 'buildings';
}

/** Class breaks of a sequential ramp: value < breaks[0] takes colors[0], and so on. */
export interface RampScale {
  mode: RampMode;
  /** Ascending, strictly increasing lower bounds of classes 1…n-1. */
  breaks: number[];
  /** breaks.length + 1 colours, light to dark. */
  colors: string[];
  /** Smallest and largest value over micro-grids (for the legend's end labels). */
  min: number;
  max: number;
}

const IS_MICRO_GRID: ExpressionSpecification = [
  'all',
  ['==', ['get', 'level'], 4],
  ['==', ['get', 'kind'], 'base'],
];

function niceStep(range: number): number {
  if (range <= 12) return 1;
  if (range <= 60) return 5;
  if (range <= 250) return 10;
  if (range <= 600) return 25;
  if (range <= 1200) return 50;
  return 100;
}

/**
 * Quantile breaks over micro-grids, rounded to readable numbers and deduplicated, so the ramp
 * adapts to the district (residents per micro-grid run 100–250; buildings 1–5).
 */
export function rampScale(
  mode: RampMode,
  grids: FeatureCollection<Geometry, GridFeatureProps>,
  classes = 5,
): RampScale {
  const prop = RAMP_PROPERTY[mode];
  const values = grids.features
    .filter((f) => f.properties.level === 4 && f.properties.kind === 'base')
    .map((f) => f.properties[prop])
    .sort((a, b) => a - b);
  const palette = RAMPS[mode];
  if (values.length === 0) return { mode, breaks: [], colors: [palette[2]], min: 0, max: 0 };
  const min = values[0];
  const max = values[values.length - 1];
  const step = niceStep(max - min);
  const breaks: number[] = [];
  for (let i = 1; i < classes; i++) {
    const q = values[Math.min(values.length - 1, Math.floor((i * values.length) / classes))];
    const b = Math.round(q / step) * step;
    if (b > min && b <= max && (breaks.length === 0 || b > breaks[breaks.length - 1])) breaks.push(b);
  }
  // Spread the palette over however many classes survived, keeping its light and dark ends.
  const n = breaks.length + 1;
  const colors = Array.from({ length: n }, (_, i) =>
    n === 1 ? palette[2] : palette[Math.round((i * (palette.length - 1)) / (n - 1))],
  );
  return { mode, breaks, colors, min, max };
}

/** The `fill-color` of `grids-fill` for a mode. */
export function gridFillColor(mode: ChoroplethMode, scale: RampScale | null): ExpressionSpecification | string {
  if (mode === 'households_band') {
    return [
      'match',
      ['coalesce', ['get', 'band'], 'none'],
      'under',
      BAND_COLORS.under,
      'in',
      BAND_COLORS.in,
      'over',
      BAND_COLORS.over,
      BAND_COLORS.neutral,
    ];
  }
  if (mode === 'open_incidents') {
    // Counted live from the incidents and set as feature-state, so a new case recolours its
    // micro-grid without re-sending the grids.
    const value: ExpressionSpecification = ['to-number', ['coalesce', ['feature-state', 'open'], 0]];
    const { breaks, colors } = OPEN_INCIDENT_RAMP;
    const ramp = ['step', value, colors[0], ...breaks.flatMap((b, i) => [b, colors[i + 1]])] as ExpressionSpecification;
    return ['case', IS_MICRO_GRID, ramp, BAND_COLORS.neutral];
  }
  if (isRampMode(mode) && scale && scale.mode === mode) {
    const value: ExpressionSpecification = ['to-number', ['get', RAMP_PROPERTY[mode]], 0];
    const ramp: ExpressionSpecification | string =
      scale.breaks.length === 0
        ? scale.colors[0]
        : (['step', value, scale.colors[0], ...scale.breaks.flatMap((b, i) => [b, scale.colors[i + 1]])] as ExpressionSpecification);
    return ['case', IS_MICRO_GRID, ramp, BAND_COLORS.neutral];
  }
  return BAND_COLORS.neutral;
}

/** The `fill-opacity` of `grids-fill`: the choropleth is a wash under lines and labels. */
export function gridFillOpacity(mode: ChoroplethMode): number {
  if (mode === 'households_band') return 0.55;
  if (isRampMode(mode) || mode === 'open_incidents') return 0.7;
  return 0;
}

/** One row of the legend: a swatch and an i18n key (namespace `map`) with its interpolation values. */
export interface LegendItem {
  color: string;
  labelKey: string;
  values: Record<string, string | number>;
}

function rangeText(from: number, to: number): string {
  return from >= to ? `${from}` : `${from}–${to}`;
}

/** The legend rows for the active mode (none for `none`). Values are integers, so ranges are closed. */
export function legendItems(mode: ChoroplethMode, scale: RampScale | null, band: HouseholdBand): LegendItem[] {
  if (mode === 'households_band') {
    return [
      { color: BAND_COLORS.under, labelKey: 'legend.band.under', values: { min: band.min } },
      { color: BAND_COLORS.in, labelKey: 'legend.band.in', values: { min: band.min, max: band.max } },
      { color: BAND_COLORS.over, labelKey: 'legend.band.over', values: { max: band.max } },
    ];
  }
  if (mode === 'open_incidents') {
    const { breaks, colors } = OPEN_INCIDENT_RAMP;
    const lows = [0, ...breaks];
    return colors.map((color, i) => ({
      color,
      labelKey: i + 1 < lows.length ? 'legend.openIncidents.range' : 'legend.openIncidents.more',
      values: { range: rangeText(lows[i], i + 1 < lows.length ? lows[i + 1] - 1 : lows[i]), min: lows[i] },
    }));
  }
  if (isRampMode(mode) && scale && scale.mode === mode) {
    const labelKey = mode === 'population' ? 'legend.population.range' : 'legend.buildings.range';
    const lows = [scale.min, ...scale.breaks];
    return scale.colors.map((color, i) => {
      const from = lows[i];
      const to = i + 1 < lows.length ? lows[i + 1] - 1 : scale.max;
      return { color, labelKey, values: { range: rangeText(from, to) } };
    });
  }
  return [];
}
