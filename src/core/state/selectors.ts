/**
 * Read-only views of the app state shaped for the panels, so components only lay out what they
 * are given. Pure; cheap enough to call on every render (lookups in indexes built at load).
 */
import type { GridLevel, GridUnit, Staff } from '../model';
import type { BandSummary, GridStats } from '../stats';
import type { AppState } from './app-state';

export interface ChildView {
  unit: GridUnit;
  stats: GridStats | null;
}

export interface SelectionView {
  unit: GridUnit;
  stats: GridStats | null;
  /** Root first, parent last. */
  ancestors: GridUnit[];
  chief: Staff | null;
  /** Everyone attached to the unit except the chief. */
  workers: Staff[];
  children: ChildView[];
  /** 1-based position among siblings by code, for "3 / 12" beside the arrows hint. */
  siblingPosition: number;
  siblingCount: number;
}

/** What the side panel shows for the selected grid, or null when nothing is selected. */
export function selectionView(
  state: Pick<AppState, 'selected' | 'hierarchy' | 'stats' | 'staffById'>,
): SelectionView | null {
  const index = state.hierarchy;
  if (!state.selected || !index) return null;
  const unit = index.get(state.selected);
  if (!unit) return null;
  const staff = state.staffById;
  const person = (id: Staff['id'] | null): Staff | null => (id && staff?.get(id)) || null;
  const siblings = index.siblings(unit.code);
  return {
    unit,
    stats: state.stats?.get(unit.code) ?? null,
    ancestors: index.ancestors(unit.code),
    chief: person(unit.chiefId),
    workers: unit.workerIds
      .filter((id) => id !== unit.chiefId)
      .map(person)
      .filter((s): s is Staff => s !== null),
    children: index.children(unit.code).map((child) => ({ unit: child, stats: state.stats?.get(child.code) ?? null })),
    siblingPosition: siblings.findIndex((s) => s.code === unit.code) + 1,
    siblingCount: siblings.length,
  };
}

export interface DistrictOverview {
  name: string;
  /** Base grids per level (dedicated grids counted apart). */
  levelCounts: Record<GridLevel, number>;
  dedicated: number;
  households: number;
  residents: number;
  buildings: number;
  staff: number;
  band: BandSummary | null;
}

/** The district at a glance, shown when nothing is selected. */
export function districtOverview(state: Pick<AppState, 'district' | 'bandSummary'>): DistrictOverview | null {
  const d = state.district;
  if (!d) return null;
  const levelCounts: Record<GridLevel, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  let dedicated = 0;
  for (const g of d.grids) {
    if (g.kind === 'dedicated') dedicated += 1;
    else levelCounts[g.level] += 1;
  }
  let households = 0;
  let residents = 0;
  for (const b of d.buildings) {
    households += b.households;
    residents += b.residents;
  }
  return {
    name: d.name,
    levelCounts,
    dedicated,
    households,
    residents,
    buildings: d.buildings.length,
    staff: d.staff.length,
    band: state.bandSummary,
  };
}
