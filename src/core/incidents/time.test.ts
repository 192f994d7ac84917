import { describe, expect, it } from 'vitest';
import { addHours, formatIso, offsetMinutesOf, parseIso } from './time';

describe('time helpers', () => {
  it('parses ISO times with offsets only', () => {
    expect(parseIso('2024-05-01T08:00:00+08:00')).toBe(Date.UTC(2024, 4, 1, 0, 0));
    expect(parseIso('2024-05-01T00:00:00Z')).toBe(Date.UTC(2024, 4, 1));
    expect(parseIso('2024-05-01T08:00:00')).toBeNull();
    expect(parseIso('yesterday')).toBeNull();
  });

  it('reads offsets', () => {
    expect(offsetMinutesOf('2024-05-01T08:00:00+08:00')).toBe(480);
    expect(offsetMinutesOf('2024-05-01T08:00:00-03:30')).toBe(-210);
    expect(offsetMinutesOf('2024-05-01T08:00:00Z')).toBe(0);
  });

  it('formats in an offset, with milliseconds only when there are some', () => {
    expect(formatIso(Date.UTC(2024, 4, 1, 0, 0), 480)).toBe('2024-05-01T08:00:00+08:00');
    expect(formatIso(Date.UTC(2024, 4, 1, 0, 0, 0, 250), 0)).toBe('2024-05-01T00:00:00.250Z');
    expect(formatIso(Date.UTC(2024, 4, 1, 0, 0), -210)).toBe('2024-04-30T20:30:00-03:30');
  });

  it('adds hours keeping the offset, across days and months', () => {
    expect(addHours('2024-05-31T20:00:00+08:00', 5)).toBe('2024-06-01T01:00:00+08:00');
    expect(addHours('2024-05-01T08:00:00+08:00', 0.5)).toBe('2024-05-01T08:30:00+08:00');
    expect(addHours('2024-05-01T08:00:00Z', -1)).toBe('2024-05-01T07:00:00Z');
    expect(addHours('bad', 1)).toBeNull();
  });
});
