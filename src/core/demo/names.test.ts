import { describe, expect, it } from 'vitest';
import { chineseNumeral, mobileNumber, personName, UniquePicker } from './names';
import { createRng } from './rng';

describe('chineseNumeral', () => {
  it.each([
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [35, '三十五'],
    [99, '九十九'],
  ])('writes %i as %s', (n, text) => {
    expect(chineseNumeral(n)).toBe(text);
  });

  it('refuses numbers it cannot write', () => {
    expect(() => chineseNumeral(0)).toThrow();
    expect(() => chineseNumeral(100)).toThrow();
    expect(() => chineseNumeral(1.5)).toThrow();
  });
});

describe('people', () => {
  it('never repeats a name or a phone number', () => {
    const rng = createRng(11);
    const names = new Set<string>();
    const phones = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      personName(rng, names);
      mobileNumber(rng, phones);
    }
    expect(names.size).toBe(2_000);
    expect(phones.size).toBe(2_000);
    for (const phone of phones) expect(phone).toMatch(/^1[358]\d{9}$/);
    for (const name of names) expect(name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
  });
});

describe('UniquePicker', () => {
  it('uses the pool once, then numbered fallbacks, never a reserved name', () => {
    const picker = new UniquePicker(createRng(1), ['甲', '乙', '乙']);
    picker.reserve('丙1');
    const picked = Array.from({ length: 4 }, () => picker.next((n) => `丙${n}`));
    expect(picked.slice(0, 2).sort()).toEqual(['乙', '甲']);
    expect(picked.slice(2)).toEqual(['丙2', '丙3']);
  });
});
