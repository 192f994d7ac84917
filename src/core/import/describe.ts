/**
 * English fallback text for import problems. The UI translates with the i18n key
 * `import.problem.<kind>` and the problem's detail fields (listed on ImportProblem); this is what
 * the command line prints and what the UI shows for a key it lacks.
 */
import type { ImportProblem } from './types';

const str = (v: string | number | undefined): string => (v === undefined ? '?' : String(v));

/** Degrees to 6 decimals (about 0.1 m), which is all a person needs to find the spot. */
const deg = (v: string | number | undefined): string => (typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : str(v));

/** "ring 2 of polygon 1" with 1-based numbers for people, or "ring 2" for a single polygon. */
function where(d: ImportProblem['detail']): string {
  const parts: string[] = [];
  if (d.position !== undefined) parts.push(`position ${Number(d.position) + 1}`);
  if (d.ring !== undefined) parts.push(Number(d.ring) === 0 ? 'the outer ring' : `hole ${Number(d.ring)}`);
  if (d.polygon !== undefined && Number(d.polygon) > 0) parts.push(`part ${Number(d.polygon) + 1}`);
  return parts.length > 0 ? ` (${parts.join(' of ')})` : '';
}

const GEOMETRY_REASONS: Record<string, string> = {
  not_a_feature: 'This entry is not a GeoJSON Feature',
  missing: 'The feature has no geometry',
  malformed: 'The geometry is malformed',
  empty: 'The geometry has no rings',
  bad_position: 'A position is not a pair of numbers',
  non_numeric: 'A coordinate is not a number',
  degenerate_ring: 'A ring has fewer than 3 distinct corners',
};

const PARENT_REASONS: Record<string, (d: ImportProblem['detail']) => string> = {
  none_given: (d) => `No parent code is given in "${str(d.property)}"; a level ${str(d.expectedLevel)} parent is required.`,
  not_found: (d) => `Parent ${str(d.parent)} is neither in this file nor among the stored grids.`,
  wrong_level: (d) => `Parent ${str(d.parent)} is level ${str(d.parentLevel)}, but the parent must be level ${str(d.expectedLevel)}.`,
  parent_bad: (d) => `Parent ${str(d.parent)} (feature ${Number(d.parentIndex) + 1}) has problems of its own (${str(d.parentProblem)}), so this unit cannot be imported under it.`,
  no_container: (d) =>
    `No level ${str(d.expectedLevel)} unit contains this one (its inner point and at least 90% of its area).` +
    (d.nearest !== undefined ? ` The closest is ${str(d.nearest)} with ${str(d.nearestPercent)}%.` : '') +
    (d.clipErrors !== undefined ? ` Overlap could not be computed ${str(d.clipErrors)} time(s).` : ''),
};

/** A one-sentence English description of a problem, with its details filled in. */
export function describeProblem(problem: ImportProblem): string {
  const d = problem.detail;
  switch (problem.kind) {
    case 'invalid_json':
      return `The file is not valid JSON: ${str(d.message)}`;
    case 'not_feature_collection':
      return `The file must be a GeoJSON FeatureCollection, but its type is ${str(d.type)}.`;
    case 'invalid_geometry':
      if (d.reason === 'wrong_type') return `The geometry must be a Polygon or MultiPolygon, not ${str(d.type)}.`;
      if (d.reason === 'too_few_positions') {
        return `A ring needs at least 4 positions (3 corners and the closing one) but has ${str(d.positions)}${where(d)}.`;
      }
      return `${GEOMETRY_REASONS[str(d.reason)] ?? 'The geometry is invalid'}${where(d)}.`;
    case 'self_intersection':
      return `The boundary crosses or touches itself near ${deg(d.lon)}, ${deg(d.lat)}${where(d)}.`;
    case 'unclosed_ring':
      return `A ring is not closed: its last position must repeat its first${where(d)}; ${str(d.count)} ring(s) affected.`;
    case 'nan_coordinate':
      return `A coordinate is missing or not a number (null, "NaN")${where(d)}; ${str(d.count)} position(s) affected.`;
    case 'out_of_range':
      return (
        `Coordinates are outside longitude −180…180 / latitude −90…90: ${deg(d.lon)}, ${deg(d.lat)}${where(d)}.` +
        (d.hint === 'projected' ? ' They look like metres of a projected system; export the file in longitude/latitude.' : '')
      );
    case 'latlon_swapped':
      return `The coordinates look like [latitude, longitude] (first position ${deg(d.lon)}, ${deg(d.lat)}); GeoJSON needs [longitude, latitude].`;
    case 'missing_code':
      return `The feature has no code in "${str(d.property)}".`;
    case 'duplicate_code':
      return d.where === 'existing'
        ? `Code ${str(d.code)} is already used by the stored grid ${str(d.existingName)}; stored grids are never overwritten.`
        : `Code ${str(d.code)} appears ${str(d.occurrences)} times in this file (first in feature ${Number(d.firstIndex) + 1}).`;
    case 'invalid_level':
      if (d.reason === 'dedicated_not_level_3') return `A dedicated grid must be level 3, not level ${str(d.value)}.`;
      if (d.reason === 'missing') return `The level is missing in "${str(d.property)}"; it must be 1, 2, 3 or 4.`;
      return `The level "${str(d.value)}" is not 1, 2, 3 or 4.`;
    case 'missing_parent':
      return (PARENT_REASONS[str(d.reason)] ?? (() => 'The parent unit is missing.'))(d);
  }
}
