import { describe, expect, it } from 'vitest';
import { createRng, hash32 } from './rng';

const draw = (seed: number, n = 20): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('createRng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws floats in [0, 1) spread over the range', () => {
    const values = draw(7, 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('draws integers with both ends included', () => {
    const rng = createRng(1);
    const seen = new Set(Array.from({ length: 2_000 }, () => rng.int(3, 7)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('never picks a zero-weight entry', () => {
    const rng = createRng(2);
    for (let i = 0; i < 1_000; i++) expect(rng.weighted([['a', 1], ['b', 0], ['c', 3]])).not.toBe('b');
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = Array.from({ length: 30 }, (_, i) => i);
    const copy = input.slice();
    const out = createRng(5).shuffle(input);
    expect(input).toEqual(copy);
    expect(out.slice().sort((a, b) => a - b)).toEqual(input);
    expect(out).not.toEqual(input);
  });

  it('forks streams that do not depend on how much the parent has drawn', () => {
    const a = createRng(9);
    const b = createRng(9);
    for (let i = 0; i < 17; i++) b.next();
    expect(a.fork('x').next()).toBe(b.fork('x').next());
    expect(a.fork('x').next()).not.toBe(a.fork('y').next());
  });
});

describe('hash32', () => {
  it('is an unsigned 32-bit value, stable and sensitive to every character', () => {
    const h = hash32('st-0001:speed');
    expect(Number.isInteger(h)).toBe(true);
    expect(h).toBeGreaterThanOrEqual(0);
    expect(h).toBeLessThan(2 ** 32);
    expect(hash32('st-0001:speed')).toBe(h);
    expect(hash32('st-0002:speed')).not.toBe(h);
    expect(hash32('st-0001:phase')).not.toBe(h);
  });
});
