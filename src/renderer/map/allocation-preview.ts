/**
 * The allocation wizard's preview on the map: every new building with a geometry, coloured by
 * the unit it was assigned to, with straddlers, buildings placed by distance, unassigned and
 * invalid ones marked. Pure; MapView draws it through the 'alloc-preview' source.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { AllocationRow } from '@core/state';

/** How a previewed building is drawn. */
export type PreviewState = 'assigned' | 'overridden' | 'straddles' | 'attention' | 'unassigned' | 'invalid';

export interface PreviewFeatureProps {
  id: string;
  state: PreviewState;
  /** Fill colour: the unit's colour when assigned, a warning colour otherwise. */
  color: string;
  unit: string;
}

export type PreviewGeometry = Point | Polygon | MultiPolygon;
export type PreviewCollection = FeatureCollection<PreviewGeometry, PreviewFeatureProps>;

/**
 * Unit colours. Siblings have consecutive codes, so cycling through ten well-separated hues in
 * code order gives neighbours different colours in almost every case without a colouring pass.
 */
export const UNIT_PALETTE: readonly string[] = [
  '#1f77b4',
  '#2ca02c',
  '#9467bd',
  '#17becf',
  '#8c564b',
  '#e377c2',
  '#3b5b92',
  '#6b8e23',
  '#b5651d',
  '#5f9ea0',
];

export const PREVIEW_COLORS = {
  straddles: '#f08c00',
  attention: '#e0a800',
  unassigned: '#d62728',
  invalid: '#7f1d1d',
  selected: '#0b1f3a',
} as const;

/** The colour of each unit code that appears, by its place among the codes in sort order. */
export function unitColors(codes: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(codes)].sort();
  return new Map(sorted.map((code, i) => [code, UNIT_PALETTE[i % UNIT_PALETTE.length]]));
}

function stateOf(row: AllocationRow): PreviewState {
  const a = row.allocation;
  if (!a || a.result.status === 'invalid') return 'invalid';
  if (a.overridden) return 'overridden';
  if (a.unitCode === null) return 'unassigned';
  if (a.result.status === 'straddles') return 'straddles';
  // Placed by distance (a point or a footprint outside every unit) or only partly inside one.
  if (a.result.status === 'nearest' || a.result.status === 'partly_outside' || a.result.status === 'outside') return 'attention';
  return 'assigned';
}

/** The preview collection for the rows (rows without a geometry are not drawn). */
export function previewFeatures(rows: readonly AllocationRow[], allUnitCodes: Iterable<string>): PreviewCollection {
  const colors = unitColors(allUnitCodes);
  const features: Feature<PreviewGeometry, PreviewFeatureProps>[] = [];
  for (const row of rows) {
    const geometry = row.record.geometry;
    if (!geometry) continue;
    const state = stateOf(row);
    const unit = row.allocation?.unitCode ?? '';
    const color =
      state === 'invalid' ? PREVIEW_COLORS.invalid : state === 'unassigned' ? PREVIEW_COLORS.unassigned : (colors.get(unit) ?? PREVIEW_COLORS.attention);
    features.push({ type: 'Feature', geometry, properties: { id: row.record.id, state, color, unit } });
  }
  return { type: 'FeatureCollection', features };
}

/** [west, south, east, north] of a previewed building, for flying to it. */
export function previewBbox(geometry: PreviewGeometry): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const add = (x: number, y: number): void => {
    w = Math.min(w, x);
    s = Math.min(s, y);
    e = Math.max(e, x);
    n = Math.max(n, y);
  };
  if (geometry.type === 'Point') add(geometry.coordinates[0], geometry.coordinates[1]);
  else {
    const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const rings of polys) for (const [x, y] of rings[0]) add(x, y);
  }
  return [w, s, e, n];
}
