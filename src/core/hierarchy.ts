/**
 * CONTRACT STUB (owner: demo/stats helper). Navigating the grid hierarchy.
 */
import type { GridCode, GridUnit } from './model';

export interface HierarchyIndex {
  get(code: GridCode): GridUnit | undefined;
  /** Direct children, sorted by code. */
  children(code: GridCode): GridUnit[];
  /** From the root (sub-district) down to the parent; excludes the unit itself. */
  ancestors(code: GridCode): GridUnit[];
  /** Units sharing the parent, sorted by code, including the unit itself. */
  siblings(code: GridCode): GridUnit[];
  roots(): GridUnit[];
}

export function buildHierarchyIndex(grids: readonly GridUnit[]): HierarchyIndex {
  void grids;
  throw new Error('not implemented');
}
