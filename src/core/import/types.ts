/**
 * Types of the grid import: problems, the property mapping and the report. Kept apart from the
 * code so every import module and the UI can share them without cycles.
 */
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

export const IMPORT_PROBLEM_KINDS: readonly ImportProblemKind[] = [
  'invalid_json',
  'not_feature_collection',
  'invalid_geometry',
  'self_intersection',
  'unclosed_ring',
  'nan_coordinate',
  'out_of_range',
  'latlon_swapped',
  'missing_code',
  'duplicate_code',
  'invalid_level',
  'missing_parent',
];

/**
 * One problem of a file or a feature. The UI translates it with the i18n key
 * `import.problem.<kind>` and the detail fields as parameters; describeProblem gives the
 * English fallback. Indexes (polygon, ring, position, feature) count from 0. Detail fields by kind:
 *
 * - `invalid_json`: `message` (the parser's).
 * - `not_feature_collection`: `type` (the top-level `type` found, `array`, or a JSON type name).
 * - `invalid_geometry`: `reason`: `not_a_feature` | `missing` | `malformed` | `wrong_type` | `empty`
 *   | `bad_position` | `non_numeric` | `too_few_positions` | `degenerate_ring`; with `type` for
 *   wrong_type; `polygon`, `ring` for ring reasons; `position` for position reasons; `positions`
 *   (the count) for too_few_positions.
 * - `self_intersection`: `lon`, `lat` (where, as given in the file), `polygon`, `ring`.
 * - `unclosed_ring`: `polygon`, `ring` (the first one), `count` (how many rings are open).
 * - `nan_coordinate`: `polygon`, `ring`, `position` (the first one), `count`.
 * - `out_of_range`: `lon`, `lat` (the first bad position's values), `polygon`, `ring`,
 *   `position`, `count`; `hint: 'projected'` when the numbers look like metres of a projected
 *   system (|value| > 1000).
 * - `latlon_swapped`: `lon`, `lat` (the first position's values as given, i.e. the file's
 *   first and second number).
 * - `missing_code`: `property` (the mapped code property).
 * - `duplicate_code`: `code`, `where` (`file` | `existing`), `occurrences` (in the file);
 *   `firstIndex` (first feature with it) for `file`; `existingName` for `existing`.
 * - `invalid_level`: `reason` (`missing` | `not_1_to_4` | `dedicated_not_level_3`), `value`
 *   (as a string), `property` (when the level comes from a property).
 * - `missing_parent`: `reason` and `expectedLevel` always; by reason: `none_given`
 *   (`property`), `not_found` (`parent`), `wrong_level` (`parent`, `parentLevel`),
 *   `parent_bad` (`parent`, `parentIndex`, `parentProblem`: the parent's first problem kind),
 *   `no_container` (optional `nearest`, `nearestPercent`: the best candidate under 90%;
 *   optional `clipErrors`).
 */
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
  /** Property naming a dedicated grid's unit type (school, 学校, hospital…); optional. */
  dedicatedKind?: string | null;
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
