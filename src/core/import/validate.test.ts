import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { area, feature, featureCollection, intersect } from '@turf/turf';
import fc from 'fast-check';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { convertGeometry } from '../crs';
import { asGridCode, type GridLevel, type GridUnit } from '../model';
import { IMPORT_PROBLEM_KINDS, describeProblem, guessMapping, listProperties, validateGridImport } from './index';
import type { ImportProblem, ImportProblemKind, ImportReport, PropertyMapping } from './types';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/import');
const fixture = (name: string): string => readFileSync(resolve(FIXTURES, name), 'utf8');

/** The dialog's path: properties → guessed mapping → validation. */
function validateAsDialog(text: string, existing: readonly GridUnit[] = [], parentByContainment = false): ImportReport {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // validateGridImport reports it.
  }
  const mapping = guessMapping(listProperties(parsed));
  return validateGridImport(text, parentByContainment ? { ...mapping, parent: null } : mapping, existing);
}

const allProblems = (r: ImportReport): ImportProblem[] => [...r.fileProblems, ...r.features.flatMap((f) => f.problems)];
const kindsOf = (r: ImportReport): ImportProblemKind[] => [...new Set(allProblems(r).map((p) => p.kind))].sort();
const codesOf = (units: readonly GridUnit[]): string[] => units.map((u) => u.code);

const rect = (x0: number, y0: number, x1: number, y1: number): Position[][] => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];

type Props = Record<string, unknown>;
const grid = (props: Props, coordinates: unknown, type = 'Polygon'): unknown => ({
  type: 'Feature',
  properties: props,
  geometry: { type, coordinates },
});
const collection = (...features: unknown[]): string => JSON.stringify({ type: 'FeatureCollection', features });

const MAPPING: PropertyMapping = { code: 'code', name: 'name', level: { property: 'level' }, parent: 'parent', kind: 'kind', dedicatedKind: 'dedicated_kind' };
const INFER: PropertyMapping = { ...MAPPING, parent: null };

/** A stored unit for `existing`. */
const unit = (code: string, level: GridLevel, parentCode: string | null, coordinates: Position[][]): GridUnit => ({
  code: asGridCode(code),
  name: code,
  level,
  kind: 'base',
  parentCode: parentCode === null ? null : asGridCode(parentCode),
  geometry: { type: 'Polygon', coordinates },
  chiefId: null,
  workerIds: [],
});

describe('fixtures', () => {
  const expected: Record<string, ImportProblemKind[]> = {
    'good.geojson': [],
    'invalid-json.geojson': ['invalid_json'],
    'not-feature-collection.geojson': ['not_feature_collection'],
    'invalid-geometry.geojson': ['invalid_geometry'],
    'self-intersection.geojson': ['self_intersection'],
    'unclosed-ring.geojson': ['unclosed_ring'],
    'nan-coordinate.geojson': ['nan_coordinate'],
    'out-of-range.geojson': ['out_of_range'],
    'latlon-swapped.geojson': ['latlon_swapped'],
    'missing-code.geojson': ['missing_code'],
    'duplicate-code.geojson': ['duplicate_code'],
    'invalid-level.geojson': ['invalid_level'],
    'missing-parent.geojson': ['missing_parent'],
    'mixed.geojson': ['invalid_level', 'missing_code', 'self_intersection'],
  };

  it('has an expectation for every fixture file', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.geojson')).sort();
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s shows exactly %j', (name, kinds) => {
    expect(kindsOf(validateAsDialog(fixture(name)))).toEqual([...kinds].sort());
  });

  it('together cover every problem kind, and each has an English description with its details', () => {
    const problems = Object.keys(expected).flatMap((name) => allProblems(validateAsDialog(fixture(name))));
    expect([...new Set(problems.map((p) => p.kind))].sort()).toEqual([...IMPORT_PROBLEM_KINDS].sort());
    for (const p of problems) {
      const text = describeProblem(p);
      // '?' is what describeProblem prints for a detail field it expected and did not get.
      expect(text).not.toMatch(/undefined|\?/);
      if (typeof p.detail.code === 'string') expect(text).toContain(p.detail.code);
      if (typeof p.detail.parent === 'string') expect(text).toContain(p.detail.parent);
    }
  });

  it('good.geojson imports as a hierarchy east of the demo district, parents first', () => {
    const report = validateAsDialog(fixture('good.geojson'));
    expect(report.summary).toEqual({ total: 4, good: 4, bad: 0, byKind: {} });
    expect(report.good.map((u) => [u.code, u.level, u.parentCode, u.kind])).toEqual([
      ['ZY-04', 1, null, 'base'],
      ['ZY-04-01', 2, 'ZY-04', 'base'],
      ['ZY-04-01-01', 3, 'ZY-04-01', 'base'],
      ['ZY-04-01-02', 3, 'ZY-04-01', 'base'],
    ]);
    expect(report.good[0].name).toBe('建新街道');
    for (const u of report.good) {
      expect(u.chiefId).toBeNull();
      expect(u.workerIds).toEqual([]);
      // The demo district ends at longitude 113.642.
      const lons = (u.geometry as Polygon).coordinates.flat().map((p) => p[0]);
      expect(Math.min(...lons)).toBeGreaterThan(113.645);
    }
  });

  it('good.geojson: the two grids tile their community exactly', () => {
    const byCode = new Map(validateAsDialog(fixture('good.geojson')).good.map((u) => [u.code, u.geometry]));
    const [community, a, b] = ['ZY-04-01', 'ZY-04-01-01', 'ZY-04-01-02'].map((c) => byCode.get(asGridCode(c)) as Polygon);
    expect(area(a) + area(b)).toBeCloseTo(area(community), 3);
    const common = intersect(featureCollection([feature(a), feature(b)]));
    expect(common === null ? 0 : area(common)).toBeLessThan(1e-6);
  });

  it('good.geojson infers the same parents by containment', () => {
    const report = validateAsDialog(fixture('good.geojson'), [], true);
    expect(report.summary.bad).toBe(0);
    expect(report.features.map((f) => [f.code, f.parentCode, f.parentInferred])).toEqual([
      ['ZY-04', null, false],
      ['ZY-04-01', 'ZY-04', true],
      ['ZY-04-01-01', 'ZY-04-01', true],
      ['ZY-04-01-02', 'ZY-04-01', true],
    ]);
  });

  it('mixed.geojson: three good units and three bad ones', () => {
    const report = validateAsDialog(fixture('mixed.geojson'));
    expect(report.summary).toMatchObject({ total: 6, good: 3, bad: 3 });
    expect(codesOf(report.good)).toEqual(['ZY-08', 'ZY-08-01', 'ZY-08-01-01']);
    expect(report.summary.byKind).toEqual({ self_intersection: 1, missing_code: 1, invalid_level: 1 });
  });
});

describe('file problems', () => {
  it('reports invalid JSON with the parser message and nothing else', () => {
    const r = validateGridImport('{"type": "FeatureCollection", ', MAPPING, []);
    expect(r.fileProblems).toHaveLength(1);
    expect(r.fileProblems[0].kind).toBe('invalid_json');
    expect(String(r.fileProblems[0].detail.message).length).toBeGreaterThan(0);
    expect(r.features).toEqual([]);
    expect(r.summary).toEqual({ total: 0, good: 0, bad: 0, byKind: { invalid_json: 1 } });
  });

  it.each([
    ['[]', 'array'],
    ['42', 'number'],
    ['null', 'null'],
    ['{"type": "Feature"}', 'Feature'],
    ['{"type": "FeatureCollection"}', 'FeatureCollection'],
  ])('reports %s as not a FeatureCollection (type %s)', (text, type) => {
    expect(validateGridImport(text, MAPPING, []).fileProblems).toEqual([{ kind: 'not_feature_collection', detail: { type } }]);
  });

  it('accepts a byte-order mark before the JSON', () => {
    expect(validateGridImport(`\ufeff${fixture('good.geojson')}`, MAPPING, []).summary.good).toBe(4);
  });
});

describe('geometry problems', () => {
  const l1 = { code: 'ZY-09', name: 'x', level: 1 };
  const only = (geometryFeature: unknown): ImportProblem[] => validateGridImport(collection(geometryFeature), MAPPING, []).features[0].problems;

  it.each([
    ['no geometry', { type: 'Feature', properties: l1, geometry: null }, 'missing'],
    ['a point', grid(l1, [113.7, 34.7], 'Point'), 'wrong_type'],
    ['a ring of three positions', grid(l1, [[[113.7, 34.7], [113.71, 34.7], [113.7, 34.7]]]), 'too_few_positions'],
    ['a numeric string', grid(l1, [[[113.7, 34.7], ['113.71', 34.7], [113.71, 34.71], [113.7, 34.7]]]), 'non_numeric'],
    ['a position of one number', grid(l1, [[[113.7], [113.71, 34.7], [113.71, 34.71], [113.7, 34.7]]]), 'bad_position'],
    ['no rings', grid(l1, []), 'empty'],
    ['rings not in arrays', grid(l1, 'nope'), 'malformed'],
    ['only two distinct corners', grid(l1, [[[113.7, 34.7], [113.71, 34.7], [113.7, 34.7], [113.7, 34.7]]]), 'degenerate_ring'],
    ['not a feature', { type: 'Polygon', coordinates: rect(113.7, 34.7, 113.71, 34.71) }, 'not_a_feature'],
  ])('calls %s invalid_geometry (%s)', (_what, f, reason) => {
    const problems = only(f);
    expect(problems.map((p) => p.kind)).toEqual(['invalid_geometry']);
    expect(problems[0].detail.reason).toBe(reason);
  });

  it('treats null, "NaN" and an overflowing 1e999 as NaN coordinates, and counts them', () => {
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"ZY-09","level":1},"geometry":{"type":"Polygon","coordinates":[[[113.7,34.7],[null,34.7],[113.71,"NaN"],[1e999,34.71],[113.7,34.7]]]}}]}`;
    const problems = validateGridImport(text, MAPPING, []).features[0].problems;
    expect(problems).toEqual([{ kind: 'nan_coordinate', detail: { polygon: 0, ring: 0, position: 1, count: 3 } }]);
  });

  it('reports out-of-range degrees without the projected hint', () => {
    const problems = only(grid(l1, rect(179.9, 34.7, 180.1, 34.8)));
    expect(problems).toEqual([
      { kind: 'out_of_range', detail: { lon: 180.1, lat: 34.7, polygon: 0, ring: 0, position: 1, count: 2 } },
    ]);
  });

  it('accepts a grid outside China (no swapped-axis guess for valid coordinates elsewhere)', () => {
    expect(only(grid(l1, rect(2.35, 48.85, 2.36, 48.86)))).toEqual([]);
  });

  it('finds self-intersections in holes and multipolygon parts', () => {
    const shell = rect(113.7, 34.7, 113.72, 34.72)[0];
    const crossingHole = [[113.71, 34.71], [113.73, 34.71], [113.73, 34.715], [113.71, 34.715], [113.71, 34.71]];
    expect(only(grid(l1, [shell, crossingHole])).map((p) => p.kind)).toEqual(['self_intersection']);
    const overlapping = [rect(113.7, 34.7, 113.72, 34.72), rect(113.71, 34.71, 113.73, 34.73)];
    expect(only(grid(l1, overlapping, 'MultiPolygon')).map((p) => p.kind)).toEqual(['self_intersection']);
  });

  it('lists several problems of one feature', () => {
    const f = grid({ name: 'x', level: 9 }, [[[113.7, 34.7], [113.71, 34.7], [113.71, 34.71], [113.7, 34.71]]]);
    expect(only(f).map((p) => p.kind).sort()).toEqual(['invalid_level', 'missing_code', 'unclosed_ring']);
  });

  it('never throws, whatever the file holds', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        validateGridImport(text, MAPPING, []);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.anything()), fc.anything(), (features, coordinates) => {
        const text = JSON.stringify({ type: 'FeatureCollection', features: [...features, grid({ code: 'A', level: 2, parent: 'B' }, coordinates)] }) ?? '';
        const report = validateGridImport(text, INFER, []);
        expect(report.features.length + report.fileProblems.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('codes and levels', () => {
  it('marks every feature sharing a code within the file', () => {
    const r = validateGridImport(collection(grid({ code: 'A', level: 1 }, rect(113.7, 34.7, 113.71, 34.71)), grid({ code: 'A', level: 1 }, rect(113.71, 34.7, 113.72, 34.71))), MAPPING, []);
    expect(r.features.map((f) => f.problems)).toEqual([
      [{ kind: 'duplicate_code', detail: { code: 'A', where: 'file', occurrences: 2, firstIndex: 0 } }],
      [{ kind: 'duplicate_code', detail: { code: 'A', where: 'file', occurrences: 2, firstIndex: 0 } }],
    ]);
  });

  it('refuses codes already stored, and children under such a unit, so nothing stored is overwritten', () => {
    const stored = unit('ZY-04', 1, null, rect(113.65, 34.74, 113.67, 34.76));
    const r = validateAsDialog(fixture('good.geojson'), [stored]);
    expect(r.good).toEqual([]);
    expect(r.features[0].problems).toEqual([
      { kind: 'duplicate_code', detail: { code: 'ZY-04', where: 'existing', occurrences: 1, existingName: 'ZY-04' } },
    ]);
    // The community's parent in the file is bad, and so, in turn, are its grids.
    expect(r.features[1].problems).toEqual([
      { kind: 'missing_parent', detail: { reason: 'parent_bad', parent: 'ZY-04', parentIndex: 0, parentProblem: 'duplicate_code', expectedLevel: 1 } },
    ]);
    for (const f of r.features.slice(2)) {
      expect(f.problems).toEqual([
        { kind: 'missing_parent', detail: { reason: 'parent_bad', parent: 'ZY-04-01', parentIndex: 1, parentProblem: 'missing_parent', expectedLevel: 2 } },
      ]);
    }
  });

  it('reads a missing level as missing and a fixed level for every feature', () => {
    const text = collection(grid({ code: 'A' }, rect(113.7, 34.7, 113.71, 34.71)));
    expect(validateGridImport(text, MAPPING, []).features[0].problems).toEqual([
      { kind: 'invalid_level', detail: { reason: 'missing', value: '', property: 'level' } },
    ]);
    const fixed = validateGridImport(text, { ...MAPPING, level: { fixed: 1 } }, []);
    expect(fixed.good.map((u) => [u.code, u.level])).toEqual([['A', 1]]);
  });

  it('imports dedicated grids at level 3 with their unit type, and refuses them at other levels', () => {
    const text = collection(
      grid({ code: 'C', level: 2, parent: 'S' }, rect(113.7, 34.7, 113.72, 34.72)),
      grid({ code: 'C-Z1', level: 3, parent: 'C', kind: 'dedicated', dedicated_kind: '学校' }, rect(113.7, 34.7, 113.71, 34.71)),
      grid({ code: 'C-01', level: 3, parent: 'C', kind: 'base' }, rect(113.71, 34.7, 113.72, 34.71)),
      grid({ code: 'C-01-01', level: 4, parent: 'C-01', kind: '专属网格' }, rect(113.71, 34.7, 113.72, 34.71)),
    );
    const r = validateGridImport(text, MAPPING, [unit('S', 1, null, rect(113.69, 34.69, 113.73, 34.73))]);
    expect(r.good.map((u) => [u.code, u.kind, u.dedicatedKind])).toEqual([
      ['C', 'base', undefined],
      ['C-Z1', 'dedicated', 'school'],
      ['C-01', 'base', undefined],
    ]);
    expect(r.features[3].problems).toEqual([{ kind: 'invalid_level', detail: { reason: 'dedicated_not_level_3', value: '4' } }]);
  });
});

describe('given parents', () => {
  const S = rect(113.7, 34.7, 113.72, 34.72);
  const problemOf = (text: string, existing: GridUnit[] = []) => validateGridImport(text, MAPPING, existing).features.at(-1)?.problems;

  it('accepts a parent stored already', () => {
    const r = validateGridImport(collection(grid({ code: 'C', level: 2, parent: 'S' }, S)), MAPPING, [unit('S', 1, null, S)]);
    expect(r.good.map((u) => [u.code, u.parentCode])).toEqual([['C', 'S']]);
    expect(r.features[0].parentInferred).toBe(false);
  });

  it('reports a parent that is nowhere, one of the wrong level, and none at all', () => {
    expect(problemOf(collection(grid({ code: 'C', level: 2, parent: 'S' }, S)))).toEqual([
      { kind: 'missing_parent', detail: { reason: 'not_found', parent: 'S', expectedLevel: 1 } },
    ]);
    const wrong = collection(grid({ code: 'S', level: 1 }, S), grid({ code: 'G', level: 3, parent: 'S' }, S));
    expect(problemOf(wrong)).toEqual([{ kind: 'missing_parent', detail: { reason: 'wrong_level', parent: 'S', parentLevel: 1, expectedLevel: 2 } }]);
    expect(problemOf(collection(grid({ code: 'G', level: 3, parent: 'S' }, S)), [unit('S', 1, null, S)])).toEqual([
      { kind: 'missing_parent', detail: { reason: 'wrong_level', parent: 'S', parentLevel: 1, expectedLevel: 2 } },
    ]);
    expect(problemOf(collection(grid({ code: 'C', level: 2, parent: '' }, S)))).toEqual([
      { kind: 'missing_parent', detail: { reason: 'none_given', property: 'parent', expectedLevel: 1 } },
    ]);
  });

  it('ignores a parent given to a sub-district (level 1 has none)', () => {
    const r = validateGridImport(collection(grid({ code: 'S', level: 1, parent: '410102' }, S)), MAPPING, []);
    expect(r.good.map((u) => u.parentCode)).toEqual([null]);
  });

  it('orders good units parents first, whatever the file order', () => {
    const text = collection(
      grid({ code: 'G', level: 3, parent: 'C' }, S),
      grid({ code: 'C', level: 2, parent: 'S' }, S),
      grid({ code: 'S', level: 1 }, S),
    );
    expect(codesOf(validateGridImport(text, MAPPING, []).good)).toEqual(['S', 'C', 'G']);
  });
});

describe('parents by containment', () => {
  const S1 = rect(113.7, 34.7, 113.72, 34.72);
  const S2 = rect(113.72, 34.7, 113.74, 34.72);

  it('picks the unit one level up that holds the child, from the file or from storage', () => {
    const text = collection(grid({ code: 'S1', level: 1 }, S1), grid({ code: 'C1', level: 2 }, rect(113.701, 34.701, 113.71, 34.71)), grid({ code: 'C2', level: 2 }, rect(113.73, 34.701, 113.739, 34.71)));
    const r = validateGridImport(text, INFER, [unit('S2', 1, null, S2)]);
    expect(r.features.map((f) => [f.code, f.parentCode, f.parentInferred])).toEqual([
      ['S1', null, false],
      ['C1', 'S1', true],
      ['C2', 'S2', true],
    ]);
  });

  it('picks the larger overlap for a straddler holding at least 90% in one unit', () => {
    // 95% of the child lies in S1, 5% in S2.
    const child = rect(113.701, 34.71, 113.721, 34.711);
    const r = validateGridImport(collection(grid({ code: 'S1', level: 1 }, S1), grid({ code: 'S2', level: 1 }, S2), grid({ code: 'C', level: 2 }, child)), INFER, []);
    expect(r.features[2].parentCode).toBe('S1');
  });

  it('reports a child no unit holds 90% of, naming the nearest', () => {
    // Half in S1, half in S2.
    const child = rect(113.71, 34.71, 113.73, 34.711);
    const r = validateGridImport(collection(grid({ code: 'S1', level: 1 }, S1), grid({ code: 'S2', level: 1 }, S2), grid({ code: 'C', level: 2 }, child)), INFER, []);
    const problem = r.features[2].problems[0];
    expect(problem.kind).toBe('missing_parent');
    expect(problem.detail.reason).toBe('no_container');
    expect(problem.detail.expectedLevel).toBe(1);
    expect(Number(problem.detail.nearestPercent)).toBeCloseTo(50, 0);
  });

  it('reports a child that lies in no unit at all', () => {
    const r = validateGridImport(collection(grid({ code: 'C', level: 2 }, S1)), INFER, []);
    expect(r.features[0].problems).toEqual([{ kind: 'missing_parent', detail: { reason: 'no_container', expectedLevel: 1 } }]);
  });

  it('calls a child whose container is a bad feature bad too', () => {
    const text = collection(grid({ code: 'S1', level: 1, name: 'a' }, S1), grid({ code: 'S1', level: 1, name: 'b' }, S2), grid({ code: 'C', level: 2 }, rect(113.701, 34.701, 113.71, 34.71)));
    expect(validateGridImport(text, INFER, []).features[2].problems).toEqual([
      { kind: 'missing_parent', detail: { reason: 'parent_bad', parent: 'S1', parentIndex: 0, parentProblem: 'duplicate_code', expectedLevel: 1 } },
    ]);
  });
});

describe('coordinate systems', () => {
  it('converts good geometry from the source system to WGS-84, dropping altitude', () => {
    const ring = [[113.7, 34.7, 80], [113.71, 34.7, 80], [113.71, 34.71, 80], [113.7, 34.71, 80], [113.7, 34.7, 80]];
    const r = validateGridImport(collection(grid({ code: 'S', level: 1 }, [ring])), MAPPING, [], 'gcj02');
    const flat: Polygon = { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x, y])] };
    expect(r.good[0].geometry).toEqual(convertGeometry(flat, 'gcj02', 'wgs84'));
  });

  it('keeps MultiPolygons as MultiPolygons', () => {
    const r = validateGridImport(collection(grid({ code: 'S', level: 1 }, [rect(113.7, 34.7, 113.71, 34.71), rect(113.72, 34.7, 113.73, 34.71)], 'MultiPolygon')), MAPPING, [], 'bd09');
    expect(r.good[0].geometry.type).toBe('MultiPolygon');
    expect((r.good[0].geometry as MultiPolygon).coordinates).toHaveLength(2);
  });
});

describe('speed', () => {
  /** 1 sub-district, 10 communities, 90 grids, 900 micro-grids: 1,001 features of 33 vertices. */
  function bigFile(): string {
    const densified = (x0: number, y0: number, x1: number, y1: number): Position[][] => {
      const corners = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
      const ring: Position[] = [];
      for (let i = 0; i < 4; i++) {
        const [a, b] = [corners[i], corners[(i + 1) % 4]];
        for (let j = 0; j < 8; j++) ring.push([a[0] + ((b[0] - a[0]) * j) / 8, a[1] + ((b[1] - a[1]) * j) / 8]);
      }
      ring.push(ring[0]);
      return [ring];
    };
    const features: Feature[] = [];
    const add = (code: string, level: number, parent: string, g: Position[][]) =>
      features.push({ type: 'Feature', properties: { code, level, parent }, geometry: { type: 'Polygon', coordinates: g } });
    const [X, Y, W, H] = [113.65, 34.74, 0.05, 0.04];
    add('ZY-05', 1, '', densified(X, Y, X + W, Y + H));
    for (let a = 0; a < 10; a++) {
      const [x0, x1] = [X + (W * a) / 10, X + (W * (a + 1)) / 10];
      add(`ZY-05-${a}`, 2, 'ZY-05', densified(x0, Y, x1, Y + H));
      for (let b = 0; b < 9; b++) {
        const [y0, y1] = [Y + (H * b) / 9, Y + (H * (b + 1)) / 9];
        add(`ZY-05-${a}-${b}`, 3, `ZY-05-${a}`, densified(x0, y0, x1, y1));
        for (let c = 0; c < 10; c++) {
          add(`ZY-05-${a}-${b}-${c}`, 4, `ZY-05-${a}-${b}`, densified(x0 + ((x1 - x0) * c) / 10, y0, x0 + ((x1 - x0) * (c + 1)) / 10, y1));
        }
      }
    }
    return JSON.stringify({ type: 'FeatureCollection', features });
  }

  it('validates 1,001 features well under a second, with given and with inferred parents', () => {
    const text = bigFile();
    for (const mapping of [MAPPING, INFER]) {
      const start = performance.now();
      const r = validateGridImport(text, mapping, []);
      const ms = performance.now() - start;
      expect(r.summary).toMatchObject({ total: 1001, good: 1001 });
      // Measured at 30–150 ms on a shared 2-core machine; the margin absorbs a busy neighbour.
      expect(ms).toBeLessThan(1000);
    }
    const inferred = validateGridImport(text, INFER, []);
    const given = validateGridImport(text, MAPPING, []);
    expect(inferred.good.map((u) => u.parentCode)).toEqual(given.good.map((u) => u.parentCode));
  });
});
