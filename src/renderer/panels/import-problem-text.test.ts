import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { problemText } from './import-problem-text';

const zh = createI18n('zh').t;
const en = createI18n('en').t;

describe('problemText', () => {
  it('interpolates details and counts indexes from 1', () => {
    const p = { kind: 'self_intersection' as const, detail: { lon: 113.6, lat: 34.7, polygon: 0, ring: 0 } };
    expect(zh(`import.problem.self_intersection`, {})).toContain('自相交');
    expect(problemText(p, zh)).toBe('边界自相交（约在 113.6, 34.7，第 1 个多边形第 1 环）');
    expect(problemText(p, en)).toContain('ring 1 of polygon 1');
  });

  it('picks the variant of the reason, where or hint', () => {
    expect(problemText({ kind: 'duplicate_code', detail: { code: 'ZY-03', where: 'existing', occurrences: 1, existingName: '建设路街道' } }, zh)).toBe(
      '编码 ZY-03 已存在（建设路街道）',
    );
    expect(problemText({ kind: 'duplicate_code', detail: { code: 'A', where: 'file', occurrences: 2, firstIndex: 0 } }, en)).toBe(
      'Code A appears 2 times in the file (first in feature 1)',
    );
    expect(problemText({ kind: 'out_of_range', detail: { lon: 500000, lat: 3800000, count: 5, hint: 'projected' } }, en)).toContain('projected metres');
    expect(problemText({ kind: 'invalid_geometry', detail: { reason: 'wrong_type', type: 'Point' } }, zh)).toBe(
      '几何类型为 Point，应为 Polygon 或 MultiPolygon',
    );
  });

  it('names the parent problem and the nearest candidate', () => {
    const text = problemText(
      { kind: 'missing_parent', detail: { reason: 'parent_bad', expectedLevel: 2, parent: 'ZY-04-01', parentIndex: 3, parentProblem: 'self_intersection' } },
      zh,
    );
    expect(text).toBe('上级 ZY-04-01（第 4 个要素）本身有问题：自相交');
    const nearest = problemText(
      { kind: 'missing_parent', detail: { reason: 'no_container', expectedLevel: 3, nearest: 'ZY-03-01-02', nearestPercent: 71 } },
      en,
    );
    expect(nearest).toBe('No level 3 grid contains it (closest: ZY-03-01-02, 71% inside)');
  });

  it('falls back to the plain message for an unknown reason, and shows ? for a missing detail', () => {
    expect(problemText({ kind: 'invalid_geometry', detail: { reason: 'something_new' } }, en)).toBe('Invalid geometry');
    expect(problemText({ kind: 'missing_code', detail: {} }, en)).toBe('No code (property ? is empty)');
  });
});
