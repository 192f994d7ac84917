import { describe, expect, it } from 'vitest';
import { describeProblem } from './describe';

describe('describeProblem', () => {
  it('fills in the details a translator would get', () => {
    expect(describeProblem({ kind: 'duplicate_code', detail: { code: 'ZY-04', where: 'existing', occurrences: 1, existingName: '建新街道' } })).toBe(
      'Code ZY-04 is already used by the stored grid 建新街道; stored grids are never overwritten.',
    );
    expect(describeProblem({ kind: 'duplicate_code', detail: { code: 'ZY-09', where: 'file', occurrences: 3, firstIndex: 4 } })).toBe(
      'Code ZY-09 appears 3 times in this file (first in feature 5).',
    );
    expect(describeProblem({ kind: 'missing_parent', detail: { reason: 'wrong_level', parent: 'ZY-04', parentLevel: 1, expectedLevel: 2 } })).toBe(
      'Parent ZY-04 is level 1, but the parent must be level 2.',
    );
  });

  it('counts rings, holes and positions from 1 for people', () => {
    expect(describeProblem({ kind: 'unclosed_ring', detail: { polygon: 1, ring: 2, count: 1 } })).toBe(
      'A ring is not closed: its last position must repeat its first (hole 2 of part 2); 1 ring(s) affected.',
    );
    expect(describeProblem({ kind: 'invalid_geometry', detail: { reason: 'non_numeric', polygon: 0, ring: 0, position: 0 } })).toBe(
      'A coordinate is not a number (position 1 of the outer ring).',
    );
  });

  it('rounds coordinates to 6 decimals and explains projected metres', () => {
    expect(describeProblem({ kind: 'self_intersection', detail: { lon: 113.705, lat: 34.745000000000005, polygon: 0, ring: 0 } })).toContain('near 113.705, 34.745 ');
    expect(describeProblem({ kind: 'out_of_range', detail: { lon: 38563000, lat: 3846000, polygon: 0, ring: 0, position: 0, count: 5, hint: 'projected' } })).toMatch(
      /projected system/,
    );
  });

  it('names the nearest candidate when no unit contains a child', () => {
    const text = describeProblem({ kind: 'missing_parent', detail: { reason: 'no_container', expectedLevel: 2, nearest: 'ZY-04-01', nearestPercent: 62.5 } });
    expect(text).toContain('ZY-04-01 with 62.5%');
  });
});
