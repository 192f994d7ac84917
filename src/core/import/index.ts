/**
 * Importing grids from GeoJSON: list the file's properties, guess the mapping, validate every
 * feature (problems per feature, nothing thrown), and get the good ones as GridUnits in WGS-84.
 */
export type {
  FeatureReport,
  ImportProblem,
  ImportProblemKind,
  ImportReport,
  PropertyInfo,
  PropertyMapping,
} from './types';
export { IMPORT_PROBLEM_KINDS } from './types';
export { guessMapping, listProperties, readCode, readDedicatedKind, readKind, readLevel } from './mapping';
export { parseGridFile, validateGridImport } from './validate';
export { describeProblem } from './describe';
export { MIN_CONTAINED_FRACTION } from './containment';
