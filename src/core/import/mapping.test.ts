import { describe, expect, it } from 'vitest';
import { guessMapping, listProperties, readCode, readDedicatedKind, readKind, readLevel } from './mapping';
import type { PropertyInfo } from './types';

const keys = (...names: string[]): PropertyInfo[] => names.map((key) => ({ key, samples: [], count: 1 }));

describe('listProperties', () => {
  const collection = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { code: 'A', level: 1, note: null }, geometry: null },
      { type: 'Feature', properties: { code: 'B', level: 2, extra: { deep: true } }, geometry: null },
      { type: 'Feature', properties: { code: 'C', level: 2 }, geometry: null },
      { type: 'Feature', properties: { code: 'D', level: 3 }, geometry: null },
      { type: 'Feature', properties: null, geometry: null },
    ],
  };

  it('lists keys in order of first appearance with counts and up to 3 distinct samples', () => {
    expect(listProperties(collection)).toEqual([
      { key: 'code', samples: ['A', 'B', 'C'], count: 4 },
      { key: 'level', samples: ['1', '2', '3'], count: 4 },
      { key: 'note', samples: [], count: 1 },
      { key: 'extra', samples: ['{"deep":true}'], count: 1 },
    ]);
  });

  it('accepts the JSON text too, with a byte-order mark', () => {
    expect(listProperties(`\ufeff${JSON.stringify(collection)}`).map((p) => p.key)).toEqual(['code', 'level', 'note', 'extra']);
  });

  it('gives nothing for anything that is not a collection', () => {
    expect(listProperties(null)).toEqual([]);
    expect(listProperties('{not json')).toEqual([]);
    expect(listProperties({ type: 'Feature', properties: { code: 'A' } })).toEqual([]);
    expect(listProperties([1, 2])).toEqual([]);
  });
});

describe('guessMapping', () => {
  it.each([
    [['code', 'name', 'level', 'parent'], { code: 'code', name: 'name', level: { property: 'level' }, parent: 'parent' }],
    [['编码', '名称', '层级', '上级编码'], { code: '编码', name: '名称', level: { property: '层级' }, parent: '上级编码' }],
    [['CODE', 'NAME', 'LEVEL', 'parentCode'], { code: 'CODE', name: 'NAME', level: { property: 'LEVEL' }, parent: 'parentCode' }],
    [['grid_code', 'Name', 'level', 'parent_code'], { code: 'grid_code', name: 'Name', level: { property: 'level' }, parent: 'parent_code' }],
    [['gridCode', '名称', '上级'], { code: 'gridCode', name: '名称', level: { fixed: 3 }, parent: '上级' }],
  ])('maps %j', (names, expected) => {
    expect(guessMapping(keys(...names))).toMatchObject(expected);
  });

  it('finds kind and dedicated kind, including the export’s own names', () => {
    expect(guessMapping(keys('code', 'kind', 'dedicated_kind'))).toMatchObject({ kind: 'kind', dedicatedKind: 'dedicated_kind' });
    expect(guessMapping(keys('编码', '类型'))).toMatchObject({ kind: '类型', dedicatedKind: null });
  });

  it('prefers the most telling name when several match', () => {
    // `type` is only a weak hint for the kind; `kind` wins wherever it appears.
    expect(guessMapping(keys('type', 'kind')).kind).toBe('kind');
    expect(guessMapping(keys('编号', 'code')).code).toBe('code');
  });

  it('falls back to code, no name, level 3 and containment when nothing matches', () => {
    expect(guessMapping(keys('foo', 'bar'))).toEqual({
      code: 'code',
      name: null,
      level: { fixed: 3 },
      parent: null,
      kind: null,
      dedicatedKind: null,
    });
  });
});

describe('value readers', () => {
  it('reads codes from trimmed strings and whole numbers', () => {
    expect(readCode(' ZY-04 ')).toBe('ZY-04');
    expect(readCode(410102001)).toBe('410102001');
    expect(readCode('  ')).toBeNull();
    expect(readCode(null)).toBeNull();
    expect(readCode(Number.NaN)).toBeNull();
    expect(readCode({ code: 'x' })).toBeNull();
  });

  it('reads levels 1–4 from numbers, digit strings and Chinese numerals', () => {
    expect(readLevel(3)).toBe(3);
    expect(readLevel('2')).toBe(2);
    expect(readLevel('4级')).toBe(4);
    expect(readLevel('三级')).toBe(3);
    expect(readLevel('一级网格')).toBe(1);
    expect(readLevel(5)).toBeNull();
    expect(readLevel(0)).toBeNull();
    expect(readLevel(2.5)).toBeNull();
    expect(readLevel('five')).toBeNull();
    expect(readLevel(null)).toBeNull();
  });

  it("reads the kind: 'dedicated' or any truthy value is dedicated, false-like values are base", () => {
    for (const v of ['dedicated', '专属网格', '专属', true, 1, 'yes', 'something else']) expect(readKind(v).kind).toBe('dedicated');
    for (const v of ['base', '基础网格', '', 'false', '0', 0, false, null, undefined]) expect(readKind(v).kind).toBe('base');
    expect(readKind('学校')).toEqual({ kind: 'dedicated', dedicatedKind: 'school' });
    expect(readKind('hospital')).toEqual({ kind: 'dedicated', dedicatedKind: 'hospital' });
  });

  it('reads dedicated unit types by id or Chinese name', () => {
    expect(readDedicatedKind('enterprise_park')).toBe('enterprise_park');
    expect(readDedicatedKind('工地')).toBe('construction_site');
    expect(readDedicatedKind('农贸市场网格')).toBe('market');
    expect(readDedicatedKind('zoo')).toBeUndefined();
  });
});
