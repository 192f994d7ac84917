/**
 * Which grid the cursor means when several are stacked under it: the finest visible one (a
 * micro-grid over its grid over its community). Dedicated grids are level 3 but cut their unit out
 * of the base grids, so where one is hit it is what the operator points at.
 */
import type { GridCode, GridKind, GridLevel } from '@core/model';

/** The part of a rendered feature picking needs (MapLibre's MapGeoJSONFeature fits). */
export interface PickCandidate {
  properties: Record<string, unknown> | null;
}

function rank(level: GridLevel, kind: GridKind): number {
  // Dedicated grids rank just above base grids of the same level and below micro-grids.
  return level * 2 + (kind === 'dedicated' ? 1 : 0);
}

/** The code of the finest grid among `features`, or null when there is none. */
export function pickGrid(features: readonly PickCandidate[]): GridCode | null {
  let best: { code: GridCode; rank: number } | null = null;
  for (const f of features) {
    const p = f.properties;
    if (!p || typeof p.code !== 'string' || typeof p.level !== 'number') continue;
    const r = rank(p.level as GridLevel, p.kind === 'dedicated' ? 'dedicated' : 'base');
    if (!best || r > best.rank) best = { code: p.code as GridCode, rank: r };
  }
  return best?.code ?? null;
}
