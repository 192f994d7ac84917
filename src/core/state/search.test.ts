import { describe, expect, it } from 'vitest';
import { tinyDistrict } from './__fixtures__/tiny-district';
import { normaliseQuery, searchGrids } from './search';

const district = tinyDistrict();
const codes = (query: string, limit?: number): string[] => searchGrids(district, query, limit).map((r) => r.code);

describe('searchGrids', () => {
  it('finds nothing for an empty or blank query, or without a district', () => {
    expect(searchGrids(district, '')).toEqual([]);
    expect(searchGrids(district, '   ')).toEqual([]);
    expect(searchGrids(null, 'ZY')).toEqual([]);
  });

  it('puts the exact code first, then code prefixes by level', () => {
    expect(codes('ZY-01-01')).toEqual([
      'ZY-01-01',
      'ZY-01-01-01',
      'ZY-01-01-02',
      'ZY-01-01-03',
      'ZY-01-01-Z1',
      'ZY-01-01-01-01',
      'ZY-01-01-01-02',
      'ZY-01-01-01-03',
    ]);
    expect(searchGrids(district, 'ZY-01-01')[0].match).toBe('exact');
  });

  it('ignores case and folds full-width input', () => {
    expect(codes('zy-01-02')[0]).toBe('ZY-01-02');
    expect(codes('ＺＹ－０１－０２')[0]).toBe('ZY-01-02');
    expect(normaliseQuery(' ｚｙ－０１ ')).toBe('ZY-01');
  });

  it('finds Chinese names containing the query, earlier hits and shorter names first', () => {
    expect(codes('锦华社区第一网格')).toEqual([
      'ZY-01-01-01',
      'ZY-01-01-01-01',
      'ZY-01-01-01-02',
      'ZY-01-01-01-03',
    ]);
    // 锦华社区 starts the name of the community, so it beats names that merely contain it.
    expect(codes('锦华')[0]).toBe('ZY-01-01');
    expect(codes('专属')).toEqual(['ZY-01-01-Z1']);
    expect(searchGrids(district, '文化宫')[0]).toMatchObject({ code: 'ZY-01-02', name: '文化宫社区', level: 2, match: 'name' });
  });

  it('ranks code matches above name matches, and code-contains last', () => {
    const results = searchGrids(district, '01-03');
    expect(results.map((r) => r.match)).toEqual(['code_contains', 'code_contains']);
    expect(results.map((r) => r.code)).toEqual(['ZY-01-01-03', 'ZY-01-01-01-03']);
  });

  it('respects the limit and lists each grid once', () => {
    expect(codes('ZY', 3)).toEqual(['ZY-01', 'ZY-01-01', 'ZY-01-02']);
    const all = codes('ZY', 100);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(district.grids.length);
    expect(codes('ZY', 0)).toEqual([]);
  });
});
