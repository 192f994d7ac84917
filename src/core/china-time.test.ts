import { describe, expect, it } from 'vitest';
import { chinaDay, chinaDayStart, chinaDayStartMs, chinaIso, chinaWallClock, chinaWeekStart } from './china-time';

describe('China time', () => {
  it('starts the day at 00:00 +08:00, while UTC is still on the day before', () => {
    const early = Date.parse('2026-11-23T00:10:00+08:00');
    expect(chinaDayStart(early)).toBe(Date.parse('2026-11-23T00:00:00+08:00'));
    expect(chinaDayStartMs(chinaDay(early))).toBe(chinaDayStart(early));
    expect(chinaDay(Date.parse('2026-11-22T23:59:59+08:00')) + 1).toBe(chinaDay(early));
  });

  it('starts the week on Monday', () => {
    expect(chinaWeekStart(Date.parse('2026-11-22T15:00:00+08:00'))).toBe(Date.parse('2026-11-16T00:00:00+08:00')); // a Sunday
    expect(chinaWeekStart(Date.parse('2026-11-23T00:00:00+08:00'))).toBe(Date.parse('2026-11-23T00:00:00+08:00')); // a Monday
  });

  it('writes the wall clock and ISO with the offset', () => {
    const ms = Date.parse('2026-11-22T01:30:05Z');
    expect(chinaWallClock(ms)).toBe('2026-11-22T09:30:05');
    expect(chinaIso(ms)).toBe('2026-11-22T09:30:05+08:00');
    expect(Date.parse(chinaIso(ms))).toBe(ms);
  });
});
