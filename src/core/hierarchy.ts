/**
 * Navigating the grid hierarchy: an index built once over a district's grids, answering parent,
 * child, ancestor and sibling questions in constant time (ancestors in time proportional to depth).
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

const byCode = (a: GridUnit, b: GridUnit): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Indexes `grids`. Roots are units without a parent, and units whose parent is not among the
 * grids (an orphan still shows up somewhere rather than vanishing). Unknown codes answer
 * undefined or empty lists. When two units share a code the first wins. Every list returned is a
 * fresh array, so callers may sort or splice it.
 */
export function buildHierarchyIndex(grids: readonly GridUnit[]): HierarchyIndex {
  const units = new Map<GridCode, GridUnit>();
  for (const g of grids) if (!units.has(g.code)) units.set(g.code, g);
  const childrenOf = new Map<GridCode, GridUnit[]>();
  const roots: GridUnit[] = [];
  for (const g of units.values()) {
    if (g.parentCode === null || !units.has(g.parentCode)) {
      roots.push(g);
      continue;
    }
    const list = childrenOf.get(g.parentCode) ?? [];
    list.push(g);
    childrenOf.set(g.parentCode, list);
  }
  for (const list of childrenOf.values()) list.sort(byCode);
  roots.sort(byCode);

  const children = (code: GridCode): GridUnit[] => (childrenOf.get(code) ?? []).slice();
  return {
    get: (code) => units.get(code),
    children,
    ancestors: (code) => {
      const chain: GridUnit[] = [];
      const seen = new Set<GridCode>([code]);
      let parentCode = units.get(code)?.parentCode ?? null;
      // The seen-set stops a malformed cycle of parent codes from looping forever.
      while (parentCode !== null && !seen.has(parentCode)) {
        const parent = units.get(parentCode);
        if (!parent) break;
        chain.push(parent);
        seen.add(parentCode);
        parentCode = parent.parentCode;
      }
      return chain.reverse();
    },
    siblings: (code) => {
      const unit = units.get(code);
      if (!unit) return [];
      const parentCode = unit.parentCode;
      if (parentCode === null || !units.has(parentCode)) return roots.slice();
      return children(parentCode);
    },
    roots: () => roots.slice(),
  };
}

/**
 * Whether `unit` is `ancestor` or lies below it, walking the parent chain (O(depth)). A unit not
 * in the index is within nothing but itself; a malformed cycle of parent codes ends the walk.
 */
export function isWithin(index: HierarchyIndex, unit: GridCode, ancestor: GridCode): boolean {
  const seen = new Set<GridCode>();
  for (let c: GridCode | null = unit; c !== null && !seen.has(c); c = index.get(c)?.parentCode ?? null) {
    if (c === ancestor) return true;
    seen.add(c);
  }
  return false;
}
