/**
 * Finding grids by code or name, for the search box of the top bar. Pure: the same grids and
 * query always give the same ranked list.
 */
import type { GridCode, GridKind, GridLevel, GridUnit } from '../model';

/** How a result matched, best first; the UI may show it, the ranking uses it. */
export type SearchMatch = 'exact' | 'code_prefix' | 'name' | 'code_contains';

export interface SearchResult {
  code: GridCode;
  name: string;
  level: GridLevel;
  kind: GridKind;
  match: SearchMatch;
}

/** How many results the dropdown shows unless told otherwise. */
export const DEFAULT_SEARCH_LIMIT = 20;

const MATCH_RANK: Record<SearchMatch, number> = { exact: 0, code_prefix: 1, name: 2, code_contains: 3 };

/**
 * Normalises what operators type: NFKC folds full-width letters, digits and hyphens that Chinese
 * input methods produce (`ＺＹ－０３` → `ZY-03`), and case is ignored because codes are upper case.
 */
export function normaliseQuery(text: string): string {
  return text.normalize('NFKC').trim().toUpperCase();
}

interface Scored {
  unit: GridUnit;
  match: SearchMatch;
  /** Position of the hit inside the name (name matches), so names starting with the query win. */
  at: number;
}

/**
 * Grids matching `query`, ranked: exact code, then code prefix (shallower levels first), then
 * names containing the query (earlier hit, then shorter name first), then codes containing it.
 * Each grid appears once, with its best match. An empty query finds nothing.
 *
 * @example searchGrids(district, 'ZY-03', 5) // ZY-03 itself, then ZY-03-01, ZY-03-02…
 * @example searchGrids(district, '建设路') // every grid whose name contains 建设路
 */
export function searchGrids(
  district: { readonly grids: readonly GridUnit[] } | null,
  query: string,
  limit: number = DEFAULT_SEARCH_LIMIT,
): SearchResult[] {
  const q = normaliseQuery(query);
  if (!district || q === '' || limit <= 0) return [];
  const scored: Scored[] = [];
  for (const unit of district.grids) {
    const code = unit.code.toUpperCase();
    if (code === q) {
      scored.push({ unit, match: 'exact', at: 0 });
      continue;
    }
    if (code.startsWith(q)) {
      scored.push({ unit, match: 'code_prefix', at: 0 });
      continue;
    }
    const at = unit.name.normalize('NFKC').toUpperCase().indexOf(q);
    if (at >= 0) {
      scored.push({ unit, match: 'name', at });
      continue;
    }
    if (code.includes(q)) scored.push({ unit, match: 'code_contains', at: code.indexOf(q) });
  }
  scored.sort(compareScored);
  return scored.slice(0, limit).map(({ unit, match }) => ({
    code: unit.code,
    name: unit.name,
    level: unit.level,
    kind: unit.kind,
    match,
  }));
}

function compareScored(a: Scored, b: Scored): number {
  const byRank = MATCH_RANK[a.match] - MATCH_RANK[b.match];
  if (byRank !== 0) return byRank;
  if (a.match === 'code_prefix') {
    // Typing a street's code should show the street's communities before its micro-grids.
    if (a.unit.level !== b.unit.level) return a.unit.level - b.unit.level;
  } else if (a.match === 'name' || a.match === 'code_contains') {
    if (a.at !== b.at) return a.at - b.at;
    if (a.match === 'name' && a.unit.name.length !== b.unit.name.length) return a.unit.name.length - b.unit.name.length;
  }
  return compareCodes(a.unit.code, b.unit.code);
}

/** Plain code order (codes are zero-padded, so string order is numeric order). */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
