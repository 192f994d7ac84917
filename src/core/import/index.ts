/**
 * CONTRACT STUB (owner: crs/import helper). Validating a GeoJSON file of grids before import:
 * every feature gets its problems, the good ones become GridUnits, nothing is thrown.
 */
import type { Crs } from '../crs';
import type { GridCode, GridLevel, GridUnit } from '../model';

export type ImportProblemKind =
  | 'invalid_json'
  | 'not_feature_collection'
  | 'invalid_geometry'
  | 'self_intersection'
  | 'unclosed_ring'
  | 'nan_coordinate'
  | 'out_of_range'
  | 'latlon_swapped'
  | 'missing_code'
  | 'duplicate_code'
  | 'invalid_level'
  | 'missing_parent';

export interface ImportProblem {
  kind: ImportProblemKind;
  /** Machine-readable details for the translated message, e.g. { code, ring, position }. */
  detail: Record<string, string | number>;
}

/** Which feature property holds what; `level` may instead be fixed for the whole file. */
export interface PropertyMapping {
  code: string;
  name: string | null;
  level: { property: string } | { fixed: GridLevel };
  /** null: infer the parent by containment. */
  parent: string | null;
  /** Property telling dedicated grids apart (value truthy or 'dedicated'); optional. */
  kind?: string | null;
}

export interface FeatureReport {
  index: number;
  code: GridCode | null;
  name: string | null;
  level: GridLevel | null;
  parentCode: GridCode | null;
  parentInferred: boolean;
  problems: ImportProblem[];
}

export interface ImportReport {
  /** File-level problems (invalid JSON, not a FeatureCollection): then `features` is empty. */
  fileProblems: ImportProblem[];
  features: FeatureReport[];
  /** Units ready to store, in WGS-84, parents before children. */
  good: GridUnit[];
  summary: { total: number; good: number; bad: number; byKind: Partial<Record<ImportProblemKind, number>> };
}

export interface PropertyInfo {
  key: string;
  /** Up to 3 distinct sample values as strings. */
  samples: string[];
  /** How many features carry it. */
  count: number;
}

/** Property keys found in a parsed FeatureCollection, for the mapping step of the dialog. */
export function listProperties(input: unknown): PropertyInfo[] {
  void input;
  throw new Error('not implemented');
}

/** Best guess of the mapping from property names (code/编码/grid_code, name/名称, level/层级, parent/上级…). */
export function guessMapping(properties: readonly PropertyInfo[]): PropertyMapping {
  void properties;
  throw new Error('not implemented');
}

/**
 * Validates `text` (the file's contents) against the mapping and the grids already stored.
 * Never throws on bad input.
 */
export function validateGridImport(
  text: string,
  mapping: PropertyMapping,
  existing: readonly GridUnit[],
  sourceCrs?: Crs,
): ImportReport {
  void text; void mapping; void existing; void sourceCrs;
  throw new Error('not implemented');
}
