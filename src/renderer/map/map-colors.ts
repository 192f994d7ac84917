/**
 * The map's palette. Calm paper and ink tones so the data (grid lines, choropleth, workers) carries
 * the contrast, and lines darken with the level they bound (the hierarchy reads at a glance).
 */
import type { IncidentStatus } from '@core/incidents/model';
import type { BuildingUse, GridLevel, RoadClass } from '@core/model';

export const PAPER = '#f3f1ec';

export const ROAD_COLORS: Record<RoadClass, { fill: string; casing: string }> = {
  primary: { fill: '#ffffff', casing: '#b9b1a2' },
  secondary: { fill: '#ffffff', casing: '#c8c1b4' },
  tertiary: { fill: '#fcfbf8', casing: '#d3cdc1' },
  path: { fill: '#d2ccc0', casing: '#d2ccc0' },
};
export const ROAD_LABEL = '#6b6457';

export const BUILDING_COLORS: Record<BuildingUse, string> = {
  residential: '#dcd6cb',
  school: '#e6d9b3',
  hospital: '#ecd0cd',
  market: '#e9d7bd',
  enterprise: '#d3d9e0',
  construction: '#e0dac8',
  shop: '#e8dccb',
  office: '#d6dbe2',
};
export const BUILDING_OUTLINE = '#b3ab9d';

/** Boundary ink per level: heavier and darker for higher levels. */
export const GRID_LINE: Record<GridLevel, { color: string; width: number }> = {
  1: { color: '#1f2633', width: 4 },
  2: { color: '#34435c', width: 2.5 },
  3: { color: '#5b6b84', width: 1.5 },
  4: { color: '#8592a5', width: 0.8 },
};
export const GRID_LABEL: Record<GridLevel, string> = {
  1: '#1f2633',
  2: '#2c3a52',
  3: '#46556d',
  4: '#5f6b7d',
};
export const LABEL_HALO = 'rgba(255, 255, 255, 0.92)';

export const DEDICATED = { fill: '#7a5aa6', line: '#6a4a97', label: '#5b3f86' };

export const HOVER = '#2a6bbf';
export const SELECTED = '#0b57b8';

/** Households against the 50–70 band; neutral for grids that are not micro-grids. */
export const BAND_COLORS = {
  // In-band is the quiet majority; the two exceptions planners must fix carry the colour.
  under: '#6fa0d2',
  in: '#b7d5b3',
  over: '#e0875a',
  neutral: 'rgba(0, 0, 0, 0)',
} as const;

/** Sequential ramps, light to dark, five classes. */
export const RAMPS = {
  population: ['#eef2f8', '#c8d6ea', '#95b2d6', '#5f88bb', '#355f98'],
  buildings: ['#f4efe3', '#e6d3ac', '#d1b079', '#b38649', '#8a6128'],
} as const;

/** Open incidents per micro-grid: 0, 1, 2–3, 4–6, 7 and more. */
export const OPEN_INCIDENT_RAMP = { breaks: [1, 2, 4, 7], colors: ['#f7f4ef', '#fbe3c4', '#f5b97a', '#e5803f', '#b8461f'] } as const;

/** Workers: green; amber when outside their own grid; grey when their last fix is stale. */
export const WORKER = { fill: '#0f7b5c', stroke: '#ffffff', label: '#0c4f3b', outside: '#d9822b', stale: '#9aa3b2' };
export const POI = { fill: '#7a6f5c', label: '#5c5446' };

/**
 * Incident circles by status: the workflow reads cool to quiet, from violet (just reported, not
 * yet confirmed) through blue and teal (registered, dispatched) to green (being handled) and slate
 * (handled, awaiting verification); ended cases are pale greys. No status is red or amber: those
 * belong to the deadline rings. Every fill carries a white glyph (contrast ≥ 4.5:1 for open ones).
 */
export const INCIDENT_STATUS_COLORS: Record<IncidentStatus, string> = {
  collected: '#7340b8',
  registered: '#1f5fc4',
  dispatched: '#08788a',
  handling: '#2b7a35',
  handled: '#5c6878',
  closed: '#8c959f',
  evaluated: '#8c959f',
  rejected: '#a39a8e',
};

export const INCIDENT = {
  /** Ring of an open case past its deadline, and of a cluster holding one. */
  overdue: '#d7191c',
  /** Ring of an open case near its deadline. */
  nearDue: '#f29e0c',
  /** Thin ring of every other case. */
  ring: '#ffffff',
  glyph: '#ffffff',
  /** Casing of the selected incident. */
  selected: '#0b1f3a',
  /** Clusters: a dark ink that no status uses. */
  cluster: '#2c3a52',
  clusterText: '#ffffff',
} as const;
