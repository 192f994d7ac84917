/**
 * Validating a GeoJSON file of grids before import: every feature gets its problems, the good
 * ones become GridUnits in WGS-84, nothing is thrown and nothing stored is overwritten.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { convertGeometry, type Crs } from '../crs';
import { asGridCode, type GridKind, type GridLevel, type GridUnit, type DedicatedKind } from '../model';
import { ContainmentIndex, Shape, type ContainmentCandidate } from './containment';
import { checkGeometry } from './geometry-checks';
import { readCode, readDedicatedKind, readKind, readLevel } from './mapping';
import type { FeatureReport, ImportProblem, ImportProblemKind, ImportReport, PropertyMapping } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Everything learnt about one feature on the way. */
interface Row {
  index: number;
  code: string | null;
  name: string | null;
  level: GridLevel | null;
  kind: GridKind;
  dedicatedKind?: DedicatedKind;
  /** The parent code as given (explicit mapping), or null. */
  parentGiven: string | null;
  parentCode: string | null;
  parentInferred: boolean;
  /** WGS-84 geometry when the geometry has no problem. */
  geometry: Polygon | MultiPolygon | null;
  /** Prepared for containment tests on first use (only parent inference needs it). */
  shape: Shape | null;
  problems: ImportProblem[];
}

function fileReport(problem: ImportProblem): ImportReport {
  return { fileProblems: [problem], features: [], good: [], summary: { total: 0, good: 0, bad: 0, byKind: { [problem.kind]: 1 } } };
}

/**
 * Reads a grid file's text as far as the file level: JSON (a leading byte-order mark, as Windows
 * tools write, is dropped) holding a FeatureCollection. The import dialog uses it to stop early
 * with a plain message; validateGridImport uses it first.
 */
export function parseGridFile(text: string): { ok: true; parsed: unknown; features: unknown[] } | { ok: false; problem: ImportProblem } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    return { ok: false, problem: { kind: 'invalid_json', detail: { message: err instanceof Error ? err.message : String(err) } } };
  }
  if (!isObject(parsed) || parsed.type !== 'FeatureCollection' || !Array.isArray(parsed.features)) {
    const type = isObject(parsed) ? String(parsed.type ?? '—') : Array.isArray(parsed) ? 'array' : parsed === null ? 'null' : typeof parsed;
    return { ok: false, problem: { kind: 'not_feature_collection', detail: { type } } };
  }
  return { ok: true, parsed, features: parsed.features };
}

/** Reads one feature's attributes and geometry; parent questions come later. */
function readFeature(raw: unknown, index: number, mapping: PropertyMapping, sourceCrs: Crs): Row {
  const row: Row = {
    index,
    code: null,
    name: null,
    level: null,
    kind: 'base',
    parentGiven: null,
    parentCode: null,
    parentInferred: false,
    geometry: null,
    shape: null,
    problems: [],
  };
  if (!isObject(raw) || raw.type !== 'Feature') {
    row.problems.push({ kind: 'invalid_geometry', detail: { reason: 'not_a_feature' } });
    return row;
  }
  const props = isObject(raw.properties) ? raw.properties : {};

  const geo = checkGeometry(raw.geometry);
  row.problems.push(...geo.problems);
  if (geo.problems.length === 0 && geo.polygons && geo.type) {
    const given: Polygon | MultiPolygon =
      geo.type === 'Polygon' ? { type: 'Polygon', coordinates: geo.polygons[0] } : { type: 'MultiPolygon', coordinates: geo.polygons };
    row.geometry = convertGeometry(given, sourceCrs, 'wgs84');
  }

  row.code = readCode(props[mapping.code]);
  if (row.code === null) row.problems.push({ kind: 'missing_code', detail: { property: mapping.code } });
  if (mapping.name) {
    const name = props[mapping.name];
    row.name = typeof name === 'string' && name.trim() !== '' ? name.trim() : typeof name === 'number' ? String(name) : null;
  }

  const kind = mapping.kind ? readKind(props[mapping.kind]) : { kind: 'base' as const };
  row.kind = kind.kind;
  if (row.kind === 'dedicated') {
    const named = mapping.dedicatedKind ? readDedicatedKind(props[mapping.dedicatedKind]) : undefined;
    const dedicatedKind = named ?? kind.dedicatedKind;
    if (dedicatedKind) row.dedicatedKind = dedicatedKind;
  }

  if ('fixed' in mapping.level) {
    row.level = mapping.level.fixed;
  } else {
    const property = mapping.level.property;
    const value = props[property];
    row.level = readLevel(value);
    if (row.level === null) {
      const missing = value === undefined || value === null || value === '';
      row.problems.push({
        kind: 'invalid_level',
        detail: { reason: missing ? 'missing' : 'not_1_to_4', value: missing ? '' : String(value), property },
      });
    }
  }
  // The model puts dedicated grids at level 3, children of their community.
  if (row.level !== null && row.kind === 'dedicated' && row.level !== 3) {
    row.problems.push({ kind: 'invalid_level', detail: { reason: 'dedicated_not_level_3', value: String(row.level) } });
  }

  if (mapping.parent) row.parentGiven = readCode(props[mapping.parent]);
  return row;
}

function shapeOf(row: Row): Shape | null {
  if (row.shape === null && row.geometry !== null) row.shape = new Shape(row.geometry);
  return row.shape;
}

function markDuplicates(rows: readonly Row[], existing: ReadonlyMap<string, GridUnit>): void {
  const byCode = new Map<string, Row[]>();
  for (const r of rows) {
    if (r.code === null) continue;
    const list = byCode.get(r.code);
    if (list) list.push(r);
    else byCode.set(r.code, [r]);
  }
  for (const [code, list] of byCode) {
    const stored = existing.get(code);
    if (!stored && list.length < 2) continue;
    for (const r of list) {
      const detail: Record<string, string | number> = stored
        ? { code, where: 'existing', occurrences: list.length, existingName: stored.name }
        : { code, where: 'file', occurrences: list.length, firstIndex: list[0].index };
      r.problems.push({ kind: 'duplicate_code', detail });
    }
  }
}

/** Why a parent that exists is not usable, as the problem kind the child reports. */
const firstKind = (r: Row): ImportProblemKind | 'unknown' => r.problems[0]?.kind ?? 'unknown';

/**
 * Resolves given parent codes level by level (parents are one level up, so a level is settled
 * before its children are looked at; the level rule also rules out cycles).
 */
function resolveGivenParent(row: Row, level: GridLevel, fileByCode: ReadonlyMap<string, Row[]>, existing: ReadonlyMap<string, GridUnit>, property: string): void {
  const expectedLevel = level - 1;
  const code = row.parentGiven;
  if (code === null) {
    row.problems.push({ kind: 'missing_parent', detail: { reason: 'none_given', property, expectedLevel } });
    return;
  }
  const inFile = fileByCode.get(code);
  if (inFile) {
    const parent = inFile[0];
    if (inFile.length === 1 && parent.level !== null && parent.level !== expectedLevel) {
      row.problems.push({ kind: 'missing_parent', detail: { reason: 'wrong_level', parent: code, parentLevel: parent.level, expectedLevel } });
    } else if (inFile.length > 1 || parent.problems.length > 0) {
      row.problems.push({
        kind: 'missing_parent',
        detail: { reason: 'parent_bad', parent: code, parentIndex: parent.index, parentProblem: firstKind(parent), expectedLevel },
      });
    } else {
      row.parentCode = code;
    }
    return;
  }
  const stored = existing.get(code);
  if (!stored) {
    row.problems.push({ kind: 'missing_parent', detail: { reason: 'not_found', parent: code, expectedLevel } });
  } else if (stored.level !== expectedLevel) {
    row.problems.push({ kind: 'missing_parent', detail: { reason: 'wrong_level', parent: code, parentLevel: stored.level, expectedLevel } });
  } else {
    row.parentCode = code;
  }
}

/** Candidate parents of one level: usable file features (good or bad) and stored units. */
interface LevelCandidates {
  index: ContainmentIndex;
  /** The file row behind each candidate, or null for a stored unit. */
  rows: (Row | null)[];
}

function candidatesOf(level: GridLevel, rows: readonly Row[], existing: readonly GridUnit[], existingShapes: Map<GridUnit, Shape>): LevelCandidates {
  const list: ContainmentCandidate[] = [];
  const owners: (Row | null)[] = [];
  for (const r of rows) {
    const shape = r.level === level && r.code !== null ? shapeOf(r) : null;
    if (shape === null || r.code === null) continue;
    list.push({ code: r.code, shape, rank: r.problems.length === 0 ? 0 : 1 });
    owners.push(r);
  }
  for (const u of existing) {
    if (u.level !== level) continue;
    let shape = existingShapes.get(u);
    if (!shape) {
      shape = new Shape(u.geometry);
      existingShapes.set(u, shape);
    }
    list.push({ code: u.code, shape, rank: 0 });
    owners.push(null);
  }
  return { index: new ContainmentIndex(list), rows: owners };
}

function inferParent(row: Row, level: GridLevel, cands: LevelCandidates): void {
  const expectedLevel = level - 1;
  const shape = shapeOf(row);
  if (!shape) return; // its geometry problem already makes it bad; there is nothing to contain
  const result = cands.index.find(shape);
  if (result.best === null) {
    const detail: Record<string, string | number> = { reason: 'no_container', expectedLevel };
    if (result.nearest !== null) {
      detail.nearest = cands.index.candidates[result.nearest].code;
      detail.nearestPercent = Math.round(result.fraction * 1000) / 10;
    }
    if (result.clipErrors > 0) detail.clipErrors = result.clipErrors;
    row.problems.push({ kind: 'missing_parent', detail });
    return;
  }
  const code = cands.index.candidates[result.best].code;
  const owner = cands.rows[result.best];
  if (owner && owner.problems.length > 0) {
    row.problems.push({
      kind: 'missing_parent',
      detail: { reason: 'parent_bad', parent: code, parentIndex: owner.index, parentProblem: firstKind(owner), expectedLevel },
    });
    return;
  }
  row.parentCode = code;
  row.parentInferred = true;
}

/**
 * Validates `text` (the file's contents) against the mapping and the grids already stored, and
 * converts good geometries from `sourceCrs` to WGS-84. Never throws on bad input.
 *
 * Per feature: geometry (invalid_geometry, nan_coordinate, unclosed_ring, out_of_range,
 * latlon_swapped, self_intersection), attributes (missing_code, duplicate_code against the file
 * and against `existing`, invalid_level) and the parent (missing_parent: given but unknown, of the
 * wrong level, bad itself; or, with `mapping.parent` null, no unit one level up holding the
 * feature's interior point and ≥ 90% of its area). Level 1 needs no parent. See ImportProblem
 * for the detail each kind carries.
 *
 * `good` lists the features without problems as GridUnits, parents before children (by level,
 * then file order), chiefless and without workers.
 */
export function validateGridImport(text: string, mapping: PropertyMapping, existing: readonly GridUnit[], sourceCrs: Crs = 'wgs84'): ImportReport {
  const parsed = parseGridFile(text);
  if (!parsed.ok) return fileReport(parsed.problem);

  const rows = parsed.features.map((f, i) => readFeature(f, i, mapping, sourceCrs));
  const existingByCode = new Map<string, GridUnit>(existing.map((u) => [u.code, u]));
  markDuplicates(rows, existingByCode);

  const fileByCode = new Map<string, Row[]>();
  for (const r of rows) {
    if (r.code === null) continue;
    const list = fileByCode.get(r.code);
    if (list) list.push(r);
    else fileByCode.set(r.code, [r]);
  }

  const existingShapes = new Map<GridUnit, Shape>();
  for (const level of [2, 3, 4] as const) {
    const atLevel = rows.filter((r) => r.level === level);
    if (atLevel.length === 0) continue;
    if (mapping.parent !== null) {
      for (const r of atLevel) resolveGivenParent(r, level, fileByCode, existingByCode, mapping.parent);
    } else {
      const cands = candidatesOf((level - 1) as GridLevel, rows, existing, existingShapes);
      for (const r of atLevel) inferParent(r, level, cands);
    }
  }

  const good: GridUnit[] = rows
    .filter((r) => r.problems.length === 0 && r.code !== null && r.level !== null && r.geometry !== null)
    .sort((a, b) => (a.level ?? 0) - (b.level ?? 0) || a.index - b.index)
    .map((r) => {
      const unit: GridUnit = {
        code: asGridCode(r.code ?? ''),
        name: r.name ?? r.code ?? '',
        level: r.level ?? 1,
        kind: r.kind,
        parentCode: r.level === 1 || r.parentCode === null ? null : asGridCode(r.parentCode),
        geometry: r.geometry as Polygon | MultiPolygon,
        chiefId: null,
        workerIds: [],
      };
      if (r.dedicatedKind) unit.dedicatedKind = r.dedicatedKind;
      return unit;
    });

  const byKind: Partial<Record<ImportProblemKind, number>> = {};
  for (const r of rows) {
    for (const kind of new Set(r.problems.map((p) => p.kind))) byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  const features: FeatureReport[] = rows.map((r) => ({
    index: r.index,
    code: r.code === null ? null : asGridCode(r.code),
    name: r.name,
    level: r.level,
    parentCode: r.parentCode === null ? null : asGridCode(r.parentCode),
    parentInferred: r.parentInferred,
    problems: r.problems,
  }));
  return {
    fileProblems: [],
    features,
    good,
    summary: { total: rows.length, good: good.length, bad: rows.length - good.length, byKind },
  };
}
